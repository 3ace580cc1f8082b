"""``tei-encoder serve``: the edition site, live, and a DTS 1.0 API, from one ASGI application.

:func:`create_app` is the whole public surface: the routes of the site
(:mod:`encoder.server.site_routes`) and of DTS (:mod:`encoder.server.dts`)
over one :class:`~encoder.server.corpus.LiveCorpus`. The application only
answers GET and HEAD: it writes nothing, so it takes no request body.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette

from encoder.server import dts, site_routes
from encoder.server.corpus import LiveCorpus
from encoder.site import DEFAULT_TITLE
from encoder.views import Renderer


def create_app(
    corpus: Path, *, title: str = DEFAULT_TITLE, page_size: int = 20, renderer: Renderer | None = None
) -> Starlette:
    """The application serving ``corpus`` (a folder laid out as ``tei/``: ``*.xml``, ``transcripts/*.txt``)."""
    live = LiveCorpus(corpus, renderer)
    return Starlette(routes=[*dts.routes(live, page_size), *site_routes.routes(live, title)])


__all__ = ["create_app"]
