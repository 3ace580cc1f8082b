"""The pointers and dates rules, written without sch:let, give the verdicts and messages they gave with them.

Those two rules meet every TEI element, and libxslt evaluates every variable of
a rule for each element it meets: their sixteen variables were about two
thirds of the Schematron's time, spent mostly on elements with no pointer and
no date. The tests are now inline, opening with that case. The Schematron as
it was is kept in tests/schematron_before/; both are run on the same
documents, whose @when, @ref, @target, @resp and @who values are drawn from
the cases below and from generated strings, and must give the same failures,
at the same elements, with the same messages, in libxslt (tei-encoder) and in
jing (Saxon, which has no str:tokenize: the other branch of the pointer test).
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest
from conftest import REPO
from lxml import etree

from encoder.safexml import parse_xml_file
from encoder.validation import schemas

SVRL = "http://purl.oclc.org/dsdl/svrl"
TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NOW = REPO / "schema" / "tei-encoder.sch"
BEFORE = REPO / "tests" / "schematron_before" / "tei-encoder-with-lets.sch"
PASSING = REPO / "tests" / "schema_cases" / "valid-full-document.xml"
POINTERS = ("ref", "target", "resp", "who")

WHEN_CASES = [
    "",
    " ",
    "1965",
    "1965-02",
    "1965-02-10",
    " 1965-02-10 ",
    "1964-02-29",
    "2000-02-29",
    "1900-02-29",
    "2001-02-29",
    "1965-13-01",
    "1965-00-10",
    "1965-04-31",
    "1965-04-30",
    "1965-12-31",
    "1965-12-32",
    "1965-02-00",
    "1965-02-10T16:00:00",
    "1965-02-10T24:00:00",
    "1965-02-10T23:60:00",
    "1965-02-10T23:59:60",
    "1965-02-10T16:00:00Z",
    "1965-02-10T16:00:00+09:00",
    "1965-02-10T16:00:00-05:00",
    "1965-02-10T16:00",
    "65-02-10",
    "1965/02/10",
    "February 1965",
    "1965-2-10",
    "19650210",
    "1965-02-10T16:00:00+0900",
    "0000-00-00",
]
POINTER_CASES = [
    "",
    " ",
    "#",
    "# ",
    "Pan",
    "#Pan",
    "#Pan #translator",
    "  #Pan\t#translator  #RR ",
    "#Pan #nobody",
    "#Pan #Pan",
    "#Pan translator",
    "#Pan #translator#RR",
    "#nobody",
    "##Pan",
    "#Pan  #",
    "http://x.org/#Pan",
]


def _ids(tree: etree._ElementTree) -> list[str]:
    return [str(element.get(XML_ID)) for element in tree.iter() if element.get(XML_ID)]


def _generated_when(draw: random.Random) -> str:
    return "".join(draw.choice("0123456789012345678901234567890123456789--T::Z+ ") for _ in range(draw.randint(0, 25)))


def _generated_pointers(draw: random.Random, ids: list[str]) -> str:
    items = [draw.choice([f"#{draw.choice(ids)}", "#nobody", draw.choice(ids), "#"]) for _ in range(draw.randint(1, 4))]
    return draw.choice([" ", "  ", "\t", " \n "]).join(items)


def _variants() -> list[etree._ElementTree]:
    """The passing document with dates and pointers set on many of its elements, each variant its own tree."""
    draw = random.Random(12)
    documents = []
    for number in range(40):
        tree = parse_xml_file(PASSING)
        ids = _ids(tree)
        elements = [e for e in tree.iter(f"{{{TEI}}}*") if isinstance(e.tag, str)]
        for element in draw.sample(elements, 12):
            element.set(
                "when", WHEN_CASES[number % len(WHEN_CASES)] if number < len(WHEN_CASES) else _generated_when(draw)
            )
        for element in draw.sample(elements, 12):
            name = draw.choice(POINTERS)
            listed = POINTER_CASES[number % len(POINTER_CASES)]
            element.set(name, listed if number < len(POINTER_CASES) else _generated_pointers(draw, ids))
        documents.append(tree)
    return documents


VARIANTS = _variants()


def _failures(schematron: Path, tree: etree._ElementTree) -> list[tuple[str | None, str | None, str]]:
    report = schemas.schematron(schematron)(tree).getroot()
    return [
        (failure.get("id"), failure.get("location"), " ".join("".join(failure.itertext()).split()))
        for failure in report.iter(f"{{{SVRL}}}failed-assert")
    ]


def test_the_rules_declare_no_variables() -> None:
    # A variable in either rule is evaluated for every element of every document.
    schema = parse_xml_file(NOW).getroot()
    for pattern_id in ("pointers", "dates"):
        pattern = schema.find(f"{{http://purl.oclc.org/dsdl/schematron}}pattern[@id='{pattern_id}']")
        assert pattern is not None
        assert not pattern.findall(".//{http://purl.oclc.org/dsdl/schematron}let"), pattern_id


@pytest.mark.parametrize("number", range(len(VARIANTS)))
def test_same_failures_as_with_variables(number: int) -> None:
    tree = VARIANTS[number]
    before = _failures(BEFORE, tree)
    assert before == _failures(NOW, tree)


def test_the_variants_make_every_rule_fail_and_pass() -> None:
    failed = [failure[0] for tree in VARIANTS for failure in _failures(NOW, tree)]
    for assert_id in ("pointer-resolves", "when-iso-form", "when-calendar"):
        assert 10 < failed.count(assert_id) < 40 * 12, assert_id


def test_jing_agrees_with_the_rules_as_they_were(tmp_path: Path) -> None:
    # Saxon has no str:tokenize: a list of pointers takes the scan of the document.
    files = []
    for number, tree in enumerate(VARIANTS):
        files.append(tmp_path / f"variant-{number:02}.xml")
        tree.write(str(files[-1]), encoding="UTF-8")

    def jing(schematron: Path) -> str:
        run = subprocess.run(
            ["jing", str(schematron), *map(str, files)], capture_output=True, text=True, timeout=300, check=False
        )
        return run.stdout

    before = jing(BEFORE)
    assert before.count("assertion failed") > 40
    assert jing(NOW) == before
