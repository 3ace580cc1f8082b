"""The review report: every decision that is not certain, every suspected slip.

``tei-encoder convert --report FILE`` writes it as JSON so that an editor can
walk through the doubtful places (``line:col``) and check what was chosen.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from encoder import patterns
from encoder.errors import Diagnostic


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    id: str = ""  # stable: the kind and the text ("suspected-slip:kim-ii"), see in_position_order
    kind: str
    text: str
    line: int
    col: int
    chosen: str
    alternatives: tuple[str, ...] = ()
    confidence: str = "medium"  # "high" decisions are not reported; EDITOR_DECIDED: taken from the decisions file
    message: str = ""
    # Where the decision's markup is in the TEI: the element's XPath (tei: prefix), and its
    # xml:id when it has one. A decision that left no element of its own (kept as text,
    # a line break) points to the block that holds its place; one in the header to nothing.
    tei_element: str = ""
    tei_id: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Decision:
        """A decision as :meth:`FileReport.as_json` wrote it; keys it does not know are left out."""
        known = {key: value for key, value in data.items() if key in cls.__dataclass_fields__}
        return cls(**{**known, "alternatives": tuple(data.get("alternatives", ()))})


EDITOR_DECIDED = "editor"


def in_position_order(decisions: list[Decision]) -> tuple[Decision, ...]:
    """The decisions sorted by their place in the transcript, each with its stable id.

    The id is made of the decision's kind and its text (``suspected-slip:kim-ii``,
    ``bracketed-number:16``), not its line and column, so an editor's reference
    to it (in ``NAME.decisions.toml``) survives edits elsewhere in the transcript.
    The second and later decisions of one kind on the same text are numbered in
    order (``bracketed-number:16~2``).
    """
    ordered = sorted(decisions, key=lambda decision: (decision.line, decision.col))
    seen: dict[str, int] = {}
    result: list[Decision] = []
    for decision in ordered:
        base = f"{decision.kind}:{_slug(decision.text)}"
        seen[base] = seen.get(base, 0) + 1
        identifier = base if seen[base] == 1 else f"{base}~{seen[base]}"
        result.append(replace(decision, id=identifier))
    return tuple(result)


_SLUG_WIDTH = 40
_NOT_WORD = patterns.compile(r"[\W_]+")


def _slug(text: str) -> str:
    """The text as an id part: lower case, words joined by hyphens, at most 40 characters."""
    slug = _NOT_WORD.sub("-", text.casefold()).strip("-")
    if len(slug) > _SLUG_WIDTH:
        slug = slug[:_SLUG_WIDTH].rsplit("-", 1)[0] or slug[:_SLUG_WIDTH]
    return slug or "-"


def with_warnings(decisions: tuple[Decision, ...], warnings: tuple[Diagnostic, ...]) -> tuple[Decision, ...]:
    """The decisions and the warnings in one list, in position order.

    A warning about the whole document (no line) stands at its start.
    """
    as_decisions = [
        Decision(
            kind=f"warning:{warning.code}",
            text=(warning.source_line or "").strip()[:60],
            line=warning.line or 1,
            col=warning.col or 1,
            chosen="kept as written",
            confidence="low",
            message=warning.message,
        )
        for warning in warnings
    ]
    return in_position_order([*decisions, *as_decisions])


@dataclass(frozen=True, slots=True, kw_only=True)
class FileReport:
    file: str
    output: str | None = None
    decisions: tuple[Decision, ...] = ()
    warnings: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The report as JSON values (lists for tuples), its keys in the order of the fields."""
        return _json_values(asdict(self))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileReport:
        """The report :meth:`as_json` gave (read back from a build's manifest, its keys in any order)."""
        return cls(
            file=data["file"],
            output=data.get("output"),
            decisions=tuple(Decision.from_json(decision) for decision in data.get("decisions", ())),
            warnings=tuple(data.get("warnings", ())),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    tool: str = "tei-encoder"
    version: str
    files: tuple[FileReport, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The report as ``convert --report`` writes it: JSON values, keys in the order of the fields."""
        return _json_values(asdict(self))


def _json_values(fields: dict[str, Any]) -> dict[str, Any]:
    """Tuples as lists, at any depth: the JSON values, as they compare with a report read back."""
    return {key: _as_json(value) for key, value in fields.items()}


def _as_json(value: object) -> object:
    if isinstance(value, dict):
        return _json_values(value)
    if isinstance(value, tuple | list):
        return [_as_json(item) for item in value]
    return value
