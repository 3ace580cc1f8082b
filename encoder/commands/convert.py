"""``tei-encoder convert INPUT... [-o OUT] [--report FILE|-] [--strict]``.

One input file without ``-o`` writes its TEI to standard output; files or
directories go to a directory (``-o``), one ``NAME.xml`` per ``NAME.txt``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from encoder import __version__
from encoder.commands.progress import Progress
from encoder.errors import Diagnostic, EncoderError, InputError, Severity, UsageError
from encoder.header import Sidecar
from encoder.pipeline import convert_file
from encoder.report import FileReport, Report, with_warnings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "convert",
        help="encode transcripts as TEI",
        description="Encode plain-text transcripts (.txt) as validated TEI P5.",
    )
    parser.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="transcript files or directories")
    parser.add_argument("-o", "--output", type=Path, help="output file (one input) or directory")
    parser.add_argument("--report", metavar="FILE", help="write the review report as JSON ('-' for stdout)")
    parser.add_argument("--strict", action="store_true", help="treat warnings and doubtful decisions as failures")
    parser.add_argument("--encoding", help="input encoding (default: UTF-8, or UTF-16 with a BOM)")
    parser.add_argument(
        "--control-chars",
        choices=("error", "picture"),
        default="error",
        help="XML-illegal control characters: fail (default) or map to Unicode control pictures",
    )
    parser.add_argument("--title", help="title, for a transcript without a header")
    parser.add_argument("--date", help="document date, e.g. 'June 4, 1965' or 1965-06-04")
    parser.add_argument("--citation", help="the archive's citation line")
    parser.add_argument("--original-language", action="append", default=[], metavar="NAME")
    parser.add_argument("--timestamp", help="ISO date-time to record in revisionDesc (default: none)")
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
            raise UsageError(f"{path}: no such file or directory")
    if not files:
        raise UsageError("no .txt transcripts found in " + ", ".join(map(str, inputs)))
    return files


def run(args: argparse.Namespace) -> int:
    files = _collect(args.inputs)
    to_stdout = args.output is None
    if to_stdout and len(files) > 1:
        raise UsageError("several inputs need an output directory: -o DIR")
    single_file_output = args.output is not None and len(files) == 1 and args.output.suffix == ".xml"
    if args.output is not None and not single_file_output:
        args.output.mkdir(parents=True, exist_ok=True)
    sidecar = Sidecar(
        title=args.title,
        date=args.date,
        citation=args.citation,
        original_language=args.original_language,
    )
    reports: list[FileReport] = []
    failures = 0
    progress = Progress(len(files), enabled=not args.quiet and len(files) > 1)
    for path in files:
        progress.step(str(path))
        if single_file_output:
            target: Path | None = args.output
        elif args.output is not None:
            target = args.output / (path.stem + ".xml")
        else:
            target = None
        try:
            result = convert_file(
                path,
                encoding=args.encoding,
                control_chars=args.control_chars,
                sidecar=sidecar if sidecar.model_dump(exclude_defaults=True) else None,
                timestamp=args.timestamp,
                output_path=target,
            )
        except InputError as error:
            failures += 1
            _print_diagnostics(error.diagnostics, str(error))
            reports.append(FileReport(file=str(path), warnings=tuple(d.format() for d in error.diagnostics)))
            continue
        except EncoderError as error:
            failures += 1
            _print_diagnostics(error.diagnostics, str(error))
            continue
        warnings = tuple(d.format() for d in result.diagnostics)
        for line in warnings:
            print(line, file=sys.stderr)
        doubtful = [d for d in result.decisions if d.confidence != "high"]
        if args.strict and (warnings or doubtful):
            failures += 1
            for decision in doubtful:
                print(
                    f"{path}:{decision.line}:{decision.col}: warning: {decision.kind} {decision.message}",
                    file=sys.stderr,
                )
        data = result.to_bytes()
        if target is None:
            sys.stdout.buffer.write(data)
        else:
            _write_if_changed(target, data)
        reports.append(
            FileReport(
                file=str(path),
                output=str(target) if target else None,
                decisions=with_warnings(result.decisions, result.diagnostics),
                warnings=warnings,
            )
        )
    progress.done()
    if args.report:
        _write_report(args.report, Report(version=__version__, files=tuple(reports)))
    return 1 if failures else 0


def _print_diagnostics(diagnostics: tuple[Diagnostic, ...], fallback: str) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(with_source=True), file=sys.stderr)
    if not diagnostics:
        print(Diagnostic("CONVERT", Severity.ERROR, fallback).format(), file=sys.stderr)


def _write_if_changed(target: Path, data: bytes) -> None:
    # Leaving an unchanged file untouched keeps timestamps (and make-style tools) quiet.
    if target.is_file() and target.read_bytes() == data:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(target)


def _write_report(destination: str, report: Report) -> None:
    text = json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    if destination == "-":
        sys.stdout.write(text)
    else:
        path = Path(destination)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
