"""``tei-encoder validate PATH...``: check TEI files against the schemas.

Files and directories (searched for ``*.xml``) are validated in parallel
(--jobs, default: one process per usable core; --scheduler for a Dask
cluster) and reported in the order of the paths, so a directory of thousands
of files needs no more memory than a few documents. A document that takes
longer than --time-budget is stopped and reported (TIME-BUDGET).
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from encoder.commands.batch import add_batch_options, batch_executor, stopped_diagnostic, time_budget
from encoder.commands.option_types import add_tei_size_option
from encoder.commands.progress import Progress
from encoder.errors import Diagnostic, Severity, UsageError, path_problem
from encoder.limits import TEI_SIZE_LIMIT
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
    add_tei_size_option(parser, "report TEI files over SIZE as invalid")
    add_batch_options(parser)
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress line and no summary on stderr")
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
    jobs = [ValidateJob(path, schema, args.schematron, args.xsd, args.max_input_size) for path in files]
    all_diagnostics: list[Diagnostic] = []
    invalid_files = 0
    io_failure = False
    budget = time_budget(args, len(files))
    with batch_executor(args, len(files)) as executor:
        progress = Progress(
            len(files),
            verb="validated",
            problems="invalid",
            bar=not args.quiet and len(files) >= PROGRESS_THRESHOLD,
            summary=not args.quiet,
            jobs=executor.jobs,
        )
        for done in executor.map_ordered(validate_one, jobs, time_budget=budget):
            if done.value is None:
                diagnostics = [stopped_diagnostic(done.item.path, done, budget, doing="validating")]
            elif done.value.usage_error is not None:
                progress.clear()
                raise UsageError(done.value.usage_error)
            else:
                diagnostics = list(done.value.diagnostics)
                io_failure = io_failure or done.value.io_failure
            invalid = has_errors(diagnostics)
            invalid_files += invalid
            if args.format == "text":
                progress.clear()
                for diagnostic in diagnostics:
                    print(diagnostic.format())
            else:
                all_diagnostics.extend(diagnostics)
            progress.step(str(done.item.path), problem=invalid)
    progress.clear()
    if args.format == "json":
        report = {
            "files": len(files),
            "invalid": invalid_files,
            "diagnostics": [d.to_json() for d in all_diagnostics],
        }
        json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
        sys.stdout.flush()
    progress.done()
    if io_failure:
        return EXIT_USAGE_OR_IO
    return EXIT_INVALID if invalid_files else EXIT_VALID


@dataclass(frozen=True, slots=True)
class ValidateJob:
    """One document to validate: a task of the batch (see :mod:`encoder.executor`)."""

    path: Path
    schema: SchemaChoice
    schematron: bool | None
    xsd: bool
    size_limit: int = TEI_SIZE_LIMIT


@dataclass(frozen=True, slots=True)
class Validated:
    diagnostics: tuple[Diagnostic, ...] = ()
    io_failure: bool = False  # the file could not be read (exit status 2)
    usage_error: str | None = None  # the schema asked for cannot be used: the whole run stops


def validate_one(job: ValidateJob) -> Validated:
    """Validate one document; reads it, writes nothing (the batch's task)."""
    try:
        diagnostics = validate(
            job.path, schema=job.schema, schematron=job.schematron, xsd=job.xsd, size_limit=job.size_limit
        )
    except UsageError as error:
        return Validated(usage_error=str(error))
    except OSError as error:
        return Validated(
            (Diagnostic("IO", Severity.ERROR, f"cannot read: {error.strerror}", str(job.path)),), io_failure=True
        )
    return Validated(tuple(diagnostics))
