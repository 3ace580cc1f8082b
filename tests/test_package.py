"""``tei-encoder package`` (issue 9): BagIt bags of the edition that a library's ingest accepts.

The bags are checked with the ``bagit`` library itself (the Library of
Congress's reference implementation), their METS, MODS and Dublin Core with
xmlschema against the schemas in ``../shared/library-reference/``.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import bagit
import pytest
import xmlschema
from conftest import TEI_DIR
from lxml import etree

from encoder.safexml import parse_xml_file

METS = "{http://www.loc.gov/METS/}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
DOCUMENTS = sorted(path.stem for path in TEI_DIR.glob("*.xml") if path.name != "registers.xml")


def run_package(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "encoder", "package", "--tei-dir", str(TEI_DIR), "-q", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def corpus_bag(tmp_path_factory: pytest.TempPathFactory) -> Path:
    destination = tmp_path_factory.mktemp("package") / "bag"
    result = run_package("-o", str(destination), "--bagging-date", "2026-12-01")
    assert result.returncode == 0, result.stderr
    return destination


def all_bytes(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_the_corpus_bag_is_valid_with_both_manifests_and_its_identity(corpus_bag: Path) -> None:
    bag = bagit.Bag(str(corpus_bag))
    bag.validate()  # raises on any missing, extra or altered file
    assert set(bag.algorithms) == {"sha256", "sha512"}
    assert (corpus_bag / "manifest-sha512.txt").is_file() and (corpus_bag / "tagmanifest-sha256.txt").is_file()
    assert bag.info["Bagging-Date"] == "2026-12-01"
    assert bag.info["Source-Organization"] == "tei-encoder sample edition"  # from tei/edition.toml
    assert bag.info["External-Identifier"] == "tei"
    names = {Path(path).name for path in bag.payload_files()}
    for name in DOCUMENTS:
        wanted = {
            f"{name}{suffix}" for suffix in (".xml", ".txt", ".html", ".pdf", ".mets.xml", ".mods.xml", ".dc.xml")
        }
        assert wanted <= names, name
    for name in DOCUMENTS:  # the TEI in the bag is the corpus file, and its schema references resolve
        tei = corpus_bag / "data" / name / f"{name}.xml"
        assert tei.read_bytes() == (TEI_DIR / f"{name}.xml").read_bytes()
        assert (tei.parent / "../schema/tei-encoder.rng").resolve().is_file()


def test_mets_mods_and_dc_in_the_bag_validate_and_mets_checksums_match(
    corpus_bag: Path, library_schemas: dict[str, xmlschema.XMLSchema]
) -> None:
    for name in DOCUMENTS:
        folder = corpus_bag / "data" / name
        for kind, schema in (("mets", "mets"), ("mods", "mods"), ("dc", "oai_dc")):
            errors = list(library_schemas[schema].iter_errors(str(folder / f"{name}.{kind}.xml")))
            assert not errors, f"{name}.{kind}.xml: {errors[0].reason}"
        mets = parse_xml_file(folder / f"{name}.mets.xml")
        files = mets.getroot().findall(f".//{METS}fileSec//{METS}file")
        assert {file.find(f"{METS}FLocat").get(XLINK_HREF) for file in files} == {  # type: ignore[union-attr]
            f"{name}.xml",
            f"{name}.txt",
            f"{name}.html",
            f"{name}.pdf",
        }
        for file in files:
            target = folder / file.find(f"{METS}FLocat").get(XLINK_HREF)  # type: ignore[union-attr,operator]
            assert file.get("CHECKSUMTYPE") == "SHA-256"
            assert file.get("CHECKSUM") == hashlib.sha256(target.read_bytes()).hexdigest()
            assert file.get("SIZE") == str(target.stat().st_size)


def test_the_same_date_gives_the_same_bytes(corpus_bag: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert run_package("-o", str(again), "--bagging-date", "2026-12-01").returncode == 0
    assert all_bytes(again) == all_bytes(corpus_bag)


def test_per_document_bags_each_validate(tmp_path: Path) -> None:
    destination = tmp_path / "bags"
    result = run_package(
        "-o", str(destination), "--per-document", "--bagging-date", "2026-12-01",
        "--source-organization", "Example Library", "--external-identifier", "ex:edition",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in destination.iterdir()) == DOCUMENTS
    for name in DOCUMENTS:
        bag = bagit.Bag(str(destination / name))
        bag.validate()
        assert (bag.info["External-Identifier"], bag.info["Source-Organization"]) == (
            f"ex:edition/{name}",
            "Example Library",
        )
        mets = etree.parse(str(destination / name / "data" / name / f"{name}.mets.xml"))
        assert mets.getroot().get("OBJID") == f"ex:edition/{name}"  # the record names the bag's item


def test_package_refuses_an_existing_folder_and_bad_dates_without_leaving_anything(tmp_path: Path) -> None:
    existing = tmp_path / "taken"
    existing.mkdir()
    (existing / "keep.txt").write_text("mine", encoding="utf-8")
    refused = run_package("-o", str(existing))
    assert refused.returncode == 2 and "exists" in refused.stderr
    assert [path.name for path in existing.iterdir()] == ["keep.txt"]
    bad_date = run_package("-o", str(tmp_path / "new"), "--bagging-date", "2026-02-30")
    assert bad_date.returncode == 2 and "--bagging-date" in bad_date.stderr and "Traceback" not in bad_date.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["taken"]  # no half-made package
