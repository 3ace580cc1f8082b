"""Harvestable records (issue 9): sitemap.xml, an OAI-PMH static repository, and a gateway
that a real harvester (Sickle) lists and fetches from, on loopback."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import xmlschema
from conftest import TRANSCRIPTS
from lxml import etree
from sickle import Sickle
from sickle.oaiexceptions import BadArgument, CannotDisseminateFormat, IdDoesNotExist, NoSetHierarchy

from encoder.oai_gateway import make_server
from encoder.site import build_site

EDITION = """\
publisher = "Example University Library"
identifier-base = "https://edition.example.org/documents/"
site-url = "https://edition.example.org/"
updated = "2026-11-30"
contact = "editions@example.org"
"""
NAMES = ["1965-03-02-telegram-soviet-korean-talks", "1965-12-26-li-xiannian-kim-il-sung-conversation"]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
DC = "{http://purl.org/dc/elements/1.1/}"


def corpus(folder: Path, edition: str | None) -> Path:
    (folder / "transcripts").mkdir(parents=True)
    for name in NAMES:
        shutil.copy(TRANSCRIPTS / f"{name}.txt", folder / "transcripts")
    if edition is not None:
        (folder / "edition.toml").write_text(edition, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("harvest")
    build_site(root / "site", corpus(root / "tei", EDITION), title="Example edition")
    return root / "site"


@pytest.fixture(scope="module")
def harvester(site: Path) -> Iterator[Sickle]:
    server = make_server(site / "oai.xml", "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Sickle(f"http://127.0.0.1:{server.server_address[1]}/oai", max_retries=0, timeout=30)
    finally:
        server.shutdown()
        server.server_close()


def test_the_sitemap_lists_the_index_and_every_page_by_absolute_address(site: Path) -> None:
    root = etree.parse(str(site / "sitemap.xml")).getroot()
    locations = [entry.findtext(f"{SITEMAP}loc") for entry in root.iter(f"{SITEMAP}url")]
    assert locations == ["https://edition.example.org/"] + [
        f"https://edition.example.org/documents/{name}.html" for name in NAMES
    ]
    assert {entry.findtext(f"{SITEMAP}lastmod") for entry in root.iter(f"{SITEMAP}url")} == {"2026-11-30"}


def test_a_harvester_lists_every_record_in_both_formats(
    harvester: Sickle, library_schemas: dict[str, xmlschema.XMLSchema]
) -> None:
    identify = harvester.Identify()
    assert (identify.repositoryName, identify.adminEmail) == ("Example edition", "editions@example.org")
    prefixes = {entry.metadataPrefix for entry in harvester.ListMetadataFormats()}
    assert prefixes == {"oai_dc", "mods"}
    dc_records = list(harvester.ListRecords(metadataPrefix="oai_dc"))
    assert [record.header.identifier for record in dc_records] == [f"oai:edition.example.org:{n}" for n in NAMES]
    assert all(record.header.datestamp == "2026-11-30" for record in dc_records)
    assert dc_records[0].metadata["title"][0].startswith("Telegram, Chinese Embassy in North Korea")
    for record in dc_records:  # what was harvested is a valid oai_dc record
        dc = record.xml.find(".//{http://www.openarchives.org/OAI/2.0/oai_dc/}dc")
        assert not list(library_schemas["oai_dc"].iter_errors(dc))
    mods_records = list(harvester.ListRecords(metadataPrefix="mods"))
    assert len(mods_records) == len(NAMES)
    for record in mods_records:
        mods = record.xml.find(".//{http://www.loc.gov/mods/v3}mods")
        assert not list(library_schemas["mods"].iter_errors(mods))
    identifiers = [header.identifier for header in harvester.ListIdentifiers(metadataPrefix="oai_dc")]
    assert identifiers == [record.header.identifier for record in dc_records]
    one = harvester.GetRecord(identifier=identifiers[1], metadataPrefix="oai_dc")
    assert one.metadata["date"] == ["1965-12-26"]


def test_the_gateway_answers_with_the_protocols_errors(harvester: Sickle) -> None:
    with pytest.raises(NoSetHierarchy):
        list(harvester.ListSets())
    with pytest.raises(CannotDisseminateFormat):
        list(harvester.ListRecords(metadataPrefix="marc21"))
    with pytest.raises(IdDoesNotExist):
        harvester.GetRecord(identifier="oai:edition.example.org:nothing", metadataPrefix="oai_dc")
    with pytest.raises(BadArgument):
        list(harvester.ListRecords(metadataPrefix="oai_dc", **{"from": "last week"}))
    assert list(harvester.ListRecords(metadataPrefix="oai_dc", **{"from": "2026-11-30"}))
    bad_verb = harvester.harvest(verb="Harvest").raw
    assert 'code="badVerb"' in bad_verb


def test_without_the_editions_addresses_the_build_says_what_is_missing(tmp_path: Path) -> None:
    report = build_site(tmp_path / "site", corpus(tmp_path / "tei", 'publisher = "Example"\n'))
    assert not (tmp_path / "site" / "sitemap.xml").exists() and not (tmp_path / "site" / "oai.xml").exists()
    skipped = [d.message for d in report.diagnostics if d.code == "HARVEST-SKIPPED"]
    assert skipped == [
        "sitemap.xml not written: edition.toml gives no site-url, updated",
        "oai.xml not written: edition.toml gives no site-url, updated, contact",
    ]


def test_without_an_edition_file_the_build_names_its_folder_not_a_missing_file(tmp_path: Path) -> None:
    report = build_site(tmp_path / "site", corpus(tmp_path / "tei", None))
    skipped = [(d.message, d.file) for d in report.diagnostics if d.code == "HARVEST-SKIPPED"]
    assert skipped == [
        ("sitemap.xml not written: no edition.toml to give site-url, updated", str(tmp_path / "tei")),
        ("oai.xml not written: no edition.toml to give site-url, updated, contact", str(tmp_path / "tei")),
    ]


def test_the_oai_command_serves_the_repository_on_loopback(site: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "encoder", "oai", str(site / "oai.xml"), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        assert line.startswith("oai: OAI-PMH at http://127.0.0.1:"), line
        address = line.split()[3]
        records = list(Sickle(address, max_retries=0, timeout=30).ListIdentifiers(metadataPrefix="mods"))
        assert len(records) == len(NAMES)
    finally:
        process.terminate()
        process.wait(timeout=30)
