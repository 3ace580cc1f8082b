"""Writing files so that a reader sees the old file or the new one, never half of one.

Every command writes through :func:`write_atomic`: the data goes to a temporary
file created exclusively (``O_EXCL``: an existing file or a planted symlink
with that name is never opened, let alone followed) under a random name beside
the target, is flushed to disk, and is renamed over the target in one step. A
temporary file is removed on any exception, and :func:`terminate_cleanly`
turns SIGTERM into an exception, so an interrupted run leaves no temporary
file and no truncated target behind.

:func:`replace_folder` does the same for a whole folder (the edition site):
the new one is built beside the old one and swapped in; :func:`folder_lock`
keeps two runs from writing one folder at once.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from encoder.errors import UsageError


def write_atomic(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` in one rename; create its folder if needed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644 & ~_umask())  # mkstemp makes 0600; written files get the usual mode
        os.replace(temporary, target)  # renames over a symlink at target, never through it
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def write_text_atomic(target: Path, text: str) -> None:
    write_atomic(target, text.encode("utf-8"))


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold ``.FOLDER.lock`` beside ``folder`` for the time of a run; a second run is refused."""
    lock = folder.parent / f".{folder.name}.lock"
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except FileExistsError:
        raise UsageError(
            f"{folder}: another run is writing it (lock {lock}); wait for it, or remove the lock if no run is left"
        ) from None
    try:
        with os.fdopen(descriptor, "w") as stream:
            stream.write(f"{os.getpid()}\n")
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(lock)


def new_folder_beside(folder: Path) -> Path:
    """An empty folder next to ``folder`` to build its replacement in."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    made = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new.", dir=folder.parent))
    os.chmod(made, 0o777 & ~_umask())  # mkdtemp makes 0700; a published site is readable
    return made


def replace_folder(folder: Path, replacement: Path) -> None:
    """Put ``replacement`` in the place of ``folder``: renames only, so the old
    folder is complete until the new one takes its place."""
    if not folder.exists():
        replacement.rename(folder)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old.", dir=folder.parent))
    old.rmdir()
    folder.rename(old)
    try:
        replacement.rename(folder)
    except OSError:
        old.rename(folder)  # put the old one back: never no folder at all
        raise
    shutil.rmtree(old, ignore_errors=True)


class Terminated(SystemExit):
    """SIGTERM, raised as an exception so that cleanup code runs."""


_termination: list[int] = []  # the exit status SIGTERM asked for, once it came


def terminate_cleanly() -> None:
    """Make SIGTERM unwind the stack (removing temporary files) and exit 143."""

    def handler(signum: int, frame: FrameType | None) -> None:
        _termination.append(128 + signum)
        raise Terminated(128 + signum)

    with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
        signal.signal(signal.SIGTERM, handler)


def termination_status() -> int | None:
    """143 once SIGTERM came, else None. The exception the handler raises can be turned into
    another on its way up (a native library's callback, Saxon's, reports it as its own error):
    the exit status must still say the process was terminated."""
    return _termination[0] if _termination else None
