"""Library crosswalks (``xslt/mods.xsl``, ``dc.xsl``, ``mets.xsl`` via :mod:`encoder.crosswalks`).

Every output is validated offline with xmlschema: MODS 3.8, METS 1.12.1 and
XLink from ``../shared/library-reference/`` (missing: the tests fail, never
skip), oai_dc from ``schema/library/``. Schemas load with ``allow="local"``,
so xmlschema refuses any remote URL instead of fetching it. Then the content
that matters is compared with the TEI it came from.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
import xmlschema
from conftest import TEI_DIR, TRANSCRIPTS
from lxml import etree

from encoder import crosswalks
from encoder.crosswalks import FileEntry, FileUse
from encoder.errors import UsageError
from encoder.safexml import parse_xml_file
from encoder.views import get_renderer

FIXTURES = Path(__file__).parent / "fixtures" / "crosswalks"

CORPUS = sorted(path for path in TEI_DIR.glob("*.xml") if path.name != "registers.xml")  # the register is no document
INVENTED = sorted(FIXTURES.glob("*.xml"))
DOCUMENTS = CORPUS + INVENTED

NS = {
    "tei": "http://www.tei-c.org/ns/1.0",
    "mods": "http://www.loc.gov/mods/v3",
    "mets": "http://www.loc.gov/METS/",
    "xlink": "http://www.w3.org/1999/xlink",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
XPOINTER = re.compile(r"^xmlns\(tei=http://www\.tei-c\.org/ns/1\.0\)xpointer\((?P<path>/[^()]+)\)$")


def _ids(paths: list[Path]) -> list[str]:
    return [path.stem for path in paths]


def _valid(schema: xmlschema.XMLSchema, element: etree._Element) -> None:
    errors = list(schema.iter_errors(element))
    assert not errors, "\n".join(str(error.reason) + " at " + str(error.path) for error in errors[:5])


def _tei(path: Path) -> etree._ElementTree:
    return parse_xml_file(path)


def _text_of(tree: etree._ElementTree, xpath: str) -> list[str]:
    return [" ".join(str(value).split()) for value in tree.xpath(xpath, namespaces=NS)]


def _title(tei: etree._ElementTree) -> str:
    titles = tei.xpath("//tei:titleStmt/tei:title[@type='main']", namespaces=NS) or tei.xpath(
        "//tei:titleStmt/tei:title", namespaces=NS
    )
    return " ".join(titles[0].text.split())


def _agents_by_role(tei: etree._ElementTree) -> dict[str, set[str]]:
    """Named persons and bodies of each respStmt (the converter's "the translator" anchor names nobody)."""
    agents: dict[str, set[str]] = {}
    for statement in tei.xpath("//tei:titleStmt/tei:respStmt", namespaces=NS):
        resp = " ".join(statement.findtext("tei:resp", namespaces=NS).split())
        names = statement.xpath("tei:persName | tei:orgName", namespaces=NS)
        agents.setdefault(resp, set()).update(" ".join(name.text.split()) for name in names)
    return {resp: names for resp, names in agents.items() if names}


def _page_breaks(tei: etree._ElementTree) -> list[etree._Element]:
    return tei.xpath("//tei:text//tei:pb[not(@ed='transcript')]", namespaces=NS)


def test_the_corpus_and_the_invented_documents_are_all_there() -> None:
    assert len(CORPUS) == 5
    assert {path.name for path in INVENTED} >= {"minimal-header.xml", "licensed-translators.xml"}


# ---- MODS ----------------------------------------------------------------


@pytest.mark.parametrize("path", DOCUMENTS, ids=_ids(DOCUMENTS))
def test_mods_is_valid_and_says_what_the_header_says(
    path: Path, library_schemas: dict[str, xmlschema.XMLSchema]
) -> None:
    tei = _tei(path)
    record = etree.fromstring(crosswalks.mods(tei, record_date="2026-12-01", record_identifier=path.stem))
    _valid(library_schemas["mods"], record)
    mods = record.getroottree()

    assert _text_of(mods, "/mods:mods/mods:titleInfo/mods:title/text()") == [_title(tei)]
    assert _text_of(mods, "//mods:recordInfo/mods:recordIdentifier/text()") == [path.stem]
    assert _text_of(mods, "//mods:recordInfo/mods:recordCreationDate/text()") == ["2026-12-01"]
    assert _text_of(mods, "//mods:physicalDescription/mods:internetMediaType/text()") == ["application/tei+xml"]

    when = tei.xpath("string(//tei:profileDesc/tei:creation/tei:date/@when)", namespaces=NS)
    if when:
        key_dates = "/mods:mods/mods:originInfo[@eventType='production']/mods:dateCreated[@keyDate='yes']/text()"
        assert _text_of(mods, key_dates) == [when]

    for resp, names in _agents_by_role(tei).items():
        for name in names:
            roles = mods.xpath("/mods:mods/mods:name[mods:namePart = $name]/mods:role", namespaces=NS, name=name)
            assert roles, f"{name} ({resp}) is not named"
            if "translat" in resp:
                assert "trl" in _text_of(
                    mods, f"/mods:mods/mods:name[mods:namePart = '{name}']//mods:roleTerm[@type='code']/text()"
                )
    assert not mods.xpath("//mods:namePart[. = 'the translator']", namespaces=NS)

    text_language = tei.xpath("string(/tei:TEI/tei:text/@xml:lang)", namespaces=NS)
    assert _text_of(mods, "/mods:mods/mods:language/mods:languageTerm[@type='code']/text()") == (
        [text_language] if text_language else []
    )
    originals = [
        ident
        for ident in tei.xpath("//tei:langUsage/tei:language/@ident", namespaces=NS)
        if text_language and ident != text_language
    ]
    original_codes = _text_of(
        mods, "//mods:relatedItem[@type='original']/mods:language/mods:languageTerm[@type='code']/text()"
    )
    assert sorted(original_codes) == sorted(originals)

    publishers = [p for p in _text_of(tei, "//tei:publicationStmt/tei:publisher/text()") if p != "unknown"]
    distributors = _text_of(tei, "//tei:publicationStmt/tei:distributor/text()")
    assert _text_of(mods, "//mods:originInfo[@eventType='distribution']/mods:publisher/text()") == distributors
    assert _text_of(mods, "//mods:originInfo[@eventType='publication']/mods:publisher/text()") == publishers
    assert _text_of(mods, "/mods:mods/mods:identifier[@type='uri']/text()") == _text_of(
        tei, "//tei:publicationStmt/tei:idno[@type='URI']/text()"
    )
    for locus in tei.xpath("//tei:msContents//tei:locus[@from]", namespaces=NS)[:1]:
        assert _text_of(mods, "//mods:relatedItem[@type='original']/mods:part/mods:extent/mods:start/text()") == [
            locus.get("from")
        ]
    for repository in _text_of(tei, "//tei:msIdentifier/tei:repository/text()"):
        assert repository in " ".join(_text_of(mods, "//mods:relatedItem//mods:physicalLocation/text()"))


def test_mods_of_the_corpus_credits_funders_and_summarises() -> None:
    tei = _tei(TEI_DIR / "1965-02-10-pan-zili-kim-byeong-jik-conversation.xml")
    mods = etree.fromstring(crosswalks.mods(tei)).getroottree()
    assert _text_of(mods, "//mods:note[@type='funding']/text()") == [
        "This document was made possible with support from MacArthur Foundation"
    ]
    assert _text_of(
        mods, "//mods:name[mods:namePart = 'MacArthur Foundation']//mods:roleTerm[@type='code']/text()"
    ) == ["fnd"]
    assert _text_of(mods, "//mods:abstract/text()")[0].startswith("Chinese Ambassador to the Soviet Union")
    # "obtained by" has no MARC relator: the header's words, no code.
    shen = mods.xpath("//mods:name[mods:namePart = 'Shen Zhihua']/mods:role/mods:roleTerm", namespaces=NS)
    assert [(term.get("type"), term.text) for term in shen] == [("text", "obtained by")]


def test_one_person_with_two_roles_is_one_name() -> None:
    tei = _tei(TEI_DIR / "1965-06-04-soviet-embassy-korean-chinese-relations.xml")
    mods = etree.fromstring(crosswalks.mods(tei)).getroottree()
    names = mods.xpath("//mods:name[mods:namePart = 'Sergey Radchenko']", namespaces=NS)
    assert len(names) == 1
    assert len(names[0].findall("mods:role", NS)) == 2


def test_an_inferred_title_and_date_say_so() -> None:
    tei = _tei(TEI_DIR / "1963-02-20-hao-deqing-andropov-visit.xml")
    mods = etree.fromstring(crosswalks.mods(tei)).getroottree()
    assert mods.xpath("string(//mods:titleInfo/@supplied)", namespaces=NS) == "yes"
    assert mods.xpath("string(//mods:dateCreated/@qualifier)", namespaces=NS) == "inferred"


def test_mods_maps_licence_translators_and_no_date() -> None:
    tei = _tei(FIXTURES / "licensed-translators.xml")
    mods = etree.fromstring(crosswalks.mods(tei)).getroottree()
    translators = _text_of(mods, "//mods:name[mods:role/mods:roleTerm[@type='code'] = 'trl']/mods:namePart/text()")
    assert translators == ["Anna Müller", "Li Wei", "Olga Ivanova"]
    assert _text_of(mods, "//mods:name[@type='corporate'][mods:role/mods:roleTerm = 'edt']/mods:namePart/text()") == [
        "Example Edition Project"
    ]
    [access] = mods.xpath("//mods:accessCondition", namespaces=NS)
    assert access.get("type") == "use and reproduction"
    assert access.get(XLINK_HREF) == "https://creativecommons.org/licenses/by/4.0/"
    assert access.text == "CC BY 4.0"
    assert not mods.xpath("//mods:originInfo[@eventType='production']", namespaces=NS)
    assert _text_of(
        mods, "//mods:relatedItem[@type='original']/mods:language/mods:languageTerm[@type='code']/text()"
    ) == ["de"]
    assert _text_of(mods, "//mods:relatedItem//mods:shelfLocator/text()") == ["Foreign Trade, file FT 12/345"]
    assert _text_of(mods, "//mods:location/mods:url/text()") == [
        "https://edition.example.org/documents/minutes-trade-delegation"
    ]


def test_mods_maps_the_edition_configuration() -> None:
    """The publicationStmt main's converter writes from edition.toml (fixture edition-config.xml)."""
    mods = etree.fromstring(crosswalks.mods(_tei(FIXTURES / "edition-config.xml"))).getroottree()
    assert _text_of(mods, "//mods:originInfo[@eventType='publication']/mods:publisher/text()") == [
        "Example University Library"
    ]
    assert _text_of(mods, "//mods:originInfo[@eventType='distribution']/mods:publisher/text()") == [
        "Wilson Center Digital Archive"
    ]
    assert _text_of(mods, "/mods:mods/mods:identifier[@type='uri']/text()") == [
        "https://edition.example.org/documents/1965-03-02-telegram",
        "https://digitalarchive.wilsoncenter.org/document/117405",
    ]
    assert _text_of(mods, "//mods:url[@usage='primary display']/text()") == [
        "https://edition.example.org/documents/1965-03-02-telegram"
    ]
    conditions = mods.xpath("//mods:accessCondition", namespaces=NS)
    assert [(c.get(XLINK_HREF), c.text) for c in conditions] == [
        ("https://creativecommons.org/licenses/by/4.0/", "CC BY 4.0"),
        (None, "The translations are published with permission of the archive."),
    ]
    # A document that is a translation but names no archive still has an original language.
    assert _text_of(mods, "//mods:relatedItem[@type='original']//mods:languageTerm[@type='code']/text()") == ["zh"]


def test_mods_of_a_minimal_header_invents_nothing() -> None:
    mods = etree.fromstring(crosswalks.mods(_tei(FIXTURES / "minimal-header.xml"))).getroottree()
    for absent in (
        "mods:name",
        "mods:originInfo",
        "mods:language",
        "mods:relatedItem",
        "mods:accessCondition",
        "mods:abstract",
    ):
        assert not mods.xpath(f"/mods:mods/{absent}", namespaces=NS), absent
    assert not mods.xpath("//mods:recordCreationDate | //mods:recordIdentifier", namespaces=NS)


def test_a_date_range_is_two_points() -> None:
    mods = etree.fromstring(crosswalks.mods(_tei(FIXTURES / "date-range.xml"))).getroottree()
    dates = mods.xpath("//mods:originInfo[@eventType='production']/mods:dateCreated", namespaces=NS)
    assert [(d.get("point"), d.get("keyDate"), d.get("qualifier"), d.text) for d in dates] == [
        ("start", "yes", "questionable", "1964-01"),
        ("end", None, "questionable", "1964-06"),
    ]


# ---- Dublin Core ---------------------------------------------------------


@pytest.mark.parametrize("path", DOCUMENTS, ids=_ids(DOCUMENTS))
def test_dc_is_valid_and_says_what_the_header_says(path: Path, library_schemas: dict[str, xmlschema.XMLSchema]) -> None:
    tei = _tei(path)
    record = etree.fromstring(crosswalks.dc(tei))
    _valid(library_schemas["oai_dc"], record)
    dc = record.getroottree()
    assert _text_of(dc, "/oai_dc:dc/dc:title/text()") == [_title(tei)]
    assert _text_of(dc, "/oai_dc:dc/dc:type/text()") == ["Text"]
    assert _text_of(dc, "/oai_dc:dc/dc:format/text()") == ["application/tei+xml"]
    when = tei.xpath("string(//tei:profileDesc/tei:creation/tei:date/@when)", namespaces=NS)
    if when:
        assert _text_of(dc, "/oai_dc:dc/dc:date/text()") == [when]
    contributors = set(_text_of(dc, "/oai_dc:dc/dc:contributor/text()"))
    assert contributors == set().union(*_agents_by_role(tei).values())
    text_language = tei.xpath("string(/tei:TEI/tei:text/@xml:lang)", namespaces=NS)
    assert _text_of(dc, "/oai_dc:dc/dc:language/text()") == ([text_language] if text_language else [])


def test_dc_maps_licence_and_no_date() -> None:
    dc = etree.fromstring(crosswalks.dc(_tei(FIXTURES / "licensed-translators.xml"))).getroottree()
    assert _text_of(dc, "//dc:rights/text()") == ["CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"]
    assert not dc.xpath("//dc:date", namespaces=NS)
    assert _text_of(dc, "//dc:publisher/text()") == ["Example Edition Project"]
    assert _text_of(dc, "//dc:identifier/text()") == ["https://edition.example.org/documents/minutes-trade-delegation"]
    assert _text_of(dc, "//dc:relation/text()") == [
        "Berlin, Example State Archive, Foreign Trade, file FT 12/345, ff. 3–5"
    ]


def test_dc_maps_the_edition_configuration() -> None:
    dc = etree.fromstring(crosswalks.dc(_tei(FIXTURES / "edition-config.xml"))).getroottree()
    assert _text_of(dc, "//dc:publisher/text()") == ["Example University Library", "Wilson Center Digital Archive"]
    assert _text_of(dc, "//dc:rights/text()") == [
        "CC BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
        "The translations are published with permission of the archive.",
    ]


def test_dc_of_a_minimal_header_invents_nothing() -> None:
    dc = etree.fromstring(crosswalks.dc(_tei(FIXTURES / "minimal-header.xml")))
    assert [etree.QName(child).localname for child in dc] == ["title", "type", "format"]


def test_dc_dates_a_range_as_an_interval() -> None:
    dc = etree.fromstring(crosswalks.dc(_tei(FIXTURES / "date-range.xml"))).getroottree()
    assert _text_of(dc, "//dc:date/text()") == ["1964-01/1964-06"]
    assert _text_of(dc, "//dc:creator/text()") == ["Unknown Official"]


# ---- METS ----------------------------------------------------------------


def _item_files(path: Path, folder: Path, *, with_pdf: bool = False) -> list[FileEntry]:
    """The item's files written into ``folder`` as a package would hold them."""
    tei_copy = folder / "tei" / path.name
    tei_copy.parent.mkdir(parents=True, exist_ok=True)
    tei_copy.write_bytes(path.read_bytes())
    entries = [FileEntry.measure(tei_copy, FileUse.TEI, folder)]
    transcript = TRANSCRIPTS / f"{path.stem}.txt"
    if transcript.is_file():
        copy = folder / "transcripts" / transcript.name
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(transcript.read_bytes())
        entries.append(FileEntry.measure(copy, FileUse.TRANSCRIPT, folder))
    html = folder / "html" / f"{path.stem}.html"
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(get_renderer().render_html(_tei(path)), encoding="utf-8")
    entries.append(FileEntry.measure(html, FileUse.HTML, folder))
    if with_pdf:
        pdf = folder / "pdf" / f"{path.stem}.pdf"
        pdf.parent.mkdir(parents=True, exist_ok=True)
        pdf.write_bytes(get_renderer().render_pdf(_tei(path)))
        entries.append(FileEntry.measure(pdf, FileUse.PDF, folder))
    return entries


def _canonical(element: etree._Element) -> bytes:
    """Exclusive C14N without the indentation (METS nests the record deeper)."""
    copy = etree.fromstring(etree.tostring(element), etree.XMLParser(remove_blank_text=True))
    return etree.tostring(copy, method="c14n", exclusive=True)


def _resolve_xpointer(tei: etree._ElementTree, pointer: str) -> etree._Element:
    match = XPOINTER.match(pointer)
    assert match, pointer
    [element] = tei.xpath(match["path"], namespaces=NS)
    return element


def _check_mets(
    path: Path, folder: Path, entries: list[FileEntry], schemas: dict[str, xmlschema.XMLSchema]
) -> etree._ElementTree:
    tei = _tei(path)
    document = etree.fromstring(
        crosswalks.mets(tei, entries, record_date="2026-12-01T12:00:00Z", record_identifier=path.stem)
    )
    _valid(schemas["mets"], document)
    mets = document.getroottree()
    # The embedded MODS is the record mods.xsl makes, and valid on its own.
    [wrapped] = mets.xpath("//mets:dmdSec/mets:mdWrap[@MDTYPE='MODS']/mets:xmlData/mods:mods", namespaces=NS)
    _valid(schemas["mods"], wrapped)
    standalone = etree.fromstring(crosswalks.mods(tei, record_date="2026-12-01T12:00:00Z", record_identifier=path.stem))
    del standalone.attrib["{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"]
    assert _canonical(wrapped) == _canonical(standalone)
    assert document.get("OBJID") == path.stem
    assert document.find("mets:metsHdr", NS).get("CREATEDATE") == "2026-12-01T12:00:00Z"

    # Every file: checksum and size of the actual bytes, a relative URL that finds it.
    files = mets.xpath("//mets:fileSec/mets:fileGrp/mets:file", namespaces=NS)
    assert len(files) == len(entries)
    for file, entry in zip(files, entries, strict=True):
        assert file.getparent().get("USE") == str(entry.use)
        flocat = file.find("mets:FLocat", NS)
        assert flocat.get("LOCTYPE") == "URL"
        target = folder / unquote(flocat.get(XLINK_HREF))
        assert target.is_file()
        assert file.get("CHECKSUMTYPE") == "SHA-256"
        assert file.get("CHECKSUM") == hashlib.sha256(target.read_bytes()).hexdigest()
        assert int(file.get("SIZE")) == target.stat().st_size
        assert file.get("MIMETYPE") == entry.mimetype
    tei_id = mets.xpath("string(//mets:fileGrp[@USE='tei']/mets:file/@ID)", namespaces=NS)

    # One page div per pb (seams are none), in order, each pointing at its pb.
    [document_div] = mets.xpath("//mets:structMap[@TYPE='physical']/mets:div", namespaces=NS)
    assert [fptr.get("FILEID") for fptr in document_div.findall("mets:fptr", NS)] == [f.get("ID") for f in files]
    pages = document_div.findall("mets:div", NS)
    breaks = _page_breaks(tei)
    opening = pages[: len(pages) - len(breaks)]
    assert len(opening) <= 1
    assert [int(page.get("ORDER")) for page in pages] == list(range(1, len(pages) + 1))
    for page, pb in zip(pages[len(opening) :], breaks, strict=True):
        assert page.get("ORDERLABEL") == pb.get("n")
        [area] = page.findall("mets:fptr/mets:area", NS)
        assert area.get("FILEID") == tei_id
        assert area.get("BETYPE") == "XPTR"
        assert _resolve_xpointer(tei, area.get("BEGIN")) is pb
    for page in opening:
        # The text before the first pb lies on the first folio of the range.
        assert page.get("ORDERLABEL") == tei.xpath("string((//tei:msContents//tei:locus)[1]/@from)", namespaces=NS)
        [area] = page.findall("mets:fptr/mets:area", NS)
        assert _resolve_xpointer(tei, area.get("BEGIN")).tag == "{http://www.tei-c.org/ns/1.0}text"
        assert _resolve_xpointer(tei, area.get("END")) is breaks[0]
    return mets


@pytest.mark.parametrize("path", DOCUMENTS, ids=_ids(DOCUMENTS))
def test_mets_is_valid_with_checksums_and_pages(
    path: Path, tmp_path: Path, library_schemas: dict[str, xmlschema.XMLSchema]
) -> None:
    _check_mets(path, tmp_path, _item_files(path, tmp_path), library_schemas)


def test_mets_of_a_paged_corpus_document_with_all_four_files(
    tmp_path: Path, library_schemas: dict[str, xmlschema.XMLSchema]
) -> None:
    path = TEI_DIR / "1965-06-04-soviet-embassy-korean-chinese-relations.xml"
    mets = _check_mets(path, tmp_path, _item_files(path, tmp_path, with_pdf=True), library_schemas)
    assert _text_of(mets, "//mets:fileGrp/@USE") == ["tei", "transcript", "html", "pdf"]
    assert _text_of(mets, "//mets:file/@MIMETYPE") == [
        "application/tei+xml",
        "text/plain",
        "text/html",
        "application/pdf",
    ]
    # Folio 14 opens the range before pb 15; the two seams are no pages.
    labels = _text_of(mets, "//mets:structMap//mets:div[@TYPE='page']/@ORDERLABEL")
    assert labels == ["14", "15", "16", "17", "18", "19", "20", "22", "24", "26", "27"]


def test_typescript_pages_skip_the_seam(tmp_path: Path, library_schemas: dict[str, xmlschema.XMLSchema]) -> None:
    path = FIXTURES / "licensed-translators.xml"
    mets = _check_mets(path, tmp_path, _item_files(path, tmp_path), library_schemas)
    pages = mets.xpath("//mets:structMap//mets:div[@TYPE='page']", namespaces=NS)
    # The locus counts archival folios: no opening folio before typescript pages.
    assert [(page.get("ORDERLABEL"), page.get("LABEL")) for page in pages] == [
        ("4", "Page of the typescript 4"),
        ("5", "Page of the typescript 5"),
    ]


def test_no_opening_page_when_the_first_pb_names_the_first_folio(
    tmp_path: Path, library_schemas: dict[str, xmlschema.XMLSchema]
) -> None:
    path = FIXTURES / "date-range.xml"
    mets = _check_mets(path, tmp_path, _item_files(path, tmp_path), library_schemas)
    assert _text_of(mets, "//mets:div[@TYPE='page']/@ORDERLABEL") == ["11", "12"]


def test_mets_without_files_is_still_valid(library_schemas: dict[str, xmlschema.XMLSchema]) -> None:
    document = etree.fromstring(crosswalks.mets(_tei(FIXTURES / "minimal-header.xml"), []))
    _valid(library_schemas["mets"], document)
    assert document.find("mets:fileSec", NS) is None
    assert document.find("mets:metsHdr", NS).get("CREATEDATE") is None
    assert len(document.findall("mets:structMap/mets:div", NS)) == 1


# ---- the Python side -----------------------------------------------------


def test_file_entry_measures_the_file(tmp_path: Path) -> None:
    data = b"%PDF-1.7 not really\n" * 1000
    path = tmp_path / "pdf" / "a b&c.pdf"
    path.parent.mkdir()
    path.write_bytes(data)
    entry = FileEntry.measure(path, FileUse.PDF, tmp_path)
    assert entry.size == len(data)
    assert entry.sha256 == hashlib.sha256(data).hexdigest()
    assert entry.href == "pdf/a%20b%26c.pdf"
    assert entry.mimetype == "application/pdf"


def test_the_inventory_is_a_tree_so_any_file_name_survives(tmp_path: Path) -> None:
    """Quotes, ampersands and angle brackets in a name reach METS as one URL (no string-built XML)."""
    path = tmp_path / 'odd "name" & <x>.txt'
    path.write_text("text", encoding="utf-8")
    entry = FileEntry.measure(path, FileUse.TRANSCRIPT, tmp_path)
    mets = etree.fromstring(crosswalks.mets(_tei(FIXTURES / "minimal-header.xml"), [entry]))
    href = mets.find(".//mets:FLocat", NS).get(XLINK_HREF)
    assert href == "odd%20%22name%22%20%26%20%3Cx%3E.txt"
    assert (tmp_path / unquote(href)).read_text(encoding="utf-8") == "text"


def test_a_record_date_that_is_no_date_is_refused() -> None:
    with pytest.raises(UsageError, match="W3CDTF"):
        crosswalks.mods(_tei(FIXTURES / "minimal-header.xml"), record_date="1 December 2026")


def test_outputs_are_deterministic() -> None:
    tei = _tei(TEI_DIR / "1965-03-02-telegram-soviet-korean-talks.xml")
    assert crosswalks.mods(tei) == crosswalks.mods(tei)
    assert crosswalks.dc(tei) == crosswalks.dc(tei)
    assert crosswalks.mets(tei, []) == crosswalks.mets(tei, [])
