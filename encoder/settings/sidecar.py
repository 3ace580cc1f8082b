"""The model of a transcript's ``NAME.meta.toml`` (see :func:`encoder.header.load_sidecar`)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from encoder.citation import is_uri
from encoder.dates import given_date
from encoder.reading import unwritable_character


class Sidecar(BaseModel):
    """Metadata given beside a header-less transcript (``NAME.meta.toml``) or by options."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    title: str | None = None
    date: str | None = None
    citation: str | None = None
    url: str | None = None
    summary: str | None = None
    funder: str | None = None
    original_language: list[str] = Field(default_factory=list)
    translation_language: str | None = None
    obtained_by: list[str] = Field(default_factory=list)
    translated_by: list[str] = Field(default_factory=list)

    # Defined first, so it runs first: a value that fails it gets no other message.
    @field_validator("*")
    @classmethod
    def _writable(cls, value: str | list[str] | None) -> str | list[str] | None:
        """Every value goes into the TEI, which cannot hold control characters or undecodable bytes,
        and would make an empty element of one that holds nothing but spaces."""
        for text in [value] if isinstance(value, str) else value or []:
            if found := unwritable_character(text):
                raise ValueError(found[1])
            if not text.strip():
                raise ValueError("the value is empty: write it, or remove the line")
        return value

    @field_validator("url")
    @classmethod
    def _uri(cls, value: str | None) -> str | None:
        if value is not None and not is_uri(value):
            raise ValueError(f"{value!r} is not a valid URI (check its brackets, spaces and % escapes)")
        return value

    @field_validator("date")
    @classmethod
    def _readable_date(cls, value: str | None) -> str | None:
        if value is not None and given_date(value) is None:
            raise ValueError(f"{value!r} is not a date tei-encoder can read: write e.g. 'June 4, 1965' or 1965-06-04")
        return value

    def given(self) -> dict[str, Any]:
        """The values that are set, by field name: what this sidecar overrides in another."""
        return self.model_dump(exclude_defaults=True)
