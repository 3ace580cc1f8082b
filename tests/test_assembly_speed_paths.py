"""The shortcuts from constructs to the TEI tree give what the code they replaced gave.

Each shortcut skips work that cannot change the result (README, "Performance:
from constructs to the tree"). The code it replaced is kept here, as it was,
as the oracle: random and edge-case inputs must give the same result, and
where the shortcut is a path not taken (the forest, a recursive build, a
search) the test also checks that it is not taken, so that losing the
shortcut fails a test even though the output would stay the same.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from encoder import body, model, serialize, transforms
from encoder.blocks import Block as LayoutBlock
from encoder.blocks import Line, MappedText
from encoder.inline import acceptance, core
from encoder.inline.core import BlockContext, Construct, DocumentState, assemble
from encoder.model import (
    Block,
    Choice,
    Date,
    Element,
    Gap,
    Generic,
    Highlight,
    Inline,
    Name,
    Note,
    NoteAnchor,
    PageBreak,
    PendingNote,
    Quote,
    Reg,
    Said,
    Seam,
    Sic,
    Supplied,
    element_name,
    generic,
)
from encoder.reading import Source
from tests.test_assembly import TEXT, _construct, construct_sets

# --- acceptance: candidates that touch no other ---------------------------------


def reference_accept(candidates: list[Construct]) -> tuple[list[Construct], list[acceptance.Rejection]]:
    """``accept`` before the shortcut: every candidate offered to the forest, by priority."""
    forest = acceptance._Forest()
    offered = sorted(candidates, key=lambda c: (-c.priority, c.start, -c.end))
    rejected = [rejection for candidate in offered if (rejection := forest.offer(candidate)) is not None]
    accepted = [*forest.constructs(), *forest.empty]
    accepted.sort(key=lambda c: (c.start, -c.end))
    return accepted, [rejection for rejection in rejected if rejection.reason != acceptance._SILENT]


def _touches_another(candidate: Construct, index: int, candidates: list[Construct]) -> bool:
    return candidate.start == candidate.end or any(
        other.start <= candidate.end and candidate.start <= other.end
        for position, other in enumerate(candidates)
        if position != index
    )


@contextmanager
def _counted_offers() -> Iterator[list[Construct]]:
    offered: list[Construct] = []
    original = acceptance._Forest.offer

    def counting(forest: Any, candidate: Construct) -> acceptance.Rejection | None:
        offered.append(candidate)
        return original(forest, candidate)

    acceptance._Forest.offer = counting  # type: ignore[method-assign]
    try:
        yield offered
    finally:
        acceptance._Forest.offer = original  # type: ignore[method-assign]


_TOUCHING = [
    # two spans that share an end: both go to the forest (and both are accepted)
    [_construct(0, 2, 5, (), 1, True), _construct(1, 5, 8, (), 1, True)],
    # an empty construct at the end of a span, and one at its start
    [_construct(0, 2, 5, ((2, 5),), 1, True), _construct(1, 5, 5, (), 2, True), _construct(2, 9, 12, (), 1, True)],
    [_construct(0, 2, 5, (), 1, True), _construct(1, 2, 2, (), 2, True)],
    # one long span reaching past the next: the third starts inside the first, not the second
    [_construct(0, 0, 12, ((0, 12),), 1, True), _construct(1, 2, 4, (), 2, True), _construct(2, 6, 8, (), 2, True)],
    # the same span twice (one rejected silently) and the same object twice
    [_construct(0, 3, 6, (), 1, True), _construct(1, 3, 6, (), 1, True), _construct(2, 9, 10, (), 1, True)],
    # a crossing pair beside spans that touch nothing
    [_construct(0, 0, 1, (), 1, True), _construct(1, 3, 7, (), 2, True), _construct(2, 5, 9, (), 1, True)],
]
_SAME = _construct(3, 11, 13, (), 1, True)
_TOUCHING.append([_SAME, _construct(4, 1, 2, (), 1, True), _SAME])


@settings(max_examples=1000, deadline=None)
@given(candidates=construct_sets)
@example(_TOUCHING[0])
@example(_TOUCHING[1])
@example(_TOUCHING[2])
@example(_TOUCHING[3])
@example(_TOUCHING[4])
@example(_TOUCHING[5])
@example(_TOUCHING[6])
def test_candidates_touching_no_other_are_accepted_without_the_forest(candidates: list[Construct]) -> None:
    expected_accepted, expected_rejected = reference_accept(candidates)
    with _counted_offers() as offered:
        result = acceptance.accept(candidates)
    assert [id(c) for c in result.accepted] == [id(c) for c in expected_accepted]
    assert result.rejected == expected_rejected
    entangled = [c for index, c in enumerate(candidates) if _touches_another(c, index, candidates)]
    assert sorted(map(id, offered)) == sorted(map(id, entangled))


def test_a_paragraph_of_words_apart_never_meets_the_forest() -> None:
    words = [_construct(label, 2 * label, 2 * label + 1, (), 1, True) for label in range(6)]
    with _counted_offers() as offered:
        result = acceptance.accept(list(reversed(words)))
    assert offered == []
    assert result.accepted == words


# --- assembly: leaf parts, the search for constructs inside ------------------------


def _context(text: str = TEXT, anchors: tuple[tuple[int, int], ...] = ((0, 0),)) -> BlockContext:
    return BlockContext(MappedText(text, anchors), DocumentState(Source.from_text(text)))


@contextmanager
def _counted(module: Any, name: str) -> Iterator[list[tuple[Any, ...]]]:
    calls: list[tuple[Any, ...]] = []
    original = getattr(module, name)

    def counting(*arguments: Any) -> Any:
        calls.append(arguments)
        return original(*arguments)

    setattr(module, name, counting)
    try:
        yield calls
    finally:
        setattr(module, name, original)


def test_parts_with_nothing_nested_are_sliced_without_a_recursive_build() -> None:
    # "bc" and "fg" each hold one part and nothing inside; "jk…" has an empty part
    constructs = [
        _construct(0, 1, 3, ((1, 3),), 1, True),
        _construct(1, 5, 7, ((5, 7), (7, 7)), 1, True),
        _construct(2, 9, 12, ((10, 11), (12, 12)), 1, True),
    ]
    with _counted(core, "_build_range") as calls, _counted(core, "_inside") as searches:
        nodes = assemble(_context(), constructs, 0, len(TEXT))
    assert len(calls) == 1 and searches == []  # the paragraph itself only; nothing searched for inside
    assert nodes == [
        "a",
        ("built", 0, 1, [["bc"]]),
        "de",
        ("built", 1, 5, [["fg"], []]),
        "hi",
        ("built", 2, 9, [["k"], []]),
        "mnop",
    ]


def test_a_construct_with_others_inside_still_builds_them() -> None:
    # "b…h" holds "cd" in its part; an empty construct (a seam) at its very end belongs inside it
    constructs = [
        _construct(0, 1, 8, ((1, 8),), 1, True),
        _construct(1, 2, 4, ((2, 4),), 2, True),
        _construct(2, 8, 8, (), 3, True),
        _construct(3, 8, 10, (), 1, True),
    ]
    nodes = assemble(_context(), constructs, 0, len(TEXT))
    assert nodes[1] == ("built", 0, 1, [["b", ("built", 1, 2, [["cd"]]), "efgh", ("built", 2, 8, [])]])


@given(
    text=st.text(alphabet="ab \n", max_size=30),
    cuts=st.lists(st.integers(0, 30), max_size=4, unique=True),
    start=st.integers(0, 12),
    indexes=st.lists(st.integers(-3, 40), max_size=10),
)
def test_a_text_of_one_piece_maps_to_the_source_as_the_search_does(
    text: str, cuts: list[int], start: int, indexes: list[int]
) -> None:
    pieces = sorted({0, *(cut for cut in cuts if cut <= len(text))})
    for anchors in (((0, start),), tuple((piece, start + 2 * piece) for piece in pieces)):
        context = _context(text, anchors)
        for index in indexes:
            assert context.offset(index) == context.mapped.offset(index)


# --- the model's attributes ---------------------------------------------------------

# Each element class's attributes() as it was, through model._attrs (now: its ATTRIBUTES table).
_REFERENCE_ATTRIBUTES = {
    PageBreak: lambda n: model._attrs(n=n.n, type=n.type, cert=n.cert, rend=n.rend, resp=n.resp),
    Gap: lambda n: model._attrs(reason=n.reason, quantity=n.quantity, unit=n.unit, rend=n.rend),
    Supplied: lambda n: model._attrs(reason=n.reason, resp=n.resp, cert=n.cert, rend=n.rend),
    Note: lambda n: model._attrs(xml_id=n.xml_id, type=n.type, place=n.place, n=n.n, rend=n.rend, resp=n.resp),
    Choice: lambda n: model._attrs(rend=n.rend),
    Reg: lambda n: model._attrs(type=n.type, cert=n.cert),
    Name: lambda n: model._attrs(ref=n.ref),
    Date: lambda n: (
        model._attrs(when=n.when)
        | ({"from": n.start, "to": n.end} if n.start and n.end else {})
        | model._attrs(cert=n.cert)
    ),
    Sic: lambda n: model._attrs(rend=n.rend),
    Highlight: lambda n: model._attrs(rend=n.rend),
    Quote: lambda n: model._attrs(rend=n.rend),
    Said: lambda n: model._attrs(who=n.who, rend=n.rend),
}

_VALUES = st.sampled_from([None, "", "x", "a b", "#translator #editor"])


@st.composite
def _elements(draw: st.DrawFn) -> Element:
    kind = draw(st.sampled_from(sorted(_REFERENCE_ATTRIBUTES, key=lambda k: k.__name__)))
    names = [f.name for f in dataclasses.fields(kind) if f.name not in {"children", "offset", "kind"}]
    return kind(**{name: draw(_VALUES) for name in names})  # type: ignore[no-any-return]


@settings(max_examples=600)
@given(node=_elements())
def test_attributes_written_out_match_the_keyword_rule(node: Element) -> None:
    attributes = node.attributes()
    expected = _REFERENCE_ATTRIBUTES[type(node)](node)
    assert list(attributes.items()) == list(expected.items())  # the same names, values and order


def test_every_element_class_with_attributes_is_compared() -> None:
    written_out = {
        kind
        for kind in vars(model).values()
        if isinstance(kind, type)
        and issubclass(kind, Element)
        and ("attributes" in vars(kind) or "ATTRIBUTES" in vars(kind))  # its own method, or its own table
    }
    assert written_out - {Element, Generic, Seam} == set(_REFERENCE_ATTRIBUTES)


# --- the serializer ---------------------------------------------------------------


def reference_append_inline(parent: etree._Element, nodes: Iterable[Inline | Block], places: list[Any]) -> None:
    """``append_inline`` before its shortcuts (a new element's text, fixed tags, one string)."""
    last: etree._Element | None = None
    pending: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            pending.append(node)
            continue
        if pending:
            text = pending[0] if len(pending) == 1 else "".join(pending)
            pending = []
            if last is None:
                serialize._append_text(parent, text)
            else:
                last.tail = text
        if isinstance(node, Block):
            raise TypeError(f"block {node.name} inside inline content")
        name = element_name(node)
        if name.startswith("#"):
            raise ValueError(f"unresolved placeholder {name} reached the serializer")
        attributes = node.attributes()
        if "xml:id" in attributes:
            attributes = {serialize._attribute_name(key): value for key, value in attributes.items()}
        element = last = etree.SubElement(parent, serialize.tei(name), attributes)
        if node.offset is not None:
            places.append((node.offset, element))
        if node.children:
            reference_append_inline(element, node.children, places)
    if pending:
        text = "".join(pending)
        if last is None:
            serialize._append_text(parent, text)
        else:
            last.tail = text


_TEXTS = st.sampled_from(["", " ", "word", "two words", "ŭ"])


def _inline_trees() -> st.SearchStrategy[list[Inline]]:
    leaves: st.SearchStrategy[Inline] = st.one_of(
        _TEXTS,
        st.builds(PageBreak, n=st.just("3"), offset=st.none() | st.integers(0, 9)),
        st.builds(Seam),
        st.builds(Gap, offset=st.integers(0, 9)),
    )

    def nested(children: st.SearchStrategy[list[Inline]]) -> st.SearchStrategy[Inline]:
        as_tuple = children.map(tuple)
        return st.one_of(
            st.builds(Supplied, children=as_tuple, offset=st.none() | st.integers(0, 9)),
            st.builds(Name, children=as_tuple, kind=st.sampled_from(["persName", "orgName"]), ref=st.none() | _TEXTS),
            st.builds(generic, st.sampled_from(["abbr", "expan", "roleName"]), as_tuple),
            st.builds(lambda c: Generic(children=c, name="term", attrs=(("xml:id", "t1"),)), as_tuple),
            st.builds(Note, children=as_tuple, xml_id=st.none() | st.just("note-a"), offset=st.integers(0, 9)),
        )

    return st.lists(st.recursive(leaves, lambda inner: nested(st.lists(inner, max_size=4)), max_leaves=12), max_size=8)


def _parents() -> Iterator[tuple[etree._Element, etree._Element]]:
    """The same parent twice: new, with text only, with a child whose tail is set."""
    for text, child_tail in ((None, None), ("before ", None), ("before ", "after ")):
        pair = []
        for _ in range(2):
            parent = etree.Element(serialize.tei("p"), nsmap=serialize.NSMAP)
            parent.text = text
            if child_tail is not None:
                etree.SubElement(parent, serialize.tei("lb")).tail = child_tail
            pair.append(parent)
        yield pair[0], pair[1]


@settings(max_examples=400, deadline=None)
@given(nodes=_inline_trees())
def test_append_inline_makes_what_it_made(nodes: list[Inline]) -> None:
    for parent, expected in _parents():
        places: list[Any] = []
        expected_places: list[Any] = []
        new = parent.text is None and not len(parent)
        if new:
            serialize._append_nodes(parent, nodes, places, parent_is_new=True)
        else:
            serialize.append_inline(parent, nodes, places)
        reference_append_inline(expected, nodes, expected_places)
        assert etree.tostring(parent) == etree.tostring(expected)
        assert [(offset, element.tag) for offset, element in places] == [
            (offset, element.tag) for offset, element in expected_places
        ]


def test_elements_named_per_node_are_named_per_node() -> None:
    # Generic and Name take their element's name from the node: never remembered by class
    parent = etree.Element(serialize.tei("p"))
    nodes: list[Inline] = [
        generic("abbr", ("US",)),
        generic("expan", ("United States",)),
        Name(("Kim",), kind="persName"),
    ]
    nodes.append(Name(("Seoul",), kind="placeName"))
    serialize.append_inline(parent, nodes)
    assert [etree.QName(child).localname for child in parent] == ["abbr", "expan", "persName", "placeName"]
    assert Generic not in serialize._FIXED_TAGS and Name not in serialize._FIXED_TAGS


def test_blocks_and_placeholders_are_refused_whether_or_not_their_class_was_met() -> None:
    parent = etree.Element(serialize.tei("p"))
    serialize.append_inline(parent, [Supplied(("the",))])
    with pytest.raises(TypeError, match="block p inside inline content"):
        serialize.append_inline(parent, [Block("p", ())])
    for _ in range(2):
        with pytest.raises(ValueError, match="unresolved placeholder #anchor"):
            serialize.append_inline(parent, [NoteAnchor()])
    assert NoteAnchor not in serialize._FIXED_TAGS


# --- transforms: where the note markers are ------------------------------------


def reference_anchors_and_pending(
    nodes: tuple[Inline | Block, ...], anchors: list[NoteAnchor] | None = None, pending: list[PendingNote] | None = None
) -> tuple[list[NoteAnchor], list[PendingNote]]:
    anchors = [] if anchors is None else anchors
    pending = [] if pending is None else pending
    for node in nodes:
        if isinstance(node, NoteAnchor):
            anchors.append(node)
        elif isinstance(node, PendingNote):
            pending.append(node)
            reference_anchors_and_pending(node.children, anchors, pending)
        elif isinstance(node, Element) and node.children:
            reference_anchors_and_pending(node.children, anchors, pending)
    return anchors, pending


def _marker_trees() -> st.SearchStrategy[list[Inline]]:
    leaves: st.SearchStrategy[Inline] = st.one_of(_TEXTS, st.builds(NoteAnchor), st.builds(Gap))
    return st.lists(
        st.recursive(
            leaves,
            lambda inner: st.one_of(
                st.builds(Supplied, children=st.lists(inner, max_size=3).map(tuple)),
                st.builds(PendingNote, children=st.lists(inner, max_size=3).map(tuple)),
            ),
            max_leaves=10,
        ),
        max_size=6,
    )


@given(nodes=_marker_trees())
@example([Supplied((NoteAnchor(),)), Supplied(("a",)), PendingNote((NoteAnchor(),))])
def test_markers_are_found_as_before(nodes: list[Inline]) -> None:
    found = transforms._anchors_and_pending(tuple(nodes))
    expected = reference_anchors_and_pending(tuple(nodes))
    assert [list(map(id, group)) for group in found] == [list(map(id, group)) for group in expected]


def test_an_element_of_one_string_is_not_walked() -> None:
    with _counted(transforms, "_anchors_and_pending") as calls:
        transforms._anchors_and_pending((Supplied(("the",)), " ", Name(("Kim",)), Supplied((NoteAnchor(),))))
    # the call made here, and one into the last element only (the walk calls itself through the module)
    assert len(calls) == 2
    anchors, _ = transforms._anchors_and_pending((Supplied((NoteAnchor(),)),))
    assert len(anchors) == 1


# --- body: word counts, the order of the seam tests ----------------------------


_SPACES = " \t\n\u00a0\u2003\u3000\x1c\x85"


@given(text=st.text(alphabet=f"ab{_SPACES}", max_size=40), limit=st.integers(0, 14))
def test_words_counted_up_to_a_limit_answer_as_the_whole_count(text: str, limit: int) -> None:
    words = len(text.split())
    assert body._words_up_to(text, limit) == min(words, limit + 1)
    assert (body._words_up_to(text, limit) <= limit) == (words <= limit)
    assert (body._words_up_to(text, limit) >= limit) == (words >= limit)


def _paragraph(text: str, start: int) -> body.BodyBlock:
    return body.BodyBlock("p", LayoutBlock((Line(text, start),)))


def test_a_capitalised_paragraph_after_another_is_not_read_for_a_seam() -> None:
    state = DocumentState(Source.from_text(""))
    first = _paragraph("The talks went on without a pause", 0)
    with _counted(body, "_is_plain_paragraph") as calls:
        joined = body._join_seams([first, _paragraph("The delegation left the next day.", 40)], state)
    assert calls == [] and len(joined) == 2
    joined = body._join_seams([first, _paragraph("and the delegation left.", 80)], state)
    assert len(joined) == 1 and [decision.kind for decision in state.decisions] == ["seam"]


def test_the_seam_join_reads_the_same_paragraphs_as_before() -> None:
    # The tests are pure, so their order cannot change which pairs join: every pair of
    # paragraphs with and without a capital, a full stop, a number.
    texts = ["The end.", "the end", "The end", "the end.", "(1) the point", "and so on", "... [15]"]
    for before in texts:
        for after in texts:
            state = DocumentState(Source.from_text(""))
            joined = body._join_seams([_paragraph(before, 0), _paragraph(after, 40)], state)
            expected = (
                body._is_plain_paragraph(before)
                and body._is_plain_paragraph(after)
                and not body.ends_a_sentence(before)
                and after[:1].islower()
            )
            assert (len(joined) == 1) == expected, (before, after)


def test_blocks_without_markers_pass_through_the_note_pairing() -> None:
    state = DocumentState(Source.from_text("a* b c"))
    marker = NoteAnchor(offset=1)
    blocks = [Block("p", ("a", marker)), Block("p", ("b",)), Block("p", (Supplied(("c",)),))]
    with _counted(transforms, "_report_orphan_markers") as calls:
        result = transforms.attach_notes(blocks, state)
    # the block with the marker (nothing waits yet), the next (the marker waits: reported), and the end;
    # not the third block, before which nothing waits
    assert len(calls) == 3
    assert result[1] is blocks[1] and result[2] is blocks[2]
    assert result[0].children == ("a", "*")
    assert [(decision.kind, decision.col) for decision in state.decisions] == [("orphan-marker", 2)]
