"""Each stream of a PDF deflated once, at zlib's default level; each object serialized once.

pydyf (0.13, under WeasyPrint) makes an object's bytes every time they are
asked for, and compresses a stream's with zlib at level 9 each time: once to
write the object, and once more to hash the whole file for the file
identifier that PDF/A requires (``pydyf.PDF.write``). Within
:func:`deflating_each_stream_once`, the compressor pydyf uses remembers what
it deflated in this thread, so the second time costs a dictionary look-up,
and it deflates at :data:`DEFLATE_LEVEL`, not 9: level 9 searches hardest
for matches in the pages' drawing commands, three to four times the CPU of
level 6 (5-19 ms of a sample PDF's ~200) for files 1-2 % smaller. And while
pydyf writes the file, each object's bytes are remembered the first time
(~2 % of a PDF's instructions): nothing changes an object once the writing
has begun. Outside it (and in other threads) pydyf works as it always did.
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


def _serialized_once(data: property) -> property:
    """pydyf's ``data`` property of a class, remembered per object while a PDF is written."""

    def remembered_data(self: Any) -> bytes:
        serialized: dict[int, tuple[Any, bytes]] | None = getattr(_remembered, "objects", None)
        if serialized is None:
            return data.fget(self)  # type: ignore[misc,no-any-return]
        if id(self) not in serialized:
            # the object is kept with its bytes: no other object can take its id meanwhile
            serialized[id(self)] = (self, data.fget(self))  # type: ignore[misc]
        return serialized[id(self)][1]

    remembered_data.serialized_once = True  # type: ignore[attr-defined]
    return property(remembered_data, doc=data.__doc__)


def _writing_each_object_once(write: Any) -> Any:
    """``pydyf.PDF.write``, within which each object's bytes are made once."""

    def write_serializing_once(self: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(_remembered, "streams", None) is None:  # not one of ours
            return write(self, *args, **kwargs)
        _remembered.objects = {}
        try:
            return write(self, *args, **kwargs)
        finally:
            _remembered.objects = None

    write_serializing_once.serialized_once = True  # type: ignore[attr-defined]
    return write_serializing_once


def _install() -> None:
    """Give pydyf the remembering compressor and serializers (once per process)."""
    import pydyf  # type: ignore[import-untyped]

    if not isinstance(pydyf.zlib, types.SimpleNamespace):
        pydyf.zlib = types.SimpleNamespace(compressobj=_compressobj, compress=zlib.compress)
    if not getattr(pydyf.PDF.write, "serialized_once", False):
        for cls in (pydyf.Dictionary, pydyf.Stream, pydyf.String, pydyf.Array):
            cls.data = _serialized_once(cls.data)
        pydyf.PDF.write = _writing_each_object_once(pydyf.PDF.write)


@contextmanager
def deflating_each_stream_once() -> Iterator[Any]:
    """Within: the streams pydyf compresses in this thread are deflated once each, at :data:`DEFLATE_LEVEL`."""
    _install()
    _remembered.streams = {}
    try:
        yield
    finally:
        _remembered.streams = None
