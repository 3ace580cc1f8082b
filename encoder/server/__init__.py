"""``tei-encoder serve``: the edition site, live, and a DTS 1.0 API, from one ASGI application.

:func:`create_app` is the whole public surface: the routes of the site
(:mod:`encoder.server.site_routes`) and of DTS (:mod:`encoder.server.dts`)
over one :class:`~encoder.server.corpus.LiveCorpus`. Only the workbench
(:mod:`encoder.server.workbench`) takes request bodies, and only it writes
(an editor's decisions file).
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from encoder.server import dts, site_routes, workbench
from encoder.server.corpus import LiveCorpus
from encoder.site import DEFAULT_TITLE
from encoder.views import Renderer


def create_app(
    corpus: Path,
    *,
    title: str = DEFAULT_TITLE,
    page_size: int = 20,
    renderer: Renderer | None = None,
    allowed_hosts: list[str] | None = None,
    session_max_age: float = workbench.SESSION_MAX_AGE,
) -> Starlette:
    """The application serving ``corpus`` (a folder laid out as ``tei/``: ``*.xml``, ``transcripts/*.txt``).

    ``allowed_hosts`` limits the ``Host`` header a request may carry: on
    loopback, a page of another site that rebinds its name to 127.0.0.1
    still cannot talk to the server. A workbench page's session token is
    taken for ``session_max_age`` seconds."""
    live = LiveCorpus(corpus, renderer)
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)] if allowed_hosts else []
    sessions = workbench.Sessions(session_max_age)
    routes = [*dts.routes(live, page_size), *workbench.routes(live, sessions), *site_routes.routes(live, title)]
    return Starlette(routes=routes, middleware=middleware)


__all__ = ["create_app"]
