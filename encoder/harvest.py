"""What harvesters and crawlers read from a built site: ``sitemap.xml`` and an OAI-PMH static repository.

Both need absolute addresses and dates, which only the edition knows
(``tei/edition.toml``: ``site-url``, ``updated``, and ``contact`` for OAI-PMH's
``adminEmail``); without them the build leaves these files out and says why.

``oai.xml`` follows the OAI-PMH 2.0 *Static Repository* specification: one
XML file holding Identify, ListMetadataFormats and a ListRecords per format
(``oai_dc`` and ``mods``). A Static Repository Gateway answers the protocol's
requests for it; :mod:`encoder.oai_gateway` is a small one.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlparse

from lxml import etree

from encoder.xml_streaming import Build, pretty_xml_chunks

if TYPE_CHECKING:
    from encoder.edition import EditionConfig


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
STATIC_NS = "http://www.openarchives.org/OAI/2.0/static-repository"
OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

# metadataPrefix → (schema, namespace): the formats the site's records come in.
FORMATS = {
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", "http://www.openarchives.org/OAI/2.0/oai_dc/"),
    "mods": ("http://www.loc.gov/standards/mods/v3/mods-3-8.xsd", "http://www.loc.gov/mods/v3"),
}


@dataclass(frozen=True, slots=True)
class HarvestRecord:
    """One document as harvesters see it: its name, page, and records per metadata format."""

    name: str
    page: str  # relative to the site root: documents/NAME.html
    records: dict[str, bytes]  # metadataPrefix → the record's XML


SITEMAP_NEEDS = ("site-url", "updated")
OAI_NEEDS = ("site-url", "updated", "contact")


def missing(edition: EditionConfig | None, keys: tuple[str, ...]) -> list[str]:
    """The ``edition.toml`` keys a file needs and the edition does not give."""
    return list(keys) if edition is None else edition.missing(keys)


def sitemap(edition: EditionConfig, pages: Sequence[str]) -> bytes:
    """The sitemaps.org document listing the index and every page, with the edition's last update."""
    return b"".join(sitemap_chunks(edition, pages))


def sitemap_chunks(edition: EditionConfig, pages: Iterable[str]) -> Iterator[bytes]:
    """:func:`sitemap` in pieces, a page at a time (:mod:`encoder.xml_streaming`)."""
    assert edition.site_url is not None and edition.updated is not None
    site_url, updated = edition.site_url, edition.updated
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS})

    def entry(page: str) -> Build:
        def build(parent: etree._Element) -> None:
            url = etree.SubElement(parent, f"{{{SITEMAP_NS}}}url")
            etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = _absolute(site_url, page)
            etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = updated

        return build

    return pretty_xml_chunks(root, [root], lambda _: map(entry, itertools.chain([""], pages)))


def oai_identifier(edition: EditionConfig, name: str) -> str:
    """``oai:HOST:NAME``: the OAI identifier scheme, with the site's host as the namespace."""
    assert edition.site_url is not None
    return f"oai:{urlparse(edition.site_url).hostname}:{name}"


def static_repository(edition: EditionConfig, title: str, records: Sequence[HarvestRecord]) -> bytes:
    """The site's OAI-PMH static repository (``oai.xml``)."""
    return b"".join(static_repository_chunks(edition, title, lambda prefix: records))


def static_repository_chunks(
    edition: EditionConfig, title: str, records: Callable[[str], Iterable[HarvestRecord]]
) -> Iterator[bytes]:
    """:func:`static_repository` in pieces, a record at a time (:mod:`encoder.xml_streaming`):
    ``records(prefix)`` gives the documents' records (those of ``prefix`` at least), once per
    metadata format, in the same order each time."""
    assert edition.site_url is not None and edition.updated is not None and edition.contact is not None
    oai = f"{{{OAI_NS}}}"
    # The records' namespace (OAI) is the default one, the repository's has a prefix: a
    # gateway then copies records into its responses without redeclaring namespaces.
    root = etree.Element(f"{{{STATIC_NS}}}Repository", nsmap={"sr": STATIC_NS, None: OAI_NS, "xsi": XSI_NS})
    root.set(
        f"{{{XSI_NS}}}schemaLocation",
        f"{STATIC_NS} http://www.openarchives.org/OAI/2.0/static-repository.xsd",
    )
    identify = etree.SubElement(root, f"{{{STATIC_NS}}}Identify")
    for tag, value in (
        ("repositoryName", title),
        ("baseURL", _absolute(edition.site_url, "oai.xml")),
        ("protocolVersion", "2.0"),
        ("adminEmail", edition.contact),
        ("earliestDatestamp", edition.updated),
        ("deletedRecord", "no"),
        ("granularity", "YYYY-MM-DD"),
    ):
        etree.SubElement(identify, oai + tag).text = value
    formats = etree.SubElement(root, f"{{{STATIC_NS}}}ListMetadataFormats")
    for prefix, (schema, namespace) in FORMATS.items():
        entry = etree.SubElement(formats, oai + "metadataFormat")
        etree.SubElement(entry, oai + "metadataPrefix").text = prefix
        etree.SubElement(entry, oai + "schema").text = schema
        etree.SubElement(entry, oai + "metadataNamespace").text = namespace
    prefixes = list(FORMATS)
    listings = [etree.SubElement(root, f"{{{STATIC_NS}}}ListRecords", metadataPrefix=prefix) for prefix in prefixes]
    updated = edition.updated

    def record_entry(record: HarvestRecord, prefix: str) -> Build:
        def build(listing: etree._Element) -> None:
            entry = etree.SubElement(listing, oai + "record")
            header = etree.SubElement(entry, oai + "header")
            etree.SubElement(header, oai + "identifier").text = oai_identifier(edition, record.name)
            etree.SubElement(header, oai + "datestamp").text = updated
            metadata = etree.SubElement(entry, oai + "metadata")
            metadata.append(etree.fromstring(record.records[prefix]))

        return build

    def entries(number: int) -> Iterator[Build]:
        prefix = prefixes[number]
        return (record_entry(record, prefix) for record in records(prefix))

    return pretty_xml_chunks(root, listings, entries)


def _absolute(site_url: str, page: str) -> str:
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base + quote(page)
