"""Omissions by the editor → ``<gap reason="omitted" rend="…"/>``.

``rend`` keeps the marker's form so that the round trip writes it back::

    ...        rend="ellipsis"                 [...]   rend="bracketed-ellipsis"
    …          rend="ellipsis-char"            […]     rend="bracketed-ellipsis-char"
                                               [….]    rend="bracketed-ellipsis-dots"

A bracketed mark is certain. A bare ellipsis inside a sentence may be the
original's own punctuation: it is encoded as an omission too, and reported
unless it opens the block or stands before a page number.
"""

from __future__ import annotations

from encoder import patterns
from encoder.inline.brackets import BracketPair, BracketShape
from encoder.inline.core import BlockContext, Construct, leaf
from encoder.model import Gap

BRACKETED_FORMS = {
    "...": "bracketed-ellipsis",
    "…": "bracketed-ellipsis-char",
    "….": "bracketed-ellipsis-dots",
}
BARE_FORMS = {"...": "ellipsis", "…": "ellipsis-char"}
MARKER_FOR_REND = {rend: f"[{form}]" for form, rend in BRACKETED_FORMS.items()} | {
    rend: form for form, rend in BARE_FORMS.items()
}
_BARE = patterns.compile(r"\.\.\.|…")
_CLOSES_BRACKET = patterns.compile(r"\.?\]")
_BEFORE_BRACKET = patterns.compile(r"\s*\[")  # what follows the mark opens a bracket (a page number)
PRIORITY = 80
CLAIMS: frozenset[BracketShape] = frozenset({"other"})  # "...", "…", "….": neither a letter nor a digit first


def classify(pair: BracketPair, context: BlockContext) -> Construct | None:
    rend = BRACKETED_FORMS.get(pair.content)
    if rend is None or pair.double:
        return None
    return leaf(pair.open, pair.end, Gap(reason="omitted", rend=rend), priority=PRIORITY, kind="omission")


def scan(context: BlockContext) -> list[Construct]:
    constructs: list[Construct] = []
    if "..." not in context.text and "…" not in context.text:
        return constructs  # _BARE matches nothing else: most paragraphs are done with two searches
    # Where the block's text begins, found once: slicing the text before every
    # mark made a paragraph of thousands of marks quadratic.
    text_begins = len(context.text) - len(context.text.lstrip())
    for match in _BARE.finditer(context.text):
        start, end = match.span()
        if context.text[start - 1 : start] == "[" and _CLOSES_BRACKET.match(context.text, end):
            continue  # the mark of a bracketed omission, which its bracket rule encodes
        if start <= text_begins or _BEFORE_BRACKET.match(context.text, end):
            pass  # opening the block or before a page number: an omission for sure
        else:
            context.decide(
                "omission",
                start,
                end,
                "gap (omitted)",
                alternatives=("ellipsis of the original",),
                message="a bare ellipsis inside the text; check that it marks an omission",
            )
        gap = Gap(reason="omitted", rend=BARE_FORMS[match.group()])
        constructs.append(leaf(start, end, gap, priority=PRIORITY - 1, kind="omission"))
    return constructs
