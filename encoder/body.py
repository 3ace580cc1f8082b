"""Stage 3b, body structure: body blocks → ``opener``, paragraphs, ``closer``, ``postscript``.

Each source block becomes one TEI block, so the round trip can restore the
blank lines between them. This module decides where the opener ends and the
closer begins and encodes the paragraphs between; what an opener, closer or
postscript line *is* (routing note, salute, dateline, signature, distribution
list) lives in :mod:`encoder.letters`.

* **paragraphs**: ``p``; ``(1) …`` → ``p[@n="1"]``; ``1. Details of …`` → ``head[@n="1"]``;
  ``(Ambassador Pan: …)`` → ``p/said[@who][@rend='parenthesized']`` and ``MILLER: …`` (a speaker in
  capitals opening a paragraph) → ``p/said[@who]``, each with the speaker as ``label``;
  a note paragraph ``\\* …`` → the note of the marker before it; a block of one page or
  omission mark → the mark in the div (a block of several marks, ``...[16]``, stays a ``p``
  so the round trip keeps them on one line);
  a paragraph split mid-sentence → joined, with a seam (:mod:`encoder.inline.seams`).
* **opener** (first blocks, while they look like routing matter), **closer** (last
  blocks, while they look like signatures and datelines) and **postscript**
  (``Distributed to: …``, ``14 copies printed``): built by :mod:`encoder.letters`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from encoder import patterns
from encoder.blocks import Block, MappedText
from encoder.dates import parse_date
from encoder.inline import DocumentState, parse_inline, parse_note_body
from encoder.inline.footnotes import NOTE_PARAGRAPH
from encoder.inline.note_markers import NOTE_OPENING, marker_id
from encoder.inline.note_references import endnote_id
from encoder.layout import INLINE_SPEAKER
from encoder.letters import (
    DISTRIBUTION,
    build_closer,
    build_opener,
    build_postscript,
    continues_opener,
    ends_with_date,
    is_closer,
    is_signature_line,
    line_opener_kind,
    segments_kind,
)
from encoder.line_shapes import LETTERSPACED, ends_a_sentence, names_document, unbold
from encoder.model import Block as TeiBlock
from encoder.model import Gap, Note, PageBreak, Said, generic
from encoder.overrides import ROLE_OF_KIND
from encoder.structure import (
    PAGE_LINE,
    build_list,
    build_page_line,
    build_participants,
    build_participants_inline,
    build_rule,
    build_speech,
    build_stage,
    build_table,
    slug,
    speaker_of,
)

# --- opener -----------------------------------------------------------------


# --- body ---------------------------------------------------------------------

_ENDNOTE = patterns.compile(r"^\[(?P<n>\d{1,3})\]\s+(?=\S)")
# "agreement[1]": (?<=[^\s\[])\[…, the lookbehind after the bracket, so that the engine skips to brackets.
_ENDNOTE_REFERENCE = patterns.compile(r"\[(?<=[^\s\[]\[)(?P<n>\d+)\]")
_NUMBERED_POINT = patterns.compile(r"^\((?P<n>\d{1,3})\)\s+\S")
_NUMBERED_HEAD = patterns.compile(r"^(?P<n>\d{1,2}|[IVX]{1,5})\.\s+[A-Z\[“\"]")
# "2. The delegation …", "IV. Relations …": a numbered paragraph (or, short, a numbered heading).
_NUMBERED_PARAGRAPH = patterns.compile(r"^(?P<n>\d{1,3}|[IVX]{1,5})\.\s+\S")
# "1 On 21 October I delivered …": points a cipher clerk numbered without a dot (a sentence follows).
_BARE_NUMBERED_PARAGRAPH = patterns.compile(r"^(?P<n>\d{1,2}) (?=[A-Z][a-z]+ (?:\S+ ){5,})")
# "(Ambassador Pan: …)", "(Interjection by Comrade Lee: …)"
_INTERJECTION = patterns.compile(
    r"^\((?:(?:Interjection|Interruption|Remark)(?: by| from)?\s+(?P<by>[^:()]{2,60})"
    r"|(?P<who>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3})):\s.*\)$",
    re.DOTALL,
)

# --- closer and postscript ------------------------------------------------------


class BodyBlock(NamedTuple):
    """A body block with the role the structure stage gave it.

    A named tuple: every block of a document gets one, some two, and a frozen
    dataclass sets each field through ``object.__setattr__``.
    """

    role: str  # "opener", "head", "p", "note", "closer", "postscript"
    block: Block


def _is_title_line(block: Block) -> bool:
    return len(block.lines) == 1 and _is_title_text(block.text)


def _is_title_text(text: str) -> bool:
    """A title line: a few words, or one word in capitals ("TELEGRAM"), no final punctuation."""
    text = unbold(text)
    words = text.split()
    one_word_title = len(words) == 1 and len(text) >= 4 and text.isupper()
    return (1 < len(words) <= 25 or one_word_title) and text[:1].isupper() and not ends_a_sentence(text)


def _opener_kind(block: Block, previous: str | None = None) -> str | None:
    text = block.text
    if NOTE_PARAGRAPH.match(text) or _NUMBERED_POINT.match(text):
        return None
    if len(block.lines) == 1 and not block.blank_before and previous == "opener" and continues_opener(text):
        return "opener"
    kinds = [segments_kind(line.text) for line in block.lines]
    if all(kinds) or (
        len(kinds) > 1
        and any(kinds)
        and all(
            k
            or _is_title_text(line.text)
            or (index and continues_opener(line.text))
            or (index and kinds[index - 1] in {"letterhead", "salute"} and line.text[:1].islower())
            for index, (k, line) in enumerate(zip(kinds, block.lines, strict=True))
        )
    ):
        return "opener"
    if (_is_title_line(block) and not _NUMBERED_HEAD.match(text)) or LETTERSPACED.match(text):
        return "head"
    if names_document(block.lines[0].text) and len(block.text.split()) <= MAX_TITLE_WORDS:
        return "head"  # "MEMORANDUM" / "on the deliveries of goods …": the document's title over two lines
    return None


def endnote_numbers(blocks: list[Block]) -> frozenset[str]:
    """Numbers of ``[n] …`` note paragraphs that some ``word[n]`` in the text refers to."""
    text = "\n".join(block.text for block in blocks)
    numbers = {match.group("n") for block in blocks if (match := _ENDNOTE.match(block.text))}
    if not numbers:
        return frozenset()  # most documents: no note paragraphs, so no need to read the text for references
    # One pass over the text, not one per note (a list of 999 notes made that quadratic).
    referred = {match.group("n") for match in _ENDNOTE_REFERENCE.finditer(text)}
    return frozenset(numbers & referred)


def _points_in_sequence(blocks: list[Block]) -> frozenset[int]:
    """Blocks opening with a bare number (``1 On 21 October …``) whose neighbour number opens another.

    A lone ``1 The figures …`` is more likely a note than a point: only a sequence counts.
    """
    numbers: dict[int, int] = {}
    for block in blocks:
        match = _BARE_NUMBERED_PARAGRAPH.match(block.text)
        if match:
            numbers.setdefault(int(match.group("n")), block.start)
    return frozenset(start for number, start in numbers.items() if number - 1 in numbers or number + 1 in numbers)


def marked_notes(blocks: list[Block], bracketed: frozenset[str] = frozenset()) -> tuple[frozenset[str], frozenset[int]]:
    """The markers of ``1 …``/``x/ …`` notes and the indexes of their blocks.

    Digit notes count only below a rule line (``————``), where a list of notes
    is expected; ``x/`` notes also at the end without one. A marker counts only
    when the text also uses it, and a number only when no ``[n] …`` note has it
    (``bracketed``): the two would be one note twice, with one identifier, so the
    unbracketed one stays a paragraph.
    """
    rules = [index for index, block in enumerate(blocks) if block.role == "rule"]
    first = rules[-1] + 1 if rules else 0
    text = "\n".join(block.text for block in blocks[:first] if not NOTE_OPENING.match(block.text)) if rules else ""
    markers: set[str] = set()
    indexes: set[int] = set()
    for index in range(first, len(blocks)):
        opening = NOTE_OPENING.match(blocks[index].text)
        if not opening:
            continue
        marker = opening.group("marker")
        if marker in bracketed:
            continue
        if marker.startswith("x"):
            others = "\n".join(block.text for i, block in enumerate(blocks) if i != index)
            used = re.search(rf"(?<![A-Za-z/]){re.escape(marker)}(?![\w/])", others) is not None
        else:
            used = bool(rules) and re.search(rf"(?:[A-Za-zÀ-ž)\]\"”’.]|, ?){marker}(?=[\s.,;:)]|$)", text) is not None
        if used and marker not in markers:
            markers.add(marker)
            indexes.add(index)
    return frozenset(markers), frozenset(indexes)


def assign_roles(
    blocks: list[Block], endnotes: frozenset[str] = frozenset(), marked: frozenset[int] = frozenset()
) -> list[BodyBlock]:
    """Give every body block its role: opener and closer zones first, then the rest."""
    unclaimed = set(endnotes)

    def is_endnote(block: Block) -> bool:
        match = _ENDNOTE.match(block.text)
        if match and match.group("n") in unclaimed:
            unclaimed.discard(match.group("n"))  # one note per number: the first
            return True
        return False

    start = 0
    roles: list[BodyBlock] = []
    speeches = sum(1 for block in blocks if speaker_of(block) is not None)
    while start < len(blocks):
        if speeches >= 2 and speaker_of(blocks[start]) is not None:
            break  # "Comrade Ionescu:" opening a record of speeches is a speaker, not a salutation
        if _is_description_only(blocks[start]):
            # "[Stamp: …]" above the letterhead: a note standing among the opening lines
            roles.append(BodyBlock("description", blocks[start]))
            start += 1
            continue
        kind = _opener_kind(blocks[start], roles[-1].role if roles else None)
        continues = start + 1 < len(blocks) and blocks[start + 1].text[:1].islower()
        document_title = kind == "head" and names_document(blocks[start].lines[0].text)
        if kind is None or (kind == "head" and continues and not document_title):
            break  # a "title" whose sentence goes on in the next block is half a paragraph
        roles.append(BodyBlock(kind, blocks[start]))
        if document_title and continues and len(blocks[start + 1].text.split()) <= MAX_TITLE_WORDS:
            start += 1  # "MEMORANDUM" ⏎ "on the deliveries of goods …": the title's second line
            roles.append(BodyBlock("head", blocks[start]))
        start += 1
    end = len(blocks)
    tail: list[BodyBlock] = []
    while end > start:
        block = blocks[end - 1]
        endnote = _ENDNOTE.match(block.text)
        if end - 1 in marked:
            tail.insert(0, BodyBlock("marked-note", block))
        elif block.role == "rule":
            tail.insert(0, BodyBlock("rule", block))  # "————" above the notes: a milestone after the closer
        elif endnote and endnote.group("n") in endnotes:
            # Notes at the end are passed over, so the signature before them is still found.
            tail.insert(0, BodyBlock("#endnote-candidate", block))
        elif _is_description_only(block) and end - 1 > start:
            # "[handwritten: "To the archive"]" below the signature: a note after the closer
            tail.insert(0, BodyBlock("description", block))
        elif TRAILING_SUMMARY.match(block.text) and not tail:
            # the unlabelled page layout puts the summary after the body
            tail.insert(0, BodyBlock("summary", block))
        elif DISTRIBUTION.match(block.text):
            tail.insert(0, BodyBlock("postscript", block))
        elif (split := _signature_then_distribution(block)) is not None and end - 1 > start:
            # "Drafted by: I. Mocanu" ⏎ "Produced in 4 copies for: …" in one block
            tail[:0] = [BodyBlock("closer", split[0]), BodyBlock("postscript", split[1])]
        elif (first_line := _distribution_above(blocks, start, end)) is not None:
            # "Three copies printed" / "No. 4 – to the archive" / "Typed 23/10-65", one line each
            tail.insert(0, BodyBlock("postscript", _merged(blocks[first_line:end])))
            end = first_line
            continue
        elif block.role == "list-item" and (first_item := _list_after_distribution(blocks, start, end)) is not None:
            # "Produced in 4 copies for:" and its dash list
            tail.insert(0, BodyBlock("postscript", _merged(blocks[first_item - 1 : end])))
            end = first_item - 1
            continue
        elif _OMISSION_ONLY.match(block.text):
            # After a closer TEI allows only marks such as gap; an omission mark is
            # always a gap, whereas a number may turn out to be no page.
            tail.insert(0, BodyBlock("p", block))
        elif is_closer(block) and not NOTE_PARAGRAPH.match(block.text) and end - 1 > start:
            tail.insert(0, BodyBlock("closer", block))
        else:
            break
        end -= 1
    in_participants = False
    for position in range(start, end):
        block = blocks[position]
        following = blocks[position + 1] if position + 1 < end else None
        in_participants = bool(_PARTICIPANTS.match(block.text)) or (
            in_participants and not block.blank_before and _is_participant_line(block)
        )
        if position in marked:
            roles.append(BodyBlock("marked-note", block))
        elif in_participants and not _PARTICIPANTS.match(block.text):
            roles.append(BodyBlock("participant", block))
        elif is_endnote(block):
            roles.append(BodyBlock("endnote", block))
        elif NOTE_PARAGRAPH.match(block.text):
            roles.append(BodyBlock("note", block))
        elif _is_short_numbered_item(blocks, position, start, end):
            roles.append(BodyBlock("list-item", block))
        elif _is_heading(block, following):
            roles.append(BodyBlock("head", block))
        else:
            roles.append(BodyBlock(_structure_role(block), block))
    for index, body_block in enumerate(tail):
        if body_block.role == "#endnote-candidate":
            tail[index] = BodyBlock("endnote" if is_endnote(body_block.block) else "p", body_block.block)
    return _merge_line_runs(roles + tail)


def _signature_then_distribution(block: Block) -> tuple[Block, Block] | None:
    """A block whose first lines sign and whose last lines distribute: the two parts."""
    for index in range(1, len(block.lines)):
        if DISTRIBUTION.match(block.lines[index].text):
            head, rest = block.lines[:index], block.lines[index:]
            if all(is_signature_line(line.text) for line in head):
                return (
                    Block(head, role=block.role, blank_before=block.blank_before),
                    Block(rest, role=block.role, blank_before=False),
                )
            return None
    return None


def _distribution_above(blocks: list[Block], start: int, end: int) -> int | None:
    """The distribution line that heads the run of lines (no blank line between) ending at ``end``."""
    index = end - 1
    while index > start and not blocks[index].blank_before and end - index <= MAX_MERGED_LINES:
        if _ENDNOTE.match(blocks[index].text) or NOTE_PARAGRAPH.match(blocks[index].text):
            return None
        if blocks[index].role in {"rule", "note"}:
            return None  # the notes below a rule are no part of a distribution list
        index -= 1
        if DISTRIBUTION.match(blocks[index].text):
            return index
    return None


def _list_after_distribution(blocks: list[Block], start: int, end: int) -> int | None:
    first = end - 1
    while first > start and blocks[first - 1].role == "list-item":
        first -= 1
    if first - 1 >= start and DISTRIBUTION.match(blocks[first - 1].text):
        return first
    return None


def _merged(blocks: list[Block]) -> Block:
    return Block(
        tuple(line for block in blocks for line in block.lines),
        role=blocks[0].role,
        blank_before=blocks[0].blank_before,
    )


def _merge_line_runs(roles: list[BodyBlock]) -> list[BodyBlock]:
    """Opener and closer lines laid out one per line are one opener, one closer."""
    merged: list[BodyBlock] = []
    for body_block in roles:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.role == body_block.role
            and body_block.role in {"opener", "closer"}
            and not body_block.block.blank_before
            and len(previous.block.lines) < MAX_MERGED_LINES
        ):
            merged[-1] = BodyBlock(body_block.role, _merged([previous.block, body_block.block]))
        else:
            merged.append(body_block)
    return merged


MAX_MERGED_LINES = 12


# "Present: Comrades Emil Bodnăraș, …": the label and the names on one line.
_PRESENT_INLINE = patterns.compile(r"^(?:Participants|Present|Attending|Attendees|Those present)\s*:\s+\S")
_PARTICIPANTS = patterns.compile(r"^(?:Participants|Present|Attending|Attendees|Those present)\s*:$", re.IGNORECASE)


MAX_HEADING_WORDS = 12
# "Stenographic Record" ⏎ "of the meeting of the delegations … on 30 September 1966 in …": a title names its occasion
MAX_TITLE_WORDS = 40
MAX_ITEM_WORDS = 8


def _is_short_numbered_item(blocks: list[Block], position: int, start: int, end: int) -> bool:
    """``1. Trade`` / ``2. Aid`` on lines of their own, one under the other: a numbered list, not headings."""

    def short_numbered(index: int) -> bool:
        if not start <= index < end:
            return False
        block = blocks[index]
        return (
            len(block.lines) == 1
            and _NUMBERED_PARAGRAPH.match(block.text) is not None
            and len(block.text.split()) <= MAX_ITEM_WORDS
        )

    if not short_numbered(position):
        return False
    block = blocks[position]
    next_joined = short_numbered(position + 1) and not blocks[position + 1].blank_before
    previous_joined = short_numbered(position - 1) and not block.blank_before
    return next_joined or previous_joined


def _words_up_to(text: str, limit: int) -> int:
    """``len(text.split())``, or ``limit + 1`` when there are more words: compared with a limit, the same answer.

    The rules ask whether a block has at most twelve words, or twenty, of every
    paragraph of a document; ``split(None, limit)`` stops after ``limit + 1``
    words instead of making a list of all of them (its last item holds the rest).
    """
    return len(text.split(None, limit))


def _is_participant_line(block: Block) -> bool:
    text = block.text
    return len(block.lines) == 1 and len(text.split()) <= MAX_PARTICIPANT_WORDS and not text.endswith(".")


def _is_heading(block: Block, following: Block | None) -> bool:
    """A short line without final punctuation, standing alone before running text: a heading."""
    text = block.text
    if LETTERSPACED.match(text) and len(text.split()) <= MAX_TITLE_WORDS:
        return True
    if len(block.lines) != 1 or following is None or block.role not in {"text", "numbered"}:
        return False
    words = _words_up_to(text, MAX_HEADING_WORDS)
    return (
        1 <= words <= MAX_HEADING_WORDS
        and text[:1].isupper()
        and "," not in text
        and line_opener_kind(text) is None
        and not ends_a_sentence(text)
        and not parse_date(text)
        and not ends_with_date(text)
        and (following.text[:1].isupper() or following.text[:1].isdigit())
        and (following.role != "text" or len(following.text) > len(text))
        and "[" not in text
    )


def _structure_role(block: Block) -> str:
    """The role of a body block in the middle zone, from its layout role and text."""
    if block.role in {"list-item", "table-row", "stage", "rule"}:
        return block.role
    if block.role == "page-number" and PAGE_LINE.match(block.text):
        return "page-line"
    if _PARTICIPANTS.match(block.text):
        return "participants"
    if _PRESENT_INLINE.match(block.text) and len(block.lines) == 1:
        return "participants-inline"
    found = speaker_of(block)
    if found is not None:
        return "speaker" if len(block.lines) == 1 and found[1] == len(block.text) else "speech"
    return "p"


def _is_description_only(block: Block) -> bool:
    """A block that is one bracketed description (nested brackets allowed): ``[MFA Stamp: [Archive stamp: …]]``."""
    text = block.text
    if not (text.startswith("[") and text.endswith("]")) or not _DESCRIPTION_WORD.match(text.lstrip("[")):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += (char == "[") - (char == "]")
        if depth <= 0 and index < len(text) - 1:
            return False  # the first bracket closes before the end: more than one bracket
    return depth == 0


_DESCRIPTION_WORD = patterns.compile(
    r"^(?:[\w.’'-]+ ){0,3}(?:stamp|seal|handwritten|handwriting|hand-written|resolution|note|marginal|letterhead)",
    re.IGNORECASE,
)
TRAILING_SUMMARY = patterns.compile(r"^(?:\*\*)?Summary:(?:\*\*)?\s+\S")
_OMISSION_ONLY = patterns.compile(r"^(?:\.\.\.|…|\[(?:\.\.\.|…|….)\])$")
_MARKS_ONLY = patterns.compile(r"^(?:\s|\.\.\.|…|\[(?:\d{1,4}|\.\.\.|…|….)\])+$")


def _only_marks(text: str) -> bool:
    return bool(_MARKS_ONLY.match(text))


# --- building -------------------------------------------------------------------


@dataclass(slots=True)
class BodyResult:
    blocks: list[TeiBlock]
    speakers: dict[str, str]  # xml:id → name as written


def build_body(blocks: list[Block], state: DocumentState) -> BodyResult:
    state.endnotes = endnote_numbers(blocks)
    state.marked_notes, marked = marked_notes(blocks, state.endnotes)
    state.bare_numbered = _points_in_sequence(blocks)
    roles = _with_editors_roles(_join_seams(assign_roles(blocks, state.endnotes, marked), state), state)
    state.endnotes, state.marked_notes = _placed_notes(roles)
    _report_structure(roles, state)
    speakers: dict[str, str] = {}
    built: list[TeiBlock] = []
    index = 0
    while index < len(roles):
        body_block = roles[index]
        run_end = _run_end(roles, index)
        run = [member.block for member in roles[index:run_end]]
        role = body_block.role
        if role == "list-item":
            built.append(build_list(run, state))
        elif role == "table-row":
            built.append(build_table(run, state))
        elif role in {"speaker", "speech"}:
            built.append(build_speech(run, state, speakers, lambda block: _build_paragraph(block, state, speakers)))
        elif role in {"participants", "participant"}:
            built.append(build_participants(run[0], run[1:], state))
        elif role == "participants-inline":
            built.append(build_participants_inline(body_block.block, state))
        elif role == "stage":
            built.append(build_stage(body_block.block, state))
        elif role == "rule":
            built.append(build_rule(body_block.block, state))
        elif role == "page-line":
            built.append(
                build_page_line(body_block.block, state) or _build_paragraph(body_block.block, state, speakers)
            )
        else:
            built.append(_BUILDERS[role](body_block.block, state, speakers))
        index = run_end
    return BodyResult(_paragraphs_after_closer_as_postscripts(built), speakers)


def _with_editors_roles(roles: list[BodyBlock], state: DocumentState) -> list[BodyBlock]:
    """The blocks with the roles an editor chose (``heading`` → ``paragraph``, …) in place of the rules'."""
    if not state.editor_roles:
        return roles
    result = []
    for body_block in roles:
        choice = state.editor_roles.get(body_block.block.start)
        if choice is not None and body_block.role == ROLE_OF_KIND.get(choice.identifier.split(":", 1)[0]):
            state.editor_applied.add(choice.identifier)
            body_block = BodyBlock(choice.encoding, body_block.block)
        result.append(body_block)
    return result


def _paragraphs_after_closer_as_postscripts(built: list[TeiBlock]) -> list[TeiBlock]:
    """TEI lets no paragraph follow the closer: one there (a bracket below the signature that
    turned out to be no description, say) is a postscript, which is what it is to a reader."""
    closed = False
    result: list[TeiBlock] = []
    for block in built:
        if closed and block.name == "p":
            block = TeiBlock("postscript", (generic("p", block.children, **dict(block.attrs)),), offset=block.offset)
        closed = closed or block.name in {"closer", "postscript"}
        result.append(block)
    return result


def _run_end(roles: list[BodyBlock], index: int) -> int:
    """Where the run of blocks that makes one structure, starting at ``index``, ends."""
    role = roles[index].role
    end = index + 1
    if role in {"list-item", "table-row"}:
        while end < len(roles) and roles[end].role == role:
            end += 1
    elif role == "speaker":
        # A label alone on its line: the speech is every paragraph up to the next structure,
        # or, after the last speaker, up to a paragraph that reports rather than speaks.
        while end < len(roles) and not _NARRATIVE.match(roles[end].block.text):
            if roles[end].role == "p":
                end += 1
            elif (
                roles[end].role == "stage"
                and end + 1 < len(roles)
                and roles[end + 1].role == "p"
                and not _NARRATIVE.match(roles[end + 1].block.text)
            ):
                end += 1  # "(Applause.)" inside a speech that goes on after it
            else:
                break
    elif role == "participants":
        while end < len(roles) and roles[end].role == "participant":
            end += 1
    return end


MAX_PARTICIPANT_WORDS = 14
# "The conversation lasted …", "At the end …": the record speaks again, not the speaker.
_NARRATIVE = patterns.compile(
    r"^(?:The (?:conversation|meeting|talks?|session|discussion|reception|visit)\b|At the end\b|In conclusion\b"
    r"|After (?:the|this) (?:conversation|meeting|talks?)\b)"
)

# Roles that rules give on weaker evidence than a label or a marker: each is a decision for the report.
_DOUBTFUL_ROLES = {
    "head": ("heading", "a short line without final punctuation", ("paragraph",)),
    "closer": ("closer", "the last lines read as signature, dateline or closing formula", ("paragraphs",)),
    "participant": ("participants", "a short line under 'Participants:' read as one of them", ("paragraph",)),
}


def _short_unpunctuated(block: Block) -> bool:
    text = block.text
    return (
        len(block.lines) == 1
        and _words_up_to(text, MAX_HEADING_WORDS) <= MAX_HEADING_WORDS
        and not ends_a_sentence(text)
    )


MIN_PROSE_WORDS = 20


def _is_prose(body_block: BodyBlock) -> bool:
    """A paragraph of running text: the letter's own text, between its opening and closing lines."""
    return (
        body_block.role in {"p", "speaker", "speech"}
        and _words_up_to(body_block.block.text, MIN_PROSE_WORDS) >= MIN_PROSE_WORDS
    )


def _report_structure(roles: list[BodyBlock], state: DocumentState) -> None:
    """List in the review report the structure decisions taken on weak evidence.

    Headings from short lines, the lines read as the closer, the edges of the
    opener (the last line taken, the first one left), and speeches that take in
    more than one paragraph.
    """
    opener_end = next((index for index, body_block in enumerate(roles) if body_block.role != "opener"), len(roles))
    if 0 < opener_end < len(roles) and len(roles[opener_end].block.text.split()) <= MAX_HEADING_WORDS:
        block = roles[opener_end].block
        state.record(
            "opener-end", block.start, block.text[:60], "first line after the opening lines",
            alternatives=("one more opening line",),
            message="the opening lines (routing, classification, addressee) end before this short line",
        )  # fmt: skip
    prose = [index for index, body_block in enumerate(roles) if _is_prose(body_block)]
    # Without a full paragraph there is no text proper to stand before or after.
    first_prose, last_prose = (prose[0], prose[-1]) if prose else (-1, len(roles))
    for index, body_block in enumerate(roles):
        doubtful = _DOUBTFUL_ROLES.get(body_block.role)
        block = body_block.block
        editors = state.editor_roles.get(block.start)
        if editors is not None and editors.identifier in state.editor_applied:
            # The editor gave the block its role: the same decision (and id), now theirs.
            state.record(
                editors.identifier.split(":", 1)[0], block.start, block.text[:60], body_block.role,
                message="the block's role, as the editor chose it",
            )  # fmt: skip
            continue
        numbered = _NUMBERED_PARAGRAPH.match(block.text)
        if body_block.role == "p" and numbered and len(block.text.split()) <= MAX_HEADING_WORDS:
            state.record(
                "numbered-paragraph", block.start, block.text[:60], "numbered paragraph",
                alternatives=("numbered heading", "list item"),
                message="a short numbered line read as a paragraph",
            )  # fmt: skip
        elif body_block.role == "p" and _short_unpunctuated(block):
            state.record(
                "short-paragraph", block.start, block.text[:60], "paragraph",
                alternatives=("heading", "opening or closing line"),
                message="a short line without final punctuation, kept as a paragraph",
            )  # fmt: skip
        elif body_block.role == "p" and (index < first_prose or index > last_prose):
            # above the first or below the last full paragraph: where the opening and closing lines stand
            state.record(
                "edge-paragraph", block.start, block.text[:60], "paragraph",
                alternatives=("opening line", "closing line"),
                message="a paragraph before the text proper or after it, where letters put their opening "
                "and closing lines",
            )  # fmt: skip
        if doubtful is not None and not (body_block.role == "head" and LETTERSPACED.match(block.text)):
            kind, message, alternatives = doubtful
            state.record(
                kind, block.start, block.text[:60], body_block.role, alternatives=alternatives, message=message
            )
        if body_block.role == "speaker":
            for member in roles[index + 2 : _run_end(roles, index)]:
                state.record(
                    "speech-extent", member.block.start, member.block.text[:60], "part of the speech above",
                    alternatives=("a paragraph of the record",),
                    message="a paragraph after a speech with no speaker label of its own",
                )  # fmt: skip


@dataclass(frozen=True, slots=True)
class _JoinedBlock(Block):
    """Two or more parts of a paragraph joined across seams (indexes into the joined text)."""

    joined: MappedText | None = None
    seams: tuple[int, ...] = ()

    def mapped(self) -> MappedText:
        assert self.joined is not None
        return self.joined

    @property
    def text(self) -> str:
        assert self.joined is not None
        return self.joined.text


def _placed_notes(roles: list[BodyBlock]) -> tuple[frozenset[str], frozenset[str]]:
    """The numbers of ``[n] …`` and the markers of ``n …`` notes whose blocks became notes.

    References point only to those: a ``[1] …`` block read as the letterhead has no note
    for ``word[1]`` to point to, so the bracket stays text.
    """
    endnotes = {
        match.group("n") for role in roles if role.role == "endnote" and (match := _ENDNOTE.match(role.block.text))
    }
    marked = {
        match.group("marker")
        for role in roles
        if role.role == "marked-note" and (match := NOTE_OPENING.match(role.block.text))
    }
    return frozenset(endnotes), frozenset(marked)


def _join_seams(roles: list[BodyBlock], state: DocumentState) -> list[BodyBlock]:
    joined: list[BodyBlock] = []
    for body_block in roles:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.role == body_block.role == "p"
            # The cheap tests first: nine paragraphs in ten start with a capital (all are pure tests).
            and body_block.block.text[:1].islower()
            and not ends_a_sentence(previous.block.text)
            and _is_plain_paragraph(previous.block.text)
            and _is_plain_paragraph(body_block.block.text)
        ):
            first, second = previous.block.mapped(), body_block.block.mapped()
            seam_at = len(first.text) + 1
            earlier = previous.block.seams if isinstance(previous.block, _JoinedBlock) else ()
            anchors = first.anchors + tuple((index + seam_at, offset) for index, offset in second.anchors)
            merged = MappedText(first.text + " " + second.text, anchors)
            state.record(
                "seam",
                second.offset(0),
                f"{first.text[-30:]} ¶ {second.text[:30]}",
                "one paragraph",
                alternatives=("two paragraphs",),
                message="a paragraph ends without punctuation and the next starts in lower case",
            )
            joined_block = _JoinedBlock(
                previous.block.lines + body_block.block.lines, joined=merged, seams=(*earlier, seam_at)
            )
            joined[-1] = BodyBlock("p", joined_block)
            continue
        joined.append(body_block)
    return joined


def _is_plain_paragraph(text: str) -> bool:
    return not (
        _NUMBERED_POINT.match(text)
        or _INTERJECTION.match(text)
        or INLINE_SPEAKER.match(text)
        or _only_marks(text)
        or NOTE_PARAGRAPH.match(text)
    )


def _build_paragraph(block: Block, state: DocumentState, speakers: dict[str, str]) -> TeiBlock:
    mapped = block.mapped()
    text = mapped.text
    interjection = _INTERJECTION.match(text)
    if interjection:
        # "(Ambassador Pan: …)": an interjection kept in place
        match = interjection
        name_group = "who" if match.group("who") else "by"
        who = match.group(name_group)
        key = slug(who)
        speakers.setdefault(key, who)
        label_start, label_end = 1, match.end(name_group) + 1  # "Interjection by", the speaker, the colon
        label = generic("label", (text[label_start:label_end],))
        inner = parse_inline(mapped.slice(label_end, len(text) - 1), state)
        said = Said(children=(label, *inner), who=f"#{key}", rend="parenthesized", offset=block.start)
        return TeiBlock("p", (said,), offset=block.start)
    numbered = _NUMBERED_POINT.match(text)
    if numbered:
        return TeiBlock("p", tuple(parse_inline(mapped, state)), (("n", numbered.group("n")),), block.start)
    if isinstance(block, _JoinedBlock):
        return TeiBlock("p", tuple(parse_inline(mapped, state, block.seams)), offset=block.start)
    head = _NUMBERED_HEAD.match(text)
    if head and len(block.lines) == 1 and len(text.split()) <= 25 and not ends_a_sentence(text):
        return TeiBlock("head", tuple(parse_inline(mapped, state)), (("n", head.group("n")),), block.start)
    bare = _BARE_NUMBERED_PARAGRAPH.match(text) if block.start in state.bare_numbered else None
    numbered_paragraph = _NUMBERED_PARAGRAPH.match(text) or bare
    if numbered_paragraph:
        numbered_nodes = tuple(parse_inline(mapped, state))
        return TeiBlock("p", numbered_nodes, (("n", numbered_paragraph.group("n")),), block.start)
    nodes = parse_inline(mapped, state)
    if len(nodes) == 1 and isinstance(nodes[0], Gap | PageBreak):
        # A block holding one page or omission mark: the mark stands between paragraphs.
        return TeiBlock("#flat", tuple(nodes), offset=block.start)
    return TeiBlock("p", tuple(nodes), offset=block.start)


def _build_note_paragraph(block: Block, state: DocumentState, speakers: dict[str, str]) -> TeiBlock:
    mapped = block.mapped()
    marker = NOTE_PARAGRAPH.match(mapped.text)
    assert marker is not None
    nodes = parse_note_body(mapped.slice(marker.end()), state)
    return TeiBlock("#note-paragraph", tuple(nodes), (("marker", marker.group().strip()),), offset=block.start)


def _build_endnote(block: Block, state: DocumentState, speakers: dict[str, str]) -> TeiBlock:
    mapped = block.mapped()
    marker = _ENDNOTE.match(mapped.text)
    assert marker is not None
    number = marker.group("n")
    note = Note(
        children=tuple(parse_note_body(mapped.slice(marker.end()), state)),
        type="editorial",
        place="end",
        n=number,
        xml_id=endnote_id(number),
        offset=block.start,
    )
    return TeiBlock("#flat", (note,), offset=block.start)


def _build_description(block: Block, state: DocumentState, speakers: dict[str, str]) -> TeiBlock:
    """A bracketed description alone after the closer: a note between blocks (TEI allows no ``p`` there)."""
    nodes = parse_inline(block.mapped(), state)
    if len(nodes) == 1 and isinstance(nodes[0], Note):
        return TeiBlock("#flat", tuple(nodes), offset=block.start)
    return TeiBlock("p", tuple(nodes), offset=block.start)


def _build_marked_note(block: Block, state: DocumentState, speakers: dict[str, str]) -> TeiBlock:
    mapped = block.mapped()
    opening = NOTE_OPENING.match(mapped.text)
    assert opening is not None
    marker = opening.group("marker")
    note = Note(
        children=tuple(parse_note_body(mapped.slice(opening.end()), state)),
        type="editorial", place="end", n=marker, xml_id=marker_id(marker), rend="unbracketed", offset=block.start,
    )  # fmt: skip
    return TeiBlock("#flat", (note,), offset=block.start)


def _build_summary(block: Block, state: DocumentState, speakers: dict[str, str]) -> TeiBlock:
    """``Summary: …`` after the body: the header's abstract, kept where the page has it."""
    nodes = tuple(parse_note_body(block.mapped(), state))
    note = Note(children=nodes, type="summary", place="end", xml_id="summary", offset=block.start)
    return TeiBlock("#flat", (note,), offset=block.start)


def _build_head(block: Block, state: DocumentState, speakers: dict[str, str]) -> TeiBlock:
    letterspaced = LETTERSPACED.match(block.text)
    if letterspaced:
        # "N o t e on …" → <hi rend="letterspaced">Note</hi> on …; words were set apart by wider gaps
        mapped = block.mapped()
        words = re.split(r" {2,}", letterspaced.group("spaced"))
        spaced = generic("hi", (" ".join(word.replace(" ", "") for word in words),), rend="letterspaced")
        before = mapped.text[: letterspaced.start("spaced")]
        rest = parse_inline(mapped.slice(letterspaced.end("spaced")), state)
        return TeiBlock("head", (*((before,) if before else ()), spaced, *rest), offset=block.start)
    head = _NUMBERED_HEAD.match(block.text)
    attrs = (("n", head.group("n")),) if head else ()
    return TeiBlock("head", tuple(parse_inline(block.mapped(), state)), attrs, block.start)


_Builder = Callable[[Block, DocumentState, dict[str, str]], TeiBlock]
_BUILDERS: dict[str, _Builder] = {
    "opener": build_opener,
    "head": _build_head,
    "summary": _build_summary,
    "marked-note": _build_marked_note,
    "description": _build_description,
    "p": _build_paragraph,
    "note": _build_note_paragraph,
    "endnote": _build_endnote,
    "closer": build_closer,
    "postscript": build_postscript,
}

__all__ = ["BodyResult", "build_body"]
