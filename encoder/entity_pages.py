"""The edition's entity views: index pages of persons, places and
organisations, one page per entity, the timeline, the reading view's cards
and the index's facets.

The names come from the converter's tagging (``persName``/``placeName``/
``orgName`` with ``@ref="registers.xml#person-kim-il-sung"``) and the
register ``tei/registers.xml``, read as the converter reads it
(:mod:`encoder.registers`: one reader, one :class:`~encoder.registers.Entry`
per person, place and organisation, with its preferred name, variants,
``idno`` and ``note``); the views take from it what their pages show.

The site never keeps the documents' trees for these pages: while it renders
each document it asks :func:`document_record` for a small record (title,
date, the names and dates in the text with their anchors), and at the end
:func:`site_pages` turns the register and the records into pages. Every
function here is pure: same register and records, same bytes.

Decisions (docs/views.md says them to readers):

- A name without ``@ref`` is *unregistered*: it gets no page and no card; the
  index page of its kind lists it in a section of its own, with its documents.
- A name whose ``@ref`` points to an id the register lacks still gets its page
  (marked "missing from the register") so no link is broken, and the build
  warns (``ENTITY-NOT-REGISTERED``).
- Without a register file there are no entity pages and no cards; the
  timeline is written either way.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from encoder import patterns
from encoder.errors import Diagnostic, InputError, Severity, TransformError
from encoder.registers import REGISTER_FILE as REGISTER_FILE  # one name for the file: converter and views
from encoder.registers import Entry, Idno, load_register
from encoder.registers import Kind as Kind  # the views name kinds and registers as the converter does
from encoder.registers import Register as Register
from encoder.safexml import parse_xml_bytes
from encoder.views import Renderer

ENTITY_FOLDER = "entity"  # entity/ID.html, the page; entity/ID.js, its card
TIMELINE_PAGE = "timeline.html"
PUBLISHED_REGISTER = f"documents/{REGISTER_FILE}"

TEI = "{http://www.tei-c.org/ns/1.0}"
ENTITIES_NS = "urn:x-tei-encoder:entities"
E = f"{{{ENTITIES_NS}}}"

CARD_DOCUMENTS = 20  # a card lists this many documents that name its entity; its page lists them all

# The site's index page of each kind (their titles are interface words: xslt/common/labels.xsl).
INDEX_PAGES: dict[Kind, str] = {Kind.PERSON: "persons.html", Kind.PLACE: "places.html", Kind.ORG: "organisations.html"}

# Authority files the card and the entity page link to, and the shape an
# identifier must have to become a link (anything else is shown as text).
AUTHORITY_LINKS: dict[str, tuple[re.Pattern[str], str]] = {
    "wikidata": (patterns.compile(r"Q[1-9][0-9]*"), "https://www.wikidata.org/wiki/{}"),
    "viaf": (patterns.compile(r"[1-9][0-9]*"), "https://viaf.org/viaf/{}"),
    "geonames": (patterns.compile(r"[1-9][0-9]*"), "https://www.geonames.org/{}"),
}
WEB_ADDRESS = patterns.compile(r"https://[^\s\"'<>]+")
PARTIAL_DATE = patterns.compile(r"(?P<year>[0-9]{4})(?:-(?P<month>0[1-9]|1[0-2]))?(?:-[0-9]{2})?")


@dataclass(frozen=True, slots=True)
class Authority:
    source: str  # the idno's @type: Wikidata, VIAF, GeoNames, …
    identifier: str
    url: str  # empty when the identifier is no link we can make safely


@dataclass(frozen=True, slots=True)
class Mention:
    kind: Kind
    ref: str  # the register id; empty for an unregistered name
    text: str  # the spelling in the text
    anchor: str  # id of the name in the reading view; empty inside a footnote


@dataclass(frozen=True, slots=True)
class NamedDate:
    when: str
    text: str


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """What the entity views need of one document; kept instead of its tree."""

    id: str
    url: str  # site-relative: documents/NAME.html
    title: str
    date: str
    when: str
    lang: str
    mentions: tuple[Mention, ...] = ()
    dates: tuple[NamedDate, ...] = ()

    def sort_key(self) -> tuple[bool, str, str, str]:
        """Date order, undated last: as the index and the search index list documents."""
        return (self.when == "", self.when, self.title, self.id)


# ---- reading ---------------------------------------------------------------


def register_path(tei_dir: Path) -> Path:
    """The register the converter links names to: the one ``edition.toml`` names, else
    ``registers.xml`` beside it. An ``edition.toml`` that does not read names none here: the
    build reports it where it reads the edition's settings."""
    from encoder.edition import EDITION_FILE, load_edition
    from encoder.edition import register_path as edition_register_path

    edition_file = tei_dir / EDITION_FILE
    if edition_file.is_file():
        try:
            named = edition_register_path(load_edition(edition_file), edition_file)
        except InputError:
            named = None
        if named is not None:
            return named
    return tei_dir / REGISTER_FILE


def register_names(tei_dir: Path) -> frozenset[str]:
    """The corpus files that are registers, not documents of the edition ('/'-separated, relative to
    ``tei_dir``): ``registers.xml`` and the register ``edition.toml`` names."""
    named = register_path(tei_dir)
    try:
        return frozenset({REGISTER_FILE, named.resolve().relative_to(tei_dir.resolve()).as_posix()})
    except (ValueError, OSError):
        return frozenset({REGISTER_FILE})


def site_register(tei_dir: Path, diagnostics: list[Diagnostic], *, live: bool = False) -> Register | None:
    """The edition's register (:func:`encoder.registers.load_register`, as the converter reads it:
    :func:`register_path`), or None when there is none.

    ``live`` is the server's mode (as :func:`encoder.site.collect_documents`'):
    a register that does not read is reported and the site goes on without
    entity pages, and a register that resolves outside ``tei_dir`` is never read."""
    path = register_path(tei_dir)
    if not path.is_file():
        return None
    if live and not path.resolve().is_relative_to(tei_dir.resolve()):
        return None
    try:
        return load_register(path)
    except InputError as error:
        if not live:
            raise
        diagnostics.extend(error.diagnostics)
        return None


def authority(idno: Idno) -> Authority:
    """An ``idno``: a link when it is a web address or an identifier of a known authority file."""
    source, identifier = idno.type, idno.value
    if WEB_ADDRESS.fullmatch(identifier):
        return Authority(source, identifier, identifier)
    pattern, template = AUTHORITY_LINKS.get(source.lower(), (None, ""))
    if pattern is not None and pattern.fullmatch(identifier):
        return Authority(source, identifier, template.format(identifier))
    return Authority(source, identifier, "")


def document_record(renderer: Renderer, document_id: str, url: str, tree: etree._ElementTree) -> DocumentRecord:
    """The document's small record, read with the views' own functions (xslt/entity-record.xsl),
    so titles, dates and anchors are those of the pages."""
    root = parse_xml_bytes(
        renderer.transform("entity-record", tree).encode(), f"{document_id} (entity record)"
    ).getroot()
    return DocumentRecord(
        id=document_id,
        url=url,
        title=root.get("title", ""),
        date=root.get("date", ""),
        when=root.get("when", ""),
        lang=root.get("lang", ""),
        mentions=tuple(
            Mention(Kind(name.get("kind", "")), name.get("ref", ""), name.text or "", name.get("anchor", ""))
            for name in root.iterchildren(f"{E}name")
            if name.text
        ),
        dates=tuple(NamedDate(date.get("when", ""), date.text or "") for date in root.iterchildren(f"{E}date")),
    )


def record_fields(record: DocumentRecord) -> dict[str, Any]:
    """The record as JSON-ready fields: ``build`` keeps it in its manifest, not the document's tree."""
    return dataclasses.asdict(record)


def record_from_fields(fields: Mapping[str, Any]) -> DocumentRecord:
    """The record again from :func:`record_fields`' output (read back from a build manifest)."""
    return DocumentRecord(
        **{key: value for key, value in fields.items() if key not in ("mentions", "dates")},
        mentions=tuple(
            Mention(_KINDS[mention["kind"]], mention["ref"], mention["text"], mention["anchor"])
            for mention in fields.get("mentions", ())
        ),
        dates=tuple(NamedDate(date["when"], date["text"]) for date in fields.get("dates", ())),
    )


_KINDS = {kind.value: kind for kind in Kind}  # a dict is faster than Kind(value), 100,000 times a rebuild


# ---- grouping --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Occurrences:
    """Where one entity is named: document → its mentions. An entity not ``registered`` is an id
    the texts name and the register lacks: its entry is made of the first spelling found."""

    entity: Entry
    documents: tuple[tuple[DocumentRecord, tuple[Mention, ...]], ...]
    registered: bool = True


def entity_occurrences(register: Register, records: Sequence[DocumentRecord]) -> dict[str, Occurrences]:
    """Every entity of the register, and every id named in a text but missing from it, with its documents."""
    named: dict[str, dict[str, list[Mention]]] = defaultdict(lambda: defaultdict(list))
    by_id = {record.id: record for record in records}
    for record in records:
        for mention in record.mentions:
            if mention.ref:
                named[mention.ref][record.id].append(mention)
    entities = {entry.identifier: entry for entry in register.entries}
    for ref in sorted(set(named) - set(entities)):
        first = next(
            mention for record in sorted(records, key=DocumentRecord.sort_key) for mention in named[ref][record.id]
        )
        entities[ref] = Entry(ref, first.kind, (first.text,))
    return {
        entity_id: Occurrences(
            entity,
            tuple(
                (by_id[document_id], tuple(mentions))
                for document_id, mentions in sorted(
                    named[entity_id].items(), key=lambda item: by_id[item[0]].sort_key()
                )
            ),
            registered=register.entry(entity_id) is not None,
        )
        for entity_id, entity in sorted(entities.items())
    }


def unregistered_names(
    records: Sequence[DocumentRecord], kind: Kind
) -> dict[str, list[tuple[DocumentRecord, Mention]]]:
    """Names of ``kind`` without @ref, by spelling (case and spacing folded), with the documents."""
    spellings: dict[str, list[tuple[DocumentRecord, Mention]]] = defaultdict(list)
    for record in sorted(records, key=DocumentRecord.sort_key):
        for mention in record.mentions:
            if mention.kind == kind and not mention.ref:
                spellings[mention.text.casefold()].append((record, mention))
    return dict(sorted(spellings.items()))


def _name_order(entity: Entry) -> tuple[str, str]:
    return (entity.preferred.casefold(), entity.identifier)


def unregistered_refs(register: Register, records: Sequence[DocumentRecord]) -> list[Diagnostic]:
    return [
        Diagnostic(
            "ENTITY-NOT-REGISTERED",
            Severity.WARNING,
            f"{record.id} names {mention.ref!r} ({mention.text}), which {Path(register.path).name} lacks",
            record.url,
        )
        for record in sorted(records, key=lambda record: record.id)
        for mention in record.mentions
        if mention.ref and register.entry(mention.ref) is None
    ]


# ---- the stylesheets' input (lxml builders) --------------------------------


def _element(tag: str, parent: etree._Element | None = None, text: str = "", **attributes: str) -> etree._Element:
    element = (
        etree.SubElement(parent, E + tag, attributes)
        if parent is not None
        else etree.Element(E + tag, attributes, nsmap={"e": ENTITIES_NS})
    )
    if text:
        element.text = text
    return element


def _document(parent: etree._Element, record: DocumentRecord, tag: str = "document") -> etree._Element:
    return _element(
        tag, parent, url=record.url, title=record.title, date=record.date, when=record.when, lang=record.lang
    )


def _names(parent: etree._Element, entity: Entry) -> None:
    _element("preferred", parent, entity.preferred)
    for spelling, subtype in entity.variants:
        _element("variant", parent, spelling, subtype=subtype)


def entity_page_source(occurrences: Occurrences) -> etree._Element:
    entity = occurrences.entity
    root = _element(
        "entity", id=entity.identifier, kind=entity.kind, registered="yes" if occurrences.registered else "no"
    )
    _names(root, entity)
    for found in map(authority, entity.idnos):
        _element("authority", root, source=found.source, identifier=found.identifier, url=found.url)
    if entity.note:
        _element("note", root, entity.note)
    for record, mentions in occurrences.documents:
        _mentioned_in(root, record, mentions)
    return root


def _mentioned_in(parent: etree._Element, record: DocumentRecord, mentions: Sequence[Mention]) -> None:
    document = _document(parent, record)
    for mention in mentions:
        _element("mention", document, mention.text, anchor=mention.anchor)


PAGE_ROWS_AT_ONCE = 100  # an entity page's documents one transformation lists: Saxon's memory, not the corpus's


def entity_page(renderer: Renderer, occurrences: Occurrences) -> bytes:
    """``entity/ID.html``. The page of an entity named in more than :data:`PAGE_ROWS_AT_ONCE`
    documents (one named in every document lists the whole corpus) is made as a frame without its
    list of documents (entity-page.xsl), whose items are made that many at a time
    (entity-page-rows.xsl) and put into the empty list: the same bytes, without one tree of them all."""
    documents = occurrences.documents
    if len(documents) <= PAGE_ROWS_AT_ONCE:
        return _html(renderer, "entity-page", entity_page_source(occurrences), 1, True)
    frame = entity_page_source(dataclasses.replace(occurrences, documents=()))
    frame.set("documents", str(len(documents)))
    page = _html(renderer, "entity-page", frame, 1, True).decode()
    # the list is the page's last: a note or a name could hold the same text in an attribute
    head, hole, tail = page.rpartition(_EMPTY_DOCUMENT_LIST)
    if not hole:
        raise TransformError("entity-page view: the page's frame has no list of documents")
    items = [head, _EMPTY_DOCUMENT_LIST.removesuffix("</ol>")]
    for start in range(0, len(documents), PAGE_ROWS_AT_ONCE):
        rows = _element("rows")
        for record, mentions in documents[start : start + PAGE_ROWS_AT_ONCE]:
            _mentioned_in(rows, record, mentions)
        made = parse_xml_bytes(_html(renderer, "entity-page-rows", rows, 1, True), "entity page items")
        items.extend(row.text or "" for row in made.getroot().iterchildren(f"{E}row"))
    items.append("</ol>" + tail)
    return "".join(items).encode()


_EMPTY_DOCUMENT_LIST = '<ol class="entity-documents"></ol>'


def entity_page_digest(occurrences: Occurrences) -> str:
    """The hash of what :func:`entity_page_source` makes the page from (keep the two in step), got
    without building the page's tree: a rebuild asks it of every entity to find the few pages to make
    again, and the tree of an entity named in every document is as big as the corpus's mentions."""
    fields = [
        dataclasses.astuple(occurrences.entity),
        occurrences.registered,
        [
            [record.url, record.title, record.date, record.when, record.lang, [[m.text, m.anchor] for m in mentions]]
            for record, mentions in occurrences.documents
        ],
    ]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()


def entity_index_source(
    kind: Kind, occurrences: Iterable[Occurrences], records: Sequence[DocumentRecord]
) -> etree._Element:
    root = _element("index", kind=kind)
    for found in sorted((o for o in occurrences if o.entity.kind == kind), key=lambda o: _name_order(o.entity)):
        entry = _element(
            "entity",
            root,
            id=found.entity.identifier,
            registered="yes" if found.registered else "no",
            documents=str(len(found.documents)),
        )
        _names(entry, found.entity)
    unregistered = unregistered_names(records, kind)
    if unregistered:
        section = _element("unregistered", root)
        for found_in in unregistered.values():
            name = _element("name", section, found_in[0][1].text)
            for record, mention in found_in:
                _element("mention", _document(name, record), mention.text, anchor=mention.anchor)
    return root


TimelineEntry = tuple[DocumentRecord, NamedDate | None]  # a document written then, or a date its text names


def timeline_source(records: Sequence[DocumentRecord]) -> etree._Element:
    """Years and months, each with the documents written then and the dates the texts name in it."""
    months, undated = _timeline(records)
    root = _element("timeline")
    years: dict[str, etree._Element] = {}
    for (year, month), entries in months:
        if year not in years:
            years[year] = _element("year", root, value=year)
        month_element = _element("month", years[year], value=month)
        for record, named in entries:
            _timeline_entry(month_element, record, named)
    if undated:
        section = _element("undated", root)
        for record in undated:
            _document(section, record)
    return root


def _timeline(
    records: Sequence[DocumentRecord],
) -> tuple[list[tuple[tuple[str, str], list[TimelineEntry]]], list[DocumentRecord]]:
    """The timeline's months in order, each with its entries in order (the documents by date, each
    date a text names by that date), and the undated documents."""
    months: dict[tuple[str, str], list[tuple[str, TimelineEntry]]] = defaultdict(list)
    undated: list[DocumentRecord] = []
    for record in sorted(records, key=DocumentRecord.sort_key):
        key = _month(record.when)
        if key is None:
            undated.append(record)
            continue
        months[key].append((f"0{record.when}", (record, None)))
        for named in record.dates:
            named_key = _month(named.when)
            if named_key is not None:
                months[named_key].append((f"1{named.when}", (record, named)))
    ordered = [
        (key, [entry for _, entry in sorted(entries, key=lambda item: item[0])])
        for key, entries in sorted(months.items())
    ]
    return ordered, undated


def _timeline_entry(parent: etree._Element, record: DocumentRecord, named: NamedDate | None) -> None:
    if named is None:
        _document(parent, record)
    else:
        _element(
            "named-date",
            parent,
            named.text or named.when,
            when=named.when,
            url=record.url,
            title=record.title,
            lang=record.lang,
        )


TIMELINE_ROWS_AT_ONCE = 100  # the timeline's entries one transformation lists: Saxon's memory, not the corpus's


def timeline_page(renderer: Renderer, records: Sequence[DocumentRecord], has_register: bool) -> bytes:
    """``timeline.html``. With more than :data:`TIMELINE_ROWS_AT_ONCE` entries it is made as a frame
    whose lists are empty (timeline.xsl: each month says how many entries it has), and the lists'
    items are made that many at a time (timeline-rows.xsl) and put into them in order: the same
    bytes, without one tree of every document."""
    months, undated = _timeline(records)
    if sum(len(entries) for _, entries in months) + len(undated) <= TIMELINE_ROWS_AT_ONCE:
        return _html(renderer, "timeline", timeline_source(records), 0, has_register)
    frame = _element("timeline")
    lists: list[tuple[str, list[TimelineEntry]]] = []  # each empty list of the frame, in order, and its items
    years: dict[str, etree._Element] = {}
    for (year, month), entries in months:
        if year not in years:
            years[year] = _element("year", frame, value=year)
        month_element = _element("month", years[year], value=month)
        documents = [entry for entry in entries if entry[1] is None]
        named = [entry for entry in entries if entry[1] is not None]
        for attribute, members, empty in (
            ("documents", documents, _EMPTY_TIMELINE_DOCUMENTS),
            ("named-dates", named, _EMPTY_NAMED_DATES),
        ):
            if members:
                month_element.set(attribute, str(len(members)))
                lists.append((empty, members))
    if undated:
        _element("undated", frame)
        lists.append((_EMPTY_TIMELINE_DOCUMENTS, [(record, None) for record in undated]))
    page = _html(renderer, "timeline", frame, 0, has_register).decode()
    items = _rendered_rows(renderer, "timeline-rows", [entry for _, entries in lists for entry in entries])
    pieces: list[str] = []
    position = 0
    for empty, entries in lists:
        # the frame's text before its lists is its years, months and labels: an empty list is the next one
        found = page.find(empty, position)
        if found < 0:
            raise TransformError("timeline view: the page's frame lacks one of its lists")
        inside = found + empty.index("></") + 1  # between the list's start tag and its end tag
        pieces.append(page[position:inside])
        pieces.extend(itertools.islice(items, len(entries)))
        position = inside
    pieces.append(page[position:])
    return "".join(pieces).encode()


_EMPTY_TIMELINE_DOCUMENTS = '<ol class="timeline-documents"></ol>'
_EMPTY_NAMED_DATES = "<ul></ul>"


def _rendered_rows(renderer: Renderer, stylesheet: str, entries: Sequence[TimelineEntry]) -> Iterator[str]:
    """The timeline's list items of ``entries``, :data:`TIMELINE_ROWS_AT_ONCE` made at a time."""
    for start in range(0, len(entries), TIMELINE_ROWS_AT_ONCE):
        rows = _element("rows")
        for record, named in entries[start : start + TIMELINE_ROWS_AT_ONCE]:
            _timeline_entry(rows, record, named)
        made = parse_xml_bytes(_html(renderer, stylesheet, rows, 0, True), "timeline items")
        yield from (row.text or "" for row in made.getroot().iterchildren(f"{E}row"))


def _month(when: str) -> tuple[str, str] | None:
    """("1965", "02") of an ISO date, ("1965", "") of a year; None for no date."""
    matched = PARTIAL_DATE.match(when)  # a year before the common era ("-0500") is no month of this timeline
    return (matched["year"], matched["month"] or "") if matched else None


def facets_source(occurrences: Mapping[str, Occurrences], records: Sequence[DocumentRecord]) -> etree._Element:
    """The index page's person and place facets: the entities and each document's."""
    root = _element("facets")
    for found in sorted(occurrences.values(), key=lambda o: (o.entity.kind, *_name_order(o.entity))):
        if found.entity.kind in (Kind.PERSON, Kind.PLACE) and found.documents:
            _element("entity", root, found.entity.preferred, id=found.entity.identifier, kind=found.entity.kind)
    for record in sorted(records, key=lambda record: record.id):
        named = {kind: sorted({m.ref for m in record.mentions if m.ref and m.kind == kind}) for kind in Kind}
        _element(
            "document", root, id=record.id, persons=" ".join(named[Kind.PERSON]), places=" ".join(named[Kind.PLACE])
        )
    return root


def card_script(found: Occurrences) -> bytes:
    """``entity/ID.js``: the entity's card, which the reading view loads when a reader opens it, as a
    script (browsers refuse fetch() on file://). Links are site-relative; the reading view resolves
    them against the entity page's URL. A page loads only the cards its reader opens: one file with
    every card would be loaded whole by every page (3.5 MB at 2,000 entities and 1,000 documents).
    The card lists the first :data:`CARD_DOCUMENTS` documents and counts them all: the entity's
    page lists every one (a card listing the 1,000 documents that name Kim Il Sung would weigh 230 KB)."""
    entity = found.entity
    card = {
        "kind": entity.kind.value,
        "name": entity.preferred,
        "variants": [spelling for spelling, _ in entity.variants],
        "authorities": [{"source": a.source, "id": a.identifier, "url": a.url} for a in map(authority, entity.idnos)],
        "note": entity.note,
        "registered": found.registered,
        "page": f"{ENTITY_FOLDER}/{entity.identifier}.html",
        "documents": [{"title": record.title, "url": record.url} for record, _ in found.documents[:CARD_DOCUMENTS]],
        "documentCount": len(found.documents),
    }
    key = json.dumps(entity.identifier, ensure_ascii=False)
    data = json.dumps(card, ensure_ascii=False, sort_keys=True, indent=1)
    return f"(window.teiEditionEntities = window.teiEditionEntities || {{}})[{key}] = {data};\n".encode()


# ---- the pages -------------------------------------------------------------


def _html(renderer: Renderer, stylesheet: str, source: etree._Element, depth: int, has_register: bool) -> bytes:
    root = "../" * depth
    parameters = {
        "assets-href": f"{root}assets/",
        "site-root-href": root,
        "entity-index-pages": "yes" if has_register else "",
    }
    return renderer.transform(stylesheet, source, parameters).encode()


@dataclass(frozen=True, slots=True)
class EntityViews:
    """What the entity views add to a site: their files, and what the other pages need to know."""

    has_register: bool  # the reading view links names to entity pages
    pages: Mapping[str, bytes]  # site-relative path → bytes
    index_parameters: Mapping[str, str | etree._Element]


# ``have(path, source)``: the caller already has the entity page ``path`` made from a source
# of this digest (a build carries it over from the previous site), so it is not rendered again.
HavePage = Callable[[str, str], bool]


def entity_views(
    renderer: Renderer,
    register: Register | None,
    records: Sequence[DocumentRecord],
    diagnostics: list[Diagnostic],
    *,
    have: HavePage | None = None,
) -> EntityViews:
    """The entity views of a whole site (``build`` writes them; ``serve`` answers with them)."""
    occurrences = entity_occurrences(register, records) if register is not None else {}
    return EntityViews(
        register is not None,
        site_pages(renderer, register, records, diagnostics, have=have, occurrences=occurrences),
        index_parameters(register, records, occurrences),
    )


def site_pages(
    renderer: Renderer,
    register: Register | None,
    records: Sequence[DocumentRecord],
    diagnostics: list[Diagnostic],
    *,
    have: HavePage | None = None,
    occurrences: Mapping[str, Occurrences] | None = None,
) -> dict[str, bytes]:
    """Site-relative path → bytes: every page of :func:`iter_site_pages`, at once."""
    return dict(iter_site_pages(renderer, register, records, diagnostics, have=have, occurrences=occurrences))


def iter_site_pages(
    renderer: Renderer,
    register: Register | None,
    records: Sequence[DocumentRecord],
    diagnostics: list[Diagnostic],
    *,
    have: HavePage | None = None,
    occurrences: Mapping[str, Occurrences] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """(site-relative path, bytes), a page at a time (a build writes each and lets it go): the
    timeline always; with a register also the three index pages, and a page and a card per entity.
    An entity page ``have`` says the caller has is left out: rendering the pages of every entity
    is most of a rebuild after one document changed, which changes the sources of only the
    entities that document names. ``occurrences``: :func:`entity_occurrences`, if known."""
    yield TIMELINE_PAGE, timeline_page(renderer, records, register is not None)
    if register is None:
        return
    diagnostics.extend(unregistered_refs(register, records))
    if occurrences is None:
        occurrences = entity_occurrences(register, records)
    for kind, index_page in INDEX_PAGES.items():
        yield (
            index_page,
            _html(renderer, "entity-index", entity_index_source(kind, occurrences.values(), records), 0, True),
        )
    for entity_id, found in occurrences.items():
        path = f"{ENTITY_FOLDER}/{entity_id}.html"
        if have is None or not have(path, entity_page_digest(found)):
            yield path, entity_page(renderer, found)
        yield f"{ENTITY_FOLDER}/{entity_id}.js", card_script(found)
    # the documents' TEI points to ``registers.xml#ID`` beside it: the published copy resolves those links
    yield PUBLISHED_REGISTER, register.data


def index_parameters(
    register: Register | None,
    records: Sequence[DocumentRecord],
    occurrences: Mapping[str, Occurrences] | None = None,
) -> dict[str, str | etree._Element]:
    """The site index's parameters for the entity views: navigation and facets."""
    if register is None:
        return {}
    if occurrences is None:
        occurrences = entity_occurrences(register, records)
    return {"entity-index-pages": "yes", "entity-facets": facets_source(occurrences, records)}
