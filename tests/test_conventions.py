"""Every convention fixture: expected TEI, valid against tei_all, reported doubts, round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_format import NAMESPACES, Case, canonical_expected, canonical_fragment, read_cases
from lxml import etree

from encoder.header import Sidecar
from encoder.pipeline import convert
from encoder.round_trip import normalize_whitespace, to_text

FIXTURES = Path(__file__).parent / "fixtures" / "conventions"
CASES = [case for path in sorted(FIXTURES.glob("*.txt")) for case in read_cases(path)]
DEFAULT_SELECT = "/tei:TEI/tei:text/tei:body/tei:div[@type='document']/*"


def transcript(case: Case) -> str:
    """The case's input, with a labelled header when it needs a citation."""
    if "citation" not in case.settings:
        return case.source
    date = case.settings.get("date", "June 4, 1965")
    return (
        f"{date}\n\nFixture document\n\nCitation:\n\n{case.settings['citation']}\n\n"
        f"Contents:\n\nTranslation - English\n\n{case.source}\n"
    )


def test_fixture_files_exist() -> None:
    assert len({case.file for case in CASES}) >= 10, "one fixture file per convention"


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_convention(case: Case, tei_all: etree.RelaxNG) -> None:
    sidecar = None
    if "date" in case.settings and "citation" not in case.settings:
        sidecar = Sidecar(date=case.settings["date"])
    text = transcript(case)
    result = convert(text, name=f"{case.file.name}:{case.line}", sidecar=sidecar)

    selected = result.tree.xpath(case.settings.get("select", DEFAULT_SELECT), namespaces=NAMESPACES)
    assert canonical_fragment(selected) == canonical_expected(case.expected)

    assert tei_all.validate(result.tree), tei_all.error_log
    reported = {decision.kind for decision in result.decisions}
    for kind in filter(None, (k.strip() for k in case.settings.get("report", "").split(","))):
        assert kind in reported, f"{kind!r} not reported; reported: {sorted(reported)}"
    assert normalize_whitespace(to_text(result.tree)) == normalize_whitespace(text)
