"""Distributed Text Services 1.0 (https://dtsapi.org/versions/v1.0) under ``/api/dts``.

- entry (``/api/dts/``): the URI templates of the three endpoints;
- collection: the edition (``edition``) holds one collection per archive
  (``archive:AVPRF``, from ``msIdentifier/repository``), which hold the
  documents as ``Resource``\\s (``@id`` = the document's name); ``page``
  paginates ``member``, ``nav=parents`` lists parents instead of children;
- navigation: the citable units of a document's citation trees
  (:mod:`encoder.server.citations`), with ``ref``/``start``/``end``/``down``/``tree``
  as the specification's table says (Level 1: ranges are supported);
- document: the whole TEI (with its ``refsDecl``), or a passage in a
  ``dts:wrapper``, as ``application/tei+xml`` with a ``Link`` to its collection.

Every URI and URI template in a response is absolute (built from the
request's base URL), so a generic client expands them (RFC 6570) and fetches
the result without resolving anything. Errors are the statuses the
specification gives (400 for a request that does not make sense, 404 for
what does not exist); it gives no error body, so the body is an RFC 9457
problem document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from lxml import etree
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from encoder.safexml import parse_xml_bytes
from encoder.server import citations
from encoder.server.citations import CitableUnit, CitationError, CitationTree
from encoder.server.corpus import LiveCorpus, Snapshot
from encoder.site import EditionDocument

BASE = "/api/dts"
CONTEXT = "https://dtsapi.org/context/v1.0.json"
DTS_VERSION = "1.0"
ROOT_ID = "edition"
ARCHIVE_PREFIX = "archive:"
UNKNOWN_ARCHIVE = "unknown"
TEI_MEDIA_TYPE = "application/tei+xml"
JSON_LD = "application/ld+json"
TEI = citations.TEI

COLLECTION_TEMPLATE = "/collection/{?id,page,nav}"
NAVIGATION_TEMPLATE = "/navigation/{?resource,ref,start,end,down,tree}"
DOCUMENT_TEMPLATE = "/document/{?resource,ref,start,end,tree,mediaType}"


def api_root(request: Request) -> str:
    """The API's absolute URL, from the request: every URI and template the API gives is absolute,
    so a client expands a template (RFC 6570) and fetches the result as it is."""
    return str(request.base_url).rstrip("/") + BASE


class DTSError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def _problem(error: DTSError) -> Response:
    titles = {400: "Bad Request", 404: "Not Found", 500: "Internal Server Error"}
    body = {"type": "about:blank", "title": titles.get(error.status, "Error"), "status": error.status}
    return Response(
        json.dumps(body | {"detail": error.detail}, ensure_ascii=False),
        status_code=error.status,
        media_type="application/problem+json",
    )


def _json_ld(data: dict[str, Any]) -> Response:
    return Response(json.dumps(data, ensure_ascii=False, indent=1), media_type=JSON_LD)


# ---- the corpus as collections ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Archive:
    identifier: str
    title: str
    documents: tuple[EditionDocument, ...]


def _text(document: EditionDocument, path: str) -> str:
    return (document.tree.getroot().findtext(path) or "").strip()


def archives(snapshot: Snapshot) -> list[Archive]:
    """The edition's documents grouped by the archive that holds the source (``msIdentifier/repository``)."""
    grouped: dict[str, list[EditionDocument]] = {}
    for document in snapshot.documents:
        repository = _text(document, f".//{TEI}sourceDesc//{TEI}msIdentifier/{TEI}repository") or UNKNOWN_ARCHIVE
        grouped.setdefault(repository, []).append(document)
    return [
        Archive(ARCHIVE_PREFIX + _slug(name), name if name != UNKNOWN_ARCHIVE else "", tuple(documents))
        for name, documents in sorted(grouped.items())
    ]


def _slug(name: str) -> str:
    """An archive's name as an identifier without spaces or reserved characters: ``PRC FMA`` → ``PRC-FMA``."""
    return re.sub(r"[^A-Za-z0-9._~-]+", "-", name).strip("-") or UNKNOWN_ARCHIVE


def _archive_of(groups: list[Archive], document: EditionDocument) -> Archive:
    return next(archive for archive in groups if document in archive.documents)


def _q(value: str) -> str:
    return quote(value, safe=":")


def _resource(api: str, document: EditionDocument, trees: Sequence[CitationTree]) -> dict[str, Any]:
    """A document as a DTS ``Resource`` (full metadata, so a client needs no second request)."""
    title = _text(document, f"{TEI}teiHeader/{TEI}fileDesc/{TEI}titleStmt/{TEI}title") or document.name
    # the title is in the language of the text it heads (the edition's: the translation's)
    language_of_text = document.tree.getroot().find(f"{TEI}text")
    lang = language_of_text.get(f"{{{citations.XML_NS}}}lang", "en") if language_of_text is not None else "en"
    dublin_core: dict[str, Any] = {"title": [{"lang": lang, "value": title}]}
    languages = [
        language.get("ident") for language in document.tree.getroot().iterfind(f".//{TEI}langUsage/{TEI}language")
    ]
    if languages:
        dublin_core["language"] = [language for language in languages if language]
    when = document.tree.getroot().find(f".//{TEI}profileDesc/{TEI}creation/{TEI}date")
    if when is not None and when.get("when"):
        dublin_core["date"] = when.get("when")
    abstract = document.tree.getroot().find(f".//{TEI}profileDesc/{TEI}abstract")
    resource: dict[str, Any] = {
        "@id": document.name,
        "@type": "Resource",
        "title": title,
        "totalParents": 1,
        "totalChildren": 0,
        "dublinCore": dublin_core,
        "collection": f"{api}/collection/?id={_q(document.name)}{{&nav}}",
        "navigation": f"{api}/navigation/?resource={_q(document.name)}{{&ref,start,end,down,tree}}",
        "document": f"{api}/document/?resource={_q(document.name)}{{&ref,start,end,tree,mediaType}}",
        "download": f"{api.removesuffix(BASE)}/documents/{_q(document.name)}.xml",
        "mediaTypes": [TEI_MEDIA_TYPE],
        "citationTrees": [_citation_tree_json(tree) for tree in trees],
    }
    if abstract is not None:
        resource["description"] = " ".join("".join(abstract.itertext()).split())
    return resource


def _citation_tree_json(tree: CitationTree) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "CitationTree"}
    if tree.identifier is not None:
        data["identifier"] = tree.identifier
    data["citeStructure"] = [_cite_structure_json(structure) for structure in tree.structures]
    return data


def _cite_structure_json(structure: citations.CiteStructure) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "CiteStructure", "citeType": structure.unit}
    if structure.children:
        data["citeStructure"] = [_cite_structure_json(child) for child in structure.children]
    return data


def _collection(
    api: str, identifier: str, title: str, parents: int, children: int, description: str = ""
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@id": identifier,
        "@type": "Collection",
        "title": title,
        "totalParents": parents,
        "totalChildren": children,
        "collection": f"{api}/collection/?id={_q(identifier)}{{&page,nav}}",
    }
    if description:
        data["description"] = description
    return data


# ---- one document's citation trees, cached by its content -----------------


@dataclass(frozen=True, slots=True)
class Citable:
    """A document as DTS serves it: the TEI with its declarations, its trees and their units."""

    tree: etree._ElementTree
    trees: tuple[CitationTree, ...]
    units: dict[str | None, list[CitableUnit]]  # tree identifier → units in document order


def _citable(document: EditionDocument) -> Citable:
    # from the published bytes, not the converter's tree: the TEI a client gets is the file's, to the whitespace
    served = citations.with_citation_trees(parse_xml_bytes(document.data, document.name))
    trees = tuple(citations.declared_trees(served))
    return Citable(served, trees, {tree.identifier: citations.resolve(served, tree) for tree in trees})


class CitableCache:
    def __init__(self, corpus: LiveCorpus) -> None:
        self._corpus = corpus
        self._known: dict[tuple[str, str], Citable] = {}

    def get(self, snapshot: Snapshot, document: EditionDocument) -> Citable:
        key = (document.name, snapshot.digest(document.name))
        if (known := self._known.get(key)) is not None:
            return known  # no waiting for the lock while another request converts or renders
        with self._corpus.lock:
            if key not in self._known:
                # one entry per document: the previous version's goes
                self._known = {k: v for k, v in self._known.items() if k[0] != document.name}
                self._known[key] = _citable(document)
            return self._known[key]


# ---- the endpoints -----------------------------------------------------------


def _one(request: Request, name: str) -> str | None:
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise DTSError(400, f"{name} is given {len(values)} times")
    return values[0] if values else None


def _int(request: Request, name: str, minimum: int) -> int | None:
    value = _one(request, name)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        raise DTSError(400, f"{name} must be an integer, not {value!r}") from None
    if number < minimum:
        raise DTSError(400, f"{name} must be at least {minimum}")
    return number


def _find_document(snapshot: Snapshot, resource: str | None) -> EditionDocument:
    if resource is None:
        raise DTSError(400, "the resource parameter is required")
    document = snapshot.document(resource)
    if document is None:
        raise DTSError(404, f"no resource {resource!r}")
    return document


def _page(
    items: list[dict[str, Any]], page: int | None, size: int, link: Callable[[int], str]
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """One page of ``items`` and its Pagination object; no pagination when everything fits and none was asked."""
    last = max(1, -(-len(items) // size))
    if page is None and last == 1:
        return items, None
    current = page or 1
    if current > last:
        raise DTSError(404, f"page {current} does not exist; the last page is {last}")
    view = {
        "@id": link(current),
        "@type": "Pagination",
        "first": link(1),
        "previous": link(current - 1) if current > 1 else None,
        "next": link(current + 1) if current < last else None,
        "last": link(last),
    }
    return items[(current - 1) * size : current * size], {key: value for key, value in view.items() if value}


def _collection_link(api: str, identifier: str | None, nav: str | None) -> Callable[[int], str]:
    def link(page: int) -> str:
        query = {"id": identifier} if identifier else {}
        if nav:
            query["nav"] = nav
        return f"{api}/collection/?{urlencode(query | {'page': str(page)})}"

    return link


def routes(corpus: LiveCorpus, page_size: int = 20) -> list[BaseRoute]:
    citable = CitableCache(corpus)
    latest_archives: dict[str, list[Archive]] = {}  # the latest snapshot's, by its fingerprint

    def archives_of(snapshot: Snapshot) -> list[Archive]:
        known = latest_archives.get(snapshot.fingerprint)
        if known is None:
            known = archives(snapshot)
            latest_archives.clear()
            latest_archives[snapshot.fingerprint] = known
        return known

    def guarded(endpoint: Callable[[Request], Response]) -> Callable[[Request], Response]:
        def answer(request: Request) -> Response:
            try:
                return endpoint(request)
            except DTSError as error:
                return _problem(error)
            except CitationError as error:
                # a hand-written refsDecl the resolver cannot follow: that document's problem only
                return _problem(DTSError(500, f"the document's citation structure cannot be resolved: {error}"))

        return answer

    def entry(request: Request) -> Response:
        api = api_root(request)
        return _json_ld(
            {
                "@context": CONTEXT,
                "dtsVersion": DTS_VERSION,
                "@id": f"{api}/",
                "@type": "EntryPoint",
                "collection": api + COLLECTION_TEMPLATE,
                "navigation": api + NAVIGATION_TEMPLATE,
                "document": api + DOCUMENT_TEMPLATE,
            }
        )

    def collection(request: Request) -> Response:
        identifier, nav = _one(request, "id"), _one(request, "nav")
        page = _int(request, "page", 1)
        if nav not in (None, "children", "parents"):
            raise DTSError(400, "nav must be children or parents")
        snapshot = corpus.snapshot()
        groups = archives_of(snapshot)
        api = api_root(request)
        root = _collection(api, ROOT_ID, "Archival translations: the tei-encoder edition", 0, len(groups))
        by_id = {group.identifier: group for group in groups}
        if identifier in (None, ROOT_ID):
            this, children, parents = root, [_group_json(api, group) for group in groups], []
        elif identifier in by_id:
            group = by_id[identifier]
            this = _group_json(api, group)
            children = [_resource(api, document, citable.get(snapshot, document).trees) for document in group.documents]
            parents = [root]
        else:
            document = snapshot.document(identifier or "")
            if document is None:
                raise DTSError(404, f"no collection or resource {identifier!r}")
            this = _resource(api, document, citable.get(snapshot, document).trees)
            children, parents = [], [_group_json(api, _archive_of(groups, document))]
        members = parents if nav == "parents" else children
        shown, view = _page(members, page, page_size, _collection_link(api, identifier, nav))
        body = {"@context": CONTEXT, "dtsVersion": DTS_VERSION, **this}
        if this["@type"] == "Collection":
            body["collection"] = (
                api + COLLECTION_TEMPLATE
            )  # a Resource keeps its own, as in the specification's examples
        if this["@type"] == "Collection" or shown:
            body["member"] = shown
        if view:
            body["view"] = view
        return _json_ld(body)

    def _group_json(api: str, group: Archive) -> dict[str, Any]:
        if not group.title:
            title, description = "Archive not named", "Documents whose source names no archive"
        else:
            title, description = group.title, f"Documents held by {group.title}"
        return _collection(api, group.identifier, title, 1, len(group.documents), description)

    def navigation(request: Request) -> Response:
        resource = _one(request, "resource")
        ref, start, end, tree_id = (_one(request, name) for name in ("ref", "start", "end", "tree"))
        down = _int(request, "down", -1)
        _check_reference_parameters(resource, ref, start, end)
        if down is None and ref is None and start is None:
            raise DTSError(400, "give ref, start and end, or down")
        if down == 0 and ref is None:
            raise DTSError(400, "down=0 asks for the siblings of a ref")
        snapshot = corpus.snapshot()
        document = _find_document(snapshot, resource)
        served = citable.get(snapshot, document)
        units = _tree_units(served, tree_id)
        body: dict[str, Any] = {
            "@context": CONTEXT,
            "dtsVersion": DTS_VERSION,
            "@type": "Navigation",
            "@id": str(request.url),
            "resource": _resource(api_root(request), document, served.trees),
        }
        body |= navigate(units, ref=ref, start=start, end=end, down=down)
        return _json_ld(body)

    def document_endpoint(request: Request) -> Response:
        resource = _one(request, "resource")
        ref, start, end, tree_id = (_one(request, name) for name in ("ref", "start", "end", "tree"))
        media_type = _one(request, "mediaType")
        _check_reference_parameters(resource, ref, start, end)
        snapshot = corpus.snapshot()
        document = _find_document(snapshot, resource)
        if media_type not in (None, TEI_MEDIA_TYPE):
            raise DTSError(404, f"{media_type!r} is not available; this server gives {TEI_MEDIA_TYPE}")
        served = citable.get(snapshot, document)
        # "tree MUST not have effects on the response if used without a ref, or a start and an end"
        units = _tree_units(served, tree_id) if ref is not None or start is not None else []
        result = document_passage(served.tree, units, ref=ref, start=start, end=end)
        data = etree.tostring(result, xml_declaration=True, encoding="UTF-8")
        link = f'<{api_root(request)}/collection/?id={_q(document.name)}>; rel="collection"'
        return Response(data, media_type=TEI_MEDIA_TYPE, headers={"Link": link})

    return [
        Route(f"{BASE}", guarded(entry)),
        Route(f"{BASE}/", guarded(entry)),
        Route(f"{BASE}/collection", guarded(collection)),
        Route(f"{BASE}/collection/", guarded(collection)),
        Route(f"{BASE}/navigation", guarded(navigation)),
        Route(f"{BASE}/navigation/", guarded(navigation)),
        Route(f"{BASE}/document", guarded(document_endpoint)),
        Route(f"{BASE}/document/", guarded(document_endpoint)),
    ]


def navigate(
    units: list[CitableUnit], *, ref: str | None, start: str | None, end: str | None, down: int | None
) -> dict[str, Any]:
    """The ``ref``/``start``/``end``/``member`` properties of a Navigation object, by the specification's
    table of ``down`` × ``ref`` × ``start``/``end`` (the 400 cases are checked before)."""
    body: dict[str, Any] = {}
    if ref is not None:
        unit = _unit(units, ref)
        body["ref"] = _unit_json(unit)
        members = None if down is None else _below(units, unit, unit, down, siblings=down == 0)
    elif start is not None and end is not None:
        first, last = _unit(units, start), _unit(units, end)
        _in_order(units, first, last)
        body["start"], body["end"] = _unit_json(first), _unit_json(last)
        members = None if down is None else _below(units, first, last, down, siblings=False)
    else:
        members = [unit for unit in units if down == -1 or (down is not None and unit.level <= down)]
    if members is not None:
        body["member"] = [_unit_json(unit) for unit in members]
    return body


def document_passage(
    tree: etree._ElementTree, units: list[CitableUnit], *, ref: str | None, start: str | None, end: str | None
) -> etree._ElementTree:
    """The Document endpoint's TEI: the whole document, or the passage ``ref`` or ``start``–``end``."""
    if ref is not None:
        unit = _unit(units, ref)
        return citations.passage(tree, units, unit, unit)
    if start is not None and end is not None:
        first, last = _unit(units, start), _unit(units, end)
        _in_order(units, first, last)
        return citations.passage(tree, units, first, last)
    return tree


def _check_reference_parameters(resource: str | None, ref: str | None, start: str | None, end: str | None) -> None:
    """The 400s both endpoints share: no resource; ref with start/end; start without end or end without start."""
    if resource is None:
        raise DTSError(400, "the resource parameter is required")
    if ref is not None and (start is not None or end is not None):
        raise DTSError(400, "ref cannot be used with start or end")
    if (start is None) != (end is None):
        raise DTSError(400, "start and end go together")


def _tree_units(served: Citable, tree_id: str | None) -> list[CitableUnit]:
    """The units of the tree asked for; the default tree is addressed by leaving ``tree`` out."""
    if tree_id is None and not served.trees:
        return []  # a resource without citation trees: empty members, never an error
    if tree_id not in served.units:
        raise DTSError(404, f"the resource has no citation tree {tree_id!r}")
    return served.units[tree_id]


def _unit(units: Sequence[CitableUnit], identifier: str) -> CitableUnit:
    found = next((unit for unit in units if unit.identifier == identifier), None)
    if found is None:
        raise DTSError(404, f"no citable unit {identifier!r} in this citation tree")
    return found


def _in_order(units: list[CitableUnit], first: CitableUnit, last: CitableUnit) -> None:
    if units.index(first) > units.index(last):
        raise DTSError(400, f"start {first.identifier!r} comes after end {last.identifier!r}")


def _below(
    units: list[CitableUnit], first: CitableUnit, last: CitableUnit, down: int, *, siblings: bool
) -> list[CitableUnit]:
    """The members the specification's table gives for ``down`` from a ref (first = last) or a range."""
    if siblings:
        return [unit for unit in units if unit.parent == first.parent and unit.level == first.level]
    deepest = max(first.level, last.level)
    span = units[units.index(first) : units.index(citations.subtree_end(units, last)) + 1]
    return [unit for unit in span if down == -1 or unit.level <= deepest + down]


def _unit_json(unit: CitableUnit) -> dict[str, Any]:
    data: dict[str, Any] = {
        "identifier": unit.identifier,
        "@type": "CitableUnit",
        "level": unit.level,
        "parent": unit.parent,
        "citeType": unit.cite_type,
    }
    return data


__all__ = ["BASE", "CitationError", "DTSError", "routes"]
