"""The conversion pipeline: transcript → validated TEI.

    read → blocks → header → body (structure + inline rules) → transforms
         → serialize → validate

Each stage is a module of its own; this one only runs them in order and
gathers the review decisions. The output is validated against the project's
schema and Schematron before anyone sees it: if the converter ever produces
invalid TEI, that is a bug, and it fails loudly with
:class:`~encoder.errors.OutputInvalidError` instead of writing the file.
"""

from __future__ import annotations

import bisect
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from encoder import patterns
from encoder.body import TRAILING_SUMMARY, build_body
from encoder.citation import is_uri
from encoder.dates import find_dates
from encoder.edition import find_edition_file, load_edition, register_path
from encoder.errors import Diagnostic, OutputInvalidError, Severity
from encoder.header import (
    Metadata,
    apply_sidecar,
    load_sidecar,
    parse_header,
    sidecar_path,
)
from encoder.inline import DocumentState, parse_header_names
from encoder.layout import analyse
from encoder.limits import TRANSCRIPT_SIZE_LIMIT, read_transcript_within
from encoder.model import Block, Date, Element, Inline
from encoder.overrides import (
    LITERAL,
    NAME_ENCODINGS,
    REGISTER_ID,
    Plan,
    decisions_path,
    load_decisions,
    plan_overrides,
)
from encoder.provenance import stamp, text_digest
from encoder.reading import ControlCharPolicy, Source, read_bytes, read_text, refuse_xml
from encoder.registers import Register, load_register_cached
from encoder.report import EDITOR_DECIDED, Decision, in_position_order
from encoder.serialize import TEI_NS, XML_NS, Places, build_document, mark_editors_decisions, tei_xpaths
from encoder.transforms import attach_notes, report_truncation

if TYPE_CHECKING:
    from encoder.edition import EditionConfig
    from encoder.settings.decisions import DecisionsFile
    from encoder.settings.sidecar import Sidecar


@dataclass(frozen=True, slots=True)
class ConversionResult:
    tree: etree._ElementTree
    metadata: Metadata
    decisions: tuple[Decision, ...]
    diagnostics: tuple[Diagnostic, ...]
    source: Source | None = None  # the transcript read, for messages that quote its lines
    transcript_digest: str | None = None  # text_digest of source.text, made once (it is in the header too)

    def decision_diagnostics(self, severity: Severity = Severity.INFO) -> tuple[Diagnostic, ...]:
        """The doubtful decisions as messages: ``file:line:col: info: KIND: message [id]``."""
        name = self.source.name if self.source else "<input>"
        found = []
        for decision in self.decisions:
            if decision.confidence in _NOT_DOUBTFUL:
                continue
            source_line = self.source.line_text(decision.line) if self.source else None
            message = f"{decision.message or decision.chosen} [{decision.id}]"
            found.append(
                Diagnostic(decision.kind.upper(), severity, message, name, decision.line, decision.col, source_line)
            )
        return tuple(found)

    @property
    def doubtful_count(self) -> int:
        """How many :meth:`decision_diagnostics` there are, without making them (each quotes its source line)."""
        return sum(decision.confidence not in _NOT_DOUBTFUL for decision in self.decisions)

    def to_bytes(self) -> bytes:
        """The TEI file as written: serialized, with the stamp that tells later runs it is untouched."""
        data = serialize_tree(self.tree)
        return stamp(data, self.transcript_digest or text_digest(self.source.text)) if self.source else data


_NOT_DOUBTFUL = ("high", EDITOR_DECIDED)


def serialize_tree(tree: etree._ElementTree) -> bytes:
    # Pretty printing indents element-only content and leaves mixed content
    # alone, so no text changes; it makes diffs of the corpus reviewable.
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def convert(
    text: str,
    *,
    name: str = "<input>",
    sidecar: Sidecar | None = None,
    validate: bool = True,
    timestamp: str | None = None,
    output_path: Path | None = None,
    control_chars: ControlCharPolicy = "error",
) -> ConversionResult:
    """Convert a transcript given as text."""
    return convert_source(
        read_text(text, name, control_chars=control_chars),
        sidecar=sidecar,
        validate=validate,
        timestamp=timestamp,
        output_path=output_path,
    )


def convert_file(
    path: Path,
    *,
    encoding: str | None = None,
    control_chars: ControlCharPolicy = "error",
    sidecar: Sidecar | None = None,
    validate: bool = True,
    timestamp: str | None = None,
    output_path: Path | None = None,
    edition: EditionConfig | None = None,
    schema_base: str | None = None,
    size_limit: int | None = None,
    register: Register | None = None,
    decisions_named: bool = True,
    schema_dir: Path | None = None,
) -> ConversionResult:
    """Convert a transcript file; ``NAME.meta.toml`` beside it supplies metadata.

    ``edition`` defaults to the corpus's ``edition.toml`` (see :mod:`encoder.edition`),
    ``register`` to the register that file names.
    A file larger than ``size_limit`` (default: the edition's ``max-input-size``,
    else :data:`~encoder.limits.TRANSCRIPT_SIZE_LIMIT`) is refused unread.
    ``decisions_named`` and ``schema_dir`` are described at :func:`convert_source`.
    """
    beside = sidecar_path(path)
    if sidecar is None and beside.is_file():
        sidecar = load_sidecar(beside)
    elif sidecar is not None and beside.is_file():
        sidecar = load_sidecar(beside).model_copy(update=sidecar.given())
    edition_file = find_edition_file(path)
    if edition is None and edition_file is not None:
        edition = load_edition(edition_file)
        if register is None and (found := register_path(edition, edition_file)) is not None:
            register = load_register_cached(found)
    limit = size_limit or (edition.max_input_size if edition else None) or TRANSCRIPT_SIZE_LIMIT
    data = read_transcript_within(path, limit)
    source = read_bytes(data, str(path), encoding=encoding, control_chars=control_chars)
    refuse_xml(source)
    decisions_file = decisions_path(path)
    editor = load_decisions(decisions_file) if decisions_file.is_file() else None
    return convert_source(
        source,
        sidecar=sidecar,
        validate=validate,
        timestamp=timestamp,
        output_path=output_path,
        editor=editor,
        edition=edition,
        document_name=path.stem,
        schema_base=schema_base,
        register=register,
        decisions_named=decisions_named,
        schema_dir=schema_dir,
    )


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Run without Python's cyclic garbage collector, then restore it as it was.

    A conversion allocates hundreds of thousands of small objects that live
    until it ends; the collector would scan that growing heap again and again,
    which took half the time of a paragraph of 100,000 marks and grew faster
    than the input. Whatever cycles a conversion leaves are collected after it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_cycle_collector_paused()
def convert_source(
    source: Source,
    *,
    sidecar: Sidecar | None = None,
    validate: bool = True,
    timestamp: str | None = None,
    output_path: Path | None = None,
    editor: DecisionsFile | None = None,
    edition: EditionConfig | None = None,
    document_name: str = "",
    schema_base: str | None = None,
    register: Register | None = None,
    decisions_named: bool = True,
    schema_dir: Path | None = None,
) -> ConversionResult:
    """Convert a decoded transcript; ``editor`` holds an editor's decisions to apply.

    With decisions, the transcript is read twice: once to find the decisions
    and their places (the ids name them), once with the editor's choices.

    Without ``decisions_named`` the decisions come back as the rules recorded
    them, neither sorted nor given their ids and TEI places (``tei_element``, an
    XPath each): for a caller that only counts them (a batch ``convert`` without
    ``--report`` or ``--strict``), which spares ~5 % of a conversion. The TEI is
    the same either way; an editor's decisions are matched by id, so with
    ``editor`` the decisions are always named.

    ``schema_dir`` is the ``schema/`` folder the ``xml-model`` instructions point
    to (default: :func:`~encoder.validation.schema_dir_for` ``output_path``, which
    looks for it in every folder above): a batch looks it up once per output
    folder, not once per document.
    """
    plan = Plan()
    if editor is not None and editor.decisions:
        first = convert_source(
            source, sidecar=sidecar, validate=False, timestamp=timestamp, edition=edition,
            document_name=document_name, register=register,
        )  # fmt: skip
        offsets = source.line_starts
        made = {
            decision.id: (
                decision.kind,
                offsets[decision.line - 1] + decision.col - 1,
                decision.text,
                decision.chosen,
            )
            for decision in first.decisions
        }
        plan = plan_overrides(editor.decisions, made, source.name)
    find_dates.cache_clear()  # the cache serves the stages of one document, and holds no other's text
    layout = analyse(source, plan.forced_breaks)
    blocks = layout.blocks
    metadata, body_blocks_in, diagnostics = parse_header(blocks, source.name, source.text)
    if not source.text.strip():
        diagnostics.append(_empty_transcript(source))
    if metadata.summary is None and body_blocks_in and (summary := TRAILING_SUMMARY.match(body_blocks_in[-1].text)):
        metadata = replace(metadata, summary=body_blocks_in[-1].text[summary.end() - 1 :].strip())
    if sidecar is not None:
        metadata = apply_sidecar(metadata, sidecar)
    state = _initial_state(source, metadata)
    state.inline_page_lines = layout.inline_page_lines
    state.editor_choices = plan.choice_at
    state.editor_roles = plan.role_at
    state.register = register
    if metadata.url and not is_uri(metadata.url):
        state.record(
            "url-not-a-uri", max(source.text.find(metadata.url), 0), metadata.url,
            "kept in the header's text, not as idno[@type='URI']",
            message="a web address that is not a valid URI (a typo, or text run into it): kept as written",
        )  # fmt: skip
        metadata = replace(metadata, url=None)
    for residue in metadata.residue:
        state.record(
            "website-residue", max(source.text.find(residue), 0), residue, "kept as notesStmt/note[@type='residue']",
            message="a line the publishing website left in the page: kept, never taken as the title",
        )  # fmt: skip
    for label, value in metadata.unplaced:
        state.record(
            "header-field-unplaced", max(source.text.find(f"{label}:"), 0), f"{label}: {value}"[:60],
            "kept as notesStmt/note[@type='unplaced']",
            message=f"the header field {label!r} has no place of its own in the TEI header: kept, not read",
        )  # fmt: skip
    for doubt in layout.decisions:
        joined = doubt.kind == "layout-join"
        state.record(
            doubt.kind, doubt.offset, doubt.text,
            "one block" if joined else "two blocks",
            alternatives=("two blocks" if joined else "one block",),
            message=f"a line break between blocks or inside one: {doubt.evidence}",
        )  # fmt: skip
    summary_names = None
    if metadata.summary:  # the summary's names, found in the transcript where it stands
        summary_at = max(source.text.find(metadata.summary), 0)
        summary_names = parse_header_names(metadata.summary, summary_at, state)
    body = build_body(body_blocks_in, state)
    body_blocks = attach_notes(body.blocks, state)
    report_truncation(state)
    metadata = _infer_missing(metadata, body_blocks, state)
    checksum = text_digest(source.text)
    places: Places = []
    tree = build_document(
        metadata,
        body_blocks,
        speakers=body.speakers,
        checksum=checksum,
        timestamp=timestamp,
        places=places,
        edition=edition,
        document_name=document_name,
        summary=summary_names,
    )
    if decisions_named or editor is not None:
        decisions = _with_tei_places(
            in_position_order(state.decisions, lambda decision: _surroundings(source, decision)), tree, places, source
        )
    else:
        decisions = tuple(state.decisions)
    if editor is not None and plan.applied:
        decisions, applied = _take_editors_decisions(decisions, plan, state.editor_applied, diagnostics, source.name)
        if applied:
            mark_editors_decisions(tree, editor.editor, applied)
    diagnostics.extend(plan.diagnostics)
    _add_xml_model(tree, output_path, schema_base or (edition.schema_base if edition else None), schema_dir)
    if validate:
        _validate_own_output(tree, source.name)
    return ConversionResult(tree, metadata, decisions, tuple(diagnostics), source, checksum)


def _surroundings(source: Source, decision: Decision) -> tuple[str, str]:
    """The text of the decision's paragraph before and after it: the words that tell alike decisions apart.

    Within the paragraph (up to a blank line), so that an edit of another
    paragraph does not change the decision's id."""
    if not 0 < decision.line <= len(source.line_starts):
        return "", ""
    offset = source.line_starts[decision.line - 1] + decision.col - 1
    before = _PARAGRAPH_BREAK.split(source.text[max(0, offset - 200) : offset])[-1]
    end = offset + len(decision.text)
    after = _PARAGRAPH_BREAK.split(source.text[end : end + 200])[0]
    return before, after


_PARAGRAPH_BREAK = patterns.compile(r"\n[ \t]*\n")


def _with_tei_places(
    decisions: tuple[Decision, ...], tree: etree._ElementTree, places: Places, source: Source
) -> tuple[Decision, ...]:
    """Each decision with the element its markup became, or the block that holds its place.

    The element made at the decision's own offset wins (the innermost, when a
    paragraph starts with it); otherwise the last block that starts before it.
    """
    at_offset = {offset: element for offset, element in places}  # later (deeper) elements overwrite
    blocks = sorted(
        ((offset, index, element) for index, (offset, element) in enumerate(places) if _is_block(element)),
        key=lambda place: (place[0], place[1]),
    )
    block_offsets = [offset for offset, _index, _element in blocks]
    header = tree.getroot().find(f"{{{TEI_NS}}}teiHeader")
    placed: list[tuple[Decision, etree._Element | None]] = []
    for decision in decisions:
        line_start = source.line_starts[min(decision.line, len(source.line_starts)) - 1]
        offset = line_start + decision.col - 1
        element = _header_place(header, decision) if decision.kind in _HEADER_KINDS else at_offset.get(offset)
        if element is None:
            position = bisect.bisect_right(block_offsets, offset) - 1
            element = blocks[position][2] if position >= 0 else header  # before the body: a header line
        placed.append((decision, element))
    xpaths = iter(tei_xpaths([element for _decision, element in placed if element is not None]))
    located = []
    for decision, element in placed:
        if element is None:
            located.append(decision)
            continue
        identifier = element.get(f"{{{XML_NS}}}id") or ""
        located.append(replace(decision, tei_element=next(xpaths), tei_id=identifier))
    return tuple(located)


# Decisions about what the header holds, with the header element that holds it.
_HEADER_KINDS = {
    "inferred-title": "tei:fileDesc/tei:titleStmt/tei:title[@type='main']",
    "website-residue": "tei:fileDesc/tei:notesStmt/tei:note[@type='residue']",
    "header-field-unplaced": "tei:fileDesc/tei:notesStmt/tei:note[@type='unplaced']",
}


# Each path compiled once per process: ``header.xpath(path)`` compiled it again for every decision.
_HEADER_KIND_XPATHS: dict[str, etree.XPath] = {}


def _header_place(header: etree._Element | None, decision: Decision) -> etree._Element | None:
    if header is None:
        return None
    find = _HEADER_KIND_XPATHS.get(decision.kind)
    if find is None:
        find = _HEADER_KIND_XPATHS[decision.kind] = etree.XPath(
            _HEADER_KINDS[decision.kind], namespaces={"tei": TEI_NS}
        )
    candidates: list[etree._Element] = find(header)
    # The note that says what the decision's text says, else the first of its kind.
    wanted = " ".join(decision.text.split())[:40]
    saying = [c for c in candidates if " ".join("".join(c.itertext()).split()).startswith(wanted)]
    return (saying or candidates)[0] if candidates else None


# Every element is in the TEI namespace: comparing tags spares a QName object for each of
# the hundred or so places a document's decisions are looked up in.
_BLOCK_PARENTS = frozenset({f"{{{TEI_NS}}}div", f"{{{TEI_NS}}}body"})


def _is_block(element: etree._Element) -> bool:
    parent = element.getparent()
    return parent is not None and parent.tag in _BLOCK_PARENTS


def _take_editors_decisions(
    decisions: tuple[Decision, ...],
    plan: Plan,
    took_effect: set[str],
    diagnostics: list[Diagnostic],
    name: str,
) -> tuple[tuple[Decision, ...], dict[str, str]]:
    """The report with the editor's decisions marked as theirs; the ones that took effect."""
    applied: dict[str, str] = {}
    for identifier, choice in plan.applied.items():
        if identifier in plan.choice_at_ids | plan.role_at_ids and identifier not in took_effect:
            why = (
                "this decision adds no markup to leave out, so 'literal' changes nothing"
                if choice == LITERAL
                else "the block is no longer read that way (an earlier choice changed it?)"
                if identifier in plan.role_at_ids
                else f"no name stands exactly there, or the register has no entry {choice!r}"
                if REGISTER_ID.fullmatch(choice) or choice in NAME_ENCODINGS
                else f"no bracket pair stands exactly there to encode as {choice!r} (the brackets are unbalanced?)"
            )
            diagnostics.append(Diagnostic("DECISION-NOT-APPLIED", Severity.WARNING, f"{identifier!r}: {why}", name))
            continue
        applied[identifier] = choice
    marked = tuple(
        replace(decision, chosen=applied[decision.id], confidence=EDITOR_DECIDED)
        if decision.id in applied
        else decision
        for decision in decisions
    )
    return marked, applied


def _initial_state(source: Source, metadata: Metadata) -> DocumentState:
    state = DocumentState(source, markdown="markdown" in metadata.layout.split())
    citation = metadata.citation
    if citation and citation.folio_from is not None:
        state.folio_from, state.folio_to = citation.folio_from, citation.folio_to
    when = metadata.date_when or (citation.date_when if citation else None)
    if when:
        state.year = int(when[:4])  # completes "28 [December]"
    return state


def _infer_missing(metadata: Metadata, blocks: list[Block], state: DocumentState) -> Metadata:
    """A title from the longest heading, a date from the last closing dateline."""
    update: dict[str, Any] = {}
    if not metadata.title:
        heads: list[Block | Element] = [block for block in blocks if block.name == "head"]
        heads += [
            node
            for block in blocks
            if block.name == "opener"
            for node in _iter_elements(block.children)
            if getattr(node, "name", None) == "title"
        ]
        if heads:
            best = max(heads, key=lambda block: len(_plain_text(block.children)))
            update |= {"title": _plain_text(best.children), "title_inferred": True}
            state.record(
                "inferred-title", best.offset or 0, update["title"], "title from the body",
                message="the transcript has no title line; the longest heading was taken",
            )  # fmt: skip
    if not metadata.date_when:
        datelines = [
            node
            for block in blocks
            if block.name == "closer"
            for node in _iter_elements(block.children)
            if isinstance(node, Date)
        ]
        if datelines:
            date = datelines[-1]
            update |= {
                "date_text": _plain_text(date.children),
                "date_when": date.when,
                "date_inferred": True,
            }
            state.record(
                "inferred-date", date.offset or blocks[-1].offset or 0, _plain_text(date.children),
                f"date {date.when} from the closing dateline",
                message="the transcript has no date line; the closing dateline was taken",
            )  # fmt: skip
    return replace(metadata, **update) if update else metadata


def _iter_elements(nodes: tuple[Inline | Block, ...]) -> list[Element]:
    found: list[Element] = []
    for node in nodes:
        if isinstance(node, Element):
            found.append(node)
            found.extend(_iter_elements(node.children))
    return found


def _plain_text(nodes: tuple[Inline | Block, ...]) -> str:
    return "".join(node if isinstance(node, str) else _plain_text(node.children) for node in nodes)


def _add_xml_model(
    tree: etree._ElementTree, output_path: Path | None, schema_base: str | None, schema_dir: Path | None
) -> None:
    from encoder.validation import PROJECT_SCHEMA_DIR, schema_dir_for, xml_model_pis

    if schema_dir is None and schema_base is None:  # with a base URL the hrefs name no folder
        schema_dir = schema_dir_for(output_path) if output_path is not None else PROJECT_SCHEMA_DIR
    root = tree.getroot()
    for instruction in xml_model_pis(output_path, schema_dir or PROJECT_SCHEMA_DIR, schema_base=schema_base):
        root.addprevious(instruction)


def _empty_transcript(source: Source) -> Diagnostic:
    """An empty file makes valid TEI ("Untitled transcript", no text), but is seldom what was meant:
    a failed export, the wrong file."""
    message = (
        "the transcript has no text: its TEI is an 'Untitled transcript' with an empty body; is this the right file?"
    )
    return Diagnostic("READ-EMPTY", Severity.WARNING, message, source.name, 1, 1)


def _validate_own_output(tree: etree._ElementTree, name: str) -> None:
    from encoder.validation import has_errors, validate_tree

    problems = validate_tree(tree, filename=name)
    if has_errors(problems):
        raise OutputInvalidError(
            f"{name}: tei-encoder produced TEI that fails its own schema (a bug; please report it)",
            problems,
        )
