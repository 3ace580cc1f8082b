"""Each stream of a PDF deflated once.

pydyf (0.13, under WeasyPrint) compresses a stream every time its bytes are
asked for, with zlib at level 9: once to write the stream, and once more to
hash the whole file for the file identifier that PDF/A requires
(``pydyf.PDF.write``). Compression was ~8 % of a PDF's instructions, half of
it done twice. Within :func:`deflating_each_stream_once`, the compressor
pydyf uses remembers what it deflated in this thread, so the second time
costs a dictionary look-up; the bytes written are the same. Outside it (and
in other threads) pydyf compresses as it always did.
"""

from __future__ import annotations

import threading
import types
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_remembered = threading.local()


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
        deflated: dict[tuple[bytes, int], bytes] | None = getattr(_remembered, "streams", None)
        if deflated is None:
            return zlib.compress(data, self._level)
        key = (data, self._level)
        if key not in deflated:
            deflated[key] = zlib.compress(data, self._level)
        return deflated[key]


def _compressobj(level: int = -1) -> _Compressor:
    return _Compressor(level)


def _install() -> None:
    """Give pydyf the remembering compressor (once per process)."""
    import pydyf  # type: ignore[import-untyped]

    if not isinstance(pydyf.zlib, types.SimpleNamespace):
        pydyf.zlib = types.SimpleNamespace(compressobj=_compressobj, compress=zlib.compress)


@contextmanager
def deflating_each_stream_once() -> Iterator[Any]:
    """Within: the streams pydyf compresses in this thread are deflated once each."""
    _install()
    _remembered.streams = {}
    try:
        yield
    finally:
        _remembered.streams = None
