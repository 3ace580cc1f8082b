"""The edition site in a real browser: headless Chromium driven by Playwright.

Opens a document page of a freshly built site, opens a footnote, switches to
the clean reading view, runs a search, takes a screenshot, and checks that
the page logged no errors and requested nothing but its own files. Chromium
is part of the project's setup (scripts/setup.sh): its absence fails the
test, it never skips.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from encoder.site import build_site

SAMPLE = Path(__file__).parent / "views_golden" / "document.xml"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tei_dir = tmp_path_factory.mktemp("tei")
    shutil.copy(SAMPLE, tei_dir / "record-of-conversation.xml")
    site_dir = tmp_path_factory.mktemp("site") / "site"
    build_site(site_dir, tei_dir)
    return site_dir


def test_reader_opens_note_switches_view_and_searches(site: Path, browser: Any, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    requests: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))

    page.goto((site / "documents/record-of-conversation.html").as_uri())
    assert page.locator(".view-controls").is_visible()

    # a footnote opens as a pop-up at its marker and closes with Escape
    reference = page.locator(".tei-note-ref").first
    popup = page.locator(f"#{reference.get_attribute('aria-controls')}")
    assert not popup.is_visible()
    reference.click()
    assert popup.is_visible()
    assert "In 1964 the corresponding article" in popup.inner_text()
    assert reference.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.className") == "tei-note-close"
    page.keyboard.press("Escape")
    assert not popup.is_visible()
    assert reference.get_attribute("aria-expanded") == "false"

    # diplomatic view: brackets and alternates shown; reading view: words only
    bracket = page.locator("#text .tei-supplied .tei-sign").first
    alternate = page.locator("#text .tei-alt").first
    assert bracket.is_visible() and alternate.is_visible()
    page.click("button[data-set-view='reading']")
    assert page.get_attribute("body", "data-view") == "reading"
    assert not bracket.is_visible() and not alternate.is_visible()
    assert page.locator("#text .tei-supplied").first.is_visible()
    assert page.get_attribute("button[data-set-view='reading']", "aria-pressed") == "true"
    page.click("button[data-toggle-alternates]")
    assert alternate.is_visible()

    page.screenshot(path=str(tmp_path / "document.png"), full_page=True)
    assert (tmp_path / "document.png").stat().st_size > 10_000

    # search from the page's header lands on the index with results
    page.fill("#site-search-query", "Brezhnev")
    page.press("#site-search-query", "Enter")
    page.wait_for_selector("#search-results li")
    results = page.locator("#search-results li")
    assert results.count() == 1
    assert "Record of Conversation" in results.first.inner_text()
    assert page.locator("#search-results mark").first.inner_text() == "Brezhnev"
    assert page.locator("#search-status").inner_text() == "1 document found"

    # the index filters by archive
    page.select_option("#filter-archive", "PRC_FMA")
    assert page.locator(".document-table tbody tr:visible").count() == 1
    page.screenshot(path=str(tmp_path / "index.png"), full_page=True)

    assert problems == []
    assert all(url.startswith("file://") for url in requests), requests


def test_editor_finds_the_review_page_and_a_doubtful_place_in_it(browser: Any, tmp_path: Path) -> None:
    transcript = Path(__file__).parent.parent / "tei/transcripts/1965-02-10-pan-zili-kim-byeong-jik-conversation.txt"
    tei_dir = tmp_path / "tei"
    (tei_dir / "transcripts").mkdir(parents=True)
    shutil.copy(transcript, tei_dir / "transcripts" / transcript.name)
    site_dir = tmp_path / "site"
    report = build_site(site_dir, tei_dir)
    document = (site_dir / "documents" / (transcript.stem + ".html")).as_uri()
    # a fresh context: no "editor" remembered from another test
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(document)
    review_link = page.locator(".editor-review a")
    assert review_link.count() == 1 and not review_link.is_visible()  # readers do not see it

    page.goto(document + "?editor")
    assert review_link.is_visible()
    review_link.click()
    page.wait_for_selector(".decision")
    assert page.locator(".decision").count() == report.doubtful
    slip = page.locator('[id="decision-suspected-slip:kim-ii"]')
    assert "Kim II" in slip.inner_text()
    # a suspected slip is corrected in the transcription: no line offered that the converter would refuse
    assert slip.locator(".override").count() == 0 and slip.locator(".no-override").is_visible()
    overrides = page.locator('[id="decision-supplied-or-gloss:zili"] .override').all_inner_texts()
    assert overrides == ['"supplied-or-gloss:zili" = "literal"', '"supplied-or-gloss:zili" = "note"']
    # the mark in the transcription leads to the decision
    page.locator("mark[title='suspected-slip:kim-ii'] a").click()
    assert page.evaluate("window.location.hash") == "#decision-suspected-slip:kim-ii"

    page.goto(document)  # remembered for the edition's other pages
    assert page.locator(".editor-review a").is_visible()
    context.close()
    assert problems == []


def test_without_javascript_no_search_box_offers_what_it_cannot_do(site: Path, browser: Any) -> None:
    for scripts in (False, True):
        context = browser.new_context(java_script_enabled=scripts)
        page = context.new_page()
        page.goto((site / "index.html").as_uri())
        assert page.locator("#search-query").is_visible() is scripts
        document = next((site / "documents").glob("*.html"))
        page.goto(document.as_uri())
        assert page.locator("#site-search-query").is_visible() is scripts
        context.close()


def _relative_luminance(css_color: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_color)[:3])
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_notes_on_a_phone_keyboard_and_screen_reader(site: Path, browser: Any) -> None:
    """375 px: a note opens without widening the page; focus leaving a note closes it;
    note links are named by what they show; back-links are underlined and legible."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto((site / "documents/record-of-conversation.html").as_uri())
    reference = page.locator(".tei-note-ref").first
    popup = page.locator(f"#{reference.get_attribute('aria-controls')}")
    reference.click()
    assert popup.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    box = popup.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375

    page.focus(".skip-link")  # focus moves elsewhere: the pop-up closes
    assert not popup.is_visible() and reference.get_attribute("aria-expanded") == "false"

    # named by what it shows ("*1", the transcript's marker and the number), after the word "Note"
    assert page.get_by_role("link", name="Note *1", exact=True).count() == 1
    backlink = page.locator(".tei-note-backlink").first
    style = backlink.evaluate(
        "element => { const s = getComputedStyle(element); return [s.textDecorationLine, s.color]; }"
    )
    assert "underline" in style[0]
    lighter, darker = sorted((_relative_luminance(style[1]), 1.0))[::-1]
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5  # WCAG AA against the white page
    assert page.get_by_role("link", name="Back to the text (Note 1)").count() == 1
    context.close()
