"""``tei-encoder serve [CORPUS]``: the edition site and the DTS API, live, from the corpus."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from encoder.errors import UsageError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the edition site live, and a DTS 1.0 API, from a corpus folder",
        description="Serve the pages `build` writes, made on request from the corpus (an edit shows "
        "on reload), and the Distributed Text Services 1.0 API under /api/dts.",
    )
    parser.add_argument(
        "corpus", type=Path, nargs="?", default=Path("tei"), metavar="CORPUS", help="the corpus folder (default: tei)"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    parser.add_argument(
        "--session-hours",
        type=positive_hours,
        default=12.0,
        metavar="HOURS",
        help="how long a workbench page may save and decide before it must be reloaded (default: 12)",
    )
    parser.set_defaults(run=run)


def positive_hours(value: str) -> float:
    try:
        hours = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of hours") from None
    if not 0 < hours <= 24 * 365:
        raise argparse.ArgumentTypeError(f"{value!r}: give more than 0 hours and at most a year")
    return hours


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from encoder.server import create_app

    if not args.corpus.is_dir():
        raise UsageError(f"{args.corpus}: no such folder; give the corpus folder (with transcripts/ or *.xml)")
    loopback = args.host in LOOPBACK
    if not loopback:
        print(f"serve: listening on {args.host}: reachable from other machines", file=sys.stderr)
    print(f"serve: http://{args.host}:{args.port}/ (workbench at /workbench, DTS at /api/dts/; Ctrl-C stops)",
          file=sys.stderr)  # fmt: skip
    app = create_app(
        args.corpus, allowed_hosts=list(LOOPBACK) if loopback else None, session_max_age=args.session_hours * 3600
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
