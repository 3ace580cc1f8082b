"""axe-core on every page of the built sample site, in headless Chromium.

The site is built from the sample corpus (tei/) and every HTML file found by
walking the site folder is checked, so pages other commands add to the build
(entity indexes, a timeline, ...) are covered as soon as they exist. Each
page is checked as it loads and again in every state its controls give it:
the clean reading view, alternates hidden, a note's pop-up open, the
index's search with results shown.

axe-core is the npm package at the version and checksum pinned in
tools/axe/package-lock.json, installed by scripts/setup.sh; its script is
injected from that local file, nothing is fetched. Rules: WCAG 2.0, 2.1 and
2.2 levels A and AA, and axe's best practices.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from encoder.site import build_site

REPOSITORY = Path(__file__).parent.parent
AXE_DIR = REPOSITORY / "tools" / "axe"
AXE_SCRIPT = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def pinned_axe_version() -> str:
    lock = json.loads((AXE_DIR / "package-lock.json").read_text(encoding="utf-8"))
    return str(lock["packages"]["node_modules/axe-core"]["version"])


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"{AXE_SCRIPT} is missing: run scripts/setup.sh (npm ci in tools/axe)")
    source = AXE_SCRIPT.read_text(encoding="utf-8")
    assert f"axe v{pinned_axe_version()}" in source[:200], "tools/axe/node_modules is not the pinned axe-core"
    return source


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tei_dir = tmp_path_factory.mktemp("corpus") / "tei"
    shutil.copytree(REPOSITORY / "tei", tei_dir)
    site_dir = tmp_path_factory.mktemp("site") / "site"
    build_site(site_dir, tei_dir)
    return site_dir


def violations(page: Any, axe_source: str) -> list[str]:
    """axe's violations on the page as it stands, one line per rule and element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        RULE_TAGS,
    )
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']}: {' '.join(node['target'])}: {node['failureSummary']}"
        for rule in results["violations"]
        for node in rule["nodes"]
    ]


def page_states(page: Any) -> Iterator[str]:
    """Put the loaded page through each state its controls give it, naming each."""
    yield "as loaded"
    if page.locator("button[data-set-view='reading']").is_visible():
        page.click("button[data-set-view='reading']")
        yield "reading view"
        page.click("button[data-toggle-alternates]")
        yield "reading view, alternates toggled"
        page.click("button[data-set-view='diplomatic']")
    if page.locator(".tei-note-ref").count():
        page.locator(".tei-note-ref").first.click()
        yield "a note's pop-up open"
        page.keyboard.press("Escape")
    if page.locator("#search-query").is_visible():
        page.fill("#search-query", "Kim")
        page.press("#search-query", "Enter")
        page.wait_for_selector("#search-results li")
        yield "search results shown"


def test_axe_is_the_pinned_release(axe_source: str) -> None:
    package = json.loads((AXE_DIR / "package.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["axe-core"] == pinned_axe_version()
    installed = json.loads((AXE_SCRIPT.parent / "package.json").read_text(encoding="utf-8"))
    assert installed["version"] == pinned_axe_version()


def test_every_page_of_the_site_has_no_axe_violations(site: Path, browser: Any, axe_source: str) -> None:
    pages = sorted(site.rglob("*.html"))
    kinds = {path.parent.relative_to(site).as_posix() for path in pages}
    assert {".", "documents", "review"} <= kinds, kinds
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    found: list[str] = []
    checked = 0
    for path in pages:
        page = context.new_page()
        page.goto(path.as_uri())
        for state in page_states(page):
            found += [f"{path.relative_to(site)} [{state}]: {v}" for v in violations(page, axe_source)]
            checked += 1
        page.close()
    context.close()
    assert checked >= len(pages)
    assert found == [], f"{len(found)} axe violations:\n" + "\n".join(found)


def test_a_phone_sized_page_has_no_axe_violations(site: Path, browser: Any, axe_source: str) -> None:
    """The narrow layout (notes and metadata stacked) is a page of its own to axe."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    found: list[str] = []
    for path in [site / "index.html", *sorted((site / "documents").glob("*.html"))[:2]]:
        page = context.new_page()
        page.goto(path.as_uri())
        found += [f"{path.relative_to(site)}: {v}" for v in violations(page, axe_source)]
        page.close()
    context.close()
    assert found == [], f"{len(found)} axe violations:\n" + "\n".join(found)


def test_a_page_break_inside_a_note_is_marked_inside_the_note(site: Path, browser: Any) -> None:
    """Folio 15 of the Soviet embassy report begins inside note 1: in the pop-up and in the
    list of notes its number stands in the note's own line, not in a margin outside it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto((site / "documents/1965-06-04-soviet-embassy-korean-chinese-relations.html").as_uri())
    reference = page.locator(".tei-note-ref").first
    reference.click()
    popup = page.locator(f"#{reference.get_attribute('aria-controls')}")
    note_item = page.locator(f"{reference.get_attribute('href')}")
    for container in (popup, note_item):
        number = container.locator(".tei-pb-number")
        assert number.locator(".tei-pb-shown").inner_text() == "15"
        box, inside = number.bounding_box(), container.bounding_box()
        assert box is not None and inside is not None
        assert inside["x"] <= box["x"] and box["x"] + box["width"] <= inside["x"] + inside["width"], (box, inside)
        # after the break's mark "|", in its line, not out in a margin over other words
        mark = container.locator(".tei-pb").evaluate(
            "mark => { const first = mark.getClientRects()[0];"
            " return {left: first.left, top: first.top, bottom: first.bottom}; }"
        )
        middle = box["y"] + box["height"] / 2
        assert mark["top"] <= middle <= mark["bottom"] and box["x"] >= mark["left"], (box, mark)
    context.close()
