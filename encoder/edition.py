"""The edition's identity and rights: ``edition.toml`` beside a corpus.

A corpus kept as ``tei/transcripts/*.txt`` has its ``tei/edition.toml``::

    publisher = "Example University Library"
    identifier-base = "https://edition.example.org/documents/"   # + NAME → idno type="URI"
    availability = "free"                       # free | restricted | unknown (TEI availability/@status)
    licence = "CC BY 4.0"
    licence-url = "https://creativecommons.org/licenses/by/4.0/"
    rights = "The translations are published with permission of …"
    schema-base = "https://edition.example.org/schema/"   # xml-model hrefs, instead of a relative schema/
    site-url = "https://edition.example.org/"   # sitemap.xml and oai.xml need absolute addresses …
    updated = "2026-12-01"                      # … and a date (lastmod, OAI datestamp)
    contact = "editions@example.org"            # OAI-PMH adminEmail
    max-input-size = "50MB"                     # transcripts up to 50 MB (default 10 MB, encoder.limits)
    register = "registers.xml"                  # persons, places, organisations (beside this file)

Every TEI file converted from that corpus names the edition as its publisher,
gets its identifier, and states its availability and licence; the views show
them. Without the file the header says what the transcription says, as before.
With ``register``, names in the text link to the register's entries
(:mod:`encoder.registers`); without it, names are found by rules alone and get no ``@ref``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from encoder.errors import Diagnostic, InputError, Severity
from encoder.toml_files import model_from_toml

EDITION_FILE = "edition.toml"

# The modules whose code decides whether an edition.toml is valid and what it says:
# a checked file is served from the cache folder only while their source is the same.
CHECKED_BY = ("encoder.settings.edition", "encoder.edition", "encoder.limits", "encoder.reading", "encoder.toml_files")


@dataclass(frozen=True, slots=True)
class EditionConfig:
    """What a valid ``edition.toml`` says (checked by :class:`encoder.settings.edition.EditionFile`,
    which has the same fields): a plain frozen dataclass, so that a run that finds the checked
    file in the cache folder imports no pydantic."""

    publisher: str
    identifier_base: str | None = None
    availability: Literal["free", "restricted", "unknown"] = "unknown"
    licence: str | None = None
    licence_url: str | None = None
    rights: str | None = None
    schema_base: str | None = None
    site_url: str | None = None
    updated: str | None = None
    contact: str | None = None
    max_input_size: int | None = None
    register_file: str | None = None

    def missing(self, keys: tuple[str, ...]) -> list[str]:
        """Which of these ``edition.toml`` keys the file leaves out."""
        return [key for key in keys if getattr(self, key.replace("-", "_")) is None]

    def identifier(self, name: str) -> str | None:
        """The document's URI in the edition: the base and the file's name."""
        if self.identifier_base is None:
            return None
        return self.identifier_base + ("" if self.identifier_base.endswith("/") else "/") + name


def edition_from_table(table: dict[str, object]) -> EditionConfig:
    """``edition.toml``'s table checked by its pydantic model; its ``ValidationError`` lists what does not fit."""
    from encoder.settings.edition import EditionFile

    return EditionFile.model_validate(table).checked()


def find_edition_file(transcript: Path) -> Path | None:
    """``edition.toml`` in the transcript's folder or the one above (``tei/`` for ``tei/transcripts/``)."""
    folder = transcript.resolve().parent
    for candidate in (folder / EDITION_FILE, folder.parent / EDITION_FILE):
        if candidate.is_file():
            return candidate
    return None


def register_path(edition: EditionConfig | None, edition_file: Path | None) -> Path | None:
    """Where the edition keeps its register, if it names one."""
    if edition is None or edition.register_file is None or edition_file is None:
        return None
    return edition_file.resolve().parent / edition.register_file


def load_edition(path: Path) -> EditionConfig:
    """The edition's configuration; a file that does not read is an input error at its place.

    A file pydantic found valid before is not checked again (:mod:`encoder.settings_cache`)."""
    from encoder.settings_cache import checked_once  # imported when needed: most conversions read no settings file

    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text (byte {error.start}): save {EDITION_FILE} as UTF-8"
        raise InputError(
            f"{path}: {message}", [Diagnostic("EDITION-TOML", Severity.ERROR, message, str(path))]
        ) from None
    return checked_once(
        EditionConfig,
        data,
        CHECKED_BY,
        lambda: model_from_toml(
            text, str(path), edition_from_table, toml_code="EDITION-TOML", field_code="EDITION-FIELD"
        ),
    )
