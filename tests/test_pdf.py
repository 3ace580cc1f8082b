"""The print view as PDF, read back with pdftotext: footnotes at the foot of
the page that calls them, running head, page numbers, archival page numbers."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from encoder.safexml import parse_xml_file
from encoder.views import get_renderer

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
    call_pattern = re.compile(r"(?<=[A-Za-z\"”'’.,;:)\]])(\d{1,2})(?=[\s.,;:)\"”'’\]]|$)")
    note_pattern = re.compile(r"^\s*(\d{1,2})\. \S")
    for path in sorted((Path(__file__).parent.parent / "tei").glob("*.xml")):
        if path.name == "registers.xml":
            continue  # the register of names is no document
        tree = parse_xml_file(path)
        expected = len(tree.getroot().xpath("//tei:text//tei:note[@place='foot']", namespaces={"tei": TEI[1:-1]}))
        calls: dict[int, int] = {}
        notes: dict[int, int] = {}
        for index, page in enumerate(pdf_pages(get_renderer().render_pdf(tree), tmp_path)):
            for line in page:
                if found := note_pattern.match(line):
                    notes.setdefault(int(found.group(1)), index)
                for call in call_pattern.finditer(line):
                    calls.setdefault(int(call.group(1)), index)
        wanted = range(1, expected + 1)
        assert {n: calls.get(n) for n in wanted} == {n: notes.get(n) for n in wanted}, path.name
        assert all(notes.get(n) is not None for n in wanted), path.name


def test_a_page_that_begins_inside_a_note_is_marked_in_the_note_not_in_the_margin(tmp_path: Path) -> None:
    """Folio 15 of the Soviet embassy report begins inside note 1: "… and others...| p. 15"."""
    path = Path(__file__).parent.parent / "tei" / "1965-06-04-soviet-embassy-korean-chinese-relations.xml"
    lines = [line for page in pdf_pages(get_renderer().render_pdf(parse_xml_file(path)), tmp_path) for line in page]
    (marked,) = [line for line in lines if "p. 15" in line]
    assert marked.rstrip().endswith("and others...| p. 15")
