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
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from encoder.errors import UsageError

if TYPE_CHECKING:
    from concurrent.futures import Future


def write_atomic(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` in one rename; create its folder if needed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = _new_temporary(target)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)  # renames over a symlink at target, never through it
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


class WriteBehind:
    """Atomic writes done by a few threads while the caller goes on with its work.

    ``convert`` writes two files a document (``NAME.xml`` and its ``.generated/``
    copy), each with an fsync: some 4 ms of waiting for the disk and almost no
    CPU each, which in the command's one loop held up every result behind it
    (8 ms a document, more than two busy cores convert one in). Here the writes
    wait in threads, and the disk serves several fsyncs with one journal commit.

    Each file is still written by ``write`` (:func:`write_atomic` or a wrapper
    of it): its data is on disk before the rename, so a crash leaves the old
    file or the new one, never an empty or half-written one. :meth:`close`
    waits for every write, then fsyncs each folder written into, once, so that
    the renames too are on disk when the command reports success. At most
    ``pending_limit`` writes wait at a time (their data held in memory), so a
    slow disk slows the caller down instead of filling the memory. A write
    that fails is raised from the next :meth:`submit` or from :meth:`close`.
    With ``threads=0`` each file is written at once (one file has nothing to
    overlap with, and the thread pool's modules cost a one-file run more CPU
    than its fsync wait).
    A writer left by an exception still finishes the writes it was given.
    """

    def __init__(
        self,
        write: Callable[[Path, bytes], None] = write_atomic,
        *,
        threads: int = 4,
        pending_limit: int = 32,
    ) -> None:
        self._write = write
        self._pool = None
        if threads:
            from concurrent.futures import ThreadPoolExecutor  # imported when needed: start-up time

            self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="tei-encoder-write")
        self._pending: list[Future[None]] = []  # oldest first
        self._pending_limit = pending_limit
        self._folders: set[Path] = set()

    def submit(self, target: Path, data: bytes) -> None:
        """Write ``data`` to ``target`` soon; first wait for the oldest write if too many are waiting."""
        while len(self._pending) >= self._pending_limit:
            self._pending.pop(0).result()  # raises the write's error, if it failed
        self._folders.add(target.parent)
        if self._pool is None:
            self._write(target, data)
            return
        self._pending.append(self._pool.submit(self._write, target, data))

    def close(self) -> None:
        """Wait for every write (raising the first that failed), then make the folders' renames durable."""
        try:
            while self._pending:
                self._pending.pop(0).result()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
        for folder in sorted(self._folders):
            fsync_folder(folder)

    def __enter__(self) -> WriteBehind:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: object) -> None:
        if error is None:
            self.close()
            return
        # Already failing (or interrupted): the writes asked for so far are finished, as they
        # were when each was made at once (and no temporary file is left behind); the error
        # raised is the first one, not theirs.
        if self._pool is not None:
            self._pool.shutdown(wait=True)


def fsync_folder(folder: Path) -> None:
    """Make the renames into ``folder`` durable; where a folder cannot be opened (Windows), skip it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # a file system that cannot fsync a folder has nothing more to make durable
    finally:
        os.close(descriptor)


def _new_temporary(target: Path) -> tuple[int, str]:
    """A new file beside ``target`` under a random name, opened for writing.

    Created exclusively (an existing file or symlink of that name is never opened)
    and with the usual mode, 0644 less the umask, which the system applies: not
    ``mkstemp``'s 0600 changed afterwards, which needed the umask read, and reading
    it means setting it to 0 and back, which a thread writing meanwhile
    (:class:`WriteBehind`) would create its file under, or leave in place for good.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _attempt in range(100):
        temporary = os.path.join(target.parent, f".{target.name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(temporary, flags, 0o644), temporary
        except FileExistsError:
            continue  # a name taken (by chance, or planted): draw another
    raise FileExistsError(f"{target.parent}: no free name for a temporary file")


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
    import tempfile  # imported when needed: only a site build replaces folders (start-up time)

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
    import shutil
    import tempfile

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
