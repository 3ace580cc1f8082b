"""``tei-encoder serve``: the edition site live, what it refuses, and how it starts.

Tests that need a real server start uvicorn themselves on a free loopback
port and stop it; the rest use Starlette's test client.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from conftest import TEI_DIR
from starlette.applications import Starlette
from starlette.testclient import TestClient

from encoder import site
from encoder.cli import build_parser, main
from encoder.server import create_app

DOCUMENT = "1965-03-02-telegram-soviet-korean-talks"
OTHER = "1963-02-20-hao-deqing-andropov-visit"
SECRET = "SECRET-OUTSIDE-THE-CORPUS"


def copy_corpus(destination: Path) -> Path:
    folder = destination / "tei"
    shutil.copytree(TEI_DIR, folder)
    return folder


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return copy_corpus(tmp_path)


@contextmanager
def running(app: Starlette) -> Iterator[int]:
    """uvicorn serving ``app`` on a free loopback port, in a thread; stopped on exit."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def raw_get(port: int, target: str, host: str = "127.0.0.1") -> tuple[int, bytes]:
    """A request with the target exactly as written: no client-side normalisation of ``..`` or ``%2e``."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest("GET", target, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", f"{host}:{port}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# ---- the site, live ---------------------------------------------------------------


@pytest.mark.slow
def test_served_site_is_byte_identical_to_the_built_one(tmp_path: Path) -> None:
    corpus = copy_corpus(tmp_path)
    built = tmp_path / "site"
    site.build_site(built, corpus)
    bookkeeping = {site.SITE_MARKER, site.MANIFEST}  # the build's own files, not pages
    files = sorted(path for path in built.rglob("*") if path.is_file() and path.name not in bookkeeping)
    assert any(path.suffix == ".pdf" for path in files)
    with TestClient(create_app(corpus)) as client:
        for path in files:
            response = client.get("/" + path.relative_to(built).as_posix())
            assert response.status_code == 200, path
            assert response.content == path.read_bytes(), path


def test_an_edited_transcript_shows_on_reload(corpus: Path) -> None:
    transcript = corpus / "transcripts" / f"{DOCUMENT}.txt"
    with TestClient(create_app(corpus)) as client:
        before = client.get(f"/documents/{DOCUMENT}.html").text
        assert "Zanzibar-reload-marker" not in before
        text = transcript.read_text(encoding="utf-8")
        paragraph = "One [North] Korean student who heard"
        assert paragraph in text
        transcript.write_text(text.replace(paragraph, "Zanzibar-reload-marker " + paragraph), encoding="utf-8")
        assert "Zanzibar-reload-marker" in client.get(f"/documents/{DOCUMENT}.html").text
        assert b"Zanzibar-reload-marker" in client.get(f"/documents/{DOCUMENT}.xml").content
        assert "Zanzibar-reload-marker" in client.get("/search-index.json").text


def test_an_edited_tei_file_shows_on_reload(corpus: Path) -> None:
    # a TEI file whose name matches no transcript is published as it is
    hand_made = corpus / "hand-made.xml"
    shutil.copy(corpus / f"{OTHER}.xml", hand_made)
    with TestClient(create_app(corpus)) as client:
        assert client.get("/documents/hand-made.html").status_code == 200
        data = hand_made.read_text(encoding="utf-8")
        hand_made.write_text(
            data.replace("Comrade Hao Deqing Reports", "Edited: Comrade Hao Deqing Reports", 1), encoding="utf-8"
        )
        assert "Edited: " in client.get("/documents/hand-made.html").text
        assert client.get("/api/dts/collection/?id=hand-made").json()["title"].startswith("Edited: ")


def test_pages_are_rendered_once_per_content(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    render = site.document_html

    def counting(renderer: Any, document: site.EditionDocument, **options: Any) -> bytes:
        calls.append(document.name)
        return render(renderer, document, **options)

    monkeypatch.setattr(site, "document_html", counting)
    with TestClient(create_app(corpus)) as client:
        first = client.get(f"/documents/{DOCUMENT}.html").content
        assert client.get(f"/documents/{DOCUMENT}.html").content == first
        assert calls == [DOCUMENT]
        other = corpus / "transcripts" / f"{OTHER}.txt"
        other.write_text(other.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
        client.get(f"/documents/{DOCUMENT}.html")
        assert calls == [DOCUMENT]  # another document's edit leaves this page's cache alone
        transcript = corpus / "transcripts" / f"{DOCUMENT}.txt"
        transcript.write_text(transcript.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
        client.get(f"/documents/{DOCUMENT}.html")
        assert calls == [DOCUMENT, DOCUMENT]


def test_a_broken_document_breaks_only_its_own_pages(corpus: Path) -> None:
    (corpus / "broken.xml").write_bytes(b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader>")
    invalid = (corpus / f"{OTHER}.xml").read_text(encoding="utf-8").replace("<teiHeader", "<teiHeader unknown='1'", 1)
    (corpus / "invalid.xml").write_text(invalid, encoding="utf-8")
    unreadable = corpus / "transcripts" / f"{OTHER}.txt"  # its tei/OTHER.xml is older: it must not stand in
    unreadable.write_text(unreadable.read_text(encoding="utf-8") + "\nA control character: \x01\n", encoding="utf-8")
    with TestClient(create_app(corpus)) as client:
        assert client.get("/index.html").status_code == 200
        assert client.get(f"/documents/{DOCUMENT}.html").status_code == 200
        left_out = client.get(f"/documents/{OTHER}.html")
        assert left_out.status_code == 422 and "DOCUMENT-LEFT-OUT" in left_out.text
        broken = client.get("/documents/broken.html")
        assert broken.status_code == 422 and "not well-formed" in broken.text
        refused = client.get("/documents/invalid.html")
        assert refused.status_code == 422 and "unknown" in refused.text
        index = client.get("/search-index.json").json()
        assert {entry["id"] for entry in index["documents"]}.isdisjoint({"broken", "invalid", OTHER})
        assert client.get("/api/dts/collection/?id=broken").status_code == 404


# ---- nothing outside the corpus -----------------------------------------------------


@pytest.fixture
def corpus_with_links_out(tmp_path: Path) -> Path:
    corpus = copy_corpus(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    secret_tei = (corpus / f"{OTHER}.xml").read_text(encoding="utf-8").replace("</title>", f" {SECRET}</title>", 1)
    (outside / "secret.xml").write_text(secret_tei, encoding="utf-8")
    (outside / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    (corpus / "linked.xml").symlink_to(outside / "secret.xml")
    (corpus / "transcripts" / "linked-transcript.txt").symlink_to(outside / "secret.txt")
    return corpus


TRAVERSALS = [
    "/documents/../../outside/secret.xml",
    "/documents/%2e%2e/%2e%2e/outside/secret.xml",
    "/documents/%2e%2e%2f%2e%2e%2foutside%2fsecret.xml",
    "/documents/..%2f..%2foutside%2fsecret.xml",
    "/documents/%2e%2e.xml",
    "/documents/linked.xml",
    "/documents/linked.html",
    "/documents/linked-transcript.html",
    "/assets/..%2f..%2f..%2fpyproject.toml",
    "/assets/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
    "/schema/..%2ftei-encoder.rnc",
    "/review/..%2f..%2foutside%2fsecret.html",
    "//etc/passwd",
    "/etc/passwd",
    "/%2fetc%2fpasswd",
    "/documents//etc/passwd.xml",
    "/documents/%2fetc%2fpasswd.xml",
    "/api/dts/document/?resource=../outside/secret",
    "/api/dts/document/?resource=/etc/passwd",
    "/api/dts/document/?resource=linked",
    "/api/dts/collection/?id=linked",
]


def test_no_path_outside_the_corpus_is_reachable(corpus_with_links_out: Path) -> None:
    with running(create_app(corpus_with_links_out)) as port:
        for target in TRAVERSALS:
            status, body = raw_get(port, target)
            assert status in (400, 404), (target, status)
            assert SECRET.encode() not in body and b"root:" not in body, target
        for target in ("/index.html", "/search-index.json", "/api/dts/collection/?id=archive:PRC-FMA"):
            status, body = raw_get(port, target)
            assert status == 200 and SECRET.encode() not in body, target


# ---- the command ------------------------------------------------------------------------


def test_serve_binds_to_loopback_by_default() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.corpus, args.host, args.port) == (Path("tei"), "127.0.0.1", 8000)


def test_serve_refuses_a_missing_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", str(tmp_path / "missing")]) == 2
    assert "no such folder" in capsys.readouterr().err


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.mark.slow
def test_serve_command_answers_on_loopback(corpus: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "encoder", "serve", str(corpus), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = raw_get(port, "/api/dts/")
                break
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "serve did not answer"
                time.sleep(0.1)
        assert status == 200 and b'"EntryPoint"' in body
        status, body = raw_get(port, f"/documents/{DOCUMENT}.html")
        assert status == 200 and b"<html" in body
        # on loopback, a name rebound to 127.0.0.1 by another site is refused
        assert raw_get(port, "/api/dts/", host="attacker.example")[0] == 400
        assert raw_get(port, "/api/dts/", host="localhost")[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_concurrent_clients_with_bad_requests_do_not_disturb_good_ones(corpus: Path) -> None:
    (corpus / "broken.xml").write_bytes(b"<TEI")
    good = [
        (f"/documents/{DOCUMENT}.html", b"<html"),
        ("/index.html", b"<html"),
        (f"/api/dts/navigation/?resource={DOCUMENT}&down=1", b'"Navigation"'),
        (f"/api/dts/document/?resource={DOCUMENT}&ref=2", b"dts:wrapper"),
    ]
    bad = [
        "/documents/broken.html",
        "/api/dts/navigation/?resource=x",
        "/documents/..%2f..%2fetc.xml",
        "/api/dts/document/",
    ]
    failures: list[str] = []

    def client(number: int) -> None:
        for round_ in range(6):
            target, expected = good[(number + round_) % len(good)]
            status, body = raw_get(port, target)
            if status != 200 or expected not in body:
                failures.append(f"{target}: {status}")
            raw_get(port, bad[(number + round_) % len(bad)])

    with running(create_app(corpus)) as port:
        threads = [threading.Thread(target=client, args=(number,)) for number in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert failures == []


def test_a_document_beyond_the_pdf_limits_is_served_without_a_pdf(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from encoder import views

    many = "1965-06-04-soviet-embassy-korean-chinese-relations"  # 12 page breaks
    monkeypatch.setitem(views.PDF_LIMITS, "page breaks", ("count(//tei:pb)", 10))
    with TestClient(create_app(corpus)) as client:
        refused = client.get(f"/documents/{many}.pdf")
        assert refused.status_code == 404 and "12 page breaks: more than the PDF view lays out" in refused.text
        page = client.get(f"/documents/{many}.html").text
        assert f"{many}.pdf" not in page  # as build: no link to a PDF that is not made
        assert client.get(f"/documents/{DOCUMENT}.pdf").status_code == 200  # the others keep theirs


# ---- looking at the corpus: file status first, content only where it may have changed ----------


def counting_digests() -> tuple[list[str], Any]:
    """A content digest that records the files it reads."""
    from encoder.server.corpus import content_digest

    read: list[str] = []

    def digest(path: str) -> str:
        read.append(Path(path).name)
        return content_digest(path)

    return read, digest


def an_hour_later() -> int:
    """A clock an hour ahead: every file looks long settled."""
    return time.time_ns() + 3600 * 10**9


def test_nothing_is_read_when_nothing_changed(corpus: Path) -> None:
    from encoder.server.corpus import FileIndex

    read, digest = counting_digests()
    index = FileIndex(an_hour_later, digest)
    first = index.scan(corpus)
    assert len(read) == len(first) > 10
    read.clear()
    assert index.scan(corpus) == first
    assert read == []  # the status of every file, and no file opened


def test_a_touched_file_is_hashed_again_and_changes_nothing(corpus: Path) -> None:
    from encoder.server.corpus import FileIndex

    read, digest = counting_digests()
    index = FileIndex(an_hour_later, digest)
    first = index.scan(corpus)
    read.clear()
    transcript = corpus / "transcripts" / f"{DOCUMENT}.txt"
    os.utime(transcript, ns=(time.time_ns() - 10**9, time.time_ns() - 10**9))
    assert index.scan(corpus) == first  # the content is the identity: the same corpus
    assert read == [transcript.name]


def test_replaced_deleted_and_new_files_are_seen(corpus: Path) -> None:
    from encoder.server.corpus import FileIndex

    index = FileIndex(an_hour_later)
    first = index.scan(corpus)
    transcript = corpus / "transcripts" / f"{DOCUMENT}.txt"
    text, times = transcript.read_bytes(), transcript.stat()
    # an editor's atomic save: a new file, renamed over the old, same size, same modification time
    replacement = transcript.with_suffix(".tmp")
    replacement.write_bytes(text.replace(b"Korean", b"KOREAN", 1))
    os.utime(replacement, ns=(times.st_atime_ns, times.st_mtime_ns))
    os.replace(replacement, transcript)
    assert transcript.stat().st_size == times.st_size and transcript.stat().st_mtime_ns == times.st_mtime_ns
    second = index.scan(corpus)
    assert second[f"transcripts/{DOCUMENT}.txt"] != first[f"transcripts/{DOCUMENT}.txt"]
    (corpus / f"{OTHER}.xml").unlink()
    (corpus / "transcripts" / "new.txt").write_text("A new document.\n", encoding="utf-8")
    third = index.scan(corpus)
    assert f"{OTHER}.xml" not in third and "transcripts/new.txt" in third


def test_a_racily_clean_file_is_hashed_again_until_it_settles(tmp_path: Path) -> None:
    """A file rewritten in the same clock tick, same size: its status does not change, its content does.
    Like git's racily clean entries: a file changed close to the look is not trusted by its status."""
    from encoder.server.corpus import RACY_WINDOW_NS, FileIndex, Listed

    content = {"a.txt": "first"}
    index = FileIndex(digest=lambda path: content[Path(path).name])
    changed_at = 1_000 * 10**9
    listing = {"transcripts/a.txt": Listed(str(tmp_path / "a.txt"), (5, changed_at, changed_at, 7, 1))}
    assert index.look(listing, looked_at=changed_at) == {"transcripts/a.txt": "first"}
    content["a.txt"] = "again"  # rewritten within the tick: the very same status
    assert index.look(listing, looked_at=changed_at + 1) == {"transcripts/a.txt": "again"}
    settled = changed_at + RACY_WINDOW_NS + 1
    assert index.look(listing, looked_at=settled) == {"transcripts/a.txt": "again"}
    content["a.txt"] = "never seen"  # no file system changes content without its status once settled
    assert index.look(listing, looked_at=settled + 1) == {"transcripts/a.txt": "again"}  # trusted: not read


def test_corpus_files_belong_to_their_document_or_to_all() -> None:
    from encoder.server.corpus import owner

    assert owner("transcripts/a.txt") == owner("transcripts/a.meta.toml") == owner("a.xml") == "a"
    assert owner("transcripts/a.decisions.toml") == "a"
    assert owner("transcripts/a.meta.txt") == "a.meta"  # a transcript named a.meta, not a sidecar
    for shared in ("registers.xml", "edition.toml", "transcripts/edition.toml", "notes.txt", "transcripts/x.md"):
        assert owner(shared) is None, shared


def test_a_register_edition_toml_names_is_no_document_in_build_or_serve(tmp_path: Path) -> None:
    # The edition keeps its register as names.xml: the converter links names to it, so build and
    # serve make the entity pages from it and neither takes it for a document.
    from encoder.server.corpus import FileIndex, owner, read_snapshot

    corpus = copy_corpus(tmp_path)
    (corpus / "registers.xml").rename(corpus / "names.xml")
    edition = corpus / "edition.toml"
    edition.write_text(edition.read_text(encoding="utf-8").replace('"registers.xml"', '"names.xml"'), encoding="utf-8")
    assert owner("names.xml", frozenset({"registers.xml", "names.xml"})) is None
    snapshot = read_snapshot(corpus, FileIndex().scan(corpus))
    assert "names" not in snapshot.reads and not snapshot.refused
    built = site.build_site(tmp_path / "site", corpus)
    assert [document.name for document in snapshot.documents] == sorted(
        path.stem for path in (tmp_path / "site" / "documents").glob("*.html")
    )
    assert (tmp_path / "site" / "documents" / "registers.xml").is_file()  # published under the name the refs use
    assert not (tmp_path / "site" / "documents" / "names.html").exists()
    assert (tmp_path / "site" / "entity" / "person-kim-il-sung.html").is_file()
    assert not [found for found in built.diagnostics if found.severity == "error"]


# ---- reading again only what changed ------------------------------------------------------------


def counting_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from encoder.server import corpus as live

    loads: list[str] = []
    load = live.load_document

    def counting(source: site.DocumentSource, report: site.BuildReport) -> site.EditionDocument:
        loads.append(source.name)
        return load(source, report)

    monkeypatch.setattr(live, "load_document", counting)
    return loads


def test_one_changed_transcript_reads_only_that_document_again(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from encoder.server.corpus import LiveCorpus

    loads = counting_loads(monkeypatch)
    live = LiveCorpus(corpus)
    first = live.snapshot()
    names = [document.name for document in first.documents]
    assert sorted(loads) == names and len(names) == 5
    loads.clear()
    assert live.snapshot() is first and loads == []
    transcript = corpus / "transcripts" / f"{DOCUMENT}.txt"
    transcript.write_text(transcript.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    second = live.snapshot()
    assert loads == [DOCUMENT]
    assert all(second.document(name) is first.document(name) for name in names if name != DOCUMENT)
    assert second.digest(DOCUMENT) != first.digest(DOCUMENT) and second.digest(OTHER) == first.digest(OTHER)


@pytest.mark.parametrize("shared", ["registers.xml", "edition.toml"])
def test_a_shared_file_changed_reads_every_document_again(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, shared: str
) -> None:
    from encoder.server.corpus import LiveCorpus

    loads = counting_loads(monkeypatch)
    live = LiveCorpus(corpus)
    names = [document.name for document in live.snapshot().documents]
    loads.clear()
    with (corpus / shared).open("a", encoding="utf-8") as file:
        file.write("\n<!-- changed -->\n" if shared.endswith(".xml") else "\n# changed\n")
    live.snapshot()
    assert sorted(loads) == names


def test_document_sources_for_one_name_are_builds(corpus: Path) -> None:
    """The server decides each name's source as build decides all of them, master files included."""
    from encoder.server.corpus import FileIndex, document_source, owner

    master = corpus / f"{OTHER}.xml"
    master.write_text(master.read_text(encoding="utf-8").replace("<p>", "<p>Edited. ", 1), encoding="utf-8")
    shutil.copy(corpus / f"{DOCUMENT}.xml", corpus / "hand-made.xml")
    (corpus / "transcripts" / "only-a-sidecar.meta.toml").write_text('title = "x"\n', encoding="utf-8")
    files = FileIndex().scan(corpus)
    expected_report = site.BuildReport()
    expected = site.document_sources(corpus, expected_report, live=True)
    report = site.BuildReport()
    names = sorted({name for name in map(owner, files) if name is not None})
    found = [source for name in names if (source := document_source(corpus, name, files, report)) is not None]
    assert found == expected and any(not source.converted and source.name == OTHER for source in found)
    assert report.diagnostics == expected_report.diagnostics


def test_documents_are_found_by_name(corpus: Path) -> None:
    from encoder.server.corpus import LiveCorpus

    snapshot = LiveCorpus(corpus).snapshot()
    assert snapshot.reads.keys() == {document.name for document in snapshot.documents}
    for document in snapshot.documents:
        assert snapshot.document(document.name) is document
    assert snapshot.document("no-such-document") is None


SITE_WIDE = ["/index.html", "/search-index.json", "/search-index.js", "/review-report.json", "/sitemap.xml"]
SITE_WIDE += ["/oai.xml", "/persons.html", "/entity/person-kim-il-sung.js", "/api/dts/collection/"]


def served_pages(client: TestClient) -> dict[str, bytes]:
    """Every page reachable from the index and the DTS collections (no PDF: slow, and made as the HTML is)."""
    import posixpath
    import re

    seen: dict[str, bytes] = {}
    waiting = list(SITE_WIDE)
    while waiting:
        path = waiting.pop()
        if path in seen:
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        seen[path] = response.content
        if path.endswith(".html") or path.startswith("/documents/"):  # a TEI file: its xml-model hrefs
            for href in re.findall(r'href="([^"#?:]+)[^"]*"', response.text):
                target = posixpath.normpath(posixpath.join(posixpath.dirname(path), href))
                if target.endswith((".html", ".xml", ".js", ".json", ".rng", ".sch")) and not target.startswith(
                    ("/assets", "/..")
                ):
                    waiting.append(target)
        if path.startswith("/api/dts/collection/"):
            for member in response.json().get("member", []):
                base = "/api/dts/"
                if member["@type"] == "Collection":
                    waiting.append(f"{base}collection/?id={member['@id']}")
                else:
                    waiting.append(f"{base}navigation/?resource={member['@id']}&down=-1")
                    waiting.append(f"{base}document/?resource={member['@id']}")
    return seen


def test_pages_after_an_edit_are_a_fresh_servers(corpus: Path) -> None:
    with TestClient(create_app(corpus)) as live:
        before = served_pages(live)
        assert sum(path.startswith("/documents/") for path in before) >= 10 and "/review-report.json" in before
        transcript = corpus / "transcripts" / f"{DOCUMENT}.txt"
        text = transcript.read_text(encoding="utf-8")
        transcript.write_text(text.replace("Korean student", "Korean (edited) student", 1), encoding="utf-8")
        after = served_pages(live)
        with TestClient(create_app(corpus)) as fresh:
            assert after == served_pages(fresh)
        assert after[f"/documents/{DOCUMENT}.html"] != before[f"/documents/{DOCUMENT}.html"]


def test_site_wide_pages_make_only_the_changed_documents_entries_again(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries: list[str] = []
    search_entry = site.search_entry

    def counting(renderer: Any, tree: Any) -> dict[str, Any]:
        entries.append(tree.getroot().findtext(".//{*}idno[@type='filename']") or "?")
        return search_entry(renderer, tree)

    monkeypatch.setattr(site, "search_entry", counting)
    with TestClient(create_app(corpus)) as client:
        client.get("/search-index.json")
        assert len(entries) == 5
        transcript = corpus / "transcripts" / f"{DOCUMENT}.txt"
        transcript.write_text(transcript.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
        assert "A new paragraph." in client.get("/search-index.json").text
        assert len(entries) == 6  # the changed document's entry, and no other


def test_concurrent_requests_share_looks(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests arriving while a look is under way take the next look's answer, which sees every change
    made before they arrived; they do not each look again."""
    from encoder.server.corpus import FileIndex, LiveCorpus

    live = LiveCorpus(corpus)
    live.snapshot()
    looks: list[int] = []
    first_look_may_end = threading.Event()
    scan = FileIndex.scan

    def slow_scan(index: FileIndex, folder: Path) -> dict[str, str]:
        found = scan(index, folder)
        looks.append(1)
        if len(looks) == 1:
            first_look_may_end.wait(timeout=10)  # what it found is already out of date
        return found

    monkeypatch.setattr(FileIndex, "scan", slow_scan)
    first = threading.Thread(target=live.snapshot)
    first.start()
    deadline = time.monotonic() + 30
    while not looks:
        assert time.monotonic() < deadline, "the first look did not happen"
        time.sleep(0.01)
    # made after the first look began: every later request must see it
    (corpus / "transcripts" / f"{DOCUMENT}.txt").write_text("A text written now.\n", encoding="utf-8")
    seen: list[bool] = []

    def request() -> None:
        served = live.snapshot().document(DOCUMENT)
        seen.append(served is not None and b"A text written now." in served.data)

    later = [threading.Thread(target=request) for _ in range(8)]
    for thread in later:
        thread.start()
    time.sleep(0.3)  # the later requests wait for the first look to end
    first_look_may_end.set()
    for thread in [first, *later]:
        thread.join(timeout=60)
    assert len(looks) < 1 + len(later)  # looks shared
    assert seen == [True] * len(later)  # none took the look that began before it arrived
