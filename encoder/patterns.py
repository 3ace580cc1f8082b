"""Regular expressions compiled once per interpreter, not once per run.

``re.compile`` parses a pattern and turns it into the code of CPython's
matching engine in pure Python (``re._parser``, ``re._compiler``); for the
two hundred patterns the converter's modules compile at import, that costs
more CPU than converting a transcript. :func:`compile` keeps the engine code
of every pattern it compiles in one file in the cache folder
(:func:`encoder.cache_folder.cache_dir`), read once per process; a later run
hands the stored code straight to the engine's constructor, ``_sre.compile``,
which is what ``re.compile`` itself ends with.

What is served from the file is what ``re.compile`` would return:

* the file is named after the interpreter and stamped with its version and
  the engine's ``MAGIC``: another Python never reads it;
* a pattern's code is stored only once the Pattern made from it compares
  equal (``==`` compares flags, pattern and engine code) to ``re.compile``'s
  and has the same groups;
* a checksum of the contents (CRC-32) guards against a truncated or damaged file, and
  the engine checks the code it is given besides.

A file that is missing, stale, damaged or unreadable is ignored (and
rewritten at exit), one that cannot be written only costs time, and an
interpreter whose internals differ from those described here gets
``re.compile``: the same patterns either way, never a traceback.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import re
import sys
from pathlib import Path
from typing import Any, AnyStr

from encoder.cache_folder import cache_dir, read_stamped, write_stamped

# The engine re compiles for, and re's own compiler: private modules, so any surprise
# in them (another Python) sends the pattern through re.compile instead.
_compiler: Any = getattr(re, "_compiler", None)
_parser: Any = getattr(re, "_parser", None)
_sre: Any = getattr(_compiler, "_sre", None)

# (flags, engine code, group count, group names → numbers, numbers → names): _sre.compile's arguments.
Compiled = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
Key = tuple[str | bytes, int]

# 2: the contents' checksum is a CRC-32, not a SHA-256. The number is in the file's name too, so that
# a checkout of another format sharing the folder keeps its own file rather than rewriting this one.
FORMAT_VERSION = 2
FORMAT = b"tei-encoder compiled patterns %d" % FORMAT_VERSION
# The package compiles some 175 patterns; a file shared by checkouts of other versions
# grows past this only slowly, and then keeps what the last run used, so that reading
# it stays far cheaper than compiling.
MAX_ENTRIES = 500


def interpreter_stamp() -> bytes:
    """What the stored code depends on: the interpreter's build and its engine's version."""
    engine = getattr(_sre, "MAGIC", None)
    return f"{sys.implementation.cache_tag} {sys.version} sre {engine}".encode()


class PatternCache:
    """The compiled patterns kept in one file: loaded when made, written by :meth:`save`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stored = _read(path)
        self.missed: dict[Key, re.Pattern[Any]] = {}  # compiled by re.compile in this run
        self.used: set[Key] = set()
        self.hits = 0

    def compile(self, pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
        key = (pattern, int(flags))
        entry = self.stored.get(key)
        self.used.add(key)
        if entry is not None:
            with contextlib.suppress(Exception):  # bad code in a file with a good checksum: compile it anew
                compiled: re.Pattern[AnyStr] = _from_engine_code(pattern, entry)
                self.hits += 1
                return compiled
        compiled = re.compile(pattern, flags)
        self.missed[key] = compiled
        return compiled

    def save(self) -> None:
        """Store what this run compiled anew, merged with what another process may have written
        meanwhile. The engine code is worked out here, once the folder is known to be writable,
        so that a run that cannot keep it does not pay for it."""
        if not self.missed or not _writable_folder(self.path.parent):
            return
        added = {key: entry for key, compiled in self.missed.items() if (entry := _engine_code(*key, compiled))}
        if not added:
            return
        entries = {**_read(self.path), **self.stored, **added}
        if len(entries) > MAX_ENTRIES:
            entries = {key: entries[key] for key in self.used if key in entries}
        write_stamped(self.path, FORMAT, interpreter_stamp(), marshal.dumps(entries))
        self.stored, self.missed = entries, {}


def _writable_folder(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)


def _read(path: Path) -> dict[Key, Compiled]:
    entries = read_stamped(path, FORMAT, interpreter_stamp(), marshal.loads)
    return entries if isinstance(entries, dict) else {}


def _from_engine_code(pattern: str | bytes, entry: Compiled) -> re.Pattern[Any]:
    flags, code, groups, groupindex, indexgroup = entry
    compiled: re.Pattern[Any] = _sre.compile(pattern, flags, code, groups - 1, groupindex, indexgroup)
    return compiled


def _engine_code(pattern: str | bytes, flags: int, expected: re.Pattern[Any]) -> Compiled | None:
    """What ``re.compile`` hands the engine for this pattern (re/_compiler.py, ``compile``), or
    ``None`` if the Pattern made from it would not be ``expected`` (another Python's internals)."""
    if _sre is None or _parser is None or _compiler is None or flags & re.DEBUG:
        return None
    try:
        parsed: Any = _parser.parse(pattern, flags)
        code = [int(word) for word in _compiler._code(parsed, flags)]  # opcodes are an int subclass
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, number in groupindex.items():
            indexgroup[number] = name
        entry = (flags | parsed.state.flags, code, parsed.state.groups, groupindex, tuple(indexgroup))
        rebuilt = _from_engine_code(pattern, entry)
    except Exception:
        return None
    same = rebuilt == expected and rebuilt.groups == expected.groups and rebuilt.groupindex == expected.groupindex
    return entry if same else None


def cache_file() -> Path:
    """This interpreter's file in the cache folder."""
    return cache_dir() / f"patterns-{sys.implementation.cache_tag}-v{FORMAT_VERSION}.bin"


_cache = PatternCache(cache_file())
atexit.register(_cache.save)


def compile(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, served from the cache folder when this interpreter compiled it before."""
    return _cache.compile(pattern, flags)
