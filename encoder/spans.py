"""Spans of a text already taken, and whether another overlaps one of them: in log time, not by a scan.

A rule that keeps what it has taken in a list, and compares each new match with
every span in it, is quadratic in the matches of a paragraph: a paragraph of
8,000 dates took 2 s, four times as many 30 s. :class:`Spans` keeps the spans
merged where they overlap, sorted, so that a question is two bisections.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class Spans:
    """Half-open spans ``[start, end)`` of a text, ``start < end``.

    :meth:`overlaps` answers what ``any(s < end and start < e for s, e in added)`` would
    for every span added so far: the spans are kept as the components of their union that
    overlap within themselves (two that only touch stay apart), sorted by start and so by end
    too. A span that overlaps a member of a component overlaps the component, and one that
    overlaps a component overlaps one of its members, which leave no gap inside it.
    """

    __slots__ = ("_ends", "_starts")

    def __init__(self, spans: tuple[tuple[int, int], ...] | list[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in spans:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        before_end = bisect_left(self._starts, end)  # the components that start before ``end``
        return before_end > 0 and self._ends[before_end - 1] > start  # the last of them ends last

    def holds(self, position: int) -> bool:
        """Whether a span holds ``position``: ``any(s <= position < e for s, e in added)``."""
        return self.overlaps(position, position + 1)

    def add(self, start: int, end: int) -> None:
        first = bisect_right(self._ends, start)  # the first component that ends after ``start``
        last = bisect_left(self._starts, end)  # and those from it that start before ``end``: overlapping
        if first < last:
            start, end = min(start, self._starts[first]), max(end, self._ends[last - 1])
        self._starts[first:last] = [start]
        self._ends[first:last] = [end]
