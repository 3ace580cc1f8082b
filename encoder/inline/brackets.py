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

from dataclasses import dataclass

from encoder import patterns

_BRACKET = patterns.compile(r"[\[\]]")


@dataclass(frozen=True, slots=True)
class BracketPair:
    open: int  # index of "[" (the outer one for a double pair)
    close: int  # index of "]" (the outer one for a double pair)
    depth: int
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


def pair_brackets(text: str) -> tuple[list[BracketPair], list[int]]:
    """All bracket pairs (outermost first by position) and the unmatched bracket indexes."""
    stack: list[int] = []
    pairs: list[BracketPair] = []
    unmatched: list[int] = []
    for match in _BRACKET.finditer(text):
        index, char = match.start(), match.group()
        if char == "[":
            stack.append(index)
        elif char == "]":
            if stack:
                opening = stack.pop()
                pairs.append(BracketPair(opening, index, len(stack)))
            else:
                unmatched.append(index)
    unmatched.extend(stack)
    by_span = {(pair.open, pair.close) for pair in pairs}
    merged: list[BracketPair] = []
    inner_of_double: set[tuple[int, int]] = set()
    for pair in sorted(pairs, key=lambda p: p.open):
        if (pair.open, pair.close) in inner_of_double:
            continue
        if (pair.open + 1, pair.close - 1) in by_span and pair.close - pair.open > 3:
            inner_of_double.add((pair.open + 1, pair.close - 1))
            merged.append(BracketPair(pair.open, pair.close, pair.depth, double=True))
        else:
            merged.append(pair)
    return merged, sorted(unmatched)


MAX_BRACKET_DEPTH = 16  # ordinary transcripts nest two or three brackets; 16 leaves the TEI far from any limit


def limit_depth(pairs: list[BracketPair]) -> tuple[list[BracketPair], list[BracketPair]]:
    """The pairs inside fewer than :data:`MAX_BRACKET_DEPTH` others, and those deeper (outermost first).

    A double pair ``[[…]]`` is one level, as it becomes one element.
    """
    kept: list[BracketPair] = []
    too_deep: list[BracketPair] = []
    enclosing: list[int] = []  # the closing indexes of the pairs around the current one
    for pair in sorted(pairs, key=lambda p: (p.open, -p.close)):
        while enclosing and enclosing[-1] < pair.open:
            enclosing.pop()
        (too_deep if len(enclosing) >= MAX_BRACKET_DEPTH else kept).append(pair)
        enclosing.append(pair.close)
    return kept, too_deep
