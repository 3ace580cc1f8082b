"""The encoded sample corpus: regenerated, valid, lossless, and right where it matters."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TEI_DIR, TRANSCRIPTS
from fixture_format import NAMESPACES, canonical_fragment
from lxml import etree

from encoder.pipeline import convert_file
from encoder.round_trip import normalize_whitespace, to_text

SAMPLES = sorted(TRANSCRIPTS.glob("*.txt"))
IDS = [path.stem for path in SAMPLES]


def encoded(path: Path) -> Path:
    return TEI_DIR / f"{path.stem}.xml"


@pytest.fixture(scope="module")
def conversions() -> dict[str, etree._ElementTree]:
    return {path.stem: convert_file(path, output_path=encoded(path)).tree for path in SAMPLES}


def test_five_samples_are_bundled() -> None:
    assert len(SAMPLES) == 5
    assert all(encoded(path).is_file() for path in SAMPLES)


@pytest.mark.parametrize("path", SAMPLES, ids=IDS)
def test_committed_tei_is_what_the_converter_writes(path: Path, conversions: dict[str, etree._ElementTree]) -> None:
    """Golden files: tei/NAME.xml must be regenerated when the converter changes."""
    committed = etree.parse(str(encoded(path)))
    fresh = conversions[path.stem]
    assert canonical_fragment([fresh.getroot()]) == canonical_fragment([committed.getroot()]), (
        f"tei/{path.stem}.xml is stale: run `tei-encoder convert tei/transcripts -o tei` and review the diff"
    )


@pytest.mark.parametrize("path", SAMPLES, ids=IDS)
def test_committed_tei_is_byte_identical_to_a_fresh_conversion(path: Path) -> None:
    fresh = convert_file(path, output_path=encoded(path)).to_bytes()
    assert fresh == encoded(path).read_bytes()


@pytest.mark.parametrize("path", SAMPLES, ids=IDS)
def test_sample_is_valid_tei_all(path: Path, tei_all: etree.RelaxNG) -> None:
    document = etree.parse(str(encoded(path)))
    assert tei_all.validate(document), tei_all.error_log


@pytest.mark.parametrize("path", SAMPLES, ids=IDS)
def test_round_trip_reproduces_the_transcript(path: Path) -> None:
    document = etree.parse(str(encoded(path)))
    original = path.read_text(encoding="utf-8-sig")
    assert normalize_whitespace(to_text(document)) == normalize_whitespace(original)


def _xpath(document: etree._ElementTree, path: str) -> list[str]:
    return [str(value) for value in document.xpath(path, namespaces=NAMESPACES)]


def test_page_breaks_exactly_where_the_transcript_marks_archival_pages(
    conversions: dict[str, etree._ElementTree],
) -> None:
    pages = {name: _xpath(tree, "//tei:pb[@type='folio']/@n") for name, tree in conversions.items()}
    assert pages == {
        "1963-02-20-hao-deqing-andropov-visit": [],
        "1965-02-10-pan-zili-kim-byeong-jik-conversation": [],  # "[1] would like" is no page (70-79)
        "1965-03-02-telegram-soviet-korean-talks": [],
        "1965-06-04-soviet-embassy-korean-chinese-relations": [
            "15", "16", "17", "18", "19", "20", "22", "24", "26", "27",
        ],
        "1965-12-26-li-xiannian-kim-il-sung-conversation": [],
    }  # fmt: skip


def test_every_footnote_sits_at_its_marker(conversions: dict[str, etree._ElementTree]) -> None:
    tree = conversions["1965-06-04-soviet-embassy-korean-chinese-relations"]
    notes = tree.xpath("//tei:note[@place='foot']", namespaces=NAMESPACES)
    assert len(notes) == 7
    running_text = "".join(tree.xpath("//tei:body//text()[not(ancestor::tei:note)]", namespaces=NAMESPACES))
    assert "*" not in running_text
    assert "In 1964 the corresponding" not in running_text
    hongqi = tree.xpath("//tei:q[.='Hongqi']", namespaces=NAMESPACES)[0]
    assert etree.QName(hongqi.getnext()).localname == "note"
    assert "".join(hongqi.getnext().itertext()).startswith("In 1964 the corresponding")


def test_redaction_is_a_gap_with_the_translators_note(
    conversions: dict[str, etree._ElementTree],
) -> None:
    tree = conversions["1963-02-20-hao-deqing-andropov-visit"]
    (gap,) = tree.xpath("//tei:gap[@reason='redacted']", namespaces=NAMESPACES)
    assert (gap.get("quantity"), gap.get("unit")) == ("2.5", "page")
    note = gap.getnext()
    assert note.get("type") == "translator"
    assert "blotted out" in "".join(note.itertext())


def test_supplied_words_glosses_and_romanizations(
    conversions: dict[str, etree._ElementTree],
) -> None:
    conversation = conversions["1965-02-10-pan-zili-kim-byeong-jik-conversation"]
    assert _xpath(conversation, "(//tei:supplied[.='North'])[1]/@reason") == ["clarification"]
    regs = [
        f"{reg.get('type')}:{reg.text}"
        for reg in conversation.xpath("//tei:persName/tei:choice[@rend='bracketed']/tei:reg", namespaces=NAMESPACES)
    ]
    assert regs[:2] == ["RR:Kim Byeong-jik", "MR:Kim Pyong Jik"]
    report = conversions["1965-06-04-soviet-embassy-korean-chinese-relations"]
    assert _xpath(report, "//tei:choice[tei:abbr='VNS']/tei:expan/text()") == ["Supreme People's Assembly"]
    assert _xpath(report, "//tei:choice[@rend='fused']/tei:reg[1]/text()")[:1] == ["Kukche Senhwal"]
    cable = conversions["1965-12-26-li-xiannian-kim-il-sung-conversation"]
    assert _xpath(cable, "//tei:date[tei:supplied='December']/@when") == [
        "1965-12-28",
        "1965-12-29",
    ]
    assert _xpath(cable, "//tei:placeName/tei:choice/tei:reg[@type='RR']/text()") == [
        "Gyeongsang",
        "Jeolla",
    ]


def test_headers(conversions: dict[str, etree._ElementTree]) -> None:
    report = conversions["1965-06-04-soviet-embassy-korean-chinese-relations"]
    assert _xpath(report, "//tei:creation/tei:date/@when") == ["1965-06-04"]
    idnos = report.xpath("//tei:msIdentifier/tei:idno", namespaces=NAMESPACES)
    assert [f"{idno.get('type')}={idno.text}" for idno in idnos] == [
        "fond=0102", "opis=21", "papka=106", "delo=20",
    ]  # fmt: skip
    assert _xpath(report, "//tei:locus/@from") + _xpath(report, "//tei:locus/@to") == ["14", "27"]
    assert _xpath(report, "//tei:langUsage/tei:language/@ident") == ["ru", "en"]
    conversation = conversions["1965-02-10-pan-zili-kim-byeong-jik-conversation"]
    assert _xpath(conversation, "//tei:respStmt[tei:resp='translated by']/tei:persName/text()") == [
        "Jeffrey Wang", "Charles Kraus",
    ]  # fmt: skip
    assert _xpath(conversation, "//tei:funder/text()") == ["MacArthur Foundation"]
    assert _xpath(conversation, "//tei:opener/tei:dateline/tei:date/@when") == ["1965-02-10T16:00:00"]
    bare = conversions["1963-02-20-hao-deqing-andropov-visit"]
    assert _xpath(bare, "//tei:teiHeader/@rend") == ["none"]
    assert _xpath(bare, "//tei:creation/tei:date/@when") == ["1963-02-20"]
    assert _xpath(bare, "//tei:creation/tei:date/@cert") == ["medium"]  # inferred, and says so
