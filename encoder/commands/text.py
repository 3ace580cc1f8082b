"""``tei-encoder text FILE.xml``: regenerate the transcription from TEI (the round trip)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from encoder.atomic import write_text_atomic
from encoder.commands.option_types import add_tei_size_option, output_path
from encoder.round_trip import to_text
from encoder.safexml import read_tei_file


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "text",
        help="regenerate the transcription from a TEI file",
        description="Write the transcription a tei-encoder TEI file was made from.",
    )
    parser.add_argument("file", type=Path, metavar="FILE.xml")
    parser.add_argument("-o", "--output", type=output_path, help="output file (default, or '-': standard output)")
    add_tei_size_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    _, tree = read_tei_file(args.file, args.max_input_size)
    text = to_text(tree)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(args.output, text)
    return 0
