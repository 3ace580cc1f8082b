"""The project schema: generated files up to date, example documents as stated.

Each document in tests/schema_cases opens with a comment that states its
intent and the diagnostics it must produce (``Expect:`` codes; ``RNG`` stands
for any RELAX NG error, ``nothing`` for none), after the manner of
dracor-schema's test documents.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from encoder.errors import Severity
from encoder.validation import validate

SCHEMA = REPO / "schema"
CASES = REPO / "tests" / "schema_cases"
GENERATED = ("tei-encoder.rng", "tei-encoder.xsd", "xml.xsd")
INTENT = re.compile(
    r"<!--\s*Intent: (?P<intent>.*?)"
    r"Expect: (?P<expect>[^\n]*)\n\s*"
    r"tei_all: (?P<tei_all>valid|invalid)\s*-->",
    re.DOTALL,
)


def test_generated_schemas_match_the_compact_source(tmp_path: Path) -> None:
    shutil.copy(SCHEMA / "tei-encoder.rnc", tmp_path)
    shutil.copy(SCHEMA / "build.sh", tmp_path)
    environment = {**os.environ, "TEI_ENCODER_REPO": str(REPO), "PYTHON": sys.executable}
    subprocess.run(["bash", str(tmp_path / "build.sh")], check=True, capture_output=True, env=environment)
    assert (tmp_path / "tei-encoder.rnc").read_bytes() == (SCHEMA / "tei-encoder.rnc").read_bytes(), (
        "schema/tei-encoder.rnc's vocabulary block is stale: run schema/build.sh and commit the result"
    )
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (SCHEMA / name).read_bytes(), (
            f"schema/{name} is stale: run schema/build.sh and commit the result"
        )


def test_project_xsd_is_a_usable_xml_schema() -> None:
    import xmlschema

    schema = xmlschema.XMLSchema(str(SCHEMA / "tei-encoder.xsd"))
    assert schema.is_valid(str(CASES / "valid-full-document.xml"))
    assert not schema.is_valid(str(CASES / "invalid-rng-foreign-element.xml"))


def all_cases() -> list[Path]:
    return sorted(CASES.glob("*.xml"))


def stated_expectation(case: Path) -> tuple[set[str], str]:
    match = INTENT.search(case.read_text(encoding="utf-8"))
    assert match, f"{case.name} must open with an Intent/Expect/tei_all comment"
    codes = set(match["expect"].split()) - {"nothing"}
    return codes, match["tei_all"]


def test_there_are_cases_of_every_kind() -> None:
    names = [case.name for case in all_cases()]
    assert sum(name.startswith("valid-") for name in names) >= 2
    assert sum(name.startswith("invalid-rng-") for name in names) >= 8
    assert sum(name.startswith("invalid-sch-") for name in names) >= 10


@pytest.mark.parametrize("case", all_cases(), ids=lambda path: path.stem)
def test_case_opens_with_its_intent(case: Path) -> None:
    text = case.read_text(encoding="utf-8")
    first_comment = text.index("<!--")
    assert first_comment < text.index("<TEI")
    kind = "valid" if case.name.startswith("valid-") else "invalid"
    assert text[first_comment:].startswith(f"<!-- Intent: {kind}")


@pytest.mark.parametrize("case", all_cases(), ids=lambda path: path.stem)
def test_case_gives_exactly_the_stated_diagnostics(case: Path) -> None:
    expected, _ = stated_expectation(case)
    diagnostics = validate(case)
    found = {d.code for d in diagnostics if not d.code.startswith("RNG-")}
    if any(d.code.startswith("RNG-") for d in diagnostics):
        found.add("RNG")
    assert found == expected, "\n".join(d.format() for d in diagnostics)
    has_error = any(d.severity is Severity.ERROR for d in diagnostics)
    assert has_error == case.name.startswith("invalid-")


@pytest.mark.parametrize("case", [c for c in all_cases() if c.name.startswith("invalid-rng-")], ids=lambda p: p.stem)
def test_relaxng_errors_point_into_the_document(case: Path) -> None:
    located = [d for d in validate(case) if d.code.startswith("RNG-") and d.line]
    assert located, "at least one RELAX NG error of the case carries a line number"


def test_schema_documentation_names_every_element() -> None:
    # docs/schema.md is the customization's ODD in prose: it must not fall
    # behind the grammar.
    from test_schema_conformance import PROJECT_RNG, grammar_elements

    documentation = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
    local_names = {name.split("}")[1] for name in grammar_elements(PROJECT_RNG)}
    assert {name for name in local_names if f"`{name}`" not in documentation} == set()
    assert f"{len(local_names)} elements" in documentation
