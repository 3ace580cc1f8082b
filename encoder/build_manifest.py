"""What each file of the edition site was made from, so that a rebuild redoes only what changed.

``build`` writes ``SITE/.build-manifest.json``: for every output file, the
named content hashes of its inputs (transcript, sidecar and decisions files,
TEI, the stylesheets and assets it depends on, the tool's code and versions,
the options that change it) and the hash of the file itself; for every
document, the small record the index, search index, harvest files and review
report are made from (so an unchanged document is neither converted nor
parsed again). The JSON has sorted keys and no times: the same inputs give
the same manifest, so an incremental build is byte-identical to a full one.

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
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from encoder.safexml import parse_xml_file

MANIFEST = ".build-manifest.json"
FORMAT = 1
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
        self._old = {} if full else _read(previous_site / MANIFEST)
        self._outputs: dict[str, dict[str, Any]] = {}
        self._documents: dict[str, dict[str, Any]] = {}

    def previous_documents(self) -> set[str]:
        return set(self._old.get("documents", {}))

    def previous_record(self, name: str, kind: str, inputs: Mapping[str, str]) -> dict[str, Any] | None:
        """The ``kind`` record the previous build kept for document ``name``, if made from the same ``inputs``.

        Kinds: ``source`` (what converting and validating gave: the TEI's hash,
        diagnostics, review), ``summary`` (what the site-wide files need)."""
        entry = self._old.get("documents", {}).get(name, {}).get(kind)
        if not isinstance(entry, dict) or entry.get("inputs") != dict(inputs):
            return None
        record = entry.get("record")
        return record if isinstance(record, dict) else None

    def previous_record_inputs(self, name: str, kind: str) -> dict[str, str] | None:
        """What the previous build's ``kind`` record of document ``name`` was made from, if it has one."""
        entry = self._old.get("documents", {}).get(name, {}).get(kind)
        if not isinstance(entry, dict) or not isinstance(entry.get("inputs"), dict):
            return None
        return dict(entry["inputs"])

    def keep_record(self, name: str, kind: str, inputs: Mapping[str, str], record: Mapping[str, Any]) -> None:
        self._documents.setdefault(name, {})[kind] = {"inputs": dict(inputs), "record": dict(record)}

    def previous_inputs(self, path: str) -> dict[str, str] | None:
        """What the previous site's ``path`` was made from, if it is still there as the previous build made it."""
        entry = self._old.get("outputs", {}).get(path)
        if not isinstance(entry, dict) or not isinstance(entry.get("inputs"), dict) or not self._intact(path, entry):
            return None
        return dict(entry["inputs"])

    def carry_over(self, path: str, inputs: Mapping[str, str]) -> bool:
        """Link the previous site's ``path`` into the new site if it was made from the same inputs and is intact."""
        entry = self._old.get("outputs", {}).get(path)
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
        old = self.previous_site / path
        return old.is_file() and not old.is_symlink() and file_digest(old) == entry.get("sha256")

    def made(self, path: str, inputs: Mapping[str, str], data: bytes) -> None:
        self._outputs[path] = {"inputs": dict(inputs), "sha256": digest(data)}

    def write(self, path: Path) -> None:
        """Write the manifest: one line per output and per document, each encoded on its own
        (the whole manifest is never one string, and the fast encoder takes no indent)."""
        with path.open("w", encoding="ascii", newline="\n") as stream:
            stream.write(f'{{"format": {FORMAT},\n')
            for section, entries in (("documents", self._documents), ("outputs", self._outputs)):
                stream.write(f'"{section}": {{')
                for number, key in enumerate(sorted(entries)):
                    # ASCII: document names that are not UTF-8 (surrogate escapes) stay JSON escapes
                    line = f"{json.dumps(key)}: {json.dumps(entries[key], sort_keys=True)}"
                    stream.write(("\n" if number == 0 else ",\n") + line)
                stream.write("},\n" if section == "documents" else "}}\n")


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    return data
