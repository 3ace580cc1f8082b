"""Settings files checked once: what a valid file says, kept in the cache folder.

pydantic checks the settings files (:mod:`encoder.settings`), and importing it
and building a file's model costs some 410 M instructions, more than a
one-file conversion's own work; yet every transcript of an edition reads the
same ``edition.toml``, run after run. So once pydantic has found a file
valid, the values it gave (text, whole numbers, absent values) are kept as
plain data in the cache folder (:func:`encoder.cache_folder.cache_dir`), and a
later run rebuilds the frozen dataclass the conversion uses from them,
without pydantic.

An entry is served only for the same check of the same file. It is named and
stamped by a digest of:

* the file's bytes (a file edited by one byte is checked anew);
* the source of the modules whose code the check runs (the model, the helpers
  it calls, the dataclass it fills): a checkout whose checks changed never
  serves another's verdict, whatever its version number says;
* the tool's version and pydantic's (its ``version.py``, which also names
  the pydantic-core it needs), found without importing pydantic.

Only valid files are kept: a file with problems is checked by pydantic on
every run and gets the same messages, ``line:col`` and exit status. An entry
that is missing, damaged (its digest), of another format or with other
fields than the dataclass is ignored and the file checked anew; a folder
that cannot be written only costs time. Where the sources cannot be read (a
zipped package) or pydantic is not found, nothing is kept.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import marshal
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from encoder import __version__
from encoder.cache_folder import cache_dir, read_stamped, write_stamped
from encoder.digests import sha256

Settings = TypeVar("Settings")

FORMAT = b"tei-encoder checked settings 1"
# marshal's first format: later ones mark a string that Python happened to intern, or one
# referred to twice, so the same values could be written as different bytes.
MARSHAL_VERSION = 0
# The folder that holds the package: module names are paths below it.
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def checked_once(
    settings: type[Settings], contents: bytes, checked_by: Sequence[str], check: Callable[[], Settings]
) -> Settings:
    """``check()`` (which reads ``contents`` with pydantic, raising ``InputError`` for a file with
    problems), or the ``settings`` dataclass it returned for the same ``contents`` and the same
    code before. ``checked_by`` names the modules whose source decides the verdict."""
    stamp = entry_stamp(contents, checked_by)
    if stamp is None:
        return check()
    path = entry_path(settings, stamp)
    stored = read_stamped(path, FORMAT, stamp, marshal.loads)
    if isinstance(stored, dict) and (rebuilt := _rebuilt(settings, stored)) is not None:
        return rebuilt
    checked = check()
    values = {field.name: getattr(checked, field.name) for field in dataclasses.fields(checked)}  # type: ignore[arg-type]
    if _rebuilt(settings, values) == checked:  # only values a later run can rebuild exactly
        write_stamped(path, FORMAT, stamp, marshal.dumps(values, MARSHAL_VERSION))
    return checked


def entry_stamp(contents: bytes, checked_by: Sequence[str]) -> bytes | None:
    """The digest an entry for ``contents`` is named and stamped by; None if what decides the
    verdict cannot be read."""
    digest = sha256(FORMAT + b"\0" + __version__.encode())
    try:
        digest.update(b"\0" + _pydantic_version())
        for module in checked_by:
            source = (_PACKAGE_ROOT / f"{module.replace('.', '/')}.py").read_bytes()
            digest.update(b"\0" + module.encode() + b"\0" + source)
    except (OSError, ImportError, ValueError):
        return None
    digest.update(b"\0" + contents)
    return digest.hexdigest().encode()


def entry_path(settings: type, stamp: bytes) -> Path:
    return cache_dir() / f"settings-{settings.__name__}-{stamp[:32].decode()}.bin"


def _pydantic_version() -> bytes:
    """pydantic's ``version.py``: its version, and the pydantic-core version it requires."""
    spec = importlib.util.find_spec("pydantic")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pydantic is not installed")
    return (Path(next(iter(spec.submodule_search_locations))) / "version.py").read_bytes()


def _rebuilt(settings: type[Settings], values: dict[Any, Any]) -> Settings | None:
    """The dataclass from stored values, if they are its fields exactly, each text, a whole number or absent."""
    names = {field.name for field in dataclasses.fields(settings)}  # type: ignore[arg-type]
    if set(values) != names or not all(value is None or type(value) in (str, int) for value in values.values()):
        return None
    return settings(**values)
