"""Which file is the master: the transcript, or a TEI file an editor has changed.

Every TEI file the converter writes carries a stamp, a processing instruction
before the root element::

    <?tei-encoder version="0.4.0" transcript-sha256="…" generated-sha256="…"?>

``transcript-sha256`` is the digest of the transcript's text it was made from;
``generated-sha256`` the digest of the file's own bytes as written, without the
stamp line. A file whose bytes still give that digest is untouched and may be
regenerated; any other file (edited by hand, reformatted by an XML editor, or
without a stamp at all) is the editor's master and is never overwritten
silently. The stamp is a processing instruction, not header markup, so TEI
validators, XSLT views and other TEI tools ignore it.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from pathlib import Path

from encoder import __version__, patterns
from encoder.digests import sha256

_STAMP_TARGET = "tei-encoder"
# The stamp as serialize() writes it: one line of its own, before the root element.
_STAMP_LINE = patterns.compile(rb"^<\?tei-encoder (?P<data>[^?>]*)\?>\n", re.MULTILINE)
_PSEUDO_ATTRIBUTE = patterns.compile(rb'([\w-]+)="([^"]*)"')


def text_digest(text: str) -> str:
    """The digest of a transcript's decoded text (so UTF-16 and UTF-8 copies agree)."""
    return sha256(text.encode("utf-8")).hexdigest()


def stamp(data: bytes, transcript_sha256: str) -> bytes:
    """``data`` (serialized TEI with an XML declaration) with its stamp added before the root."""
    generated = sha256(data).hexdigest()
    line = (
        f'<?{_STAMP_TARGET} version="{__version__}" transcript-sha256="{transcript_sha256}" '
        f'generated-sha256="{generated}"?>\n'
    ).encode("ascii")
    declaration_end = data.index(b"?>\n") + 3 if data.startswith(b"<?xml") else 0
    return data[:declaration_end] + line + data[declaration_end:]


class TeiState(enum.StrEnum):
    ABSENT = "absent"  # no TEI file yet
    GENERATED = "generated"  # as the converter wrote it: may be regenerated
    EDITED = "edited"  # stamped, but changed since: the editor's master
    UNSTAMPED = "unstamped"  # not written by tei-encoder (or the stamp was removed): a master too


@dataclass(frozen=True, slots=True)
class Provenance:
    state: TeiState
    transcript_sha256: str | None = None
    version: str | None = None

    @property
    def is_master(self) -> bool:
        """The TEI file, not the transcript, holds the edition's text."""
        return self.state in (TeiState.EDITED, TeiState.UNSTAMPED)

    def transcript_changed(self, transcript_sha256: str) -> bool:
        """The transcript is not the one the TEI was made from."""
        return self.transcript_sha256 is not None and self.transcript_sha256 != transcript_sha256


def read_provenance(path: Path) -> Provenance:
    """What the TEI file at ``path`` is: absent, as generated, edited, or not ours."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Provenance(TeiState.ABSENT)
    return provenance_of(data)


def provenance_of(data: bytes) -> Provenance:
    found = _STAMP_LINE.search(data)
    if found is None:
        return Provenance(TeiState.UNSTAMPED)
    fields = {key.decode(): value.decode("ascii", "replace") for key, value in _PSEUDO_ATTRIBUTE.findall(found["data"])}
    unstamped = data[: found.start()] + data[found.end() :]
    untouched = sha256(unstamped).hexdigest() == fields.get("generated-sha256")
    return Provenance(
        TeiState.GENERATED if untouched else TeiState.EDITED,
        fields.get("transcript-sha256"),
        fields.get("version"),
    )


BASE_FOLDER = ".generated"


def base_path(tei: Path) -> Path:
    """Where the converter keeps the file as it generated it: ``tei/.generated/X.xml``.

    ``reconcile`` merges against it. The folder is hidden and holds no document
    of the edition (``build`` reads ``tei/*.xml`` only).
    """
    return tei.parent / BASE_FOLDER / tei.name


def backup_path(path: Path) -> Path:
    """A free name for a backup of ``path``: ``X.xml.bak``, then ``X.xml.bak.2``, …

    Never ending in ``.xml``, so a backup is not taken for a document of the edition.
    """
    candidate = path.with_name(path.name + ".bak")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak.{number}")
        number += 1
    return candidate
