"""Library records from a TEI document: MODS 3.8, OAI-PMH Dublin Core, METS 1.12.1.

The mapping lives in XSLT (``xslt/mods.xsl``, ``xslt/dc.xsl``,
``xslt/mets.xsl``; see ``docs/crosswalks.md``); this module runs it through
the views' compiled, locked-down Saxon (:func:`encoder.views.get_renderer`):
no stylesheet reads a file or reaches the network.

XSLT cannot read or hash files, so METS gets its file inventory from here:
:class:`FileEntry` measures a file (size, SHA-256) and :func:`inventory`
turns the entries into the ``$files`` document the stylesheet reads::

    <inventory xmlns="urn:x-tei-encoder:inventory">
      <file use="tei" href="tei/x.xml" mimetype="application/tei+xml"
            size="1234" sha256="…"/>
    </inventory>

``record_date`` and ``record_identifier`` are parameters rather than the
clock and the file name, so the same input always gives the same bytes.
"""

from __future__ import annotations

import enum
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from encoder import patterns
from encoder.errors import UsageError
from encoder.views import get_renderer

INVENTORY_NS = "urn:x-tei-encoder:inventory"


class FileUse(enum.StrEnum):
    """What a file of an edition item is; the METS fileGrp/@USE."""

    TEI = "tei"
    TRANSCRIPT = "transcript"
    HTML = "html"
    PDF = "pdf"


MEDIA_TYPES: dict[FileUse, str] = {
    FileUse.TEI: "application/tei+xml",  # RFC 6129
    FileUse.TRANSCRIPT: "text/plain",
    FileUse.HTML: "text/html",
    FileUse.PDF: "application/pdf",
}


@dataclass(frozen=True, slots=True)
class FileEntry:
    """One file of an edition item as METS lists it.

    ``href`` is the file's URL relative to where the METS document will be
    stored (``/``-separated, percent-encoded, never absolute), so the
    package can move.
    """

    href: str
    use: FileUse
    mimetype: str
    size: int
    sha256: str

    @classmethod
    def measure(cls, path: Path, use: FileUse, relative_to: Path, mimetype: str | None = None) -> FileEntry:
        """Read ``path`` once for its size and SHA-256; ``relative_to`` is the
        folder of the METS document."""
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 16):
                digest.update(chunk)
                size += len(chunk)
        href = quote(Path(os.path.relpath(path, relative_to)).as_posix())
        return cls(href, use, mimetype or MEDIA_TYPES[use], size, digest.hexdigest())


def inventory(files: Sequence[FileEntry]) -> etree._Element:
    """The ``$files`` parameter of ``mets.xsl``, built as a tree."""
    root = etree.Element(f"{{{INVENTORY_NS}}}inventory", nsmap={None: INVENTORY_NS})
    for entry in files:
        etree.SubElement(
            root,
            f"{{{INVENTORY_NS}}}file",
            use=str(entry.use),
            href=entry.href,
            mimetype=entry.mimetype,
            size=str(entry.size),
            sha256=entry.sha256,
        )
    return root


# W3CDTF: a year, year-month, date, or date and time (the stylesheets' f:w3cdtf).
_W3CDTF = patterns.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?")


def _record_parameters(record_date: str, record_identifier: str) -> dict[str, str | etree._Element]:
    # The stylesheets leave out a date they cannot read; a caller's typo
    # should fail here instead of silently dropping the record date.
    if record_date and not _W3CDTF.fullmatch(record_date):
        raise UsageError(f"record date {record_date!r} is not W3CDTF (e.g. 2026-12-01 or 2026-12-01T12:00:00Z)")
    return {"record-date": record_date, "record-identifier": record_identifier}


def _run(stylesheet: str, tree: etree._ElementTree, parameters: dict[str, str | etree._Element]) -> bytes:
    return get_renderer().transform(stylesheet, tree, parameters).encode("utf-8")


def mods(tree: etree._ElementTree, *, record_date: str = "", record_identifier: str = "") -> bytes:
    """The document's MODS 3.8 record (``mods:mods``), UTF-8."""
    return _run("mods", tree, _record_parameters(record_date, record_identifier))


def dc(tree: etree._ElementTree) -> bytes:
    """The document's OAI-PMH Dublin Core record (``oai_dc:dc``), UTF-8."""
    return _run("dc", tree, {})


def mets(
    tree: etree._ElementTree,
    files: Sequence[FileEntry],
    *,
    record_date: str = "",
    record_identifier: str = "",
) -> bytes:
    """The item's METS 1.12.1 document: MODS, the files, the pages; UTF-8.

    ``record_date`` is written as METS CREATEDATE only when it is a full
    xs:dateTime (MODS takes a date as well).
    """
    parameters = _record_parameters(record_date, record_identifier)
    parameters["files"] = inventory(files)
    return _run("mets", tree, parameters)
