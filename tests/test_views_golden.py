"""Golden HTML per editorial element: how the reading view renders each sign.

Each ``tests/views_golden/fragments/NAME.xml`` is a TEI fragment (a ``p`` or a
``div``) whose opening comment says what it shows; it is placed in the body
of ``views_golden/document.xml`` (whose header declares the translator and
the romanization taxonomy), rendered with the HTML view, and the rendered
text section is compared with ``NAME.html`` after canonicalisation (C14N 2.0,
whitespace runs collapsed), so formatting changes do not matter but every
element, attribute and word does.

To accept new output after a deliberate change: TEI_ENCODER_UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from encoder.safexml import parse_xml_bytes, parse_xml_file
from encoder.views import get_renderer

GOLDEN = Path(__file__).parent / "views_golden"
FRAGMENTS = sorted((GOLDEN / "fragments").glob("*.xml"))
TEI = "{http://www.tei-c.org/ns/1.0}"
UPDATE = os.environ.get("TEI_ENCODER_UPDATE_GOLDEN") == "1"


def document_with(fragment_path: Path) -> etree._ElementTree:
    shell = parse_xml_file(GOLDEN / "document.xml")
    fragment = parse_xml_bytes(fragment_path.read_bytes(), str(fragment_path)).getroot()
    body = shell.getroot().find(f"{TEI}text/{TEI}body")
    assert body is not None
    for child in list(body):
        body.remove(child)
    if fragment.tag == f"{TEI}div":
        body.append(copy.deepcopy(fragment))
    else:
        div = etree.SubElement(body, f"{TEI}div", type="document")
        div.append(copy.deepcopy(fragment))
    return shell


def canonical(element: etree._Element) -> str:
    """C14N 2.0 with every run of whitespace collapsed to one space (spaces
    between words matter in HTML; their number and line breaks do not)."""
    element = copy.deepcopy(element)
    for node in element.iter():
        if node.text:
            node.text = re.sub(r"\s+", " ", node.text)
        if node.tail:
            node.tail = re.sub(r"\s+", " ", node.tail)
    element.tail = None
    return etree.tostring(element, method="c14n2").decode()


def rendered_text_section(tree: etree._ElementTree) -> etree._Element:
    page = lxml.html.document_fromstring(get_renderer().render_html(tree))
    sections = page.xpath("//section[@id='text']")
    assert isinstance(sections, list) and len(sections) == 1
    section: etree._Element = sections[0]
    return section


@pytest.mark.parametrize("fragment", FRAGMENTS, ids=[path.stem for path in FRAGMENTS])
def test_fragment_matches_golden_html(fragment: Path) -> None:
    actual = canonical(rendered_text_section(document_with(fragment)))
    expected_path = fragment.with_suffix(".html")
    if UPDATE:
        expected_path.write_text(actual + "\n", encoding="utf-8")
    assert expected_path.is_file(), f"no golden file {expected_path.name}: run with TEI_ENCODER_UPDATE_GOLDEN=1"
    assert actual == expected_path.read_text(encoding="utf-8").rstrip("\n")


def test_there_is_a_golden_fragment_per_editorial_element() -> None:
    names = {path.stem for path in FRAGMENTS}
    required = {
        "supplied",
        "gap-omitted",
        "gap-redacted",
        "gap-illegible",
        "pb-folio",
        "pb-seam",
        "choice-abbr",
        "choice-romanization",
        "choice-fused",
        "term-gloss",
        "sic",
        "footnote",
        "hi-q-said",
        "names-dates",
        "opener-closer",
        "unknown-elements",
    }
    assert required <= names


def test_golden_files_are_not_stale() -> None:
    fragments = {path.stem for path in FRAGMENTS}
    goldens = {path.stem for path in (GOLDEN / "fragments").glob("*.html")}
    assert goldens == fragments
