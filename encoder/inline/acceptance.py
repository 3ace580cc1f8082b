"""Which constructs of a block are accepted: by priority, never crossing, nesting only inside parts.

The rule, for a candidate against every construct accepted before it:

* crossing one (``[a (b] c)``) rejects the candidate, and is reported;
* the same span as one rejects it;
* lying inside one is allowed only if that one nests markup and one of its
  parts holds the candidate; holding one is allowed only the other way round.

Checked pairwise, that is quadratic in the marks of a paragraph. The accepted
constructs never cross, so they form a forest (a construct's children are the
largest accepted constructs inside it, disjoint and in text order), and a
candidate needs comparing only with few of them:

* crossings can only be with the first and last of the children it overlaps,
  at the deepest node that holds it (every other overlapped one lies inside it);
* containment needs checking only against that deepest holder and those
  overlapped children: each accepted pair already satisfies the rule, so a
  part of the holder holds everything it holds, and what a child holds lies in
  the part that holds the child.

Empty constructs (a seam between two joined blocks) hold nothing but lie in
any construct that reaches their position, even one that ends or starts there,
so they sit in their own sorted list beside the forest.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from encoder.inline.core import Construct


@dataclass(frozen=True, slots=True)
class Acceptance:
    accepted: list[Construct]  # in text order: by start, the outer of two first
    crossing: list[Construct]  # rejected for crossing an accepted one, in the order they were offered


def accept(candidates: Sequence[Construct]) -> Acceptance:
    """Offer candidates in the order given (highest priority first); keep those that fit."""
    forest = _Forest()
    crossing = [candidate for candidate in candidates if forest.offer(candidate) is _Verdict.CROSSES]
    accepted = [*forest.constructs(), *forest.empty]
    accepted.sort(key=lambda c: (c.start, -c.end))
    return Acceptance(accepted, crossing)


def _may_hold(outer: Construct, inner: Construct) -> bool:
    """Whether ``inner``, lying within ``outer``, may be nested there."""
    return outer.nested and outer.part_holding(inner) is not None


class _Verdict(Enum):
    ACCEPTED = "accepted"
    CROSSES = "crosses"  # rejected, and reported: it crosses an accepted construct
    REJECTED = "rejected"


@dataclass(slots=True, eq=False)
class _Node:
    start: int
    end: int
    construct: Construct | None  # None at the root, which stands for the whole block
    children: list[_Node] = field(default_factory=list)  # disjoint, non-empty, in text order


def _start(item: _Node | Construct) -> int:
    return item.start


def _end(item: _Node | Construct) -> int:
    return item.end


@dataclass(slots=True)
class _Forest:
    root: _Node = field(default_factory=lambda: _Node(-1, -1, None))
    empty: list[Construct] = field(default_factory=list)  # accepted empty constructs, by position
    spans: set[tuple[int, int]] = field(default_factory=set)

    def offer(self, candidate: Construct) -> _Verdict:
        if (candidate.start, candidate.end) in self.spans:
            return _Verdict.REJECTED
        verdict = self._offer_empty(candidate) if candidate.start == candidate.end else self._offer_span(candidate)
        if verdict is _Verdict.ACCEPTED:
            self.spans.add((candidate.start, candidate.end))
        return verdict

    def _offer_span(self, candidate: Construct) -> _Verdict:
        holder, low, high = self._deepest_holder(candidate)
        overlapped = holder.children[low:high]
        if overlapped and (candidate.crosses(_held(overlapped[0])) or candidate.crosses(_held(overlapped[-1]))):
            return _Verdict.CROSSES
        if holder.construct is not None and not _may_hold(holder.construct, candidate):
            return _Verdict.REJECTED
        if not all(_may_hold(candidate, _held(child)) for child in overlapped):
            return _Verdict.REJECTED
        inside = self.empty[
            bisect_left(self.empty, candidate.start, key=_start) : bisect_right(self.empty, candidate.end, key=_start)
        ]
        if not all(_may_hold(candidate, point) for point in inside):
            return _Verdict.REJECTED
        holder.children[low:high] = [_Node(candidate.start, candidate.end, candidate, overlapped)]
        return _Verdict.ACCEPTED

    def _deepest_holder(self, candidate: Construct) -> tuple[_Node, int, int]:
        """The deepest node holding the candidate, and the range of its children the candidate overlaps."""
        node = self.root
        while True:
            low = bisect_right(node.children, candidate.start, key=_end)  # the first ending after it starts
            high = bisect_left(node.children, candidate.end, key=_start)  # the first starting where it ends
            if high - low == 1:
                child = node.children[low]
                if child.start <= candidate.start and candidate.end <= child.end:
                    node = child
                    continue
            return node, low, high

    def _offer_empty(self, candidate: Construct) -> _Verdict:
        # An empty construct crosses nothing and holds nothing; every accepted
        # construct reaching its position holds it. At each level at most two
        # do (one ending there, one starting there).
        position = candidate.start
        pending = [self.root]
        while pending:
            node = pending.pop()
            index = bisect_left(node.children, position, key=_end)
            while index < len(node.children) and node.children[index].start <= position:
                child = node.children[index]
                if not _may_hold(_held(child), candidate):
                    return _Verdict.REJECTED
                pending.append(child)
                index += 1
        insort(self.empty, candidate, key=_start)
        return _Verdict.ACCEPTED

    def constructs(self) -> list[Construct]:
        found: list[Construct] = []
        pending = list(self.root.children)
        while pending:
            node = pending.pop()
            found.append(_held(node))
            pending.extend(node.children)
        return found


def _held(node: _Node) -> Construct:
    assert node.construct is not None  # only the root holds none, and it is nobody's child
    return node.construct
