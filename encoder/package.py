"""Library ingest: the edition as BagIt bags (RFC 8493) with METS, MODS and Dublin Core.

One bag for the corpus, or one per document (``per_document``). Each document
is a folder of the payload::

    data/NAME/NAME.xml        the TEI (the corpus file's bytes)
    data/NAME/NAME.txt        the transcription it was made from, when there is one
    data/NAME/NAME.html       the reading view, one self-contained page
    data/NAME/NAME.pdf        the archival PDF (PDF/A-3b, carrying the TEI)
    data/NAME/NAME.mets.xml   METS 1.12.1: the MODS, these files with SHA-256, the pages
    data/NAME/NAME.mods.xml   MODS 3.8
    data/NAME/NAME.dc.xml     OAI-PMH Dublin Core
    data/schema/              the schema the TEI's xml-model instructions point to

The bags have SHA-256 and SHA-512 manifests and a ``bag-info.txt`` naming the
source organisation, the external identifier and the bagging date. Given the
same date, the same corpus gives byte-identical bags. A package is assembled
beside its destination and moved into place only when complete.
"""

from __future__ import annotations

import datetime
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from encoder import patterns
from encoder.errors import Diagnostic, UsageError

if TYPE_CHECKING:
    from encoder.edition import EditionConfig

Progress = Callable[[str], None]
CHECKSUMS = ("sha256", "sha512")
_DATE = patterns.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class BagIdentity:
    """What ``bag-info.txt`` says about a bag (RFC 8493 §2.2.2 reserved fields)."""

    source_organization: str
    external_identifier: str
    bagging_date: str  # YYYY-MM-DD

    def fields(self, description: str) -> dict[str, str]:
        return {
            "Source-Organization": self.source_organization,
            "External-Identifier": self.external_identifier,
            "External-Description": description,
            "Bagging-Date": self.bagging_date,
        }


@dataclass(slots=True)
class PackageReport:
    bags: list[Path] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def bagging_date(given: str | None) -> str:
    """The date to write: the one given (checked), else today's."""
    if given is None:
        return datetime.date.today().isoformat()
    if not _DATE.fullmatch(given):
        raise UsageError(f"--bagging-date {given!r}: give a date as YYYY-MM-DD")
    try:
        datetime.date.fromisoformat(given)
    except ValueError:
        raise UsageError(f"--bagging-date {given!r}: no such day") from None
    return given


def package_edition(
    tei_dir: Path,
    destination: Path,
    *,
    date: str,
    source_organization: str | None = None,
    external_identifier: str | None = None,
    per_document: bool = False,
    progress: Progress | None = None,
) -> PackageReport:
    """Convert, validate and render ``tei_dir`` and write its bag(s) to ``destination``."""
    from encoder.site import BuildReport, collect_documents, validate_documents

    say = progress or (lambda message: None)
    _refuse_existing(destination)
    build = BuildReport()
    documents = collect_documents(tei_dir, build)
    validate_documents(documents, build)
    report = PackageReport(diagnostics=build.diagnostics)
    edition = _edition(tei_dir)
    organization = source_organization or (edition.publisher if edition else "unknown")
    identifier = external_identifier or (edition and edition.identifier_base) or tei_dir.resolve().name
    destination.parent.mkdir(parents=True, exist_ok=True)
    workspace = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
    try:
        if per_document:
            for document in documents:
                say(f"packaging {document.name}")
                bag = workspace / document.name
                _write_item(bag, document, tei_dir, date, f"{identifier}/{document.name}")
                _make_bag(bag, BagIdentity(organization, f"{identifier}/{document.name}", date), document.name)
                report.bags.append(destination / document.name)
        else:
            for document in documents:
                say(f"packaging {document.name}")
                _write_item(workspace, document, tei_dir, date, f"{identifier}/{document.name}")
            _make_bag(workspace, BagIdentity(organization, identifier, date), f"{len(documents)} documents")
            report.bags.append(destination)
        report.documents = [document.name for document in documents]
        workspace.rename(destination)
    except BaseException:
        shutil.rmtree(workspace, ignore_errors=True)
        raise
    return report


def _refuse_existing(destination: Path) -> None:
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise UsageError(f"{destination} exists: a package is written to a new folder; choose another -o")
    if destination.is_dir():
        destination.rmdir()  # empty: take its place


def _edition(tei_dir: Path) -> EditionConfig | None:
    from encoder.edition import EDITION_FILE, load_edition

    path = tei_dir / EDITION_FILE
    return load_edition(path) if path.is_file() else None


def _write_item(root: Path, document: object, tei_dir: Path, date: str, identifier: str) -> None:
    """One document's payload folder ``root/NAME/`` (the bag moves it under ``data/``)."""
    from encoder.crosswalks import FileEntry, FileUse, dc, mets, mods
    from encoder.site import EditionDocument
    from encoder.views import SourceFile, get_renderer

    assert isinstance(document, EditionDocument)
    renderer = get_renderer()
    folder = root / document.name
    folder.mkdir(parents=True)
    tei = folder / f"{document.name}.xml"
    tei.write_bytes(document.data)
    entries = [(tei, FileUse.TEI)]
    transcript = tei_dir / "transcripts" / f"{document.name}.txt"
    if transcript.is_file():
        shutil.copyfile(transcript, folder / transcript.name)
        entries.append((folder / transcript.name, FileUse.TRANSCRIPT))
    html = folder / f"{document.name}.html"
    html.write_bytes(renderer.render_html(document.tree).encode("utf-8"))
    pdf = folder / f"{document.name}.pdf"
    pdf.write_bytes(renderer.render_pdf(document.tree, SourceFile(tei.name, document.data)))
    entries += [(html, FileUse.HTML), (pdf, FileUse.PDF)]
    files: Sequence[FileEntry] = [FileEntry.measure(path, use, folder) for path, use in entries]
    (folder / f"{document.name}.mets.xml").write_bytes(
        mets(document.tree, files, record_date=date, record_identifier=identifier)
    )
    (folder / f"{document.name}.mods.xml").write_bytes(
        mods(document.tree, record_date=date, record_identifier=identifier)
    )
    (folder / f"{document.name}.dc.xml").write_bytes(dc(document.tree))
    _ship_schema(root, tei, document.tree)


def _ship_schema(root: Path, tei: Path, tree: etree._ElementTree) -> None:
    """The schema where the TEI's xml-model hrefs point, when that is inside the bag (as the site ships it)."""
    from encoder.site import schema_copies
    from encoder.validation import PROJECT_SCHEMA_DIR

    for target_path, name in schema_copies(tei.relative_to(root).as_posix(), tree).items():
        target = root / target_path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file():
            shutil.copyfile(PROJECT_SCHEMA_DIR / name, target)


def _make_bag(folder: Path, identity: BagIdentity, description: str) -> None:
    import bagit

    bag = bagit.make_bag(str(folder), identity.fields(description), processes=1, checksums=list(CHECKSUMS))
    bag.validate(processes=1)  # what a library's ingest will check first
