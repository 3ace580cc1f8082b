"""``tei-encoder build [-o SITE]``: the static edition site from ``tei/``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from encoder.commands.option_types import tei_words
from encoder.errors import OutputInvalidError
from encoder.site import DEFAULT_TITLE, REVIEW_REPORT, build_site


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "build",
        help="build the static edition site (convert, validate, render) from tei/",
        description="Convert tei/transcripts, validate, and render every document into a "
        "static site: index with search, one HTML page, PDF and TEI file per document.",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("build/site"),
        metavar="SITE",
        help="output folder (default: build/site); rebuilt from scratch",
    )
    parser.add_argument(
        "--tei-dir",
        type=Path,
        default=Path("tei"),
        metavar="DIR",
        help="folder with transcripts/ and/or TEI *.xml files (default: tei)",
    )
    parser.add_argument("--title", type=tei_words, default=DEFAULT_TITLE, help="title of the edition's index page")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"build: {message}", file=sys.stderr)

    try:
        report = build_site(args.output, args.tei_dir, title=args.title, progress=progress)
    except OutputInvalidError as error:
        # the CLI prints diagnostics of input errors only; a converter bug
        # needs them just as much to be reported usefully
        for diagnostic in error.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        raise
    for diagnostic in report.diagnostics:
        if not args.quiet:
            print(diagnostic.format(), file=sys.stderr)
    progress(
        f"{len(report.documents)} documents, {report.files_written} files in {args.output} "
        f"({time.perf_counter() - started:.1f} s)"
    )
    if report.doubtful:
        progress(f"{report.doubtful} doubtful decisions and warnings to review: {args.output / REVIEW_REPORT}")
    return 0
