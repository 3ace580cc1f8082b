"""Nothing half-written (issue 13, item 6): one atomic-write helper for every command,
a site swapped in whole, a lock between builds, a clean end on SIGTERM."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import TRANSCRIPTS
from lxml import etree

from encoder.errors import TransformError, UsageError
from encoder.site import build_site
from encoder.views import Renderer

SAMPLES = sorted(TRANSCRIPTS.glob("*.txt"))[:2]


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "encoder", *args], capture_output=True, text=True, timeout=300, check=False, cwd=cwd
    )


def corpus(folder: Path) -> Path:
    (folder / "transcripts").mkdir(parents=True)
    for sample in SAMPLES:
        shutil.copy(sample, folder / "transcripts")
    return folder


def all_files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


def test_a_symlink_planted_at_the_old_temporary_name_is_never_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / f".{SAMPLES[0].stem}.xml.tmp").symlink_to(victim)
    result = run_cli("convert", str(SAMPLES[0]), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert (out / f"{SAMPLES[0].stem}.xml").read_bytes().startswith(b"<?xml")


def test_an_output_that_is_a_symlink_is_replaced_not_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.html"
    victim.write_text("keep me", encoding="utf-8")
    (tmp_path / "page.html").symlink_to(victim)
    converted = tmp_path / "letter.xml"
    assert run_cli("convert", str(SAMPLES[0]), "-o", str(converted)).returncode == 0
    assert run_cli("render", str(converted), "-o", str(tmp_path / "page.html")).returncode == 0
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "page.html").is_symlink()
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left beside it


class FailingOnTheSecondPdf(Renderer):
    def __init__(self) -> None:
        super().__init__()
        self.pdfs = 0

    def render_pdf(self, tree: etree._ElementTree, source: object = None) -> bytes:
        self.pdfs += 1
        if self.pdfs == 2:
            raise TransformError("the disk is full (simulated)")
        return super().render_pdf(tree, source)  # type: ignore[arg-type]


def test_a_build_that_fails_halfway_leaves_the_old_site_whole(tmp_path: Path) -> None:
    tei = corpus(tmp_path / "tei")
    site = tmp_path / "site"
    build_site(site, tei)
    before = all_files(site)
    with pytest.raises(TransformError):
        build_site(site, tei, renderer=FailingOnTheSecondPdf(), full=True)  # nothing carried over: PDFs are made
    assert all_files(site) == before
    assert leftovers(tmp_path) == []  # no half-built folder, no lock left


def test_two_builds_cannot_write_one_site_at_once(tmp_path: Path) -> None:
    tei = corpus(tmp_path / "tei")
    (tmp_path / ".site.lock").write_text("12345\n", encoding="utf-8")  # another build is running
    with pytest.raises(UsageError, match="another run is writing it"):
        build_site(tmp_path / "site", tei)
    result = run_cli("build", "--tei-dir", str(tei), "-o", str(tmp_path / "site"))
    assert result.returncode == 2 and "lock" in result.stderr
    assert not (tmp_path / "site").exists()


def test_sigterm_during_a_build_ends_cleanly_and_keeps_the_old_site(tmp_path: Path) -> None:
    tei = corpus(tmp_path / "tei")
    site = tmp_path / "site"
    build_site(site, tei)
    before = all_files(site)
    process = subprocess.Popen(
        [sys.executable, "-m", "encoder", "build", "--tei-dir", str(tei), "-o", str(site), "--full"],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    for line in process.stderr:  # wait until it is writing the new site
        if line.startswith("build: 1/"):
            break
    time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=120) == 128 + signal.SIGTERM
    assert all_files(site) == before
    assert leftovers(tmp_path) == []


def test_sigterm_that_a_library_turns_into_its_own_error_still_exits_143(monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGTERM raises an exception to unwind; raised inside a native library's callback (Saxon's),
    it can come back up as that library's error. The exit status must still be 143, not 1."""
    import encoder.commands.text as text_command
    from encoder.cli import main

    def terminated_inside_a_library(args: object) -> int:
        try:
            signal.raise_signal(signal.SIGTERM)
            time.sleep(5)  # never reached: the handler raises at once
        except SystemExit as error:
            raise TransformError("the XSLT processor stopped: interrupted") from error
        return 0

    previous = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(text_command, "run", terminated_inside_a_library)
    monkeypatch.setattr("encoder.atomic._termination", [])
    try:
        assert main(["text", "any.xml"]) == 128 + signal.SIGTERM
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_writes_behind_land_whole_and_each_folder_is_synced_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from encoder import atomic

    synced: list[Path] = []
    monkeypatch.setattr(atomic, "fsync_folder", synced.append)
    expected = {tmp_path / folder / f"doc{n}.xml": f"<doc n='{n}'/>".encode() for folder in "ab" for n in range(20)}
    with atomic.WriteBehind(threads=3, pending_limit=4) as writer:
        for target, data in expected.items():
            writer.submit(target, data)
    assert {target: target.read_bytes() for target in expected} == expected
    assert sorted(synced) == [tmp_path / "a", tmp_path / "b"]  # after the writes, once a folder
    assert leftovers(tmp_path / "a") == leftovers(tmp_path / "b") == []


def test_without_threads_each_file_is_written_at_once_and_its_folder_synced_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from encoder import atomic

    synced: list[Path] = []
    monkeypatch.setattr(atomic, "fsync_folder", synced.append)
    target = tmp_path / "out" / "doc.xml"
    with atomic.WriteBehind(threads=0) as writer:
        writer.submit(target, b"<doc/>")
        assert target.read_bytes() == b"<doc/>"  # before submit returned
        assert synced == []
    assert synced == [tmp_path / "out"]


def test_writes_behind_wait_when_too_many_are_pending(tmp_path: Path) -> None:
    from encoder.atomic import WriteBehind, write_atomic

    finished: list[Path] = []

    def slow_write(target: Path, data: bytes) -> None:
        time.sleep(0.05)
        write_atomic(target, data)
        finished.append(target)

    with WriteBehind(slow_write, threads=2, pending_limit=2) as writer:
        for n in range(5):
            writer.submit(tmp_path / f"doc{n}.xml", b"<doc/>")
            # the data of at most two writes is held at a time: the caller waited for the others
            assert len(finished) >= n + 1 - 2
    assert len(finished) == 5


def test_a_write_behind_that_fails_is_raised_and_an_earlier_error_wins(tmp_path: Path) -> None:
    from encoder.atomic import WriteBehind

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OSError), WriteBehind() as writer:
        writer.submit(blocker / "doc.xml", b"<doc/>")  # its folder cannot be made
    written = tmp_path / "done.xml"
    with pytest.raises(KeyError), WriteBehind() as writer:
        writer.submit(written, b"<doc/>")
        raise KeyError("the caller's own error")
    assert written.read_bytes() == b"<doc/>"  # the write it was given was finished, not abandoned
    assert leftovers(tmp_path) == []


def test_files_written_behind_get_the_usual_mode_and_the_umask_stays(tmp_path: Path) -> None:
    from encoder.atomic import WriteBehind

    before = os.umask(0o027)
    try:
        with WriteBehind(threads=8, pending_limit=64) as writer:
            for n in range(64):
                writer.submit(tmp_path / f"doc{n}.xml", b"<doc/>")
        assert os.umask(0o027) == 0o027  # no writer left its own umask behind
    finally:
        os.umask(before)
    assert {stat.S_IMODE(path.stat().st_mode) for path in tmp_path.glob("*.xml")} == {0o640}
