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

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from encoder import patterns
from encoder.errors import Diagnostic, InputError, Severity
from encoder.limits import parse_size
from encoder.reading import XML_ILLEGAL
from encoder.toml_files import TableReader, model_from_toml

EDITION_FILE = "edition.toml"
_URL = patterns.compile(r"https?://[^\s<>\"]+")
Availability = Literal["free", "restricted", "unknown"]  # TEI availability/@status
AVAILABILITIES: tuple[Availability, ...] = ("free", "restricted", "unknown")


@dataclass(frozen=True, slots=True, kw_only=True)
class EditionConfig:
    publisher: str
    identifier_base: str | None = None
    availability: Availability = "unknown"
    licence: str | None = None
    licence_url: str | None = None
    rights: str | None = None
    schema_base: str | None = None
    # For sitemap.xml and the OAI-PMH static repository (encoder.harvest).
    site_url: str | None = None
    updated: str | None = None  # YYYY-MM-DD: the edition's last update
    contact: str | None = None  # an e-mail address: OAI-PMH's adminEmail
    # The largest transcript convert reads, for an edition of unusually long documents.
    max_input_size: int | None = None
    # The register of persons, places and organisations, relative to edition.toml.
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
    """``edition.toml``'s table as an :class:`EditionConfig`; :class:`SettingsError` lists what does not fit.

    Keys are written with hyphens (``identifier-base``); the Python spelling
    (``identifier_base``) is taken too.
    """
    read = TableReader(table)

    def url(key: str) -> str | None:
        return read.text(key, _a_url, spellings=(key.replace("-", "_"),))

    edition = EditionConfig(
        publisher=read.text("publisher", _text_xml_can_hold, required=True) or "",
        identifier_base=url("identifier-base"),
        availability=read.choice("availability", AVAILABILITIES, "unknown"),  # type: ignore[arg-type]
        licence=read.text("licence", _text_xml_can_hold),
        licence_url=url("licence-url"),
        rights=read.text("rights", _text_xml_can_hold),
        schema_base=url("schema-base"),
        site_url=url("site-url"),
        updated=read.text("updated", _a_date),
        contact=read.text("contact", _an_email),
        max_input_size=read.integer(
            "max-input-size", _at_least_one_byte, spellings=("max_input_size",), from_text=parse_size
        ),
        register_file=read.text("register", _a_relative_xml_file, spellings=("register_file",)),
    )
    read.finish()  # the problems in the keys' order, as the fields are listed above
    return edition


def _text_xml_can_hold(value: str) -> str | None:
    if not value.strip() or XML_ILLEGAL.search(value):
        return "must be non-empty text without control characters"
    return None


def _a_url(value: str) -> str | None:
    return None if _URL.fullmatch(value) else "must be an http(s) URL without spaces"


def _a_date(value: str) -> str | None:
    return None if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else "must be a date as YYYY-MM-DD"


def _an_email(value: str) -> str | None:
    return None if re.fullmatch(r"[^@\s]+@[^@\s]+", value) else "must be an e-mail address"


def _at_least_one_byte(value: int) -> str | None:
    return None if value >= 1 else "must be at least 1 byte"


def _a_relative_xml_file(value: str) -> str | None:
    if not value.endswith(".xml") or Path(value).is_absolute() or ".." in Path(value).parts:
        return "must be an .xml file in the edition's folder or below, e.g. registers.xml"
    return None


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
    """The edition's configuration; a file that does not read is an input error at its place."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text (byte {error.start}): save {EDITION_FILE} as UTF-8"
        raise InputError(
            f"{path}: {message}", [Diagnostic("EDITION-TOML", Severity.ERROR, message, str(path))]
        ) from None
    return model_from_toml(text, str(path), edition_from_table, toml_code="EDITION-TOML", field_code="EDITION-FIELD")
