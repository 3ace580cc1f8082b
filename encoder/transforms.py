"""Stage 5, transforms: whole-document passes over the model.

:func:`attach_notes` pairs asterisk markers with their notes and puts each note
at its marker. Before and after, for seed ``1965-06-04``::

    p: … the magazine "Hongqi"<NoteAnchor>.
    #note-paragraph: In 1964 the corresponding Chinese articles …

    p: … the magazine "Hongqi"<note place="foot" n="*" rend="paragraph">In 1964 …</note>.

A note paragraph belongs to the markers of the block just before it, first
note to first marker; a run-in note (``… \\* (Nodong …)``) to the markers of its
own paragraph. A marker without a note and a run-in note without a marker
become text again (as written) and are reported; a note paragraph without a
marker stays a note where it stands.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from typing import Literal

from encoder import patterns
from encoder.inline.core import DocumentState
from encoder.model import Block, Element, Inline, Note, NoteAnchor, PendingNote, has_words
from encoder.vocabulary import NoteRend


def _anchors_and_pending(
    nodes: tuple[Inline | Block, ...],
    anchors: list[NoteAnchor] | None = None,
    pending: list[PendingNote] | None = None,
) -> tuple[list[NoteAnchor], list[PendingNote]]:
    """The note markers and run-in notes among ``nodes``, at any depth, in text order.

    One pair of lists for the whole walk: a paragraph has hundreds of
    elements, most of them without children, and two lists per element cost
    more than the walk."""
    anchors = [] if anchors is None else anchors
    pending = [] if pending is None else pending
    for node in nodes:
        if isinstance(node, str):
            continue  # half the nodes: one test, not three
        if isinstance(node, NoteAnchor):
            anchors.append(node)
        elif isinstance(node, PendingNote):
            pending.append(node)
            _anchors_and_pending(node.children, anchors, pending)
        elif (
            isinstance(node, Element)
            and (children := node.children)
            and (len(children) > 1 or not isinstance(children[0], str))  # one string (a supplied word) holds neither
        ):
            _anchors_and_pending(children, anchors, pending)
    return anchors, pending


# "Produced in 4 copies for: …, archive": a list that ends in a lower-case word, not a cut.
_LIST_LINE = patterns.compile(
    r"^(?:Distributed|Distribution|Copies|Copy|Produced|Printed|Sent|Made|Typed|Drafted|Present|Participants)\b[^.]*:"
)


def report_truncation(state: DocumentState) -> None:
    """A transcript that stops in mid-word (``… would not particip``) is reported, never completed."""
    text = state.source.text.rstrip()
    last_line = text.rsplit("\n", 1)[-1]
    last_word = last_line.rsplit(None, 1)[-1] if last_line.strip() else ""
    # A running sentence (not a signature, list or copy line) that ends in a lower-case word.
    listing = _LIST_LINE.match(last_line.strip()) is not None
    if last_word.isalpha() and last_word.islower() and len(last_line.split()) >= 8 and not listing:
        state.record(
            "truncated",
            len(text) - len(last_word),
            last_word,
            "encoded as it stands",
            confidence="low",
            message="the transcript ends without final punctuation: it may have been cut off",
        )


_MARKER_RENDS: dict[tuple[str, str], NoteRend] = {
    ("paragraph", "escaped"): "paragraph escaped-marker",
    ("run-in", "escaped"): "run-in escaped-marker",
    ("paragraph", "plain"): "paragraph plain-marker",
    ("run-in", "plain"): "run-in plain-marker",
}


def _note_rend(placement: Literal["paragraph", "run-in"], marker: str, state: DocumentState) -> NoteRend:
    """``paragraph``/``run-in``, plus the marker's form where it is not the document's usual one."""
    if marker == "\\*" and not state.markdown:
        return _MARKER_RENDS[(placement, "escaped")]
    if marker == "*" and state.markdown:
        return _MARKER_RENDS[(placement, "plain")]
    return placement


def attach_notes(blocks: list[Block], state: DocumentState) -> list[Block]:
    notes_for: dict[int, Note] = {}  # id(anchor) → its note
    paired_pending: set[int] = set()
    waiting: deque[NoteAnchor] = deque()
    result: list[Block] = []
    holding: set[int] = set()  # indexes in result of the blocks that hold a marker or run-in note
    for block in blocks:
        if block.name == "#note-paragraph":
            inner_anchors, inner_pending = _anchors_and_pending(block.children)
            marker = dict(block.attrs)["marker"]
            note = Note(
                children=block.children,
                n="*",
                rend=_note_rend("paragraph", marker, state),
                offset=block.offset,
            )
            # A note pairs with the first waiting marker written the same way.
            match = next((anchor for anchor in waiting if anchor.marker == marker), None)
            if match is not None:
                waiting.remove(match)
                notes_for[id(match)] = note
            else:
                _report(state, block.offset, "orphan-note", "a note paragraph with no marker before it")
                if inner_anchors or inner_pending:
                    holding.add(len(result))
                result.append(Block("#flat", (note,), offset=block.offset))
                # A later note paragraph cannot go back past this one to a marker before it: it would
                # stand before this note, no longer after it ("i*" ⏎ "\* ;" ⏎ "* t").
                _report_orphan_markers(state, waiting)
                waiting = deque()
            continue
        anchors, pending = _anchors_and_pending(block.children)
        if not anchors and not pending:  # most blocks: what follows would pair nothing and change nothing
            if waiting:
                _report_orphan_markers(state, waiting)
                waiting = deque()
            result.append(block)
            continue
        queue = deque(anchors)
        pairs: list[tuple[NoteAnchor, PendingNote]] = []
        for run_in in pending:
            if not has_words(run_in.children):
                # "… \\* (p. 3)": a note of marks alone says nothing; marker and marks stay as written
                _report(state, run_in.offset, "note-of-marks", "a run-in note that holds only a page or omission mark")
                continue
            marker = run_in.opener.strip()
            # "]* \* w\*": a marker inside the note's own text cannot be the note's place
            own = {id(anchor) for anchor in _anchors_and_pending(run_in.children)[0]}
            match = next((anchor for anchor in queue if anchor.marker == marker and id(anchor) not in own), None)
            if match is not None:
                queue.remove(match)
                pairs.append((match, run_in))
        if len(pairs) < len(pending):
            # A run-in note runs to the end of its paragraph; when one of them finds no
            # marker, the text between them is no note at all: every one stays text.
            queue = deque(anchors)
            pairs = []
        for match, run_in in pairs:
            notes_for[id(match)] = Note(
                children=run_in.children,
                n="*",
                rend=_note_rend("run-in", run_in.opener.strip(), state),
                offset=run_in.offset,
            )
            paired_pending.add(id(run_in))
        _report_orphan_markers(state, waiting)
        waiting = queue
        if anchors or pending:
            holding.add(len(result))
        result.append(block)
    _report_orphan_markers(state, waiting)
    # Only the blocks that hold a marker or a run-in note change (a note paragraph
    # paired with its marker moves into the marker's block, which holds it); the
    # others, most of a document, are kept as they are.
    return [
        dataclasses.replace(block, children=_rebuild(block.children, notes_for, paired_pending))
        if index in holding
        else block
        for index, block in enumerate(result)
    ]


def _rebuild(nodes: tuple[Inline, ...], notes_for: dict[int, Note], paired: set[int]) -> tuple[Inline, ...]:
    """``nodes`` with each marker replaced by its note (or its text), each run-in note by its text if unpaired.

    An element that holds neither, at any depth, is kept as it is, not copied."""
    rebuilt: list[Inline] = []
    changed = False
    for node in nodes:
        if isinstance(node, NoteAnchor):
            changed = True
            note = notes_for.get(id(node))
            if note is None:
                rebuilt.append(node.marker)
            else:
                rebuilt.append(dataclasses.replace(note, children=_rebuild(note.children, notes_for, paired)))
        elif isinstance(node, PendingNote):
            changed = True
            if id(node) not in paired:
                rebuilt.append(node.opener)
                rebuilt.extend(_rebuild(node.children, notes_for, paired))
        elif isinstance(node, Element) and node.children:
            children = _rebuild(node.children, notes_for, paired)
            if children is node.children:
                rebuilt.append(node)
            else:
                changed = True
                rebuilt.append(dataclasses.replace(node, children=children))
        else:
            rebuilt.append(node)
    return tuple(rebuilt) if changed else nodes


def _report_orphan_markers(state: DocumentState, anchors: deque[NoteAnchor]) -> None:
    for anchor in anchors:
        _report(state, anchor.offset, "orphan-marker", "a note marker whose note was not found")


def _report(state: DocumentState, offset: int | None, kind: str, message: str) -> None:
    state.record(kind, offset or 0, "*", "kept as written", confidence="low", message=message)
