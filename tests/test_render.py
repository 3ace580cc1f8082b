"""The reading and print views on whole documents, the render command, and
the lock-down of XSLT and PDF rendering."""

from __future__ import annotations

import time
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from encoder.cli import main
from encoder.errors import TransformError, UnsafeXMLError
from encoder.safexml import parse_xml_bytes, parse_xml_file
from encoder.views import Renderer, get_renderer, html_to_pdf, restricted_url_fetcher

GOLDEN = Path(__file__).parent / "views_golden"
SAMPLE = GOLDEN / "document.xml"
REFERENCE_SAMPLE = Path(__file__).resolve().parents[2] / "shared/tei-reference/samples/valid-minimal-edition.xml"
TEI_NS = "http://www.tei-c.org/ns/1.0"


def page_of(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(get_renderer().render_html(parse_xml_file(path)))


def test_reading_page_has_metadata_panel_with_every_header_field() -> None:
    page = page_of(SAMPLE)
    fields = {
        dt.text_content(): dt.getnext().text_content() for dt in page.xpath("//aside[contains(@class, 'metadata')]//dt")
    }
    assert fields["Date"] == "February 10, 1965"
    assert fields["Citation"].startswith('"Record of Conversation')
    assert fields["Archive"] == "PRC FMA"
    assert fields["Archival identifiers"] == "file 106-00827-02"
    assert fields["Pages"] == "70\u201379"
    assert fields["Translated by"] == "Jeffrey Wang, Charles Kraus"
    assert fields["Obtained by"] == "Shen Zhihua"
    assert fields["Funder"] == "MacArthur Foundation"
    assert fields["Original language"] == "Chinese"
    assert "foreign policies" in fields["Summary"]
    source = page.xpath("//a[@class='source-link']")[0]
    assert source.get("href") == "https://digitalarchive.wilsoncenter.org/document/116550"


def test_reading_page_is_accessible_and_self_contained() -> None:
    page = page_of(SAMPLE)
    assert page.get("lang") == "en"
    assert page.xpath("//section[@id='text']/@lang") == ["en"]
    assert len(page.xpath("//main")) == 1
    assert page.xpath("//a[@class='skip-link']/@href") == ["#text"]
    assert page.xpath("//h1/text()")[0].startswith("Record of Conversation")
    # no request leaves the page: no external stylesheet, script, image or font
    assert not page.xpath("//link[@href] | //script[@src] | //img | //iframe")
    assert "tei-supplied" in page.xpath("string(//style)")
    assert "setView" in page.xpath("string(//script[not(@type)])")
    assert page.xpath("//meta[@name='viewport']")


def test_footnote_has_popup_at_marker_and_numbered_list_entry_with_back_link() -> None:
    page = page_of(SAMPLE)
    reference = page.xpath("//a[@class='tei-note-ref']")[0]
    popup = page.get_element_by_id(reference.get("aria-controls"))
    assert popup.get("hidden") is not None and popup.get("role") == "note"
    assert "In 1964 the corresponding article" in popup.text_content()
    entry = page.xpath(f"//ol[@class='note-list']/li[@id='{reference.get('href')[1:]}']")[0]
    assert "In 1964 the corresponding article" in entry.text_content()
    assert entry.xpath(".//a[@class='tei-note-backlink']/@href") == [f"#{reference.get('id')}"]


def test_view_switch_is_present_but_hidden_until_javascript_runs() -> None:
    page = page_of(SAMPLE)
    controls = page.xpath("//div[@class='view-controls']")[0]
    assert controls.get("hidden") is not None
    assert controls.xpath("./button/@data-set-view") == ["diplomatic", "reading"]
    assert page.xpath("//body/@data-view") == ["diplomatic"]


def test_any_tei_renders_unknown_elements_as_named_spans_and_divs() -> None:
    page = page_of(REFERENCE_SAMPLE)
    text = page.xpath("//section[@id='text']")[0]
    for name in ("app", "lem", "rdg", "unclear", "num"):
        assert text.xpath(f".//span[contains(concat(' ', @class, ' '), ' tei-{name} ')]"), name
    assert text.xpath(".//div[contains(@class, 'tei-lg')]/div[contains(@class, 'tei-l')]")
    assert text.xpath(".//del[@class='tei-del'] and .//ins[@class='tei-add']")
    assert page.xpath("//h1/text()") == ["A Letter: a sample edition"]
    assert "Bodleian Library" in page.xpath("string(//aside)")
    assert page.xpath("//ol[@class='note-list']/li")


def synthetic_document(paragraphs: int) -> etree._ElementTree:
    """A large TEI document built with lxml: many paragraphs, signs and notes."""
    tei = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    header = etree.SubElement(tei, f"{{{TEI_NS}}}teiHeader")
    file_desc = etree.SubElement(header, f"{{{TEI_NS}}}fileDesc")
    title_stmt = etree.SubElement(file_desc, f"{{{TEI_NS}}}titleStmt")
    etree.SubElement(title_stmt, f"{{{TEI_NS}}}title").text = "Synthetic"
    body = etree.SubElement(etree.SubElement(tei, f"{{{TEI_NS}}}text"), f"{{{TEI_NS}}}body")
    div = etree.SubElement(body, f"{{{TEI_NS}}}div")
    for number in range(paragraphs):
        paragraph = etree.SubElement(div, f"{{{TEI_NS}}}p")
        paragraph.text = f"Paragraph {number} with "
        supplied = etree.SubElement(paragraph, f"{{{TEI_NS}}}supplied", reason="clarification")
        supplied.text = "words"
        supplied.tail = " and a note"
        note = etree.SubElement(paragraph, f"{{{TEI_NS}}}note", place="foot")
        note.text = f"Note {number}."
        etree.SubElement(paragraph, f"{{{TEI_NS}}}pb", n=str(number))
    return tei.getroottree()


def test_large_synthetic_document_renders_every_paragraph_and_note() -> None:
    tree = synthetic_document(3000)
    started = time.perf_counter()
    page = lxml.html.document_fromstring(get_renderer().render_html(tree))
    elapsed = time.perf_counter() - started
    assert len(page.xpath("//section[@id='text']//p")) == 3000
    assert len(page.xpath("//ol[@class='note-list']/li")) == 3000
    assert page.xpath("//ol[@class='note-list']/li[last()]/@id") == ["fn3000"]
    assert elapsed < 20, "footnote numbering must stay linear (accumulator), not quadratic"


def write_stylesheet(path: Path, body: str) -> Path:
    path.write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        f'<xsl:template match="/"><out>{body}</out></xsl:template></xsl:stylesheet>',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "expression",
    [
        "unparsed-text('file:///etc/hostname')",
        "unparsed-text-lines('/etc/hostname')",
        "count(document('file://{sample}')//*)",
        "count(doc('{sample}')//*)",
        "count(collection('file:///etc/'))",
        "string(json-doc('file:///etc/hostname'))",
    ],
)
def test_stylesheet_cannot_read_local_files(tmp_path: Path, expression: str) -> None:
    evil = write_stylesheet(tmp_path / "evil.xsl", f'<xsl:value-of select="{expression.format(sample=SAMPLE)}"/>')
    renderer = Renderer(extra_stylesheets={"evil": evil})
    with pytest.raises(TransformError, match=r"prohibited|disallowed"):
        renderer.transform("evil", parse_xml_file(SAMPLE))


def test_document_cannot_read_local_files_through_entities_or_xinclude(tmp_path: Path) -> None:
    entity = tmp_path / "entity.xml"
    entity.write_text(
        '<!DOCTYPE TEI [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
        f'<TEI xmlns="{TEI_NS}"><text><body><p>&secret;</p></body></text></TEI>'
    )
    with pytest.raises(UnsafeXMLError):
        parse_xml_file(entity)
    assert main(["render", str(entity), "--view", "html", "-o", str(tmp_path / "out.html")]) == 1

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    xinclude = parse_xml_bytes(
        f'<TEI xmlns="{TEI_NS}" xmlns:xi="http://www.w3.org/2001/XInclude"><text><body><p>'
        f'<xi:include href="{secret}" parse="text"/></p></body></text></TEI>'.encode()
    )
    html = get_renderer().render_html(xinclude)
    assert "TOP-SECRET-CONTENT" not in html


def test_a_view_is_compiled_on_first_use_and_can_read_no_file_after(tmp_path: Path) -> None:
    """Starting the renderer compiles nothing; a view is compiled when first used, once; Saxon's
    file access, opened for compiling, is shut again (the locked-down stylesheet still fails)."""
    evil = write_stylesheet(tmp_path / "evil.xsl", "<xsl:value-of select=\"unparsed-text('file:///etc/hostname')\"/>")
    renderer = Renderer(extra_stylesheets={"evil": evil})
    assert renderer.compiled == frozenset()
    renderer.transform("dc", parse_xml_file(SAMPLE))
    assert renderer.compiled == {"dc"}
    with pytest.raises(TransformError, match=r"prohibited|disallowed"):
        renderer.transform("evil", parse_xml_file(SAMPLE))
    assert renderer.compiled == {"dc", "evil"}
    renderer.compile("html", "dc")
    assert renderer.compiled == {"dc", "evil", "html"}


def test_a_stylesheet_that_does_not_compile_is_reported_when_used(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xsl"
    broken.write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:template match="/"><xsl:value-of select="("/></xsl:template></xsl:stylesheet>'
    )
    renderer = Renderer(extra_stylesheets={"broken": broken})
    with pytest.raises(TransformError, match="does not compile"):
        renderer.transform("broken", parse_xml_file(SAMPLE))
    assert renderer.transform("dc", parse_xml_file(SAMPLE))  # the others still compile


def test_xslt_errors_become_transform_errors_with_the_stylesheet_message(tmp_path: Path) -> None:
    failing = write_stylesheet(
        tmp_path / "fails.xsl",
        '<xsl:message terminate="yes">the view refuses this input</xsl:message>',
    )
    renderer = Renderer(extra_stylesheets={"fails": failing})
    with pytest.raises(TransformError, match="the view refuses this input"):
        renderer.transform("fails", parse_xml_file(SAMPLE))


def test_pdf_fetcher_serves_own_assets_and_refuses_everything_else(tmp_path: Path) -> None:
    fetcher = restricted_url_fetcher()
    own = (Path(__file__).resolve().parents[1] / "encoder/assets/print.css").as_uri()
    assert b"@page" in fetcher.fetch(own).read()
    for url in (
        "file:///etc/hostname",
        "https://example.org/x.css",
        "ftp://example.org/x",
        "data:text/css,body{}",
        own.replace("print.css", "../views.py"),
    ):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    # end to end: a stylesheet outside the assets is not applied
    leaked = tmp_path / "leak.css"
    leaked.write_text('body::before { content: "LEAKED-STYLE"; }')
    pdf = html_to_pdf(
        f'<html><head><link rel="stylesheet" href="{leaked.as_uri()}"></head><body><p>Body text</p></body></html>'
    )
    pdf_path = tmp_path / "out.pdf"
    pdf_path.write_bytes(pdf)
    import subprocess

    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Body text" in text and "LEAKED-STYLE" not in text


def test_render_command_writes_html_to_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["render", str(SAMPLE)]) == 0
    output = capsysbinary.readouterr().out
    assert output.startswith(b"<!DOCTYPE HTML>") and b"tei-supplied" in output


def test_render_command_print_and_pdf(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["render", str(SAMPLE), "--view", "print", "-o", str(tmp_path / "p.html")]) == 0
    assert "float: footnote" in (tmp_path / "p.html").read_text()
    assert main(["render", str(SAMPLE), "--view", "pdf", "-o", str(tmp_path / "d.pdf")]) == 0
    assert (tmp_path / "d.pdf").read_bytes().startswith(b"%PDF-")
    assert main(["render", str(SAMPLE), "--view", "pdf"]) == 0
    assert capsysbinary.readouterr().out.startswith(b"%PDF-")


def test_render_command_rejects_unknown_view() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["render", str(SAMPLE), "--view", "epub"])
    assert exit_info.value.code == 2


def test_numbered_note_is_called_at_its_reference_not_where_its_text_stands() -> None:
    from encoder.pipeline import convert

    tree = convert("The agreement[1] was signed.\n\nLater talks.\n\n[1] Signed on 12 May 1958.\n").tree
    page = lxml.html.fromstring(get_renderer().render_html(tree))
    calls = page.xpath("//a[contains(@class, 'tei-note-ref')]")
    assert len(calls) == 1
    paragraph = calls[0].xpath("ancestor::p")[0]
    assert paragraph.text_content().startswith("The agreement")
    (listed,) = page.xpath("//section[contains(@class, 'notes')]//li")
    assert "Signed on 12 May 1958." in listed.text_content()
    assert "Signed on" not in "".join(p.text_content() for p in page.xpath("//p[not(ancestor::aside)]")[1:])


def test_tei_from_elsewhere_gets_its_language_date_readings_and_licence() -> None:
    """The language from langUsage, the source's date (not the file's publication date),
    the apparatus's readings apart from the lemma, and the licence."""
    foreign = parse_xml_file(Path(__file__).parent / "fixtures" / "foreign" / "apparatus-french.xml")
    renderer = get_renderer()
    page = lxml.html.fromstring(renderer.render_html(foreign))
    assert page.get("lang") == "fr"
    assert page.xpath("string(//p[@class='document-date'])") == "15 mars 1921"
    text = " ".join(page.xpath("string(//*[contains(@class, 'tei-app')])").split())
    assert text == "frontière [B: limite] [C: omitted]"
    assert page.xpath("//a[@class='licence-link']/@href") == ["https://creativecommons.org/licenses/by/4.0/"]
    assert lxml.html.fromstring(renderer.render_print_html(foreign)).get("lang") == "fr"  # the PDF's /Lang


def test_the_views_work_standalone_as_publishers_run_them(tmp_path: Path) -> None:
    """Saxon on its own (no tei-encoder, no parameters) on xslt/html.xsl and print.xsl gives a styled,
    working page: the stylesheets read their CSS and JavaScript from beside them."""
    from saxonche import PySaxonProcessor

    repository = Path(__file__).parent.parent
    source = repository / "tests" / "fixtures" / "foreign" / "apparatus-french.xml"
    with PySaxonProcessor(license=False) as processor:
        compiler = processor.new_xslt30_processor()
        for view, css_rule, script in (("html", ".tei-supplied", True), ("print", "@page", False)):
            executable = compiler.compile_stylesheet(stylesheet_file=str(repository / "xslt" / f"{view}.xsl"))
            output = tmp_path / f"{view}.html"
            executable.transform_to_file(source_file=str(source), output_file=str(output))
            page = lxml.html.parse(str(output)).getroot()
            assert page.get("lang") == "fr"
            assert css_rule in page.xpath("string(//style)"), view
            if script:
                assert "setView" in page.xpath("string(//script[not(@type)])")


def test_notes_that_call_themselves_render_once_in_every_view(tei_all: etree.RelaxNG) -> None:
    """Issue 13: a self-referencing note (valid TEI) made render run 20 s and die in Saxon."""
    hostile = parse_xml_file(Path(__file__).parent / "fixtures" / "hostile" / "self-referencing-notes.xml")
    assert tei_all.validate(hostile), tei_all.error_log  # ordinary TEI, not a broken file
    renderer = get_renderer()
    page = lxml.html.fromstring(renderer.render_html(hostile))
    assert "See note" in page.text_content() and "And back to" in page.text_content()
    assert page.xpath("//*[contains(@class, 'tei-ref-note')]")  # the inner call stays a reference
    assert renderer.render_pdf(hostile).startswith(b"%PDF-")


def _with_page_breaks(total: int) -> etree._ElementTree:
    """The golden sample with page breaks added until it has ``total``."""
    tree = parse_xml_file(Path(__file__).parent / "views_golden" / "document.xml")
    paragraph = tree.getroot().find(".//{http://www.tei-c.org/ns/1.0}body//{http://www.tei-c.org/ns/1.0}p")
    assert paragraph is not None
    existing = len(tree.getroot().findall(".//{http://www.tei-c.org/ns/1.0}pb"))
    for number in range(1, total - existing + 1):
        etree.SubElement(paragraph, "{http://www.tei-c.org/ns/1.0}pb", n=str(number), type="folio").tail = " word"
    return tree


def test_the_pdf_view_refuses_more_page_breaks_than_it_lays_out_quickly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 13: 50,000 page breaks took 300 s and 3.3 GB; beyond the limit: a clear refusal, at once."""
    from encoder.site import build_site
    from encoder.views import PDF_LIMITS

    limit = PDF_LIMITS["page breaks"][1]
    big = tmp_path / "tei" / "big.xml"
    big.parent.mkdir()
    _with_page_breaks(limit + 1).write(str(big), encoding="UTF-8", xml_declaration=True)
    started = time.perf_counter()
    status = main(["render", str(big), "--view", "pdf", "-o", str(tmp_path / "big.pdf")])
    assert status == 1 and not (tmp_path / "big.pdf").exists()
    assert f"{limit + 1} page breaks: more than the PDF view lays out ({limit})" in capsys.readouterr().err
    assert time.perf_counter() - started < 60  # refused before any layout (a generous bound, not a benchmark)
    report = build_site(tmp_path / "site", big.parent, skip_validation=True)
    assert (tmp_path / "site" / "documents" / "big.html").is_file()
    assert not (tmp_path / "site" / "documents" / "big.pdf").exists()
    assert [d.code for d in report.diagnostics if d.code == "PDF-REFUSED"] == ["PDF-REFUSED"]
    index = lxml.html.parse(str(tmp_path / "site" / "index.html")).getroot()
    assert not index.xpath("//a[contains(@href, 'big.pdf')]")  # no link to a file that is not there
    page = lxml.html.parse(str(tmp_path / "site" / "documents" / "big.html")).getroot()
    assert not page.xpath("//a[contains(@href, '.pdf')]")
    assert get_renderer().render_pdf(_with_page_breaks(limit)).startswith(b"%PDF-")  # at the limit: laid out
