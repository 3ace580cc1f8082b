"""Diagnostics and the exception hierarchy shared by every stage.

Every problem the tool reports is a :class:`Diagnostic`: a stable code, a
severity, a message that says what to do, and a source position. They print
as ``file:line:col: severity: CODE: message`` so that editors and CI logs can
jump to the place. Exceptions derive from one root, :class:`EncoderError`, and
also from the builtin that fits (``ValueError`` for bad input), after the
manner of xmlschema's exception classes.
"""

from __future__ import annotations

import enum
import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass, field


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One message about one place in one file."""

    code: str
    severity: Severity
    message: str
    file: str = "<input>"
    line: int | None = None
    col: int | None = None
    source_line: str | None = field(default=None, compare=False)

    @property
    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def format(self, *, with_source: bool = False) -> str:
        text = f"{self.location}: {self.severity}: {self.code}: {self.message}"
        if with_source and self.source_line is not None and self.col is not None:
            shown, caret_at = _excerpt(self.source_line.rstrip("\n"), max(self.col, 1) - 1)
            text += f"\n    {shown}\n    {' ' * caret_at}^"
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
        }


_EXCERPT_WIDTH = 100


def _excerpt(line: str, index: int) -> tuple[str, int]:
    """A window of a long line around ``index`` (transcript paragraphs are one line), and the caret's place in it."""
    if len(line) <= _EXCERPT_WIDTH:
        return line, index
    start = max(0, min(index - _EXCERPT_WIDTH // 2, len(line) - _EXCERPT_WIDTH))
    end = start + _EXCERPT_WIDTH
    shown = ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")
    return shown, index - start + (1 if start else 0)


class EncoderError(Exception):
    """Root of every exception tei-encoder raises on purpose."""

    def __init__(self, message: str, diagnostics: Iterable[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)


class InputError(EncoderError, ValueError):
    """The input cannot be read or converted (exit status 1)."""


class UsageError(EncoderError):
    """The command line or an option is wrong (exit status 2)."""


class OutputInvalidError(EncoderError):
    """The converter produced TEI that fails validation: a bug in tei-encoder."""


class UnsafeXMLError(InputError):
    """An XML input asks for a DTD, entities or external resources."""


class TransformError(EncoderError):
    """An XSLT transformation or PDF rendering failed."""


def path_problem(path: str | os.PathLike[str]) -> str:
    """Why ``path`` cannot be opened, in words: a loop of links is not a missing file."""
    try:
        os.stat(path)
    except OSError as error:
        return _reason(error, path)
    return "not a file or directory that can be read"


def os_error_message(error: OSError) -> str:
    """An ``OSError`` as ``FILE: reason``, in words (never ``[Errno 40] Too many levels …``)."""
    if error.filename is None:
        return (error.strerror or str(error)).lower()
    return f"{os.fsdecode(error.filename)}: {_reason(error, error.filename)}"


def _reason(error: OSError, path: str | os.PathLike[str]) -> str:
    if error.errno == errno.ELOOP:
        return "a loop of symbolic links"
    if error.errno == errno.ENOENT and os.path.islink(path):
        return "a symbolic link to a file that does not exist"
    if error.errno == errno.ENOENT:
        return "no such file or directory"
    return (error.strerror or str(error)).lower()
