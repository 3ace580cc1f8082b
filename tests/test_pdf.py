"""The print view as PDF, read back with pdftotext: footnotes at the foot of
the page that calls them, running head, page numbers, archival page numbers."""

from __future__ import annotations

import contextlib
import copy
import html
import itertools
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from lxml import etree

from encoder import pdf_footnotes
from encoder.pdf_footnotes import late_notes
from encoder.safexml import parse_xml_file
from encoder.views import ASSETS_DIR, get_renderer, restricted_url_fetcher

# The encoded documents (registers.xml, the register of names, is no document).
CORPUS = sorted(path for path in (Path(__file__).parent.parent / "tei").glob("*.xml") if path.name != "registers.xml")

SAMPLE = Path(__file__).parent / "views_golden" / "document.xml"
TEI = "{http://www.tei-c.org/ns/1.0}"
FILLER = (
    "The ambassadors exchanged views on the international communist movement and the "
    "policies of the new leadership, and agreed to meet again after the conference. "
) * 4


def pdf_pages(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    """The text of each page, line by line, in reading order from the top."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is missing: run scripts/setup.sh")
    path = tmp_path / "view.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [page.splitlines() for page in text.split("\f") if page.strip()]


def long_document() -> etree._ElementTree:
    """The sample's header with a body long enough for three pages; the
    footnote is called on the second page, the archival page 71 starts there."""
    tree = parse_xml_file(SAMPLE)
    body = tree.getroot().find(f"{TEI}text/{TEI}body")
    assert body is not None
    for child in list(body):
        body.remove(child)
    div = etree.SubElement(body, f"{TEI}div", type="document")
    for number in range(1, 31):
        paragraph = etree.SubElement(div, f"{TEI}p")
        paragraph.text = f"Paragraph {number}. {FILLER}"
        if number == 1:
            folio = etree.Element(f"{TEI}pb", n="70", type="folio")
            folio.tail, paragraph.text = paragraph.text, None
            paragraph.insert(0, folio)
        if number == 12:
            etree.SubElement(paragraph, f"{TEI}pb", n="71", type="folio").tail = "Then CALLHERE"
            note = etree.SubElement(paragraph, f"{TEI}note", place="foot", type="translator", n="*")
            note.text = "FOOTNOTE-TEXT explains the call."
            note.tail = " and the paragraph goes on."
    return copy.deepcopy(tree)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[list[str]]:
    return pdf_pages(get_renderer().render_pdf(long_document()), tmp_path_factory.mktemp("pdf"))


def page_index(pages: list[list[str]], needle: str) -> int:
    found = [number for number, lines in enumerate(pages) if any(needle in line for line in lines)]
    assert len(found) == 1, f"{needle!r} on pages {found}"
    return found[0]


def test_footnote_is_at_the_foot_of_the_page_that_calls_it(pages: list[list[str]]) -> None:
    call_page = page_index(pages, "CALLHERE")
    assert call_page > 0, "the test needs the call past the first page"
    assert page_index(pages, "FOOTNOTE-TEXT") == call_page
    lines = pages[call_page]
    note_line = next(i for i, line in enumerate(lines) if "FOOTNOTE-TEXT" in line)
    body_lines = [i for i, line in enumerate(lines) if "Paragraph" in line or "ambassadors" in line]
    assert body_lines and note_line > max(body_lines), "the footnote sits below the body text"


def test_running_head_and_page_numbers(pages: list[list[str]]) -> None:
    assert len(pages) >= 3
    for number, lines in enumerate(pages, start=1):
        assert any(re.fullmatch(rf"\s*{number}\s*/\s*{len(pages)}\s*", line) for line in lines), number
    # the running head is the title, from the second page on
    running_head = "Record of Conversation between Ambassador Pan Zili and Ambassador Kim Byeong-jik"
    assert not any(running_head in line for line in pages[0])
    assert all(running_head in lines[0] for lines in pages[1:])


def test_title_block_and_archival_page_numbers_in_the_margin(pages: list[list[str]]) -> None:
    first = "\n".join(pages[0])
    for field in ("Citation", "Archive", "Translated by", "Funder", "Original language", "Summary"):
        assert field in first
    assert page_index(pages, "p. 70") == 0
    assert page_index(pages, "p. 71") == page_index(pages, "CALLHERE")
    # in the margin, level with the line where the page starts: left of the
    # text column (pdftotext may give the smaller marker a line of its own)
    lines = pages[0]
    marker = next(i for i, line in enumerate(lines) if "p. 70" in line)
    text_line = next(i for i, line in enumerate(lines) if "Paragraph 1." in line)
    assert abs(marker - text_line) <= 1
    assert lines[marker].index("p. 70") < lines[text_line].index("|Paragraph 1.")


def test_pdf_is_deterministic() -> None:
    renderer = get_renderer()
    tree = parse_xml_file(SAMPLE)
    assert renderer.render_pdf(tree) == renderer.render_pdf(tree)


def test_the_pdf_is_archival_tagged_and_carries_its_tei(tmp_path: Path) -> None:
    """PDF/A-3b in the XMP, structure tags, the document's metadata, and the TEI file embedded as its source."""
    import io

    from pypdf import PdfReader

    corpus_file = Path(__file__).parent.parent / "tei" / "1965-03-02-telegram-soviet-korean-talks.xml"
    output = tmp_path / "telegram.pdf"
    rendered = subprocess.run(
        [sys.executable, "-m", "encoder", "render", str(corpus_file), "--view", "pdf", "-o", str(output)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert rendered.returncode == 0, rendered.stderr
    reader = PdfReader(io.BytesIO(output.read_bytes()))
    xmp = reader.xmp_metadata
    assert xmp is not None
    packet = xmp.stream.get_data().decode()
    assert 'pdfaid:part="3"' in packet and 'pdfaid:conformance="B"' in packet
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "en"  # the text's language, from the TEI
    info = reader.metadata
    assert info is not None
    assert info.title is not None and info.title.startswith("Telegram, Chinese Embassy in North Korea")
    assert (info.author, info["/Creator"]) == ("Charles Kraus", "tei-encoder")
    assert info.subject is not None and info.subject.startswith("Report to the Ministry of Foreign Affairs")
    assert "Chinese" in info["/Keywords"]
    assert reader.attachments == {corpus_file.name: [corpus_file.read_bytes()]}
    (associated,) = {entry.get_object()["/AFRelationship"] for entry in catalog["/AF"]}
    assert associated == "/Source"


def test_the_corpus_pdfs_print_every_note_on_the_page_of_its_call(tmp_path: Path) -> None:
    """In each of the five sample PDFs: the call of every note, and the note's number with
    the first words of its text, on one page (pdftotext -layout, page by page)."""
    call_pattern = re.compile(r"(?<=[A-Za-z\"”'’.,;:)\]])(\d{1,2})(?=[\s.,;:)\"”'’\]]|$)")
    checked = 0
    for path in CORPUS:
        tree = parse_xml_file(path)
        notes = tree.getroot().xpath("//tei:text//tei:note[@place='foot']", namespaces={"tei": TEI[1:-1]})
        pages = pdf_pages(get_renderer().render_pdf(tree), tmp_path)
        calls: dict[int, int] = {}
        for index, page in enumerate(pages):
            for line in page:
                for call in call_pattern.finditer(line):
                    calls.setdefault(int(call.group(1)), index)
        for number, note in enumerate(notes, start=1):
            opening = " ".join("".join(note.itertext()).split()[:2])
            note_pages = [
                index for index, page in enumerate(pages) if any(f"{number}. {opening}" in line for line in page)
            ]
            assert note_pages == [calls.get(number)], (path.name, number, opening, note_pages, calls.get(number))
            checked += 1
    assert checked >= 7


def noted_document(note_length: int, paragraph: int) -> etree._ElementTree:
    """The long document with one note of ``note_length`` characters called at the end of paragraph ``paragraph``."""
    tree = long_document()
    paragraphs = tree.getroot().findall(f".//{TEI}body//{TEI}p")
    for note in tree.getroot().iter(f"{TEI}note"):
        note.getparent().remove(note)
    note = etree.SubElement(paragraphs[paragraph], f"{TEI}note", place="foot", type="translator", n="*")
    explanation = "The note explains the circumstances of the meeting in some detail. "
    note.text = "NOTESTART " + (explanation * (note_length // len(explanation) + 1))[:note_length] + " NOTEEND"
    note.tail = " and the text goes on."
    return tree


def note_and_call_pages(pdf: bytes, tmp_path: Path) -> tuple[set[int], set[int]]:
    """Pages with a note call (a small raised number in the text column) and pages with the note's words."""
    words = pdf_words(pdf, tmp_path)
    calls = {
        word.page
        for before, word in itertools.pairwise(words)
        if word.text.isdigit() and word.y_max - word.y_min < 8.5 and word.x_min > 80 and before.text != "p."
    }
    return calls, {word.page for word in words if word.text in {"NOTESTART", "NOTEEND"}}


# Paragraph 7 ends early on the third page: laid out by WeasyPrint alone, the
# note goes to the fourth, where the first line of a later paragraph at the
# foot of the third page pushed it (orphans); the rest are further cases.
@pytest.mark.parametrize(("note_length", "paragraph"), [(300, 7), (1200, 6), (2500, 10), (300, 10), (4000, 5)])
def test_a_note_of_any_length_is_printed_on_the_page_of_its_call(
    note_length: int, paragraph: int, tmp_path: Path
) -> None:
    calls, notes = note_and_call_pages(get_renderer().render_pdf(noted_document(note_length, paragraph)), tmp_path)
    assert len(calls) == 1 and calls == notes, (calls, notes)


def test_weasyprint_alone_would_print_the_note_a_page_late() -> None:
    """The first case above is one the remedy is needed for: WeasyPrint's own layout
    (no rounds) has the note on a later page than its call. If a new WeasyPrint
    no longer does this, the case still passes, and this test says so."""
    import weasyprint

    html = get_renderer().render_print_html(noted_document(300, 7))
    document = weasyprint.HTML(string=html, base_url=ASSETS_DIR.as_uri() + "/", url_fetcher=restricted_url_fetcher())
    assert late_notes(document.render()), "WeasyPrint now keeps this note with its call: pick another fixture case"


def test_a_note_the_layout_cannot_keep_with_its_call_is_printed_in_the_text_at_its_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last resort, taken here at once: the note in brackets with its number, after the word it is called from."""
    monkeypatch.setattr(pdf_footnotes, "MAX_ROUNDS", 0)
    pages = pdf_pages(get_renderer().render_pdf(noted_document(300, 7)), tmp_path)
    (line,) = [line for page in pages for line in page if "NOTESTART" in line]
    assert "conference. [1. NOTESTART The note explains" in line
    (page,) = [index for index, lines in enumerate(pages) if any("NOTEEND] and the text goes on." in x for x in lines)]
    assert page == next(index for index, lines in enumerate(pages) if any("NOTESTART" in x for x in lines))


def test_a_page_that_begins_inside_a_note_is_marked_in_the_note_not_in_the_margin(tmp_path: Path) -> None:
    """Folio 15 of the Soviet embassy report begins inside note 1: "… and others...| p. 15"."""
    path = Path(__file__).parent.parent / "tei" / "1965-06-04-soviet-embassy-korean-chinese-relations.xml"
    lines = [line for page in pdf_pages(get_renderer().render_pdf(parse_xml_file(path)), tmp_path) for line in page]
    (marked,) = [line for line in lines if "p. 15" in line]
    assert marked.rstrip().endswith("and others...| p. 15")


# ---- archival page numbers on the line where the page begins -------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """A word as ``pdftotext -bbox`` places it, in points from the page's top left."""

    text: str
    page: int
    x_min: float
    y_min: float
    x_max: float
    y_max: float

    @property
    def baseline(self) -> float:
        # pdftotext's box runs from the font's ascent to its descent; DejaVu's
        # descent is 483/2384 of that height in both the serif and the sans.
        return self.y_max - (self.y_max - self.y_min) * 483 / 2384


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def pdf_words(pdf: bytes, tmp_path: Path) -> list[Word]:
    """Every word of the PDF with its box, page by page in reading order."""
    path = tmp_path / "words.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [
        Word(html.unescape(found[5]), page, *(float(number) for number in found.groups()[:4]))
        for page, markup in enumerate(text.split("<page ")[1:])
        for found in WORD.finditer(markup)
    ]


def margin_folios(words: list[Word]) -> dict[str, Word]:
    """The numbers standing in the left margin, left of every word of the text column."""
    column = min(word.x_min for word in words if word.text not in {"p."} and word.x_min > 72)
    return {word.text: word for word in words if word.x_max < column - 10 and word.text != "p."}


def folio_document() -> etree._ElementTree:
    """A page break everywhere one can stand: at a paragraph's start, in its middle,
    between an omission and its full stop, as the last thing in a paragraph, between
    two paragraphs, and inside a footnote; each beside a word that names it."""
    tree = long_document()
    body = tree.getroot().find(f"{TEI}text/{TEI}body")
    assert body is not None
    for child in list(body):
        body.remove(child)
    div = etree.SubElement(body, f"{TEI}div", type="document")

    def paragraph(text: str | None = None) -> etree._Element:
        element = etree.SubElement(div, f"{TEI}p")
        element.text = text
        return element

    def page_break(parent: etree._Element, number: int, tail: str | None) -> None:
        etree.SubElement(parent, f"{TEI}pb", n=str(number), type="folio").tail = tail

    page_break(paragraph(), 81, "STARTS81 " + FILLER)
    page_break(paragraph(FILLER + "MIDDLE82"), 82, " goes on. " + FILLER)
    omission = paragraph(FILLER + "OMITS83")
    etree.SubElement(omission, f"{TEI}gap", reason="omitted", rend="ellipsis")
    page_break(omission, 83, ".")
    page_break(paragraph(FILLER + "ENDS84"), 84, None)
    paragraph(FILLER)
    page_break(div, 85, None)
    paragraph("FOLLOWS85 " + FILLER)
    called = paragraph(FILLER + "the call")
    note = etree.SubElement(called, f"{TEI}note", place="foot", type="translator", n="*")
    note.text = "A note over two archival pages:"
    page_break(note, 86, "NOTE86 goes on.")
    for _ in range(6):
        paragraph(FILLER)
    return tree


def test_margin_page_numbers_stand_on_the_baseline_of_the_line_where_the_page_begins(tmp_path: Path) -> None:
    words = pdf_words(get_renderer().render_pdf(folio_document()), tmp_path)
    folios = margin_folios(words)
    assert set(folios) == {"81", "82", "83", "84", "85"}, "inside a note the page is marked in the note"
    for number, marker in [
        ("81", "|STARTS81"),
        ("82", "MIDDLE82|"),
        ("83", "|."),
        ("84", "ENDS84|"),
        ("85", "FOLLOWS85"),
    ]:
        (line,) = [word for word in words if word.text.endswith(marker) or word.text == marker]
        folio = folios[number]
        assert folio.page == line.page, number
        assert abs(folio.baseline - line.baseline) < 0.5, (number, folio, line)
    (in_note,) = [word for word in words if word.text == "86"]
    (note_text,) = [word for word in words if word.text == "NOTE86"]
    assert abs(in_note.baseline - note_text.baseline) < 0.5 and in_note.x_max < note_text.x_min


def test_every_margin_page_number_of_the_corpus_stands_on_a_line_with_its_break(tmp_path: Path) -> None:
    """Each number in the margin shares its baseline with a break mark "|" of the text
    (or with a paragraph's first word, where the page begins between paragraphs),
    and every break mark in the text column has its number beside it."""
    checked = 0
    for path in CORPUS:
        words = pdf_words(get_renderer().render_pdf(parse_xml_file(path)), tmp_path)
        folios = margin_folios(words)
        column = [word for word in words if word.x_min > 72 and word not in folios.values()]
        for number, folio in folios.items():
            level = [word for word in column if word.page == folio.page and abs(word.baseline - folio.baseline) < 0.5]
            assert level, f"{path.name}: p. {number} stands beside no line of the text"
            starts_paragraph = min(word.x_min for word in level) < min(word.x_min for word in column) + 1
            assert any("|" in word.text for word in level) or starts_paragraph, f"{path.name}: p. {number}"
            checked += 1
        # the text's own size, not the notes' (a page that begins in a note is marked there)
        text_breaks = [word for word in column if "|" in word.text and word.y_max - word.y_min > 11]
        for mark in text_breaks:
            assert any(
                folio.page == mark.page and abs(folio.baseline - mark.baseline) < 0.5 for folio in folios.values()
            ), f"{path.name}: the break at {mark} has no number in the margin"
    assert checked >= 9


# ---- what a PDF costs: layouts WeasyPrint does slowly are kept out of the print view ---------------------------------

PAN_ZILI = Path(__file__).parent.parent / "tei" / "1965-02-10-pan-zili-kim-byeong-jik-conversation.xml"


def test_the_print_view_has_no_flex_box_and_no_margin_box_to_measure() -> None:
    """WeasyPrint sizes a flex row's items several times over (the metadata fields were
    ~7 % of a PDF's instructions), and measures the widest and narrowest line of a margin
    box without a width on every page; the print view gives it neither to do."""
    import weasyprint
    from weasyprint.formatting_structure import boxes

    html = get_renderer().render_print_html(parse_xml_file(PAN_ZILI))
    document = weasyprint.HTML(string=html, base_url=ASSETS_DIR.as_uri() + "/", url_fetcher=restricted_url_fetcher())
    laid_out = [box for page in document.render().pages for box in pdf_footnotes._boxes(page._page_box)]
    assert not [box for box in laid_out if isinstance(box, boxes.FlexContainerBox)]
    margin_boxes = [box for box in laid_out if isinstance(box, boxes.MarginBox) and box.is_generated]
    assert {box.at_keyword for box in margin_boxes} == {"@top-center", "@bottom-center"}
    assert all(box.style["width"] != "auto" for box in margin_boxes)


def test_a_metadata_label_of_several_lines_keeps_its_value_beside_it_and_pushes_the_next_field_down(
    tmp_path: Path,
) -> None:
    """ "Words and notes in square brackets supplied by" takes three lines of its 36 mm column."""
    pdf = get_renderer().render_pdf(parse_xml_file(PAN_ZILI))
    words = [word for word in pdf_words(pdf, tmp_path) if word.page == 0]
    label = next(index for index, word in enumerate(words) if word.text == "Words")
    label_end = next(word for word in words[label:] if word.text == "by")
    value = next(word for word in words[label:] if word.text == "translator")
    next_label = next(word for word in words[label:] if word.text == "Credits")
    assert abs(value.baseline - words[label].baseline) < 0.5, "the value stands on the label's first line"
    assert value.x_min > max(word.x_max for word in words[label : words.index(label_end) + 1])
    assert next_label.y_min > label_end.y_max, "the next field begins below the label's last line"
    assert abs(next_label.x_min - words[label].x_min) < 0.5


def test_the_print_view_prints_names_and_the_brackets_of_supplied_words_as_text() -> None:
    """Each inline element is a box WeasyPrint lays out, draws and tags (names and brackets
    were ~20 % of a PDF's instructions): a name is plain text in print, a supplied word one
    element with its brackets, and a name in another language keeps its element for its lang."""
    tree = parse_xml_file(SAMPLE)
    paragraph = tree.getroot().find(f".//{TEI}body//{TEI}p")
    assert paragraph is not None
    etree.SubElement(
        paragraph, f"{TEI}persName", {"{http://www.w3.org/XML/1998/namespace}lang": "ko-Latn"}
    ).text = "Pak"
    page = lxml.html.document_fromstring(get_renderer().render_print_html(tree))
    text = page.xpath("//main")[0]
    names = text.xpath(".//*[contains(@class, 'tei-persName') or contains(@class, 'tei-placeName')]")
    assert [(name.get("lang"), name.text_content()) for name in names] == [("ko-Latn", "Pak")]
    assert "in Moscow, wrote Ambassador Pan Zili." in text.text_content()
    supplied = text.xpath(".//span[contains(@class, 'tei-supplied')]")
    assert supplied and all(len(span) == 0 for span in supplied if "Leonid" in span.text_content())
    assert "met [Leonid] Brezhnev" in text.text_content()


def test_each_stream_of_a_pdf_is_deflated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """pydyf asks for every stream's bytes twice (to write it, to hash the file for the
    PDF/A identifier) and compressed it each time at level 9; now once."""
    import zlib

    deflated: list[bytes] = []
    compress, compressobj = zlib.compress, zlib.compressobj

    def counting_compress(data: bytes, /, level: int = -1, wbits: int = 15) -> bytes:
        deflated.append(bytes(data))
        return compress(data, level, wbits)

    class CountingCompressor:
        def __init__(self, level: int = -1) -> None:
            self._compressor = compressobj(level=level)

        def compress(self, data: bytes) -> bytes:
            deflated.append(bytes(data))
            return self._compressor.compress(data)

        def flush(self) -> bytes:
            return self._compressor.flush()

    monkeypatch.setattr(zlib, "compress", counting_compress)
    monkeypatch.setattr(zlib, "compressobj", CountingCompressor)
    assert get_renderer().render_pdf(parse_xml_file(SAMPLE)).startswith(b"%PDF-")
    assert len(deflated) > 5
    assert len(deflated) == len(set(deflated)), "a stream was deflated twice"


def test_a_stream_deflated_once_is_the_bytes_zlib_gives_at_the_default_level() -> None:
    """Outside a PDF's writing, pydyf's level 9 as it asks; within, zlib's default level 6
    (a third of level 9's CPU on drawing commands) and each time the same bytes."""
    import zlib

    from encoder.pdf_deflate import DEFLATE_LEVEL, _compressobj, deflating_each_stream_once

    assert DEFLATE_LEVEL == 6
    stream = b"BT /F1 10.5 Tf 72 720 Td (Ambassador Pan Zili) Tj ET\n" * 200
    expected = zlib.compressobj(level=9)
    for remembering in (False, True, True):
        with deflating_each_stream_once() if remembering else contextlib.nullcontext():
            ours = _compressobj(level=9)
            assert ours.compress(stream[:100]) + ours.compress(stream[100:]) + ours.flush() == (
                zlib.compress(stream, DEFLATE_LEVEL if remembering else 9)
            )
    assert expected.compress(stream) + expected.flush() == zlib.compress(stream, 9)


def test_the_layout_breaks_no_word_across_lines() -> None:
    """Every hyphen that ends a line of a corpus PDF is the text's own (``Sino-`` / ``Korean``).

    WeasyPrint's automatic hyphenation (``hyphens: auto``) broke words where
    English does not ("res-ults", "indicat-ors") and sometimes ended a justified
    line after the rest of a word it had hyphenated ("familiarize it-" / "self"
    / "with the state"): a printed copy is what people cite and search, so words
    are broken only where the text breaks them."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is missing: run scripts/setup.sh")
    checked = 0
    for path in CORPUS:
        tree = parse_xml_file(path)
        source = " ".join("".join(tree.getroot().itertext()).split())
        pdf = get_renderer().render_pdf(tree)
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for line, following in itertools.pairwise(lines):
            broken = re.search(r"(\w+)[-\u2010]$", line)  # WeasyPrint's hyphen is U+2010
            if broken is None:
                continue
            word = f"{broken.group(1)}-{following.split()[0]}"
            assert re.sub(r"\W+$", "", word) in source, (path.name, line, following)
        checked += len(lines)
    assert checked > 500  # the five PDFs' lines were all read


# ---- what the PDFs of a process share (encoder/pdf_styles.py)

STYLED_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Styles</title>
<style>p { color: #c00; margin: 0 0 12pt } .x { color: #0a0 } @page { size: A6; margin: 10mm }</style>
<style>p.x { font-size: 20pt } @page { @bottom-center { content: counter(page) } }</style>
</head><body><p>one</p><p class="x">two</p><p class="x" style="color: #00f; font-size: 8pt">three</p></body></html>"""


def test_a_process_parses_the_print_styles_once_and_keeps_one_font_configuration(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """WeasyPrint made a font configuration (fontconfig's font list, a Pango font map)
    and parsed the page's two style blocks for every PDF; a process does each once."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    renderer = get_renderer()
    assert renderer.render_pdf(parse_xml_file(SAMPLE)).startswith(b"%PDF-")  # this thread's first, or not
    made: list[str] = []
    for cls in (weasyprint.CSS, FontConfiguration):
        monkeypatch.setattr(cls, "__init__", counted(cls.__init__, cls.__name__, made))
    assert renderer.render_pdf(parse_xml_file(PAN_ZILI)).startswith(b"%PDF-")
    assert made == []


def counted(init: Any, name: str, made: list[str]) -> Any:
    def counting_init(self: Any, *args: Any, **kwargs: Any) -> None:
        made.append(name)
        init(self, *args, **kwargs)

    return counting_init


def test_the_lifted_style_blocks_cascade_as_the_pages_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsed once and passed as user sheets, the blocks give the PDF they gave in the
    page: the same order and specificity, a style attribute still wins, @page rules hold."""
    from encoder import views

    lifted = views.html_to_pdf(STYLED_PAGE)
    unstyled = views.html_to_pdf(re.sub(r"<style>.*?</style>", "", STYLED_PAGE, flags=re.DOTALL))
    monkeypatch.setattr(views, "lift_style_blocks", lambda document: [])
    assert views.html_to_pdf(STYLED_PAGE) == lifted != unstyled


@pytest.mark.parametrize(
    "head",
    [
        "<style>p { color: red !important }</style><style>p { margin: 0 }</style>",
        "<style>p { color: red }</style><style>p { margin: 0 ! /* a */ IMPORTANT }</style>",
        '<style media="screen">p { color: red }</style><style>p { margin: 0 }</style>',
        '<style>p { color: red }</style><link rel="stylesheet" href="print.css">',
    ],
    ids=["important", "spaced-important", "media", "link"],
)
def test_style_blocks_that_would_cascade_otherwise_stay_in_the_page(head: str) -> None:
    """A user sheet's !important beats the author's, and a linked sheet or one for another
    medium would stay the page's own: then no block is lifted."""
    import weasyprint

    from encoder.pdf_styles import lift_style_blocks

    document = weasyprint.HTML(string=f"<html><head>{head}</head><body><p>text</p></body></html>")
    assert lift_style_blocks(document) == []
    assert len(list(document.etree_element.iter("style"))) == head.count("<style")


def test_lifting_the_style_blocks_keeps_the_text_around_them() -> None:
    import weasyprint

    from encoder.pdf_styles import lift_style_blocks

    page = (
        "<html><body><p>before<style>b { color: red }</style> after</p>"
        "<style>i { color: blue }</style>end</body></html>"
    )
    document = weasyprint.HTML(string=page)
    sheets = lift_style_blocks(document)
    assert len(sheets) == 2 and not list(document.etree_element.iter("style"))
    assert "".join(document.etree_element.itertext()) == "before afterend"
    assert [element.etree_element.tag for element in document.wrapper_element.iter_subtree()] == [
        "html",
        "head",
        "body",
        "p",
    ]
    assert lift_style_blocks(weasyprint.HTML(string=page)) == sheets, "the same texts: the same parsed sheets"


def test_a_pdf_is_the_same_whatever_the_process_made_before() -> None:
    """The font configuration and parsed sheets a process keeps change no byte: the
    sample's PDF made first in a new process is the one made after another document."""
    renderer = get_renderer()
    renderer.render_pdf(parse_xml_file(PAN_ZILI))
    after_another = renderer.render_pdf(parse_xml_file(SAMPLE))
    first_of_a_process = (
        "import sys\n"
        "from encoder.safexml import parse_xml_file\n"
        "from encoder.views import render_pdf\n"
        "sys.stdout.buffer.write(render_pdf(parse_xml_file(sys.argv[1])))\n"
    )
    first = subprocess.run(
        [sys.executable, "-c", first_of_a_process, str(SAMPLE)], capture_output=True, timeout=300, check=True
    ).stdout
    assert first == after_another


def print_classes() -> set[str]:
    """The classes print.css and the print view's structures block name."""
    styles = "".join(
        style.text or ""
        for style in lxml.html.document_fromstring(get_renderer().render_print_html(long_document())).iter("style")
    )
    return set(re.findall(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)", styles))


def test_the_print_view_keeps_only_the_inline_elements_a_print_style_or_the_pdf_needs() -> None:
    """WeasyPrint lays out, draws and tags each inline element as a box (and breaks its text
    in a Pango layout of its own): a quotation, a date, a choice's wrapper, an alternate's
    brackets are their words in print; what print.css hides is left out. An element stays
    when a print style names its class (a letter-spaced word, a supplied word) or it has a
    lang or an id (a note)."""
    tree = parse_xml_file(SAMPLE)
    paragraph = tree.getroot().find(f".//{TEI}body//{TEI}p")
    assert paragraph is not None
    fragment = etree.fromstring(
        f'<p xmlns="{TEI[1:-1]}">On <date when="1965-02-10">10 February</date> he said '
        '<q rend="straight">we agree</q> and <q xml:lang="ko-Latn">ne</q>, '
        '<hi rend="letterspaced">spaced</hi>, <said who="#Pan" rend="parenthesized">Actually.</said>'
        '<gap reason="omitted"/></p>'
    )
    paragraph.addnext(fragment)
    page = lxml.html.document_fromstring(get_renderer().render_print_html(tree))
    text = page.xpath("//main")[0]
    words = " ".join(text.text_content().split())
    assert 'On 10 February he said "we agree" and \u201cne\u201d, spaced, (Actually.)[\u2026]' in words
    assert not text.xpath(".//time | .//q[not(@lang)] | .//*[contains(@class, 'visually-hidden')]")
    assert [q.text_content() for q in text.xpath(".//q")] == ["\u201cne\u201d"]
    assert text.xpath(".//span[contains(@class, 'tei-rend-letterspaced')]")
    classes = print_classes()
    assert {"tei-supplied", "tei-rend-letterspaced", "tei-footnote"} <= classes
    for path in [*CORPUS, SAMPLE]:
        main = lxml.html.document_fromstring(get_renderer().render_print_html(parse_xml_file(path))).xpath("//main")[0]
        for element in main.xpath(".//span | .//q | .//time"):
            kept = set((element.get("class") or "").split()) & classes or element.get("lang") or element.get("id")
            assert kept, (path.name, lxml.html.tostring(element)[:120])


def test_a_process_that_made_a_pdf_exits_cleanly() -> None:
    """The fonts a process keeps hold Pango and fontconfig handles: released at exit, not
    as the interpreter is torn down (kept in a thread-local, they crashed the exit with a
    segmentation fault once any gc callback was installed)."""
    script = (
        "import gc, sys\n"
        "from encoder.safexml import parse_xml_file\n"
        "from encoder.views import render_pdf\n"
        "gc.callbacks.append(lambda phase, info: None)\n"
        "assert render_pdf(parse_xml_file(sys.argv[1])).startswith(b'%PDF-')\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(SAMPLE)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def test_a_pdf_is_made_with_one_garbage_collection() -> None:
    """WeasyPrint leaves tens of thousands of objects per PDF, and Python's collector ran
    ~20 times during each (now and then over the whole heap); now once, after it. A
    caller that turned the collector off finds it off."""
    import gc

    from encoder.views import html_to_pdf

    page = get_renderer().render_print_html(parse_xml_file(SAMPLE))
    html_to_pdf(page)
    started: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(info["generation"])

    gc.collect()
    gc.callbacks.append(count)
    try:
        assert html_to_pdf(page).startswith(b"%PDF-")
        assert started == [0]
        assert gc.isenabled()
        gc.disable()
        started.clear()
        html_to_pdf(page)
        assert started == [] and not gc.isenabled()
    finally:
        gc.enable()
        gc.callbacks.remove(count)


def test_the_pdf_bench_prints_the_cpu_of_each_pdf_and_of_each_stage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """bench/bench_pdf.py --stages: CPU per PDF, then where it went (a script, not a timed test)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("pdf_bench", Path(__file__).parent.parent / "bench" / "bench_pdf.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    shutil.copy(SAMPLE, tmp_path / "document.xml")
    monkeypatch.setattr(sys, "argv", ["bench_pdf.py", "--tei-dir", str(tmp_path), "--repeat", "1", "--stages"])
    assert bench.main() == 0
    printed = capsys.readouterr().out
    assert re.search(r"document\.xml +PDF +\d+ ms", printed)
    stages = dict(re.findall(r"^  +(\S.*?) +([\d.]+) ms +[\d.]+ %$", printed, flags=re.MULTILINE))
    assert set(stages) == {stage.strip() for *_, stage in bench.STAGES} | {"garbage collector"}
    assert float(stages["the whole PDF"]) >= float(stages["lay out (with styles and boxes)"]) > 0
    assert float(stages["draw"]) > 0 and float(stages["parse the HTML"]) > 0
    from weasyprint import HTML

    assert HTML.render.__name__ == "render" and not hasattr(HTML.render, "__wrapped__"), "the timers are taken off"


def test_each_object_of_a_pdf_is_serialized_once() -> None:
    """pydyf made each object's bytes twice (to write it, to hash the file for the PDF/A
    identifier); while our PDFs are written, once, and the bytes are the same."""
    import io

    import pydyf  # type: ignore[import-untyped]

    from encoder.pdf_deflate import deflating_each_stream_once

    made: list[str] = []

    class Counted(pydyf.Object):  # type: ignore[misc]
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

        @property
        def data(self) -> bytes:
            made.append(self.name)
            return f"/{self.name}".encode()

    def written(remembering: bool, compress: bool) -> bytes:
        pdf = pydyf.PDF()
        for number in range(3):
            pdf.add_object(pydyf.Dictionary({"Type": Counted(f"Note{number}")}))
        pdf.add_object(pydyf.Stream([b"BT (text) Tj ET"], {"Kind": Counted("Content")}))
        output = io.BytesIO()
        with deflating_each_stream_once() if remembering else contextlib.nullcontext():
            pdf.write(output, version=b"1.7", identifier=True, compress=compress)
        return output.getvalue()

    everything = ["Content", "Note0", "Note1", "Note2"]
    plain = written(remembering=False, compress=False)
    assert sorted(made) == sorted(everything * 2)
    made.clear()
    assert written(remembering=True, compress=False) == plain
    assert sorted(made) == everything
    made.clear()
    written(remembering=True, compress=True)  # the dictionaries go into a deflated object stream
    assert sorted(made) == everything
