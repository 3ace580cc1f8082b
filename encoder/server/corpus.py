"""The corpus as the server sees it: read on request, rebuilt when a file's content changes.

Every request first takes the corpus's fingerprint: the SHA-256 of the names
and bytes of the files ``build`` reads (``CORPUS/*`` and
``CORPUS/transcripts/*``; a few small files, about a millisecond). The same
fingerprint gives the same :class:`Snapshot` (documents converted and
validated once); a changed one converts and validates the corpus again
(about 0.4 s for the sample corpus). Rendered pages are cached by the digest
of what they are made from, so an edit to one transcript re-renders that
document's pages and the index, and no other document's pages.

Saxon and the converter are driven from one thread at a time: requests run in
the server's thread pool, and :attr:`LiveCorpus.lock` serialises the work
that touches them; a cached page is answered without waiting for it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from encoder.errors import Diagnostic
from encoder.site import BuildReport, EditionDocument, collect_documents
from encoder.views import Renderer, get_renderer

CACHE_ENTRIES = 256


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The corpus at one fingerprint: what is published, and what was refused with why."""

    fingerprint: str
    documents: tuple[EditionDocument, ...]  # valid, in name order
    refused: dict[str, tuple[Diagnostic, ...]] = field(default_factory=dict)  # name → why it is not published
    diagnostics: tuple[Diagnostic, ...] = ()

    def document(self, name: str) -> EditionDocument | None:
        return next((document for document in self.documents if document.name == name), None)


def corpus_files(corpus: Path) -> list[Path]:
    """The files a build reads, confined to the corpus: links that lead outside it are not followed."""
    root = corpus.resolve()
    candidates = [*corpus.iterdir(), *((corpus / "transcripts").iterdir() if (corpus / "transcripts").is_dir() else [])]
    return sorted(path for path in candidates if path.is_file() and path.resolve().is_relative_to(root))


def fingerprint(corpus: Path) -> str:
    digest = hashlib.sha256()
    for path in corpus_files(corpus):
        data = path.read_bytes()
        name = path.relative_to(corpus).as_posix().encode()
        digest.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def document_digest(document: EditionDocument) -> str:
    """What a document's pages are made from: its TEI, and for a converted one its transcript and review."""
    digest = hashlib.sha256(document.data)
    if document.converted:
        digest.update(document.source.read_bytes())
    return digest.hexdigest()


class LiveCorpus:
    def __init__(self, corpus: Path, renderer: Renderer | None = None) -> None:
        self.corpus = corpus
        self.lock = threading.RLock()
        self._cache_lock = threading.Lock()  # held for dictionary operations only, never while rendering
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
        current = fingerprint(self.corpus)
        known = self._snapshot  # one read of the attribute: no lock needed to find it current
        if known is not None and known.fingerprint == current:
            return known
        with self.lock:
            if self._snapshot is None or self._snapshot.fingerprint != current:
                self._snapshot = _read_corpus(self.corpus, current)
            return self._snapshot

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


def _read_corpus(corpus: Path, current: str) -> Snapshot:
    """Convert and validate, as ``build`` does, but keep going past a document that fails."""
    from encoder.validation import has_errors, validate_tree

    report = BuildReport()
    documents = collect_documents(corpus, report, live=True)
    published: list[EditionDocument] = []
    refused: dict[str, tuple[Diagnostic, ...]] = {}
    for document in documents:
        found = validate_tree(document.tree, filename=str(document.source))
        if has_errors(found):
            refused[document.name] = tuple(found)
        else:
            published.append(document)
    for diagnostic in report.diagnostics:
        if diagnostic.code == "DOCUMENT-LEFT-OUT":
            refused[Path(diagnostic.file).stem] = (diagnostic,)
    return Snapshot(current, tuple(published), refused, tuple(report.diagnostics))
