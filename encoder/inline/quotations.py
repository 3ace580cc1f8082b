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

from encoder import patterns
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
_QUOTE_CHARACTER = patterns.compile("[\"“”‘’']")
_OPEN_CONTEXT = patterns.compile(r"(?:^|[\s(\[—–-])$")


def _opens(text: str, index: int) -> bool:
    following = text[index + 1 : index + 2]
    return bool(_OPEN_CONTEXT.search(text[max(0, index - 1) : index])) and following != "" and not following.isspace()


def _closes(text: str, index: int) -> bool:
    previous = text[index - 1 : index]
    following = text[index + 1 : index + 2]
    # A digit may follow: a note marker glued to the quotation ("Peace in Asia"1).
    return previous != "" and not previous.isspace() and not following.isalpha()


def scan(context: BlockContext) -> list[Construct]:
    text = context.text
    constructs: list[Construct] = []
    quote_positions = [(match.start(), match.group()) for match in _QUOTE_CHARACTER.finditer(text)]
    for style in _STYLES:
        open_at: int | None = None
        unmatched: list[int] = []
        for index, char in quote_positions:
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
