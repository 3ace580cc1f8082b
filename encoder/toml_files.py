"""Settings files in TOML (a transcript's sidecar, an editor's decisions, the edition's
``edition.toml``), read into a pydantic model with every problem blamed on the file at ``line:col``.

tomllib gives the place of a syntax error only inside its message, and pydantic
the key of a bad value only; both are turned here into diagnostics with the
file's line and a caret, the same for every settings file. The models are in
:mod:`encoder.settings`; pydantic is imported only when a file is read.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import TypeVar

from encoder import patterns
from encoder.errors import Diagnostic, InputError, Severity
from encoder.reading import Source, unwritable_character

Model = TypeVar("Model")


def model_on_first_use(owner: str, module: str, model: str) -> Callable[[str], object]:
    """Module ``owner``'s ``__getattr__`` (PEP 562): ``model`` of ``encoder.settings.<module>``,
    imported when first asked for, so that ``encoder.header.Sidecar`` works while a
    conversion that reads no settings file imports neither pydantic nor :mod:`encoder.settings`."""

    def first_use(name: str) -> object:
        if name == model:
            return getattr(importlib.import_module(f"encoder.settings.{module}"), model)
        raise AttributeError(f"module {owner!r} has no attribute {name!r}")

    return first_use


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

    ``read`` validates the parsed table as the file's model (``Model.model_validate``);
    every problem of its ``ValidationError`` becomes a diagnostic, in pydantic's
    order (the model's fields, then the keys it does not know). ``hint`` is
    added to every field problem (what the file should look like).
    """
    # Imported when needed: most conversions read no settings file (start-up time).
    import tomllib

    from pydantic import ValidationError

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
    except ValidationError as error:
        diagnostics = [
            _diagnostic(
                source,
                field_code,
                # A model's own check raises ValueError, which pydantic prefixes; the editor needs only the reason.
                f"{'.'.join(map(str, problem['loc']))}: {problem['msg'].removeprefix('Value error, ')}{hint}",
                _field_offset(text, str(problem["loc"][0]) if problem["loc"] else ""),
            )
            for problem in error.errors(include_url=False)
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
