"""Each stream of a PDF deflated once, at zlib's default level.

pydyf (0.13, under WeasyPrint) compresses a stream every time its bytes are
asked for, with zlib at level 9: once to write the stream, and once more to
hash the whole file for the file identifier that PDF/A requires
(``pydyf.PDF.write``). Within :func:`deflating_each_stream_once`, the
compressor pydyf uses remembers what it deflated in this thread, so the
second time costs a dictionary look-up, and it deflates at
:data:`DEFLATE_LEVEL`, not 9: level 9 searches hardest for matches in the
pages' drawing commands, three to four times the CPU of level 6 (5-19 ms of
a sample PDF's ~200) for files 1-2 % smaller. Outside it (and in other
threads) pydyf compresses as it always did.
"""

from __future__ import annotations

import threading
import types
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_remembered = threading.local()

# zlib's default level; like any level, the same stream always gives the same bytes
DEFLATE_LEVEL = 6


class _Compressor:
    """``zlib.compressobj``'s interface for pydyf's one ``compress`` then ``flush``."""

    def __init__(self, level: int) -> None:
        self._level = level
        self._parts: list[bytes] = []

    def compress(self, data: bytes) -> bytes:
        self._parts.append(bytes(data))
        return b""

    def flush(self) -> bytes:
        data = b"".join(self._parts)
        deflated: dict[bytes, bytes] | None = getattr(_remembered, "streams", None)
        if deflated is None:
            return zlib.compress(data, self._level)
        if data not in deflated:
            deflated[data] = zlib.compress(data, DEFLATE_LEVEL)
        return deflated[data]


def _compressobj(level: int = -1) -> _Compressor:
    return _Compressor(level)


def _install() -> None:
    """Give pydyf the remembering compressor (once per process)."""
    import pydyf  # type: ignore[import-untyped]

    if not isinstance(pydyf.zlib, types.SimpleNamespace):
        pydyf.zlib = types.SimpleNamespace(compressobj=_compressobj, compress=zlib.compress)


@contextmanager
def deflating_each_stream_once() -> Iterator[Any]:
    """Within: the streams pydyf compresses in this thread are deflated once each, at :data:`DEFLATE_LEVEL`."""
    _install()
    _remembered.streams = {}
    try:
        yield
    finally:
        _remembered.streams = None
