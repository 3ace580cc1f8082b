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

import contextlib
import hashlib
import importlib.util
import json
import multiprocessing
import os
import posixpath
import shutil
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
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
from encoder.errors import Diagnostic, InputError, OutputInvalidError, Severity, UsageError, path_problem
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
    for path in sorted(tei_dir.glob("*.xml")):
        if path.name == entity_pages.REGISTER_FILE:  # the register of names is no document of the edition
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
    jobs: int = 1,
) -> BuildReport:
    """Run convert → validate → render on ``tei_dir`` and write the site.

    Documents are read, checked and rendered one at a time; the index, search
    index, harvest files and review report are made from a small record of
    each (see :mod:`encoder.build_manifest`), never from all trees at once.
    An output whose inputs are those of the previous build is carried over
    from the old site; ``full`` makes everything again. ``pdf=False`` writes
    no PDF (and links none); ``jobs`` lays out that many PDFs at once.

    The new site is built in a folder beside ``site_dir`` and swapped in when
    complete: an interrupted or failed build leaves the old site whole. A lock
    keeps two builds from writing one site at once. ``skip_validation`` is for
    benchmarks and previews only: a published edition always goes through
    validation."""
    _check_output(site_dir)
    options = BuildOptions(title=title, pdf=pdf, validate=not skip_validation, jobs=max(jobs, 1))
    with folder_lock(site_dir):
        work = new_folder_beside(site_dir)
        try:
            manifest = Manifest(site_dir, work, full=full)
            report = _SiteBuild(work, tei_dir, manifest, options, renderer or get_renderer(), progress).run()
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
    jobs: int


class _SiteBuild:
    """One build: documents streamed through convert → validate → render, then the site-wide files."""

    def __init__(
        self,
        site_dir: Path,
        tei_dir: Path,
        manifest: Manifest,
        options: BuildOptions,
        renderer: Renderer,
        progress: Progress | None,
    ) -> None:
        self.site_dir = site_dir
        self.tei_dir = tei_dir
        self.manifest = manifest
        self.options = options
        self.renderer = renderer
        self.progress: Progress = progress or (lambda done, total, name: None)
        self.report = BuildReport()
        self.summaries: list[dict[str, Any]] = []
        self._summaries_digest = hashlib.sha256()  # what the site-wide files are made from, hashed as it comes
        self._made_by_document: set[str] = set()
        self._said_before = 0  # where the diagnostics of the document being read begin in the report
        self.tool = tool_digest()
        # hashed once per build (a stylesheet edited between two builds of one process counts)
        xslt_dir = find_xslt_dir()
        self.html_view = stylesheet_digest(xslt_dir / "html.xsl")
        self.print_view = stylesheet_digest(xslt_dir / "print.xsl")
        self.pdf_assets = folder_digest(ASSETS_DIR)
        self.summary_views = inputs_digest(
            {view: stylesheet_digest(xslt_dir / f"{view}.xsl") for view in SUMMARY_VIEWS}
        )
        self.schema = folder_digest(_schema_dir()) if options.validate else "not validated"
        self.record_date = _harvest_record_date(tei_dir)
        # entity views (encoder/entity_pages.py): with a register, names link to entity pages
        self.register = entity_pages.site_register(tei_dir, self.report.diagnostics)

    def run(self) -> BuildReport:
        sources = document_sources(self.tei_dir, self.report)
        if not sources:
            raise InputError(f"{self.tei_dir}: no transcripts to convert and no TEI (*.xml) documents")
        _prepare_output(self.site_dir)
        for asset in SITE_ASSETS:
            self._make(f"assets/{asset}", {"asset": file_digest(ASSETS_DIR / asset)}, (ASSETS_DIR / asset).read_bytes)
        pending: deque[_PendingPdf] = deque()
        with pdf_layout(self.options.jobs, self.renderer) as lay_out:
            for done, source in enumerate(sources, 1):
                self._document(source, lay_out, pending)
                while len(pending) > 2 * self.options.jobs:  # a short queue: PDFs waiting do not pile up in memory
                    self._finish_pdf(pending.popleft())
                self.progress(done, len(sources), source.name)
            while pending:
                self._finish_pdf(pending.popleft())
        names = [summary["name"] for summary in self.summaries]
        self.report.documents = names
        self.report.rebuilt = [name for name in names if name in self._made_by_document]
        self.report.reused = [name for name in names if name not in self._made_by_document]
        self.report.removed = sorted(self.manifest.previous_documents() - set(names))
        self._site_files()
        self.manifest.write(self.site_dir / MANIFEST)
        return self.report

    # ---- one document

    def _document(self, source: DocumentSource, lay_out: PdfLayout, pending: deque[_PendingPdf]) -> None:
        name = source.name
        source_inputs = self._source_inputs(source)
        published = f"documents/{name}.xml"
        record = self.manifest.previous_record(name, "source", source_inputs)
        loaded: etree._ElementTree | None = None
        if record is not None and self.manifest.carry_over(published, source_inputs):
            self.report.files_reused += 1
            data = (self.site_dir / published).read_bytes()
            # what converting and validating it said last time, said again
            self.report.diagnostics.extend(_diagnostic(fields) for fields in record["diagnostics"])
        else:
            document = self._read_and_check(source)
            data, record, loaded = document.data, self._record(document), document.tree
            self._write(published, source_inputs, data, document=name)
        self.manifest.keep_record(name, "source", source_inputs, record)
        tree = _LazyTree(source, loaded)
        if record["pdf_refusal"] is not None:
            self.report.diagnostics.append(
                Diagnostic("PDF-REFUSED", Severity.WARNING, f"no PDF: {record['pdf_refusal']}", str(source.path))
            )
        has_pdf = self.options.pdf and record["pdf_refusal"] is None
        review = record["review"]

        links = page_links(name, has_pdf=has_pdf, has_review=review is not None, entities=self.register is not None)
        html_inputs = {
            "tei": record["tei"],
            "view": self.html_view,
            "links": inputs_digest(links.as_parameters()),
            "tool": self.tool,
        }
        self._make(
            f"documents/{name}.html", html_inputs, lambda: self.renderer.render_html(tree.get(), links).encode(), name
        )
        if review is not None:
            self._make(
                f"review/{name}.html",
                {"source": inputs_digest(source_inputs), "tool": self.tool},
                lambda: _review_page(name, tree.get(), source.path, FileReport.model_validate(review)),
                name,
            )
        if has_pdf:
            pdf_inputs = {
                "tei": record["tei"],
                "view": self.print_view,
                "assets": self.pdf_assets,
                "tool": self.tool,
            }
            path = f"documents/{name}.pdf"
            if self.manifest.carry_over(path, pdf_inputs):
                self.report.files_reused += 1
            else:
                pending.append(_PendingPdf(name, path, pdf_inputs, lay_out(name, etree.tostring(tree.get()), data)))
        for target, schema in record["schemas"].items():
            if not (self.site_dir / target).is_file():
                (self.site_dir / target).parent.mkdir(parents=True, exist_ok=True)
                schema_file = _schema_dir() / schema
                self._make(target, {"schema": file_digest(schema_file)}, schema_file.read_bytes)
        summary = self._summary(name, tree, record, has_pdf)
        self._summaries_digest.update(json.dumps(summary, sort_keys=True).encode() + b"\n")
        self.summaries.append(summary)

    def _source_inputs(self, source: DocumentSource) -> dict[str, str]:
        """What the document's TEI, its review and its diagnostics are made from."""
        inputs = {
            "path": digest(os.fsencode(source.path)),  # the review report names the transcript
            "file": file_digest(source.path),
            "schema": self.schema,
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

    def _read_and_check(self, source: DocumentSource) -> EditionDocument:
        """Convert or read the document and validate it; its diagnostics are the last ones in the report."""
        self._said_before = len(self.report.diagnostics)
        document = load_document(source, self.report)
        if self.options.validate:
            validate_documents([document], self.report)
        return document

    def _record(self, document: EditionDocument) -> dict[str, Any]:
        """What the document's pages, and the next build, need to know of a document read anew."""
        return {
            "tei": digest(document.data),
            "diagnostics": [_diagnostic_fields(found) for found in self.report.diagnostics[self._said_before :]],
            "pdf_refusal": pdf_refusal(document.tree),
            "review": document.review.model_dump(mode="json") if document.review is not None else None,
            "schemas": schema_copies(f"documents/{document.name}.xml", document.tree),
        }

    def _summary(self, name: str, tree: _LazyTree, record: dict[str, Any], has_pdf: bool) -> dict[str, Any]:
        """What the site-wide files need of this document; made again only when its TEI or their views changed."""
        inputs = {
            "tei": record["tei"],
            "views": self.summary_views,
            "record-date": "no harvest records" if self.record_date is None else self.record_date,
            "tool": self.tool,
        }
        summary = self.manifest.previous_record(name, "summary", inputs)
        if summary is None:
            summary = document_summary(self.renderer, tree.get(), self.record_date, name)
        self.manifest.keep_record(name, "summary", inputs, summary)
        return summary | {"name": name, "has_pdf": has_pdf, "review": record["review"]}

    # ---- writing, or carrying over

    def _make(self, path: str, inputs: dict[str, str], make: Callable[[], bytes], document: str | None = None) -> None:
        if self.manifest.carry_over(path, inputs):
            self.report.files_reused += 1
        else:
            self._write(path, inputs, make(), document=document)

    def _write(self, path: str, inputs: dict[str, str], data: bytes, *, document: str | None = None) -> None:
        (self.site_dir / path).write_bytes(data)
        self.manifest.made(path, inputs, data)
        self.report.files_written += 1
        self.report.made.append(path)
        if document is not None:
            self._made_by_document.add(document)

    def _finish_pdf(self, pdf: _PendingPdf) -> None:
        self._write(pdf.path, pdf.inputs, pdf.laid_out.result(), document=pdf.name)

    # ---- the site-wide files, from the documents' records: always made again, they are cheap

    def _site_files(self) -> None:
        """Each made in a step of its own, so that what one needs is freed before the next."""
        made_from = {"documents": self._summaries_digest.hexdigest(), "tool": self.tool}
        self._search_index(made_from)
        entity_parameters = self._entity_pages(made_from)
        self._index_page(made_from | {"title": self.options.title}, entity_parameters)
        self._review_report(made_from)
        self._harvest_files(made_from | {"title": self.options.title})

    def _search_index(self, made_from: dict[str, str]) -> None:
        index_json = search_index_from((summary["name"], summary["search"]) for summary in self.summaries)
        self._write("search-index.json", made_from, index_json.encode())
        self._write("search-index.js", made_from, search_index_script(index_json))

    def _entity_pages(self, made_from: dict[str, str]) -> Mapping[str, str | etree._Element]:
        """Entity views: the timeline, and with a register the index pages, entity pages and cards;
        returns the index page's navigation and facets."""
        records = [entity_pages.record_from_fields(summary["entities"]) for summary in self.summaries]
        views = entity_pages.entity_views(self.renderer, self.register, records, self.report.diagnostics)
        register_file = entity_pages.register_path(self.tei_dir)
        inputs = made_from | {"register": file_digest(register_file) if self.register is not None else ABSENT}
        for path, data in views.pages.items():
            (self.site_dir / path).parent.mkdir(parents=True, exist_ok=True)
            self._write(path, inputs, data)
        return views.index_parameters

    def _index_page(self, made_from: dict[str, str], entity_parameters: Mapping[str, str | etree._Element]) -> None:
        entries = ((summary["name"], summary["catalogue"], summary["has_pdf"]) for summary in self.summaries)
        catalogue = _catalogue(entries, self.options.title)
        self._write("index.html", made_from, _index_page(self.renderer, catalogue, entity_parameters))

    def _review_report(self, made_from: dict[str, str]) -> None:
        reviews = [summary["review"] for summary in self.summaries if summary["review"] is not None]
        if reviews:
            self._write(REVIEW_REPORT, made_from, review_report_from(reviews))
            self.report.doubtful = doubtful_count_from(reviews)

    def _harvest_files(self, made_from: dict[str, str]) -> None:
        crosswalked = {summary["name"]: summary["crosswalks"] for summary in self.summaries}
        harvest = harvest_files_from(
            self.tei_dir,
            list(crosswalked),
            lambda name: {prefix: record.encode() for prefix, record in crosswalked[name].items()},
            self.options.title,
            self.report.diagnostics,
        )
        for name, data in harvest.items():
            self._write(name, made_from, data)


Progress = Callable[[int, int, str], None]  # documents done, documents in all, the name of the last one
SUMMARY_VIEWS = ("search-entry", "dc", "mods", "entity-record")


@dataclass(frozen=True, slots=True)
class _PendingPdf:
    name: str
    path: str
    inputs: dict[str, str]
    laid_out: Future[bytes]


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


# ---- PDFs: the slowest step, laid out by several processes


PdfLayout = Callable[[str, bytes, bytes], "Future[bytes]"]


@contextlib.contextmanager
def pdf_layout(jobs: int, renderer: Renderer) -> Iterator[PdfLayout]:
    """``lay_out(name, tree, published)`` → the future PDF of document ``name``: ``tree`` is its
    tree serialized, ``published`` the bytes of ``documents/NAME.xml`` (embedded in the PDF).

    The first PDF is laid out here, at once, by ``renderer``; from the second
    on, with ``jobs`` above one, by a pool of that many processes (spawned:
    Saxon's state is not forked), each compiling the views once. A rebuild
    that lays out one PDF so does not wait for processes to start. This is
    the one place the build uses a pool, so it can move to a shared executor."""
    pool: ProcessPoolExecutor | None = None

    def lay_out(name: str, tree: bytes, published: bytes) -> Future[bytes]:
        nonlocal pool
        if pool is not None:
            return pool.submit(_lay_out_pdf, name, tree, published)
        laid_out: Future[bytes] = Future()
        try:
            laid_out.set_result(_lay_out_pdf(name, tree, published, renderer))
        except Exception as error:
            laid_out.set_exception(error)
        if jobs > 1:
            pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"))
        return laid_out

    try:
        yield lay_out
    finally:
        if pool is not None:
            # on an error, PDFs not yet started are dropped; those under way finish first
            pool.shutdown(wait=True, cancel_futures=True)


def _lay_out_pdf(name: str, tree: bytes, published: bytes, renderer: Renderer | None = None) -> bytes:
    # the renderer hands Saxon the tree serialized: parsing that gives what it would see
    parsed = parse_xml_bytes(tree, f"documents/{name}.xml")
    return (renderer or get_renderer()).render_pdf(parsed, SourceFile(f"{name}.xml", published))


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
    return {
        "search": search_entry(renderer, tree),
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
    index_entries = [
        entry | {"id": shown_name(name), "url": f"documents/{link_name(name)}.html"} for name, entry in entries
    ]
    index = {"documents": sorted(index_entries, key=lambda e: (e["when"] == "", e["when"], e["id"]))}
    return json.dumps(index, ensure_ascii=False, sort_keys=True, indent=1)


def search_index_script(index_json: str) -> bytes:
    return f"window.teiEditionSearchIndex = {index_json};\n".encode()


def catalogue_entry(tree: etree._ElementTree) -> str:
    """A document as the index page sees it: its root with the teiHeader, and its text's attributes (the language)."""
    source_root = tree.getroot()
    tei = etree.Element(source_root.tag, nsmap=source_root.nsmap)
    for header in source_root.iterchildren("{*}teiHeader"):
        tei.append(etree.fromstring(etree.tostring(header)))
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
    from encoder.harvest import OAI_NEEDS, SITEMAP_NEEDS, HarvestRecord, missing, sitemap, static_repository

    edition = load_edition(tei_dir / EDITION_FILE) if (tei_dir / EDITION_FILE).is_file() else None
    pages = [f"documents/{name}.html" for name in names]
    for name, needs in (("sitemap.xml", SITEMAP_NEEDS), ("oai.xml", OAI_NEEDS)):
        if lacking := missing(edition, needs):
            diagnostics.append(
                Diagnostic(
                    "HARVEST-SKIPPED",
                    Severity.INFO,
                    f"{name} not written: {EDITION_FILE} gives no {', '.join(lacking)}",
                    str(tei_dir / EDITION_FILE),
                )
            )
    files: dict[str, bytes] = {}
    if edition is None:
        return files
    if not missing(edition, SITEMAP_NEEDS):
        files["sitemap.xml"] = sitemap(edition, pages)
    if not missing(edition, OAI_NEEDS):
        harvested = [HarvestRecord(name, page, records(name)) for name, page in zip(names, pages, strict=True)]
        files["oai.xml"] = static_repository(edition, title, harvested)
    return files


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
    reviews = [document.review.model_dump(mode="json") for document in documents if document.review is not None]
    return review_report_from(reviews) if reviews else None


def review_report_from(reviews: Sequence[dict[str, Any]]) -> bytes:
    """The review report of the files' reports, each as ``FileReport.model_dump(mode="json")`` gives it."""
    from encoder import __version__
    from encoder.report import Report

    # validated again: a record read back from the manifest has its keys in sorted order, the report the model's
    files = tuple(FileReport.model_validate(review) for review in reviews)
    data = Report(version=__version__, files=files).model_dump(mode="json")
    # a transcript's name that is not UTF-8 is kept as a JSON escape ("\udcff"), as convert --report does
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8", errors="backslashreplace")


def doubtful_count(documents: Sequence[EditionDocument]) -> int:
    """Doubtful decisions and warnings the review report lists."""
    return sum(
        1
        for document in documents
        if document.review is not None
        for decision in document.review.decisions
        if decision.confidence != "high"
    )


def doubtful_count_from(reviews: Sequence[dict[str, Any]]) -> int:
    return sum(1 for review in reviews for decision in review["decisions"] if decision["confidence"] != "high")
