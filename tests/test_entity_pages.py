"""The entity views of the edition site: index pages of persons, places and
organisations, a page per entity, the timeline, the reading view's links and
the index's facets, built from an invented register and three invented
documents (tests/entity_fixtures.py)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from entity_fixtures import REGISTER, write_corpus
from lxml import etree

from encoder import entity_pages
from encoder.build_manifest import MANIFEST
from encoder.cli import main
from encoder.entity_pages import DocumentRecord, Kind, Mention, NamedDate
from encoder.errors import Diagnostic, InputError
from encoder.registers import load_register
from encoder.site import build_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Diagnostic]]:
    tei_dir = write_corpus(tmp_path_factory.mktemp("tei"))
    site_dir = tmp_path_factory.mktemp("site") / "site"
    report = build_site(site_dir, tei_dir)
    return site_dir, report.diagnostics


def page(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(path.read_bytes())


def test_an_entity_page_lists_every_document_that_names_it_under_any_spelling(
    site: tuple[Path, list[Diagnostic]],
) -> None:
    site_dir, _ = site
    entity = page(site_dir / "entity/person-kim-il-sung.html")
    assert entity.findtext(".//h1") == "Kim Il Sung"
    items = entity.cssselect("ol.entity-documents > li")
    # date order; the spelling each document uses; a link to each place it stands
    assert [item.cssselect("a")[0].text for item in items] == [
        "Kim Il Sung in Moscow",
        "Record of a conversation in the capital",
        "Telegram on the talks",
    ]
    assert [[s.text for s in item.cssselect(".entity-spelling")] for item in items] == [
        ["“Kim Il-seong”"],
        ["“Kim Il Sung”"],
        ["“Kim Ir Sen”"],
    ]
    places = [link.get("href") for link in items[1].cssselect("a.entity-place")]
    assert places == ["../documents/a-conversation.html#name-1", "../documents/a-conversation.html#name-5"]
    # a name in a footnote has no anchor of its own: the link goes to the document
    assert [link.get("href") for link in items[0].cssselect("a.entity-place")] == ["../documents/c-report.html"]
    facts = entity.text_content()
    assert "Kim Il-seong (revised romanization)" in facts and "Kim Ir Sen (russian transliteration)" in facts
    assert "Invented note" in facts


def test_every_link_of_the_new_pages_reaches_a_file_and_its_anchor(site: tuple[Path, list[Diagnostic]]) -> None:
    site_dir, _ = site
    new_pages = [site_dir / name for name in ("persons.html", "places.html", "organisations.html", "timeline.html")]
    new_pages += sorted((site_dir / "entity").glob("*.html"))
    new_pages += [site_dir / "index.html", site_dir / "documents/a-conversation.html"]
    checked = 0
    for html_file in new_pages:
        root = page(html_file)
        assert root.get("lang") == "en"
        assert len(root.findall(".//h1")) == 1, html_file
        ids = [element.get("id") for element in root.iter() if element.get("id")]
        assert len(ids) == len(set(ids)), html_file
        for link in root.iter("a"):
            href = link.get("href") or ""
            if not href or "://" in href:
                continue
            target, _, anchor = href.partition("#")
            target_file = (html_file.parent / unquote(urlsplit(target).path)).resolve() if target else html_file
            assert target_file.is_file(), (html_file, href)
            if anchor and target_file.suffix == ".html":
                assert page(target_file).get_element_by_id(anchor) is not None, (html_file, href)
            checked += 1
    assert checked > 50


def test_names_without_a_register_entry_are_listed_apart_and_link_nowhere(site: tuple[Path, list[Diagnostic]]) -> None:
    site_dir, _ = site
    persons = page(site_dir / "persons.html")
    assert [a.text for a in persons.cssselect(".entity-table tbody th a")] == [
        "Kim Il Sung",
        "Nobody Named",
        "Ri Hyo Sun",
    ]
    assert [td.text for td in persons.cssselect(".entity-table tbody td:last-child")] == ["3", "0", "1"]
    unregistered = persons.cssselect(".entity-unregistered li")
    assert len(unregistered) == 1 and unregistered[0].text_content().startswith("Comrade Pak: ")
    assert unregistered[0].cssselect("a")[0].get("href") == "documents/a-conversation.html#name-3"
    reading = page(site_dir / "documents/a-conversation.html")
    pak = reading.get_element_by_id("name-3")
    assert pak.tag == "span" and pak.text_content() == "Comrade Pak"
    assert not any("pak" in path.name for path in (site_dir / "entity").iterdir())


def test_a_name_pointing_to_an_id_the_register_lacks_gets_a_page_and_a_warning(
    site: tuple[Path, list[Diagnostic]],
) -> None:
    site_dir, diagnostics = site
    kaesong = page(site_dir / "entity/place-kaesong.html")
    assert kaesong.cssselect(".entity-unregistered-note")
    assert [d.code for d in diagnostics if d.code.startswith("ENTITY")] == ["ENTITY-NOT-REGISTERED"]
    assert "place-kaesong" in next(d.format() for d in diagnostics if d.code == "ENTITY-NOT-REGISTERED")


def test_the_reading_view_links_registered_names_to_their_pages_and_cards(site: tuple[Path, list[Diagnostic]]) -> None:
    site_dir, _ = site
    reading = page(site_dir / "documents/a-conversation.html")
    links = reading.cssselect("#text a.tei-entity")
    assert [(a.get("href"), a.get("id"), a.text_content()) for a in links] == [
        ("../entity/person-kim-il-sung.html", "name-1", "Kim Il Sung"),
        ("../entity/place-pyongyang.html", "name-2", "Pyongyang"),
        ("../entity/org-workers-party-of-korea.html", "name-4", "KWP"),
        ("../entity/person-kim-il-sung.html", "name-5", "Kim Il Sung"),
    ]
    # the page carries no entity's data: each card is a script beside its entity page, loaded when opened
    scripts = [script.get("src") for script in reading.iter("script") if script.get("src")]
    assert scripts == ["../assets/edition.js"]
    assert not (site_dir / "entities.js").exists()
    assert sorted(p.name for p in (site_dir / "entity").glob("*.js")) == sorted(
        p.with_suffix(".js").name for p in (site_dir / "entity").glob("*.html")
    )
    kim = card(site_dir, "person-kim-il-sung")
    assert kim["variants"] == ["Kim Il-seong", "Kim Ir Sen"]
    assert [d["url"] for d in kim["documents"]] == [
        "documents/c-report.html",
        "documents/a-conversation.html",
        "documents/b-telegram.html",
    ]
    # an identifier that is no safe link stays text: the VIAF "javascript:" entry makes no link
    assert kim["authorities"] == [
        {"id": "Q39031", "source": "Wikidata", "url": "https://www.wikidata.org/wiki/Q39031"},
        {"id": "javascript:alert(1)", "source": "VIAF", "url": ""},
    ]


def card(site_dir: Path, entity_id: str) -> dict[str, Any]:
    """The card entity/ID.js adds to window.teiEditionEntities, under its id."""
    script = (site_dir / "entity" / f"{entity_id}.js").read_text(encoding="utf-8")
    assignment = f'(window.teiEditionEntities = window.teiEditionEntities || {{}})["{entity_id}"] = '
    assert script.startswith(assignment) and script.endswith(";\n")
    found: dict[str, Any] = json.loads(script[len(assignment) : -2])
    return found


def test_a_card_lists_the_first_documents_and_counts_them_all() -> None:
    """A card stays small however many documents name its entity; the entity's page lists them all."""
    kim = Mention(Kind.PERSON, "person-kim-il-sung", "Kim Il Sung", "name-1")
    many = entity_pages.CARD_DOCUMENTS + 5
    records = [
        DocumentRecord(f"d{n:02d}", f"documents/d{n:02d}.html", f"D{n}", "", f"19{99 - n}", "en", (kim,))
        for n in range(many)
    ]
    found = entity_pages.entity_occurrences(load_register(REGISTER), records)["person-kim-il-sung"]
    script = entity_pages.card_script(found).decode()
    data = json.loads(script.partition("] = ")[2].removesuffix(";\n"))
    assert data["documentCount"] == many
    # date order, as on the page: the earliest first
    assert [d["url"] for d in data["documents"]] == [
        f"documents/d{n:02d}.html" for n in range(many - 1, many - 1 - entity_pages.CARD_DOCUMENTS, -1)
    ]
    page_source = entity_pages.entity_page_source(found)
    assert len(page_source.findall(f"{{{entity_pages.ENTITIES_NS}}}document")) == many


def test_the_reading_view_carries_the_words_of_the_cards_from_the_labels(site: tuple[Path, list[Diagnostic]]) -> None:
    """The cards' words come from xslt/common/labels.xsl, with every other word of the views."""
    site_dir, _ = site
    reading = page(site_dir / "documents/a-conversation.html")
    (words,) = reading.cssselect('script#entity-card-words[type="application/json"]')
    assert json.loads(words.text) == {
        "highlight": "Highlight names",
        "person": "Person",
        "place": "Place",
        "org": "Organisation",
        "variants": "Other spellings",
        "card-documents-one": "Named in 1 document:",
        "card-documents-many": "Named in {count} documents:",
        "card-more": "… and {count} more (see the page)",
        "card-page": "All about {name}",
        "close": "Close",
    }


def test_a_translation_of_the_labels_translates_the_entity_views(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entity views' words are in xslt/common/labels.xsl with every other view's: a translation of
    the interface is one file. Here every label is "translated" by bracketing it."""
    from encoder.views import Renderer

    xslt = tmp_path / "xslt"
    shutil.copytree(Path(__file__).resolve().parent.parent / "xslt", xslt)
    labels = xslt / "common" / "labels.xsl"
    text = labels.read_text(encoding="utf-8")
    translated = re.sub(r"('[a-z-]+': )'([^']*)'", r"\1'⟨\2⟩'", text)
    translated = re.sub(r"'(January|February|March|June|November)'", r"'⟨\1⟩'", translated)
    labels.write_text(translated, encoding="utf-8")
    monkeypatch.setenv("TEI_ENCODER_XSLT_DIR", str(xslt))
    kim = Mention(Kind.PERSON, "person-kim-il-sung", "Kim Il Sung", "name-1")
    records = [
        DocumentRecord("a", "documents/a.html", "A", "", "1965-02", "en", (kim, Mention(Kind.PERSON, "", "Pak", ""))),
        DocumentRecord("b", "documents/b.html", "B", "", "1965", "en", (), (NamedDate("1965-06-01", "1 June"),)),
        DocumentRecord("c", "documents/c.html", "C", "", "", "en"),
    ]
    pages = entity_pages.site_pages(Renderer(), load_register(REGISTER), records, [])
    html = {path: data for path, data in pages.items() if path.endswith(".html")}
    shown = {path: lxml.html.document_fromstring(data).text_content() for path, data in html.items()}
    english = [
        "Persons", "Places", "Organisations", "Timeline", "Other spellings", "Authority files", "Named in",
        "Names not in the register", "Month not stated", "Undated", "Dates named", "February", "Documents",
    ]  # fmt: skip
    for path, words in shown.items():
        for word in english:
            assert word not in words.replace(f"⟨{word}", ""), (path, word)
    assert "⟨Persons⟩" in shown["persons.html"] and "⟨February⟩ 1965" in shown["timeline.html"]
    assert "⟨Other spellings⟩" in shown["entity/person-kim-il-sung.html"]


def test_the_timeline_orders_documents_by_year_and_month_with_the_dates_the_texts_name(
    site: tuple[Path, list[Diagnostic]],
) -> None:
    site_dir, _ = site
    timeline = page(site_dir / "timeline.html")
    assert [h.text for h in timeline.cssselect("h2, h3")] == [
        "1963",
        "November 1963",
        "1965",
        "February 1965",
        "June 1965",
    ]
    assert [a.text for a in timeline.cssselect(".timeline-documents a")] == [
        "Kim Il Sung in Moscow",
        "Record of a conversation in the capital",
        "Telegram on the talks",
    ]
    named = timeline.cssselect("#month-1965-02 .timeline-named-dates time")
    assert [(t.get("datetime"), t.text) for t in named] == [("1965-02-14", "14 February")]


def record(name: str, when: str, *, dates: tuple[NamedDate, ...] = ()) -> DocumentRecord:
    return DocumentRecord(name, f"documents/{name}.html", name.title(), when, when, "en", (), dates)


def test_timeline_months_sort_numerically_and_undated_documents_come_last() -> None:
    records = [
        record("undated", ""),
        record("december", "1965-12-01", dates=(NamedDate("1964", "the year before"), NamedDate("", "no date"))),
        record("year-only", "1965"),
        record("march", "1965-03-30"),
    ]
    tree = entity_pages.timeline_source(records)
    e = f"{{{entity_pages.ENTITIES_NS}}}"
    months = [(m.getparent().get("value"), m.get("value")) for m in tree.iter(f"{e}month")]
    assert months == [("1964", ""), ("1965", ""), ("1965", "03"), ("1965", "12")]
    assert [d.get("url") for d in tree.find(f"{e}undated")] == ["documents/undated.html"]
    assert tree[-1].tag == f"{e}undated"


def test_the_index_gains_navigation_and_person_and_place_facets(site: tuple[Path, list[Diagnostic]]) -> None:
    site_dir, _ = site
    index = page(site_dir / "index.html")
    assert [a.get("href") for a in index.cssselect("nav.site-pages a")] == [
        "index.html",
        "persons.html",
        "places.html",
        "organisations.html",
        "timeline.html",
    ]
    persons = index.get_element_by_id("filter-person")
    assert [(o.get("value"), o.text) for o in persons.iter("option")] == [
        ("", "All"),
        ("person-kim-il-sung", "Kim Il Sung"),
        ("person-ri-hyo-sun", "Ri Hyo Sun"),
    ]
    places = [o.get("value") for o in index.get_element_by_id("filter-place").iter("option")]
    assert places == ["", "place-kaesong", "place-moscow", "place-pyongyang"]
    rows = {row.cssselect("a")[0].text: row for row in index.cssselect(".document-table tbody tr")}
    assert rows["Telegram on the talks"].get("data-persons") == "person-kim-il-sung person-ri-hyo-sun"
    assert rows["Record of a conversation in the capital"].get("data-places") == "place-pyongyang"


def test_the_build_is_byte_identical_when_run_again(site: tuple[Path, list[Diagnostic]], tmp_path: Path) -> None:
    site_dir, _ = site
    again = tmp_path / "again"
    build_site(again, write_corpus(tmp_path / "tei"))

    def files(folder: Path) -> dict[str, bytes]:
        # the build manifest hashes where the transcripts were (another folder here): not part of the site
        return {
            str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != MANIFEST
        }

    assert files(again) == files(site_dir)


def test_without_a_register_there_are_no_entity_pages_and_no_errors(tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    report = build_site(site_dir, write_corpus(tmp_path / "tei", register=False))
    assert not (site_dir / "entity").exists()
    assert not any((site_dir / name).exists() for name in ("persons.html", "places.html", "organisations.html"))
    assert (site_dir / "timeline.html").is_file()
    assert not [d for d in report.diagnostics if d.severity == "error" or d.code.startswith("ENTITY")]
    reading = page(site_dir / "documents/a-conversation.html")
    assert not reading.cssselect("a.tei-entity") and not reading.cssselect("[id^=name-]")
    assert not reading.cssselect("#entity-card-words")
    index = page(site_dir / "index.html")
    assert [a.get("href") for a in index.cssselect("nav.site-pages a")] == ["index.html", "timeline.html"]
    assert not index.cssselect("select.entity-facet")


def test_the_register_is_not_published_as_a_document(site: tuple[Path, list[Diagnostic]]) -> None:
    site_dir, _ = site
    assert sorted(p.name for p in (site_dir / "documents").glob("*.html")) == [
        "a-conversation.html",
        "b-telegram.html",
        "c-report.html",
    ]


def test_a_register_that_repeats_an_id_stops_the_build_with_its_line(tmp_path: Path) -> None:
    tei_dir = write_corpus(tmp_path / "tei")
    text = REGISTER.read_text(encoding="utf-8").replace('xml:id="person-ri-hyo-sun"', 'xml:id="person-kim-il-sung"')
    (tei_dir / "registers.xml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        build_site(tmp_path / "site", tei_dir)
    [problem] = raised.value.diagnostics
    lines = [n for n, text_line in enumerate(text.splitlines(), 1) if 'xml:id="person-kim-il-sung"' in text_line]
    assert problem.code == "REGISTER-DUPLICATE-ID" and problem.line == lines[-1]  # the second use
    assert problem.col == text.splitlines()[lines[-1] - 1].index("<person") + 1
    assert re.match(r".*registers\.xml:\d+:\d+: error: REGISTER-DUPLICATE-ID: ", problem.format())
    assert main(["build", "-o", str(tmp_path / "out"), "--tei-dir", str(tei_dir), "-q"]) == 1


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ('<person xml:id="person-never-named">', "REGISTER-NO-ID"),  # the views used to leave it out, warning
        ('<persName type="preferred">Nobody Named</persName>', "REGISTER-NO-NAME"),  # and to name it by its id
        ('xml:id="place-moscow"', "REGISTER-BAD-ID"),  # and to take any id
    ],
)
def test_a_register_the_converter_refuses_stops_the_build_with_the_same_problem(
    tmp_path: Path, change: str, code: str
) -> None:
    """One reader (encoder/registers.py): the site refuses what convert refuses, with the same diagnostics."""
    tei_dir = write_corpus(tmp_path / "tei")
    replacement = {
        '<person xml:id="person-never-named">': "<person>",
        '<persName type="preferred">Nobody Named</persName>': "",
        'xml:id="place-moscow"': 'xml:id="Moscow"',
    }[change]
    (tei_dir / "registers.xml").write_text(
        REGISTER.read_text(encoding="utf-8").replace(change, replacement), encoding="utf-8"
    )
    with pytest.raises(InputError) as built:
        build_site(tmp_path / "site", tei_dir)
    with pytest.raises(InputError) as loaded:
        load_register(tei_dir / "registers.xml")
    assert [d.code for d in built.value.diagnostics] == [code]
    assert built.value.diagnostics == loaded.value.diagnostics
    (problem,) = built.value.diagnostics
    assert problem.line is not None and problem.col is not None


def test_a_register_that_is_not_well_formed_is_an_input_error(tmp_path: Path) -> None:
    tei_dir = write_corpus(tmp_path / "tei")
    (tei_dir / "registers.xml").write_text("<TEI><standOff>", encoding="utf-8")
    assert main(["build", "-o", str(tmp_path / "out"), "--tei-dir", str(tei_dir), "-q"]) == 1
    (tei_dir / "registers.xml").write_text('<!DOCTYPE x [<!ENTITY a "b">]><TEI/>', encoding="utf-8")
    assert main(["build", "-o", str(tmp_path / "out"), "--tei-dir", str(tei_dir), "-q"]) == 1


def test_register_entries_take_the_preferred_name_else_the_first(tmp_path: Path) -> None:
    register = load_register(REGISTER)
    kim, ri = register.entry("person-kim-il-sung"), register.entry("person-ri-hyo-sun")
    assert kim is not None and ri is not None
    assert ri.preferred == "Ri Hyo Sun"
    assert kim.variants == (("Kim Il-seong", "revised-romanization"), ("Kim Ir Sen", "russian-transliteration"))
    moved = REGISTER.read_text(encoding="utf-8").replace(
        '<persName type="preferred">Kim Il Sung</persName>\n        '
        '<persName type="variant" subtype="revised-romanization">Kim Il-seong</persName>',
        '<persName type="variant" subtype="revised-romanization">Kim Il-seong</persName>\n        '
        '<persName type="preferred">Kim Il Sung</persName>',
    )
    (tmp_path / "registers.xml").write_text(moved, encoding="utf-8")
    moved_kim = load_register(tmp_path / "registers.xml").entry("person-kim-il-sung")
    assert moved_kim is not None and moved_kim.preferred == "Kim Il Sung" and moved_kim.variants == kim.variants
    workers_party, pyongyang = register.entry("org-workers-party-of-korea"), register.entry("place-pyongyang")
    assert workers_party is not None and workers_party.variants == (("KWP", ""),)
    assert pyongyang is not None
    assert entity_pages.authority(pyongyang.idnos[0]).url == "https://www.geonames.org/1871859"


def test_unregistered_names_fold_case_and_keep_document_order() -> None:
    pak = Mention(Kind.PERSON, "", "Comrade Pak", "name-1")
    records = [
        DocumentRecord("b", "documents/b.html", "B", "", "1966", "en", (Mention(Kind.PERSON, "", "comrade pak", ""),)),
        DocumentRecord("a", "documents/a.html", "A", "", "1965", "en", (pak,)),
    ]
    found = entity_pages.unregistered_names(records, Kind.PERSON)
    assert list(found) == ["comrade pak"]
    assert [record.id for record, _ in found["comrade pak"]] == ["a", "b"]
    assert entity_pages.unregistered_names(records, Kind.PLACE) == {}


@pytest.mark.parametrize(
    ("ref", "register_id"),
    [
        ("registers.xml#person-kim-il-sung", "person-kim-il-sung"),
        ("#person-kim-il-sung", "person-kim-il-sung"),
        ("../tei/registers.xml#place-pyongyang", "place-pyongyang"),
        ("other.xml#person-kim-il-sung", ""),  # another file's entry is not the register's
        ("https://www.wikidata.org/wiki/Q39031", ""),
        ("registers.xml#not a name", ""),
        ("", ""),
    ],
)
def test_which_refs_point_into_the_register(ref: str, register_id: str) -> None:
    from entity_fixtures import document

    from encoder.views import get_renderer

    tree = document("T", "1965", "1965", [f'<persName ref="{ref}">Someone</persName>'])
    record = entity_pages.document_record(get_renderer(), "t", "documents/t.html", tree)
    assert [(m.ref, m.text, m.anchor) for m in record.mentions] == [(register_id, "Someone", "name-1")]


def test_a_name_in_two_romanizations_is_spelled_as_the_text_writes_it() -> None:
    from entity_fixtures import R, document

    from encoder.views import get_renderer

    pair = '<choice rend="bracketed"><reg type="RR">Kim Il-seong</reg><reg type="MR">Kim Il Sung</reg></choice>'
    tree = document(
        "T", "1965", "1965", [f'<persName ref="{R}person-kim-il-sung"><roleName>Comrade</roleName> {pair}</persName>']
    )
    record = entity_pages.document_record(get_renderer(), "t", "documents/t.html", tree)
    assert [m.text for m in record.mentions] == ["Comrade Kim Il-seong [Kim Il Sung]"]  # not "…Il-seongKim Il Sung"


def test_links_do_not_nest_a_name_inside_a_linked_name_keeps_only_its_anchor() -> None:
    from entity_fixtures import R, document

    from encoder.views import PageLinks, get_renderer

    tree = document(
        "T",
        "1965",
        "1965",
        [
            f'<orgName ref="{R}org-workers-party-of-korea">Central Committee of '
            f'<orgName ref="{R}org-x">the Party</orgName></orgName>, <placeName>Hamhung</placeName>'
        ],
    )
    links = PageLinks(assets_href="../assets/", entity_pages_href="../entity/")
    html = lxml.html.document_fromstring(get_renderer().render_html(tree, links))
    assert [a.get("id") for a in html.cssselect("#text a")] == ["name-1"]
    assert [s.get("id") for s in html.cssselect("#text a span[id], #text span.tei-entity-unlinked")] == [
        "name-2",
        "name-3",
    ]
    # without the links (no register), the same text as ever: no anchors, no links
    plain = lxml.html.document_fromstring(get_renderer().render_html(tree, PageLinks(assets_href="../assets/")))
    assert not plain.cssselect("#text a, #text [id^=name-]")


def test_serve_answers_the_entity_views_with_the_built_bytes(
    site: tuple[Path, list[Diagnostic]], tmp_path: Path
) -> None:
    from starlette.testclient import TestClient

    from encoder.server import create_app

    site_dir, _ = site
    corpus = write_corpus(tmp_path / "tei")
    files = [
        path
        for path in sorted(site_dir.rglob("*"))
        if path.is_file() and path.suffix != ".pdf" and path.name not in (".tei-encoder-site", MANIFEST)
    ]
    assert any(path.parent.name == "entity" for path in files)
    with TestClient(create_app(corpus)) as client:
        for path in files:
            response = client.get("/" + path.relative_to(site_dir).as_posix())
            assert response.status_code == 200, path
            assert response.content == path.read_bytes(), path
        assert client.get("/entity/person-nobody.html").status_code == 404
        assert client.get("/registers.html").status_code == 404
        # a register that stops reading: the documents are still served, without entity pages
        (corpus / "registers.xml").write_text("<TEI>", encoding="utf-8")
        assert client.get("/persons.html").status_code == 404
        page = client.get("/documents/a-conversation.html")
        assert page.status_code == 200 and "tei-entity" not in page.text


def test_the_register_is_published_beside_the_tei_that_points_into_it(
    site: tuple[Path, list[Diagnostic]], tmp_path: Path
) -> None:
    """A library harvesting documents/NAME.xml follows ref="registers.xml#ID": it must resolve there."""
    site_dir, _ = site
    published = site_dir / "documents" / "registers.xml"
    assert published.read_bytes() == (write_corpus(tmp_path / "tei") / "registers.xml").read_bytes()
    ids = set(etree.parse(str(published)).xpath("//@xml:id"))
    refs = {
        ref
        for tei in (site_dir / "documents").glob("*.xml")
        if tei.name != "registers.xml"
        for ref in etree.parse(str(tei)).xpath("//@ref[starts-with(., 'registers.xml#')]")
    }
    # place-kaesong: the one id the invented register lacks on purpose (see the ENTITY-NOT-REGISTERED test)
    assert refs and {ref.partition("#")[2] for ref in refs} - ids == {"place-kaesong"}


def test_an_entity_pages_digest_changes_exactly_when_its_source_does() -> None:
    """A rebuild decides which entity pages to make again from :func:`entity_page_digest`, without
    building each page's source: the two must agree on what changed."""
    import dataclasses

    kim = Mention(Kind.PERSON, "person-kim-il-sung", "Kim Il Sung", "name-1")
    base = DocumentRecord("a", "documents/a.html", "A", "1 May", "1965-05-01", "en", (kim,))
    variants = {
        "same": base,
        "anchor": dataclasses.replace(base, mentions=(dataclasses.replace(kim, anchor="name-2"),)),
        "spelling": dataclasses.replace(base, mentions=(dataclasses.replace(kim, text="Kim Il-sung"),)),
        "title": dataclasses.replace(base, title="B"),
        "date": dataclasses.replace(base, date="2 May"),
        "lang": dataclasses.replace(base, lang="ru"),
        "url": dataclasses.replace(base, url="documents/b.html"),
        "named dates only": dataclasses.replace(base, dates=(NamedDate("1966", "1966"),)),
        "another name only": dataclasses.replace(base, mentions=(kim, Mention(Kind.PLACE, "", "Pyongyang", "n-3"))),
        "mentioned twice": dataclasses.replace(base, mentions=(kim, kim)),
    }
    register = load_register(REGISTER)

    def found(record: DocumentRecord) -> entity_pages.Occurrences:
        return entity_pages.entity_occurrences(register, [record])["person-kim-il-sung"]

    sources = {key: etree.tostring(entity_pages.entity_page_source(found(r))) for key, r in variants.items()}
    digests = {key: entity_pages.entity_page_digest(found(record)) for key, record in variants.items()}
    assert len(set(digests.values())) == len(set(sources.values())) > 5
    for key in variants:
        assert (digests[key] == digests["same"]) == (sources[key] == sources["same"]), key


@pytest.mark.parametrize("at_once", [1, 2])
def test_an_entity_page_made_a_few_documents_at_a_time_is_the_page_of_all_of_them(
    monkeypatch: pytest.MonkeyPatch, at_once: int
) -> None:
    """An entity named in many documents gets its page as a frame and its list made a few documents
    at a time: the same bytes as the page made from one source with every document."""
    from encoder.views import get_renderer

    kim = Mention(Kind.PERSON, "person-kim-il-sung", "Kim Il Sung", "name-1")
    also = Mention(Kind.PERSON, "person-kim-il-sung", "Kim Ir Sen", "")
    records = [
        DocumentRecord(f"d{n}", f"documents/d{n}.html", f"Title <ol> & {n}", f"day {n}", f"1965-0{n % 9 + 1}", "en",
                       (kim, also, kim) if n % 2 else (also,))
        for n in range(5)
    ]  # fmt: skip
    occurrences = entity_pages.entity_occurrences(load_register(REGISTER), records)
    found = occurrences["person-kim-il-sung"]
    renderer = get_renderer()
    whole = entity_pages._html(renderer, "entity-page", entity_pages.entity_page_source(found), 1, True)
    monkeypatch.setattr(entity_pages, "PAGE_ROWS_AT_ONCE", at_once)
    assert entity_pages.entity_page(renderer, found) == whole
    assert lxml.html.fromstring(whole).xpath("count(//ol[@class='entity-documents']/li)") == 5


@pytest.mark.parametrize("at_once", [1, 3])
def test_a_timeline_made_a_few_entries_at_a_time_is_the_timeline_of_all_of_them(
    monkeypatch: pytest.MonkeyPatch, at_once: int
) -> None:
    """A timeline of many entries is a frame with empty lists, filled a few items at a time: the same
    bytes as the timeline made from one source (months with documents only, named dates only, both;
    a year without a month; undated documents)."""
    from encoder.views import get_renderer

    records = [
        DocumentRecord("a", "documents/a.html", "A <ul></ul>", "Feb", "1965-02-03", "en", (),
                       (NamedDate("1965-02-01", "1 Feb"), NamedDate("1964-12", ""), NamedDate("", "no date"))),
        DocumentRecord("b", "documents/b.html", "B", "", "1965", "ru", (), (NamedDate("1966-01-02", "2 Jan"),)),
        DocumentRecord("c", "documents/c.html", "C", "", "", "en", (), (NamedDate("1965-02-05", "5 Feb"),)),
        DocumentRecord("d", "documents/d.html", "D", "", "1965-02-03", "en"),
        DocumentRecord("e", "documents/e.html", "E", "", "", "zh"),
    ]  # fmt: skip
    renderer = get_renderer()
    for has_register in (False, True):
        whole = entity_pages._html(renderer, "timeline", entity_pages.timeline_source(records), 0, has_register)
        with monkeypatch.context() as patched:
            patched.setattr(entity_pages, "TIMELINE_ROWS_AT_ONCE", at_once)
            assert entity_pages.timeline_page(renderer, records, has_register) == whole
        assert entity_pages.timeline_page(renderer, records, has_register) == whole  # small: made whole
    shown = lxml.html.fromstring(whole)
    assert shown.xpath("count(//ol[@class='timeline-documents']/li)") == 5
    assert shown.xpath("count(//details[@class='timeline-named-dates']//li)") == 3


def test_the_warning_names_the_register_the_edition_keeps() -> None:
    from encoder.entity_pages import DocumentRecord, Mention, unregistered_refs
    from encoder.registers import Register

    record = DocumentRecord(
        "a-letter", "documents/a-letter.html", "A letter", "", "", "en",
        mentions=(Mention("place", "place-kaesong", "Kaesong", "name-1"),),
    )  # fmt: skip
    (warning,) = unregistered_refs(Register.of([], path="/corpus/tei/names.xml"), [record])
    assert warning.message == "a-letter names 'place-kaesong' (Kaesong), which names.xml lacks"
