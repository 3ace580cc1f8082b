"""The edition site, live: the pages ``build`` writes, made on request from the corpus.

The URL space is the site's own layout (``index.html``, ``documents/NAME.html``,
``assets/edition.css`` …) so every relative link of a built page works here
too. No URL names a file: a request names a document, which is looked up
among the corpus's documents, or one of a fixed list of files; anything else
is 404, so no path outside the corpus (``..``, ``%2e%2e``, absolute paths,
symlinks) can be reached.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from encoder import entity_pages, site
from encoder.errors import Diagnostic
from encoder.server.corpus import LiveCorpus, PerDocument, Snapshot
from encoder.views import ASSETS_DIR, pdf_refusal

MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xml": "application/xml",
    "json": "application/json",
    "js": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
}
Endpoint = Callable[[Request], Response]


def routes(corpus: LiveCorpus, title: str) -> list[BaseRoute]:
    # ---- entity views (encoder/entity_pages.py): made from the whole snapshot, kept for the latest one
    latest_entity_views: dict[str, entity_pages.EntityViews] = {}
    latest_register: dict[str, entity_pages.Register | None] = {}
    entity_records = PerDocument(lambda document: site.entity_record(corpus.renderer, document))
    search_entries = PerDocument(lambda document: site.search_entry(corpus.renderer, document.tree))
    schema_copies = PerDocument(lambda document: site.schema_copies(f"documents/{document.name}.xml", document.tree))

    def register(snapshot: Snapshot) -> entity_pages.Register | None:
        if snapshot.shared not in latest_register:  # the register is one of the files all documents share
            found = entity_pages.site_register(corpus.corpus, [], live=True)
            latest_register.clear()
            latest_register[snapshot.shared] = found
        return latest_register.get(snapshot.shared)

    def entity_views(snapshot: Snapshot) -> entity_pages.EntityViews:
        known = latest_entity_views.get(snapshot.fingerprint)
        if known is None:
            with corpus.lock:
                records = [record for _, record in entity_records.of(snapshot)]
                known = entity_pages.entity_views(corpus.renderer, register(snapshot), records, [])
            latest_entity_views.clear()
            latest_entity_views[snapshot.fingerprint] = known
        return known

    def entity_file(request: Request) -> Response:
        path = request.url.path.lstrip("/")
        data = entity_views(corpus.snapshot()).pages.get(path)
        if data is None:
            return PlainTextResponse("not found", status_code=404)
        return _answer(data, path.rsplit(".", 1)[1])

    def index(request: Request) -> Response:
        snapshot = corpus.snapshot()
        key = ("index", snapshot.fingerprint)
        parameters = entity_views(snapshot).index_parameters
        return _answer(
            corpus.cached(key, lambda: site.index_html(corpus.renderer, snapshot.documents, title, parameters)), "html"
        )

    def search_index(request: Request) -> Response:
        snapshot = corpus.snapshot()
        text = corpus.cached(
            ("search", snapshot.fingerprint),
            lambda: site.search_index_from(search_entries.of(snapshot)).encode(),
        )
        if request.path_params["suffix"] == "js":
            return _answer(site.search_index_script(text.decode()), "js")
        return _answer(text, "json")

    def document(request: Request) -> Response:
        name, suffix = request.path_params["name"], request.path_params["suffix"]
        snapshot = corpus.snapshot()
        found = snapshot.document(name)
        if found is None and f"documents/{name}.{suffix}" == entity_pages.PUBLISHED_REGISTER:
            return entity_file(request)  # the register, beside the TEI that points into it
        if found is None:
            return _not_published(name, snapshot.refused.get(name))
        if suffix == "xml":
            return _answer(found.data, "xml")
        if suffix == "pdf" and (refusal := pdf_refusal(found.tree)) is not None:
            return PlainTextResponse(f"no PDF of {name}: {refusal}", status_code=404)  # as build publishes none
        linked = register(snapshot) is not None  # entity views: names link to their pages
        make: Callable[[Any, site.EditionDocument], bytes]
        if suffix == "html" and linked:
            make = functools.partial(site.document_html, entities=True)
        else:
            make = {"html": site.document_html, "pdf": site.document_pdf}[suffix]
        key = (suffix, name, snapshot.digest(name), str(linked))
        data = corpus.cached(key, lambda: make(corpus.renderer, found))
        return _answer(data, suffix)

    def review(request: Request) -> Response:
        snapshot = corpus.snapshot()
        found = snapshot.document(request.path_params["name"])
        if found is None or found.review is None:
            return PlainTextResponse("no review page for this document", status_code=404)
        data = corpus.cached(("review", found.name, snapshot.digest(found.name)), lambda: site.review_page(found))
        return _answer(data, "html")

    def review_report(request: Request) -> Response:
        snapshot = corpus.snapshot()
        data = corpus.cached(
            ("review-report", snapshot.fingerprint), lambda: site.review_report_json(snapshot.documents) or b""
        )
        return _answer(data, "json") if data else PlainTextResponse("no converted documents", status_code=404)

    def harvest(request: Request) -> Response:
        name = f"{request.path_params['name']}.xml"
        snapshot = corpus.snapshot()
        data = corpus.cached(
            (name, snapshot.fingerprint),
            lambda: site.harvest_files(corpus.corpus, snapshot.documents, title, []).get(name, b""),
        )
        if not data:
            return PlainTextResponse(f"{name}: the edition's edition.toml does not give what it needs", 404)
        return _answer(data, "xml")

    def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in site.SITE_ASSETS:
            return PlainTextResponse("not found", status_code=404)
        return _answer((ASSETS_DIR / name).read_bytes(), name.rsplit(".", 1)[1])

    def schema(request: Request) -> Response:
        """The project schema, where a published TEI file's ``xml-model`` instruction points."""
        from encoder.validation import PROJECT_SCHEMA_DIR

        snapshot = corpus.snapshot()
        with corpus.lock:
            copies = {path: name for _, each in schema_copies.of(snapshot) for path, name in each.items()}
        name = copies.get(request.path_params["path"])
        if name is None:
            return PlainTextResponse("not found", status_code=404)
        return _answer((PROJECT_SCHEMA_DIR / name).read_bytes(), "xml")

    return [
        Route("/", lambda request: RedirectResponse("/index.html")),
        Route("/index.html", index),
        Route("/search-index.{suffix:str}", _only("suffix", ("json", "js"), search_index)),
        Route("/documents/{name:str}.{suffix:str}", _only("suffix", ("html", "pdf", "xml"), document)),
        Route("/review/{name:str}.html", review),
        Route("/review-report.json", review_report),
        Route("/{name:str}.xml", _only("name", ("sitemap", "oai"), harvest)),
        Route("/assets/{name:str}", asset),
        # entity views: timeline.html, persons.html …, entity/ID.html and its card ID.js (404 when not made)
        Route("/entity/{name:str}.{suffix:str}", _only("suffix", ("html", "js"), entity_file)),
        Route("/{name:str}.html", entity_file),
        Route("/{path:path}", schema),  # last: anything else is a schema copy or 404
    ]


def _only(parameter: str, allowed: tuple[str, ...], endpoint: Endpoint) -> Endpoint:
    """``endpoint`` for the listed values of a path parameter; 404 for any other."""

    def guarded(request: Request) -> Response:
        if request.path_params[parameter] not in allowed:
            return PlainTextResponse("not found", status_code=404)
        return endpoint(request)

    return guarded


def _answer(data: bytes, suffix: str) -> Response:
    return Response(data, media_type=MEDIA_TYPES[suffix])


def _not_published(name: str, why: tuple[Diagnostic, ...] | None) -> Response:
    """A document that does not convert or validate: the editor sees why, the others' pages are unaffected."""
    if why is None:
        return PlainTextResponse("not found", status_code=404)
    lines = [f"{name}: not published, the TEI is not valid or the file does not read"]
    lines += [diagnostic.format() for diagnostic in why]
    return PlainTextResponse("\n".join(lines) + "\n", status_code=422)
