"""The folder where runs keep what is slow to make and safe to reuse.

``$TEI_ENCODER_CACHE_DIR``, else ``$XDG_CACHE_HOME/tei-encoder`` or
``~/.cache/tei-encoder``. It holds cut grammars and compiled validators
(:mod:`encoder.validation.schemas`), the compiled regular expressions
(:mod:`encoder.patterns`) and the methods of the package's dataclasses
(:mod:`encoder.dataclass_methods`). Every entry is named or stamped so that a stale
one is never served, and written with :func:`encoder.atomic.write_atomic`,
so that racing processes each find a whole file; an unreadable or
unwritable folder only costs time.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

CACHE_ENV = "TEI_ENCODER_CACHE_DIR"


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tei-encoder"


def read_stamped(path: Path, form: bytes, stamp: bytes, load: Callable[[bytes], object]) -> object:
    """The value :func:`write_stamped` stored in ``path`` with this format and stamp; None if there is
    none, it is another format's or interpreter's, or the file is damaged (its digest is wrong)."""
    import hashlib

    try:
        found_form, found_stamp, digest, payload = path.read_bytes().split(b"\n", 3)
    except (OSError, ValueError):
        return None
    if (found_form, found_stamp) != (form, stamp) or hashlib.sha256(payload).hexdigest().encode() != digest:
        return None
    try:
        return load(payload)
    except (EOFError, ValueError, TypeError):
        return None


def write_stamped(path: Path, form: bytes, stamp: bytes, payload: bytes) -> None:
    """Keep ``payload`` in ``path`` with its format, the interpreter's stamp and a digest; an
    unwritable folder only costs time (the next run makes the value anew)."""
    import hashlib

    from encoder.atomic import write_atomic  # imported when needed: a run that reads the cache never writes it

    digest = hashlib.sha256(payload).hexdigest().encode()
    with contextlib.suppress(OSError):
        write_atomic(path, b"\n".join((form, stamp, digest, payload)))
