"""The machinery shared by every inline rule: state, constructs, the tree builder.

A rule does not build XML. It proposes a :class:`Construct`: a span of the
block text, the sub-spans (``parts``) whose content is parsed recursively, and
a function that turns the parsed parts into model nodes. :func:`assemble`
accepts constructs by priority, rejects any that would cross an accepted one
(well-formedness), and nests the rest. Whatever no construct covers stays
text, so no character is ever dropped.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from encoder.blocks import MappedText
from encoder.inline.acceptance import accept
from encoder.model import Element, Inline
from encoder.overrides import EditorChoice
from encoder.reading import Source
from encoder.registers import Register
from encoder.report import Decision

QUOTATION = "quotation"  # the kind of a quotation construct, the one markup an abbr may hold

Parts = list[list[Inline]]
Builder = Callable[[Parts, int], Sequence[Inline]]


class Construct(NamedTuple):
    """A rule's proposal: a span of the block, its parts parsed in turn, and how to build its nodes.

    A named tuple, not a frozen dataclass: a block makes one for every bracket,
    name and date it reads, and a frozen dataclass's ``__init__`` sets each of
    its nine fields through ``object.__setattr__`` (~1 µs a construct, six times a tuple's).
    """

    start: int
    end: int
    parts: tuple[tuple[int, int], ...]
    build: Builder
    priority: int
    kind: str
    nested: bool = True  # False: the parts are plain text, no markup may nest inside
    # Parts that are plain text though others nest: the TEI element they become holds
    # text only (a gloss, an expansion), so a page, gap or supplied word there stays as written.
    text_parts: frozenset[int] = frozenset()
    # Parts that hold text and quotations only: an abbr may be quoted ("ZhMZhb" [Renmin Ribao]),
    # but a date, a page or a seam inside it would be markup abbr cannot hold.
    quoted_text_parts: frozenset[int] = frozenset()

    def contains(self, other: Construct) -> bool:
        return self.start <= other.start and other.end <= self.end and self != other

    def crosses(self, other: Construct) -> bool:
        return (self.start < other.start < self.end < other.end) or (other.start < self.start < other.end < self.end)

    def part_holding(self, other: Construct) -> int | None:
        for index, (start, end) in enumerate(self.parts):
            if start <= other.start and other.end <= end:
                return index
        return None

    def may_hold(self, other: Construct) -> bool:
        """``other`` (inside this construct) may become markup inside this one's element."""
        if not self.nested:
            return False
        part = self.part_holding(other)  # looked for once, not again by holds_text_only
        return part is not None and not self._part_holds_text_only(part, other)

    def holds_text_only(self, other: Construct) -> bool:
        """The part that holds ``other`` becomes an element that cannot hold it as markup."""
        return self._part_holds_text_only(self.part_holding(other), other)

    def _part_holds_text_only(self, part: int | None, other: Construct) -> bool:
        return part in self.text_parts or (part in self.quoted_text_parts and other.kind != QUOTATION)


@dataclass(slots=True)
class DocumentState:
    """Parse state that runs through the whole document, passed explicitly."""

    source: Source
    folio_from: int | None = None
    folio_to: int | None = None
    last_folio: int | None = None
    last_page: int | None = None  # the last "- 4 -" or bare page line
    inline_page_lines: frozenset[int] = frozenset()  # offsets of page numbers inside wrapped paragraphs
    bare_numbered: frozenset[int] = frozenset()  # starts of "1 On 21 October …" points numbered in sequence
    year: int | None = None
    markdown: bool = False
    endnotes: frozenset[str] = frozenset()  # numbers of the "[n] …" note paragraphs
    marked_notes: frozenset[str] = frozenset()  # markers of "1 …", "x/ …" notes below a rule line
    claimed_markers: set[str] = field(default_factory=set)  # markers already referenced
    decisions: list[Decision] = field(default_factory=list)
    # An editor's choices (encoder.overrides, applied by .editor_choices): source
    # offset → the choice there, and the ids of the choices that took effect.
    editor_choices: dict[int, EditorChoice] = field(default_factory=dict)
    editor_applied: set[str] = field(default_factory=set)
    # block start → the role the editor gave the block (applied by encoder.body)
    editor_roles: dict[int, EditorChoice] = field(default_factory=dict)
    # The edition's register of persons, places and organisations (encoder.registers): names link to it.
    register: Register | None = None

    def checkpoint(self) -> DocumentState:
        """A copy to go back to when a parse is given up: its pages, markers and decisions go with it."""
        return dataclasses.replace(
            self,
            claimed_markers=set(self.claimed_markers),
            decisions=list(self.decisions),
            editor_applied=set(self.editor_applied),
        )

    def restore(self, checkpoint: DocumentState) -> None:
        for kept in dataclasses.fields(self):
            setattr(self, kept.name, getattr(checkpoint, kept.name))

    def record(
        self,
        kind: str,
        offset: int,
        text: str,
        chosen: str,
        *,
        alternatives: Sequence[str] = (),
        confidence: str = "medium",
        message: str = "",
    ) -> None:
        """Add a decision at a source offset to the review report."""
        line, col = self.source.position(offset)
        self.decisions.append(
            Decision(
                kind=kind,
                text=text,
                line=line,
                col=col,
                chosen=chosen,
                alternatives=tuple(alternatives),
                confidence=confidence,
                message=message,
            )
        )


@dataclass(slots=True)
class BlockContext:
    """One block's text, its map to the source, and the document state."""

    mapped: MappedText
    state: DocumentState
    seams: tuple[int, ...] = ()  # where two transcript blocks were joined
    # mapped.text, which the rules read a thousand times a document: an attribute, not a property.
    text: str = field(init=False)
    # What to add to an index of a text of one piece (a paragraph on one line, most of them)
    # for its source offset; None for a text of several pieces.
    _shift: int | None = field(init=False)

    def __post_init__(self) -> None:
        self.text = self.mapped.text
        anchors = self.mapped.anchors
        self._shift = anchors[0][1] - anchors[0][0] if len(anchors) == 1 else None

    def offset(self, index: int) -> int:
        """The source offset of ``text[index]``: ``mapped.offset``, with no search in a text of one piece.

        With one anchor ``mapped.offset`` always takes that one, whatever the index.
        """
        shift = self._shift
        return index + shift if shift is not None else self.mapped.offset(index)

    def decide(
        self,
        kind: str,
        start: int,
        end: int,
        chosen: str,
        *,
        alternatives: Sequence[str] = (),
        confidence: str = "medium",
        message: str = "",
    ) -> None:
        self.state.record(
            kind,
            self.offset(start),
            self.text[start:end],
            chosen,
            alternatives=alternatives,
            confidence=confidence,
            message=message,
        )


# ``\b`` before a word, written after the word's first letter (see alternatives_by_first_letter).
WORD_STARTS_BEFORE_IT = r"(?<!\w.)"


def alternatives_by_first_letter(words: Sequence[str], after_first: str) -> str:
    """``on|at|of`` as ``o{after_first}(?:n|f)|a{after_first}(?:t)``: the same matches, tried in the same order.

    CPython's regex engine skips ahead to the positions where a match can begin only when a
    pattern begins with a literal, a character class or alternatives that each begin with a
    literal; a pattern that begins with a lookbehind (``\\b``, a name's ``BEFORE``) is tried at
    every position with each of its alternatives. Written this way a pattern begins with the
    words' first letters, and ``after_first``, the lookbehind moved past that letter and made one
    character wider (``(?<!\\w.)`` for ``\\b``), still looks at the character before the word.
    Alternatives with different first letters cannot both match at one position, so grouping
    them by first letter, each group in its words' order, keeps which one is tried first.
    Each word is a regex fragment whose first character is a plain letter.
    """
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{first}{after_first}(?:{'|'.join(rest)})" for first, rest in rests.items())


LOOKBEHIND_WINDOW = 80


def match_before(pattern: re.Pattern[str], text: str, end: int) -> re.Match[str] | None:
    """``pattern`` (anchored with ``$``) matched just before ``end``.

    Searching only a window keeps rules linear: a search from the start of a
    long paragraph for every bracket would be quadratic. No word, name or
    quoted term that a rule looks back for is longer than the window.
    """
    return pattern.search(text, max(0, end - LOOKBEHIND_WINDOW), end)


def leaf(start: int, end: int, node: Element, *, priority: int, kind: str) -> Construct:
    # The node records its source offset as every built node does (the report points to it).
    return Construct(start, end, (), lambda parts, offset: [dataclasses.replace(node, offset=offset)], priority, kind)


def assemble(context: BlockContext, constructs: list[Construct], start: int, end: int) -> list[Inline]:
    """Accept constructs by priority without crossings, then build the nested nodes."""
    acceptance = accept(constructs)
    for rejection in acceptance.rejected:
        candidate = rejection.candidate
        if rejection.reason == "crosses":
            message = f"{candidate.kind} crosses other markup; kept as text"
        else:
            other = rejection.other.kind if rejection.other is not None else "construct"
            message = (
                f"a {candidate.kind} and a {other}: the one inside would be markup in an element "
                "that holds text only; kept as text"
            )
        context.decide(
            "overlap" if rejection.reason == "crosses" else "text-only",
            candidate.start,
            candidate.end,
            "literal text",
            alternatives=(candidate.kind,),
            confidence="low",
            message=message,
        )
    return _build_range(context, acceptance.accepted, start, end)


def _build_range(context: BlockContext, constructs: list[Construct], start: int, end: int) -> list[Inline]:
    """Nodes for ``text[start:end]``; ``constructs`` never cross and are in text order (outer first)."""
    nodes: list[Inline] = []
    starts = [construct.start for construct in constructs]
    position = start
    index = 0
    while index < len(constructs):
        construct = constructs[index]
        if construct.start < position or construct.end > end:
            index += 1
            continue
        if construct.start > position:
            nodes.append(context.text[position : construct.start])
        following = index + 1
        if following == len(constructs) or starts[following] > construct.end:
            inner = []  # the next one starts after this one ends (four in five): none inside, no search
        else:
            inner = _inside(constructs, starts, index)
        if inner:
            parts: Parts = [_build_range(context, inner, p_start, p_end) for p_start, p_end in construct.parts]
        else:
            # Nothing nested (a supplied word, a name): each part is its text, or nothing when
            # empty, which is what _build_range makes of a range without constructs.
            text = context.text
            parts = [[piece] if (piece := text[p_start:p_end]) else [] for p_start, p_end in construct.parts]
        nodes.extend(construct.build(parts, context.offset(construct.start)))
        position = construct.end
        index = following + len(inner)
    if position < end:
        nodes.append(context.text[position:end])
    return _merge_text(nodes)


def _inside(constructs: list[Construct], starts: list[int], index: int) -> list[Construct]:
    """The constructs after ``constructs[index]`` that it contains, found by bisection.

    As they never cross, those are the ones that start before it ends, and an
    empty one at its very end, which sorts after the constructs starting there.
    """
    outer = constructs[index]
    if outer.start == outer.end:
        return []  # it contains nothing: an accepted construct never has its span
    stop = bisect.bisect_left(starts, outer.end, index + 1)
    inner = constructs[index + 1 : stop]
    last = bisect.bisect_right(starts, outer.end, stop) - 1
    if last >= stop and constructs[last].end == outer.end:
        inner.append(constructs[last])
    return inner


def _merge_text(nodes: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for node in nodes:
        if isinstance(node, str):
            if not node:
                continue
            if merged and isinstance(merged[-1], str):
                merged[-1] += node
                continue
        merged.append(node)
    return merged
