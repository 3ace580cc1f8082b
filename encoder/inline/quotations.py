"""Balanced quotations → ``<q rend="…">``; an unbalanced quote stays a character.

::

    "general line"     → <q rend="straight">general line</q>
    “victory song”     → <q rend="curly">…</q>          ‘victory song’ → rend="curly-single"
    'independent line' → <q rend="single">…</q>          (CP's, Workers' stay apostrophes)

A straight quote opens when it follows a space, a bracket or the block start
and precedes a non-space; it closes when it follows a non-space. Quotes left
without a partner are reported as possible slips (``"Soviet revisionism``).
"""

from __future__ import annotations

from dataclasses import dataclass

from encoder.inline.core import QUOTATION, BlockContext, Construct, Parts
from encoder.model import Inline, Quote
from encoder.vocabulary import QuoteRend

PRIORITY = 5


@dataclass(frozen=True, slots=True)
class _Style:
    rend: QuoteRend
    opening: str
    closing: str


_STYLES = (
    _Style("straight", '"', '"'),
    _Style("curly", "“", "”"),
    _Style("curly-single", "‘", "’"),
    _Style("single", "'", "'"),
)
# The characters before a quotation mark that let it open one: the block's start, white space
# (str.isspace is what \s matches), an opening bracket or a dash.
_OPENS_AFTER = "([—–-"


def _opens(text: str, index: int) -> bool:
    following = text[index + 1 : index + 2]
    if following == "" or following.isspace():
        return False
    return index == 0 or text[index - 1].isspace() or text[index - 1] in _OPENS_AFTER


def _closes(text: str, index: int) -> bool:
    previous = text[index - 1 : index]
    following = text[index + 1 : index + 2]
    # A digit may follow: a note marker glued to the quotation ("Peace in Asia"1).
    return previous != "" and not previous.isspace() and not following.isalpha()


def _places(text: str, char: str) -> list[int]:
    """Every index of ``char`` in ``text``: str.find skips ahead faster than a regex, and most blocks have none."""
    found: list[int] = []
    index = text.find(char)
    while index >= 0:
        found.append(index)
        index = text.find(char, index + 1)
    return found


def _marks(text: str, style: _Style) -> list[tuple[int, str]]:
    """The style's quotation marks in text order. Each mark belongs to one style, so the other
    styles' marks, which its reading passes over, need not be read."""
    marks = [(index, style.opening) for index in _places(text, style.opening)]
    if style.closing != style.opening:
        marks += [(index, style.closing) for index in _places(text, style.closing)]
        marks.sort()
    return marks


def scan(context: BlockContext) -> list[Construct]:
    text = context.text
    constructs: list[Construct] = []
    for style in _STYLES:
        if style.opening not in text and style.closing not in text:
            continue  # no mark of this style: most blocks, for most styles
        open_at: int | None = None
        unmatched: list[int] = []
        for index, char in _marks(text, style):
            if char == style.opening and open_at is None and _opens(text, index):
                open_at = index
            elif char == style.closing and open_at is not None and _closes(text, index):
                constructs.append(_quote(open_at, index, style.rend))
                open_at = None
            elif style.opening == style.closing and char == style.opening and style.rend == "single":
                continue  # an apostrophe
            elif char in (style.opening, style.closing) and style.rend != "curly-single":
                unmatched.append(index)
        if open_at is not None:
            unmatched.append(open_at)
        for index in unmatched:
            context.decide(
                "unbalanced-quote",
                index,
                index + 1,
                "literal quotation mark",
                alternatives=("quotation",),
                confidence="low",
                message="a quotation mark without a partner in this paragraph",
            )
    return constructs


def _quote(opening: int, closing: int, rend: QuoteRend) -> Construct:
    def build(parts: Parts, offset: int) -> list[Inline]:
        return [Quote(children=tuple(parts[0]), rend=rend, offset=offset)]

    return Construct(opening, closing + 1, ((opening + 1, closing),), build, PRIORITY, QUOTATION)
