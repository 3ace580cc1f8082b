"""The tei-encoder command line as editors use it: outputs, exit codes, messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TRANSCRIPTS

from encoder.cli import main

SAMPLE = TRANSCRIPTS / "1965-02-10-pan-zili-kim-byeong-jik-conversation.txt"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "encoder", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_one_file_to_stdout_is_tei() -> None:
    result = run_cli("convert", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<?xml version='1.0' encoding='UTF-8'?>")
    assert '<TEI xmlns="http://www.tei-c.org/ns/1.0">' in result.stdout


def test_directory_to_directory_with_report(tmp_path: Path) -> None:
    out, report = tmp_path / "out", tmp_path / "report.json"
    assert main(["convert", str(TRANSCRIPTS), "-o", str(out), "--report", str(report), "-q"]) == 0
    assert sorted(path.stem for path in out.glob("*.xml")) == sorted(path.stem for path in TRANSCRIPTS.glob("*.txt"))
    data = json.loads(report.read_text(encoding="utf-8"))
    decisions = [d for entry in data["files"] for d in entry["decisions"]]
    kinds = {d["kind"] for d in decisions}
    assert {"bracketed-number", "suspected-slip", "seam", "fused-romanization"} <= kinds
    slip = next(d for d in decisions if d["kind"] == "suspected-slip" and d["text"] == "Kim II")
    assert {"line", "col", "chosen", "alternatives"} <= slip.keys()
    assert slip["alternatives"] == ["Kim Il"]


def test_report_to_stdout(tmp_path: Path) -> None:
    result = run_cli("convert", str(SAMPLE), "-o", str(tmp_path / "x.xml"), "--report", "-")
    assert result.returncode == 0
    assert json.loads(result.stdout)["files"][0]["file"] == str(SAMPLE)


def test_output_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    assert main(["convert", str(SAMPLE), "-o", str(first)]) == 0
    assert main(["convert", str(SAMPLE), "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_bad_input_exits_1_with_position_and_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Good line.\nBad \xc3\x28 byte.\n")
    result = run_cli("convert", str(bad))
    assert result.returncode == 1
    assert f"{bad}:2:5: error: READ-DECODE" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_and_bad_options_exit_2(tmp_path: Path) -> None:
    missing = run_cli("convert", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert run_cli("convert", "--no-such-option", str(SAMPLE)).returncode == 2
    assert run_cli("frobnicate").returncode == 2
    several = run_cli("convert", str(SAMPLE), str(SAMPLE))
    assert several.returncode == 2 and "-o DIR" in several.stderr


def test_strict_turns_doubtful_decisions_into_failure(tmp_path: Path) -> None:
    result = run_cli("convert", "--strict", str(SAMPLE), "-o", str(tmp_path / "x.xml"))
    assert result.returncode == 1
    assert "bracketed-number" in result.stderr
    clean = tmp_path / "clean.txt"
    clean.write_text("The delegation arrived on time.\n", encoding="utf-8")
    assert run_cli("convert", "--strict", str(clean), "-o", str(tmp_path / "c.xml")).returncode == 0


def test_text_command_regenerates_the_transcript(tmp_path: Path) -> None:
    xml = tmp_path / "sample.xml"
    assert main(["convert", str(SAMPLE), "-o", str(xml)]) == 0
    result = run_cli("text", str(xml))
    assert result.returncode == 0
    assert "[Kim Pyong Jik]" in result.stdout and "Citation:" in result.stdout


def test_text_command_on_broken_xml_exits_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI><text></TEI>", encoding="utf-8")
    result = run_cli("text", str(broken))
    assert result.returncode == 1
    assert f"{broken}:1:" in result.stderr and "Traceback" not in result.stderr


def test_sidecar_metadata_for_a_bare_transcript(tmp_path: Path) -> None:
    transcript = tmp_path / "cable.txt"
    transcript.write_text("To the Ministry:\n\nThe talks went well.\n", encoding="utf-8")
    (tmp_path / "cable.meta.toml").write_text(
        'title = "Cable on the talks"\ndate = "3 May 1965"\noriginal_language = ["Korean"]\n',
        encoding="utf-8",
    )
    result = run_cli("convert", str(transcript))
    assert result.returncode == 0, result.stderr
    assert '<title type="main">Cable on the talks</title>' in result.stdout
    assert '<date when="1965-05-03">3 May 1965</date>' in result.stdout
    assert '<language ident="ko">Korean</language>' in result.stdout


def test_sidecar_with_unknown_field_is_an_input_error(tmp_path: Path) -> None:
    transcript = tmp_path / "cable.txt"
    transcript.write_text("Text.\n", encoding="utf-8")
    (tmp_path / "cable.meta.toml").write_text('titel = "typo"\n', encoding="utf-8")
    result = run_cli("convert", str(transcript))
    assert result.returncode == 1
    assert "META-FIELD" in result.stderr and "titel" in result.stderr


@pytest.mark.parametrize("option", ["--title", "--date"])
def test_command_line_metadata(option: str, tmp_path: Path) -> None:
    transcript = tmp_path / "bare.txt"
    transcript.write_text("Some text.\n", encoding="utf-8")
    value = "A title" if option == "--title" else "1965-06-04"
    result = run_cli("convert", str(transcript), option, value)
    assert result.returncode == 0, result.stderr
    assert value in result.stdout
