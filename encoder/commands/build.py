"""``tei-encoder build [-o SITE]``: the static edition site from ``tei/``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from encoder.commands.batch import DEFAULT_TIME_BUDGET, add_batch_options
from encoder.commands.option_types import tei_words
from encoder.commands.progress import BUILD_LINE, Progress
from encoder.errors import OutputInvalidError
from encoder.site import DEFAULT_TITLE, REVIEW_REPORT, build_site


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "build",
        help="build the static edition site (convert, validate, render) from tei/",
        description="Convert tei/transcripts, validate, and render every document into a "
        "static site: index with search, one HTML page, PDF and TEI file per document. "
        "A rebuild makes again only the files whose inputs changed (SITE/.build-manifest.json).",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("build/site"),
        metavar="SITE",
        help="output folder (default: build/site); replaced when the new site is complete",
    )
    parser.add_argument(
        "--tei-dir",
        type=Path,
        default=Path("tei"),
        metavar="DIR",
        help="folder with transcripts/ and/or TEI *.xml files (default: tei)",
    )
    parser.add_argument("--title", type=tei_words, default=DEFAULT_TITLE, help="title of the edition's index page")
    parser.add_argument(
        "--no-pdf", dest="pdf", action="store_false", help="write no PDF (a quick preview); no page links one"
    )
    parser.add_argument("--full", action="store_true", help="make every file again, reusing nothing of the old site")
    add_batch_options(parser)
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()

    def say(message: str) -> None:
        if not args.quiet:
            print(f"build: {message}", file=sys.stderr)

    # one line every few seconds in a log (and the first and last document's), a bar on a terminal
    progress = Progress(0, verb="build", bar=not args.quiet, line=BUILD_LINE, ends=True)
    try:
        report = build_site(
            args.output,
            args.tei_dir,
            title=args.title,
            progress=progress,
            pdf=args.pdf,
            full=args.full,
            jobs=args.jobs,
            scheduler=args.scheduler,
            # one budget per document, as convert and validate have (0: none)
            time_budget=DEFAULT_TIME_BUDGET if args.time_budget is None else args.time_budget or None,
        )
    except OutputInvalidError as error:
        # the CLI prints diagnostics of input errors only; a converter bug
        # needs them just as much to be reported usefully
        progress.clear()
        for diagnostic in error.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        raise
    finally:
        progress.done()  # the bar off the terminal's line before anything else is said there
    for diagnostic in report.diagnostics:
        if not args.quiet:
            print(diagnostic.format(), file=sys.stderr)
    say(
        f"{len(report.documents)} documents: {len(report.rebuilt)} rebuilt, {len(report.reused)} reused, "
        f"{len(report.removed)} removed; {report.files_written} files made, {report.files_reused} carried over "
        f"in {args.output} ({time.perf_counter() - started:.1f} s)"
    )
    if report.doubtful:
        say(f"{report.doubtful} doubtful decisions and warnings to review: {args.output / REVIEW_REPORT}")
    return 0
