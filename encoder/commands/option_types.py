"""Types of the options whose values go into the TEI, checked as the command line is read.

argparse blames a value these refuse on its option by name (``argument --title:
byte 0xff is not UTF-8``) and exits with status 2, before any file is read: a
bad option is the command line's fault, never the transcript's.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from encoder.dates import given_date, iso_when
from encoder.limits import TEI_SIZE_LIMIT, format_size, parse_size
from encoder.reading import encoding_problem, unwritable_character


def tei_text(value: str) -> str:
    """Text for the TEI: no control character XML forbids, no byte the shell passed undecoded."""
    if found := unwritable_character(value):
        index, why = found
        raise argparse.ArgumentTypeError(f"{why} (at character {index + 1} of the value)")
    return value


def tei_words(value: str) -> str:
    """Text for the TEI that says something: a title or a name of spaces alone would leave an empty element."""
    if not tei_text(value).strip():
        raise argparse.ArgumentTypeError("the value is empty: give the words, or leave the option out")
    return value


def document_date(value: str) -> str:
    """A date tei-encoder can read, so that ``creation/date`` gets its ``@when``."""
    tei_text(value)
    if given_date(value) is None:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date tei-encoder can read: write e.g. 'June 4, 1965' or 1965-06-04"
        )
    return value


def timestamp(value: str) -> str:
    """An ISO 8601 date-time for ``revisionDesc/change/@when``."""
    tei_text(value)
    if iso_when(value) is None:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an ISO 8601 date or date-time: write e.g. 1965-06-04 or 2026-12-01T17:30:00Z"
        )
    return value


def text_encoding(value: str) -> str:
    """A codec that decodes bytes into text (not base64, zlib, rot13 …)."""
    if problem := encoding_problem(value):
        raise argparse.ArgumentTypeError(problem)
    return value


def input_size(value: str) -> int:
    """``--max-input-size``: ``50MB``, ``800KB``, ``5000000`` (see :mod:`encoder.limits`)."""
    try:
        return parse_size(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def output_path(value: str) -> Path | None:
    """``-o FILE``; ``-o -`` is standard output, as when ``-o`` is left out (never a file or folder named "-")."""
    return None if value == "-" else Path(value)


def add_tei_size_option(parser: argparse.ArgumentParser, what: str = "refuse TEI files larger than SIZE") -> None:
    """``--max-input-size`` for the commands that read TEI files (convert has its own: transcripts)."""
    parser.add_argument(
        "--max-input-size",
        type=input_size,
        default=TEI_SIZE_LIMIT,
        metavar="SIZE",
        help=f"{what}, unread (default: {format_size(TEI_SIZE_LIMIT)}; e.g. 50MB)",
    )
