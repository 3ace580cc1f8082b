"""Settings files in TOML (a transcript's sidecar, an editor's decisions, the edition's
``edition.toml``), read into a typed model with every problem blamed on the file at ``line:col``.

tomllib gives the place of a syntax error only inside its message, and a
table's checks (:class:`TableReader`) the key of a bad value only; both are
turned here into diagnostics with the file's line and a caret, the same for
every settings file.

The checks are written out rather than left to a validation library: a
conversion reads these files on every run, and importing one (pydantic) cost
more CPU than converting a transcript (README, "Performance: tei_all,
start-up and peers"). Their messages are the ones that library gave
(``Input should be a valid string``, ``Extra inputs are not permitted`` …),
which editors and the tests know.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import TypeVar

from encoder import patterns
from encoder.errors import Diagnostic, InputError, Severity
from encoder.reading import Source, unwritable_character

Model = TypeVar("Model")
Value = TypeVar("Value")
# A value's check: None if it is fine, else what is wrong with it.
Check = Callable[[Value], str | None]
Location = tuple[str | int, ...]


class SettingsError(ValueError):
    """The values of a settings table that do not fit its model: each problem's key path and message."""

    def __init__(self, problems: list[tuple[Location, str]]) -> None:
        super().__init__("; ".join(f"{'.'.join(map(str, where))}: {message}" for where, message in problems))
        self.problems = problems


class TableReader:
    """Reads a TOML table key by key into typed values, and gathers every problem.

    Each ``text``/``texts``/… call takes one key (or its other spelling) out
    of the table; :meth:`finish` reports the problems in the order the keys
    were read, then every key no call took (``Extra inputs are not
    permitted``), and raises :class:`SettingsError` if there was any.
    """

    def __init__(self, table: dict[str, object]) -> None:
        self._rest = dict(table)
        self.problems: list[tuple[Location, str]] = []

    def _take(self, key: str, spellings: tuple[str, ...]) -> tuple[str, object] | None:
        for spelling in (key, *spellings):
            if spelling in self._rest:
                return spelling, self._rest.pop(spelling)
        return None

    def _checked(self, written: str, value: Value, checks: tuple[Check[Value], ...]) -> Value | None:
        for check in checks:
            if (problem := check(value)) is not None:
                self.problems.append(((written,), problem))
                return None
        return value

    def text(
        self, key: str, *checks: Check[str], spellings: tuple[str, ...] = (), required: bool = False
    ) -> str | None:
        """A string, or None when the table leaves the key out (``Field required`` if it must be there)."""
        found = self._take(key, spellings)
        if found is None:
            if required:
                self.problems.append(((key,), "Field required"))
            return None
        written, value = found
        if not isinstance(value, str):
            self.problems.append(((written,), "Input should be a valid string"))
            return None
        return self._checked(written, value, checks)

    def texts(self, key: str, *checks: Check[list[str]]) -> list[str]:
        """A list of strings (empty when the key is left out)."""
        found = self._take(key, ())
        if found is None:
            return []
        written, value = found
        if not isinstance(value, list):
            self.problems.append(((written,), "Input should be a valid list"))
            return []
        wrong = [index for index, item in enumerate(value) if not isinstance(item, str)]
        self.problems.extend(((written, index), "Input should be a valid string") for index in wrong)
        return [] if wrong else self._checked(written, value, checks) or []

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        """One of ``choices``; ``default`` when the key is left out."""
        found = self._take(key, ())
        if found is None:
            return default
        written, value = found
        if value not in choices:
            quoted = [repr(choice) for choice in choices]
            listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
            self.problems.append(((written,), f"Input should be {listed}"))
            return default
        return str(value)

    def integer(
        self,
        key: str,
        *checks: Check[int],
        spellings: tuple[str, ...] = (),
        from_text: Callable[[str], int] | None = None,
    ) -> int | None:
        """A whole number (a float without a fraction is one), or text ``from_text`` reads as one.

        ``from_text`` raises ``ValueError`` with what the text should look like.
        """
        found = self._take(key, spellings)
        if found is None:
            return None
        written, value = found
        problem = None
        if isinstance(value, str) and from_text is not None:
            try:
                value = from_text(value)
            except ValueError as error:
                problem = str(error)
        elif isinstance(value, float):
            if not math.isfinite(value):
                problem = "Input should be a finite number"
            elif not value.is_integer():
                problem = "Input should be a valid integer, got a number with a fractional part"
            else:
                value = int(value)
        if problem is None and (isinstance(value, bool) or not isinstance(value, int)):
            problem = "Input should be a valid integer"
        if problem is not None:
            self.problems.append(((written,), problem))
            return None
        assert isinstance(value, int)
        return self._checked(written, value, checks)

    def text_table(self, key: str) -> dict[str, str]:
        """A table of strings (empty when the key is left out), in the file's order."""
        found = self._take(key, ())
        if found is None:
            return {}
        written, value = found
        if not isinstance(value, dict):
            self.problems.append(((written,), "Input should be a valid dictionary"))
            return {}
        wrong = [name for name, item in value.items() if not isinstance(item, str)]
        self.problems.extend(((written, name), "Input should be a valid string") for name in wrong)
        return {} if wrong else dict(value)

    def finish(self) -> None:
        """Raise :class:`SettingsError` for every problem found and every key left unread."""
        problems = self.problems + [((key,), "Extra inputs are not permitted") for key in self._rest]
        if problems:
            raise SettingsError(problems)


def model_from_toml(
    text: str,
    name: str,
    read: Callable[[dict[str, object]], Model],
    *,
    toml_code: str,
    field_code: str,
    hint: str = "",
) -> Model:
    """``text`` (a file's decoded contents) read by ``read``; an ``InputError`` at the file's place otherwise.

    ``read`` turns the parsed table into the model (a :class:`TableReader` does
    the checking) and raises :class:`SettingsError`; ``hint`` is added to every
    field problem (what the file should look like).
    """
    import tomllib  # imported when needed: most conversions read no settings file (start-up time)

    text = text.removeprefix("\ufeff")  # a BOM, as Windows editors write it
    source = Source.from_text(text, name)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message, line, col = _toml_position(str(error))
        where = source.line_starts[line - 1] + col - 1 if line is not None and col is not None else None
        raise InputError(f"{name}: {error}", [_diagnostic(source, toml_code, message, where)]) from None
    try:
        return read(data)
    except SettingsError as error:
        diagnostics = [
            _diagnostic(
                source,
                field_code,
                f"{'.'.join(map(str, where))}: {message}{hint}",
                _field_offset(text, str(where[0]) if where else ""),
            )
            for where, message in error.problems
        ]
        raise InputError(f"{name}: not a valid settings file", diagnostics) from None


def _diagnostic(source: Source, code: str, message: str, offset: int | None) -> Diagnostic:
    if offset is None:
        return Diagnostic(code, Severity.ERROR, message, source.name)
    return source.diagnostic(code, Severity.ERROR, message, offset)


_TOML_POSITION = patterns.compile(r" \(at line (\d+), column (\d+)\)$")


def _toml_position(message: str) -> tuple[str, int | None, int | None]:
    """tomllib writes the place into its message: ``Invalid value (at line 1, column 9)``."""
    found = _TOML_POSITION.search(message)
    if found is None:
        return message, None, None
    return message[: found.start()], int(found.group(1)), int(found.group(2))


# An escape in a basic string: the caret goes to the one that made a character the TEI cannot hold.
_TOML_ESCAPE = patterns.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([bf])|[\\"nrte])')
_TOML_KEY = patterns.compile(r'^[ \t]*"?([\w-]+)"?[ \t]*=[ \t]*', re.MULTILINE)


def _field_offset(text: str, key: str) -> int | None:
    """Where the value of ``key`` is wrong: its unwritable escape if it has one, else the start of the value."""
    keys = list(_TOML_KEY.finditer(text))
    for index, found in enumerate(keys):
        if found.group(1) != key:
            continue
        end = keys[index + 1].start() if index + 1 < len(keys) else len(text)
        for escape in _TOML_ESCAPE.finditer(text, found.end(), end):
            code = escape.group(1) or escape.group(2)
            char = chr(int(code, 16)) if code else {"b": "\b", "f": "\f"}.get(escape.group(3) or "", "")
            if char and unwritable_character(char):
                return escape.start()
        return found.end()
    return None
