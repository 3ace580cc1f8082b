"""``tei-encoder validate`` and the validation API (encoder.validation)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, TEI_ALL_RNG
from lxml import etree

from encoder.errors import Severity, UsageError
from encoder.validation import (
    has_errors,
    nearest_schema_dir,
    schema_dir_for,
    tei_all_rng,
    validate,
    validate_tree,
    xml_model_pis,
)

CASES = REPO / "tests" / "schema_cases"
VALID = CASES / "valid-full-document.xml"
BARE = CASES / "valid-bare-transcript.xml"
HEAD_AFTER_P = CASES / "invalid-rng-head-after-paragraph.xml"
FOLIO = CASES / "invalid-sch-folio-ascending.xml"
TEXT_LINE = re.compile(r"^.+:\d+:\d+: (error|warning|info): [A-Za-z][\w-]*: \S.*$")


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "encoder", "validate", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )


# == command line ==


def test_valid_file_exits_0_and_prints_nothing() -> None:
    completed = run_cli(str(VALID))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout == ""


def test_warnings_are_printed_but_leave_the_file_valid() -> None:
    completed = run_cli(str(BARE))
    assert completed.returncode == 0
    lines = completed.stdout.splitlines()
    assert len(lines) == 3
    assert all(TEXT_LINE.match(line) and ": warning: " in line for line in lines)


def test_invalid_file_exits_1_with_one_diagnostic_per_line() -> None:
    completed = run_cli(str(FOLIO), str(HEAD_AFTER_P))
    assert completed.returncode == 1
    lines = completed.stdout.splitlines()
    assert lines and all(TEXT_LINE.match(line) for line in lines), lines
    assert any(line.startswith(f"{FOLIO}:") and ": folio-ascending: " in line for line in lines)
    head_line = next(
        number for number, text in enumerate(HEAD_AFTER_P.read_text().splitlines(), start=1) if '<head n="2">' in text
    )
    assert any(line.startswith(f"{HEAD_AFTER_P}:{head_line}:9: error: RNG-") for line in lines)


def test_missing_path_is_a_usage_error() -> None:
    completed = run_cli(str(VALID), "no/such/file.xml")
    assert completed.returncode == 2
    assert "no/such/file.xml" in completed.stderr


def test_schema_that_is_not_rng_is_a_usage_error(tmp_path: Path) -> None:
    completed = run_cli("--schema", str(REPO / "schema" / "tei-encoder.rnc"), str(VALID))
    assert completed.returncode == 2
    assert ".rng" in completed.stderr


def test_not_well_formed_file_reports_the_parse_error_position(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <teiHeader>\n</TEI>\n')
    completed = run_cli(str(broken))
    assert completed.returncode == 1
    (line,) = completed.stdout.splitlines()
    assert line.startswith(f"{broken}:3:")
    assert ": error: XML-SYNTAX: not well-formed XML" in line


def test_json_format(tmp_path: Path) -> None:
    completed = run_cli("--format", "json", str(FOLIO), str(VALID))
    assert completed.returncode == 1
    report = json.loads(completed.stdout)
    assert report["files"] == 2 and report["invalid"] == 1
    (diagnostic,) = report["diagnostics"]
    assert diagnostic["code"] == "folio-ascending"
    assert diagnostic["file"] == str(FOLIO)
    assert isinstance(diagnostic["line"], int) and isinstance(diagnostic["col"], int)
    assert diagnostic["severity"] == "error"


def test_no_schematron_skips_the_rules() -> None:
    completed = run_cli("--no-schematron", str(FOLIO))
    assert completed.returncode == 0
    assert completed.stdout == ""


def test_schema_tei_all() -> None:
    # tei_all accepts a value list the project closes, and rejects head after p.
    stricter = CASES / "invalid-rng-gap-reason-value.xml"
    completed = run_cli("--schema", "tei-all", str(stricter), str(HEAD_AFTER_P))
    assert completed.returncode == 1
    lines = completed.stdout.splitlines()
    assert lines and all(line.startswith(f"{HEAD_AFTER_P}:") for line in lines)
    assert ": error: RNG-" in completed.stdout
    assert "validated 2 files, 1 invalid" in completed.stderr


def test_user_supplied_rng_schema(tmp_path: Path) -> None:
    schema = tmp_path / "only-tei.rng"
    schema.write_text(
        '<element name="TEI" ns="http://www.tei-c.org/ns/1.0" '
        'xmlns="http://relaxng.org/ns/structure/1.0"><empty/></element>'
    )
    completed = run_cli("--schema", str(schema), str(VALID))
    assert completed.returncode == 1
    assert ": error: RNG-" in completed.stdout
    assert "folio" not in completed.stdout  # Schematron is off with another schema


def test_xsd_layer_on_request(tmp_path: Path) -> None:
    env = {"TEI_ENCODER_CACHE_DIR": str(tmp_path / "cache")}
    completed = run_cli("--xsd", str(CASES / "invalid-rng-foreign-element.xml"), env=env)
    assert completed.returncode == 1
    assert ": error: XSD: " in completed.stdout
    assert list((tmp_path / "cache").glob("tei-encoder-*.pickle"))


def test_a_directory_of_many_files(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "nested").mkdir(parents=True)
    for number in range(1500):
        shutil.copy(VALID, corpus / f"doc{number:04}.xml")
    shutil.copy(FOLIO, corpus / "nested" / "bad.xml")
    (corpus / "notes.txt").write_text("not XML, not looked at")
    completed = run_cli(str(corpus))
    assert completed.returncode == 1
    assert "validated 1,501 files, 1 invalid" in completed.stderr
    assert all(line.startswith(f"{corpus}/nested/bad.xml:") for line in completed.stdout.splitlines())


def test_project_validation_never_loads_tei_all() -> None:
    completed = run_cli(str(VALID), env={"TEI_ENCODER_TEI_ALL": "/nonexistent/tei_all.rng"})
    assert completed.returncode == 0, completed.stderr


def test_tei_all_schema_absent_gives_a_clear_error() -> None:
    completed = run_cli("--schema", "tei-all", str(VALID), env={"TEI_ENCODER_TEI_ALL": "/nonexistent/tei_all.rng"})
    assert completed.returncode == 2
    assert "TEI_ENCODER_TEI_ALL" in completed.stderr and "/nonexistent/tei_all.rng" in completed.stderr


# == API ==


def test_validate_tree_on_a_tree_built_in_memory() -> None:
    tree = etree.parse(str(VALID))
    assert validate_tree(tree, filename="built.xml") == []
    tei = "{http://www.tei-c.org/ns/1.0}"
    div = tree.find(f".//{tei}div")
    assert div is not None
    etree.SubElement(div, f"{tei}seg").text = "stray"
    diagnostics = validate_tree(tree.getroot(), filename="built.xml")
    assert has_errors(diagnostics)
    assert all(d.file == "built.xml" for d in diagnostics)


def test_validate_accepts_a_path_or_a_tree() -> None:
    assert validate(VALID) == []
    assert validate(str(VALID)) == []
    assert validate(etree.parse(str(VALID))) == []
    assert [d.code for d in validate(FOLIO)] == ["folio-ascending"]


def test_validate_with_tei_all_runs_no_schematron_by_default() -> None:
    assert validate(FOLIO, schema="tei-all") == []
    assert [d.code for d in validate(FOLIO, schema="tei-all", schematron=True)] == ["folio-ascending"]


def test_validate_a_missing_file_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        validate(tmp_path / "missing.xml")


def test_xsd_needs_a_schema_with_an_xsd(tmp_path: Path) -> None:
    schema = tmp_path / "s.rng"
    shutil.copy(REPO / "schema" / "tei-encoder.rng", schema)
    with pytest.raises(UsageError):
        validate(VALID, schema=schema, xsd=True)


def test_diagnostic_format_has_severity_and_code_fields() -> None:
    (diagnostic,) = validate(FOLIO)
    assert diagnostic.severity is Severity.ERROR
    assert diagnostic.format().startswith(f"{FOLIO}:{diagnostic.line}:{diagnostic.col}: error: folio-ascending: ")


def test_tei_all_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert tei_all_rng().resolve() == TEI_ALL_RNG.resolve()
    elsewhere = tmp_path / "tei_all.rng"
    shutil.copy(TEI_ALL_RNG, elsewhere)
    monkeypatch.setenv("TEI_ENCODER_TEI_ALL", str(elsewhere))
    assert tei_all_rng() == elsewhere
    monkeypatch.setenv("TEI_ENCODER_TEI_ALL", str(tmp_path / "absent.rng"))
    with pytest.raises(UsageError, match="TEI_ENCODER_TEI_ALL"):
        tei_all_rng()


# == xml-model processing instructions ==


def _pseudo_attributes(pi: etree._ProcessingInstruction) -> dict[str, str]:
    return dict(re.findall(r'(\w+)="([^"]*)"', pi.text or ""))


def test_xml_model_defaults_point_from_tei_to_schema() -> None:
    relaxng, schematron = (_pseudo_attributes(pi) for pi in xml_model_pis(None, REPO / "schema"))
    assert relaxng == {
        "href": "../schema/tei-encoder.rng",
        "type": "application/xml",
        "schematypens": "http://relaxng.org/ns/structure/1.0",
    }
    assert schematron["href"] == "../schema/tei-encoder.sch"
    assert schematron["schematypens"] == "http://purl.oclc.org/dsdl/schematron"


def test_xml_model_hrefs_are_relative_to_the_output_file(tmp_path: Path) -> None:
    schema_dir = tmp_path / "project" / "schema"
    output = tmp_path / "project" / "tei" / "deep" / "doc.xml"
    hrefs = [_pseudo_attributes(pi)["href"] for pi in xml_model_pis(output, schema_dir)]
    assert hrefs == ["../../schema/tei-encoder.rng", "../../schema/tei-encoder.sch"]
    assert [pi.target for pi in xml_model_pis(output, schema_dir)] == ["xml-model", "xml-model"]


@pytest.mark.parametrize(
    ("schema_at", "files", "found"),
    [
        ("project/tei/deep", ("tei-encoder.rng", "tei-encoder.sch"), "project/tei/deep/schema"),
        ("project", ("tei-encoder.rng", "tei-encoder.sch"), "project/schema"),
        ("", ("tei-encoder.rng", "tei-encoder.sch"), "schema"),
        ("project", ("tei-encoder.rng",), None),  # half a schema is no schema
        (None, (), None),
    ],
)
def test_the_nearest_schema_folder_above_the_output(
    tmp_path: Path, schema_at: str | None, files: tuple[str, ...], found: str | None
) -> None:
    output = tmp_path / "project" / "tei" / "deep" / "doc.xml"
    output.parent.mkdir(parents=True)
    if schema_at is not None:
        (tmp_path / schema_at / "schema").mkdir(parents=True)
        for name in files:
            (tmp_path / schema_at / "schema" / name).write_text("")
    expected = tmp_path / found if found is not None else _schema_folder_above(tmp_path)
    assert nearest_schema_dir(output) == expected
    assert schema_dir_for(output) == (expected or output.parent / "schema")


def _schema_folder_above(folder: Path) -> Path | None:
    """A whole schema folder that happens to be above the temporary folder (a stray ``/tmp/schema``): the
    search goes on up to it, as it would for a user."""
    for parent in folder.parents:
        if all((parent / "schema" / name).is_file() for name in ("tei-encoder.rng", "tei-encoder.sch")):
            return parent / "schema"
    return None


def test_xml_model_pis_resolve_to_real_schemas_from_tei() -> None:
    output = REPO / "tei" / "example.xml"
    for pi in xml_model_pis(output, REPO / "schema"):
        href = _pseudo_attributes(pi)["href"]
        assert (output.parent / href).resolve().is_file()


def test_xml_model_pis_serialize_before_the_root() -> None:
    root = etree.Element("{http://www.tei-c.org/ns/1.0}TEI", nsmap={None: "http://www.tei-c.org/ns/1.0"})
    for pi in xml_model_pis(None, REPO / "schema"):
        root.addprevious(pi)
    text = etree.tostring(root.getroottree(), encoding="unicode")
    assert text.startswith('<?xml-model href="../schema/tei-encoder.rng"')
    assert text.index("tei-encoder.sch") < text.index("<TEI")


@pytest.mark.slow
def test_tei_all_xsd_layer_from_the_pickle_cache() -> None:
    # Building tei_all's XSD takes 15-20 s once; later runs load the pickle in
    # the default cache directory.
    diagnostics = validate(VALID, schema="tei-all", schematron=False, xsd=True)
    assert diagnostics == []
    diagnostics = validate(HEAD_AFTER_P, schema="tei-all", schematron=False, xsd=True)
    assert {d.code for d in diagnostics} >= {"XSD"}
    assert any(d.code.startswith("RNG-") for d in diagnostics)


def test_a_folder_is_validated_without_its_hidden_folders(tmp_path: Path) -> None:
    """tei/.generated/ holds the converter's copies (the base of reconcile): not documents of their own."""
    from encoder.commands.validate import iter_xml_files

    (tmp_path / ".generated").mkdir()
    (tmp_path / "nested").mkdir()
    for name in ("a.xml", ".generated/a.xml", "nested/b.xml"):
        (tmp_path / name).write_text("<x/>", encoding="utf-8")
    assert [path.relative_to(tmp_path).as_posix() for path in iter_xml_files([tmp_path])] == ["a.xml", "nested/b.xml"]
    hidden_given = tmp_path / ".generated"
    assert list(iter_xml_files([hidden_given])) == [hidden_given / "a.xml"]  # asked for by name: validated
