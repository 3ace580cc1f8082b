"""Hostile and careless input (issue 13): nothing lost, nothing overwritten, no traceback.

Each test is one case an editor or a script can run into, named after it, and
checks what the user sees: the exit status, the message on stderr (the file or
the option to blame, never a traceback) and the files left behind.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def run_cli(*args: str | bytes, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "encoder", *args],
        capture_output=True,
        text=True,
        errors="backslashreplace",
        timeout=120,
        check=False,
        cwd=cwd,
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> bool:
    return "Traceback" not in result.stderr and "Error:" not in result.stderr


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


LETTER = "The ambassador called on the minister at noon.\n"


# 1. Silent document loss ------------------------------------------------------


def test_same_name_in_a_folder_and_its_subfolder_is_refused_before_writing(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", LETTER)
    write(tmp_path / "in" / "sub" / "a.txt", "A second letter.\n")
    result = run_cli("convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and no_traceback(result)
    assert "would both be written as a.xml" in result.stderr
    assert not list((tmp_path / "out").glob("*.xml"))


def test_two_explicit_inputs_with_one_stem_are_refused(tmp_path: Path) -> None:
    first = write(tmp_path / "x" / "cable.txt", LETTER)
    second = write(tmp_path / "y" / "cable.txt", "Another cable.\n")
    result = run_cli("convert", str(first), str(second), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "would both be written as cable.xml" in result.stderr
    assert not (tmp_path / "out" / "cable.xml").exists()


def test_names_that_differ_only_in_case_are_refused(tmp_path: Path) -> None:
    write(tmp_path / "in" / "Cable.txt", LETTER)
    write(tmp_path / "in" / "cable.txt", "Another cable.\n")
    result = run_cli("convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "differ only in case" in result.stderr
    assert not list((tmp_path / "out").glob("*.xml"))


def test_one_transcript_named_twice_is_converted_once(tmp_path: Path) -> None:
    transcript = write(tmp_path / "in" / "a.txt", LETTER)
    result = run_cli("convert", str(transcript), str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q")
    assert result.returncode == 0, result.stderr
    assert [path.name for path in (tmp_path / "out").glob("*.xml")] == ["a.xml"]


def test_hand_made_tei_in_the_input_folder_is_kept_and_said_so(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", LETTER)
    hand_made = write(tmp_path / "in" / "a.xml", '<TEI xmlns="http://www.tei-c.org/ns/1.0"><!-- mine --></TEI>\n')
    before = hand_made.read_bytes()
    result = run_cli("convert", str(tmp_path / "in"), "-o", str(tmp_path / "in"))
    assert result.returncode == 0 and "TEI-MASTER" in result.stderr
    assert hand_made.read_bytes() == before
    forced = run_cli("convert", str(tmp_path / "in"), "-o", str(tmp_path / "in"), "--force")
    assert forced.returncode == 0 and "TEI-BACKUP" in forced.stderr
    assert (tmp_path / "in" / "a.xml.bak").read_bytes() == before


@pytest.mark.parametrize("force", [False, True])
def test_output_onto_the_transcript_itself_is_refused(tmp_path: Path, force: bool) -> None:
    transcript = write(tmp_path / "x.xml", LETTER)  # a transcript may have any name
    result = run_cli("convert", str(transcript), "-o", str(tmp_path), *(["--force"] if force else []))
    assert result.returncode == 2 and "a transcript being converted" in result.stderr
    assert transcript.read_text(encoding="utf-8") == LETTER
    assert not list(tmp_path.glob("*.bak*"))
