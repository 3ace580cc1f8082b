"""The static edition site: ``tei-encoder build``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import lxml.html
import pytest
from conftest import TRANSCRIPTS
from lxml import etree

from encoder.cli import main
from encoder.errors import InputError, UsageError
from encoder.safexml import parse_xml_file
from encoder.site import build_site

SAMPLE = Path(__file__).parent / "views_golden" / "document.xml"
TEI = "{http://www.tei-c.org/ns/1.0}"

# name, date, title, archive, original language
VARIANTS = [
    (
        "b-later",
        "1965-06-04",
        "June 4, 1965",
        "Soviet report on relations",
        "AVPRF",
        ("ru", "Russian"),
    ),
    (
        "a-earliest",
        "1963-02-20",
        "February 20, 1963",
        "Cable on the visit",
        "PRC FMA",
        ("zh", "Chinese"),
    ),
    (
        "c-middle",
        "1965-02-10",
        "February 10, 1965",
        "Record of a conversation",
        "PRC FMA",
        ("zh", "Chinese"),
    ),
]


def variant(
    name: str, when: str, written: str, title: str, archive: str, language: tuple[str, str]
) -> etree._ElementTree:
    tree = parse_xml_file(SAMPLE)
    root = tree.getroot()

    def one(path: str) -> etree._Element:
        found = root.find(path)
        assert found is not None, path
        return found

    one(f".//{TEI}titleStmt/{TEI}title").text = title
    date = one(f".//{TEI}creation/{TEI}date")
    date.set("when", when)
    date.text = written
    one(f".//{TEI}msIdentifier/{TEI}repository").text = archive
    original = one(f".//{TEI}langUsage/{TEI}language")
    original.set("ident", language[0])
    original.text = language[1]
    one(f".//{TEI}body//{TEI}p").text = f"Unique words of {name}: "
    return tree


@pytest.fixture
def tei_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "tei"
    folder.mkdir()
    for name, when, written, title, archive, language in VARIANTS:
        variant(name, when, written, title, archive, language).write(
            str(folder / f"{name}.xml"), encoding="UTF-8", xml_declaration=True
        )
    return folder


def all_files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_build_writes_index_pages_pdfs_tei_and_search_index(tei_dir: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    report = build_site(site, tei_dir)
    assert report.documents == ["a-earliest", "b-later", "c-middle"]
    for name, *_ in VARIANTS:
        assert (site / f"documents/{name}.html").read_text().startswith("<!DOCTYPE HTML>")
        assert (site / f"documents/{name}.pdf").read_bytes().startswith(b"%PDF-")
        tei = parse_xml_file(site / f"documents/{name}.xml")
        assert tei.getroot().tag == f"{TEI}TEI"
    for asset in (
        "assets/edition.css",
        "assets/edition.js",
        "search-index.json",
        "search-index.js",
    ):
        assert (site / asset).is_file()

    page = lxml.html.parse(str(site / "documents/c-middle.html")).getroot()
    assert page.xpath("//link/@href") == ["../assets/edition.css"]
    assert page.xpath("//script/@src") == ["../assets/edition.js"]
    assert page.xpath("//a[@download]/@href") == ["c-middle.pdf", "c-middle.xml"]
    assert page.xpath("//form[@role='search']/@action") == ["../index.html"]


def test_index_lists_documents_in_date_order_with_archive_and_language_filters(tei_dir: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(site, tei_dir)
    index = lxml.html.parse(str(site / "index.html")).getroot()
    rows = index.xpath("//table[@class='document-table']/tbody/tr")
    assert [row.xpath("string(td[2])") for row in rows] == [
        "Cable on the visit",
        "Record of a conversation",
        "Soviet report on relations",
    ]
    assert [row.xpath("string(td[1]/time/@datetime)") for row in rows] == [
        "1963-02-20",
        "1965-02-10",
        "1965-06-04",
    ]
    assert rows[0].xpath("string(td[3])") == "PRC FMA" and rows[0].xpath("string(td[4])") == "Chinese"
    assert rows[0].xpath("td[2]/a/@href") == ["documents/a-earliest.html"]
    assert index.xpath("//select[@id='filter-archive']/option/text()") == [
        "All",
        "AVPRF",
        "PRC FMA",
    ]
    assert index.xpath("//select[@id='filter-language']/option/text()") == [
        "All",
        "Chinese",
        "Russian",
    ]
    assert rows[2].get("data-archive") == "AVPRF" and rows[2].get("data-languages") == "Russian"


def test_search_index_holds_each_documents_text(tei_dir: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(site, tei_dir)
    index = json.loads((site / "search-index.json").read_text())
    entries = {entry["id"]: entry for entry in index["documents"]}
    assert [entry["id"] for entry in index["documents"]] == ["a-earliest", "c-middle", "b-later"]
    assert "Unique words of b-later" in entries["b-later"]["text"]
    assert entries["b-later"]["url"] == "documents/b-later.html"
    assert entries["b-later"]["languages"] == ["Russian"]
    script = (site / "search-index.js").read_text()
    assert script.startswith("window.teiEditionSearchIndex = {")
    assert json.loads(script.removeprefix("window.teiEditionSearchIndex = ").rstrip(";\n")) == index


def test_build_is_byte_identical_when_run_again(tei_dir: Path, tmp_path: Path) -> None:
    build_site(tmp_path / "first", tei_dir)
    build_site(tmp_path / "second", tei_dir)
    first, second = all_files(tmp_path / "first"), all_files(tmp_path / "second")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    build_site(tmp_path / "first", tei_dir)  # rebuilding in place replaces the old site
    assert all_files(tmp_path / "first") == second


def test_build_refuses_to_overwrite_a_folder_it_did_not_create(tei_dir: Path, tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    with pytest.raises(UsageError):
        build_site(precious, tei_dir)
    assert (precious / "notes.txt").read_text() == "keep me"


def test_build_publishes_nothing_when_a_document_is_invalid(tei_dir: Path, tmp_path: Path) -> None:
    shutil.copy(
        Path(__file__).resolve().parents[2] / "shared/tei-reference/samples/invalid-minimal-edition.xml",
        tei_dir / "d-invalid.xml",
    )
    with pytest.raises(InputError) as raised:
        build_site(tmp_path / "site", tei_dir)
    assert raised.value.diagnostics
    assert not (tmp_path / "site").exists()


def test_build_command(tei_dir: Path, tmp_path: Path) -> None:
    site = tmp_path / "out"
    assert main(["build", "-o", str(site), "--tei-dir", str(tei_dir), "-q"]) == 0
    assert (site / "index.html").is_file()
    assert main(["build", "-o", str(tmp_path / "x"), "--tei-dir", str(tmp_path / "missing"), "-q"]) == 2  # an I/O error


def test_build_writes_the_corpus_review_report_for_converted_documents(tei_dir: Path, tmp_path: Path) -> None:
    sample = TRANSCRIPTS / "1965-02-10-pan-zili-kim-byeong-jik-conversation.txt"
    (tei_dir / "transcripts").mkdir()
    shutil.copy(sample, tei_dir / "transcripts" / sample.name)
    site = tmp_path / "site"
    report = build_site(site, tei_dir)
    review = json.loads((site / "review-report.json").read_text(encoding="utf-8"))
    assert [entry["file"] for entry in review["files"]] == [str(tei_dir / "transcripts" / sample.name)]
    entry = review["files"][0]
    assert entry["output"] == f"documents/{sample.stem}.xml"
    places = [(decision["line"], decision["col"]) for decision in entry["decisions"]]
    assert places == sorted(places) and len(places) == report.doubtful > 0
    assert "suspected-slip:kim-ii" in {decision["id"] for decision in entry["decisions"]}
    # for editors: no reader's page links to it
    pages = [path.read_text(encoding="utf-8") for path in site.rglob("*.html")]
    assert not any("review-report" in page for page in pages)

    # and one review page per converted document, linked (hidden) from its page only
    review_page = lxml.html.parse(str(site / "review" / f"{sample.stem}.html")).getroot()
    entries = review_page.xpath("//div[starts-with(@class, 'decision')]")
    # the ids are letters, digits, - : and ~, kept as they are
    assert [element.get("id") for element in entries] == [
        "decision-" + decision["id"] for decision in entry["decisions"]
    ]
    lines = review_page.xpath("//div[@class='transcript']/div[@class='line']")
    assert len(lines) == len(sample.read_text(encoding="utf-8").split("\n"))
    document_page = lxml.html.parse(str(site / "documents" / f"{sample.stem}.html")).getroot()
    (link,) = document_page.xpath("//p[@class='editor-review']")
    assert link.get("hidden") is not None
    assert link.find("a").get("href") == f"../review/{sample.stem}.html"
    hand_made = lxml.html.parse(str(site / "documents" / "a-earliest.html")).getroot()
    assert hand_made.xpath("//p[@class='editor-review']") == []
    assert sorted(path.name for path in (site / "review").iterdir()) == [f"{sample.stem}.html"]


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_search_index_written_entry_by_entry_is_the_json_of_the_whole(count: int) -> None:
    from encoder.site import search_index_chunks_of

    entries = [
        {"when": f"196{number}", "text": f'line\nbreak "quoted" é {number}', "names": [{"ref": number}], "none": None}
        for number in range(count)
    ]
    whole = json.dumps({"documents": entries}, ensure_ascii=False, sort_keys=True, indent=1)
    # each entry dumped on its own (as a document's summary keeps it), then put in its place
    texts = (json.dumps(entry, ensure_ascii=False, sort_keys=True, indent=1) for entry in entries)
    assert "".join(search_index_chunks_of(texts)) == whole


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_review_report_written_file_by_file_is_the_json_of_the_whole_report(count: int) -> None:
    from encoder import __version__
    from encoder.report import FileReport, Report
    from encoder.site import review_report_from

    reviews = [
        FileReport(file=f"transcripts/d{number}-\udcff.txt", output=f"documents/d{number}.xml", warnings=("a\nb",))
        for number in range(count)
    ]
    whole = Report(version=__version__, files=tuple(reviews)).as_json()
    expected = (json.dumps(whole, ensure_ascii=False, indent=2) + "\n").encode("utf-8", errors="backslashreplace")
    assert review_report_from(review.as_json() for review in reviews) == expected


def index_entries() -> list[tuple[str, str, bool]]:
    """Catalogue entries that test the index page's order and filters: equal dates and titles (kept in
    the documents' order), undated ones, no archive, several languages, markup-like text."""
    from encoder.site import catalogue_entry

    shapes = [
        ("e-same", "1965-02-10", "Same title", "PRC FMA", ("zh", "Chinese")),
        ("a-same", "1965-02-10", "Same title", "PRC FMA", ("zh", "Chinese")),
        ("f-undated", "", "Zebra <tbody></tbody> & 'quotes'", "", ("ru", "Russian")),
        ("b-undated", "", "Alpha", "AVPRF", ("ko", "Korean")),
        ("d-year", "1963", "Élan", "<tbody></tbody>", ("ru", "Russian")),
        ("c-early", "1962-12-31", "Cable", "AVPRF", ("en", "English")),
    ]
    entries = []
    for number, (name, when, title, archive, language) in enumerate(shapes):
        tree = variant(name, when or "1965", when or "", title, archive, language)
        date = tree.getroot().find(f".//{TEI}creation/{TEI}date")
        assert date is not None
        if not when:
            date.attrib.pop("when")
        entries.append((name, catalogue_entry(tree), number % 2 == 0))
    return sorted(entries)


def facets(names: list[str]) -> etree._Element:
    e = "{urn:x-tei-encoder:entities}"
    root = etree.Element(e + "facets", nsmap={"e": "urn:x-tei-encoder:entities"})
    etree.SubElement(root, e + "entity", id="person-a", kind="person").text = "A Person"
    etree.SubElement(root, e + "entity", id="place-b", kind="place").text = "A Place"
    for number, name in enumerate(names):
        etree.SubElement(root, e + "document", id=name, persons="person-a" if number % 2 else "", places="place-b")
    return root


@pytest.mark.parametrize("with_entities", [False, True])
@pytest.mark.parametrize("at_once", [1, 2, 100])
def test_the_index_page_made_a_few_rows_at_a_time_is_the_page_of_the_whole_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_entities: bool, at_once: int
) -> None:
    """A build makes the index page's rows a few documents at a time and puts them in the page's
    frame in date order: the same bytes as the page of the whole catalogue (as `serve` makes it)."""
    from encoder import site
    from encoder.views import get_renderer

    monkeypatch.setattr(site, "INDEX_ROWS_AT_ONCE", at_once)
    entries = index_entries()
    parameters = (
        {"entity-index-pages": "yes", "entity-facets": facets([n for n, *_ in entries])} if with_entities else {}
    )
    whole = site._index_page(get_renderer(), site._catalogue(entries, "An <edition>"), parameters)
    with (tmp_path / "rows").open("w+b") as rows:
        streamed = "".join(site.index_page_chunks(get_renderer(), iter(entries), "An <edition>", parameters, rows))
    assert streamed.encode() == whole
    page = lxml.html.fromstring(whole)
    titles = [" ".join(row.xpath("string(td[2])").split()) for row in page.xpath("//tbody/tr")]
    assert titles[:3] == ["Cable", "Élan", "Same title"] and titles[-2:] == [
        "Alpha",
        "Zebra <tbody></tbody> & 'quotes'",
    ]
