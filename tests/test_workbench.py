"""The workbench of ``tei-encoder serve``: convert as you type, take a decision, and what it refuses."""

from __future__ import annotations

import re
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TEI_DIR
from starlette.testclient import TestClient

from encoder.server import create_app
from encoder.server.workbench import MAX_BODY, SESSION_COOKIE

NAME = "1965-02-10-pan-zili-kim-byeong-jik-conversation"
DECISION = "supplied-or-gloss:zili"  # [Zili]: the converter reads it as supplied words, doubtfully


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "tei"
    shutil.copytree(TEI_DIR, folder)
    return folder


@pytest.fixture
def client(corpus: Path) -> Iterator[TestClient]:
    with TestClient(create_app(corpus)) as test_client:
        yield test_client


def session_token(client: TestClient) -> str:
    page = client.get("/workbench")
    assert page.status_code == 200
    found = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', page.text)
    assert found is not None
    return found.group(1)


def convert(client: TestClient, text: str, name: str | None = None, status: int = 200) -> dict:  # type: ignore[type-arg]
    response = client.post(
        "/workbench/convert", json={"text": text, "name": name}, headers={"X-CSRF-Token": session_token(client)}
    )
    assert response.status_code == status, response.text
    return response.json()  # type: ignore[no-any-return]


def test_page_sets_a_strict_session_cookie_and_its_token(client: TestClient) -> None:
    response = client.get("/workbench")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert NAME in response.text  # the corpus's transcripts can be opened
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["content-security-policy"] == "frame-ancestors 'none'"
    other = TestClient(client.app)
    assert session_token(other) != session_token(client)


def test_converting_needs_the_sessions_token(client: TestClient) -> None:
    assert client.post("/workbench/convert", json={"text": "x", "name": None}).status_code == 403
    session_token(client)
    wrong = client.post("/workbench/convert", json={"text": "x"}, headers={"X-CSRF-Token": "0" * 64})
    assert wrong.status_code == 403
    # a token of another session is no token for this one
    stranger = TestClient(client.app)
    response = client.post("/workbench/convert", json={"text": "x"}, headers={"X-CSRF-Token": session_token(stranger)})
    assert response.status_code == 403


def test_a_corpus_transcript_converts_with_tei_reading_view_and_decisions(client: TestClient) -> None:
    text = client.get(f"/workbench/transcript/{NAME}").text
    result = convert(client, text, NAME)
    assert result["tei"].startswith("<?xml") and "<TEI" in result["tei"]
    assert result["reading"].lstrip().lower().startswith("<!doctype html")
    decision = next(d for d in result["decisions"] if d["id"] == DECISION)
    assert decision["chosen"] == "supplied" and "literal" in decision["choices"]
    assert decision["line"] >= 1 and decision["col"] >= 1
    assert text.splitlines()[decision["line"] - 1][decision["col"] - 1 :].startswith("[Zili]")


def test_typing_a_bracket_changes_the_encoding(client: TestClient) -> None:
    base = client.get(f"/workbench/transcript/{NAME}").text + "\nThe delegation met the Quixotic ambassador.\n"
    before = convert(client, base)["tei"]
    after = convert(client, base.replace("the Quixotic", "the [Quixotic]"))["tei"]
    assert "Quixotic</supplied>" not in before and "Quixotic</supplied>" in after


def test_a_doubt_points_to_its_line_and_column(client: TestClient) -> None:
    text = client.get(f"/workbench/transcript/{NAME}").text + "\nAn unbalanced [bracket here.\n"
    result = convert(client, text)
    (doubt,) = [decision for decision in result["decisions"] if decision["kind"] == "unbalanced-bracket"]
    assert text.splitlines()[doubt["line"] - 1][doubt["col"] - 1] == "["


def test_choosing_an_alternative_writes_the_decisions_file_and_is_taken(client: TestClient, corpus: Path) -> None:
    token = session_token(client)
    text = client.get(f"/workbench/transcript/{NAME}").text
    response = client.post(
        "/workbench/decide", json={"name": NAME, "id": DECISION, "choice": "literal"}, headers={"X-CSRF-Token": token}
    )
    assert response.status_code == 200, response.text
    written = tomllib.loads((corpus / "transcripts" / f"{NAME}.decisions.toml").read_text(encoding="utf-8"))
    assert written["decisions"] == {DECISION: "literal"}
    result = convert(client, text, NAME)
    decision = next((d for d in result["decisions"] if d["id"] == DECISION), None)
    assert decision is None or decision["chosen"] == "literal"
    assert "[Zili]" in result["tei"]  # kept as written, no longer supplied words
    assert "[Zili]" in client.get(f"/documents/{NAME}.xml").text  # and the live site follows


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"name": NAME, "id": "no-such-decision:x", "choice": "literal"}, 422),
        ({"name": NAME, "id": DECISION, "choice": "two blocks"}, 400),
        ({"name": "../../etc/passwd", "id": DECISION, "choice": "literal"}, 404),
        ({"name": NAME, "id": DECISION}, 400),
    ],
)
def test_decide_refuses_what_does_not_fit(client: TestClient, corpus: Path, body: dict, status: int) -> None:  # type: ignore[type-arg]
    response = client.post("/workbench/decide", json=body, headers={"X-CSRF-Token": session_token(client)})
    assert response.status_code == status, response.text
    assert response.json()["error"]
    assert not (corpus / "transcripts" / f"{NAME}.decisions.toml").exists()


def test_decide_needs_the_token(client: TestClient, corpus: Path) -> None:
    session_token(client)
    response = client.post("/workbench/decide", json={"name": NAME, "id": DECISION, "choice": "literal"})
    assert response.status_code == 403
    assert not (corpus / "transcripts" / f"{NAME}.decisions.toml").exists()


def test_too_large_a_text_is_refused_before_it_is_read(client: TestClient) -> None:
    token = session_token(client)
    huge = {"text": "a" * (MAX_BODY + 1), "name": None}
    assert client.post("/workbench/convert", json=huge, headers={"X-CSRF-Token": token}).status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while reading
        yield b'{"text": "'
        for _ in range(MAX_BODY // 1024 + 1):
            yield b"a" * 1024
        yield b'"}'

    response = client.post(
        "/workbench/convert", content=chunks(), headers={"X-CSRF-Token": token, "Content-Type": "application/json"}
    )
    assert response.status_code == 413


def test_bad_input_is_that_requests_error_only(client: TestClient) -> None:
    token = session_token(client)
    pasted_xml = convert(client, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>', status=422)
    assert "XML" in pasted_xml["error"]
    not_json = client.post("/workbench/convert", content=b"\xff{", headers={"X-CSRF-Token": token})
    assert not_json.status_code == 400
    text = client.get(f"/workbench/transcript/{NAME}").text
    assert "<TEI" in convert(client, text, NAME)["tei"]  # the next request is unaffected


def test_transcripts_are_named_never_pathed(client: TestClient) -> None:
    for name in ("..%2f..%2fpyproject", "%2e%2e", "nope"):
        assert client.get(f"/workbench/transcript/{name}").status_code == 404


def save(client: TestClient, name: str, text: str, status: int = 200) -> dict:  # type: ignore[type-arg]
    response = client.post(
        "/workbench/save", json={"name": name, "text": text}, headers={"X-CSRF-Token": session_token(client)}
    )
    assert response.status_code == status, response.text
    return response.json()  # type: ignore[no-any-return]


def test_save_writes_the_transcript_and_the_tei_convert_would_write(client: TestClient, corpus: Path) -> None:
    from encoder.pipeline import convert_file

    text = client.get(f"/workbench/transcript/{NAME}").text + "\nThe delegation met the [Quixotic] ambassador.\n"
    said = save(client, NAME, text)["said"]
    assert said == [f"{NAME}.txt and {NAME}.xml saved"]
    transcript = corpus / "transcripts" / f"{NAME}.txt"
    assert transcript.read_text(encoding="utf-8") == text
    expected = convert_file(transcript, output_path=corpus / f"{NAME}.xml").to_bytes()
    assert (corpus / f"{NAME}.xml").read_bytes() == expected
    assert "Quixotic" in client.get(f"/documents/{NAME}.html").text
    assert not list(corpus.rglob("*.tmp"))


def test_save_never_overwrites_an_edited_tei(client: TestClient, corpus: Path) -> None:
    tei = corpus / f"{NAME}.xml"
    edited = tei.read_text(encoding="utf-8").replace("</body>", "<!-- the editor's change --></body>", 1)
    tei.write_text(edited, encoding="utf-8")
    text = client.get(f"/workbench/transcript/{NAME}").text + "\nOne more paragraph.\n"
    said = save(client, NAME, text)["said"]
    assert "master" in said[1]
    assert tei.read_text(encoding="utf-8") == edited
    assert (corpus / "transcripts" / f"{NAME}.txt").read_text(encoding="utf-8") == text


def test_save_refuses_without_token_and_outside_the_corpus(client: TestClient, corpus: Path) -> None:
    before = (corpus / "transcripts" / f"{NAME}.txt").read_bytes()
    session_token(client)
    assert client.post("/workbench/save", json={"name": NAME, "text": "x"}).status_code == 403
    save(client, "../../pyproject", "x", status=404)
    save(client, "new-document", "x", status=404)
    assert (corpus / "transcripts" / f"{NAME}.txt").read_bytes() == before


def test_concurrent_editors_of_different_files_both_keep_their_saves(client: TestClient, corpus: Path) -> None:
    import threading

    other = "1965-03-02-telegram-soviet-korean-talks"
    marks = {NAME: "Saved by the first editor.", other: "Saved by the second editor."}
    texts = {name: client.get(f"/workbench/transcript/{name}").text + f"\n{mark}\n" for name, mark in marks.items()}
    editors = {name: TestClient(client.app) for name in texts}
    statuses: list[int] = []

    def edit(name: str) -> None:
        for _ in range(3):
            response = editors[name].post(
                "/workbench/save",
                json={"name": name, "text": texts[name]},
                headers={"X-CSRF-Token": session_token(editors[name])},
            )
            statuses.append(response.status_code)

    threads = [threading.Thread(target=edit, args=(name,)) for name in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert statuses == [200] * 6
    for name, text in texts.items():
        assert (corpus / "transcripts" / f"{name}.txt").read_text(encoding="utf-8") == text
        assert marks[name] in (corpus / f"{name}.xml").read_text(encoding="utf-8")


# ---- sessions that expire -------------------------------------------------------------


class Clock:
    """Seconds, set by the test: no sleeping."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_token_is_refused_after_its_maximum_age(corpus: Path) -> None:
    from starlette.applications import Starlette

    from encoder.server import workbench
    from encoder.server.corpus import LiveCorpus

    clock = Clock()
    sessions = workbench.Sessions(max_age=3600, clock=clock)
    with TestClient(Starlette(routes=workbench.routes(LiveCorpus(corpus), sessions))) as client:
        token = session_token(client)
        clock.now += 3600
        headers = {"X-CSRF-Token": token}
        assert client.post("/workbench/convert", json={"text": "A text.", "name": None}, headers=headers).is_success
        clock.now += 1
        refused = client.post("/workbench/convert", json={"text": "A text.", "name": None}, headers=headers)
        assert refused.status_code == 403 and "reload the workbench" in refused.json()["error"]
        decided = client.post("/workbench/decide", json={"name": NAME, "id": DECISION, "choice": "x"}, headers=headers)
        assert decided.status_code == 403
        # the reloaded page's token is taken again, for the same session
        fresh = {"X-CSRF-Token": session_token(client)}
        assert client.post("/workbench/convert", json={"text": "A text.", "name": None}, headers=fresh).is_success


def test_a_tokens_issue_time_cannot_be_moved() -> None:
    from encoder.server.workbench import ISSUED_DIGITS, Sessions

    clock = Clock()
    sessions = Sessions(max_age=3600, clock=clock)
    token = sessions.token("session")
    assert sessions.valid("session", token) and not sessions.valid("another session", token)
    clock.now += 7200
    later = f"{int(clock.now):0{ISSUED_DIGITS}x}"
    assert not sessions.valid("session", token)
    assert not sessions.valid("session", later + token[ISSUED_DIGITS:])  # renewed by hand: the HMAC says no
    assert not sessions.valid("session", "zz" + token[2:]) and not sessions.valid("session", "")
    assert not sessions.valid("session", token[:ISSUED_DIGITS] + "é" * 64)  # not ASCII: refused, not an error


def test_a_token_from_the_future_is_refused() -> None:
    from encoder.server.workbench import CLOCK_SLACK, Sessions

    clock = Clock()
    sessions = Sessions(max_age=3600, clock=clock)
    token = sessions.token("session")
    clock.now -= CLOCK_SLACK + 1  # the clock set back by more than the slack: the token is not trusted
    assert not sessions.valid("session", token)


def test_serve_takes_the_session_lifetime_in_hours(capsys: pytest.CaptureFixture[str]) -> None:
    from encoder.cli import build_parser

    assert build_parser().parse_args(["serve"]).session_hours == 12
    assert build_parser().parse_args(["serve", "--session-hours", "0.5"]).session_hours == 0.5
    for wrong in ("0", "-1", "nan", "forever"):
        with pytest.raises(SystemExit) as stopped:
            build_parser().parse_args(["serve", "--session-hours", wrong])
        assert stopped.value.code == 2
        assert "--session-hours" in capsys.readouterr().err
