"""Scan square brackets and pair them on a stack, before any rule classifies them.

Pairing first (after markdown-it's ``balance_pairs``) means that a rule sees a
whole bracket with its content, whatever it contains: nested brackets
(``[Kim [Il Sung]]``), double brackets ``[[…]]`` (the archive's own brackets
around an editor's insertion: reported as one pair with ``double=True``), and a
bracket that opens mid-sentence and closes several words later. A bracket
with no partner stays a literal character and is listed in the review report.

Nesting has a limit by design, :data:`MAX_BRACKET_DEPTH`: brackets inside that
many others stay literal text (and are reported), so that no transcript makes
a tree too deep for the XML parsers and XSLT processors that read the TEI
(libxml2 stops at 256 levels, Saxon's JDK parser at 100 for a whole document).
"""

from __future__ import annotations

import operator
from typing import Literal, NamedTuple

# What a bracket's content looks like, judged once per bracket (from its first
# character, or from all of it for a number): each rule says which shapes it can claim (its ``CLAIMS``), so a bracket
# is offered only to the rules that could make something of it.
#   double       [[…]], whatever it holds
#   blank        nothing but white space: no rule claims it
#   number       only decimal digits (what ``\d`` matches: str.isdecimal)
#   capitalised  begins with an ASCII capital A-Z
#   lowercase    begins with an ASCII small letter a-z
#   other        anything else: punctuation, "...", a digit before other text, a non-ASCII letter
BracketShape = Literal["double", "blank", "number", "capitalised", "lowercase", "other"]
BRACKET_SHAPES: tuple[BracketShape, ...] = ("double", "blank", "number", "capitalised", "lowercase", "other")


# One for every bracket of a paragraph: a named tuple, not a frozen dataclass, whose __init__
# sets each of its five fields with a call of its own.
class BracketPair(NamedTuple):
    open: int  # index of "[" (the outer one for a double pair)
    close: int  # index of "]" (the outer one for a double pair)
    depth: int
    # The text between the brackets (inside both of a double pair): every rule reads it,
    # so it is sliced once, when the pair is found.
    content: str
    double: bool = False

    @property
    def end(self) -> int:
        return self.close + 1

    @property
    def content_start(self) -> int:
        return self.open + (2 if self.double else 1)

    @property
    def content_end(self) -> int:
        return self.close - (1 if self.double else 0)


def shape(pair: BracketPair) -> BracketShape:
    """The :data:`BracketShape` of ``pair``: a few string tests, no regex."""
    if pair.double:
        return "double"
    content = pair.content
    if not content.strip():
        return "blank"
    if content.isdecimal():
        return "number"
    first = content[0]
    if "A" <= first <= "Z":
        return "capitalised"
    if "a" <= first <= "z":
        return "lowercase"
    return "other"


def space_before(text: str, position: int) -> bool:
    """Whether a pattern that ends in ``" $"`` could match ``text`` searched up to ``position``.

    ``$`` matches at the end of the search or before a line break just before it, so the
    space is the last character before ``position`` or the one before a line break there.
    Rules that look for a word and one space before a bracket ask this before any regex.
    """
    last = text[position - 1 : position]
    return last == " " or (last == "\n" and text[position - 2 : position - 1] == " ")


def pair_brackets(text: str) -> tuple[list[BracketPair], list[int]]:
    """All bracket pairs (outermost first by position) and the unmatched bracket indexes."""
    # str.find skips to a character many times faster than a regex scans for a class of two.
    opening_indexes = _indexes(text, "[")
    closing_indexes = _indexes(text, "]")
    if not opening_indexes and not closing_indexes:
        return [], []
    stack: list[int] = []
    spans: list[tuple[int, int, int]] = []  # (open, close, depth)
    unmatched: list[int] = []
    for index in sorted(opening_indexes + closing_indexes):
        if text[index] == "[":
            stack.append(index)
        elif stack:
            opening = stack.pop()
            spans.append((opening, index, len(stack)))
        else:
            unmatched.append(index)
    unmatched.extend(stack)
    spans.sort()
    if "[[" not in text:  # a double pair opens with two brackets side by side: none here
        return [
            BracketPair(opening, closing, depth, text[opening + 1 : closing]) for opening, closing, depth in spans
        ], sorted(unmatched)
    by_span = {(opening, closing) for opening, closing, _depth in spans}
    merged: list[BracketPair] = []
    inner_of_double: set[tuple[int, int]] = set()
    for opening, closing, depth in spans:
        if (opening, closing) in inner_of_double:
            continue
        if (opening + 1, closing - 1) in by_span and closing - opening > 3:
            inner_of_double.add((opening + 1, closing - 1))
            merged.append(BracketPair(opening, closing, depth, text[opening + 2 : closing - 1], double=True))
        else:
            merged.append(BracketPair(opening, closing, depth, text[opening + 1 : closing]))
    return merged, sorted(unmatched)


def _indexes(text: str, character: str) -> list[int]:
    found: list[int] = []
    index = text.find(character)
    while index != -1:
        found.append(index)
        index = text.find(character, index + 1)
    return found


_OPENING = operator.attrgetter("open")
MAX_BRACKET_DEPTH = 16  # ordinary transcripts nest two or three brackets; 16 leaves the TEI far from any limit


def limit_depth(pairs: list[BracketPair]) -> tuple[list[BracketPair], list[BracketPair]]:
    """The pairs inside fewer than :data:`MAX_BRACKET_DEPTH` others, and those deeper (outermost first).

    A double pair ``[[…]]`` is one level, as it becomes one element.
    """
    # A pair's depth counts every "[" open around it, at least one for each pair around it:
    # when no depth reaches the limit, no pair is too deep. No two pairs open at one bracket,
    # so the order by opening alone is the order by (opening, -closing) below.
    if all(pair.depth < MAX_BRACKET_DEPTH for pair in pairs):
        return sorted(pairs, key=_OPENING), []
    kept: list[BracketPair] = []
    too_deep: list[BracketPair] = []
    enclosing: list[int] = []  # the closing indexes of the pairs around the current one
    for pair in sorted(pairs, key=lambda p: (p.open, -p.close)):
        while enclosing and enclosing[-1] < pair.open:
            enclosing.pop()
        (too_deep if len(enclosing) >= MAX_BRACKET_DEPTH else kept).append(pair)
        enclosing.append(pair.close)
    return kept, too_deep
