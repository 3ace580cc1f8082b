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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from encoder.inline.core import Construct


@dataclass(frozen=True, slots=True)
class Rejection:
    """A candidate turned down for a reason the review report gives."""

    candidate: Construct
    reason: str  # "crosses" an accepted construct, or would be markup in a "text-only" part
    other: Construct | None = None  # the construct whose text-only part it is, or holds


@dataclass(frozen=True, slots=True)
class Acceptance:
    accepted: list[Construct]  # in text order: by start, the outer of two first
    rejected: list[Rejection]  # the reported rejections, in the order the candidates were offered


def accept(candidates: Sequence[Construct]) -> Acceptance:
    """Offer candidates in the order given (highest priority first); keep those that fit."""
    forest = _Forest()
    rejected = [rejection for candidate in candidates if (rejection := forest.offer(candidate)) is not None]
    accepted = [*forest.constructs(), *forest.empty]
    accepted.sort(key=lambda c: (c.start, -c.end))
    return Acceptance(accepted, [rejection for rejection in rejected if rejection.reason != _SILENT])


_SILENT = "silent"  # rejected without a report: the same span, or nesting a rule does not allow
_ACCEPTED: None = None


def _refusal(outer: Construct, inner: Construct, candidate: Construct) -> Rejection | None:
    """Why ``inner``, lying within ``outer``, may not be nested there (None: it may)."""
    if outer.may_hold(inner):
        return None
    if outer.nested and outer.holds_text_only(inner):
        return Rejection(candidate, "text-only", inner if outer is candidate else outer)
    return Rejection(candidate, _SILENT)


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
        if overlapped and (candidate.crosses(_held(overlapped[0])) or candidate.crosses(_held(overlapped[-1]))):
            return Rejection(candidate, "crosses")
        if holder.construct is not None and (refused := _refusal(holder.construct, candidate, candidate)):
            return refused
        for child in overlapped:
            if refused := _refusal(candidate, _held(child), candidate):
                return refused
        inside = self.empty[
            bisect_left(self.empty, candidate.start, key=_start) : bisect_right(self.empty, candidate.end, key=_start)
        ]
        for point in inside:
            if refused := _refusal(candidate, point, candidate):
                return refused
        holder.children[low:high] = [_Node(candidate.start, candidate.end, candidate, overlapped)]
        return _ACCEPTED

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

    def _offer_empty(self, candidate: Construct) -> Rejection | None:
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
