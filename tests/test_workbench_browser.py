"""The workbench in a real browser (headless Chromium, Playwright) against a real server on loopback.

Open a transcription of the corpus, type a bracket and watch the TEI and the
reading view follow, pick a decision's alternative, reload and find it kept, save.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import TEI_DIR
from test_serve import running

from encoder.server import create_app

pytestmark = pytest.mark.browser

NAME = "1965-02-10-pan-zili-kim-byeong-jik-conversation"
DECISION = "supplied-or-gloss:zili"


def test_editor_types_sees_the_encoding_follow_and_takes_a_decision(
    browser: Any,
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "tei"
    shutil.copytree(TEI_DIR, corpus)
    problems: list[str] = []
    with running(create_app(corpus)) as port:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(f"http://127.0.0.1:{port}/workbench")

        page.select_option("#open", NAME)
        tei = page.locator("#tei")
        tei.filter(has_text="<TEI").wait_for()
        assert "[Zili]" not in tei.inner_text()
        # every doubtful decision is marked where it stands in the transcription
        marked = page.locator("#highlights mark").all_inner_texts()
        assert "[Zili]" in marked and len(marked) == page.locator("#decisions li").count()
        mark_box, text_box = page.locator("#highlights").bounding_box(), page.locator("#transcript").bounding_box()
        assert mark_box == text_box  # laid exactly under the text

        # typing: a bracket closes, and 300 ms later the TEI and the reading view show supplied words
        transcript = page.locator("#transcript")
        transcript.press("Control+End")
        transcript.press_sequentially("\nThe delegation met the [Quixotic")
        transcript.press_sequentially("] ambassador.")
        tei.filter(has_text="Quixotic</supplied>").wait_for()
        page.frame_locator("#reading").locator(".tei-supplied", has_text="Quixotic").wait_for()

        # an alternative chosen is written to the decisions file and taken at once
        page.locator(f'#decisions li[data-id="{DECISION}"] button', has_text="literal").click()
        tei.filter(has_text="[Zili]").wait_for()
        decisions = corpus / "transcripts" / f"{NAME}.decisions.toml"
        assert f'"{DECISION}" = "literal"' in decisions.read_text(encoding="utf-8")

        # reload: the decision is kept
        page.reload()
        page.select_option("#open", NAME)
        tei.filter(has_text="<TEI").wait_for()
        assert "[Zili]" in tei.inner_text()

        # save: the transcript and its TEI are written, and the live site shows them
        transcript.press("Control+End")
        transcript.press_sequentially("\nSaved from the workbench.")
        page.locator("#save").click()
        page.locator("#status", has_text="saved").wait_for()
        assert "Saved from the workbench." in (corpus / f"{NAME}.xml").read_text(encoding="utf-8")
        page.screenshot(path=str(tmp_path / "workbench.png"))
    assert problems == []


def test_a_file_from_the_editors_machine_converts_and_tei_messages_lead_to_their_line(
    browser: Any,
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "tei"
    shutil.copytree(TEI_DIR, corpus)
    local = tmp_path / "my-cable.txt"
    local.write_text("The talks began at noon [16] and ended late.\n", encoding="utf-8")
    with running(create_app(corpus)) as port:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/workbench")
        page.set_input_files("#upload", str(local))
        tei = page.locator("#tei")
        tei.filter(has_text="The talks began at noon").wait_for()
        assert page.locator("#save").is_disabled()  # not a corpus transcript: nothing to save it as
        # a message about the TEI (here: the header names no source, at line 6) marks that line
        message = page.locator("#messages li", has_text="header-source")
        assert "tei 6:" in message.inner_text()
        message.click()
        page.locator("#tei .tei-jump").wait_for()
        before, after = page.evaluate(
            "() => { const m = document.querySelector('#tei .tei-jump'), pre = document.getElementById('tei');"
            " const r = document.createRange(); r.setStart(pre, 0); r.setEndBefore(m);"
            " const rest = document.createRange(); rest.setStartAfter(m); rest.setEnd(pre, pre.childNodes.length);"
            " return [r.toString(), rest.toString()]; }"
        )
        assert before.count("\n") == 5 and before.endswith("\n")  # the mark begins line 6 …
        assert after.split("\n")[0].strip().startswith("<teiHeader")  # … the header the message is about
