"""The model of ``edition.toml``, which checks it (its keys are described in :mod:`encoder.edition`).

What a valid file says is handed on as :class:`encoder.edition.EditionConfig`, a frozen dataclass
with the same fields, which a later run can rebuild from the cache folder without importing pydantic
(:mod:`encoder.settings_cache`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from encoder import patterns
from encoder.edition import EditionConfig
from encoder.limits import parse_size
from encoder.reading import XML_ILLEGAL

_URL = patterns.compile(r"https?://[^\s<>\"]+")


class EditionFile(BaseModel):
    """The edition's identity and rights as the file writes them. Keys are written with hyphens
    (``identifier-base``); the Python spelling (``identifier_base``) is taken too."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    publisher: str
    identifier_base: str | None = Field(default=None, alias="identifier-base")
    availability: Literal["free", "restricted", "unknown"] = "unknown"  # TEI availability/@status
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
    def _a_size_as_written(cls, value: object) -> object:
        if isinstance(value, str):
            return parse_size(value)  # its ValueError says what a size looks like
        if isinstance(value, bool):  # pydantic would take true for 1 byte: a yes/no is no size
            raise PydanticCustomError("int_type", "Input should be a valid integer")
        return value  # a whole number; pydantic refuses a fraction or an infinity in its own words

    @field_validator("max_input_size")
    @classmethod
    def _at_least_one_byte(cls, value: int | None) -> int | None:
        if value is not None and value < 1:
            raise ValueError("must be at least 1 byte")
        return value

    @field_validator("register_file")
    @classmethod
    def _a_relative_xml_file(cls, value: str | None) -> str | None:
        if value is not None and (not value.endswith(".xml") or Path(value).is_absolute() or ".." in Path(value).parts):
            raise ValueError("must be an .xml file in the edition's folder or below, e.g. registers.xml")
        return value

    def checked(self) -> EditionConfig:
        """The values, once checked, as the conversion uses them."""
        return EditionConfig(**self.model_dump())
