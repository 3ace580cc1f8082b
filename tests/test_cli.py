"""The tei-encoder command line as editors use it: outputs, exit codes, messages."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from dataclasses import replace
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


# The editor's loop (issue 8): messages an editor can act on, and no output a failed run leaves behind.


def test_xml_input_is_refused_with_a_pointer_to_validate_and_render(tmp_path: Path) -> None:
    encoded = tmp_path / "cable.xml"
    assert main(["convert", str(SAMPLE), "-o", str(encoded)]) == 0
    result = run_cli("convert", str(encoded), "-o", str(tmp_path / "again.xml"))
    assert result.returncode == 1
    assert f"{encoded}:1:1: error: READ-XML-INPUT:" in result.stderr
    assert "tei-encoder validate" in result.stderr and "tei-encoder render" in result.stderr
    assert "    <?xml version=" in result.stderr  # the source line, with its caret below
    assert not (tmp_path / "again.xml").exists()


def test_xml_input_is_recognised_by_its_content_whatever_its_name(tmp_path: Path) -> None:
    disguised = tmp_path / "cable.txt"
    disguised.write_text('\ufeff  <TEI xmlns="http://www.tei-c.org/ns/1.0"><text/></TEI>\n', encoding="utf-8")
    result = run_cli("convert", str(disguised))
    assert result.returncode == 1 and f"{disguised}:1:3: error: READ-XML-INPUT" in result.stderr
    assert result.stdout == ""


def test_several_inputs_refuse_an_output_that_names_a_file(tmp_path: Path) -> None:
    looks_like_file = tmp_path / "out.xml"
    result = run_cli("convert", str(TRANSCRIPTS), "-o", str(looks_like_file))
    assert result.returncode == 2 and "several inputs need an output directory" in result.stderr
    assert not looks_like_file.exists()
    existing_file = tmp_path / "taken"
    existing_file.write_text("keep me\n", encoding="utf-8")
    result = run_cli("convert", str(SAMPLE), str(SAMPLE), "-o", str(existing_file))
    assert result.returncode == 2 and "this is a file" in result.stderr
    assert existing_file.read_text(encoding="utf-8") == "keep me\n"


def test_several_inputs_create_a_new_output_directory(tmp_path: Path) -> None:
    new_directory = tmp_path / "edition" / "tei"
    assert main(["convert", str(TRANSCRIPTS), "-o", str(new_directory), "-q"]) == 0
    assert len(list(new_directory.glob("*.xml"))) == len(list(TRANSCRIPTS.glob("*.txt")))


def test_one_input_into_an_existing_directory_is_named_after_the_transcript(tmp_path: Path) -> None:
    assert main(["convert", str(SAMPLE), "-o", str(tmp_path)]) == 0
    assert (tmp_path / (SAMPLE.stem + ".xml")).is_file()


def test_strict_failure_writes_nothing_not_even_the_files_that_passed(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "a-clean.txt").write_text("The delegation arrived on time.\n", encoding="utf-8")
    (corpus / "b-doubtful.txt").write_bytes(SAMPLE.read_bytes())
    result = run_cli("convert", "--strict", str(corpus), "-o", str(out), "-q")
    assert result.returncode == 1
    assert "nothing written" in result.stderr
    assert list(out.glob("*.xml")) == []
    single = tmp_path / "single.xml"
    assert run_cli("convert", "--strict", str(SAMPLE), "-o", str(single)).returncode == 1
    assert not single.exists()


def test_strict_prints_each_doubtful_decision_with_code_id_source_line_and_caret(tmp_path: Path) -> None:
    result = run_cli("convert", "--strict", str(SAMPLE), "-o", str(tmp_path / "x.xml"))
    lines = result.stderr.splitlines()
    heads = [i for i, line in enumerate(lines) if ": error: BRACKETED-NUMBER: " in line]
    assert heads, result.stderr
    head = lines[heads[0]]
    assert head.startswith(f"{SAMPLE}:")
    line_no, col = (int(part) for part in head[len(str(SAMPLE)) + 1 :].split(":")[:2])
    decision_id = head.rsplit("[", 1)[1].rstrip("]")
    assert decision_id.startswith("bracketed-number:")
    excerpt, caret = lines[heads[0] + 1], lines[heads[0] + 2]
    assert caret.strip() == "^"
    source_line = SAMPLE.read_text(encoding="utf-8").splitlines()[line_no - 1]
    # The caret stands under the character the decision is about, in the excerpt of a long line.
    assert excerpt[caret.index("^")] == source_line[col - 1]


def test_doubtful_decisions_are_summed_up_on_stderr_without_report(tmp_path: Path) -> None:
    result = run_cli("convert", str(SAMPLE), "-o", str(tmp_path / "x.xml"))
    assert result.returncode == 0
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith("tei-encoder: 1 of 1 file written; ")
    assert "doubtful decisions" in summary and "--report FILE" in summary
    clean = tmp_path / "clean.txt"
    clean.write_text("The delegation arrived on time.\n", encoding="utf-8")
    assert "doubtful" not in run_cli("convert", str(clean), "-o", str(tmp_path / "c.xml")).stderr


def test_a_worker_sends_back_the_decisions_only_for_a_report_and_their_messages_only_for_strict(
    tmp_path: Path,
) -> None:
    from encoder.commands.convert import ConvertJob, ConvertOptions, convert_one
    from encoder.pipeline import convert_file

    expected = convert_file(SAMPLE)
    doubtful = expected.decision_diagnostics()
    assert doubtful
    plain = ConvertOptions(None, "error", None, None, None, None, strict=False)
    job = ConvertJob(SAMPLE, tmp_path / "x.xml", plain)
    sent = convert_one(job)
    assert (sent.decisions, sent.doubtful, sent.doubtful_count) == ((), (), len(doubtful))
    reported = convert_one(ConvertJob(SAMPLE, job.target, replace(plain, keep_decisions=True)))
    assert len(reported.decisions) == len(expected.decisions) and reported.doubtful == ()
    strict = convert_one(ConvertJob(SAMPLE, job.target, replace(plain, strict=True)))
    assert len(strict.doubtful) == strict.doubtful_count == len(doubtful) and strict.decisions == ()
    assert sent.data == reported.data == strict.data


def test_warnings_print_with_code_source_line_and_caret(tmp_path: Path) -> None:
    transcript = tmp_path / "klingon.txt"
    source = (TRANSCRIPTS / "1965-06-04-soviet-embassy-korean-chinese-relations.txt").read_text(encoding="utf-8")
    assert "\nRussian\n" in source
    transcript.write_text(source.replace("\nRussian\n", "\nKlingon\n", 1), encoding="utf-8")
    result = run_cli("convert", str(transcript), "-o", str(tmp_path / "k.xml"))
    assert result.returncode == 0
    line_no = source.splitlines().index("Russian") + 1
    expected = f"{transcript}:{line_no}:1: warning: HEADER-LANGUAGE: unknown original language 'Klingon'"
    assert expected in result.stderr
    assert "\n    Klingon\n    ^\n" in result.stderr
    assert "1 warning" in result.stderr.splitlines()[-1]


def test_pdf_is_never_written_to_a_terminal(tmp_path: Path) -> None:
    encoded = tmp_path / "cable.xml"
    assert main(["convert", str(SAMPLE), "-o", str(encoded)]) == 0
    controller, terminal = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "encoder", "render", str(encoded), "--view", "pdf"],
            stdout=terminal,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(terminal)
        os.close(controller)
    assert result.returncode == 2
    assert "-o FILE.pdf" in result.stderr


def test_decision_ids_survive_edits_elsewhere_in_the_transcript() -> None:
    from encoder import convert

    text = SAMPLE.read_text(encoding="utf-8")
    before = convert(text, validate=False).decisions
    lines = text.split("\n")
    # A body paragraph mid-document (a line after a blank one that does not go on with the paragraph
    # before it, a seam): insert another above it.
    seams = {d.line for d in before if d.kind == "seam"}
    starting = [d for d in before if d.line > 1 and not lines[d.line - 2].strip() and d.line not in seams]
    insert_at = starting[len(starting) // 2].line
    edited = "\n".join([*lines[: insert_at - 1], "A paragraph the editor inserted.", "", *lines[insert_at - 1 :]])
    after = {d.id: d for d in convert(edited, validate=False).decisions}
    moved = [d for d in before if d.line >= insert_at]
    assert moved
    for decision in before:  # every decision keeps its id, those below the insertion at new lines
        assert decision.id in after, decision.id
        assert after[decision.id].text == decision.text
        assert after[decision.id].line == decision.line + (2 if decision in moved else 0)
    assert len({d.id for d in before}) == len(before)


def test_report_and_tei_never_share_standard_output() -> None:
    result = run_cli("convert", str(SAMPLE), "--report", "-")
    assert result.returncode == 2 and "--report FILE" in result.stderr and result.stdout == ""


def test_two_transcripts_with_one_name_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    (corpus / "1965").mkdir(parents=True)
    (corpus / "cable.txt").write_text("The first cable.\n", encoding="utf-8")
    (corpus / "1965" / "cable.txt").write_text("The second cable.\n", encoding="utf-8")
    result = run_cli("convert", str(corpus), "-o", str(out))
    assert result.returncode == 2 and "would both be written as cable.xml" in result.stderr
    assert not (out / "cable.xml").exists()
