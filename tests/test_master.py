"""Which file is the master (issue 8): an editor's changes to a TEI file survive every later run.

A TEI file as the converter wrote it may be regenerated; once an editor has
changed it, ``convert`` keeps it (``--force`` regenerates it after a backup)
and ``build`` publishes it as it is. Both say when the transcript changed
after the edit.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TRANSCRIPTS

from encoder.pipeline import convert_file, serialize_tree
from encoder.provenance import TeiState, provenance_of, read_provenance, stamp
from encoder.site import build_site

SAMPLE = TRANSCRIPTS / "1965-02-10-pan-zili-kim-byeong-jik-conversation.txt"
EDIT = "EDITORS-CORRECTION "


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "encoder", *args], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder as the README lays it out: tei/transcripts/X.txt, converted into tei/X.xml."""
    transcripts = tmp_path / "tei" / "transcripts"
    transcripts.mkdir(parents=True)
    shutil.copy(SAMPLE, transcripts / SAMPLE.name)
    result = run_cli("convert", str(transcripts), "-o", str(tmp_path / "tei"), "-q")
    assert result.returncode == 0, result.stderr
    return tmp_path


def _paths(project: Path) -> tuple[Path, Path]:
    return project / "tei" / "transcripts" / SAMPLE.name, project / "tei" / (SAMPLE.stem + ".xml")


def _edit_tei(tei: Path) -> bytes:
    data = tei.read_bytes()
    header, body = data.split(b"<body>", 1)
    assert b"<p>" in body
    edited = header + b"<body>" + body.replace(b"<p>", b"<p>" + EDIT.encode(), 1)
    tei.write_bytes(edited)
    return edited


def _change_transcript(transcript: Path) -> None:
    transcript.write_text(
        transcript.read_text(encoding="utf-8") + "\nA paragraph the translator added later.\n", encoding="utf-8"
    )


def _convert_again(project: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return run_cli("convert", str(project / "tei" / "transcripts"), "-o", str(project / "tei"), "-q", *options)


def test_stamp_tells_untouched_from_edited_and_unstamped() -> None:
    data = serialize_tree(convert_file(SAMPLE).tree)
    stamped = stamp(data, "ab" * 32)
    assert provenance_of(stamped).state is TeiState.GENERATED
    assert provenance_of(stamped).transcript_sha256 == "ab" * 32
    assert provenance_of(stamped.replace(b"Kim", b"Kym", 1)).state is TeiState.EDITED
    assert provenance_of(stamped.replace(b"\n  <", b"\n   <", 1)).state is TeiState.EDITED  # reformatting counts
    assert provenance_of(data).state is TeiState.UNSTAMPED


def test_untouched_tei_is_regenerated_when_the_transcript_changes(project: Path) -> None:
    transcript, tei = _paths(project)
    before = tei.read_bytes()
    _change_transcript(transcript)
    result = _convert_again(project)
    assert result.returncode == 0 and "TEI-MASTER" not in result.stderr
    assert tei.read_bytes() != before
    assert b"A paragraph the translator added later." in tei.read_bytes()
    assert read_provenance(tei).state is TeiState.GENERATED
    assert list(tei.parent.glob("*.bak*")) == []


def test_edited_tei_is_kept_and_said_to_be_the_master(project: Path) -> None:
    _, tei = _paths(project)
    edited = _edit_tei(tei)
    result = _convert_again(project)
    assert result.returncode == 0
    assert f"{tei}: warning: TEI-MASTER:" in result.stderr
    assert "TEI-TRANSCRIPT-CHANGED" not in result.stderr
    assert tei.read_bytes() == edited


def test_transcript_changed_after_the_edit_is_reported_and_the_edit_kept(project: Path) -> None:
    transcript, tei = _paths(project)
    edited = _edit_tei(tei)
    _change_transcript(transcript)
    result = _convert_again(project)
    assert f"{transcript}: warning: TEI-TRANSCRIPT-CHANGED:" in result.stderr
    assert tei.read_bytes() == edited
    assert "0 of 1 file written; 1 edited TEI file kept as the master" in result.stderr.splitlines()[-1]
    assert result.returncode == 0


def test_force_regenerates_an_edited_file_after_a_backup(project: Path) -> None:
    _, tei = _paths(project)
    edited = _edit_tei(tei)
    assert _convert_again(project, "--force").returncode == 0
    assert EDIT.encode() not in tei.read_bytes()
    assert read_provenance(tei).state is TeiState.GENERATED
    assert (tei.parent / (tei.name + ".bak")).read_bytes() == edited
    _edit_tei(tei)
    assert _convert_again(project, "--force").returncode == 0
    assert (tei.parent / (tei.name + ".bak.2")).is_file()  # an earlier backup is never overwritten


def test_hand_made_tei_without_a_stamp_is_never_overwritten(project: Path) -> None:
    _, tei = _paths(project)
    hand_made = tei.read_bytes().split(b"\n", 2)
    assert hand_made[1].startswith(b"<?tei-encoder ")
    unstamped = hand_made[0] + b"\n" + hand_made[2].replace(b"<body>", b"<body><!-- by hand -->", 1)
    tei.write_bytes(unstamped)
    result = _convert_again(project)
    assert "TEI-MASTER" in result.stderr and "no <?tei-encoder?> stamp" in result.stderr
    assert tei.read_bytes() == unstamped


def test_unstamped_file_identical_to_the_conversion_is_adopted(project: Path) -> None:
    """Files from a tei-encoder that wrote no stamp, never edited, are regenerated without fuss."""
    transcript, tei = _paths(project)
    tei.write_bytes(serialize_tree(convert_file(transcript, output_path=tei).tree))
    assert read_provenance(tei).state is TeiState.UNSTAMPED
    result = _convert_again(project)
    assert result.returncode == 0 and "TEI-MASTER" not in result.stderr
    assert read_provenance(tei).state is TeiState.GENERATED


def test_build_publishes_the_edited_tei_and_says_when_the_transcript_changed(project: Path) -> None:
    transcript, tei = _paths(project)
    _edit_tei(tei)
    site = project / "site"
    report = build_site(site, project / "tei")
    page = (site / "documents" / (SAMPLE.stem + ".html")).read_text(encoding="utf-8")
    assert EDIT.strip() in page
    assert (site / "documents" / (SAMPLE.stem + ".xml")).read_bytes().count(EDIT.encode()) == 1
    codes = [diagnostic.code for diagnostic in report.diagnostics]
    assert "TEI-MASTER" in codes and "TEI-TRANSCRIPT-CHANGED" not in codes
    _change_transcript(transcript)
    report = build_site(site, project / "tei")
    changed = [d for d in report.diagnostics if d.code == "TEI-TRANSCRIPT-CHANGED"]
    assert changed and changed[0].file == str(transcript)
    assert EDIT.strip() in (site / "documents" / (SAMPLE.stem + ".html")).read_text(encoding="utf-8")


def test_build_reconverts_untouched_tei_from_the_transcript(project: Path) -> None:
    transcript, _ = _paths(project)
    _change_transcript(transcript)
    site = project / "site"
    build_site(site, project / "tei")
    page = (site / "documents" / (SAMPLE.stem + ".html")).read_text(encoding="utf-8")
    assert "A paragraph the translator added later." in page


def test_strict_force_run_that_fails_neither_backs_up_nor_overwrites(project: Path) -> None:
    _, tei = _paths(project)
    edited = _edit_tei(tei)
    result = _convert_again(project, "--force", "--strict")  # the sample has doubtful decisions
    assert result.returncode == 1 and "nothing written" in result.stderr
    assert tei.read_bytes() == edited
    assert list(tei.parent.glob("*.bak*")) == []


# reconcile: the transcript changed after the edit; a three-way merge against the generated base.


def _reconcile(project: Path) -> subprocess.CompletedProcess[str]:
    return run_cli("reconcile", str(_paths(project)[1]))


def test_convert_keeps_the_generated_base_beside_the_tei(project: Path) -> None:
    _, tei = _paths(project)
    base = tei.parent / ".generated" / tei.name
    assert base.read_bytes() == tei.read_bytes()


def test_reconcile_merges_the_transcripts_change_into_the_edited_file(project: Path) -> None:
    transcript, tei = _paths(project)
    _edit_tei(tei)
    _change_transcript(transcript)  # a paragraph at the end: far from the edit
    result = _reconcile(project)
    assert result.returncode == 0, result.stderr
    merged = tei.read_bytes()
    assert EDIT.encode() in merged and b"A paragraph the translator added later." in merged
    assert read_provenance(tei).state is TeiState.EDITED  # still the editor's master …
    again = _convert_again(project)
    assert "TEI-TRANSCRIPT-CHANGED" not in again.stderr  # … and up to date with the transcript
    assert tei.read_bytes() == merged
    assert EDIT.encode() in (tei.parent / (tei.name + ".bak")).read_bytes()
    assert run_cli("validate", str(tei)).returncode == 0
    again = _reconcile(project)  # nothing left to merge: no rewrite, no new backup
    assert again.returncode == 0 and "nothing to merge" in again.stderr
    assert tei.read_bytes() == merged and not (tei.parent / (tei.name + ".bak.2")).exists()


def test_reconcile_with_a_conflict_changes_nothing_and_reports_where(project: Path) -> None:
    transcript, tei = _paths(project)
    phrase = "American imperialism is fulfilling their plans step by step"
    # the editor and the translator both change the same sentence
    edited = tei.read_bytes().replace(phrase.encode(), b"US imperialism is fulfilling its plans step by step")
    assert edited != tei.read_bytes()
    tei.write_bytes(edited)
    text = transcript.read_text(encoding="utf-8")
    assert phrase in text
    changed = text.replace(phrase, "American imperialism carries out its plans step by step")
    transcript.write_text(changed, encoding="utf-8")
    result = _reconcile(project)
    assert result.returncode == 1
    conflicts = tei.with_name(tei.name + ".conflicts")
    assert f"{conflicts}:" in result.stderr and "RECONCILE-CONFLICT" in result.stderr
    assert tei.read_bytes() == edited
    kept = conflicts.read_bytes()
    assert b"US imperialism is fulfilling" in kept and b"American imperialism carries out" in kept  # nothing lost

    assert _reconcile(project).returncode == 2  # the conflicts file is never overwritten
    # the editor keeps their own side, copies the resolution over the TEI and runs reconcile again
    tei.write_bytes(_keep_our_side(kept))
    assert run_cli("validate", str(tei)).returncode == 0
    conflicts.unlink()
    recorded = _reconcile(project)
    assert recorded.returncode == 0 and "resolution is recorded" in recorded.stderr
    again = _reconcile(project)
    assert again.returncode == 0 and "nothing to merge" in again.stderr
    assert b"US imperialism is fulfilling" in tei.read_bytes()
    assert "TEI-TRANSCRIPT-CHANGED" not in _convert_again(project).stderr


def _keep_our_side(merged: bytes) -> bytes:
    kept: list[bytes] = []
    side = "both"
    for line in merged.splitlines(keepends=True):
        if line.startswith(b"<<<<<<< "):
            side = "ours"
        elif line.startswith((b"||||||| ", b"=======")):
            side = "theirs"
        elif line.startswith(b">>>>>>> "):
            side = "both"
        elif side in ("both", "ours"):
            kept.append(line)
    return b"".join(kept)


def test_reconcile_without_a_base_says_what_to_do(project: Path) -> None:
    transcript, tei = _paths(project)
    _edit_tei(tei)
    shutil.rmtree(tei.parent / ".generated")
    _change_transcript(transcript)
    result = _reconcile(project)
    assert result.returncode == 1 and "no generated base" in result.stderr and "--force" in result.stderr


def test_strict_fails_when_an_edited_file_misses_the_transcripts_change(tmp_path: Path) -> None:
    """A scripted --strict run must not take a stale edited file for a fresh one."""
    transcripts, tei_dir = tmp_path / "tei" / "transcripts", tmp_path / "tei"
    transcripts.mkdir(parents=True)
    (transcripts / "clean.txt").write_text("The delegation arrived on time.\n", encoding="utf-8")
    assert run_cli("convert", "--strict", str(transcripts), "-o", str(tei_dir)).returncode == 0
    tei = tei_dir / "clean.xml"
    tei.write_bytes(tei.read_bytes().replace(b"arrived on time", b"arrived punctually"))
    assert run_cli("convert", "--strict", str(transcripts), "-o", str(tei_dir)).returncode == 0  # kept, up to date
    (transcripts / "clean.txt").write_text("The delegation arrived on time.\n\nIt left at noon.\n", encoding="utf-8")
    stale = run_cli("convert", "--strict", str(transcripts), "-o", str(tei_dir))
    assert stale.returncode == 1 and "TEI-TRANSCRIPT-CHANGED" in stale.stderr
    assert b"arrived punctually" in tei.read_bytes()
