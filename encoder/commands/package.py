"""``tei-encoder package``: BagIt bags of the edition for library ingest (see :mod:`encoder.package`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "package",
        help="BagIt bags of the edition: TEI, transcript, HTML, PDF, METS, MODS, Dublin Core",
        description="Convert, validate and render tei/ and write it as a BagIt bag (RFC 8493) with "
        "SHA-256 and SHA-512 manifests, or one bag per document (--per-document).",
    )
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="a new folder for the bag(s)")
    parser.add_argument(
        "--tei-dir",
        type=Path,
        default=Path("tei"),
        metavar="DIR",
        help="folder with transcripts/ and/or TEI *.xml files (default: tei)",
    )
    parser.add_argument("--per-document", action="store_true", help="one bag per document instead of one bag")
    parser.add_argument(
        "--bagging-date",
        metavar="YYYY-MM-DD",
        help="the date bag-info.txt and the records give (default: today); the same date gives the same bytes",
    )
    parser.add_argument(
        "--source-organization",
        metavar="NAME",
        help="bag-info Source-Organization (default: the publisher in tei/edition.toml)",
    )
    parser.add_argument(
        "--external-identifier",
        metavar="ID",
        help="bag-info External-Identifier (default: identifier-base of tei/edition.toml, "
        "else the TEI folder's name; per document ID/NAME)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from encoder.package import bagging_date, package_edition

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"package: {message}", file=sys.stderr)

    report = package_edition(
        args.tei_dir,
        args.output,
        date=bagging_date(args.bagging_date),
        source_organization=args.source_organization,
        external_identifier=args.external_identifier,
        per_document=args.per_document,
        progress=progress,
    )
    if not args.quiet:
        for diagnostic in report.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        bags = "1 bag" if len(report.bags) == 1 else f"{len(report.bags)} bags"
        print(f"package: {bags} of {len(report.documents)} documents in {args.output}, validated", file=sys.stderr)
    return 0
