"""The views on the document structures the converter emits beyond paragraphs:
pipe tables, speeches and stage directions, participants and marked lists,
letter-spaced headings, the rule over a list of notes, unbracketed end notes,
typescript pages, language and summary notes, letterheads, and the header's
notesStmt (the header as written is never shown; the credits stand where the
funder would).

Each test converts a transcript from ``fixtures/unseen`` (without schema
validation: these tests are about the views) and renders it with the reading
view, or the print view, as a reader would get it.
"""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from encoder.pipeline import convert_file
from encoder.views import get_renderer

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"
NS = {"tei": "http://www.tei-c.org/ns/1.0"}

TRADE_MEMO = "1960-09-headerless-bulgarian-trade-memo"
STENOGRAM = "1961-08-02-gdr-stenographic-record-markdown"
ROMANIAN_CONVERSATION = "1963-07-03-romanian-party-delegation-conversation"
RED_CROSS = "1972-09-02-south-north-red-cross-working-contact"
HEAVY_INDUSTRY = "1954-03-15-hungarian-legation-beijing-heavy-industry"
MEDICAL_AID = "1950-09-14-czechoslovak-mfa-letter-pyongyang"
ICC_NOTE = "1955-04-22-polish-icc-delegation-hanoi-note"
TOKYO_NBSP = "1971-10-05-polish-embassy-tokyo-nbsp"
HAVANA_TELEGRAM = "1962-05-14-hungarian-cipher-telegram-havana"
FISHERMEN = "1956-08-03-pdf-drv-letter-polish-icc-fishermen"
MONGOLIAN_RAILWAY = "1952-08-26-mongolian-legation-beijing-railway-pdf"


@cache
def tei(name: str) -> etree._ElementTree:
    return convert_file(UNSEEN / f"{name}.txt", validate=False).tree


@cache
def page(name: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(get_renderer().render_html(tei(name)))


@cache
def print_page(name: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(get_renderer().render_print_html(tei(name)))


def text_section(name: str) -> lxml.html.HtmlElement:
    (section,) = page(name).xpath("//section[@id='text']")
    assert isinstance(section, lxml.html.HtmlElement)
    return section


def has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def words(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def visible_text(document: lxml.html.HtmlElement) -> str:
    """The page's words, without its style sheet and script."""
    body = document.xpath("//body")[0]
    return " ".join(
        " ".join(node.split())
        for node in body.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")
        if node.strip()
    )


# ---- tables ----


def test_pipe_table_is_an_html_table_whose_separator_line_makes_the_header() -> None:
    (table,) = text_section(TRADE_MEMO).xpath(f".//table[{has_class('tei-table')}]")
    header = table.xpath("./thead/tr/th")
    assert [words(cell) for cell in header] == ["Goods", "Planned (t)", "Delivered (t)", "Remarks"]
    assert {cell.get("scope") for cell in header} == {"col"}
    body_rows = table.xpath("./tbody/tr")
    tei_rows = tei(TRADE_MEMO).xpath("//tei:body//tei:table/tei:row", namespaces=NS)
    assert len(body_rows) == len(tei_rows) - 1 == 4
    assert [len(row.xpath("./td")) for row in body_rows] == [4, 4, 4, 4]
    assert len(table.xpath(".//td | .//th")) == len(tei(TRADE_MEMO).xpath("//tei:cell", namespaces=NS)) == 20
    assert [words(cell) for cell in body_rows[1].xpath("./td")] == ["Rose oil", "0.4", "0.4", "delivered in full"]


def test_markdown_separator_row_is_never_shown() -> None:
    for name in (TRADE_MEMO, STENOGRAM):
        section = text_section(name)
        assert "---" not in section.text_content(), name
        assert not section.xpath(".//table//hr | .//table//*[contains(., '|')]"), name
        table = section.xpath(".//table")[0]
        # nothing but rows: the rule is not drawn as a row of its own
        assert not table.xpath("./tbody/tr[not(td | th)] | ./tbody/tr[td[@colspan]]"), name


def test_stenogram_table_has_three_columns_and_a_header() -> None:
    (table,) = text_section(STENOGRAM).xpath(".//table")
    assert [words(cell) for cell in table.xpath("./thead/tr/th")] == ["Country", "Agreed", "Reservations"]
    assert [words(row.xpath("./td")[0]) for row in table.xpath("./tbody/tr")[:2]] == ["ČSSR", "Hungary"]


# ---- speeches and stage directions ----


@pytest.mark.parametrize("name", [STENOGRAM, ROMANIAN_CONVERSATION, RED_CROSS])
def test_each_speech_opens_with_its_speaker_then_what_was_said(name: str) -> None:
    speeches = text_section(name).xpath(f".//div[{has_class('tei-sp')}]")
    assert len(speeches) == len(tei(name).xpath("//tei:body//tei:sp", namespaces=NS)) > 2
    for speech in speeches:
        first = speech.xpath("./*")[0]
        assert "tei-speaker" in first.get("class", "").split()
        # the label as written ("MILLER:", "South (CHANG):"; Markdown bold is the converter's to keep)
        assert first.tag == "p" and words(first).rstrip("*").endswith(":")
        assert speech.xpath(f"./p[{has_class('tei-p')}]"), words(speech)
        assert speech.get("data-who", "").startswith("#")


def test_speaker_label_is_bold_and_the_speech_set_off_in_both_views() -> None:
    css = page(ROMANIAN_CONVERSATION).xpath("string(//style)")
    assert re.search(r"\.tei-sp > \.tei-speaker \{[^}]*font-weight: bold", css)
    assert re.search(r"\.tei-sp \{[^}]*padding-left", css)
    assert re.search(r"\.tei-stage \{[^}]*font-style: italic", css)
    print_css = " ".join(print_page(ROMANIAN_CONVERSATION).xpath("//style/text()"))
    assert re.search(r"\.tei-sp > \.tei-speaker \{[^}]*font-weight: bold", print_css)
    assert re.search(r"\.tei-stage \{[^}]*font-style: italic", print_css)


def test_stage_direction_between_speeches_is_a_paragraph_of_its_own() -> None:
    stages = text_section(ROMANIAN_CONVERSATION).xpath(f".//p[{has_class('tei-stage')}]")
    assert [words(stage) for stage in stages] == ["(Laughter.)", "(Laughter. Applause.)"]
    assert all(not stage.xpath(f"ancestor::div[{has_class('tei-sp')}]") for stage in stages)
    (applause,) = text_section(STENOGRAM).xpath(f".//p[{has_class('tei-stage')}]")
    assert words(applause) == "(Applause.)"


# ---- lists ----


def test_participants_list_has_its_heading_and_groups_with_their_own_headings() -> None:
    (participants,) = text_section(HEAVY_INDUSTRY).xpath(f".//div[{has_class('tei-list-participants')}]")
    heading = participants.xpath("./*")[0]
    assert heading.tag == "p" and words(heading) == "Participants:"
    groups = participants.xpath(f"./ul[{has_class('tei-list-items')}]/li/div[{has_class('tei-list')}]")
    assert [words(group.xpath(f"./p[{has_class('tei-head')}]")[0]) for group in groups] == [
        "From the Chinese side",
        "From the Hungarian side",
    ]
    assert [words(item) for item in groups[0].xpath("./ul/li")] == [
        "WANG Heshou, Minister of Heavy Industry",
        "LIU Ding, Deputy Minister",
    ]
    # a heading is never an item of the list
    assert not participants.xpath(f".//li[{has_class('tei-head')}]")
    css = page(HEAVY_INDUSTRY).xpath("string(//style)")
    assert re.search(r"\.tei-list-participants \.tei-list-items \{[^}]*list-style: none", css)


def test_lists_whose_items_carry_their_markers_get_no_marker_of_the_view() -> None:
    (ordered,) = text_section(HEAVY_INDUSTRY).xpath(f".//ol[{has_class('tei-list-marked')}]")
    assert words(ordered.xpath("./li")[0]) == "1) the design of rolling mills;"
    assert ordered.xpath("./li/@data-n") == ["1", "2", "3"]
    section = text_section(MEDICAL_AID)
    (lettered,) = section.xpath(f".//ol[{has_class('tei-list-marked')}]")
    assert [words(item)[:2] for item in lettered.xpath("./li")] == ["a)", "b)", "c)"]
    (dashed,) = section.xpath(f".//div[{has_class('tei-postscript')}]//ul[{has_class('tei-list-marked')}]")
    assert all(words(item).startswith("- ") for item in dashed.xpath("./li"))
    (bullets,) = text_section(TRADE_MEMO).xpath(f".//ul[{has_class('tei-list-marked')}]")
    assert [words(item)[0] for item in bullets.xpath("./li")] == ["•", "•", "-"]
    css = page(HEAVY_INDUSTRY).xpath("string(//style)")
    assert re.search(r"\.tei-list-items\.tei-list-marked \{[^}]*list-style: none", css)


# ---- headings, rules, notes ----


def test_letter_spaced_heading_is_set_with_letter_spacing() -> None:
    (heading,) = text_section(ICC_NOTE).xpath(".//h2[span]")
    (spaced,) = heading.xpath(f"./span[{has_class('tei-rend-letterspaced')}]")
    assert words(spaced) == "NOTE"
    assert words(heading).startswith("NOTE on a meeting")
    assert re.search(r"\.tei-rend-letterspaced \{[^}]*letter-spacing", page(ICC_NOTE).xpath("string(//style)"))


@pytest.mark.parametrize("name", [TOKYO_NBSP, HAVANA_TELEGRAM])
def test_rule_over_the_notes_is_a_short_rule_and_the_notes_are_called_where_referenced(name: str) -> None:
    section = text_section(name)
    (rule,) = section.xpath(f".//hr[{has_class('tei-milestone-rule')}]")
    assert "—" not in section.text_content()
    calls = section.xpath(f".//a[{has_class('tei-note-ref')}]")
    assert len(calls) == 2
    entries = page(name).xpath("//ol[@class='note-list']/li")
    assert len(entries) == 2
    # no note text is left standing after the rule
    assert not rule.xpath("following-sibling::*[contains(., 'ambassador in Tokyo') or contains(., 'radar')]")
    assert re.search(r"hr\.tei-milestone-rule \{[^}]*width", page(name).xpath("string(//style)"))


def test_unbracketed_note_references_show_their_marker_as_written() -> None:
    first_call = text_section(TOKYO_NBSP).xpath(f".//a[{has_class('tei-note-ref')}]")[0]
    assert "Ambassador W. NOWAK" in first_call.xpath("ancestor::li")[0].text_content()  # the participants list
    x_call = text_section(HAVANA_TELEGRAM).xpath(f".//a[{has_class('tei-note-ref')}]")[0]
    assert x_call.xpath(f"string(span[{has_class('tei-sign')}])") == "x/"
    (entry,) = page(HAVANA_TELEGRAM).xpath("//ol[@class='note-list']/li[1]")
    assert "radar stations" in entry.text_content()


def test_typescript_page_number_is_marked_as_written_and_named_in_words() -> None:
    (marker,) = text_section(RED_CROSS).xpath(f".//span[{has_class('tei-pb-page')}]")
    assert marker.get("data-n") == "4"
    assert marker.xpath(f"string(.//span[{has_class('visually-hidden')}])") == "Page of the typescript 4"
    assert marker.xpath("string(.//span[@aria-hidden='true'])") == "- 4 -"


def test_summary_after_the_text_is_a_block_not_a_footnote() -> None:
    section = text_section(ROMANIAN_CONVERSATION)
    (summary,) = section.xpath(f".//p[{has_class('tei-note-summary')}]")
    assert words(summary).startswith("Summary: The Romanian leadership")
    assert not section.xpath(f".//a[{has_class('tei-note-ref')}]")
    assert not page(ROMANIAN_CONVERSATION).xpath("//ol[@class='note-list']")


def test_language_note_is_a_translators_note_in_the_line() -> None:
    (note,) = text_section(FISHERMEN).xpath(f".//span[{has_class('tei-note-language')}]")
    assert words(note) == "in Vietnamese"
    assert note.get("role") == "note" and "language" in note.get("title", "")
    assert note.xpath("ancestor::p")


def test_letterhead_opens_the_letter_and_line_breaks_between_opener_lines_add_no_blank_line() -> None:
    (opener,) = text_section(MEDICAL_AID).xpath(f".//div[{has_class('tei-opener')}]")
    letterhead = opener.xpath("./*")[0]
    assert "tei-note-letterhead" in letterhead.get("class", "").split()
    assert letterhead.xpath("./br") and words(letterhead) == "MINISTRY OF FOREIGN AFFAIRSFourth Division"
    assert not opener.xpath("./br")
    (closer,) = text_section(MEDICAL_AID).xpath(f".//div[{has_class('tei-closer')}]")
    signed = closer.xpath(f"./p[{has_class('tei-signed')}]")[0]
    assert signed.xpath(f"./span[{has_class('tei-persName')}]") and signed.xpath(f"./span[{has_class('tei-roleName')}]")


# ---- the header's notesStmt ----


@pytest.mark.parametrize("name", [STENOGRAM, RED_CROSS, HEAVY_INDUSTRY])
def test_header_as_written_is_not_shown(name: str) -> None:
    (header_note,) = tei(name).xpath("//tei:notesStmt/tei:note[@type='header']", namespaces=NS)
    shown = visible_text(page(name))
    assert " ".join(header_note.text.split()) not in shown
    for line in ("**Citation:**", "Contents:", "Translation - English", "Citation:"):
        if line in header_note.text:
            assert line not in shown, line


def test_credits_stand_where_the_funder_is_and_residue_is_not_shown() -> None:
    fields = {
        words(dt): words(dt.getnext()) for dt in page(RED_CROSS).xpath("//aside[contains(@class, 'metadata')]//dt")
    }
    assert fields["Credits"] == (
        "This document was made possible with support from the Henry Luce Foundation and the Korea Foundation"
    )
    assert "Funder" not in fields
    header = tei(MONGOLIAN_RAILWAY)
    citation = header.xpath("string(//tei:sourceDesc/tei:bibl)", namespaces=NS)
    residue = header.xpath("//tei:notesStmt/tei:note[@type='residue']/text()", namespaces=NS)
    # (a residue line may also be part of the citation, as the site's address is)
    assert [line for line in residue if line not in citation] == ["Digital Archive International History Declassified"]
    shown = visible_text(page(MONGOLIAN_RAILWAY))
    assert all(line not in shown for line in residue if line not in citation)


# ---- the print view ----


def test_print_view_renders_the_same_structures() -> None:
    memo = print_page(TRADE_MEMO)
    assert words(memo.xpath("//main//table/thead/tr/th")[0]) == "Goods"
    assert len(memo.xpath("//main//table//td | //main//table//th")) == 20
    assert "---" not in memo.xpath("string(//main)")
    stenogram = print_page(STENOGRAM)
    speeches = stenogram.xpath(f"//main//div[{has_class('tei-sp')}]/p[{has_class('tei-speaker')}]")
    assert len(speeches) == len(tei(STENOGRAM).xpath("//tei:body//tei:sp", namespaces=NS)) == 4
    participants = print_page(HEAVY_INDUSTRY)
    assert participants.xpath(f"//main//div[{has_class('tei-list-participants')}]/p[{has_class('tei-head')}]")
    assert print_page(TOKYO_NBSP).xpath(f"//main//hr[{has_class('tei-milestone-rule')}]")
    red_cross = print_page(RED_CROSS)
    assert red_cross.xpath(f"string(//main//span[{has_class('tei-pb-page')}]//span[@aria-hidden='true'])") == "- 4 -"
    assert "Translation - English" not in visible_text(red_cross)
    css = " ".join(red_cross.xpath("//style/text()"))
    assert re.search(r"\.tei-pb-page \.tei-pb-number::before \{[^}]*content: none", css)


def test_pdf_shows_the_table_and_the_speakers_without_the_separator_row(tmp_path: Path) -> None:
    pdf = tmp_path / "stenogram.pdf"
    pdf.write_bytes(get_renderer().render_pdf(tei(STENOGRAM)))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Country\s+Agreed\s+Reservations", text)
    assert "ULBRICHT:" in text and "(Applause.)" in text
    assert "---" not in text
