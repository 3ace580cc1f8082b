"""The folder where runs keep what is slow to make and safe to reuse.

``$TEI_ENCODER_CACHE_DIR``, else ``$XDG_CACHE_HOME/tei-encoder`` or
``~/.cache/tei-encoder``. It holds cut grammars and compiled validators
(:mod:`encoder.validation.schemas`) and the compiled regular expressions
(:mod:`encoder.patterns`). Every entry is named or stamped so that a stale
one is never served, and written with :func:`encoder.atomic.write_atomic`,
so that racing processes each find a whole file; an unreadable or
unwritable folder only costs time.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "TEI_ENCODER_CACHE_DIR"


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tei-encoder"
