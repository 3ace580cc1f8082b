"""The static edition site: the whole pipeline from ``tei/`` to a folder of pages.

``build_site`` converts ``tei/transcripts/*.txt`` (when the converter is
installed), validates every document, and writes::

    SITE/index.html                 documents in date order, filterable, with search
    SITE/search-index.json          the full-text index (for other tools)
    SITE/search-index.js            the same, as a script: browsers refuse fetch() on file://
    SITE/assets/edition.css|.js     shared by every page
    SITE/documents/NAME.html|.pdf|.xml
    SITE/review-report.json         the converter's doubtful decisions, for editors (not linked)
    SITE/review/NAME.html           the same per document, on the transcription (linked for editors only)

    SITE/.build-manifest.json       what each file was made from (encoder.build_manifest)

The build is deterministic: documents are processed in name order, JSON keys
are sorted, nothing records a time, so a re-run gives byte-identical files.
It is also incremental: a file whose inputs did not change since the last
build is carried over from the old site, and the result is the same, byte
for byte, as a build from scratch (``--full``).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import importlib.util
import itertools
import json
import os
import posixpath
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from lxml import etree

from encoder import entity_pages
from encoder.atomic import folder_lock, new_folder_beside, replace_folder
from encoder.build_manifest import (
    ABSENT,
    MANIFEST,
    Manifest,
    digest,
    file_digest,
    folder_digest,
    inputs_digest,
    stylesheet_digest,
    tool_digest,
)
from encoder.edition import EDITION_FILE, load_edition
from encoder.errors import (
    Diagnostic,
    InputError,
    OutputInvalidError,
    Severity,
    TransformError,
    UsageError,
    path_problem,
)
from encoder.executor import Done, Executor, SerialExecutor, open_executor
from encoder.report import FileReport
from encoder.safexml import parse_xml_bytes, parse_xml_file
from encoder.views import (
    ASSETS_DIR,
    PageLinks,
    Renderer,
    SourceFile,
    find_xslt_dir,
    get_renderer,
    pdf_refusal,
)

SITE_MARKER = ".tei-encoder-site"
SITE_NS = "urn:x-tei-encoder:site"
SITE_ASSETS = ("edition.css", "edition.js")
DEFAULT_TITLE = "Archival translations: a TEI edition"


@dataclass(frozen=True, slots=True)
class EditionDocument:
    """One document of the edition: its file stem, its tree, where it came from."""

    name: str
    tree: etree._ElementTree
    source: Path
    converted: bool
    review: Any = None  # the converter's FileReport: doubtful decisions and warnings
    data: bytes = b""  # the TEI file as published: the bytes of tei/NAME.xml, or what convert would write there


@dataclass(slots=True)
class BuildReport:
    documents: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files_written: int = 0
    doubtful: int = 0  # doubtful decisions and warnings listed in the review report
    # an incremental build: documents with at least one file made again, documents whose
    # files all came over from the previous site, and documents that are gone
    rebuilt: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    made: list[str] = field(default_factory=list)  # site paths of the files made by this build
    files_reused: int = 0


REVIEW_REPORT = "review-report.json"


def link_name(name: str) -> str:
    """A document's name as a link's path segment: a ``#``, ``?``, ``%`` or space would end or change the URL.

    A name that is not UTF-8 keeps its bytes (``%FF``), so the link finds the file written under it.
    """
    return quote(os.fsencode(name), safe="")


def shown_name(name: str) -> str:
    """A document's name as text (an id, a title): bytes that are not UTF-8 become U+FFFD, which XML can hold."""
    return os.fsencode(name).decode("utf-8", errors="replace")


def _converter_available() -> bool:
    return importlib.util.find_spec("encoder.pipeline") is not None


def _validator_available() -> bool:
    return importlib.util.find_spec("encoder.validation") is not None


def _is_editors_master(encoded: Path, transcript: Path, report: BuildReport) -> bool:
    """An edited ``tei/X.xml`` is published as it is, not re-converted from ``X.txt``."""
    from encoder.provenance import read_provenance, text_digest
    from encoder.reading import read_bytes

    provenance = read_provenance(encoded)
    if not provenance.is_master:
        return False
    report.diagnostics.append(
        Diagnostic("TEI-MASTER", Severity.INFO, "edited after conversion: published as it is", str(encoded))
    )
    try:
        text = read_bytes(transcript.read_bytes(), str(transcript)).text
    except InputError:
        return True  # the transcript no longer reads; the edited TEI is what there is
    if provenance.transcript_changed(text_digest(text)):
        report.diagnostics.append(
            Diagnostic(
                "TEI-TRANSCRIPT-CHANGED",
                Severity.WARNING,
                f"the transcript changed after {encoded} was edited; the edited TEI is published, "
                "without the transcript's change",
                str(transcript),
            )
        )
    return True


@dataclass(frozen=True, slots=True)
class DocumentSource:
    """Where one document of the edition comes from, found without reading it: a transcript
    to convert (``converted``), or a TEI file published as it is."""

    name: str
    path: Path
    converted: bool


def document_sources(tei_dir: Path, report: BuildReport, *, live: bool = False) -> list[DocumentSource]:
    """The edition's documents, in name order: converted transcripts first, then any other
    ``tei/*.xml`` (hand-encoded TEI whose name matches no transcript, or an editor's master).

    ``live`` is the server's mode: files that resolve outside ``tei_dir``
    (symlinks out of the corpus) are never read."""
    if not tei_dir.is_dir():
        raise UsageError(f"--tei-dir {tei_dir}: {path_problem(tei_dir) if not tei_dir.exists() else 'not a folder'}")
    sources: dict[str, DocumentSource] = {}
    transcripts = [path for path in sorted((tei_dir / "transcripts").glob("*.txt")) if _readable(path, tei_dir, live)]
    if transcripts and _converter_available():
        for transcript in transcripts:
            if not _is_editors_master(tei_dir / (transcript.stem + ".xml"), transcript, report):
                sources[transcript.stem] = DocumentSource(transcript.stem, transcript, converted=True)
    registers = entity_pages.register_names(tei_dir)
    for path in sorted(tei_dir.glob("*.xml")):
        if path.name in registers:  # the register of names is no document of the edition
            continue
        if path.stem not in sources and _readable(path, tei_dir, live):
            sources[path.stem] = DocumentSource(path.stem, path, converted=False)
    return [sources[name] for name in sorted(sources)]


def load_document(source: DocumentSource, report: BuildReport) -> EditionDocument:
    """Convert the transcript, or read the TEI file (an :class:`InputError` when it does not read)."""
    if source.converted:
        return _converted(source.path, source.path.parent.parent / (source.name + ".xml"), report)
    return EditionDocument(
        source.name, parse_xml_file(source.path), source.path, converted=False, data=source.path.read_bytes()
    )


def collect_documents(tei_dir: Path, report: BuildReport, *, live: bool = False) -> list[EditionDocument]:
    """Every document of the edition, read (see :func:`document_sources`).

    ``live`` is the server's mode: a file that does not read is reported and
    left out instead of stopping the whole corpus (one editor's broken file
    must not take the others' pages down); a transcript that does not convert
    is left out, and its older TEI does not stand in for it."""
    documents: list[EditionDocument] = []
    for source in document_sources(tei_dir, report, live=live):
        try:
            documents.append(load_document(source, report))
        except InputError as error:
            if not live:
                raise
            _left_out(source.path, error, report)
    if not documents and not live:
        raise InputError(f"{tei_dir}: no transcripts to convert and no TEI (*.xml) documents")
    return documents


def _converted(transcript: Path, encoded: Path, report: BuildReport) -> EditionDocument:
    from encoder.pipeline import convert_file
    from encoder.report import FileReport, with_warnings

    # validated later, as its own step of the pipeline;
    # converted as if written to tei/NAME.xml, so the site's copy has the same bytes
    result: Any = convert_file(transcript, validate=False, output_path=encoded)
    review = FileReport(
        file=str(transcript),
        output=f"documents/{transcript.stem}.xml",
        decisions=with_warnings(result.decisions, result.diagnostics),
        warnings=tuple(diagnostic.format() for diagnostic in result.diagnostics),
    )
    report.diagnostics.extend(getattr(result, "diagnostics", ()))
    return EditionDocument(
        transcript.stem, result.tree, transcript, converted=True, review=review, data=result.to_bytes()
    )


def _readable(path: Path, tei_dir: Path, live: bool) -> bool:
    """In live mode, only regular files that stay inside the corpus once links are resolved."""
    if not live:
        return True
    return path.is_file() and path.resolve().is_relative_to(tei_dir.resolve())


def _left_out(path: Path, error: InputError, report: BuildReport) -> None:
    report.diagnostics.extend(error.diagnostics)
    report.diagnostics.append(Diagnostic("DOCUMENT-LEFT-OUT", Severity.ERROR, f"not published: {error}", str(path)))


def validate_documents(documents: Sequence[EditionDocument], report: BuildReport) -> None:
    """Refuse to publish invalid TEI: the converter's output must pass the
    project schema (a failure is a tei-encoder bug); hand-made files too."""
    if not _validator_available():
        return
    from encoder.validation import has_errors, validate_tree

    for document in documents:
        found = validate_tree(document.tree, filename=str(document.source))
        report.diagnostics.extend(found)
        if has_errors(found):
            error_type = OutputInvalidError if document.converted else InputError
            raise error_type(f"{document.source}: the TEI is not valid; nothing published", found)


def _check_output(site_dir: Path) -> None:
    """Never replace a folder this command did not create."""
    if site_dir.exists():
        if not site_dir.is_dir():
            raise UsageError(f"{site_dir} exists and is not a folder")
        if any(site_dir.iterdir()) and not (site_dir / SITE_MARKER).is_file():
            raise UsageError(f"{site_dir} is not empty and was not built by tei-encoder; choose another -o")


def _prepare_output(site_dir: Path) -> None:
    """The new site's folders, in the empty folder it is built in."""
    (site_dir / "documents").mkdir(parents=True, exist_ok=True)
    (site_dir / "assets").mkdir()
    (site_dir / "review").mkdir()
    (site_dir / SITE_MARKER).write_text("built by tei-encoder build\n", encoding="utf-8")


def build_site(
    site_dir: Path,
    tei_dir: Path,
    *,
    title: str = DEFAULT_TITLE,
    renderer: Renderer | None = None,
    progress: Progress | None = None,
    skip_validation: bool = False,
    pdf: bool = True,
    full: bool = False,
    jobs: int | None = None,
    scheduler: str | None = None,
    time_budget: float | None = None,
) -> BuildReport:
    """Run convert → validate → render on ``tei_dir`` and write the site.

    Each document that has a file to make is a task of the shared executor
    (:mod:`encoder.executor`: ``jobs`` processes, default the usable cores, a
    small batch in this process; or the Dask cluster ``scheduler``), which
    converts, validates and renders it (TEI, page, PDF, review page, the
    small record the site-wide files are made from) and hands back bytes.
    This process writes them in name order and keeps only the records: the
    site is the same, byte for byte, whatever ran the tasks. An output whose
    inputs are those of the previous build is carried over from the old site;
    ``full`` makes everything again. ``pdf=False`` writes no PDF (and links
    none). A document over ``time_budget`` seconds stops the build.
    ``renderer`` (the tests' stand-ins) makes every document in this process.

    The new site is built in a folder beside ``site_dir`` and swapped in when
    complete: an interrupted or failed build leaves the old site whole. A lock
    keeps two builds from writing one site at once. ``skip_validation`` is for
    benchmarks and previews only: a published edition always goes through
    validation."""
    _check_output(site_dir)
    options = BuildOptions(
        title=title,
        pdf=pdf,
        validate=not skip_validation,
        jobs=jobs,
        scheduler=scheduler,
        time_budget=time_budget,
        in_process=renderer is not None,
    )
    with folder_lock(site_dir):
        work = new_folder_beside(site_dir)
        try:
            manifest = Manifest(site_dir, work, full=full)
            report = _SiteBuild(work, tei_dir, manifest, options, renderer, progress).run()
            replace_folder(site_dir, work)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
    return report


@dataclass(frozen=True, slots=True)
class BuildOptions:
    title: str
    pdf: bool
    validate: bool
    jobs: int | None = None  # None: the executor's default (the usable cores; a small batch in this process)
    scheduler: str | None = None
    time_budget: float | None = None
    in_process: bool = False  # documents made by this process's renderer, not by workers


class _SiteBuild:
    """One build: documents planned here, made by the executor's workers, merged here in name order,
    then the site-wide files."""

    def __init__(
        self,
        site_dir: Path,
        tei_dir: Path,
        manifest: Manifest,
        options: BuildOptions,
        renderer: Renderer | None,
        progress: Progress | None,
    ) -> None:
        self.site_dir = site_dir
        self.tei_dir = tei_dir
        self.manifest = manifest
        self.options = options
        self._renderer = renderer
        self.progress: Progress = progress or (lambda done, total, name: None)
        self.report = BuildReport()
        # what the site-wide files are made from: on disk, not in memory, as the documents come
        self.summaries = _SummaryFile(site_dir.parent)
        self._made_by_document: set[str] = set()
        self._index_parameters: Mapping[str, str | etree._Element] | None = None  # the entity views' for the index
        self.tool = tool_digest()
        self.record_date = _harvest_record_date(tei_dir)
        # entity views (encoder/entity_pages.py): with a register, names link to entity pages
        self.register = entity_pages.site_register(tei_dir, self.report.diagnostics)
        # hashed once per build (a stylesheet edited between two builds of one process counts)
        xslt_dir = find_xslt_dir()
        self.settings = BuildSettings(
            pdf=options.pdf,
            validate=options.validate,
            entities=self.register is not None,
            record_date=self.record_date,
            site_dir=site_dir,
            tool=self.tool,
            schema=folder_digest(_schema_dir()) if options.validate else "not validated",
            html_view=stylesheet_digest(xslt_dir / "html.xsl"),
            print_view=stylesheet_digest(xslt_dir / "print.xsl"),
            pdf_assets=folder_digest(ASSETS_DIR),
            summary_views=inputs_digest({view: stylesheet_digest(xslt_dir / f"{view}.xsl") for view in SUMMARY_VIEWS}),
        )

    @property
    def renderer(self) -> Renderer:
        """This process's renderer, started (Saxon, the compiled views) only when something is
        rendered here: a rebuild whose documents the workers make and whose site-wide files are
        carried over needs none."""
        return self._renderer or get_renderer()

    def run(self) -> BuildReport:
        try:
            return self._run()
        finally:
            self.summaries.close()

    def _run(self) -> BuildReport:
        sources = document_sources(self.tei_dir, self.report)
        if not sources:
            raise InputError(f"{self.tei_dir}: no transcripts to convert and no TEI (*.xml) documents")
        _prepare_output(self.site_dir)
        for asset in SITE_ASSETS:
            self._make(f"assets/{asset}", {"asset": file_digest(ASSETS_DIR / asset)}, (ASSETS_DIR / asset).read_bytes)
        # What can be carried over is carried over first; the documents left are the executor's tasks.
        plans = deque(self._plan(source) for source in sources)
        tasks = [plan.task for plan in plans if plan.task is not None]
        with self._executor(len(tasks)) as executor:
            built = executor.map_ordered(self._task_function(), tasks, time_budget=self.options.time_budget)
            for done in range(1, len(sources) + 1):
                plan = plans.popleft()  # not kept once merged
                # results come in the order of the tasks, which is the documents' order
                self._merge(plan, None if plan.task is None else self._received(next(built)))
                self.progress(done, len(sources), plan.source.name)
        names = self.summaries.names
        self.report.documents = names
        self.report.rebuilt = [name for name in names if name in self._made_by_document]
        self.report.reused = [name for name in names if name not in self._made_by_document]
        self.report.removed = sorted(self.manifest.previous_documents() - set(names))
        self._site_files()
        self.manifest.write(self.site_dir / MANIFEST)
        return self.report

    def _executor(self, tasks: int) -> Executor:
        if self.options.in_process:
            return SerialExecutor()
        return open_executor(
            jobs=self.options.jobs,
            scheduler=self.options.scheduler,
            tasks=tasks,
            initializer=functools.partial(_compile_views, self.options.pdf),
        )

    def _task_function(self) -> Callable[[DocumentTask], DocumentBuilt]:
        if self.options.in_process:
            return functools.partial(build_document, renderer=self.renderer)
        return build_document

    def _received(self, done: Done[DocumentTask, DocumentBuilt]) -> DocumentBuilt:
        if done.value is None:  # over the time budget, or its process died: nothing of it can be published
            from encoder.commands.batch import stopped_diagnostic

            found = stopped_diagnostic(done.item.source.path, done, self.options.time_budget, doing="building")
            raise InputError(f"{done.item.source.path}: {found.message}; nothing published", [found])
        return done.value

    # ---- one document

    def _plan(self, source: DocumentSource) -> _Plan:
        """Carry over what the previous build made of this document and is still right; the task for the rest."""
        name = source.name
        source_inputs = self._source_inputs(source)
        published = f"documents/{name}.xml"
        record = self.manifest.previous_record(name, "source", source_inputs)
        if record is not None and not self.manifest.carry_over(published, source_inputs):
            record = None  # the TEI file is made again, and everything is decided from the new one
        if record is None:
            # what the old site has of it, intact: the worker carries over what it would make the same
            previous = {
                path: inputs
                for path in document_paths(name)
                if (inputs := self.manifest.previous_inputs(path)) is not None
            }
            summary = self.manifest.previous_record_inputs(name, "summary")
            task = DocumentTask(source, source_inputs, self.settings, None, previous, summary)
            return _Plan(source, source_inputs, task, None, set())
        self.report.files_reused += 1
        outputs = {
            path: inputs for path, (_, inputs) in document_outputs(name, record, source_inputs, self.settings).items()
        }
        previous = {path: inputs for path, inputs in outputs.items() if self.manifest.carry_over(path, inputs)}
        carried = set(previous)
        self.report.files_reused += len(carried)
        summary_inputs = document_summary_inputs(record, self.settings)
        has_summary = self.manifest.previous_record(name, "summary", summary_inputs) is not None
        if carried == set(outputs) and has_summary:
            return _Plan(source, source_inputs, None, record, carried)
        task = DocumentTask(
            source, source_inputs, self.settings, record, previous, summary_inputs if has_summary else None
        )
        return _Plan(source, source_inputs, task, record, carried)

    def _merge(self, plan: _Plan, built: DocumentBuilt | None) -> None:
        """Write what the task made of the document, in the documents' order, and keep its records."""
        name = plan.source.name
        record = plan.record if built is None else built.record
        assert record is not None  # a document without a task had its record from the previous build
        for path, inputs, data in built.made if built is not None else ():
            self._write(path, inputs, data, document=name)
        for path, inputs in built.carried if built is not None else ():
            if path in plan.carried:
                continue
            if not self.manifest.carry_over(path, inputs):
                raise UsageError(f"{self.site_dir.parent}: {path} of the previous site changed during the build")
            self.report.files_reused += 1
        # what converting and validating said, from the record: for a document carried over, said again
        self.report.diagnostics.extend(_diagnostic(fields) for fields in record["diagnostics"])
        self.report.doubtful += record["doubtful"]
        self.manifest.keep_record(name, "source", plan.source_inputs, record)
        if record["pdf_refusal"] is not None:
            self.report.diagnostics.append(
                Diagnostic("PDF-REFUSED", Severity.WARNING, f"no PDF: {record['pdf_refusal']}", str(plan.source.path))
            )
        for target, schema in record["schemas"].items():
            if not (self.site_dir / target).is_file():
                (self.site_dir / target).parent.mkdir(parents=True, exist_ok=True)
                schema_file = _schema_dir() / schema
                self._make(target, {"schema": file_digest(schema_file)}, schema_file.read_bytes)
        summary_inputs = document_summary_inputs(record, self.settings)
        summary = built.summary if built is not None and built.summary is not None else None
        if summary is None:
            summary = self.manifest.previous_record(name, "summary", summary_inputs)
            assert summary is not None  # asked of the task whenever the previous one would not do
        self.manifest.keep_record(name, "summary", summary_inputs, summary)
        has_pdf = self.settings.pdf and record["pdf_refusal"] is None
        summary = summary | {"name": name, "has_pdf": has_pdf, "review": record["review"]}
        self.summaries.add(summary)

    def _source_inputs(self, source: DocumentSource) -> dict[str, str]:
        """What the document's TEI, its review and its diagnostics are made from."""
        inputs = {
            "path": digest(os.fsencode(source.path)),  # the review report names the transcript
            "file": file_digest(source.path),
            "schema": self.settings.schema,
            "tool": self.tool,
        }
        if source.converted:
            from encoder.edition import find_edition_file
            from encoder.header import sidecar_path
            from encoder.overrides import decisions_path

            edition = find_edition_file(source.path)
            inputs |= {
                "sidecar": file_digest(sidecar_path(source.path)),
                "decisions": file_digest(decisions_path(source.path)),
                "edition": file_digest(edition) if edition is not None else ABSENT,
                "tei": file_digest(self.tei_dir / f"{source.name}.xml"),  # an edit there makes it the master
            }
        return inputs

    # ---- writing, or carrying over

    def _make(self, path: str, inputs: dict[str, str], make: Callable[[], bytes], document: str | None = None) -> None:
        if self.manifest.carry_over(path, inputs):
            self.report.files_reused += 1
        else:
            self._write(path, inputs, make(), document=document)

    def _write(self, path: str, inputs: dict[str, str], data: bytes, *, document: str | None = None) -> None:
        (self.site_dir / path).write_bytes(data)
        self._written(path, inputs, digest(data), document=document)

    def _write_chunks(self, path: str, inputs: dict[str, str], chunks: Iterable[bytes]) -> None:
        """Write a site-wide file as it is made, piece by piece: never whole in memory."""
        sha256 = hashlib.sha256()
        with (self.site_dir / path).open("wb") as stream:
            for chunk in chunks:
                stream.write(chunk)
                sha256.update(chunk)
        self._written(path, inputs, sha256.hexdigest())

    def _written(self, path: str, inputs: dict[str, str], sha256: str, *, document: str | None = None) -> None:
        self.manifest.made(path, inputs, sha256)
        self.report.files_written += 1
        self.report.made.append(path)
        if document is not None:
            self._made_by_document.add(document)

    # ---- the site-wide files, from the documents' summaries: made again when what they read changed

    def _site_files(self) -> None:
        """In groups, each made in a step of its own (what one needs is freed before the next) from
        the summaries' fields it reads, or carried over whole when none of that changed: an edit to
        one document's text changes its search entry and its review, not its header or its names,
        so the index page, the entity views and the harvest files are carried over."""
        xslt_dir = find_xslt_dir()
        summaries, tool, title = self.summaries, self.tool, self.options.title
        register = file_digest(entity_pages.register_path(self.tei_dir)) if self.register is not None else ABSENT

        def views(*names: str) -> str:
            return inputs_digest({name: stylesheet_digest(xslt_dir / f"{name}.xsl") for name in names})

        groups: list[tuple[str, dict[str, str], Callable[[dict[str, str]], None]]] = [
            ("search", {"summaries": summaries.fields_digest("name", "when", "search")}, self._search_index),
            (
                "entities",
                {
                    "summaries": summaries.fields_digest("entities"),
                    "register": register,
                    # the *-rows views import the page's and make its list items
                    "views": views("timeline-rows", "entity-index", "entity-page-rows"),
                },
                self._entity_pages,
            ),
            (
                "index",
                {
                    "summaries": summaries.fields_digest("name", "catalogue", "has_pdf", "entities"),
                    "register": register,  # the facets name the register's entities
                    "views": views("site-index-entries"),  # and site-index.xsl, which it imports
                    "title": title,
                },
                self._index_page,
            ),
            ("review", {"summaries": summaries.fields_digest("review")}, self._review_report),
            (
                "harvest",
                {
                    "summaries": summaries.fields_digest("name", "crosswalks"),
                    "edition": file_digest(self.tei_dir / EDITION_FILE),
                    "title": title,
                },
                self._harvest_files,
            ),
        ]
        for group, inputs, make in groups:
            self._site_group(group, inputs | {"tool": tool}, make)

    def _site_group(self, group: str, inputs: dict[str, str], make: Callable[[dict[str, str]], None]) -> None:
        """Carry over a group of site-wide files if the previous build made it from ``inputs``
        (and say again what making it said), else make it."""
        previous = self.manifest.previous_site_files(group, inputs)
        if previous is not None:
            files, said = previous
            for path in files:
                self.manifest.carry_over_as_made(path)
            self.report.files_reused += len(files)
            self.report.diagnostics.extend(_diagnostic(fields) for fields in said)
        else:
            before, diagnostics = self.manifest.recorded(), len(self.report.diagnostics)
            make(inputs)
            files = sorted(self.manifest.recorded() - before)
            said = [_diagnostic_fields(found) for found in self.report.diagnostics[diagnostics:]]
        self.manifest.keep_site_files(group, inputs, files, said)

    def _search_index(self, made_from: dict[str, str]) -> None:
        # written as it is read back, entry by entry, in the index's order: never the whole index at once
        order = sorted(
            _search_order(name, when, number) for number, (name, when) in enumerate(self.summaries.read("name", "when"))
        )
        chunks = search_index_chunks_of(self.summaries.read_at([number for *_, number in order], "search"))
        hashes = {path: hashlib.sha256() for path in ("search-index.json", "search-index.js")}
        with (
            (self.site_dir / "search-index.json").open("wb") as index,
            (self.site_dir / "search-index.js").open("wb") as script,
        ):

            def put(stream: Any, path: str, data: bytes) -> None:
                stream.write(data)
                hashes[path].update(data)

            prefix, suffix = SEARCH_INDEX_SCRIPT
            put(script, "search-index.js", prefix.encode())
            for chunk in chunks:
                put(index, "search-index.json", chunk.encode())
                put(script, "search-index.js", chunk.encode())
            put(script, "search-index.js", suffix.encode())
        for path, sha256 in hashes.items():
            self._written(path, made_from, sha256.hexdigest())

    def _entity_records(self) -> list[entity_pages.DocumentRecord]:
        return [entity_pages.record_from_fields(fields) for (fields,) in self.summaries.read("entities")]

    def _entity_pages(self, made_from: dict[str, str]) -> None:
        """Entity views: the timeline, and with a register the index pages, entity pages and cards."""
        records = self._entity_records()
        # An entity page is made from its source alone (the entity, its documents and their
        # mentions) and its view: one changed document leaves the other entities' pages as they were.
        # entity-page-rows.xsl imports entity-page.xsl: the page's frame and its items
        page_view = {"view": stylesheet_digest(find_xslt_dir() / "entity-page-rows.xsl"), "tool": self.tool}
        page_inputs: dict[str, dict[str, str]] = {}

        def have(path: str, source: str) -> bool:
            page_inputs[path] = page_view | {"source": source}
            if self.manifest.carry_over(path, page_inputs[path]):
                self.report.files_reused += 1
                return True
            return False

        register = self.register
        occurrences = entity_pages.entity_occurrences(register, records) if register is not None else {}
        diagnostics = self.report.diagnostics
        # written a page at a time: the pages of a site-wide view are never all in memory at once
        for path, data in entity_pages.iter_site_pages(
            self.renderer, register, records, diagnostics, have=have, occurrences=occurrences
        ):
            (self.site_dir / path).parent.mkdir(parents=True, exist_ok=True)
            self._write(path, page_inputs.get(path, made_from), data)
        self._index_parameters = entity_pages.index_parameters(register, records, occurrences)

    def _index_page(self, made_from: dict[str, str]) -> None:
        # the navigation and facets, as the entity views found them (or, when those were carried over, found here)
        entity_parameters = self._index_parameters
        if entity_parameters is None:
            entity_parameters = entity_pages.index_parameters(self.register, self._entity_records())
        entries = self.summaries.read("name", "catalogue", "has_pdf")
        with tempfile.TemporaryFile(dir=self.site_dir.parent) as rows:
            chunks = index_page_chunks(self.renderer, entries, self.options.title, entity_parameters, rows)
            self._write_chunks("index.html", made_from, (chunk.encode() for chunk in chunks))

    def _review_report(self, made_from: dict[str, str]) -> None:
        reviews = (review for (review,) in self.summaries.read("review") if review is not None)
        first = next(reviews, None)
        if first is None:
            return
        self._write_chunks(REVIEW_REPORT, made_from, review_report_chunks(itertools.chain([first], reviews)))

    def _harvest_files(self, made_from: dict[str, str]) -> None:
        from encoder.harvest import HarvestRecord

        def listed(prefix: str) -> Iterator[HarvestRecord]:
            # read back a document at a time, once per metadata format: never every record at once
            for name, crosswalks in self.summaries.read("name", "crosswalks"):
                yield HarvestRecord(name, f"documents/{name}.html", {prefix: crosswalks[prefix].encode()})

        files = harvest_file_chunks(
            self.tei_dir, self.summaries.names, listed, self.options.title, self.report.diagnostics
        )
        for name, chunks in files:
            self._write_chunks(name, made_from, chunks)


Progress = Callable[[int, int, str], None]  # documents done, documents in all, the name of the last one
SUMMARY_VIEWS = ("search-entry", "dc", "mods", "entity-record")


class _LazyTree:
    """A document's tree, read only if a page has to be made from it.

    Pages are made from the tree the converter built (as ``serve`` makes
    them), not from the published file, which is indented: its whitespace
    would show in the pages. A document carried over is converted again
    when one of its pages has to be made; its diagnostics were said already."""

    def __init__(self, source: DocumentSource, tree: etree._ElementTree | None) -> None:
        self._source = source
        self._tree = tree

    def get(self) -> etree._ElementTree:
        if self._tree is None:
            self._tree = load_document(self._source, BuildReport()).tree
        return self._tree


def _schema_dir() -> Path:
    from encoder.validation import PROJECT_SCHEMA_DIR

    return PROJECT_SCHEMA_DIR


def _harvest_record_date(tei_dir: Path) -> str | None:
    """The date the OAI records carry (the edition's ``updated``), or None when no ``oai.xml`` is written."""
    from encoder.harvest import OAI_NEEDS, missing

    edition = load_edition(tei_dir / EDITION_FILE) if (tei_dir / EDITION_FILE).is_file() else None
    if edition is None or missing(edition, OAI_NEEDS):
        return None
    return edition.updated or ""


def _diagnostic_fields(diagnostic: Diagnostic) -> dict[str, Any]:
    return {
        "code": diagnostic.code,
        "severity": str(diagnostic.severity),
        "message": diagnostic.message,
        "file": diagnostic.file,
        "line": diagnostic.line,
        "col": diagnostic.col,
        "source_line": diagnostic.source_line,
    }


def _diagnostic(fields: dict[str, Any]) -> Diagnostic:
    return Diagnostic(**(fields | {"severity": Severity(fields["severity"])}))


# ---- one document, end to end: a task of the executor, run by a worker process (or this one)


@dataclass(frozen=True, slots=True)
class BuildSettings:
    """What a document's files are made from besides the document: the build's options and the
    hashes of the views, computed once by the build and sent with every task."""

    pdf: bool
    validate: bool
    entities: bool  # the edition has a register: names link to the entity pages
    record_date: str | None  # the OAI records' date, or None when no oai.xml is written
    site_dir: Path  # the folder the new site is built in (a TEI file carried over is read there)
    tool: str
    schema: str
    html_view: str
    print_view: str
    pdf_assets: str
    summary_views: str


@dataclass(frozen=True, slots=True)
class DocumentTask:
    """One document to make, as the executor sends it to a worker.

    ``record`` is what the previous build recorded of it when its TEI file was
    carried over (the document is then converted again only for the pages
    that must be made, and its diagnostics are not said twice); None: it is
    converted (or read) and validated anew. ``previous`` gives, for each file
    of it the old site still has intact, what that file was made from: a file
    that would be made from the same inputs is not made but carried over.
    ``summary_inputs`` likewise for the record the site-wide files need."""

    source: DocumentSource
    source_inputs: dict[str, str]
    settings: BuildSettings
    record: dict[str, Any] | None
    previous: dict[str, dict[str, str]]
    summary_inputs: dict[str, str] | None


@dataclass(frozen=True, slots=True)
class DocumentBuilt:
    """What a worker made of one document: the files (site path, inputs, bytes), the files to carry
    over instead (site path, inputs), the document's record and, if made, its summary."""

    record: dict[str, Any]
    made: list[tuple[str, dict[str, str], bytes]]
    carried: list[tuple[str, dict[str, str]]]
    summary: dict[str, Any] | None


class _SummaryFile:
    """The documents' summaries, a column per field: one JSON line per document in an unnamed file
    of that field beside the site being built (gone when the build ends, however it ends). The build
    holds none of them in memory, and each site-wide file reads back, one document at a time, only
    the fields it needs: the others are not decoded (a summary's search text and harvest records
    are most of its bytes)."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._columns: dict[str, _Column] = {}
        self.names: list[str] = []
        self._digests: dict[str, Any] = {}  # field → its column's hash, hashed as it comes

    def add(self, summary: Mapping[str, Any]) -> None:
        for key in sorted(summary):
            # ASCII: a name that is not UTF-8 (surrogate escapes) stays a JSON escape and reads back the same
            line = json.dumps(summary[key], sort_keys=True).encode() + b"\n"
            if key not in self._columns:
                self._columns[key] = _Column(tempfile.TemporaryFile(dir=self._folder), [])  # noqa: SIM115 (close())
                self._digests[key] = hashlib.sha256()
            self._digests[key].update(line)
            column = self._columns[key]
            column.offsets.append(column.stream.tell())
            column.stream.write(line)
        self.names.append(summary["name"])

    def fields_digest(self, *fields: str) -> str:
        """The hash of the ``fields`` of every summary: what a site-wide file that reads them is made from."""
        return inputs_digest(
            {name: self._digests[name].hexdigest() if name in self._digests else "" for name in fields}
        )

    def read(self, *fields: str) -> Iterator[tuple[Any, ...]]:
        """The ``fields`` of every summary, in the documents' order."""
        streams = [self._columns[name].stream for name in fields]
        for stream in streams:
            stream.flush()
            stream.seek(0)
        for lines in zip(*streams, strict=True):
            yield tuple(json.loads(line) for line in lines)
        for stream in streams:
            stream.seek(0, os.SEEK_END)  # where the next summary is written

    def read_at(self, numbers: Iterable[int], key: str) -> Iterator[Any]:
        """The ``key`` field of the summaries of the documents ``numbers`` (their places in the build's order)."""
        column = self._columns[key]
        column.stream.flush()
        for number in numbers:
            column.stream.seek(column.offsets[number])
            yield json.loads(column.stream.readline())
        column.stream.seek(0, os.SEEK_END)

    def close(self) -> None:
        for column in self._columns.values():
            column.stream.close()


@dataclass(frozen=True, slots=True)
class _Column:
    stream: Any
    offsets: list[int]


@dataclass(frozen=True, slots=True)
class _Plan:
    source: DocumentSource
    source_inputs: dict[str, str]
    task: DocumentTask | None  # None: every file of the document was carried over
    record: dict[str, Any] | None  # the previous build's, when its TEI file was carried over
    carried: set[str]  # its files carried over while planning


def document_paths(name: str) -> tuple[str, ...]:
    """The site paths of a document's pages, besides its TEI file."""
    return (f"documents/{name}.html", f"review/{name}.html", f"documents/{name}.pdf")


def document_outputs(
    name: str, record: Mapping[str, Any], source_inputs: Mapping[str, str], settings: BuildSettings
) -> dict[str, tuple[str, dict[str, str]]]:
    """The pages a document has, besides its TEI file: site path → (kind, what it is made from)."""
    links = _document_page_links(name, record, settings)
    outputs = {
        f"documents/{name}.html": (
            "html",
            {
                "tei": record["tei"],
                "view": settings.html_view,
                "links": inputs_digest(links.as_parameters()),
                "tool": settings.tool,
            },
        )
    }
    if record["review"] is not None:
        outputs[f"review/{name}.html"] = ("review", {"source": inputs_digest(source_inputs), "tool": settings.tool})
    if links.pdf_href:
        outputs[f"documents/{name}.pdf"] = (
            "pdf",
            {"tei": record["tei"], "view": settings.print_view, "assets": settings.pdf_assets, "tool": settings.tool},
        )
    return outputs


def _document_page_links(name: str, record: Mapping[str, Any], settings: BuildSettings) -> PageLinks:
    has_pdf = settings.pdf and record["pdf_refusal"] is None
    return page_links(name, has_pdf=has_pdf, has_review=record["review"] is not None, entities=settings.entities)


def document_summary_inputs(record: Mapping[str, Any], settings: BuildSettings) -> dict[str, str]:
    """What a document's summary is made from: made again only when its TEI or the summary views changed."""
    return {
        "tei": record["tei"],
        "views": settings.summary_views,
        "record-date": "no harvest records" if settings.record_date is None else settings.record_date,
        "tool": settings.tool,
    }


def build_document(task: DocumentTask, renderer: Renderer | None = None) -> DocumentBuilt:
    """Convert (or read), validate and render one document: every file of it the task does not carry over.

    An invalid document raises, as :func:`validate_documents` does: the build stops there."""
    renderer = renderer or get_renderer()
    source, settings = task.source, task.settings
    name = source.name
    published = f"documents/{name}.xml"
    made: list[tuple[str, dict[str, str], bytes]] = []
    if task.record is None:
        said = BuildReport()
        document = load_document(source, said)
        if settings.validate:
            validate_documents([document], said)
        record = _record(document, said.diagnostics)
        made.append((published, task.source_inputs, document.data))
        tree, data = _LazyTree(source, document.tree), document.data
    else:
        record = task.record
        tree, data = _LazyTree(source, None), b""
    carried: list[tuple[str, dict[str, str]]] = []
    for path, (kind, inputs) in document_outputs(name, record, task.source_inputs, settings).items():
        if task.previous.get(path) == inputs:
            carried.append((path, inputs))
        elif kind == "html":
            links = _document_page_links(name, record, settings)
            made.append((path, inputs, renderer.render_html(tree.get(), links).encode()))
        elif kind == "review":
            # json.loads keeps a lone surrogate (a transcript's name that is not UTF-8) as it is
            review = FileReport.from_json(json.loads(record["review"]))
            made.append((path, inputs, _review_page(name, tree.get(), source.path, review)))
        else:
            published_bytes = data or (settings.site_dir / published).read_bytes()
            made.append((path, inputs, renderer.render_pdf(tree.get(), SourceFile(f"{name}.xml", published_bytes))))
    summary = None
    if task.summary_inputs != document_summary_inputs(record, settings):
        summary = document_summary(renderer, tree.get(), settings.record_date, name)
    return DocumentBuilt(record, made, carried, summary)


def _record(document: EditionDocument, diagnostics: Sequence[Diagnostic]) -> dict[str, Any]:
    """What the document's pages, and the next build, need to know of a document read anew."""
    return {
        "tei": digest(document.data),
        "diagnostics": [_diagnostic_fields(found) for found in diagnostics],
        "pdf_refusal": pdf_refusal(document.tree),
        # the review report's text of it, made once, where the document is (see review_json)
        "review": review_json(document.review) if document.review is not None else None,
        "doubtful": doubtful_count([document]),
        "schemas": schema_copies(f"documents/{document.name}.xml", document.tree),
    }


def _compile_views(pdf: bool) -> None:
    """A worker's start: the views a document needs compiled before its first document, so that no
    document's time budget pays for them."""
    get_renderer().compile("html", *(("print",) if pdf else ()), *SUMMARY_VIEWS)


# ---- the pages, one pure function each: `build` writes them, `serve` answers with them


def page_links(name: str, *, has_pdf: bool, has_review: bool, entities: bool = False) -> PageLinks:
    """The relative links of a document page at ``documents/NAME.html``;
    ``entities``: the edition has a register, names link to the entity pages."""
    linked = link_name(name)
    return PageLinks(
        assets_href="../assets/",
        home_href="../index.html",
        pdf_href=f"{linked}.pdf" if has_pdf else "",
        tei_href=f"{linked}.xml",
        search_index_href="../search-index.js",
        review_href=f"../review/{linked}.html" if has_review else "",
        entity_pages_href=f"../{entity_pages.ENTITY_FOLDER}/" if entities else "",
    )


def document_links(document: EditionDocument, *, entities: bool = False) -> PageLinks:
    """A document page's links, with no PDF link when the PDF is refused."""
    return page_links(
        document.name,
        has_pdf=pdf_refusal(document.tree) is None,
        has_review=document.review is not None,
        entities=entities,
    )


def document_html(renderer: Renderer, document: EditionDocument, *, entities: bool = False) -> bytes:
    return renderer.render_html(document.tree, document_links(document, entities=entities)).encode()


def entity_record(renderer: Renderer, document: EditionDocument) -> entity_pages.DocumentRecord:
    """Entity views: the small record of a document the entity pages are made from."""
    return document_entity_record(renderer, document.name, document.tree)


def document_entity_record(renderer: Renderer, name: str, tree: etree._ElementTree) -> entity_pages.DocumentRecord:
    return entity_pages.document_record(renderer, shown_name(name), f"documents/{link_name(name)}.html", tree)


def document_pdf(renderer: Renderer, document: EditionDocument) -> bytes:
    return renderer.render_pdf(document.tree, SourceFile(f"{document.name}.xml", document.data))


def document_summary(
    renderer: Renderer, tree: etree._ElementTree, record_date: str | None, name: str
) -> dict[str, Any]:
    """What the site-wide files need of one document, small and without its body: its search
    entry, its index entry, and (``record_date`` given) its harvest records."""
    from encoder import crosswalks

    records = (
        {}
        if record_date is None
        else {"oai_dc": crosswalks.dc(tree).decode(), "mods": crosswalks.mods(tree, record_date=record_date).decode()}
    )
    search = search_entry(renderer, tree)
    return {
        "search": search_entry_json(name, search),  # the index's text of it: made once, where the document is
        "when": search["when"],  # where it stands in the index
        "catalogue": catalogue_entry(tree),
        "crosswalks": records,
        "entities": entity_pages.record_fields(document_entity_record(renderer, name, tree)),
    }


def search_entry(renderer: Renderer, tree: etree._ElementTree) -> dict[str, Any]:
    entry: dict[str, Any] = json.loads(renderer.transform("search-entry", tree))
    return entry


def search_index_json(renderer: Renderer, documents: Sequence[EditionDocument]) -> str:
    return search_index_from((document.name, search_entry(renderer, document.tree)) for document in documents)


def search_index_from(entries: Iterable[tuple[str, dict[str, Any]]]) -> str:
    """The full-text index: one entry per document, in date order (undated last)."""
    listed = [(name, entry["when"], search_entry_json(name, entry)) for name, entry in entries]
    return "".join(search_index_text_chunks(listed))


def search_index_text_chunks(entries: Sequence[tuple[str, str, str]]) -> Iterator[str]:
    """The index's JSON from each document's (name, date, :func:`search_entry_json`), in date order
    (undated last), an entry at a time."""
    order = sorted(_search_order(name, when, number) for number, (name, when, _) in enumerate(entries))
    return search_index_chunks_of(entries[number][2] for *_, number in order)


def _search_order(name: str, when: str, number: int) -> tuple[bool, str, str, int]:
    """Where a document's entry stands in the index: dated ones by date, undated last, then by name."""
    return (when == "", when, shown_name(name), number)


def _search_index_entry(name: str, entry: dict[str, Any]) -> dict[str, Any]:
    return entry | {"id": shown_name(name), "url": f"documents/{link_name(name)}.html"}


def search_entry_json(name: str, entry: dict[str, Any]) -> str:
    """A document's entry as the index writes it (the document's summary keeps this text)."""
    return json.dumps(_search_index_entry(name, entry), ensure_ascii=False, indent=1, sort_keys=True)


def search_index_chunks_of(texts: Iterable[str]) -> Iterator[str]:
    """The index's JSON, entry by entry (each a :func:`search_entry_json`, in their order)."""
    return json_text_list_chunks({"documents": []}, texts, indent=1, sort_keys=True)


def json_text_list_chunks(
    envelope: Mapping[str, Any], texts: Iterable[str], *, indent: int, sort_keys: bool = False
) -> Iterator[str]:
    """``json.dumps(envelope | {LAST: items}, ensure_ascii=False, indent=indent, sort_keys=sort_keys)``
    in pieces, an item at a time, from the items already dumped (each ``json.dumps(item,
    ensure_ascii=False, indent=indent, sort_keys=sort_keys)``): ``envelope``'s last key (in the order
    it is written) holds an empty list, which the items fill. A build keeps each document's text from
    the build that made it, because Python's JSON encoder is its slow one whenever ``indent`` is set.
    JSON strings hold no line break, so indenting each line of an item by the depth it stands at
    gives the same text as dumping the whole."""
    whole = json.dumps(envelope, ensure_ascii=False, indent=indent, sort_keys=sort_keys)
    head, _, tail = whole.rpartition("[]")  # the last key's value: nothing can follow it but closing braces
    key_line = head.rpartition("\n")[2]
    key_indent = key_line[: len(key_line) - len(key_line.lstrip())]
    item_indent = key_indent + " " * indent
    separator = "\n"
    yield head + "["
    for text in texts:
        yield separator + item_indent + text.replace("\n", "\n" + item_indent)
        separator = ",\n"
    yield ("]" if separator == "\n" else f"\n{key_indent}]") + tail


# the search index as a script: browsers refuse fetch() on file://
SEARCH_INDEX_SCRIPT = ("window.teiEditionSearchIndex = ", ";\n")


def search_index_script(index_json: str) -> bytes:
    prefix, suffix = SEARCH_INDEX_SCRIPT
    return f"{prefix}{index_json}{suffix}".encode()


def catalogue_entry(tree: etree._ElementTree) -> str:
    """A document as the index page sees it: its root with the teiHeader (without its revisions),
    and its text's attributes (the language)."""
    source_root = tree.getroot()
    tei = etree.Element(source_root.tag, nsmap=source_root.nsmap)
    for header in source_root.iterchildren("{*}teiHeader"):
        copy = etree.fromstring(etree.tostring(header))
        # The index shows no revisions, and the converter's change note names the transcript's hash:
        # kept, it would make every edit of a text a change of the index page, made again each time.
        for revisions in copy.iterchildren("{*}revisionDesc"):
            copy.remove(revisions)
        tei.append(copy)
    for text in source_root.iterchildren("{*}text"):
        # only the language matters to the index; the body stays out
        stub = etree.SubElement(tei, text.tag)
        stub.attrib.update(text.attrib)
    return etree.tostring(tei, encoding="unicode")


def _catalogue(entries: Iterable[tuple[str, str, bool]], title: str) -> etree._ElementTree:
    """The index page's input: each document's links and catalogue entry (name, entry, whether it has a PDF)."""
    site = f"{{{SITE_NS}}}"
    catalogue = etree.Element(site + "catalogue", nsmap={"s": SITE_NS}, title=title)
    for name, tei, has_pdf in entries:
        entry = etree.SubElement(
            catalogue,
            site + "document",
            id=shown_name(name),
            page=f"documents/{link_name(name)}.html",
            pdf=f"documents/{link_name(name)}.pdf" if has_pdf else "",
            tei=f"documents/{link_name(name)}.xml",
        )
        entry.append(etree.fromstring(tei))
    return catalogue.getroottree()


def _index_page(
    renderer: Renderer,
    catalogue: etree._ElementTree,
    entity_parameters: Mapping[str, str | etree._Element] | None = None,
) -> bytes:
    html = renderer.transform(
        "site-index",
        catalogue,
        {"assets-href": "assets/", "search-index-href": "search-index.js", **(entity_parameters or {})},
    )
    return html.encode()


def index_html(
    renderer: Renderer,
    documents: Sequence[EditionDocument],
    title: str,
    entity_parameters: Mapping[str, str | etree._Element] | None = None,
) -> bytes:
    entries = (
        (document.name, catalogue_entry(document.tree), pdf_refusal(document.tree) is None) for document in documents
    )
    return _index_page(renderer, _catalogue(entries, title), entity_parameters)


INDEX_ROWS_AT_ONCE = 100  # documents whose index rows one transformation makes: its memory, not the corpus's


def index_page_chunks(
    renderer: Renderer,
    entries: Iterable[tuple[str, str, bool]],
    title: str,
    entity_parameters: Mapping[str, str | etree._Element] | None,
    rows: IO[bytes],
) -> Iterator[str]:
    """The index page of :func:`index_html`, the same text, without the catalogue of every document
    at once: ``entries`` (name, :func:`catalogue_entry`, whether it has a PDF) are read once, in the
    documents' order, :data:`INDEX_ROWS_AT_ONCE` at a time, into their rows (site-index-entries.xsl),
    which wait in ``rows`` (an open binary file) until every row's place is known; then the page's
    frame (site-index.xsl, from what the filters list) is written around them, in date order.
    What is kept of each document meanwhile is its sort key and where its row is."""
    parameters = {"assets-href": "assets/", "search-index-href": "search-index.js", **(entity_parameters or {})}
    facets = entity_parameters.get("entity-facets") if entity_parameters else None
    facets_by_id: dict[str, list[etree._Element]] = {}
    if isinstance(facets, etree._Element):
        for document in facets.iterchildren(f"{{{entity_pages.ENTITIES_NS}}}document"):
            facets_by_id.setdefault(document.get("id", ""), []).append(document)
    order: list[tuple[bool, str, str, int]] = []
    places: list[tuple[int, int]] = []  # each row's offset and length in ``rows``
    archives: set[str] = set()
    languages: set[str] = set()
    pending = iter(entries)
    while batch := list(itertools.islice(pending, INDEX_ROWS_AT_ONCE)):
        catalogue = _catalogue(batch, title)
        catalogue.getroot().tag = f"{{{SITE_NS}}}entries"
        batch_parameters = dict(parameters)
        if isinstance(facets, etree._Element):
            # the rows look up only their own documents' facets: a batch gets those, not the corpus's
            batch_facets = etree.Element(facets.tag, nsmap=facets.nsmap)
            for name, *_ in batch:
                batch_facets.extend(copy.copy(found) for found in facets_by_id.get(shown_name(name), ()))
            batch_parameters["entity-facets"] = batch_facets
        made = parse_xml_bytes(
            renderer.transform("site-index-entries", catalogue, batch_parameters).encode(), "index rows"
        )
        for entry in made.getroot().iterchildren(f"{{{SITE_NS}}}entry"):
            date, entry_title = entry.get("date", ""), entry.get("title", "")
            # site-index.xsl's order: dated first, by date, then by title; else in the documents' order
            order.append((date == "", date, entry_title, len(order)))
            archives.add(entry.get("archive", ""))
            languages.update(language.text or "" for language in entry.iterchildren(f"{{{SITE_NS}}}language"))
            row = entry.findtext(f"{{{SITE_NS}}}row", "").encode()
            places.append((rows.tell(), len(row)))
            rows.write(row)
    frame = etree.Element(f"{{{SITE_NS}}}frame", nsmap={"s": SITE_NS}, title=title, documents=str(len(order)))
    for tag, values in (("archive", archives), ("language", languages)):
        for value in sorted(values):
            etree.SubElement(frame, f"{{{SITE_NS}}}{tag}").text = value
    page = renderer.transform("site-index", frame, parameters)
    # the table's body is the page's last: a title or archive could hold the same text in an attribute
    head, body, tail = page.rpartition("<tbody></tbody>")
    if not body:
        raise TransformError("site-index view: the page's frame has no table body")
    yield head + "<tbody>"
    rows.flush()
    for *_, number in sorted(order):
        offset, length = places[number]
        rows.seek(offset)
        yield rows.read(length).decode()
    yield "</tbody>" + tail


def harvest_files(
    tei_dir: Path, documents: Sequence[EditionDocument], title: str, diagnostics: list[Diagnostic]
) -> dict[str, bytes]:
    from encoder import crosswalks

    trees = {document.name: document.tree for document in documents}
    record_date = _harvest_record_date(tei_dir) or ""

    def records(name: str) -> dict[str, bytes]:
        return {
            "oai_dc": crosswalks.dc(trees[name]),
            "mods": crosswalks.mods(trees[name], record_date=record_date),
        }

    return harvest_files_from(tei_dir, list(trees), records, title, diagnostics)


def harvest_files_from(
    tei_dir: Path,
    names: Sequence[str],
    records: Callable[[str], dict[str, bytes]],
    title: str,
    diagnostics: list[Diagnostic],
) -> dict[str, bytes]:
    """``sitemap.xml`` and the OAI-PMH static repository ``oai.xml``, when the edition gives what they need.

    ``records(name)`` gives a document's records per metadata prefix; it is asked only for ``oai.xml``."""
    from encoder.harvest import HarvestRecord

    made: dict[str, dict[str, bytes]] = {}  # each document's records made once, for both formats

    def listed(prefix: str) -> Iterator[HarvestRecord]:
        for name in names:
            if name not in made:
                made[name] = records(name)
            yield HarvestRecord(name, f"documents/{name}.html", made[name])

    return {name: b"".join(chunks) for name, chunks in harvest_file_chunks(tei_dir, names, listed, title, diagnostics)}


def harvest_file_chunks(
    tei_dir: Path,
    names: Sequence[str],
    listed: Callable[[str], Iterable[Any]],
    title: str,
    diagnostics: list[Diagnostic],
) -> Iterator[tuple[str, Iterator[bytes]]]:
    """:func:`harvest_files_from`'s files, each in pieces as it is written (a document at a time):
    ``listed(prefix)`` gives the documents' :class:`~encoder.harvest.HarvestRecord` in ``names``'
    order with (at least) their records of ``prefix``; it is asked once per metadata format, and
    only for ``oai.xml``."""
    from encoder.harvest import OAI_NEEDS, SITEMAP_NEEDS, missing, sitemap_chunks, static_repository_chunks

    edition = load_edition(tei_dir / EDITION_FILE) if (tei_dir / EDITION_FILE).is_file() else None
    for name, needs in (("sitemap.xml", SITEMAP_NEEDS), ("oai.xml", OAI_NEEDS)):
        if lacking := missing(edition, needs):
            if edition is None:  # name the folder the file would be in, not a file that is not there
                message, where = f"{name} not written: no {EDITION_FILE} to give {', '.join(lacking)}", tei_dir
            else:
                message, where = (
                    f"{name} not written: {EDITION_FILE} gives no {', '.join(lacking)}",
                    tei_dir / EDITION_FILE,
                )
            diagnostics.append(Diagnostic("HARVEST-SKIPPED", Severity.INFO, message, str(where)))
    if edition is None:
        return
    if not missing(edition, SITEMAP_NEEDS):
        yield "sitemap.xml", sitemap_chunks(edition, (f"documents/{name}.html" for name in names))
    if not missing(edition, OAI_NEEDS):
        yield "oai.xml", static_repository_chunks(edition, title, listed)


def schema_copies(published: str, tree: etree._ElementTree) -> dict[str, str]:
    """Where in the site the project schema must be for the TEI file at ``published`` (site-relative):
    site path → schema file name.

    The site's TEI files are byte-identical to the corpus's, so they keep the
    corpus's relative hrefs (``../schema/tei-encoder.rng``); the site ships the
    schema at that place, and a downloaded copy of the site validates in any
    editor that follows ``xml-model``. Hrefs that leave the site, or name
    other schemas, are the file's own business and stay as they are.
    """
    from encoder.validation import SCHEMA_FILES, xml_model_hrefs

    copies: dict[str, str] = {}
    for href in xml_model_hrefs(tree):
        if "://" in href or href.startswith("/"):
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(published), href))
        name = posixpath.basename(target)
        if name in SCHEMA_FILES and target != ".." and not target.startswith("../"):
            copies[target] = name
    return copies


def review_page(document: EditionDocument) -> bytes:
    """The editors' review page of a converted document: its decisions on the transcription."""
    return _review_page(document.name, document.tree, document.source, document.review)


def _review_page(name: str, tree: etree._ElementTree, transcript_path: Path, review: Any) -> bytes:
    from encoder.reading import read_bytes
    from encoder.review_page import review_page

    title = tree.findtext(".//{http://www.tei-c.org/ns/1.0}titleStmt/{http://www.tei-c.org/ns/1.0}title")
    transcript = read_bytes(transcript_path.read_bytes(), str(transcript_path)).text
    shown = shown_name(name)
    return review_page(shown, title or shown, transcript, review.decisions, "../index.html")


def review_report_json(documents: Sequence[EditionDocument]) -> bytes | None:
    """The corpus's review report, as ``convert --report`` writes it, for editors: not linked for readers."""
    reviews = [review_json(document.review) for document in documents if document.review is not None]
    return b"".join(review_report_chunks(reviews)) if reviews else None


def review_report_from(reviews: Iterable[dict[str, Any]]) -> bytes:
    """The review report of the files' reports, each as ``FileReport.as_json()`` gives it (in any key order)."""
    return b"".join(review_report_chunks(review_json(FileReport.from_json(review)) for review in reviews))


def review_json(review: FileReport) -> str:
    """A file's report as the review report writes it (the document's record keeps this text)."""
    return json.dumps(review.as_json(), ensure_ascii=False, indent=2)


def review_report_chunks(reviews: Iterable[str]) -> Iterator[bytes]:
    """The review report, a file's report (its :func:`review_json`) at a time: the JSON
    ``convert --report`` writes (``Report.as_json``), without holding every file's report at once."""
    from encoder import __version__
    from encoder.report import Report

    envelope = Report(version=__version__).as_json()
    for chunk in json_text_list_chunks(envelope, reviews, indent=2):
        # a transcript's name that is not UTF-8 is kept as a JSON escape ("\udcff"), as convert --report does
        yield chunk.encode("utf-8", errors="backslashreplace")
    yield b"\n"


def doubtful_count(documents: Sequence[EditionDocument]) -> int:
    """Doubtful decisions and warnings the review report lists."""
    return sum(
        1
        for document in documents
        if document.review is not None
        for decision in document.review.decisions
        if decision.confidence != "high"
    )
