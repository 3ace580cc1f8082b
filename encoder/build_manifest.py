"""What each file of the edition site was made from, so that a rebuild redoes only what changed.

``build`` writes ``SITE/.build-manifest.json``: for every output file, the
named content hashes of its inputs (transcript, sidecar and decisions files,
TEI, the stylesheets and assets it depends on, the tool's code and versions,
the options that change it) and the hash of the file itself; for every
document, the small record the index, search index, harvest files and review
report are made from (so an unchanged document is neither converted nor
parsed again). The JSON has sorted keys and no times: the same inputs give
the same manifest, so an incremental build is byte-identical to a full one.
A ``site`` record says, for each group of site-wide files (search index,
entity views, index page, review report, harvest files), what it was made
from, which files it is and what making it said: a group none of whose
inputs changed is carried over whole.

A rebuild carries an output over from the previous site (a hard link, else a
copy, into the folder the new site is built in, before the swap) only when
its inputs are the same *and* the old file still has the hash the manifest
recorded; anything else is made again. A manifest that does not read is
ignored: the build is then a full one.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from encoder.safexml import parse_xml_file

MANIFEST = ".build-manifest.json"
FORMAT = 2
ABSENT = "absent"  # the hash of an input file that does not exist: its appearing is a change

XSL = "{http://www.w3.org/1999/XSL/Transform}"
PACKAGE_DIR = Path(__file__).resolve().parent


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    try:
        return digest(path.read_bytes())
    except FileNotFoundError:
        return ABSENT


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """One hash over several files: their names (relative to ``root``) and bytes."""
    combined = hashlib.sha256()
    for path in sorted(set(paths)):
        name = path.relative_to(root).as_posix().encode()
        data = path.read_bytes()
        combined.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big") + data)
    return combined.hexdigest()


def inputs_digest(inputs: Mapping[str, str]) -> str:
    return digest(json.dumps(inputs, sort_keys=True).encode())


def stylesheet_digest(entry: Path) -> str:
    """The hash of a stylesheet and every module it imports or includes, transitively.

    A page depends on these files only: a change to ``print.xsl`` leaves the
    reading pages alone, a change to ``common/`` redoes every view."""
    seen: set[Path] = set()
    pending = [entry.resolve()]
    while pending:
        module = pending.pop()
        if module in seen:
            continue
        seen.add(module)
        root = parse_xml_file(module).getroot()
        for reference in root.iterchildren(f"{XSL}import", f"{XSL}include"):
            pending.append((module.parent / reference.get("href", "")).resolve())
    return files_digest(seen, Path(os.path.commonpath(seen)))


def folder_digest(folder: Path) -> str:
    """The hash of every file under ``folder`` (the PDF view's assets: CSS, fonts)."""
    return files_digest((path for path in folder.rglob("*") if path.is_file()), folder)


@functools.cache
def tool_digest() -> str:
    """The tool's version, its own code and the libraries that make the files.

    The code is hashed as well as the version: between releases a changed
    converter or view must not leave pages made by the old one."""
    from importlib.metadata import PackageNotFoundError, version

    from encoder import __version__

    versions = {"tei-encoder": __version__}
    for library in ("lxml", "saxonche", "weasyprint"):
        try:
            versions[library] = version(library)
        except PackageNotFoundError:
            versions[library] = ABSENT
    code = files_digest(PACKAGE_DIR.rglob("*.py"), PACKAGE_DIR)
    return inputs_digest(versions | {"code": code})


class Manifest:
    """The previous build's manifest (read-only) and the one this build writes.

    ``previous_site`` is the site being replaced; ``site`` the folder the new
    one is built in. ``full`` ignores the previous manifest."""

    def __init__(self, previous_site: Path, site: Path, *, full: bool) -> None:
        self.previous_site = previous_site
        self.site = site
        self._old = _PreviousManifest(None if full else previous_site / MANIFEST)
        self._outputs: dict[str, dict[str, Any]] = {}
        # the documents' records, written out as each document is done (they come in name order)
        self._documents = tempfile.TemporaryFile(dir=site.parent)  # noqa: SIM115 (closed by write())
        self._document: tuple[str, dict[str, Any]] | None = None  # the one being recorded
        self._last_document: str | None = None
        self._site: dict[str, Any] = {}
        self._checked: dict[str, bool] = {}  # previous site path → still as the previous build made it

    def previous_documents(self) -> set[str]:
        return set(self._old.documents)

    def previous_record(self, name: str, kind: str, inputs: Mapping[str, str]) -> dict[str, Any] | None:
        """The ``kind`` record the previous build kept for document ``name``, if made from the same ``inputs``.

        Kinds: ``source`` (what converting and validating gave: the TEI's hash,
        diagnostics, review), ``summary`` (what the site-wide files need)."""
        entry = self._old.document(name).get(kind)
        if not isinstance(entry, dict) or entry.get("inputs") != dict(inputs):
            return None
        record = entry.get("record")
        return record if isinstance(record, dict) else None

    def previous_record_inputs(self, name: str, kind: str) -> dict[str, str] | None:
        """What the previous build's ``kind`` record of document ``name`` was made from, if it has one."""
        entry = self._old.document(name).get(kind)
        if not isinstance(entry, dict) or not isinstance(entry.get("inputs"), dict):
            return None
        return dict(entry["inputs"])

    def keep_record(self, name: str, kind: str, inputs: Mapping[str, str], record: Mapping[str, Any]) -> None:
        """Keep a record of document ``name`` for the next build; documents are recorded in name order."""
        if self._document is None or self._document[0] != name:
            if self._last_document is not None and name <= self._last_document:
                raise ValueError(f"manifest: document {name!r} recorded after {self._last_document!r}")
            self._flush_document()
            self._document, self._last_document = (name, {}), name
        self._document[1][kind] = {"inputs": dict(inputs), "record": dict(record)}

    def _flush_document(self) -> None:
        if self._document is not None:
            name, entry = self._document
            # ASCII: document names that are not UTF-8 (surrogate escapes) stay JSON escapes
            self._documents.write(f"{json.dumps(name)}: {json.dumps(entry, sort_keys=True)}\n".encode("ascii"))
            self._document = None

    def previous_site_files(
        self, group: str, inputs: Mapping[str, str]
    ) -> tuple[list[str], list[dict[str, Any]]] | None:
        """The ``group`` of site-wide files the previous build made from the same ``inputs`` and the
        diagnostics it said making them, when every one of those files is still there as it was
        made; else None."""
        entry = self._old.site.get(group)
        if (
            not isinstance(entry, dict)
            or entry.get("inputs") != dict(inputs)
            or not isinstance(entry.get("files"), list)
        ):
            return None
        files, diagnostics = entry["files"], entry.get("diagnostics", [])
        if not all(isinstance(path, str) and self.previous_inputs(path) is not None for path in files):
            return None
        return files, diagnostics

    def keep_site_files(
        self, group: str, inputs: Mapping[str, str], files: Iterable[str], diagnostics: list[dict[str, Any]]
    ) -> None:
        """Record what a group of site-wide files was made from, which files, and what making them said."""
        self._site[group] = {"inputs": dict(inputs), "files": sorted(files), "diagnostics": diagnostics}

    def recorded(self) -> set[str]:
        """The site paths recorded so far, made or carried over."""
        return set(self._outputs)

    def carry_over_as_made(self, path: str) -> None:
        """Carry ``path`` over from the same inputs as the previous build made it from."""
        inputs = self.previous_inputs(path)
        if inputs is None or not self.carry_over(path, inputs):
            raise ValueError(f"manifest: {path} cannot be carried over")

    def previous_inputs(self, path: str) -> dict[str, str] | None:
        """What the previous site's ``path`` was made from, if it is still there as the previous build made it."""
        entry = self._old.outputs.get(path)
        if not isinstance(entry, dict) or not isinstance(entry.get("inputs"), dict) or not self._intact(path, entry):
            return None
        return dict(entry["inputs"])

    def carry_over(self, path: str, inputs: Mapping[str, str]) -> bool:
        """Link the previous site's ``path`` into the new site if it was made from the same inputs and is intact."""
        entry = self._old.outputs.get(path)
        if not isinstance(entry, dict) or entry.get("inputs") != dict(inputs) or not self._intact(path, entry):
            return False
        old = self.previous_site / path
        new = self.site / path
        new.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(old, new)
        except OSError:
            shutil.copyfile(old, new)
        self._outputs[path] = {"inputs": dict(inputs), "sha256": entry["sha256"]}
        return True

    def _intact(self, path: str, entry: Mapping[str, Any]) -> bool:
        if path not in self._checked:  # a file is asked about before it is carried over: hashed once
            old = self.previous_site / path
            self._checked[path] = old.is_file() and not old.is_symlink() and file_digest(old) == entry.get("sha256")
        return self._checked[path]

    def made(self, path: str, inputs: Mapping[str, str], sha256: str) -> None:
        """Record a file this build made: what from, and the hash of its bytes."""
        self._outputs[path] = {"inputs": dict(inputs), "sha256": sha256}

    def write(self, path: Path) -> None:
        """Write the manifest: one line per document and per output, each encoded on its own
        (the whole manifest is never one string, and the fast encoder takes no indent)."""
        self._flush_document()
        with path.open("w", encoding="ascii", newline="\n") as stream:
            stream.write(f'{{"format": {FORMAT},\n"site": {json.dumps(self._site, sort_keys=True)},\n"documents": {{')
            self._documents.seek(0)
            for number, recorded in enumerate(self._documents):
                stream.write(("\n" if number == 0 else ",\n") + recorded.decode("ascii").rstrip("\n"))
            stream.write('},\n"outputs": {')
            for number, key in enumerate(sorted(self._outputs)):
                line = f"{json.dumps(key)}: {json.dumps(self._outputs[key], sort_keys=True)}"
                stream.write(("\n" if number == 0 else ",\n") + line)
            stream.write("}}\n")
        self._documents.close()
        self._old.close()


class _PreviousManifest:
    """The previous build's manifest, read one document at a time.

    The manifest has a line per document (see :meth:`Manifest.write`): only
    where each line starts is kept, and a document's records are parsed when
    the build asks for them, so a rebuild does not hold every document's
    records at once. A manifest not in that form is read whole; one that does
    not read at all is ignored (the build is then a full one)."""

    def __init__(self, path: Path | None) -> None:
        self.documents: dict[str, int] = {}  # name → where its line's value starts in the file
        self.outputs: dict[str, Any] = {}
        self.site: dict[str, Any] = {}  # the site-wide files: what from, which, what was said
        self._whole: dict[str, Any] | None = None
        self._stream: Any = None
        self._cached: tuple[str, dict[str, Any]] | None = None
        if path is None:
            return
        try:
            self._stream = path.open("rb")
            if not self._index():
                self._stream.seek(0)
                self._whole = _whole(self._stream.read())
                self.documents = dict.fromkeys(self._whole.get("documents", {}), 0)
                self.outputs = self._whole.get("outputs", {})
                self.site = self._whole.get("site", {})
        except (OSError, ValueError):
            self.documents, self.outputs, self._whole = {}, {}, {}
        if not isinstance(self.site, dict):
            self.site = {}

    def _index(self) -> bool:
        """Find each document's line; the outputs are parsed (one small entry each). False: not a manifest's lines."""
        decoder = json.JSONDecoder()
        if self._stream.readline() != f'{{"format": {FORMAT},\n'.encode():
            return False
        section: dict[str, Any] | None = None
        offset = self._stream.tell()
        for raw in self._stream:
            line = raw.decode("ascii")
            if section is None and line.startswith('"site": '):
                self.site, end = decoder.raw_decode(line, len('"site": '))
                if line[end:] != ",\n":
                    return False
            elif line in ('"documents": {\n', '"outputs": {\n'):
                section = self.documents if line.startswith('"documents"') else self.outputs
            elif section is not None and line.startswith('"'):
                key, end = decoder.raw_decode(line)
                if not isinstance(key, str) or line[end : end + 2] != ": ":
                    return False
                if section is self.documents:
                    self.documents[key] = offset + end + 2
                else:
                    self.outputs[key] = decoder.raw_decode(line, end + 2)[0]
            elif line not in ('"documents": {},\n', '"outputs": {}}\n'):
                return False
            offset += len(raw)
        return True

    def document(self, name: str) -> dict[str, Any]:
        """Document ``name``'s records (kind → inputs and record), or {}; the last one asked is kept."""
        if self._cached is not None and self._cached[0] == name:
            return self._cached[1]
        if self._whole is not None:
            entry = self._whole.get("documents", {}).get(name)
        elif name in self.documents:
            self._stream.seek(self.documents[name])
            entry = json.JSONDecoder().raw_decode(self._stream.readline().decode("ascii"))[0]
        else:
            entry = None
        entry = entry if isinstance(entry, dict) else {}
        self._cached = (name, entry)
        return entry

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()


def _whole(data: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(data)
    except ValueError:
        return {}
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return {}
    return manifest
