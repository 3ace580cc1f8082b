"""The model of an editor's ``NAME.decisions.toml`` (described in :mod:`encoder.overrides`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from encoder.overrides import DEFAULT_EDITOR
from encoder.reading import XML_ILLEGAL


class DecisionsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    editor: str = DEFAULT_EDITOR
    decisions: dict[str, str] = Field(default_factory=dict)  # decision id → choice, in the file's order

    @field_validator("editor")
    @classmethod
    def _a_name_xml_can_hold(cls, value: str) -> str:
        # The name goes into the TEI header: it must be text XML can carry.
        if not value.strip() or XML_ILLEGAL.search(value):
            raise ValueError("the editor's name must be a non-empty name without control characters")
        return value
