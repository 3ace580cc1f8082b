"""The project schema is a strict subset of TEI P5 4.12.0 (tei_all.rng).

Two kinds of evidence: a structural comparison of the two RELAX NG grammars
(every element the project allows exists in tei_all, with every attribute the
project gives it and every child element the project puts in it), and
documents: every example document meant to be valid and every TEI file of the
corpus in tei/ is valid against both schemas.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import REPO, TEI_ALL_RNG, TEI_DIR
from lxml import etree

from encoder.safexml import parse_xml_file
from encoder.validation import has_errors, validate

RNG = "http://relaxng.org/ns/structure/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
PROJECT_RNG = REPO / "schema" / "tei-encoder.rng"
CASES = REPO / "tests" / "schema_cases"


@dataclass
class ElementUse:
    attributes: set[str] = field(default_factory=set)
    children: set[str] = field(default_factory=set)


def _qualified(node: etree._Element, *, is_attribute: bool) -> str:
    name = node.get("name", "")
    if ":" in name:
        prefix, local = name.split(":", 1)
        namespace = XML_NS if prefix == "xml" else node.nsmap.get(prefix, "")
        return f"{{{namespace}}}{local}"
    if is_attribute:
        namespace = node.get("ns", "")
    else:
        carrier = next((a for a in node.iterancestors() if a.get("ns") is not None), None)
        namespace = node.get("ns", carrier.get("ns", "") if carrier is not None else "")
    return f"{{{namespace}}}{name}" if namespace else name


def grammar_elements(path: Path) -> dict[str, ElementUse]:
    """For each element name: the attributes and child elements its patterns allow."""
    grammar = parse_xml_file(path).getroot()
    defines: dict[str, list[etree._Element]] = defaultdict(list)
    for define in grammar.iter(f"{{{RNG}}}define"):
        defines[define.get("name", "")].append(define)
    uses: dict[str, ElementUse] = defaultdict(ElementUse)
    for element in grammar.iter(f"{{{RNG}}}element"):
        if element.get("name") is None:
            continue  # name classes (anyName) only occur in TEI's egXML content
        use = uses[_qualified(element, is_attribute=False)]
        visited: set[str] = set()
        pending = list(element)
        while pending:
            node = pending.pop()
            if not isinstance(node.tag, str):
                continue
            if node.tag == f"{{{RNG}}}element":
                if node.get("name") is not None:
                    use.children.add(_qualified(node, is_attribute=False))
            elif node.tag == f"{{{RNG}}}attribute":
                if node.get("name") is not None:
                    use.attributes.add(_qualified(node, is_attribute=True))
            elif node.tag == f"{{{RNG}}}ref":
                name = node.get("name", "")
                if name not in visited:
                    visited.add(name)
                    for define in defines[name]:
                        pending.extend(define)
            else:
                pending.extend(node)
    return uses


@pytest.fixture(scope="module")
def project_grammar() -> dict[str, ElementUse]:
    return grammar_elements(PROJECT_RNG)


@pytest.fixture(scope="module")
def tei_all_grammar() -> dict[str, ElementUse]:
    return grammar_elements(TEI_ALL_RNG)


def test_the_walker_sees_the_project_grammar(project_grammar: dict[str, ElementUse]) -> None:
    tei = "{http://www.tei-c.org/ns/1.0}"
    assert f"{tei}pb" in project_grammar
    assert {"n", "type", "ed", "cert"} <= project_grammar[f"{tei}pb"].attributes
    assert f"{{{XML_NS}}}id" in project_grammar[f"{tei}note"].attributes
    assert f"{tei}div" in project_grammar[f"{tei}div"].children


def test_every_element_is_a_tei_element(
    project_grammar: dict[str, ElementUse], tei_all_grammar: dict[str, ElementUse]
) -> None:
    assert set(project_grammar) - set(tei_all_grammar) == set()


def test_every_attribute_is_allowed_on_its_element_in_tei_all(
    project_grammar: dict[str, ElementUse], tei_all_grammar: dict[str, ElementUse]
) -> None:
    extra = {
        (element, attribute)
        for element, use in project_grammar.items()
        for attribute in use.attributes - tei_all_grammar[element].attributes
    }
    assert extra == set()


def test_every_child_element_is_allowed_in_its_parent_in_tei_all(
    project_grammar: dict[str, ElementUse], tei_all_grammar: dict[str, ElementUse]
) -> None:
    extra = {
        (element, child)
        for element, use in project_grammar.items()
        for child in use.children - tei_all_grammar[element].children
    }
    assert extra == set()


def _cases_meant_to_be_tei_valid() -> list[Path]:
    return sorted(path for path in CASES.glob("*.xml") if "tei_all: valid" in path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", _cases_meant_to_be_tei_valid(), ids=lambda p: p.stem)
def test_example_documents_are_valid_against_tei_all(case: Path, tei_all: etree.RelaxNG) -> None:
    assert tei_all.validate(parse_xml_file(case)), tei_all.error_log


def corpus_documents() -> list[Path]:
    return sorted(path for path in TEI_DIR.glob("*.xml") if path.name != "registers.xml")  # the register is no document


def test_corpus_is_present() -> None:
    # The converter writes one TEI file per transcript into tei/.
    transcripts = sorted((TEI_DIR / "transcripts").glob("*.txt"))
    assert [p.stem for p in corpus_documents()] == [p.stem for p in transcripts]


def test_corpus_documents_are_valid_against_project_schema_and_rules() -> None:
    documents = corpus_documents()
    assert documents, "tei/ holds no TEI files; run the converter first"
    failures = {
        document.name: [d.format() for d in diagnostics if d.severity == "error"]
        for document in documents
        if has_errors(diagnostics := validate(document))
    }
    assert failures == {}


def test_corpus_documents_are_valid_against_tei_all(tei_all: etree.RelaxNG) -> None:
    documents = corpus_documents()
    assert documents, "tei/ holds no TEI files; run the converter first"
    failures = {
        document.name: str(tei_all.error_log)
        for document in documents
        if not tei_all.validate(parse_xml_file(document))
    }
    assert failures == {}
