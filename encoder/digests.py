"""SHA-256 without loading OpenSSL: the digests a conversion stamps its output and names its cache entries by.

``hashlib.sha256`` is OpenSSL's. The first one a process makes loads
libcrypto (4.5 MB) and reads ``openssl.cnf``: some 11 M instructions and 3–5 ms
of CPU, about a twentieth of converting one transcript from the command line
(``bench/startup.py``). CPython carries its own SHA-256, the one ``hashlib``
falls back to when it is built without OpenSSL; it computes the same function,
so every digest (provenance stamps, cache entries) is the same byte for byte,
and it loads nothing. Its module is private and was renamed in Python 3.12,
hence the fallbacks; the last is ``hashlib`` itself.

Only the modules a one-file ``convert`` runs use this; the rest of the package
(``build``, ``serve``) uses ``hashlib`` as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, cast


class Hash(Protocol):
    """The part of a hash object the package uses."""

    def update(self, data: bytes, /) -> None: ...

    def hexdigest(self) -> str: ...


def _builtin_sha256() -> Callable[..., Hash]:
    try:
        from _sha256 import sha256  # type: ignore[import-not-found]  # CPython 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found]  # CPython 3.12 and later
        except ImportError:
            from hashlib import sha256
    return cast("Callable[..., Hash]", sha256)


sha256 = _builtin_sha256()
