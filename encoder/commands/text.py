"""``tei-encoder text FILE.xml``: regenerate the transcription from TEI (the round trip)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from encoder.atomic import write_text_atomic
from encoder.round_trip import to_text
from encoder.safexml import parse_xml_file


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "text",
        help="regenerate the transcription from a TEI file",
        description="Write the transcription a tei-encoder TEI file was made from.",
    )
    parser.add_argument("file", type=Path, metavar="FILE.xml")
    parser.add_argument("-o", "--output", type=Path, help="output file (default: standard output)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    text = to_text(parse_xml_file(args.file))
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(args.output, text)
    return 0
