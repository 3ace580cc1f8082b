"""``tei-encoder render FILE --view html|print|pdf [-o OUT]``: one TEI file through one view."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from encoder.atomic import write_atomic
from encoder.commands.option_types import add_tei_size_option, output_path
from encoder.errors import UsageError
from encoder.safexml import read_tei_file
from encoder.views import SourceFile, get_renderer


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "render",
        help="render one TEI file as a reading page (html), print HTML (print) or PDF (pdf)",
        description="Render one TEI file with the XSLT views. HTML goes to standard output "
        "unless -o is given; a PDF without -o is written to standard output as bytes, never to a terminal.",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="a TEI P5 document")
    parser.add_argument(
        "--view",
        choices=("html", "print", "pdf"),
        default="html",
        help="which view (default: html)",
    )
    parser.add_argument(
        "-o", "--output", type=output_path, metavar="OUT", help="write here instead of stdout ('-': stdout)"
    )
    add_tei_size_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.view == "pdf" and args.output is None and sys.stdout.isatty():
        # PDF bytes on a terminal garble it; refuse before the slow rendering starts.
        raise UsageError("--view pdf writes binary data: give -o FILE.pdf, or redirect standard output")
    source, tree = read_tei_file(args.file, args.max_input_size)
    renderer = get_renderer()
    if args.view == "pdf":
        data = renderer.render_pdf(tree, SourceFile(args.file.name, source))
    elif args.view == "print":
        data = renderer.render_print_html(tree).encode("utf-8")
    else:
        data = renderer.render_html(tree).encode("utf-8")
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(args.output, data)
    return 0
