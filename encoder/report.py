"""The review report: every decision that is not certain, every suspected slip.

``tei-encoder convert --report FILE`` writes it as JSON so that an editor can
walk through the doubtful places (``line:col``) and check what was chosen.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Decision(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: str
    text: str
    line: int
    col: int
    chosen: str
    alternatives: tuple[str, ...] = ()
    confidence: str = "medium"  # "high" decisions are not reported
    message: str = ""


class FileReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: str
    output: str | None = None
    decisions: tuple[Decision, ...] = ()
    warnings: tuple[str, ...] = ()


class Report(BaseModel):
    model_config = ConfigDict(frozen=True)

    tool: str = "tei-encoder"
    version: str
    files: tuple[FileReport, ...] = ()
