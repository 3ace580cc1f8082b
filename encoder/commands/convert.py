"""``tei-encoder convert INPUT... [-o OUT] [--report FILE|-] [--strict] [--force]``.

One input file without ``-o`` writes its TEI to standard output; files or
directories go to a directory (``-o``), one ``NAME.xml`` per ``NAME.txt``.
A TEI file an editor has changed is the master and is not overwritten
(:mod:`encoder.provenance`); ``--strict`` writes nothing unless every file passes.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from encoder import __version__
from encoder.atomic import WriteBehind, write_atomic
from encoder.commands.batch import add_batch_options, batch_executor, stopped_diagnostic, time_budget
from encoder.commands.option_types import (
    document_date,
    input_size,
    output_path,
    tei_words,
    text_encoding,
    timestamp,
)
from encoder.commands.progress import Progress
from encoder.edition import load_edition, register_path
from encoder.errors import Diagnostic, EncoderError, InputError, Severity, UsageError, path_problem
from encoder.limits import TRANSCRIPT_SIZE_LIMIT, format_size
from encoder.pipeline import ConversionResult, convert_file, serialize_tree
from encoder.provenance import TeiState, backup_path, base_path, read_provenance, stamp
from encoder.reading import ControlCharPolicy
from encoder.registers import load_register_cached
from encoder.report import Decision, FileReport, Report, with_warnings

if TYPE_CHECKING:
    from encoder.edition import EditionConfig
    from encoder.settings.sidecar import Sidecar


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "convert",
        help="encode transcripts as TEI",
        description="Encode plain-text transcripts (.txt) as validated TEI P5.",
    )
    parser.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="transcript files or directories")
    parser.add_argument("-o", "--output", type=output_path, help="output file (one input; '-' for stdout) or directory")
    parser.add_argument("--report", metavar="FILE", help="write the review report as JSON ('-' for stdout)")
    parser.add_argument("--strict", action="store_true", help="treat warnings and doubtful decisions as failures")
    parser.add_argument(
        "--encoding", type=text_encoding, help="input encoding (default: UTF-8, or UTF-16 or UTF-32 with a BOM)"
    )
    parser.add_argument(
        "--control-chars",
        choices=("error", "picture"),
        default="error",
        help="XML-illegal control characters: fail (default) or map to Unicode control pictures",
    )
    parser.add_argument("--title", type=tei_words, help="title, for a transcript without a header")
    parser.add_argument("--date", type=document_date, help="document date, e.g. 'June 4, 1965' or 1965-06-04")
    parser.add_argument("--citation", type=tei_words, help="the archive's citation line")
    parser.add_argument("--original-language", type=tei_words, action="append", default=[], metavar="NAME")
    parser.add_argument("--timestamp", type=timestamp, help="ISO date-time to record in revisionDesc (default: none)")
    parser.add_argument(
        "--force",
        action="store_true",
        help="overwrite TEI files an editor has changed (each is first copied to NAME.xml.bak)",
    )
    parser.add_argument(
        "--edition",
        type=Path,
        metavar="FILE",
        help="the edition's publisher, identifiers and licence (default: edition.toml beside the transcripts or above)",
    )
    parser.add_argument(
        "--register",
        type=Path,
        metavar="FILE",
        help="the register of persons, places and organisations names link to "
        "(default: the one edition.toml names; without one, names get no @ref)",
    )
    parser.add_argument(
        "--schema-base",
        metavar="URL",
        help="point the xml-model instructions at URL/tei-encoder.rng (default: a schema/ folder the file can reach)",
    )
    parser.add_argument(
        "--max-input-size",
        type=input_size,
        metavar="SIZE",
        help=f"refuse transcripts larger than SIZE, unread (default: max-input-size in edition.toml, "
        f"else {format_size(TRANSCRIPT_SIZE_LIMIT)}; e.g. 50MB)",
    )
    add_batch_options(parser)
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    parser.set_defaults(run=run)


def _collect(inputs: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in inputs:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"{path}: {path_problem(path)}")
    if not files:
        raise UsageError("no .txt transcripts found in " + ", ".join(map(str, inputs)))
    return _each_file_once(files)


def _each_file_once(files: list[Path]) -> list[Path]:
    """One transcript named twice (``a.txt`` and its folder, or a link to it) is converted once."""
    seen: set[Path] = set()
    once = []
    for path in files:
        if (real := path.resolve()) not in seen:
            seen.add(real)
            once.append(path)
    return once


def run(args: argparse.Namespace) -> int:
    files = _collect(args.inputs)
    several = len(args.inputs) > 1 or any(path.is_dir() for path in args.inputs)
    output_dir = _output_directory(args.output, several=several)
    if args.report == "-" and output_dir is None and args.output is None:
        raise UsageError("the TEI goes to standard output: write the report to a file (--report FILE) or use -o")
    if output_dir is not None:
        _refuse_same_names(files)
    _refuse_writing_over_inputs(files, [_target(path, output_dir, args.output) for path in files])
    given = {
        "title": args.title,
        "date": args.date,
        "citation": args.citation,
        "original_language": args.original_language,
    }
    sidecar = _options_sidecar({name: value for name, value in given.items() if value})
    edition = load_edition(args.edition) if args.edition is not None else None
    if args.register is not None and not args.register.is_file():
        raise UsageError(f"--register {args.register}: {path_problem(args.register)}")
    options = ConvertOptions(
        encoding=args.encoding,
        control_chars=args.control_chars,
        sidecar=sidecar,
        timestamp=args.timestamp,
        edition=edition,
        schema_base=_schema_base(args.schema_base, to_stdout=output_dir is None and args.output is None),
        strict=args.strict,
        size_limit=args.max_input_size,
        register_file=args.register or register_path(edition, args.edition),
        keep_decisions=bool(args.report),
    )
    jobs = _jobs(files, output_dir, args.output, options)
    # Kept only when asked for: the decisions of 10,000 documents are a million objects.
    reports: list[FileReport] | None = [] if args.report else None
    # With --strict nothing is written until every file has passed, so a
    # failed run leaves no partial corpus behind.
    pending: list[Pending] = []
    failures = doubtful_total = warning_total = kept = 0
    budget = time_budget(args, len(files))
    # The files are written by threads while this loop goes on (see WriteBehind); leaving
    # the block waits for them, so the summary below is printed once all are on disk.
    writing_threads = 4 if len(files) > 1 else 0  # one file is written at once
    with (
        WriteBehind(write_if_changed, threads=writing_threads) as writer,
        batch_executor(args, len(files)) as executor,
    ):
        batch = not args.quiet and len(files) > 1
        progress = Progress(
            len(files), verb="converted", problems="failed", bar=batch, summary=batch, jobs=executor.jobs
        )
        # Every task is a pure function of its job; this loop, in input order, does all the
        # printing and writing, so the output is the same whichever executor ran the tasks.
        for done in executor.map_ordered(convert_one, jobs, time_budget=budget):
            path, target, converted = done.item.path, done.item.target, done.value
            progress.clear()
            failures_before = failures
            if converted is None:
                failures += 1
                stopped = stopped_diagnostic(done.item.path, done, budget, doing="converting")
                print(stopped.format(), file=sys.stderr)
                if reports is not None:
                    reports.append(FileReport(file=str(path), warnings=(stopped.format(),)))
            elif converted.failure is not None:
                failures += 1
                _print_diagnostics(converted.failure_diagnostics, converted.failure)
                if converted.input_error and reports is not None:
                    reports.append(
                        FileReport(file=str(path), warnings=tuple(d.format() for d in converted.failure_diagnostics))
                    )
            else:
                for diagnostic in converted.diagnostics:
                    print(diagnostic.format(with_source=True), file=sys.stderr)
                warning_total += len(converted.diagnostics)
                doubtful_total += converted.doubtful_count
                if args.strict and (converted.diagnostics or converted.doubtful):
                    failures += 1
                    for diagnostic in converted.doubtful:
                        print(diagnostic.format(with_source=True), file=sys.stderr)
                elif target is not None and (master := _keeps_master(target, converted, force=args.force)):
                    kept += 1
                    if args.strict and master == "stale":
                        failures += 1  # the edited TEI lacks the transcript's change: not a clean run
                else:
                    pending.append(
                        Pending(
                            target,
                            converted.data,
                            backup=args.force and target is not None,
                            needs_schema=target is not None and converted.needs_schema,
                        )
                    )
                if reports is not None:
                    reports.append(
                        FileReport(
                            file=str(path),
                            output=str(target) if target else None,
                            decisions=converted.decisions,
                            warnings=tuple(d.format() for d in converted.diagnostics),
                        )
                    )
                if not args.strict:
                    _write_pending(pending, writer)
            progress.step(str(path), problem=failures > failures_before)
        progress.done()
        if not (args.strict and failures):
            _write_pending(pending, writer)
    if reports is not None:
        _write_report(args.report, Report(version=__version__, files=tuple(reports)))
    _print_summary(
        len(files), failures, kept, doubtful_total, warning_total, reported=bool(args.report), strict=args.strict
    )
    return 1 if failures else 0


@dataclass(frozen=True, slots=True)
class ConvertOptions:
    """The run's options that shape every conversion (the same for each transcript)."""

    encoding: str | None
    control_chars: ControlCharPolicy
    sidecar: Sidecar | None
    timestamp: str | None
    edition: EditionConfig | None
    schema_base: str | None
    strict: bool
    size_limit: int | None = None
    # a path, not the register: each worker process reads it once (load_register_cached)
    register_file: Path | None = None
    # The decisions go back to the command only for --report: a document's are some
    # 20 KB pickled, sent from the worker and unpickled by the command for nothing.
    keep_decisions: bool = False


@dataclass(frozen=True, slots=True)
class ConvertJob:
    """One transcript to convert: a task of the batch (see :mod:`encoder.executor`)."""

    path: Path
    target: Path | None  # None: standard output
    options: ConvertOptions
    # The schema/ folder its xml-model instructions point to, looked up once for all
    # the jobs writing into one folder (a search of every folder above it); None: per job.
    schema_dir: Path | None = None


@dataclass(frozen=True, slots=True)
class Converted:
    """What converting one transcript gave, as data a worker process can send back.

    ``failure`` is the message of an error that stopped the conversion (with its
    diagnostics); otherwise ``tei`` is the document without its stamp, which
    :attr:`data` adds. ``doubtful`` (printed) is filled with --strict only, and
    ``decisions`` with --report only: the rest of the time the command needs no
    more than ``doubtful_count``, and the messages, each quoting its source line,
    were most of what a worker sent back (up to 200 KB a document).
    """

    failure: str | None = None
    failure_diagnostics: tuple[Diagnostic, ...] = ()
    input_error: bool = False  # the transcript's fault (not a bug): it goes into the report
    tei: bytes = b""
    transcript_digest: str | None = None
    source_name: str = ""
    diagnostics: tuple[Diagnostic, ...] = ()
    doubtful: tuple[Diagnostic, ...] = ()
    doubtful_count: int = 0
    decisions: tuple[Decision, ...] = ()
    needs_schema: bool = False

    @property
    def data(self) -> bytes:
        """The TEI file as written, with the stamp that tells later runs it is untouched."""
        return stamp(self.tei, self.transcript_digest) if self.transcript_digest else self.tei


def convert_one(job: ConvertJob) -> Converted:
    """Convert one transcript; reads its files, writes nothing (the batch's task)."""
    options = job.options
    try:
        result = convert_file(
            job.path,
            encoding=options.encoding,
            control_chars=options.control_chars,
            sidecar=options.sidecar,
            timestamp=options.timestamp,
            output_path=job.target or Path.cwd() / f"{job.path.stem}.xml",  # stdout: most often "> NAME.xml"
            edition=options.edition,
            schema_base=options.schema_base,
            size_limit=options.size_limit,
            register=load_register_cached(options.register_file) if options.register_file is not None else None,
            # Without --report or --strict the command only counts the decisions.
            decisions_named=options.keep_decisions or options.strict,
            schema_dir=job.schema_dir,
        )
    except InputError as error:
        return Converted(failure=str(error), failure_diagnostics=error.diagnostics, input_error=True)
    except EncoderError as error:
        return Converted(failure=str(error), failure_diagnostics=error.diagnostics)
    doubtful = result.decision_diagnostics(Severity.ERROR) if options.strict else ()
    return Converted(
        tei=serialize_tree(result.tree),
        transcript_digest=result.transcript_digest if result.source else None,
        source_name=result.source.name if result.source else str(job.path),
        diagnostics=result.diagnostics,
        doubtful=doubtful,
        doubtful_count=len(doubtful) if options.strict else result.doubtful_count,
        decisions=with_warnings(result.decisions, result.diagnostics) if options.keep_decisions else (),
        needs_schema=_points_beside(result),
    )


def _jobs(files: list[Path], output_dir: Path | None, output: Path | None, options: ConvertOptions) -> list[ConvertJob]:
    from encoder.validation import schema_dir_for  # imported when needed: start-up time

    folders: dict[str, Path] = {}  # target folder → its schema folder
    jobs = []
    for path in files:
        target = _target(path, output_dir, output)
        schema_dir = None
        if target is not None and options.schema_base is None:
            folder = os.path.dirname(os.path.abspath(target))
            if folder not in folders:
                folders[folder] = schema_dir_for(target)
            schema_dir = folders[folder]
        jobs.append(ConvertJob(path, target, options, schema_dir))
    return jobs


def _refuse_same_names(files: list[Path]) -> None:
    """Two transcripts called X.txt (in different folders) would both become OUT/X.xml.

    Names that differ only in case (``Cable.txt``, ``cable.txt``) collide too: on
    the file systems of macOS and Windows they are one file, and the corpus and
    its site must survive being copied there.
    """
    seen: dict[str, Path] = {}
    for path in files:
        key = path.stem.casefold()
        if key in seen:
            case = (
                " (names that differ only in case are one file on some systems)" if seen[key].stem != path.stem else ""
            )
            raise UsageError(f"{seen[key]} and {path} would both be written as {path.stem}.xml{case}: rename one")
        seen[key] = path


def _refuse_writing_over_inputs(files: list[Path], targets: list[Path | None]) -> None:
    """A TEI file must never take the place of a transcript (``-o cable.txt``, or a transcript named ``X.xml``)."""
    inputs = {path.resolve() for path in files}
    for target in targets:
        if target is not None and target.resolve() in inputs:
            raise UsageError(
                f"{target}: a transcript being converted; its TEI cannot be written over it: give -o another place"
            )


def _target(transcript: Path, output_dir: Path | None, output: Path | None) -> Path | None:
    """Where the TEI of ``transcript`` goes: ``DIR/NAME.xml``, ``-o FILE``, or None for standard output."""
    return output_dir / (transcript.stem + ".xml") if output_dir is not None else output


def _output_directory(output: Path | None, *, several: bool) -> Path | None:
    """Where ``NAME.xml`` files go, or None when one file goes to ``-o FILE`` or stdout."""
    if output is None:
        if several:
            raise UsageError("several inputs need an output directory: -o DIR")
        return None
    if output.is_dir():
        return output
    if several:
        if output.exists():
            raise UsageError(f"-o {output}: several inputs need an output directory, and this is a file")
        if output.suffix.lower() == ".xml":
            raise UsageError(
                f"-o {output}: several inputs need an output directory, and this name looks like a file; "
                "give a directory (it is created if it does not exist)"
            )
        output.mkdir(parents=True)
        return output
    if not output.exists() and output.suffix.lower() != ".xml":
        output.mkdir(parents=True)  # "-o out" names a directory, "-o out.xml" a file
        return output
    return None


def _keeps_master(target: Path, converted: Converted, *, force: bool) -> str:
    """Non-empty when ``target`` is a TEI file an editor has changed, which this run must not overwrite:
    ``"stale"`` when the transcript changed after the edit, else ``"kept"``.

    With ``force`` an edited file may be overwritten: :func:`_write_pending` backs it up first.
    """
    provenance = read_provenance(target)
    if not provenance.is_master or force:
        return ""
    if provenance.state is TeiState.UNSTAMPED and target.read_bytes() == converted.tei:
        return ""  # written by a tei-encoder from before stamps, and untouched since
    if provenance.state is TeiState.UNSTAMPED:
        why = (
            "has no <?tei-encoder?> stamp (an edited file, or one from a tei-encoder "
            "that wrote none: --force regenerates it, keeping a backup)"
        )
    else:
        why = "was changed after tei-encoder wrote it"
    print(f"{target}: warning: TEI-MASTER: this file {why}; it is the master and is kept as it is", file=sys.stderr)
    if converted.transcript_digest and provenance.transcript_changed(converted.transcript_digest):
        print(
            f"{converted.source_name}: warning: TEI-TRANSCRIPT-CHANGED: the transcript changed after {target} "
            "was edited; carry the change into the TEI by hand, or regenerate it with --force "
            "(the edited file is backed up), or merge it with 'tei-encoder reconcile'",
            file=sys.stderr,
        )
        return "stale"
    return "kept"


@dataclass(frozen=True, slots=True)
class Pending:
    """A TEI file to write once the run may write (at once, or with --strict when all passed)."""

    target: Path | None  # None: standard output
    data: bytes
    backup: bool = False  # --force: keep a copy of an editor's file before overwriting it
    needs_schema: bool = False  # its xml-model hrefs point to a schema/ copy beside it


def _points_beside(result: ConversionResult) -> bool:
    """True when the TEI's xml-model instructions name ``schema/…`` beside the file (no schema folder above)."""
    from encoder.validation import xml_model_hrefs  # imported when needed: start-up time

    return any(href.startswith("schema/") for href in xml_model_hrefs(result.tree))


def _options_sidecar(given: dict[str, object]) -> Sidecar | None:
    """The metadata options, as the sidecar model holds them; None without any (no pydantic to import).

    Their values were checked as the options were read (``tei_words``, ``document_date``)."""
    if not given:
        return None
    from encoder.settings.sidecar import Sidecar

    return Sidecar.model_validate(given)


def _schema_base(option: str | None, *, to_stdout: bool) -> str | None:
    """Where the xml-model instructions point when no ``schema/`` folder can travel with the output.

    A file on standard output lands where the shell puts it: relative hrefs
    would be a guess, so without --schema-base it points to the installed
    schema by its absolute file URI (unless a ``schema/`` folder is above the
    working folder, as in a project checkout).
    """
    if option is not None:
        if not re.fullmatch(r"(https?|file)://\S+", option):
            raise UsageError(f"--schema-base {option!r}: give an http(s):// or file:// URL of the schema folder")
        return option
    from encoder.validation import PROJECT_SCHEMA_DIR, nearest_schema_dir  # imported when needed: start-up time

    if to_stdout and nearest_schema_dir(Path.cwd() / "stdout.xml") is None:
        return PROJECT_SCHEMA_DIR.as_uri() + "/"
    return None


def _copy_schema_beside(target: Path) -> Path | None:
    from encoder.validation import copy_schema_beside

    return copy_schema_beside(target)


def _write_pending(pending: list[Pending], writer: WriteBehind) -> None:
    for item in pending:
        if item.target is None:
            sys.stdout.buffer.write(item.data)
            sys.stdout.buffer.flush()
            continue
        if item.backup and read_provenance(item.target).is_master:
            import shutil  # imported when needed: only --force keeps backups (start-up time)

            backup = backup_path(item.target)
            shutil.copy2(item.target, backup)
            print(f"{item.target}: info: TEI-BACKUP: the edited file is saved as {backup}", file=sys.stderr)
        writer.submit(item.target, item.data)  # after the backup above: that one is written at once
        writer.submit(base_path(item.target), item.data)  # the base reconcile merges against
        if item.needs_schema and (copied := _copy_schema_beside(item.target)) is not None:
            print(f"{copied}: info: SCHEMA-COPY: the schema the TEI files point to (xml-model)", file=sys.stderr)
    pending.clear()


def _print_summary(
    files: int, failures: int, kept: int, doubtful: int, warnings: int, *, reported: bool, strict: bool
) -> None:
    """One line on stderr, so doubtful decisions are never silent, with or without --report."""
    if not (doubtful or warnings or failures or kept):
        return
    parts = [f"{files - failures - kept} of {_count(files, 'file')} written"]
    if kept:
        parts.append(f"{_count(kept, 'edited TEI file')} kept as the master (--force overwrites)")
    if strict and failures:
        parts = [f"--strict: {failures} of {_count(files, 'file')} failed, nothing written"]
    if doubtful:
        parts.append(_count(doubtful, "doubtful decision"))
    if warnings:
        parts.append(_count(warnings, "warning"))
    hint = " (list them with --report FILE)" if (doubtful or warnings) and not (reported or strict) else ""
    print("tei-encoder: " + "; ".join(parts) + hint, file=sys.stderr)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _print_diagnostics(diagnostics: tuple[Diagnostic, ...], fallback: str) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(with_source=True), file=sys.stderr)
    if not diagnostics:
        print(Diagnostic("CONVERT", Severity.ERROR, fallback).format(), file=sys.stderr)


def write_if_changed(target: Path, data: bytes) -> None:
    """Write ``data`` atomically (a temporary file renamed over the target), and only when it differs."""
    # Leaving an unchanged file untouched keeps timestamps (and make-style tools) quiet.
    if target.is_file() and target.read_bytes() == data:
        return
    write_atomic(target, data)


def _write_report(destination: str, report: Report) -> None:
    import json  # imported when needed: only --report writes JSON (start-up time)

    text = json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n"
    # A file name that is not UTF-8 reaches Python as lone surrogates (\udcff for
    # the byte 0xff), which UTF-8 cannot encode. Inside a JSON string the escape
    # "\udcff" is valid and reads back as the same name; the rest stays as it is.
    data = text.encode("utf-8", errors="backslashreplace")
    if destination == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(Path(destination), data)
