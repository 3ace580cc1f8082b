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
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from encoder.inline.core import Construct


@dataclass(frozen=True, slots=True)
class Rejection:
    """A candidate turned down for a reason the review report gives."""

    candidate: Construct
    reason: str  # "crosses" an accepted construct, or would be markup in a "text-only" part
    other: Construct | None = None  # the construct whose text-only part it is, or holds


class Acceptance(NamedTuple):
    """What ``accept`` kept and turned down (a named tuple: a block makes one per parse)."""

    accepted: list[Construct]  # in text order: by start, the outer of two first
    rejected: list[Rejection]  # the reported rejections, in the order the candidates were offered


def accept(candidates: Sequence[Construct]) -> Acceptance:
    """Offer the candidates by priority (highest first, then in text order); keep those that fit.

    Four candidates in five touch no other (a supplied word, a name, a date
    standing apart), and such a one is accepted whatever else is: it crosses
    nothing, holds nothing and lies in nothing, not even an empty construct at
    either end. Nor does it change what becomes of the others: it is never the
    holder of one, nor among the children one overlaps, nor does it reach the
    position of an empty one. So only the rest are offered to the forest, and
    the two lists of accepted constructs are merged by their starts, which
    differ, as they do not touch.
    """
    alone, entangled = _alone_and_entangled(sorted(candidates, key=_text_order))
    if not entangled:
        return Acceptance(alone, [])
    forest = _Forest()
    offered = sorted(entangled, key=_priority_order)  # stable: ties keep the order they were given in
    rejected = [rejection for candidate in offered if (rejection := forest.offer(candidate)) is not None]
    accepted = [*forest.constructs(), *forest.empty]
    accepted.sort(key=_text_order)
    return Acceptance(
        _merged_by_start(alone, accepted) if alone else accepted,
        [rejection for rejection in rejected if rejection.reason != _SILENT],
    )


def _text_order(construct: Construct) -> tuple[int, int]:
    return construct.start, -construct.end  # by start, the outer of two first


def _priority_order(construct: Construct) -> tuple[int, int, int]:
    return -construct.priority, construct.start, -construct.end


def _alone_and_entangled(in_text_order: list[Construct]) -> tuple[list[Construct], list[Construct]]:
    """The non-empty candidates that share no position with another, not even an end, and the rest.

    Both lists keep the order given, here text order. ``reach`` is the furthest
    end of the candidates before: one starting after it and ending before the
    next one starts touches none.
    """
    alone: list[Construct] = []
    entangled: list[Construct] = []
    last = len(in_text_order) - 1
    reach: int | None = None
    for index, candidate in enumerate(in_text_order):
        start, end = candidate.start, candidate.end
        if start < end and (reach is None or start > reach) and (index == last or in_text_order[index + 1].start > end):
            alone.append(candidate)
        else:
            entangled.append(candidate)
        if reach is None or end > reach:
            reach = end
    return alone, entangled


def _merged_by_start(alone: list[Construct], others: list[Construct]) -> list[Construct]:
    """Two lists in text order as one; no construct of ``alone`` starts where one of ``others`` does."""
    merged: list[Construct] = []
    taken = 0
    for construct in alone:
        while taken < len(others) and others[taken].start < construct.start:
            merged.append(others[taken])
            taken += 1
        merged.append(construct)
    merged.extend(others[taken:])
    return merged


_SILENT = "silent"  # rejected without a report: the same span, or nesting a rule does not allow
_ACCEPTED: None = None


def _refusal(outer: Construct, inner: Construct, candidate: Construct) -> Rejection | None:
    """Why ``inner``, lying within ``outer``, may not be nested there (None: it may)."""
    if outer.may_hold(inner):
        return None
    if outer.nested and outer.holds_text_only(inner):
        return Rejection(candidate, "text-only", inner if outer is candidate else outer)
    return Rejection(candidate, _SILENT)


class _Node:
    """A construct of the forest with its children, and their starts and ends for bisection.

    A plain class: a paragraph makes one for every construct it accepts. The
    children's starts and ends are kept beside them so that ``bisect`` compares
    numbers itself rather than calling a key function at every step.
    """

    __slots__ = ("children", "construct", "end", "ends", "start", "starts")

    def __init__(
        self,
        start: int,
        end: int,
        construct: Construct | None,
        children: list[_Node],
        starts: list[int],
        ends: list[int],
    ) -> None:
        self.start = start
        self.end = end
        self.construct = construct  # None at the root, which stands for the whole block
        self.children = children  # disjoint, non-empty, in text order
        self.starts = starts  # children[i].start for each child
        self.ends = ends  # children[i].end for each child


def _start(item: Construct) -> int:
    return item.start


@dataclass(slots=True)
class _Forest:
    root: _Node = field(default_factory=lambda: _Node(-1, -1, None, [], [], []))
    empty: list[Construct] = field(default_factory=list)  # accepted empty constructs, by position
    spans: set[tuple[int, int]] = field(default_factory=set)

    def offer(self, candidate: Construct) -> Rejection | None:
        """None when the candidate is accepted, else why not."""
        if (candidate.start, candidate.end) in self.spans:
            return Rejection(candidate, _SILENT)
        verdict = self._offer_empty(candidate) if candidate.start == candidate.end else self._offer_span(candidate)
        if verdict is _ACCEPTED:
            self.spans.add((candidate.start, candidate.end))
        return verdict

    def _offer_span(self, candidate: Construct) -> Rejection | None:
        holder, low, high = self._deepest_holder(candidate)
        overlapped = holder.children[low:high]
        start, end = candidate.start, candidate.end
        if overlapped and (candidate.crosses(_held(overlapped[0])) or candidate.crosses(_held(overlapped[-1]))):
            return Rejection(candidate, "crosses")
        if holder.construct is not None and (refused := _refusal(holder.construct, candidate, candidate)):
            return refused
        for child in overlapped:
            if refused := _refusal(candidate, _held(child), candidate):
                return refused
        if self.empty:  # most blocks have no seam: no need to look for one inside
            inside = self.empty[bisect_left(self.empty, start, key=_start) : bisect_right(self.empty, end, key=_start)]
            for point in inside:
                if refused := _refusal(candidate, point, candidate):
                    return refused
        node = _Node(start, end, candidate, overlapped, holder.starts[low:high], holder.ends[low:high])
        holder.children[low:high] = [node]
        holder.starts[low:high] = [start]
        holder.ends[low:high] = [end]
        return _ACCEPTED

    def _deepest_holder(self, candidate: Construct) -> tuple[_Node, int, int]:
        """The deepest node holding the candidate, and the range of its children the candidate overlaps."""
        node = self.root
        start, end = candidate.start, candidate.end
        while True:
            low = bisect_right(node.ends, start)  # the first ending after it starts
            high = bisect_left(node.starts, end)  # the first starting where it ends
            if high - low == 1:
                child = node.children[low]
                if child.start <= start and end <= child.end:
                    node = child
                    continue
            return node, low, high

    def _offer_empty(self, candidate: Construct) -> Rejection | None:
        # An empty construct crosses nothing and holds nothing; every accepted
        # construct reaching its position holds it. At each level at most two
        # do (one ending there, one starting there).
        position = candidate.start
        pending = [self.root]
        while pending:
            node = pending.pop()
            index = bisect_left(node.ends, position)
            while index < len(node.children) and node.children[index].start <= position:
                child = node.children[index]
                if refused := _refusal(_held(child), candidate, candidate):
                    return refused
                pending.append(child)
                index += 1
        insort(self.empty, candidate, key=_start)
        return _ACCEPTED

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
