"""Ready for library ingest (issue 9): a package that works installed, schema
references that resolve from where a file is, and the edition's identity and rights.

The wheel test builds the sdist and the wheel with PyPA's ``build`` (the wheel
from the sdist, so a file the sdist forgot is caught too), installs the wheel
into a fresh virtual environment outside the checkout and runs the commands
there, in a folder with nothing of the repository around it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from encoder.pipeline import convert_file
from encoder.safexml import parse_xml_file
from encoder.site import build_site

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tei" / "transcripts" / "1965-03-02-telegram-soviet-korean-talks.txt"
TEI = "{http://www.tei-c.org/ns/1.0}"
NS = {"tei": TEI[1:-1]}

EDITION = """\
publisher = "Example University Library"
identifier-base = "https://edition.example.org/documents/"
availability = "free"
licence = "CC BY 4.0"
licence-url = "https://creativecommons.org/licenses/by/4.0/"
rights = "Translations reproduced with the archive's permission."
"""


def run_cli(*args: str, cwd: Path | None = None, executable: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [executable] if executable else [sys.executable, "-m", "encoder"]
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=300, check=False, cwd=cwd)


def xml_model_hrefs(path: Path) -> list[str]:
    root = parse_xml_file(path).getroot()
    before_root = reversed(list(root.itersiblings(preceding=True)))  # itersiblings walks backwards
    return [
        re.search(r'href="([^"]*)"', node.text or "").group(1)  # type: ignore[union-attr]
        for node in before_root
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model"
    ]


def resolves(path: Path, href: str) -> bool:
    if href.startswith("file://"):
        return Path(href.removeprefix("file://")).is_file()
    return not re.match(r"\w+://", href) and (path.parent / href).is_file()


# == packaging ==


@pytest.fixture(scope="module")
def distributions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    return out


@pytest.fixture(scope="module")
def installed(distributions: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``tei-encoder`` script of a fresh virtual environment holding only the wheel and its dependencies."""
    environment = tmp_path_factory.mktemp("venv")
    venv.create(environment, with_pip=True)
    (wheel,) = distributions.glob("*.whl")
    pip = subprocess.run(
        [str(environment / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert pip.returncode == 0, pip.stderr[-2000:]
    return environment / "bin" / "tei-encoder"


def test_the_wheel_carries_every_stylesheet_schema_and_asset(distributions: Path) -> None:
    (wheel,) = distributions.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {f"encoder/xslt/{path.relative_to(REPO / 'xslt').as_posix()}" for path in (REPO / "xslt").rglob("*.xsl")}
    wanted |= {f"encoder/schema/{path.name}" for path in (REPO / "schema").glob("tei-encoder.*")}
    wanted |= {f"encoder/schema/library/{path.name}" for path in (REPO / "schema" / "library").glob("*.xsd")}
    wanted |= {f"encoder/assets/{path.name}" for path in (REPO / "encoder" / "assets").iterdir()}
    assert wanted - names == set()
    assert "encoder/schema/tei-encoder.rnc" in names  # the schema's source travels with it


def test_the_sdist_keeps_the_top_level_sources_of_truth(distributions: Path) -> None:
    (sdist,) = distributions.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"xslt/html.xsl", "xslt/common/text.xsl", "schema/tei-encoder.rnc", "schema/tei-encoder.sch"} <= names


def test_an_installed_tool_converts_validates_and_renders_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    work = tmp_path / "somewhere"
    work.mkdir()
    shutil.copy(SAMPLE, work / "letter.txt")
    tool = str(installed)
    converted = run_cli("convert", "letter.txt", "-o", "out/letter.xml", cwd=work, executable=tool)
    assert converted.returncode == 0, converted.stderr
    output = work / "out" / "letter.xml"
    assert all(resolves(output, href) for href in xml_model_hrefs(output))  # the schema copy came along
    assert (work / "out" / "schema" / "tei-encoder.rng").is_file()
    validated = run_cli("validate", "out/letter.xml", cwd=work, executable=tool)
    assert validated.returncode == 0, validated.stderr
    rendered = run_cli("render", "out/letter.xml", "-o", "letter.html", cwd=work, executable=tool)
    assert rendered.returncode == 0, rendered.stderr
    page = lxml.html.parse(str(work / "letter.html")).getroot()
    assert "Kim Il Sung" in page.text_content()
    assert len("".join(page.xpath("//style/text()"))) > 1000  # styled: the CSS came from the wheel
    pdf = run_cli("render", "out/letter.xml", "--view", "pdf", "-o", "letter.pdf", cwd=work, executable=tool)
    assert pdf.returncode == 0 and (work / "letter.pdf").read_bytes().startswith(b"%PDF-"), pdf.stderr


# == schema references ==


def test_corpus_files_point_to_the_projects_schema() -> None:
    for path in sorted((REPO / "tei").glob("*.xml")):
        hrefs = xml_model_hrefs(path)
        assert hrefs == ["../schema/tei-encoder.rng", "../schema/tei-encoder.sch"]
        assert all(resolves(path, href) for href in hrefs)


def test_a_file_written_where_no_schema_is_above_gets_a_schema_copy_beside_it(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "letter.txt")
    result = run_cli("convert", str(tmp_path / "letter.txt"), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    output = tmp_path / "out" / "letter.xml"
    assert xml_model_hrefs(output) == ["schema/tei-encoder.rng", "schema/tei-encoder.sch"]
    for name in ("tei-encoder.rng", "tei-encoder.sch"):
        assert (tmp_path / "out" / "schema" / name).read_bytes() == (REPO / "schema" / name).read_bytes()
    assert "SCHEMA-COPY" in result.stderr
    again = run_cli("convert", str(tmp_path / "letter.txt"), "-o", str(tmp_path / "out"))
    assert "SCHEMA-COPY" not in again.stderr  # said once, when the copy was made


def test_standard_output_points_to_the_installed_schema_unless_told_a_url(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "letter.txt")
    result = run_cli("convert", "letter.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (tmp_path / "redirected.xml").write_text(result.stdout, encoding="utf-8")
    hrefs = xml_model_hrefs(tmp_path / "redirected.xml")
    assert all(href.startswith("file://") and resolves(tmp_path, href) for href in hrefs)

    told = run_cli("convert", "letter.txt", "--schema-base", "https://example.org/schema", cwd=tmp_path)
    (tmp_path / "told.xml").write_text(told.stdout, encoding="utf-8")
    assert xml_model_hrefs(tmp_path / "told.xml") == [
        "https://example.org/schema/tei-encoder.rng",
        "https://example.org/schema/tei-encoder.sch",
    ]
    bad = run_cli("convert", "letter.txt", "--schema-base", "../schema", cwd=tmp_path)
    assert bad.returncode == 2 and "--schema-base" in bad.stderr and "Traceback" not in bad.stderr


def test_site_tei_files_are_the_corpus_files_and_the_site_ships_their_schema(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(site, REPO / "tei")
    for corpus_file in sorted((REPO / "tei").glob("*.xml")):
        if corpus_file.name == "registers.xml":
            continue  # the register of names is no document (the index pages are built from it)
        published = site / "documents" / corpus_file.name
        assert published.read_bytes() == corpus_file.read_bytes()
        assert all(resolves(published, href) for href in xml_model_hrefs(published))


# == the edition's identity and rights ==


@pytest.fixture
def edition_corpus(tmp_path: Path) -> Path:
    transcripts = tmp_path / "tei" / "transcripts"
    transcripts.mkdir(parents=True)
    shutil.copy(SAMPLE, transcripts / SAMPLE.name)
    (tmp_path / "tei" / "edition.toml").write_text(EDITION, encoding="utf-8")
    return tmp_path / "tei"


def test_edition_toml_names_publisher_identifier_and_licence(edition_corpus: Path, tei_all: etree.RelaxNG) -> None:
    result = convert_file(edition_corpus / "transcripts" / SAMPLE.name)  # validates against the project schema
    publication = result.tree.getroot().find(f".//{TEI}publicationStmt")
    assert publication is not None
    assert publication.findtext(f"{TEI}publisher") == "Example University Library"
    assert publication.xpath("tei:idno[@subtype='edition']/text()", namespaces=NS) == [
        f"https://edition.example.org/documents/{SAMPLE.stem}"
    ]
    assert publication.findtext(f"{TEI}distributor") == "Wilson Center Digital Archive"  # the archive stays named
    licence = publication.find(f"{TEI}availability/{TEI}licence")
    assert licence is not None and (licence.text, licence.get("target")) == (
        "CC BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    )
    assert publication.find(f"{TEI}availability").get("status") == "free"  # type: ignore[union-attr]
    assert tei_all.validate(result.tree), tei_all.error_log


def test_the_reading_view_shows_licence_and_addresses(edition_corpus: Path, tmp_path: Path) -> None:
    converted = run_cli("convert", str(edition_corpus / "transcripts"), "-o", str(edition_corpus), "-q")
    assert converted.returncode == 0, converted.stderr
    rendered = run_cli("render", str(edition_corpus / f"{SAMPLE.stem}.xml"), "-o", str(tmp_path / "page.html"))
    assert rendered.returncode == 0, rendered.stderr
    page = lxml.html.parse(str(tmp_path / "page.html")).getroot()
    fields = {dt.text_content(): dt.getnext().text_content() for dt in page.xpath("//dl//dt")}
    assert fields["Publisher"] == "Example University Library"
    assert fields["Permanent address"] == f"https://edition.example.org/documents/{SAMPLE.stem}"
    assert fields["Licence and availability"].startswith("CC BY 4.0")
    assert page.xpath("//a[@rel='license noopener noreferrer']/@href") == [
        "https://creativecommons.org/licenses/by/4.0/"
    ]


def test_a_bad_edition_file_is_an_error_at_its_place(edition_corpus: Path) -> None:
    (edition_corpus / "edition.toml").write_text('publisher = "Library"\nlicence-url = "not a url"\n', "utf-8")
    result = run_cli("convert", str(edition_corpus / "transcripts"), "-o", str(edition_corpus))
    assert result.returncode == 1 and "EDITION-FIELD" in result.stderr and "licence-url" in result.stderr
    (edition_corpus / "edition.toml").write_text('publisher = "Library\n', "utf-8")
    broken = run_cli("convert", str(edition_corpus / "transcripts"), "-o", str(edition_corpus))
    assert broken.returncode == 1 and f"{edition_corpus / 'edition.toml'}:1:" in broken.stderr
    assert "Traceback" not in result.stderr + broken.stderr


# == discoverability ==


def test_a_reading_page_carries_dublin_core_highwire_and_schema_org(edition_corpus: Path, tmp_path: Path) -> None:
    import json

    assert run_cli("convert", str(edition_corpus / "transcripts"), "-o", str(edition_corpus), "-q").returncode == 0
    rendered = run_cli("render", str(edition_corpus / f"{SAMPLE.stem}.xml"), "-o", str(tmp_path / "page.html"))
    assert rendered.returncode == 0, rendered.stderr
    page = lxml.html.parse(str(tmp_path / "page.html")).getroot()
    meta: dict[str, list[str]] = {}
    for element in page.xpath("//head/meta[@name]"):
        meta.setdefault(element.get("name"), []).append(element.get("content"))
    edition_url = f"https://edition.example.org/documents/{SAMPLE.stem}"
    assert meta["citation_title"] == meta["DC.title"] and meta["DC.title"][0].startswith("Telegram, Chinese Embassy")
    assert meta["citation_author"] == meta["DC.contributor"] == ["Charles Kraus"]
    assert (meta["citation_date"], meta["DC.date"]) == (["1965/03/02"], ["1965-03-02"])
    assert meta["citation_publisher"] == ["Example University Library"]
    assert meta["citation_public_url"] == [edition_url]
    assert meta["DC.identifier"] == [edition_url, "https://digitalarchive.wilsoncenter.org/document/117405"]
    assert meta["DC.rights"][0].startswith("CC BY 4.0")
    (data,) = page.xpath("//script[@type='application/ld+json']/text()")
    record = json.loads(data)
    assert (record["@type"], record["url"], record["dateCreated"]) == ("CreativeWork", edition_url, "1965-03-02")
    assert record["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert record["translationOfWork"]["inLanguage"] == ["zh"]
    assert "</" not in data  # nothing in the record can close the script element


def test_an_edition_file_given_by_option_wins_over_the_one_found(edition_corpus: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text('publisher = "Another Library"\n', encoding="utf-8")
    result = run_cli("convert", str(edition_corpus / "transcripts" / SAMPLE.name), "--edition", str(other))
    assert result.returncode == 0, result.stderr
    root = etree.fromstring(result.stdout.encode())
    assert root.xpath("//tei:publicationStmt/tei:publisher/text()", namespaces=NS) == ["Another Library"]
    assert not root.xpath("//tei:publicationStmt/tei:availability", namespaces=NS)
