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

The build is deterministic: documents are processed in name order, JSON keys
are sorted, nothing records a time, so a re-run gives byte-identical files.
"""

from __future__ import annotations

import importlib.util
import json
import os
import posixpath
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from lxml import etree

from encoder import entity_pages
from encoder.atomic import folder_lock, new_folder_beside, replace_folder
from encoder.errors import Diagnostic, InputError, OutputInvalidError, Severity, UsageError, path_problem
from encoder.registers import is_register
from encoder.safexml import parse_xml_file
from encoder.views import ASSETS_DIR, PageLinks, Renderer, SourceFile, get_renderer, pdf_refusal

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


Progress = Callable[[str], None]
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


def collect_documents(tei_dir: Path, report: BuildReport, *, live: bool = False) -> list[EditionDocument]:
    """The edition's documents: converted transcripts first, then any other
    ``tei/*.xml`` (hand-encoded TEI whose name matches no transcript).

    ``live`` is the server's mode: a file that does not read is reported and
    left out instead of stopping the whole corpus (one editor's broken file
    must not take the others' pages down), and files that resolve outside
    ``tei_dir`` (symlinks out of the corpus) are never read."""
    if not tei_dir.is_dir():
        raise UsageError(f"--tei-dir {tei_dir}: {path_problem(tei_dir) if not tei_dir.exists() else 'not a folder'}")
    documents: dict[str, EditionDocument] = {}
    failed: set[str] = set()  # transcripts that did not convert: their older TEI must not stand in for them
    transcripts = [path for path in sorted((tei_dir / "transcripts").glob("*.txt")) if _readable(path, tei_dir, live)]
    if transcripts and _converter_available():
        for transcript in transcripts:
            encoded = tei_dir / (transcript.stem + ".xml")
            try:
                if _is_editors_master(encoded, transcript, report):
                    continue  # read below with the other TEI files, as it is
                documents[transcript.stem] = _converted(transcript, encoded, report)
            except InputError as error:
                if not live:
                    raise
                _left_out(transcript, error, report)
                failed.add(transcript.stem)
    for path in sorted(tei_dir.glob("*.xml")):
        if path.stem in documents or path.stem in failed or not _readable(path, tei_dir, live):
            continue
        if path.name == entity_pages.REGISTER_FILE:  # entity views: the register is no document
            continue
        try:
            tree = parse_xml_file(path)
            if is_register(tree):
                continue  # the register of names (registers.xml) is no document of the edition
            documents[path.stem] = EditionDocument(path.stem, tree, path, converted=False, data=path.read_bytes())
        except InputError as error:
            if not live:
                raise
            _left_out(path, error, report)
    if not documents and not live:
        raise InputError(f"{tei_dir}: no transcripts to convert and no TEI (*.xml) documents")
    return [documents[name] for name in sorted(documents)]


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


def _catalogue(documents: Sequence[EditionDocument], title: str, without_pdf: set[str]) -> etree._ElementTree:
    """The index page's input: each document's links and teiHeader."""
    site = f"{{{SITE_NS}}}"
    catalogue = etree.Element(site + "catalogue", nsmap={"s": SITE_NS}, title=title)
    for document in documents:
        entry = etree.SubElement(
            catalogue,
            site + "document",
            id=shown_name(document.name),
            page=f"documents/{link_name(document.name)}.html",
            pdf="" if document.name in without_pdf else f"documents/{link_name(document.name)}.pdf",
            tei=f"documents/{link_name(document.name)}.xml",
        )
        source_root = document.tree.getroot()
        tei = etree.SubElement(entry, source_root.tag, nsmap=source_root.nsmap)
        for header in source_root.iterchildren("{*}teiHeader"):
            tei.append(_copy(header))
        for text in source_root.iterchildren("{*}text"):
            # only the language matters to the index; the body stays out
            stub = etree.SubElement(tei, text.tag)
            stub.attrib.update(text.attrib)
    return catalogue.getroottree()


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element))


def _write(path: Path, data: bytes, report: BuildReport) -> None:
    path.write_bytes(data)
    report.files_written += 1


def build_site(
    site_dir: Path,
    tei_dir: Path,
    *,
    title: str = DEFAULT_TITLE,
    renderer: Renderer | None = None,
    progress: Progress | None = None,
    skip_validation: bool = False,
) -> BuildReport:
    """Run convert → validate → render on ``tei_dir`` and write the site.

    The new site is built in a folder beside ``site_dir`` and swapped in when
    complete: an interrupted or failed build leaves the old site whole. A lock
    keeps two builds from writing one site at once. ``skip_validation`` is for
    benchmarks and previews only: a published edition always goes through
    validation."""
    _check_output(site_dir)
    with folder_lock(site_dir):
        work = new_folder_beside(site_dir)
        try:
            report = _build_into(
                work, tei_dir, title=title, renderer=renderer, progress=progress, skip_validation=skip_validation
            )
            replace_folder(site_dir, work)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
    return report


def _build_into(
    site_dir: Path,
    tei_dir: Path,
    *,
    title: str,
    renderer: Renderer | None,
    progress: Progress | None,
    skip_validation: bool,
) -> BuildReport:
    say = progress or (lambda message: None)
    renderer = renderer or get_renderer()
    report = BuildReport()
    documents = collect_documents(tei_dir, report)
    if not skip_validation:
        validate_documents(documents, report)
    _prepare_output(site_dir)
    # ---- entity views (encoder/entity_pages.py): the register, and a small record per document
    register = entity_pages.load_register(tei_dir, report.diagnostics)
    entity_records: list[entity_pages.DocumentRecord] = []

    for asset in SITE_ASSETS:
        _write(site_dir / "assets" / asset, (ASSETS_DIR / asset).read_bytes(), report)

    for document in documents:
        say(f"rendering {document.name}")
        refusal = pdf_refusal(document.tree)
        if refusal is not None:
            report.diagnostics.append(
                Diagnostic("PDF-REFUSED", Severity.WARNING, f"no PDF: {refusal}", str(document.source))
            )
        base = site_dir / "documents" / document.name
        if document.review is not None:
            _write(site_dir / "review" / f"{document.name}.html", review_page(document), report)
        _write(base.with_suffix(".html"), document_html(renderer, document, entities=register is not None), report)
        entity_records.append(entity_record(renderer, document))  # entity views
        if refusal is None:
            _write(base.with_suffix(".pdf"), document_pdf(renderer, document), report)
        _write(base.with_suffix(".xml"), document.data, report)
        _ship_schemas(site_dir, base.with_suffix(".xml"), document.tree, report)
        report.documents.append(document.name)

    index_json = search_index_json(renderer, documents)
    _write(site_dir / "search-index.json", index_json.encode(), report)
    _write(site_dir / "search-index.js", search_index_script(index_json), report)
    # ---- entity views: index pages, entity pages, timeline, cards; the index's navigation and facets
    entity_views = entity_pages.entity_views(renderer, register, entity_records, report.diagnostics)
    for path, data in entity_views.pages.items():
        (site_dir / path).parent.mkdir(exist_ok=True)
        _write(site_dir / path, data, report)
    _write(site_dir / "index.html", index_html(renderer, documents, title, entity_views.index_parameters), report)
    _write_review_report(site_dir, documents, report)
    _write_harvest_files(site_dir, tei_dir, documents, title, report)
    return report


# ---- the pages, one pure function each: `build` writes them, `serve` answers with them


def document_links(document: EditionDocument, *, entities: bool = False) -> PageLinks:
    """The relative links of a document page at ``documents/NAME.html`` (no PDF link when the PDF is refused);
    ``entities``: the edition has a register, names link to the entity pages."""
    linked = link_name(document.name)
    return PageLinks(
        assets_href="../assets/",
        home_href="../index.html",
        pdf_href="" if pdf_refusal(document.tree) else f"{linked}.pdf",
        tei_href=f"{linked}.xml",
        search_index_href="../search-index.js",
        review_href=f"../review/{linked}.html" if document.review is not None else "",
        entity_pages_href=f"../{entity_pages.ENTITY_FOLDER}/" if entities else "",
        entities_href=f"../{entity_pages.ENTITIES_SCRIPT}" if entities else "",
    )


def document_html(renderer: Renderer, document: EditionDocument, *, entities: bool = False) -> bytes:
    return renderer.render_html(document.tree, document_links(document, entities=entities)).encode()


def entity_record(renderer: Renderer, document: EditionDocument) -> entity_pages.DocumentRecord:
    """Entity views: the small record of a document the entity pages are made from."""
    return entity_pages.document_record(
        renderer, shown_name(document.name), f"documents/{link_name(document.name)}.html", document.tree
    )


def document_pdf(renderer: Renderer, document: EditionDocument) -> bytes:
    return renderer.render_pdf(document.tree, SourceFile(f"{document.name}.xml", document.data))


def search_index_json(renderer: Renderer, documents: Sequence[EditionDocument]) -> str:
    """The full-text index: one entry per document, in date order (undated last)."""
    entries: list[dict[str, Any]] = []
    for document in documents:
        entry: dict[str, Any] = json.loads(renderer.transform("search-entry", document.tree))
        entry |= {"id": shown_name(document.name), "url": f"documents/{link_name(document.name)}.html"}
        entries.append(entry)
    index = {"documents": sorted(entries, key=lambda e: (e["when"] == "", e["when"], e["id"]))}
    return json.dumps(index, ensure_ascii=False, sort_keys=True, indent=1)


def search_index_script(index_json: str) -> bytes:
    return f"window.teiEditionSearchIndex = {index_json};\n".encode()


def index_html(
    renderer: Renderer,
    documents: Sequence[EditionDocument],
    title: str,
    entity_parameters: Mapping[str, str | etree._Element] | None = None,
) -> bytes:
    html = renderer.transform(
        "site-index",
        _catalogue(documents, title, {document.name for document in documents if pdf_refusal(document.tree)}),
        {"assets-href": "assets/", "search-index-href": "search-index.js", **(entity_parameters or {})},
    )
    return html.encode()


def _write_harvest_files(
    site_dir: Path, tei_dir: Path, documents: Sequence[EditionDocument], title: str, report: BuildReport
) -> None:
    for name, data in harvest_files(tei_dir, documents, title, report.diagnostics).items():
        _write(site_dir / name, data, report)


def harvest_files(
    tei_dir: Path, documents: Sequence[EditionDocument], title: str, diagnostics: list[Diagnostic]
) -> dict[str, bytes]:
    """``sitemap.xml`` and the OAI-PMH static repository ``oai.xml``, when the edition gives what they need."""
    from encoder import crosswalks
    from encoder.edition import EDITION_FILE, load_edition
    from encoder.harvest import OAI_NEEDS, SITEMAP_NEEDS, HarvestRecord, missing, sitemap, static_repository

    edition = load_edition(tei_dir / EDITION_FILE) if (tei_dir / EDITION_FILE).is_file() else None
    pages = [f"documents/{document.name}.html" for document in documents]
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
        records = [
            HarvestRecord(
                document.name,
                page,
                {
                    "oai_dc": crosswalks.dc(document.tree),
                    "mods": crosswalks.mods(document.tree, record_date=edition.updated or ""),
                },
            )
            for document, page in zip(documents, pages, strict=True)
        ]
        files["oai.xml"] = static_repository(edition, title, records)
    return files


def _ship_schemas(site_dir: Path, published: Path, tree: etree._ElementTree, report: BuildReport) -> None:
    from encoder.validation import PROJECT_SCHEMA_DIR

    for target_path, name in schema_copies(published.relative_to(site_dir).as_posix(), tree).items():
        target = site_dir / target_path
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            _write(target, (PROJECT_SCHEMA_DIR / name).read_bytes(), report)


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
    from encoder.reading import read_bytes
    from encoder.review_page import review_page

    title = document.tree.findtext(".//{http://www.tei-c.org/ns/1.0}titleStmt/{http://www.tei-c.org/ns/1.0}title")
    transcript = read_bytes(document.source.read_bytes(), str(document.source)).text
    name = shown_name(document.name)
    return review_page(name, title or name, transcript, document.review.decisions, "../index.html")


def _write_review_report(site_dir: Path, documents: Sequence[EditionDocument], report: BuildReport) -> None:
    data = review_report_json(documents)
    if data is None:
        return
    _write(site_dir / REVIEW_REPORT, data, report)
    report.doubtful = doubtful_count(documents)


def review_report_json(documents: Sequence[EditionDocument]) -> bytes | None:
    """The corpus's review report, as ``convert --report`` writes it, for editors: not linked for readers."""
    from encoder import __version__
    from encoder.report import Report

    reviews = [document.review for document in documents if document.review is not None]
    if not reviews:
        return None
    data = Report(version=__version__, files=tuple(reviews)).model_dump(mode="json")
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
