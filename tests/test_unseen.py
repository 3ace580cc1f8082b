"""Transcripts the converter has never seen: the promises an outside user relies on.

Every file in ``fixtures/unseen`` (see its README for what each one exercises)
must convert without an exception, give TEI valid against tei_all, lose no
text (the round trip), and convert the same way twice. A few file-specific
checks pin what the converter already reads correctly.

Every conversion runs the full pipeline, including the converter's check of
its own output against the project schema and Schematron.
"""

from __future__ import annotations

import codecs
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from encoder.pipeline import ConversionResult, convert_file, serialize_tree
from encoder.round_trip import normalize_whitespace, to_text

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"
FILES = sorted(path.name for path in UNSEEN.glob("*.txt"))
NS = {"tei": "http://www.tei-c.org/ns/1.0", "xml": "http://www.w3.org/XML/1998/namespace"}


def decoded(name: str) -> str:
    """The transcript as a reader sees it: UTF-16 by its BOM, else UTF-8 (BOM optional)."""
    data = (UNSEEN / name).read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


@cache
def result(name: str) -> ConversionResult:
    return convert_file(UNSEEN / name)


def xp(name: str, path: str) -> list:
    return result(name).tree.xpath(path, namespaces=NS)


def texts(name: str, path: str) -> list[str]:
    return [" ".join("".join(node.itertext()).split()) for node in xp(name, path)]


def test_fixture_set() -> None:
    """At least 60 transcripts, each of a realistic length, each with its expectations."""
    assert len(FILES) >= 60
    for name in FILES:
        lines = decoded(name).splitlines()
        assert 15 <= len(lines) <= 60, f"{name}: {len(lines)} lines"
        assert (UNSEEN / name).with_suffix(".expect.toml").is_file(), f"{name} has no expectations"


@pytest.mark.parametrize("name", FILES)
def test_converts(name: str) -> None:
    """The full pipeline, with the converter's own schema check, does not raise."""
    convert_file(UNSEEN / name)


@pytest.mark.parametrize("name", FILES)
def test_valid_against_tei_all(name: str, tei_all: etree.RelaxNG) -> None:
    assert tei_all.validate(result(name).tree), tei_all.error_log


@pytest.mark.parametrize("name", FILES)
def test_round_trip_loses_nothing(name: str) -> None:
    text = decoded(name)
    back = to_text(result(name).tree)
    # The weaker "no lost text" check first: it points at the first dropped character.
    want, got = "".join(text.split()), "".join(back.split())
    common = next((i for i, (a, b) in enumerate(zip(want, got, strict=False)) if a != b), min(len(want), len(got)))
    assert want == got, (
        f"first difference at non-space char {common}: {want[common : common + 60]!r} vs {got[common : common + 60]!r}"
    )
    assert normalize_whitespace(back) == normalize_whitespace(text)


@pytest.mark.parametrize("name", FILES)
def test_deterministic(name: str) -> None:
    first = serialize_tree(convert_file(UNSEEN / name).tree)
    second = serialize_tree(convert_file(UNSEEN / name).tree)
    assert first == second


HELDOUT = Path(__file__).parent / "fixtures" / "heldout"


@pytest.mark.parametrize("name", sorted(path.name for path in HELDOUT.glob("*.txt")))
def test_heldout_transcripts_keep_the_promises(name: str, tei_all: etree.RelaxNG) -> None:
    """The held-out transcripts (never used to tune a rule) keep the promises that never bend."""
    text = (HELDOUT / name).read_text(encoding="utf-8")
    result = convert_file(HELDOUT / name)  # with the converter's own schema check
    assert tei_all.validate(result.tree), tei_all.error_log
    assert normalize_whitespace(to_text(result.tree)) == normalize_whitespace(text)
    assert serialize_tree(convert_file(HELDOUT / name).tree) == serialize_tree(result.tree)


# --- what a user relies on, file by file -------------------------------------------------


def header_title(name: str) -> str:
    return texts(name, "//tei:titleStmt/tei:title[@type='main']")[0]


def creation_when(name: str) -> list[str]:
    return xp(name, "//tei:profileDesc/tei:creation/tei:date/@when")


def languages(name: str) -> list[str]:
    return xp(name, "//tei:langUsage/tei:language/@ident")


def body(name: str) -> str:
    return "/tei:TEI/tei:text/tei:body/tei:div[@type='document']"


def test_soviet_letter_illegible() -> None:
    name = "1956-05-12-soviet-letter-illegible.txt"
    assert header_title(name) == "Letter from the Soviet Ambassador in Beijing to the CPSU Central Committee"
    assert creation_when(name) == ["1956-05-12"]
    assert languages(name) == ["ru", "en"]
    assert [(i.get("type"), i.text) for i in xp(name, "//tei:msIdentifier/tei:idno")] == [
        ("fond", "5"), ("opis", "30"), ("delo", "163"),
    ]  # fmt: skip
    assert xp(name, "//tei:msContents//tei:locus/@from") == ["88"]
    assert xp(name, "//tei:msContents//tei:locus/@to") == ["90"]
    # [88], [89], [90] lie in the cited range: page breaks.
    assert xp(name, "//tei:body//tei:pb[@type='folio']/@n") == ["88", "89", "90"]
    gaps = xp(name, "//tei:body//tei:gap[@reason='illegible']")
    assert len(gaps) == 5
    counted = [g for g in gaps if g.get("quantity")]
    assert [(g.get("quantity"), g.get("unit")) for g in counted] == [("3", "word")]
    assert "signature illegible" in texts(name, "//tei:body//tei:gap[@reason='illegible']/tei:desc")
    assert len(xp(name, "//tei:body//tei:note[@type='editorial']")) == 2
    assert len(xp(name, "//tei:body//tei:note[@type='translator']")) == 1
    # The stamp spans three lines and is one note, with its inner illegible mark.
    stamp = xp(name, "//tei:body//tei:note[starts-with(normalize-space(.), 'Stamp:')]")
    assert len(stamp) == 1 and stamp[0].xpath(".//tei:gap[@reason='illegible']", namespaces=NS)


def test_chinese_conversation_code_names() -> None:
    name = "1957-11-06-chinese-conversation-code-names.txt"
    # A bracket inside the title is kept as written.
    assert header_title(name).endswith("at the Lake Residence [Hungary House] in Moscow")
    assert creation_when(name) == ["1957-11-06"]
    assert xp(name, "//tei:body//tei:dateline/tei:date/@when")[0] == "1957-11-06T15:30:00"
    assert texts(name, "//tei:body//tei:dateline/tei:placeName") == ["Lake Residence"]
    assert texts(name, "//tei:body//tei:term") == ["ganbu"]
    assert texts(name, "//tei:body//tei:gloss") == ["cadre"]
    assert [(s.get("rend"), s.text) for s in xp(name, "//tei:body//tei:sic")] == [("bracketed-sic-bang", "rubles")]
    rends = xp(name, "//tei:body//tei:gap[@reason='omitted']/@rend")
    assert sorted(rends) == sorted(
        ["bracketed-ellipsis-dots", "ellipsis-char", "ellipsis", "ellipsis", "bracketed-ellipsis-char"]
    )
    kinds = {d.kind for d in result(name).decisions}
    assert {"unbalanced-quote", "unbalanced-bracket"} <= kinds


def test_gdr_report_bulleted_citation() -> None:
    name = "1958-03-12-gdr-report-mongolia.txt"
    notes = texts(name, "//tei:body//tei:note[@type='description']")
    assert any(n.startswith("Stamp:") and "Received 21 MAR 1958" in n and "Main Department IV" in n for n in notes)
    assert any(n.startswith("Letterhead:") and n.endswith("Mongolian People's Republic") for n in notes)
    assert any(n.startswith("crossed out:") and "twice" in n for n in notes)
    assert xp(name, f"{body(name)}/tei:div[@type='section']/@n") == ["1", "2", "3"]


def test_headerless_bulgarian_memo() -> None:
    name = "1960-09-headerless-bulgarian-trade-memo.txt"
    assert creation_when(name) == []  # no header and no sidecar: no date is invented
    assert [(r.get("type"), r.text) for r in xp(name, "//tei:body//tei:choice/tei:reg")] == [
        ("RR", "Ri Song-hun"), ("MR", "Ri Song Hun"),
    ]  # fmt: skip
    assert texts(name, "//tei:body//tei:postscript") == ["Distributed to: Comrades Zhivkov, Yugov, Lukanov"]


def test_gdr_stenographic_record_markdown() -> None:
    name = "1961-08-02-gdr-stenographic-record-markdown.txt"
    assert header_title(name) == (
        "Stenographic Record of a Meeting of First Secretaries of the Communist and Workers' "
        "Parties of the Warsaw Pact Member States (Excerpt)"
    )
    assert creation_when(name) == ["1961-08-02"]
    assert xp(name, "/tei:TEI/tei:teiHeader/@rend") == ["labelled markdown"]
    assert languages(name) == ["de", "ru", "en"]
    assert texts(name, "//tei:titleStmt/tei:respStmt[tei:resp='translated by']/tei:persName") == [
        "Karl-Heinz Weber", "Ruth Adler",
    ]  # fmt: skip
    assert xp(name, "//tei:publicationStmt/tei:idno[@type='URI']/text()") == [
        "https://digitalarchive.wilsoncenter.org/document/402216"
    ]
    # [311] and [1] are outside the cited range 17-19: not pages.
    assert xp(name, "//tei:body//tei:pb[@type='folio']") == []


def test_polish_embassy_hanoi() -> None:
    name = "1961-11-30-polish-embassy-hanoi-report.txt"
    assert header_title(name) == (
        "Report of the Polish Embassy in Hanoi on the Visit of the Vietnamese Trade Delegation to Warsaw"
    )
    assert creation_when(name) == ["1961-11-30"]
    assert languages(name) == ["pl", "en"]
    assert texts(name, "//tei:titleStmt/tei:funder") == ["the Henry Luce Foundation"]
    assert xp(name, "//tei:msContents//tei:locus/@from") == ["4"]
    assert xp(name, "//tei:msContents//tei:locus/@to") == ["9"]
    assert [(s.get("rend"), s.text) for s in xp(name, "//tei:body//tei:sic")] == [("bracketed-sic", "deliverd")]
    assert texts(name, "//tei:body//tei:choice/tei:abbr") == ["DRV"]
    assert texts(name, "//tei:body//tei:choice/tei:expan") == ["Democratic Republic of Vietnam"]
    assert sorted(xp(name, "//tei:body//tei:gap[@reason='omitted']/@rend")) == [
        "bracketed-ellipsis", "bracketed-ellipsis-char",
    ]  # fmt: skip
    # [1] and [2] are outside the cited range 4-9: not pages.
    assert xp(name, "//tei:body//tei:pb[@type='folio']") == []


def test_pdf_polish_soviet_consultation() -> None:
    name = "1962-05-02-pdf-polish-soviet-consultation.txt"
    assert texts(name, "//tei:body//tei:gloss") == ["that goes without saying"]
    assert texts(name, "//tei:body//tei:term") == ["eto samo soboi razumeetsia"]


def test_hungarian_cipher_telegram() -> None:
    name = "1962-05-14-hungarian-cipher-telegram-havana.txt"
    assert (
        header_title(name) == "Cipher Telegram from the Hungarian Embassy in Havana to the Ministry of Foreign Affairs"
    )
    assert creation_when(name) == ["1962-05-14"]
    assert languages(name) == ["hu", "en"]
    for role in ("obtained by", "translated by"):  # "Obtained and translated by": one respStmt per role
        assert texts(name, f"//tei:titleStmt/tei:respStmt[tei:resp='{role}']/tei:persName") == ["Eszter Varga"]
    assert texts(name, "//tei:body//tei:opener/tei:note[@type='classification']") == [
        "TOP SECRET", "Making copies is forbidden",
    ]  # fmt: skip
    routing = texts(name, "//tei:body//tei:opener/tei:note[@type='routing']")
    assert [r.split(":")[0] for r in routing] == ["Dispatched", "Received", "To", "From", "Re"]
    # the time of dispatch and receipt is part of the date
    assert xp(name, "//tei:body//tei:opener//tei:date/@when") == ["1962-05-14T22:40:00", "1962-05-15T08:15:00"]
    # Brackets inside words: the letters supplied inside the word.
    assert texts(name, "//tei:body//tei:supplied[@reason='expansion']") == ["efense", "inister", "ustavo"]
    completed = xp(name, "//tei:body//tei:date[tei:supplied[@reason='date-completion']]")
    assert [(d.get("when"), "".join(d.itertext())) for d in completed] == [("1961", "1961")]


def test_romanian_unlabelled_layout() -> None:
    name = "1963-07-03-romanian-party-delegation-conversation.txt"
    assert header_title(name) == (
        "Minutes of Conversation between the Romanian Party Delegation and Comrade Miller "
        "of the Communist Party of Great Britain"
    )


def test_mongolian_cable_crlf() -> None:
    name = "1964-08-08-mongolian-cable-beijing-crlf.txt"
    assert b"\r\n" in (UNSEEN / name).read_bytes()
    assert (
        header_title(name)
        == "Cable from the Mongolian Embassy in Beijing to the Ministry of Foreign Affairs of the MPR"
    )
    assert creation_when(name) == ["1964-08-08"]
    assert languages(name) == ["mn", "en"]
    assert xp(name, "//tei:msContents//tei:locus/@from") == ["51"]
    assert xp(name, "//tei:msContents//tei:locus/@to") == ["53"]
    # Page breaks from the cited range 51-53; the footnote number [1] is not one.
    assert xp(name, "//tei:body//tei:pb[@type='folio']/@n") == ["52", "53"]
    assert "\r" not in "".join(result(name).tree.getroot().itertext())


def test_headerless_soviet_cipher_telegram() -> None:
    name = "1965-10-headerless-soviet-cipher-telegram.txt"
    assert creation_when(name) == []  # no header and no sidecar: no date is invented
    assert texts(name, "//tei:body//tei:closer/tei:signed") == ["GORCHAKOV"]


def test_vietnamese_note_utf16() -> None:
    name = "1967-03-21-vietnamese-note-tokyo-utf16.txt"
    assert (UNSEEN / name).read_bytes().startswith(codecs.BOM_UTF16_LE)
    assert header_title(name) == (
        "Note from the Vietnamese Embassy in Tokyo on a Meeting with Representatives of the Japan Socialist Party"
    )
    assert creation_when(name) == ["1967-03-21"]
    assert languages(name) == ["vi", "en"]
    assert texts(name, "//tei:titleStmt/tei:respStmt[tei:resp='translated by']/tei:persName") == ["Nguyễn Thị Lan"]
    assert "Comrade Đỗ Xuân Oánh received Mr. Sasaki Kōzō" in "".join(xp(name, body(name))[0].itertext())
    assert texts(name, "//tei:body//tei:note[@type='editorial']") == [
        "Ed. note: The planned visit did not take place in 1967."
    ]


def test_czechoslovak_report_damaged() -> None:
    name = "1968-08-19-czechoslovak-report-damaged.txt"
    assert creation_when(name) == ["1968-08-19"]
    assert languages(name) == ["cs", "en"]
    # Damage is reported, never silently repaired.
    slips = [d.text for d in result(name).decisions if d.kind == "suspected-slip"]
    for damaged in ("Kim II", "People s", "Moscew", "sigued"):
        assert damaged in slips
    assert any("?" in slip for slip in slips)
    text = "".join(xp(name, body(name))[0].itertext())
    assert "Comrade Dvo??k" in text and "Kim II Sung" in text and "Moscew" in text
    # The truncated last word is kept as it is.
    assert texts(name, f"{body(name)}/tei:p[last()]")[0].endswith("to report every chan")


def test_polish_embassy_tokyo_nbsp() -> None:
    name = "1971-10-05-polish-embassy-tokyo-nbsp.txt"
    assert header_title(name) == (
        "Record of Conversation of the Polish Ambassador in Tokyo with Representatives of the Japanese Foreign Ministry"
    )
    assert creation_when(name) == ["1971-10-05"]
    # Literal <br /> becomes a line break that remembers its form.
    assert len(xp(name, "//tei:body//tei:lb[@rend='html-br']")) == 2
    # Lines of no-break spaces separate blocks: the dateline and classification, then paragraphs.
    assert texts(name, "//tei:body//tei:opener/*[not(self::tei:lb)]") == ["Tokyo, 5 October 1971", "Secret"]
    assert texts(name, f"{body(name)}/tei:list[@type='participants']/tei:head") == ["Present:"]
    assert len(xp(name, f"{body(name)}/tei:p")) >= 4
    assert "\u00a0" not in "".join(xp(name, body(name))[0].itertext())
