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
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from encoder import patterns
from encoder.errors import Diagnostic, InputError, Severity
from encoder.limits import parse_size
from encoder.reading import XML_ILLEGAL
from encoder.toml_files import model_from_toml

EDITION_FILE = "edition.toml"
_URL = patterns.compile(r"https?://[^\s<>\"]+")


class EditionConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    publisher: str
    identifier_base: str | None = Field(default=None, alias="identifier-base")
    availability: Literal["free", "restricted", "unknown"] = "unknown"
    licence: str | None = None
    licence_url: str | None = Field(default=None, alias="licence-url")
    rights: str | None = None
    schema_base: str | None = Field(default=None, alias="schema-base")
    # For sitemap.xml and the OAI-PMH static repository (encoder.harvest).
    site_url: str | None = Field(default=None, alias="site-url")
    updated: str | None = None  # YYYY-MM-DD: the edition's last update
    contact: str | None = None  # an e-mail address: OAI-PMH's adminEmail
    # The largest transcript convert reads, for an edition of unusually long documents.
    max_input_size: int | None = Field(default=None, alias="max-input-size")

    # The register of persons, places and organisations, relative to edition.toml.
    register_file: str | None = Field(default=None, alias="register")

    @field_validator("register_file")
    @classmethod
    def _a_relative_xml_file(cls, value: str | None) -> str | None:
        if value is not None and (not value.endswith(".xml") or Path(value).is_absolute() or ".." in Path(value).parts):
            raise ValueError("must be an .xml file in the edition's folder or below, e.g. registers.xml")
        return value

    @field_validator("updated")
    @classmethod
    def _a_date(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError("must be a date as YYYY-MM-DD")
        return value

    @field_validator("contact")
    @classmethod
    def _an_email(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+", value):
            raise ValueError("must be an e-mail address")
        return value

    @field_validator("max_input_size", mode="before")
    @classmethod
    def _a_size(cls, value: object) -> object:
        if isinstance(value, str):
            return parse_size(value)  # its ValueError says what a size looks like
        if isinstance(value, int) and not isinstance(value, bool) and value < 1:
            raise ValueError("must be at least 1 byte")
        return value

    def missing(self, keys: tuple[str, ...]) -> list[str]:
        """Which of these ``edition.toml`` keys the file leaves out."""
        return [key for key in keys if getattr(self, key.replace("-", "_")) is None]

    @field_validator("publisher", "licence", "rights")
    @classmethod
    def _text_xml_can_hold(cls, value: str | None) -> str | None:
        if value is not None and (not value.strip() or XML_ILLEGAL.search(value)):
            raise ValueError("must be non-empty text without control characters")
        return value

    @field_validator("identifier_base", "licence_url", "schema_base", "site_url")
    @classmethod
    def _a_url(cls, value: str | None) -> str | None:
        if value is not None and not _URL.fullmatch(value):
            raise ValueError("must be an http(s) URL without spaces")
        return value

    def identifier(self, name: str) -> str | None:
        """The document's URI in the edition: the base and the file's name."""
        if self.identifier_base is None:
            return None
        return self.identifier_base + ("" if self.identifier_base.endswith("/") else "/") + name


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
    return model_from_toml(text, str(path), EditionConfig, toml_code="EDITION-TOML", field_code="EDITION-FIELD")
