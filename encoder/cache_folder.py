"""The folder where runs keep what is slow to make and safe to reuse.

``$TEI_ENCODER_CACHE_DIR``, else ``$XDG_CACHE_HOME/tei-encoder`` or
``~/.cache/tei-encoder``. It holds cut grammars and compiled validators
(:mod:`encoder.validation.schemas`), the compiled regular expressions
(:mod:`encoder.patterns`), the methods of the package's dataclasses
(:mod:`encoder.dataclass_methods`) and what valid settings files say
(:mod:`encoder.settings_cache`). Every entry is named or stamped so that a stale
one is never served, and written with :func:`encoder.atomic.write_atomic`,
so that racing processes each find a whole file; an unreadable or
unwritable folder only costs time.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from collections.abc import Callable
from pathlib import Path

CACHE_ENV = "TEI_ENCODER_CACHE_DIR"


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tei-encoder"


def checksum(payload: bytes) -> bytes:
    """The CRC-32 of a cache file's contents, to tell a truncated or damaged file.

    A CRC is made to catch damage and costs a fifteenth of SHA-256: the
    two cache files every run reads (~700 KB) took 20 M instructions to hash
    with SHA-256, a twentieth of a one-file conversion. The files hold no
    secret and the folder is the user's own, so nothing is gained by a
    digest that resists forgery.
    """
    return b"%08x" % zlib.crc32(payload)


def read_stamped(path: Path, form: bytes, stamp: bytes, load: Callable[[bytes], object]) -> object:
    """The value :func:`write_stamped` stored in ``path`` with this format and stamp; None if there is
    none, it is another format's or interpreter's, or the file is damaged (its checksum is wrong)."""
    try:
        found_form, found_stamp, found_checksum, payload = path.read_bytes().split(b"\n", 3)
    except (OSError, ValueError):
        return None
    if (found_form, found_stamp) != (form, stamp) or checksum(payload) != found_checksum:
        return None
    try:
        return load(payload)
    except (EOFError, ValueError, TypeError):
        return None


def write_stamped(path: Path, form: bytes, stamp: bytes, payload: bytes) -> None:
    """Keep ``payload`` in ``path`` with its format, the interpreter's stamp and a checksum; an
    unwritable folder only costs time (the next run makes the value anew)."""
    from encoder.atomic import write_atomic  # imported when needed: a run that reads the cache never writes it

    with contextlib.suppress(OSError):
        write_atomic(path, b"\n".join((form, stamp, checksum(payload), payload)))
