"""The entity views in a real browser (headless Chromium via Playwright, as
tests/test_browser.py): name cards with keyboard and mouse, highlighting,
phrase search and its ranking, the index's person and place facets, and a
375 px phone. The site is built from the invented corpus of
tests/entity_fixtures.py. Chromium is part of the project's setup: its
absence fails the tests, they never skip."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from entity_fixtures import write_corpus

from encoder.site import build_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("site") / "site"
    build_site(site_dir, write_corpus(tmp_path_factory.mktemp("tei")))
    return site_dir


@pytest.fixture
def watched(browser: Any) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A fresh page, with the errors it logs and the URLs it requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    yield page, problems, requests
    context.close()
    assert problems == []
    assert all(url.startswith("file://") for url in requests), requests


def test_a_name_card_opens_and_closes_with_the_keyboard(site: Path, watched: tuple[Any, list[str], list[str]]) -> None:
    page, _, _ = watched
    page.goto((site / "documents/a-conversation.html").as_uri())
    name = page.locator("#name-1")
    # the page holds no card: it loads its entity's (entity/ID.js) when the reader opens one
    assert page.evaluate("window.teiEditionEntities") is None
    name.focus()
    page.keyboard.press("Enter")
    card = page.locator(".entity-card")
    card.wait_for()
    assert list(page.evaluate("window.teiEditionEntities")) == ["person-kim-il-sung"]
    assert name.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.id") == "entity-card-title"
    text = card.inner_text()
    assert "Kim Il-seong; Kim Ir Sen" in text and "Named in 3 documents" in text
    assert (
        card.get_by_role("link", name="Wikidata Q39031").get_attribute("href") == "https://www.wikidata.org/wiki/Q39031"
    )
    # the card's links are the site's files
    documents = card.locator("ul a").all()
    assert [link.inner_text() for link in documents][-3:] == [
        "Kim Il Sung in Moscow",
        "Record of a conversation in the capital",
        "Telegram on the talks",
    ]
    assert documents[-1].get_attribute("href").endswith("/documents/b-telegram.html")
    # Escape closes it and gives focus back to the name
    page.keyboard.press("Escape")
    assert card.count() == 0
    assert page.evaluate("document.activeElement.id") == "name-1"
    assert name.get_attribute("aria-expanded") == "false"
    # Tab through the card and out of it: leaving closes it
    page.keyboard.press("Enter")
    assert page.locator(".entity-card").is_visible()  # loaded once: the card opens at once
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.locator(".entity-card").count() == 0:
            break
    assert page.locator(".entity-card").count() == 0


def test_a_name_card_opens_and_closes_with_the_mouse_and_leads_to_the_entity_page(
    site: Path, watched: tuple[Any, list[str], list[str]]
) -> None:
    page, _, _ = watched
    page.goto((site / "documents/a-conversation.html").as_uri())
    page.click("#name-2")
    card = page.locator(".entity-card")
    card.wait_for()
    assert "Pyongyang" in card.inner_text()
    page.click("#document-title")  # a click elsewhere closes it
    assert card.count() == 0
    page.click("#name-2")
    page.click(".entity-card-close")
    assert card.count() == 0
    page.click("#name-4")  # another name: one card at a time, its own
    page.locator(".entity-card h2", has_text="Workers' Party of Korea").wait_for()
    assert card.count() == 1
    page.click(".entity-card-page")
    assert page.url.endswith("/entity/org-workers-party-of-korea.html")
    assert page.locator("h1").inner_text() == "Workers' Party of Korea"


def test_the_card_speaks_the_words_of_the_page(site: Path, watched: tuple[Any, list[str], list[str]]) -> None:
    """The card's words come from the page (xslt/common/labels.xsl), not from edition.js: a translated
    page gets a translated card."""
    page, _, _ = watched
    original = site / "documents/a-conversation.html"
    translated = site / "documents/translated.html"
    html = original.read_text(encoding="utf-8")
    for english, other in [
        ('"highlight":"Highlight names"', '"highlight":"Namen hervorheben"'),
        ('"person":"Person"', '"person":"Person (de)"'),
        ('many":"Named in {count} documents:"', 'many":"In {count} Dokumenten genannt:"'),
        ('"card-page":"All about {name}"', '"card-page":"Alles über {name}"'),
        ('"close":"Close"', '"close":"Schließen"'),
    ]:
        assert html.count(english) == 1, english
        html = html.replace(english, other)
    translated.write_text(html, encoding="utf-8")
    try:
        page.goto(translated.as_uri())
        assert page.locator("button.entity-highlight-toggle").inner_text() == "Namen hervorheben"
        page.click("#name-1")
        card = page.locator(".entity-card")
        card.wait_for()
        text = card.inner_text()
        assert "Person (de)" in text and "In 3 Dokumenten genannt:" in text and "Alles über Kim Il Sung" in text
        assert card.locator(".entity-card-close").get_attribute("aria-label") == "Schließen"
    finally:
        translated.unlink()


def test_a_card_of_an_entity_named_in_many_documents_sends_to_its_page_for_the_rest(
    site: Path, browser: Any, tmp_path: Path
) -> None:
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    card_file = copy / "entity/person-kim-il-sung.js"
    card_file.write_text(
        card_file.read_text(encoding="utf-8").replace('"documentCount": 3', '"documentCount": 30'), encoding="utf-8"
    )
    page = browser.new_page()
    try:
        page.goto((copy / "documents/a-conversation.html").as_uri())
        page.click("#name-1")
        card = page.locator(".entity-card")
        card.wait_for()
        assert "Named in 30 documents:" in card.inner_text()
        assert card.locator("ul li").last.inner_text() == "… and 27 more (see the page)"
    finally:
        page.close()


def test_a_card_that_does_not_load_leaves_the_link_to_the_page(site: Path, browser: Any, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "entity/place-pyongyang.js").unlink()
    page = browser.new_page()
    try:
        page.goto((copy / "documents/a-conversation.html").as_uri())
        with page.expect_navigation():
            page.click("#name-2")
        assert page.url.endswith("/entity/place-pyongyang.html")
    finally:
        page.close()


def test_an_open_card_and_highlighted_names_have_no_axe_violations(site: Path, browser: Any) -> None:
    """The accessibility test's axe run (tests/test_accessibility.py), on the states only the entity views have
    (axe reads the stylesheet itself, which file:// refuses it and logs: no watched page here)."""
    from test_accessibility import AXE_SCRIPT, violations

    if not AXE_SCRIPT.is_file():
        pytest.fail(f"{AXE_SCRIPT} is missing: run scripts/setup.sh (npm ci in tools/axe)")
    page = browser.new_page()
    try:
        page.goto((site / "documents/a-conversation.html").as_uri())
        page.click("button.entity-highlight-toggle")
        page.click("#name-1")
        page.locator(".entity-card").wait_for()
        assert violations(page, AXE_SCRIPT.read_text(encoding="utf-8")) == []
    finally:
        page.close()


def test_highlighting_names_is_a_remembered_toggle(site: Path, watched: tuple[Any, list[str], list[str]]) -> None:
    page, _, _ = watched
    page.goto((site / "documents/a-conversation.html").as_uri())
    toggle = page.locator("button.entity-highlight-toggle")
    name = page.locator("#name-2")
    plain = name.evaluate("element => getComputedStyle(element).backgroundColor")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert name.evaluate("element => getComputedStyle(element).backgroundColor") != plain
    page.goto((site / "documents/b-telegram.html").as_uri())
    assert page.get_attribute("body", "data-entities") == "highlighted"


def test_without_javascript_a_name_is_a_link_to_its_page(site: Path, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / "documents/a-conversation.html").as_uri())
    page.click("#name-1")
    assert page.url.endswith("/entity/person-kim-il-sung.html")
    context.close()


def test_a_quoted_phrase_finds_only_the_documents_with_the_phrase_ranked(
    site: Path, watched: tuple[Any, list[str], list[str]]
) -> None:
    page, _, _ = watched
    page.goto((site / "index.html").as_uri())
    results = page.locator("#search-results li a")

    def search(query: str) -> list[str]:
        page.fill("#search-query", query)
        page.press("#search-query", "Enter")
        return results.all_inner_texts()

    # the words anywhere: all three documents (b-telegram has kim, il and sung apart)
    assert sorted(search("Kim Il Sung")) == [
        "Kim Il Sung in Moscow",
        "Record of a conversation in the capital",
        "Telegram on the talks",
    ]
    # the phrase: not b-telegram; the phrase in a title ranks above the phrase in a text
    assert search('"Kim Il Sung"') == ["Kim Il Sung in Moscow", "Record of a conversation in the capital"]
    assert page.locator("#search-status").inner_text() == "2 documents found"
    assert page.locator("#search-results li").nth(1).locator("mark").inner_text() == "Kim Il Sung"
    # a phrase and a word together: both must be found
    assert search('"Kim Il Sung" Pyongyang') == ["Record of a conversation in the capital"]
    # the word ranking: two mentions in the text above one, then date order
    assert search("delegation") == [
        "Telegram on the talks",
        "Kim Il Sung in Moscow",
        "Record of a conversation in the capital",
    ]
    # a word finds the words it begins ("deleg" → delegation), a phrase only whole words
    assert len(search("deleg")) == 3
    assert search('"Kim Il Sun"') == []
    # a word in the title above the same word in the text
    assert search("kim")[0] == "Kim Il Sung in Moscow"
    assert search('"Sung Kim"') == []
    assert page.locator("#search-status").inner_text() == "0 documents found"
    # the query in the address, as the reading view's header search sends it
    page.goto((site / "index.html").as_uri() + "?q=%22Kim+Ir+Sen%22")
    page.wait_for_selector("#search-results li")
    assert results.all_inner_texts() == ["Telegram on the talks"]
    # the mark falls on the words found, even where folding changes lengths (Hangul decomposes)
    assert page.locator("#search-results mark").all_inner_texts() == ["Kim Ir Sen"]
    assert search("김일성") == ["Telegram on the talks"]
    assert page.locator("#search-results mark").all_inner_texts() == ["김일성"]


def test_the_index_filters_by_person_and_place(site: Path, watched: tuple[Any, list[str], list[str]]) -> None:
    page, _, _ = watched
    page.goto((site / "index.html").as_uri())
    rows = page.locator(".document-table tbody tr:visible a[href$='.html']:not([download])")
    assert rows.count() == 3
    page.select_option("#filter-person", "person-ri-hyo-sun")
    assert rows.all_inner_texts() == ["Telegram on the talks"]
    assert page.locator("#document-count").inner_text() == "1"
    page.select_option("#filter-person", "person-kim-il-sung")
    assert rows.count() == 3
    page.select_option("#filter-place", "place-moscow")
    assert rows.all_inner_texts() == ["Kim Il Sung in Moscow"]
    page.select_option("#filter-person", "")
    page.select_option("#filter-place", "place-pyongyang")
    assert rows.all_inner_texts() == ["Record of a conversation in the capital"]


@pytest.mark.parametrize(
    "path",
    [
        "documents/a-conversation.html",
        "index.html",
        "persons.html",
        "places.html",
        "organisations.html",
        "timeline.html",
        "entity/person-kim-il-sung.html",
    ],
)
def test_on_a_375_px_phone_nothing_scrolls_sideways(site: Path, browser: Any, path: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto((site / path).as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    if path.startswith("documents/"):
        page.click("#name-5")
        card = page.locator(".entity-card")
        card.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        box = card.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
        assert box["y"] >= 0 and box["y"] + box["height"] <= 740
        page.focus(".skip-link")  # focus leaves the card: it closes
        assert card.count() == 0
    context.close()


def test_cards_work_under_a_strict_content_security_policy(site: Path, browser: Any, tmp_path: Path) -> None:
    """No inline script or style: a page that allows only its own files still opens cards, and logs no violation."""
    policy = (
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "script-src 'self'; style-src 'self'; img-src 'self'\">"
    )
    original = site / "documents/a-conversation.html"
    strict = site / "documents/strict-policy.html"
    strict.write_text(original.read_text(encoding="utf-8").replace("<head>", "<head>" + policy, 1), encoding="utf-8")
    page = browser.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(str(error)))
    try:
        page.goto(strict.as_uri())
        page.click("#name-1")
        card = page.locator(".entity-card")
        card.wait_for()  # its card, a script of the site's own, loads under the policy
        assert card.evaluate("element => getComputedStyle(element).position") == "absolute"  # the site's CSS applies
    finally:
        page.close()
        strict.unlink()
    assert messages == []
