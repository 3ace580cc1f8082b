"""``build`` again: only what changed is made again, and the site is the same as one built from scratch."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import lxml.html
import pytest
from conftest import TRANSCRIPTS
from lxml import etree

from encoder.build_manifest import MANIFEST
from encoder.cli import main
from encoder.commands.progress import BUILD_LINE, Progress
from encoder.errors import TransformError
from encoder.site import DEFAULT_TITLE, BuildReport, build_site
from encoder.views import Renderer

REPOSITORY = Path(__file__).resolve().parents[1]
HAND_MADE = Path(__file__).parent / "views_golden" / "document.xml"
FIRST = "1963-02-20-hao-deqing-andropov-visit"
SECOND = "1965-03-02-telegram-soviet-korean-talks"
# made from all documents: made again whenever any document changes
SITE_WIDE = {"index.html", "search-index.json", "search-index.js", "review-report.json", "sitemap.xml", "oai.xml"}
ENTITY_VIEWS = {
    "timeline.html",
    "persons.html",
    "places.html",
    "organisations.html",
    "documents/registers.xml",
}


# made from the documents' texts and reviews: made again when a document's text changed; the others
# (index page, entity views, harvest files) read headers and names, which an edit of the text leaves alone
TEXT_WIDE = {"search-index.json", "search-index.js", "review-report.json"}


def site_wide(site: Path) -> set[str]:
    """The files made from every document at once, always made again: SITE_WIDE and the entity views
    (timeline, index pages, a card per entity of the register); not the entity pages (entity_pages)."""
    cards = {f"entity/{page.name}" for page in (site / "entity").glob("*.js")}
    assert cards, "the corpus's register names entities: their cards are part of the site"
    return SITE_WIDE | ENTITY_VIEWS | cards


def entity_pages(paths: Iterable[str]) -> set[str]:
    """An entity's page is made again only when its source (the entity, its documents and their
    mentions) or its view changed; else it is carried over."""
    return {path for path in paths if path.startswith("entity/") and path.endswith(".html")}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Two transcripts to convert, one hand-made TEI file, the edition's settings (harvest files on)."""
    tei = tmp_path / "tei"
    (tei / "transcripts").mkdir(parents=True)
    for name in (FIRST, SECOND):
        shutil.copy(TRANSCRIPTS / f"{name}.txt", tei / "transcripts")
    shutil.copy(HAND_MADE, tei / "z-hand-made.xml")
    shutil.copy(REPOSITORY / "tei" / "edition.toml", tei / "edition.toml")
    shutil.copy(REPOSITORY / "tei" / "registers.xml", tei / "registers.xml")  # the edition.toml names it
    return tei


def all_files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def edit_transcript(corpus: Path, name: str, marker: str) -> None:
    transcript = corpus / "transcripts" / f"{name}.txt"
    text = transcript.read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n\n") if len(p) > 200 and not p.startswith(("[", '"', "*")))
    transcript.write_text(text.replace(paragraph, f"{marker} {paragraph}", 1), encoding="utf-8")


def use_changed_view(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, change: Callable[[str], str]) -> None:
    """The views from a copy of xslt/ in which ``name`` is changed (TEI_ENCODER_XSLT_DIR)."""
    views = tmp_path / "xslt"
    shutil.copytree(REPOSITORY / "xslt", views)
    (views / name).write_text(change((views / name).read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setenv("TEI_ENCODER_XSLT_DIR", str(views))


def document_files(name: str, *, review: bool = True, pdf: bool = False) -> set[str]:
    files = {f"documents/{name}.xml", f"documents/{name}.html"}
    return files | ({f"review/{name}.html"} if review else set()) | ({f"documents/{name}.pdf"} if pdf else set())


def test_an_incremental_build_is_byte_identical_to_a_full_one(corpus: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(site, corpus)
    edit_transcript(corpus, FIRST, "Incremental-marker")
    report = build_site(site, corpus)
    assert report.rebuilt == [FIRST]
    assert set(report.made) == document_files(FIRST, pdf=True) | TEXT_WIDE
    # from scratch, PDFs laid out by a pool of two processes
    build_site(tmp_path / "scratch", corpus, full=True, jobs=2)
    incremental, full = all_files(site), all_files(tmp_path / "scratch")
    assert incremental.keys() == full.keys()
    assert [name for name in incremental if incremental[name] != full[name]] == []
    assert b"Incremental-marker" in incremental[f"documents/{FIRST}.html"]


def test_one_changed_transcript_makes_only_its_own_files_and_the_site_wide_ones(corpus: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = build_site(site, corpus, pdf=False)
    assert first.rebuilt == [FIRST, SECOND, "z-hand-made"] and first.reused == [] and first.files_reused == 0
    unchanged = build_site(site, corpus, pdf=False)
    assert unchanged.rebuilt == [] and unchanged.reused == [FIRST, SECOND, "z-hand-made"]
    assert unchanged.made == []  # the site-wide files too: every summary is the same
    assert unchanged.doubtful == first.doubtful > 0
    assert unchanged.diagnostics == first.diagnostics  # what converting said is said again, from the manifest
    before = all_files(site)

    edit_transcript(corpus, SECOND, "Changed-marker")
    report = build_site(site, corpus, pdf=False)
    assert report.rebuilt == [SECOND] and report.reused == [FIRST, "z-hand-made"] and report.removed == []
    # the edit names no one and leaves the header alone: the entity views, index and harvest files are carried over
    assert set(report.made) == document_files(SECOND) | TEXT_WIDE
    after = all_files(site)
    assert b"Changed-marker" in after["search-index.json"]
    for path in document_files(FIRST) | document_files("z-hand-made", review=False):
        assert after[path] == before[path]

    manifest = json.loads((site / MANIFEST).read_text(encoding="ascii"))
    entry = manifest["outputs"][f"documents/{SECOND}.xml"]
    assert set(entry["inputs"]) == {"path", "file", "schema", "tool", "sidecar", "decisions", "edition", "tei"}
    assert entry["sha256"] == hashlib.sha256(after[f"documents/{SECOND}.xml"]).hexdigest()


def test_a_name_added_to_one_document_remakes_only_the_pages_of_the_entities_it_names(
    corpus: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build_site(site, corpus, pdf=False)
    before = all_files(site)
    edit_transcript(corpus, SECOND, "Jawaharlal Nehru wrote.")
    report = build_site(site, corpus, pdf=False)
    after = all_files(site)
    made = entity_pages(report.made)
    # the new name's page, and those of the entities the document names (their mentions' anchors
    # in it moved); the pages of entities it does not name were carried over
    assert "entity/person-jawaharlal-nehru.html" in made
    assert made == {page for page in entity_pages(after) if SECOND.encode() in after[page]}
    assert made < entity_pages(after)
    assert SECOND.encode() in after["entity/person-jawaharlal-nehru.html"]
    assert SECOND.encode() not in before["entity/person-jawaharlal-nehru.html"]
    # a new name: the entity views and the index page's facets are made again too
    assert {"timeline.html", "persons.html", "index.html", "entity/person-jawaharlal-nehru.js"} <= set(report.made)
    build_site(tmp_path / "scratch", corpus, full=True, pdf=False)
    assert after == all_files(tmp_path / "scratch")


def test_a_changed_entity_view_remakes_every_entity_page(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    build_site(site, corpus, pdf=False)
    use_changed_view(tmp_path, monkeypatch, "entity-page.xsl", lambda text: text + "<!-- restyled -->\n")
    report = build_site(site, corpus, pdf=False, renderer=Renderer())
    assert entity_pages(report.made) == entity_pages(all_files(site))


@pytest.mark.parametrize(
    ("view", "remade"),
    [
        ("entity-page-rows.xsl", {"timeline.html"}),  # the group; and every entity page (below)
        ("timeline-rows.xsl", {"timeline.html"}),
        ("site-index-entries.xsl", {"index.html"}),
    ],
)
def test_a_changed_rows_view_remakes_the_pages_it_makes_the_items_of(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, view: str, remade: set[str]
) -> None:
    """A big page's list items are made by a view of their own (*-rows.xsl, site-index-entries.xsl):
    a change to it is a change to the page."""
    site = tmp_path / "site"
    build_site(site, corpus, pdf=False)
    use_changed_view(tmp_path, monkeypatch, view, lambda text: text + "<!-- restyled -->\n")
    report = build_site(site, corpus, pdf=False, renderer=Renderer())
    assert remade <= set(report.made)
    if view == "entity-page-rows.xsl":
        assert entity_pages(report.made) == entity_pages(all_files(site))


def test_a_new_sidecar_or_decisions_file_remakes_its_document(corpus: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(site, corpus, pdf=False)
    (corpus / "transcripts" / f"{FIRST}.meta.toml").write_text('title = "A title from the sidecar"\n', encoding="utf-8")
    report = build_site(site, corpus, pdf=False)
    assert report.rebuilt == [FIRST]
    assert "A title from the sidecar" in (site / f"documents/{FIRST}.html").read_text(encoding="utf-8")
    # a header changed: the index page and the harvest files (made from headers) are made again
    assert {"index.html", "oai.xml", "sitemap.xml", "timeline.html"} <= set(report.made)
    assert "A title from the sidecar" in (site / "index.html").read_text(encoding="utf-8")
    build_site(tmp_path / "scratch", corpus, full=True, pdf=False)
    assert all_files(site) == all_files(tmp_path / "scratch")


def test_a_file_changed_in_the_old_site_is_made_again(corpus: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(site, corpus, pdf=False)
    page = site / f"documents/{FIRST}.html"
    made = page.read_bytes()
    page.write_bytes(b"edited by hand")
    report = build_site(site, corpus, pdf=False)
    assert f"documents/{FIRST}.html" in report.made
    assert page.read_bytes() == made


def test_a_changed_stylesheet_remakes_every_page_that_uses_it(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    build_site(site, corpus, pdf=False)
    use_changed_view(
        tmp_path,
        monkeypatch,
        "html.xsl",
        lambda text: text.replace("<title>{$title}</title>", "<title>{$title} (restyled)</title>"),
    )
    report = build_site(site, corpus, pdf=False, renderer=Renderer())
    pages = {f"documents/{name}.html" for name in (FIRST, SECOND, "z-hand-made")}
    # not the TEI files, not the review pages; not the site-wide files: their views and summaries are the same
    assert set(report.made) == pages
    assert report.rebuilt == [FIRST, SECOND, "z-hand-made"]
    for page in pages:
        assert "(restyled)</title>" in (site / page).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("view", "index", "entity_views"),
    [
        ("site-index.xsl", True, False),
        ("timeline.xsl", False, True),
        ("entity-index.xsl", False, True),
        ("common/labels.xsl", True, True),  # imported by every view
    ],
)
def test_a_changed_view_of_the_site_wide_pages_remakes_the_pages_it_makes(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, view: str, index: bool, entity_views: bool
) -> None:
    site = tmp_path / "site"
    build_site(site, corpus, pdf=False)
    use_changed_view(tmp_path, monkeypatch, view, lambda text: text + "<!-- restyled -->\n")
    report = build_site(site, corpus, pdf=False, renderer=Renderer())
    made = set(report.made) & site_wide(site)
    assert made == ({"index.html"} if index else set()) | (site_wide(site) - SITE_WIDE if entity_views else set())


def test_what_making_the_site_wide_files_said_is_said_again_when_they_are_carried_over(
    corpus: Path, tmp_path: Path
) -> None:
    (corpus / "edition.toml").unlink()
    site = tmp_path / "site"
    first = build_site(site, corpus, pdf=False)
    again = build_site(site, corpus, pdf=False)
    assert again.made == []
    assert "HARVEST-SKIPPED" in {found.code for found in again.diagnostics}
    assert again.diagnostics == first.diagnostics


def _no_edition(corpus: Path) -> str:
    (corpus / "edition.toml").unlink()  # no sitemap.xml, no oai.xml: they go, and the build says why
    return DEFAULT_TITLE


def _register_changed(corpus: Path) -> str:
    register = corpus / "registers.xml"
    register.write_bytes(register.read_bytes().replace(b"</listPerson>", b"</listPerson>\n", 1))
    return DEFAULT_TITLE


@pytest.mark.parametrize(
    ("change", "remade"),
    [
        (lambda corpus: "Another title", {"index.html", "oai.xml"}),
        (_no_edition, {"index.html"}),  # and sitemap.xml and oai.xml are gone
        (_register_changed, {"index.html", "timeline.html", "persons.html"}),
    ],
)
def test_what_the_site_wide_files_are_made_from_besides_the_documents_remakes_them(
    corpus: Path, tmp_path: Path, change: Callable[[Path], str], remade: set[str]
) -> None:
    """The site-wide files are carried over only when all they are made from is the same: a build
    after a change to the title, edition.toml or the register is byte-identical to one from scratch."""
    site = tmp_path / "site"
    build_site(site, corpus, pdf=False)
    title = change(corpus)
    report = build_site(site, corpus, pdf=False, title=title)
    assert remade <= set(report.made)
    scratch = build_site(tmp_path / "scratch", corpus, pdf=False, full=True, title=title)
    assert all_files(site) == all_files(tmp_path / "scratch")
    assert report.diagnostics == scratch.diagnostics


def test_a_removed_transcript_takes_its_pages_with_it(corpus: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(site, corpus, pdf=False)
    (corpus / "transcripts" / f"{SECOND}.txt").unlink()
    report = build_site(site, corpus, pdf=False)
    assert report.removed == [SECOND] and report.documents == [FIRST, "z-hand-made"]
    assert not list(site.rglob(f"{SECOND}.*"))
    for site_wide in ("index.html", "search-index.json", "sitemap.xml", "oai.xml", "review-report.json", MANIFEST):
        assert SECOND not in (site / site_wide).read_text(encoding="utf-8"), site_wide


def test_without_pdfs_no_pdf_is_written_or_linked(corpus: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["build", "--tei-dir", str(corpus), "-o", str(site), "--no-pdf", "-q"]) == 0
    assert not list(site.rglob("*.pdf"))
    for page in [site / "index.html", *(site / "documents").glob("*.html")]:
        links = lxml.html.parse(str(page)).getroot().xpath("//a/@href")
        assert links and not [link for link in links if ".pdf" in link], page
    # the PDFs asked for later: the pages link them again
    report = build_site(site, corpus)
    assert {path for path in report.made if path.endswith(".pdf")} == {
        f"documents/{name}.pdf" for name in (FIRST, SECOND, "z-hand-made")
    }
    index_links = lxml.html.parse(str(site / "index.html")).getroot().xpath("//a/@href")
    assert f"documents/{FIRST}.pdf" in index_links


class FailingOnTheSecondPage(Renderer):
    def __init__(self) -> None:
        super().__init__()
        self.pages = 0

    def render_html(self, tree: etree._ElementTree, links: object = None) -> str:
        self.pages += 1
        if self.pages == 2:
            raise TransformError("the disk is full (simulated)")
        return super().render_html(tree, links)  # type: ignore[arg-type]


def test_an_interrupted_build_keeps_the_old_site_and_the_next_one_is_right(corpus: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(site, corpus, pdf=False)
    before = all_files(site)
    edit_transcript(corpus, FIRST, "First-marker")
    edit_transcript(corpus, SECOND, "Second-marker")
    with pytest.raises(TransformError):
        build_site(site, corpus, pdf=False, renderer=FailingOnTheSecondPage())
    assert all_files(site) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site", "tei"]  # no half-built folder, no lock

    report = build_site(site, corpus, pdf=False)
    assert report.rebuilt == [FIRST, SECOND]
    build_site(tmp_path / "scratch", corpus, pdf=False, full=True)
    assert all_files(site) == all_files(tmp_path / "scratch")


def test_the_command_says_where_it_is_and_what_it_made_again(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = str(tmp_path / "site")
    assert main(["build", "--tei-dir", str(corpus), "-o", site, "--no-pdf", "--jobs", "1"]) == 0
    said = capsys.readouterr().err
    assert "build: 1/3 documents" in said and "build: 3/3 documents" in said  # standard error is not a terminal
    assert "3 documents: 3 rebuilt, 0 reused, 0 removed" in said
    assert main(["build", "--tei-dir", str(corpus), "-o", site, "--no-pdf"]) == 0
    assert "3 documents: 0 rebuilt, 3 reused, 0 removed" in capsys.readouterr().err
    assert main(["build", "--tei-dir", str(corpus), "-o", site, "--no-pdf", "--full"]) == 0
    assert "3 documents: 3 rebuilt, 0 reused, 0 removed" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["build", "--tei-dir", str(corpus), "-o", site, "--jobs", "0"])
    assert usage.value.code == 2
    assert "--jobs" in capsys.readouterr().err


def test_a_manifest_that_does_not_read_means_a_full_build(corpus: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(site, corpus, pdf=False)
    (site / MANIFEST).write_text("{not json", encoding="utf-8")
    report: BuildReport = build_site(site, corpus, pdf=False)
    assert report.reused == [] and report.files_reused == 0


def test_the_site_is_the_same_whatever_the_number_of_jobs(corpus: Path, tmp_path: Path) -> None:
    serial = build_site(tmp_path / "serial", corpus, jobs=1)
    pooled = build_site(tmp_path / "pooled", corpus, jobs=2)
    assert all_files(tmp_path / "serial") == all_files(tmp_path / "pooled")
    assert pooled.documents == serial.documents == [FIRST, SECOND, "z-hand-made"]
    assert pooled.diagnostics == serial.diagnostics
    assert sorted(pooled.made) == sorted(serial.made)


def test_with_jobs_the_documents_are_made_by_worker_processes(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_here(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("a document was rendered in the build's own process")

    # the workers import the views afresh: this process's stand-ins are not theirs
    monkeypatch.setattr(Renderer, "render_pdf", not_here)
    monkeypatch.setattr(Renderer, "render_html", not_here)
    report = build_site(tmp_path / "site", corpus, jobs=2)
    assert {f"documents/{name}.pdf" for name in (FIRST, SECOND, "z-hand-made")} <= set(report.made)


def test_a_document_over_the_time_budget_stops_the_build_and_keeps_the_old_site(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    build_site(site, corpus, pdf=False)
    before = all_files(site)
    edit_transcript(corpus, FIRST, "Slow-marker")
    command = ["build", "--tei-dir", str(corpus), "-o", str(site), "--no-pdf", "--jobs", "1", "--time-budget", "0.001"]
    assert main(command) == 1
    said = capsys.readouterr().err
    assert "TIME-BUDGET" in said and f"{FIRST}.txt" in said
    assert all_files(site) == before


def test_the_previous_manifest_is_read_one_document_at_a_time(corpus: Path, tmp_path: Path) -> None:
    from encoder.build_manifest import _PreviousManifest

    site = tmp_path / "site"
    build_site(site, corpus, pdf=False)
    previous = _PreviousManifest(site / MANIFEST)
    whole = json.loads((site / MANIFEST).read_text(encoding="ascii"))
    assert previous._whole is None  # indexed by lines, not parsed whole
    assert sorted(previous.documents) == sorted(whole["documents"]) == [FIRST, SECOND, "z-hand-made"]
    assert previous.outputs == whole["outputs"]
    for name in (SECOND, FIRST, "z-hand-made"):
        assert previous.document(name) == whole["documents"][name]
    assert previous.document("no-such-document") == {}
    previous.close()


def test_a_manifest_a_tool_reformatted_is_still_used(corpus: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(site, corpus, pdf=False)
    manifest = site / MANIFEST
    manifest.write_text(json.dumps(json.loads(manifest.read_text(encoding="ascii")), indent=2), encoding="ascii")
    report = build_site(site, corpus, pdf=False)
    assert report.rebuilt == [] and report.reused == [FIRST, SECOND, "z-hand-made"]


def test_a_builds_progress_says_its_first_and_last_document_and_one_line_every_few_seconds() -> None:
    class Clock:
        now = 1000.0

        def __call__(self) -> float:
            return self.now

    log, clock = io.StringIO(), Clock()  # not a terminal
    progress = Progress(0, verb="build", line=BUILD_LINE, ends=True, stream=log, clock=clock, interval=5)
    for number in range(1, 101):
        clock.now = 1000.0 + number * 0.1  # a line 5 s after the first one, and the last
        progress(number, 100, f"d{number:04d}")
    progress.done()
    assert log.getvalue().splitlines() == [
        "build: 1/100 documents (0 s) d0001",
        "build: 51/100 documents (5 s) d0051",
        "build: 100/100 documents (10 s) d0100",
    ]
