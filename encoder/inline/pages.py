"""Archival page numbers: ``[15]`` → ``<pb n="15" type="folio"/>``.

A bracketed number is a page only when it can be one::

    …and others...[15]          cited as listy 14-27 → page 15
    ...[18]                     a block of its own → page 18
    [1] would like              cited as pages 70-79 → not a page (OCR for "[I]")
    No. [311]                   outside the range → not a page
    (p. 3)                      an explicit page marker → <pb n="3" type="folio" rend="p-parenthesized"/>

With a cited folio range, the number must lie inside it and come after the
last page seen (pages ascend). Without one, only a number standing at the start
or end of a block, or right after an omission mark, is taken as a page, with
``cert="low"``, and the decision goes to the review report.
"""

from __future__ import annotations

import re

from encoder import patterns
from encoder.inline.brackets import BracketPair, BracketShape
from encoder.inline.core import BlockContext, Construct, leaf
from encoder.model import PageBreak

_BRACKETED_NUMBER = patterns.compile(r"\d{1,4}")  # fullmatched: the content of a bracket
_YEAR = patterns.compile(r"1[6-9]\d\d|20\d\d")
PRIORITY = 90
CLAIMS: frozenset[BracketShape] = frozenset({"number"})  # a bracketed page is one to four digits


def _report_out_of_order(context: BlockContext, start: int, end: int) -> None:
    context.decide(
        "page-order",
        start,
        end,
        "not a page",
        alternatives=("page break",),
        confidence="low",
        message=f"{context.text[start:end]} does not come after page {context.state.last_folio}",
    )


_NOTHING_BUT_PUNCTUATION_AFTER = patterns.compile(r"[ .,;]*\Z")


def _stands_alone(text: str, pair: BracketPair) -> bool:
    """The bracket opens its block, follows an omission mark, or ends its block (but for `` .,;``).

    Read where the bracket is, without copying the text before and after it: a copy for
    every bracketed number made a long paragraph of them quadratic.
    """
    before_end = pair.open  # where text[: pair.open].rstrip() would end
    while before_end and text[before_end - 1].isspace():
        before_end -= 1
    return (
        before_end == 0
        or text.endswith(("...", "…"), 0, before_end)
        or _NOTHING_BUT_PUNCTUATION_AFTER.match(text, pair.end) is not None
    )


def classify(pair: BracketPair, context: BlockContext) -> Construct | None:
    content = pair.content
    if pair.double or not _BRACKETED_NUMBER.fullmatch(content):
        return None
    number = int(content)
    if number == 0 or content.startswith("0"):
        return None  # "[0]", "[05]": no page is numbered so
    state = context.state
    ascending = state.last_folio is None or number > state.last_folio
    if state.folio_from is not None and state.folio_to is not None:
        if not state.folio_from <= number <= state.folio_to:
            return None
        if not ascending:
            _report_out_of_order(context, pair.open, pair.end)
            return None
        state.last_folio = number
        return leaf(pair.open, pair.end, PageBreak(n=content), priority=PRIORITY, kind="page")
    if _YEAR.fullmatch(content) or not ascending:
        return None  # "June [1962]": without a folio range a year is no page
    if not _stands_alone(context.text, pair):
        return None
    state.last_folio = number
    context.decide(
        "page",
        pair.open,
        pair.end,
        "page break (cert=low)",
        alternatives=("supplied number", "note reference"),
        confidence="low",
        message="no folio range in the citation; taken as a page because it stands alone",
    )
    return leaf(pair.open, pair.end, PageBreak(n=content, cert="low"), priority=PRIORITY, kind="page")


_PARENTHESIZED = patterns.compile(r"\(p\. ([1-9]\d{0,3})\)")  # no page is numbered 0 or 05


# (?<!\S)\d{1,4}(?!\S), begun with a digit (the lookbehind after it) so that the engine skips to digits.
_NUMBER = patterns.compile(r"\d(?<!\S\d)\d{0,3}(?!\S)")


def scan_page_lines(context: BlockContext) -> list[Construct]:
    """A page number that a PDF left on a line of its own inside a hard-wrapped paragraph.

    :mod:`encoder.layout` keeps such a line in its paragraph and records where it is;
    here it becomes the page break, between the words it falls between.
    """
    state = context.state
    if not state.inline_page_lines:
        return []
    from encoder.structure import page_break  # structure builds on the inline rules

    constructs: list[Construct] = []
    for match in _NUMBER.finditer(context.text):
        offset = context.mapped.offset(match.start())
        if offset not in state.inline_page_lines:
            continue
        page = page_break(int(match.group()), "bare", state, offset, match.group())
        if page is not None:
            constructs.append(leaf(match.start(), match.end(), page, priority=PRIORITY, kind="page"))
    return constructs


def page_markers(text: str) -> list[re.Match[str]]:
    """Every ``(p. 3)`` in a block; :func:`classify_marker` decides each in text order."""
    if "(p. " not in text:
        return []  # the pattern begins with these four characters: no marker without them
    return list(_PARENTHESIZED.finditer(text))


def classify_marker(marker: re.Match[str], context: BlockContext) -> Construct | None:
    """``(p. 3)``: the transcript says in words that a page begins (if pages ascend)."""
    number = int(marker.group(1))
    state = context.state
    if state.last_folio is not None and number <= state.last_folio:
        _report_out_of_order(context, marker.start(), marker.end())
        return None
    outside = state.folio_from is not None and not (state.folio_from <= number <= (state.folio_to or number))
    if outside:
        # A page of the typescript or its translation, not a folio of the archival file.
        page = PageBreak(n=marker.group(1), rend="p-parenthesized", type="page")
        return leaf(marker.start(), marker.end(), page, priority=PRIORITY, kind="page")
    state.last_folio = number
    page = PageBreak(n=marker.group(1), rend="p-parenthesized")
    return leaf(marker.start(), marker.end(), page, priority=PRIORITY, kind="page")
