"""The corpus as the server sees it: looked at on every request, read again only where a file changed.

Every request first lists the files ``build`` reads (``CORPUS/*`` and
``CORPUS/transcripts/*``) with their status (size, modification and change
times, inode): no file is opened when nothing changed. A file whose status
differs from the last look is hashed (SHA-256), and the content hashes are
the corpus's identity: a ``touch``, or a file saved again unchanged, changes
nothing. The classic pitfall of status checks, a file rewritten within one
tick of the clock with the same size ("racily clean", in git's words), is
handled as git and Mercurial do: a file whose last change is less than
:data:`RACY_WINDOW_NS` older than the look is not trusted by its status,
and is hashed again at the next look until it has settled.

A changed corpus is read again document by document (:class:`Snapshot`): a
document whose own files (``transcripts/NAME.txt``, ``NAME.meta.toml``,
``NAME.decisions.toml``, ``NAME.xml``) are unchanged is kept as it was; any
other file (``edition.toml``, ``registers.xml``, the register's names link
every converted document) is shared by all, and its change reads the whole
corpus again. Either way, the documents are exactly what a fresh read gives.

Rendered pages are cached by the digest of what they are made from, so an
edit to one transcript re-renders that document's pages and the index, and
no other document's pages.

Saxon and the converter are driven from one thread at a time: requests run in
the server's thread pool, and :attr:`LiveCorpus.lock` serialises the work
that touches them; a cached page is answered without waiting for it.
"""

from __future__ import annotations

import hashlib
import os
import stat
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from encoder.entity_pages import register_names
from encoder.errors import Diagnostic, InputError, Severity
from encoder.registers import REGISTER_FILE
from encoder.site import BuildReport, DocumentSource, EditionDocument, load_document
from encoder.views import Renderer, get_renderer

CACHE_ENTRIES = 256
TRANSCRIPTS = "transcripts"
# A file changed less than this long before a look is hashed again at the next one: its status could
# still change without showing (FAT keeps times to 2 s; the kernel's file clock ticks every few ms).
RACY_WINDOW_NS = 2_000_000_000
# A transcript's own files beside it (encoder.header.sidecar_path, encoder.overrides.decisions_path)
DOCUMENT_SUFFIXES = (".meta.toml", ".decisions.toml", ".txt")

T = TypeVar("T")
Status = tuple[int, int, int, int, int]  # size, mtime_ns, ctime_ns, inode, device
Clock = Callable[[], int]  # nanoseconds since the epoch, as file times are


# ---- which files there are, and what they hold ---------------------------------------


@dataclass(frozen=True, slots=True)
class Listed:
    """A file of the corpus as one look at its folder found it: where it is and its status."""

    path: str  # a string, not a Path: a thousand Paths made per request cost more than the stat calls
    status: Status


def list_corpus(corpus: Path) -> dict[str, Listed]:
    """The files a build reads, by name relative to the corpus (``transcripts/X.txt``), with their status.

    Confined to the corpus: a link that leads outside it is not followed, and
    only regular files count. Links are resolved only where there is one."""
    root = corpus.resolve()
    found: dict[str, Listed] = {}
    for folder, prefix in ((corpus, ""), (corpus / TRANSCRIPTS, f"{TRANSCRIPTS}/")):
        if prefix and (not folder.is_dir() or not folder.resolve().is_relative_to(root)):
            continue
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                status = entry.stat()  # follows a link: the status of what it points to
                if not stat.S_ISREG(status.st_mode):
                    continue
                if entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(root):
                    continue
            except OSError:
                continue  # gone since the folder was listed, or a link that leads nowhere
            found[prefix + entry.name] = Listed(
                entry.path,
                (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev),
            )
    return found


def corpus_files(corpus: Path) -> list[Path]:
    """The files a build reads, confined to the corpus: links that lead outside it are not followed."""
    return sorted(Path(listed.path) for listed in list_corpus(corpus).values())


def content_digest(path: str) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


@dataclass(frozen=True, slots=True)
class Known:
    status: Status
    digest: str
    settled: bool  # looked at well after its last change: an unchanged status means unchanged content


class FileIndex:
    """The content hash of every file of the corpus, hashed again only when its status says it may have changed.

    Not thread-safe: :class:`LiveCorpus` looks through it one request at a time."""

    def __init__(self, clock: Clock = time.time_ns, digest: Callable[[str], str] = content_digest) -> None:
        self._clock = clock
        self._digest = digest
        self._known: dict[str, Known] = {}
        self._digests: dict[str, str] = {}
        self.fingerprint = inputs_digest({})  # of the corpus as the last look found it

    def look(self, listing: Mapping[str, Listed], looked_at: int) -> dict[str, str]:
        """Name → content hash of each listed file; ``looked_at`` is the clock when the listing began."""
        known: dict[str, Known] = {}
        for name, listed in listing.items():
            before = self._known.get(name)
            if before is not None and before.settled and before.status == listed.status:
                known[name] = before
                continue
            try:
                digest = self._digest(listed.path)
            except OSError:
                continue  # gone between the listing and the reading: as if it had not been listed
            _, modified, changed, _, _ = listed.status
            known[name] = Known(listed.status, digest, max(modified, changed) < looked_at - RACY_WINDOW_NS)
        self._known = known
        digests = {name: entry.digest for name, entry in known.items()}
        if digests != self._digests:  # the fingerprint made again only for a changed corpus
            self._digests, self.fingerprint = digests, inputs_digest(digests)
        return self._digests

    def scan(self, corpus: Path) -> dict[str, str]:
        looked_at = self._clock()  # before the listing: a change during it counts as recent
        return self.look(list_corpus(corpus), looked_at)


def owner(name: str, registers: frozenset[str] = frozenset({REGISTER_FILE})) -> str | None:
    """The document a corpus file belongs to, or None for a file every document may depend on.

    ``NAME.xml`` and ``transcripts/NAME.txt``, ``.meta.toml``, ``.decisions.toml``
    are the document NAME's; ``edition.toml``, ``registers.xml`` (names in every
    converted document link to it) and any other file are shared."""
    folder, _, file = name.rpartition("/")
    if folder == TRANSCRIPTS:
        for suffix in DOCUMENT_SUFFIXES:
            if file.endswith(suffix) and len(file) > len(suffix):
                return file.removesuffix(suffix)
        return None
    if not folder and file.endswith(".xml") and file not in registers and len(file) > len(".xml"):
        return file.removesuffix(".xml")
    return None


def inputs_digest(files: Mapping[str, str]) -> str:
    """One digest of files by name and content hash."""
    digest = hashlib.sha256()
    for name in sorted(files):
        encoded = os.fsencode(name)
        digest.update(len(encoded).to_bytes(8, "big") + encoded + files[name].encode())
    return digest.hexdigest()


# ---- the documents -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentRead:
    """One name of the corpus read: the document, or why it is not published, and the files it came from."""

    inputs: str  # digest of the document's own files
    document: EditionDocument | None = None
    refused: tuple[Diagnostic, ...] = ()  # why it is not published; empty when it is (or there is nothing)
    digest: str = ""  # what its pages are made from: its TEI and its own files


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The corpus at one fingerprint: what is published, and what was refused with why."""

    fingerprint: str
    shared: str  # digest of the files every document depends on
    reads: dict[str, DocumentRead] = field(default_factory=dict)  # by name, in name order
    documents: tuple[EditionDocument, ...] = ()  # valid, in name order
    refused: dict[str, tuple[Diagnostic, ...]] = field(default_factory=dict)  # name → why it is not published

    @classmethod
    def of(cls, fingerprint: str, shared: str, reads: dict[str, DocumentRead]) -> Snapshot:
        ordered = {name: reads[name] for name in sorted(reads)}
        published = tuple(read.document for read in ordered.values() if read.document is not None)
        refused = {name: read.refused for name, read in ordered.items() if read.refused}
        return cls(fingerprint, shared, ordered, published, refused)

    def document(self, name: str) -> EditionDocument | None:
        read = self.reads.get(name)
        return read.document if read is not None else None

    def digest(self, name: str) -> str:
        """What the document's pages are made from (its cache key)."""
        return self.reads[name].digest


def read_snapshot(corpus: Path, files: dict[str, str], previous: Snapshot | None = None) -> Snapshot:
    """The corpus whose files have the content hashes ``files``: the documents whose own files are
    the same as in ``previous`` are taken from it, the others read (converted, validated) again."""
    own: dict[str, dict[str, str]] = {}
    shared: dict[str, str] = {}
    registers = register_names(corpus)
    for name, digest in files.items():
        document = owner(name, registers)
        (own.setdefault(document, {}) if document is not None else shared)[name] = digest
    shared_digest = inputs_digest(shared)
    reusable = previous.reads if previous is not None and previous.shared == shared_digest else {}
    reads: dict[str, DocumentRead] = {}
    for name, its_files in own.items():
        inputs = inputs_digest(its_files)
        kept = reusable.get(name)
        reads[name] = (
            kept
            if kept is not None and kept.inputs == inputs
            else read_document(corpus, name, inputs, files, registers)
        )
    return Snapshot.of(inputs_digest(files), shared_digest, reads)


def document_source(
    corpus: Path,
    name: str,
    files: Mapping[str, str],
    report: BuildReport,
    registers: frozenset[str] | None = None,
) -> DocumentSource | None:
    """:func:`encoder.site.document_sources`' choice for one name (a test holds the two to the same answers):
    the transcript, converted, unless ``NAME.xml`` is an editor's master; else ``NAME.xml`` as it is."""
    # build's own rules, used rather than copied: the server must choose as build does
    from encoder.site import _converter_available, _is_editors_master

    transcript, encoded = corpus / TRANSCRIPTS / f"{name}.txt", corpus / f"{name}.xml"
    has_transcript = f"{TRANSCRIPTS}/{name}.txt" in files
    if has_transcript and _converter_available() and not _is_editors_master(encoded, transcript, report):
        return DocumentSource(name, transcript, converted=True)
    # registers: the corpus's register files (register_names), when the caller has looked them up
    if f"{name}.xml" in files and f"{name}.xml" not in (registers or register_names(corpus)):
        return DocumentSource(name, encoded, converted=False)
    return None


def read_document(
    corpus: Path, name: str, inputs: str, files: Mapping[str, str], registers: frozenset[str] | None = None
) -> DocumentRead:
    """Convert and validate, as ``build`` does; a document that fails is refused with why, alone."""
    from encoder.validation import has_errors, validate_tree

    report = BuildReport()
    source = document_source(corpus, name, files, report, registers)
    if source is None:
        return DocumentRead(inputs)  # a sidecar or decisions file without its transcript
    try:
        document = load_document(source, report)
    except InputError as error:
        left_out = Diagnostic("DOCUMENT-LEFT-OUT", Severity.ERROR, f"not published: {error}", str(source.path))
        return DocumentRead(inputs, refused=(left_out,))
    found = validate_tree(document.tree, filename=str(document.source))
    if has_errors(found):
        return DocumentRead(inputs, refused=tuple(found))
    return DocumentRead(inputs, document, digest=hashlib.sha256(document.data + inputs.encode()).hexdigest())


class PerDocument(Generic[T]):
    """A value made from each published document, made again only for a document whose digest changed.

    What the site-wide pages are made from (search entries, entity records):
    after one edit, one document's is made again, not a thousand."""

    def __init__(self, make: Callable[[EditionDocument], T]) -> None:
        self._make = make
        self._known: dict[str, tuple[str, T]] = {}  # name → digest, value: the latest snapshot's documents only

    def of(self, snapshot: Snapshot) -> list[tuple[str, T]]:
        """Name and value of each of the snapshot's documents, in its order. Call with the corpus's lock held."""
        known: dict[str, tuple[str, T]] = {}
        for document in snapshot.documents:
            digest = snapshot.digest(document.name)
            before = self._known.get(document.name)
            if before is None or before[0] != digest:
                before = (digest, self._make(document))
            known[document.name] = before
        self._known = known
        return [(name, value) for name, (_, value) in known.items()]


# ---- the corpus, live -----------------------------------------------------------------


class LiveCorpus:
    def __init__(self, corpus: Path, renderer: Renderer | None = None, *, clock: Clock = time.time_ns) -> None:
        self.corpus = corpus
        self.lock = threading.RLock()
        self._cache_lock = threading.Lock()  # held for dictionary operations only, never while rendering
        self._look_lock = threading.Lock()  # one look through the files at a time: the index is updated
        self._files = FileIndex(clock)
        self._looks_begun = 0
        self._last_look: tuple[int, dict[str, str], str] = (0, {}, "")  # its number, what it found, fingerprint
        self._snapshot_look = 0  # the look the snapshot was read after
        self._renderer = renderer
        self._snapshot: Snapshot | None = None
        self._cache: OrderedDict[tuple[str, ...], bytes] = OrderedDict()

    @property
    def renderer(self) -> Renderer:
        with self.lock:
            if self._renderer is None:
                self._renderer = get_renderer()
            return self._renderer

    def snapshot(self) -> Snapshot:
        look, files, current = self.look()
        known = self._snapshot  # one read of the attribute: no lock needed to find it current
        if known is not None and known.fingerprint == current:
            return known
        with self.lock:
            # a request that looked earlier does not put back an older corpus than the one read since
            if self._snapshot is None or (self._snapshot.fingerprint != current and self._snapshot_look < look):
                self._snapshot = read_snapshot(self.corpus, files, self._snapshot)
                self._snapshot_look = look
            return self._snapshot

    def look(self) -> tuple[int, dict[str, str], str]:
        """The number of a look at the corpus, its files' content hashes then, and their fingerprint.

        Concurrent requests share looks: one that arrives while a look is under
        way waits, and takes the answer of the next look, which began after it
        arrived and so sees every change made before it. No look is skipped on
        a timer: a page reloaded just after a save always shows the save."""
        arrived = self._looks_begun
        with self._look_lock:
            if self._last_look[0] > arrived:
                return self._last_look  # began after this request arrived
            self._looks_begun += 1
            files = self._files.scan(self.corpus)
            self._last_look = (self._looks_begun, files, self._files.fingerprint)
            return self._last_look

    def cached(self, key: tuple[str, ...], make: Callable[[], bytes]) -> bytes:
        """``make()``'s bytes, made once per key; the least recently used entries go first."""
        if (hit := self._lookup(key)) is not None:
            return hit
        with self.lock:
            if (hit := self._lookup(key)) is not None:
                return hit  # made by another request while this one waited
            data = make()
        with self._cache_lock:
            self._cache[key] = data
            if len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)
        return data

    def _lookup(self, key: tuple[str, ...]) -> bytes | None:
        with self._cache_lock:
            if key not in self._cache:
                return None
            self._cache.move_to_end(key)
            return self._cache[key]


__all__ = ["LiveCorpus", "PerDocument", "Snapshot", "corpus_files"]
