"""``tei-encoder oai SITE/oai.xml``: serve the site's OAI-PMH static repository to harvesters."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "oai",
        help="answer OAI-PMH 2.0 requests for a built site's static repository (oai.xml)",
        description="A small OAI-PMH gateway: harvesters (Sickle, pyoai, a library's harvester) "
        "list and fetch the site's oai_dc and MODS records from it.",
    )
    parser.add_argument("repository", type=Path, metavar="OAI_XML", help="the site's oai.xml (from build)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    parser.add_argument("--port", type=int, default=8080, help="port (default: 8080; 0 picks a free one)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from encoder.errors import UsageError
    from encoder.oai_gateway import make_server

    if not args.repository.is_file():
        raise UsageError(
            f"{args.repository}: no such file; `tei-encoder build` writes oai.xml when tei/edition.toml "
            "gives site-url, updated and contact"
        )
    try:
        server = make_server(args.repository, args.host, args.port)
    except ValueError as error:
        raise UsageError(str(error)) from None
    port = server.server_address[1]
    print(f"oai: OAI-PMH at http://{args.host}:{port}/oai (Ctrl-C stops)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
