"""Inline assembly: the near-linear acceptance gives what checking every pair gave.

``reference_assemble`` is the straightforward version (every candidate
checked against every accepted construct, inner constructs found by scanning
all that follow); it is kept here as the oracle for random construct sets,
including empty spans (seams), identical spans, ties in priority and parts
that hold nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hypothesis import example, given, settings
from hypothesis import strategies as st

from encoder.blocks import Block, Line, MappedText
from encoder.body import endnote_numbers
from encoder.inline.core import BlockContext, Construct, DocumentState, assemble
from encoder.reading import Source

TEXT = "abcdefghijklmnop"


def reference_assemble(context: BlockContext, constructs: list[Construct], start: int, end: int) -> list[object]:
    accepted: list[Construct] = []
    for candidate in sorted(constructs, key=lambda c: (-c.priority, c.start, -c.end)):
        if not _reference_fits(candidate, accepted):
            if any(candidate.crosses(other) for other in accepted):
                context.decide(
                    "overlap",
                    candidate.start,
                    candidate.end,
                    "literal text",
                    alternatives=(candidate.kind,),
                    confidence="low",
                    message=f"{candidate.kind} crosses other markup; kept as text",
                )
            continue
        accepted.append(candidate)
    accepted.sort(key=lambda c: (c.start, -c.end))
    return _reference_build(context, accepted, start, end)


def _reference_fits(candidate: Construct, accepted: list[Construct]) -> bool:
    for other in accepted:
        if candidate.crosses(other):
            return False
        if other.contains(candidate) and (not other.nested or other.part_holding(candidate) is None):
            return False
        if candidate.contains(other) and (not candidate.nested or candidate.part_holding(other) is None):
            return False
        if (candidate.start, candidate.end) == (other.start, other.end):
            return False
    return True


def _reference_build(context: BlockContext, constructs: list[Construct], start: int, end: int) -> list[object]:
    nodes: list[object] = []
    position = start
    index = 0
    while index < len(constructs):
        construct = constructs[index]
        if construct.start < position or construct.end > end:
            index += 1
            continue
        if construct.start > position:
            nodes.append(context.text[position : construct.start])
        inner = [c for c in constructs[index + 1 :] if construct.contains(c)]
        parts = [_reference_build(context, inner, p_start, p_end) for p_start, p_end in construct.parts]
        nodes.extend(construct.build(parts, context.mapped.offset(construct.start)))  # type: ignore[arg-type]
        position = construct.end
        index += 1 + len(inner)
    if position < end:
        nodes.append(context.text[position:end])
    merged: list[object] = []
    for node in nodes:
        if isinstance(node, str):
            if not node:
                continue
            if merged and isinstance(merged[-1], str):
                merged[-1] += node
                continue
        merged.append(node)
    return merged


def _construct(
    label: int, start: int, end: int, parts: Sequence[tuple[int, int]], priority: int, nested: bool
) -> Construct:
    # The built node names its construct and shows its parsed parts, so any
    # difference in what was accepted or how it nested shows in the output.
    return Construct(
        start,
        end,
        tuple(parts),
        lambda built, offset: [("built", label, offset, built)],  # type: ignore[list-item]
        priority,
        f"kind-{label}",
        nested,
    )


_POSITIONS = st.integers(0, len(TEXT))


def _clipped(span: tuple[int, int], bounds: tuple[int, int]) -> tuple[int, int]:
    low, high = sorted(bounds)
    return (min(max(low, span[0]), span[1]), min(max(high, span[0]), span[1]))


def _random_construct(
    label: int, start: int, length: int, parts: list[tuple[int, int]], priority: int, nested: bool
) -> Construct:
    end = min(start + length, len(TEXT))
    return _construct(label, start, end, [_clipped((start, end), part) for part in parts], priority, nested)


construct_sets = st.lists(
    st.tuples(
        _POSITIONS,
        st.sampled_from([0, 1, 2, 4, 16]),  # empty (a seam), short, or reaching the end
        st.lists(st.tuples(_POSITIONS, _POSITIONS), max_size=3),
        st.integers(0, 3),
        st.booleans(),
    ),
    max_size=14,
).map(lambda drawn: [_random_construct(label, *fields) for label, fields in enumerate(drawn)])


def _context() -> BlockContext:
    return BlockContext(MappedText(TEXT, ((0, 0),)), DocumentState(Source.from_text(TEXT)))


@settings(max_examples=1500, deadline=None)
@given(constructs=construct_sets)
# A seam (empty span) where a leaf ends and a nesting construct begins: the
# leaf cannot hold it, so whichever comes second is rejected.
@example([_construct(0, 5, 5, (), 3, True), _construct(1, 2, 5, (), 2, True), _construct(2, 5, 9, ((5, 8),), 1, True)])
# Crossing at both ends of a run of children, and an identical span.
@example([_construct(0, 2, 4, (), 3, True), _construct(1, 6, 8, (), 3, True), _construct(2, 3, 7, ((3, 7),), 1, True)])
@example([_construct(0, 2, 4, ((2, 4),), 2, True), _construct(1, 2, 4, ((2, 4),), 1, True)])
def test_acceptance_and_nesting_match_the_pairwise_reference(constructs: list[Construct]) -> None:
    fast, slow = _context(), _context()
    assert assemble(fast, constructs, 0, len(TEXT)) == reference_assemble(slow, constructs, 0, len(TEXT))
    assert fast.state.decisions == slow.state.decisions


def test_a_candidate_crossing_an_accepted_construct_is_reported_and_kept_as_text() -> None:
    context = _context()
    accepted = _construct(0, 2, 6, ((3, 5),), 2, True)
    crossing = _construct(1, 4, 9, ((5, 8),), 1, True)
    nodes = assemble(context, [accepted, crossing], 0, len(TEXT))
    assert nodes == ["ab", ("built", 0, 2, [["de"]]), "ghijklmnop"]
    assert [(d.kind, d.text, d.alternatives) for d in context.state.decisions] == [("overlap", "efghi", ("kind-1",))]


def _reference_endnote_numbers(blocks: list[Block]) -> frozenset[str]:
    text = "\n".join(block.text for block in blocks)
    numbers = {match.group(1) for block in blocks if (match := re.match(r"^\[(\d{1,3})\]\s+(?=\S)", block.text))}
    return frozenset(n for n in numbers if re.search(rf"[^\s\[]\[{n}\]", text))


@given(pieces=st.lists(st.sampled_from(["[1]", "[2]", "[12]", "[[1]]", "a", " ", "\n", "[", "]", "1"]), max_size=30))
def test_endnote_numbers_match_a_search_per_note(pieces: list[str]) -> None:
    text = "".join(pieces)
    blocks = [Block((Line(paragraph, 0),)) for paragraph in [*text.split("\n"), "[1] One.", "[2] Two.", "[12] Twelve."]]
    assert endnote_numbers(blocks) == _reference_endnote_numbers(blocks)
