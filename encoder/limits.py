"""Limits by design on the size of an input file, checked before the file is read.

Converting costs about 33 bytes of memory and 1.1 s per 1 MB of transcript on
the project's two-core machine (10 MB: 11.5 s, 327 MB), and a TEI file is read
into one tree; a file many times larger than any document of the family (the
sample corpus's longest transcript is 17 KB) is a mistake more often than a
document — a log, a database dump, a disk image given by a wildcard — and
would tie up the machine for minutes before failing in some other way. So a
file over its limit is refused before it is read, with its size, the limit and
how to raise it; in a folder run it is reported and the other files go on.

The figures are decimal (``10MB`` is 10,000,000 bytes); ``--max-input-size``
takes ``5000000``, ``800KB``, ``50MB``, ``1GB`` (or ``KiB``, ``MiB``, ``GiB``).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from encoder import patterns
from encoder.errors import Diagnostic, InputError, Severity

TRANSCRIPT_SIZE_LIMIT = 10_000_000
# A 10 MB transcript makes about 13 MB of TEI; an editor's additions get room to spare.
TEI_SIZE_LIMIT = 25_000_000
# A register entry takes a few hundred bytes: 100 MB is some 200,000 persons, places and
# organisations, more than any edition of the family names. The register is read whole by
# every conversion, so a file beyond this is refused rather than parsed.
REGISTER_SIZE_LIMIT = 100_000_000

_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "kib": 2**10, "mib": 2**20, "gib": 2**30}
_SIZE = patterns.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", re.IGNORECASE)


def parse_size(text: str) -> int:
    """``"50MB"`` → 50,000,000; a ``ValueError`` saying what is expected otherwise."""
    match = _SIZE.fullmatch(text)
    if match is None or match.group(2).lower() not in _UNITS:
        raise ValueError(f"{text!r} is not a size: write e.g. 50MB, 800KB or 5000000 (bytes)")
    size = int(float(match.group(1)) * _UNITS[match.group(2).lower()])
    if size < 1:
        raise ValueError(f"{text!r}: a size limit must be at least 1 byte")
    return size


def format_size(size: int) -> str:
    """A size the way a person reads it (decimal units, as :func:`parse_size` takes them)."""
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


class InputTooLargeError(InputError):
    """A file over its size limit, refused before it was read."""


def read_within(path: Path, limit: int, *, kind: str, raise_with: str | None) -> bytes:
    """The bytes of ``path``, or :class:`InputTooLargeError` when there are more than ``limit``.

    The size is taken from the open file before reading, so a 4 GB file costs
    nothing; a pipe or device, whose size is not known in advance, is read
    only up to one byte past the limit. ``kind`` names what the file should
    be ("a transcript"), ``raise_with`` how the user raises the limit (None: a
    fixed limit).
    """
    with open(path, "rb") as file:
        status = os.fstat(file.fileno())
        regular = stat.S_ISREG(status.st_mode)
        if regular and status.st_size > limit:
            raise _too_large(path, limit, kind, raise_with, size=status.st_size)
        # read(n) sets aside n bytes before it reads: for a file of known size, ask for
        # its size and one byte more (some 0.14 ms a document less than 10 MB set aside
        # each time), then for the rest of the limit only if it grew meanwhile.
        data = file.read(status.st_size + 1 if regular else limit + 1)
        if regular and len(data) > status.st_size:
            data += file.read(limit + 1 - len(data))
    if len(data) > limit:
        raise _too_large(path, limit, kind, raise_with, size=None)
    return data


def _too_large(path: Path, limit: int, kind: str, raise_with: str | None, *, size: int | None) -> InputTooLargeError:
    how_big = f"{size:,} bytes" if size is not None else f"more than {format_size(limit)}"
    message = f"the file holds {how_big}, over the limit of {format_size(limit)} for {kind}, and was not read; "
    message += f"if it is one, raise the limit: {raise_with}" if raise_with else f"is it {kind}?"
    name = os.fsdecode(path)
    return InputTooLargeError(f"{name}: {message}", [Diagnostic("INPUT-TOO-LARGE", Severity.ERROR, message, name)])


def read_transcript_within(path: Path, limit: int = TRANSCRIPT_SIZE_LIMIT) -> bytes:
    """A transcript's bytes for ``convert`` (and ``build``), within ``limit``."""
    return read_within(
        path, limit, kind="a transcript", raise_with="convert --max-input-size, or max-input-size in edition.toml"
    )


def read_register_within(path: Path, limit: int = REGISTER_SIZE_LIMIT) -> bytes:
    """A register's bytes for ``convert``, ``register``, ``build`` and ``serve``, within ``limit``."""
    return read_within(path, limit, kind="a register", raise_with=None)


def read_tei_within(path: Path, limit: int = TEI_SIZE_LIMIT) -> bytes:
    """A TEI file's bytes for ``validate``, ``render`` and ``text``, within ``limit``."""
    return read_within(path, limit, kind="a TEI file", raise_with="--max-input-size")
