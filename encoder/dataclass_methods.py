"""The methods ``@dataclass`` writes for the package's classes, compiled once per interpreter.

For every class it decorates, :mod:`dataclasses` writes the source of
``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` and, for a frozen class,
``__setattr__`` and ``__delattr__``, and compiles each with ``exec``: for the
seventy classes a conversion imports, some 390 compilations, a fifth of the
CPU of converting one transcript from the command line. The command line
(:mod:`encoder.cli`) imports this module first; it keeps the code objects of
those compilations in one file in the cache folder
(:func:`encoder.cache_folder.cache_dir`), read once per process, and a later
run executes the stored code instead of compiling the same source again.

What runs is what ``exec`` would have run:

* ``dataclasses`` calls ``exec(source, globals, namespace)``; the source is
  compiled here as ``exec`` compiles it (file name ``<string>``, no
  ``__future__`` flags: ``dataclasses`` has none to pass on), and the code is
  executed in the same globals and namespace;
* a stored code object is looked up by its whole source text, so a class
  whose fields changed has new source and is compiled anew;
* the file is named after the interpreter and stamped with its version and
  bytecode magic number: another Python never reads it; a checksum of the
  contents (CRC-32) guards against a truncated or damaged file.

Only the source written for ``encoder`` modules is kept (another package's
dataclasses are compiled as before, and the file stays small). A file that is
missing, stale, damaged or unreadable is ignored (and rewritten at exit), one
that cannot be written only costs time; a ``dataclasses`` that no longer calls
``exec`` simply never asks. The library API (``import encoder``) leaves
``dataclasses`` alone: only the command line, where start-up is paid on every
run, installs this.
"""

from __future__ import annotations

import atexit
import dataclasses
import importlib.util
import marshal
import sys
from pathlib import Path
from types import CodeType
from typing import Any

from encoder.cache_folder import cache_dir, read_stamped, write_stamped

# 2: the contents' checksum is a CRC-32, not a SHA-256. The number is in the file's name too, so that
# a checkout of another format sharing the folder keeps its own file rather than rewriting this one.
FORMAT_VERSION = 2
FORMAT = b"tei-encoder dataclass methods %d" % FORMAT_VERSION
# The package makes some 390 methods; a file shared by checkouts of other versions grows past
# this only slowly, and then keeps what the last run used.
MAX_ENTRIES = 1500


def interpreter_stamp() -> bytes:
    """What the stored code depends on: the interpreter's build and its bytecode's version."""
    return f"{sys.implementation.cache_tag} {sys.version} {importlib.util.MAGIC_NUMBER.hex()}".encode()


class MethodCache:
    """The compiled method sources kept in one file: loaded when made, written by :meth:`save`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        stored = read_stamped(path, FORMAT, interpreter_stamp(), marshal.loads)
        self.stored: dict[str, CodeType] = stored if isinstance(stored, dict) else {}
        self.compiled: dict[str, CodeType] = {}  # compiled in this run, for the file
        self.used: set[str] = set()
        self.hits = 0

    def exec(self, source: object, globals: dict[str, Any] | None = None, namespace: Any = None) -> None:
        """``exec(source, globals, namespace)`` as ``dataclasses`` calls it, with the stored code when there is one."""
        if not isinstance(source, str):
            exec(source, globals, namespace)  # type: ignore[arg-type]  # code given by a caller: as it is
            return
        if not str((globals or {}).get("__name__", "")).startswith("encoder"):
            exec(_compile(source), globals, namespace)
            return
        self.used.add(source)
        code = self.stored.get(source)
        if code is None or not isinstance(code, CodeType):
            code = self.compiled[source] = _compile(source)
        else:
            self.hits += 1
        exec(code, globals, namespace)

    def save(self) -> None:
        """Store what this run compiled anew, merged with what another process may have written meanwhile."""
        if not self.compiled:
            return
        on_disk = read_stamped(self.path, FORMAT, interpreter_stamp(), marshal.loads)
        entries = {**(on_disk if isinstance(on_disk, dict) else {}), **self.stored, **self.compiled}
        if len(entries) > MAX_ENTRIES:
            entries = {source: entries[source] for source in self.used if source in entries}
        write_stamped(self.path, FORMAT, interpreter_stamp(), marshal.dumps(entries))
        self.stored, self.compiled = entries, {}


def _compile(source: str) -> CodeType:
    # As exec compiles a string for dataclasses: no flags of this module's __future__ imports.
    return compile(source, "<string>", "exec", dont_inherit=True)


def cache_file() -> Path:
    """This interpreter's file in the cache folder."""
    return cache_dir() / f"dataclass-methods-{sys.implementation.cache_tag}-v{FORMAT_VERSION}.bin"


_cache = MethodCache(cache_file())
atexit.register(_cache.save)
# dataclasses looks ``exec`` up in its own globals before the builtins.
dataclasses.exec = _cache.exec  # type: ignore[attr-defined]
