"""``tei-encoder validate PATH...``: check TEI files against the schemas.

Files and directories (searched for ``*.xml``) are validated one at a time, so
a directory of thousands of files needs no more memory than one document.
Diagnostics go to stdout, one per line (``--format text``) or as one JSON
object (``--format json``); the summary and the progress indicator go to
stderr. Exit status: 0 every file valid (warnings allowed), 1 a file is
invalid, 2 usage or I/O error (a missing path, an unreadable file).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from encoder.commands.option_types import input_size
from encoder.errors import Diagnostic, Severity, UsageError, path_problem
from encoder.limits import TEI_SIZE_LIMIT, format_size
from encoder.validation import SchemaChoice, has_errors, validate

EXIT_VALID = 0
EXIT_INVALID = 1
EXIT_USAGE_OR_IO = 2

# Below this many files the run is over before a progress line would help.
PROGRESS_THRESHOLD = 20


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="validate TEI files against the project schema, tei_all or another RELAX NG",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="file or directory")
    parser.add_argument(
        "--schema",
        default="project",
        metavar="project|tei-all|FILE.rng",
        help="RELAX NG schema (default: the project schema, schema/tei-encoder.rng)",
    )
    parser.add_argument(
        "--schematron",
        dest="schematron",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="run the project's Schematron rules (default: on with the project schema)",
    )
    parser.add_argument(
        "--xsd",
        action="store_true",
        help="also validate with xmlschema against the XSD of the chosen schema",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--max-input-size",
        type=input_size,
        default=TEI_SIZE_LIMIT,
        metavar="SIZE",
        help=f"report TEI files over SIZE as invalid, unread (default: {format_size(TEI_SIZE_LIMIT)}; e.g. 50MB)",
    )
    parser.set_defaults(run=run)


def _schema_choice(value: str) -> SchemaChoice:
    if value in ("project", "tei-all"):
        return "project" if value == "project" else "tei-all"
    return Path(value)


def iter_xml_files(paths: list[Path]) -> Iterator[Path]:
    """Each file given, and every ``*.xml`` below each directory, sorted.

    Hidden folders are left out: ``tei/.generated/`` holds the converter's
    copies of the documents (the base ``reconcile`` merges against), not more
    documents.
    """
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*.xml")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts[:-1])
            )
        else:
            yield path


def run(args: argparse.Namespace) -> int:
    missing = [path for path in args.paths if not path.exists()]
    if missing:
        for path in missing:
            print(f"tei-encoder: error: {path}: {path_problem(path)}", file=sys.stderr)
        return EXIT_USAGE_OR_IO
    schema = _schema_choice(args.schema)
    files = list(iter_xml_files(args.paths))
    if not files:
        # an empty folder (or a wrong one) validated is no evidence that anything is valid
        raise UsageError("no XML documents (*.xml) found in " + ", ".join(map(str, args.paths)))
    progress = _Progress(len(files), sys.stderr)
    all_diagnostics: list[Diagnostic] = []
    invalid_files = 0
    io_failure = False
    for number, path in enumerate(files, start=1):
        progress.update(number)
        try:
            diagnostics = validate(
                path, schema=schema, schematron=args.schematron, xsd=args.xsd, size_limit=args.max_input_size
            )
        except UsageError:
            progress.clear()
            raise
        except OSError as error:
            io_failure = True
            diagnostics = [Diagnostic("IO", Severity.ERROR, f"cannot read: {error.strerror}", str(path))]
        if has_errors(diagnostics):
            invalid_files += 1
        if args.format == "text":
            progress.clear()
            for diagnostic in diagnostics:
                print(diagnostic.format())
        else:
            all_diagnostics.extend(diagnostics)
    progress.clear()
    if args.format == "json":
        report = {
            "files": len(files),
            "invalid": invalid_files,
            "diagnostics": [d.to_json() for d in all_diagnostics],
        }
        json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    print(f"validate: {len(files)} files, {invalid_files} invalid", file=sys.stderr)
    if io_failure:
        return EXIT_USAGE_OR_IO
    return EXIT_INVALID if invalid_files else EXIT_VALID


class _Progress:
    """A ``validating 120/3000`` line on stderr, only on a terminal and for many files."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self._total = total
        self._stream = stream
        self._active = total >= PROGRESS_THRESHOLD and stream.isatty()
        self._shown = False

    def update(self, number: int) -> None:
        if self._active and (number % 10 == 0 or number == self._total):
            self._stream.write(f"\rvalidating {number}/{self._total}")
            self._stream.flush()
            self._shown = True

    def clear(self) -> None:
        if self._shown:
            self._stream.write("\r\033[K")
            self._stream.flush()
            self._shown = False
