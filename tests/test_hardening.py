"""Hostile and careless input (issue 13): nothing lost, nothing overwritten, no traceback.

Each test is one case an editor or a script can run into, named after it, and
checks what the user sees: the exit status, the message on stderr (the file or
the option to blame, never a traceback) and the files left behind.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import threading
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

import pytest
from hardening_table import CASES, Case, first_line, make_workspace
from hardening_table import run as run_table_case

from encoder.limits import (
    REGISTER_SIZE_LIMIT,
    TEI_SIZE_LIMIT,
    TRANSCRIPT_SIZE_LIMIT,
    InputTooLargeError,
    parse_size,
    read_transcript_within,
)


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
    return "Traceback" not in result.stderr


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


# 2. Tracebacks: bad sidecars and option values are blamed on the sidecar or the option ---------


def sidecar_case(tmp_path: Path, toml: bytes) -> tuple[Path, Path]:
    transcript = write(tmp_path / "cable.txt", LETTER)
    sidecar = tmp_path / "cable.meta.toml"
    sidecar.write_bytes(toml)
    return transcript, sidecar


def test_sidecar_with_invalid_utf8_is_blamed_on_the_sidecar_with_its_position(tmp_path: Path) -> None:
    transcript, sidecar = sidecar_case(tmp_path, b'title = "Cable"\nsummary = "caf\xe9"\n')
    result = run_cli("convert", str(transcript))
    assert result.returncode == 1 and no_traceback(result)
    assert f"{sidecar}:2:15: error: READ-DECODE: byte 0xe9" in result.stderr


@pytest.mark.parametrize(
    ("toml", "where", "character"),
    [
        (b'title = "Cable\\u0001"\n', "1:15", "U+0001"),
        (b'# from the archive\ndate = "3 May 1965"\ncitation = "RGANI \\\\u0001 \\b"\n', "3:27", "U+0008"),
        (b'original_language = ["Korean", "\\u001bRussian"]\n', "1:33", "U+001B"),
    ],
    ids=["title", "citation-after-escaped-backslash", "language-list"],
)
def test_sidecar_control_character_escape_is_blamed_on_the_escape(
    tmp_path: Path, toml: bytes, where: str, character: str
) -> None:
    transcript, sidecar = sidecar_case(tmp_path, toml)
    result = run_cli("convert", str(transcript))
    assert result.returncode == 1 and no_traceback(result)
    assert f"{sidecar}:{where}: error: META-FIELD:" in result.stderr and character in result.stderr
    assert "/TEI" not in result.stderr  # never an XPath into the transcript's TEI


@pytest.mark.parametrize("date", ["June 31, 1965", "1965-13-45", "0000", "--", "sometime in spring"])
def test_sidecar_date_that_cannot_be_read_is_blamed_on_the_sidecar(tmp_path: Path, date: str) -> None:
    transcript, sidecar = sidecar_case(tmp_path, f'title = "Cable"\ndate = "{date}"\n'.encode())
    result = run_cli("convert", str(transcript))
    assert result.returncode == 1 and no_traceback(result)
    assert f"{sidecar}:2:8: error: META-FIELD: date:" in result.stderr and "/TEI" not in result.stderr


def test_sidecar_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    transcript, _ = sidecar_case(tmp_path, '\ufefftitle = "Cable on the talks"\n'.encode())
    result = run_cli("convert", str(transcript))
    assert result.returncode == 0, result.stderr
    assert '<title type="main">Cable on the talks</title>' in result.stdout


METADATA_OPTIONS = ["--title", "--citation", "--original-language", "--date", "--timestamp"]


@pytest.mark.parametrize("option", METADATA_OPTIONS)
@pytest.mark.parametrize("value", [b"Cable\x01", b"Caf\xe9"], ids=["control-character", "undecodable-byte"])
def test_option_with_a_character_xml_cannot_hold_is_blamed_on_the_option(
    tmp_path: Path, option: str, value: bytes
) -> None:
    transcript = write(tmp_path / "cable.txt", LETTER)
    result = run_cli("convert", str(transcript), option.encode() + b"=" + value)
    assert result.returncode == 2 and no_traceback(result)
    assert f"argument {option}: " in result.stderr
    assert ("U+0001" if value.endswith(b"\x01") else "byte 0xe9 is not UTF-8") in result.stderr


@pytest.mark.parametrize("option", ["--date", "--timestamp", "--title", "--original-language", "--report", "-o"])
def test_double_dash_as_an_option_value_is_a_usage_error(tmp_path: Path, option: str) -> None:
    transcript = write(tmp_path / "cable.txt", LETTER)
    result = run_cli("convert", str(transcript), f"{option}=--")
    assert result.returncode == 2 and no_traceback(result)
    assert f"{option}" in result.stderr and "'--' is not a value" in result.stderr


@pytest.mark.parametrize(("option", "value"), [("--date", "June 31, 1965"), ("--timestamp", "yesterday")])
def test_unreadable_date_option_is_blamed_on_the_option_not_on_the_tei(tmp_path: Path, option: str, value: str) -> None:
    transcript = write(tmp_path / "cable.txt", LETTER)
    result = run_cli("convert", str(transcript), option, value)
    assert result.returncode == 2 and f"argument {option}: {value!r} is not" in result.stderr
    assert "/TEI" not in result.stderr


def test_timestamp_with_a_time_zone_is_recorded(tmp_path: Path) -> None:
    transcript = write(tmp_path / "cable.txt", LETTER)
    result = run_cli("convert", str(transcript), "--timestamp", "2026-12-01T17:30:00Z")
    assert result.returncode == 0, result.stderr
    assert 'when="2026-12-01T17:30:00Z"' in result.stdout


@pytest.mark.parametrize(
    ("encoding", "message"),
    [
        ("rot13", "'rot13' is not a text encoding"),
        ("base64", "'base64' is not a text encoding"),
        ("zlib", "'zlib' is not a text encoding"),
        ("nonesuch", "unknown encoding 'nonesuch'"),
        ("", "unknown encoding ''"),
    ],
)
def test_encoding_that_decodes_no_text_is_blamed_on_the_option(tmp_path: Path, encoding: str, message: str) -> None:
    transcript = write(tmp_path / "cable.txt", LETTER)
    result = run_cli("convert", str(transcript), f"--encoding={encoding}")
    assert result.returncode == 2 and no_traceback(result)
    assert f"argument --encoding: {message}" in result.stderr


def test_encoding_whose_codec_names_no_position_is_a_decoding_error(tmp_path: Path) -> None:
    transcript = write(tmp_path / "cable.txt", LETTER)
    result = run_cli("convert", str(transcript), "--encoding", "punycode")
    assert result.returncode == 1 and no_traceback(result)
    assert f"{transcript}: error: READ-DECODE: not valid punycode" in result.stderr


def test_build_title_with_a_control_character_is_blamed_on_the_option(tmp_path: Path) -> None:
    result = run_cli("build", "--tei-dir", str(tmp_path), "-o", str(tmp_path / "site"), "--title", "Edition\x07")
    assert result.returncode == 2 and "argument --title: character U+0007" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["convert", "{transcript}", "--title", " "],
        ["convert", "{transcript}", "--citation", ""],
        ["convert", "{transcript}", "--original-language", "  "],
        ["build", "--tei-dir", "{folder}", "-o", "{folder}/site", "--title", " "],
        ["decide", "{transcript}", "bracketed-number:1", "literal", "--editor", " "],
    ],
    ids=["title", "citation", "language", "build-title", "decide-editor"],
)
def test_option_of_spaces_alone_is_blamed_on_the_option(tmp_path: Path, command: list[str]) -> None:
    transcript = write(tmp_path / "cable.txt", "The agreement [1] holds.\n")
    result = run_cli(*(part.format(transcript=transcript, folder=tmp_path) for part in command))
    assert result.returncode == 2 and no_traceback(result)
    assert f"argument {command[-2]}: the value is empty" in result.stderr


def test_sidecar_value_of_spaces_alone_is_blamed_on_the_sidecar(tmp_path: Path) -> None:
    transcript, sidecar = sidecar_case(tmp_path, b'date = "3 May 1965"\ntitle = "   "\n')
    result = run_cli("convert", str(transcript))
    assert result.returncode == 1 and f"{sidecar}:2:9: error: META-FIELD: title: the value is empty" in result.stderr
    assert "/TEI" not in result.stderr


NOT_UTF8 = os.fsdecode(b"cable-\xff")


def test_report_on_a_transcript_whose_name_is_not_utf8(tmp_path: Path) -> None:
    transcript = write(tmp_path / f"{NOT_UTF8}.txt", LETTER)
    report = tmp_path / "report.json"
    result = run_cli("convert", str(transcript), "-o", str(tmp_path / "out.xml"), "--report", str(report))
    assert result.returncode == 0 and no_traceback(result)
    assert json.loads(report.read_text(encoding="utf-8"))["files"][0]["file"] == str(transcript)


def test_report_to_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    transcript = write(tmp_path / "cable.txt", LETTER)
    report = tmp_path / f"{NOT_UTF8}.json"
    result = run_cli("convert", str(transcript), "-o", str(tmp_path / "out.xml"), "--report", str(report))
    assert result.returncode == 0 and no_traceback(result)
    assert json.loads(report.read_text(encoding="utf-8"))["files"][0]["file"] == str(transcript)


@pytest.mark.parametrize("command", [["text"], ["validate"], ["validate", "--format", "json"], ["render"]])
def test_tei_file_whose_name_is_not_utf8(tmp_path: Path, command: list[str]) -> None:
    transcript = write(tmp_path / "cable.txt", LETTER)
    tei = tmp_path / f"{NOT_UTF8}.xml"
    assert run_cli("convert", str(transcript), "-o", str(tei)).returncode == 0
    result = run_cli(*command, str(tei))
    assert result.returncode == 0 and no_traceback(result), result.stderr


# 3. Smaller ---------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"])
def test_utf32_with_a_byte_order_mark_is_read_as_utf32(tmp_path: Path, encoding: str) -> None:
    transcript = tmp_path / "cable.txt"
    transcript.write_bytes("\ufeff".encode(encoding) + "The talks went well.\n".encode(encoding))
    result = run_cli("convert", str(transcript))
    assert result.returncode == 0, result.stderr
    assert "<p>The talks went well.</p>" in result.stdout


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-32-le"])
def test_text_without_a_byte_order_mark_points_to_encoding_not_control_pictures(tmp_path: Path, encoding: str) -> None:
    transcript = tmp_path / "cable.txt"
    transcript.write_bytes("The talks went well.\n".encode(encoding))
    result = run_cli("convert", str(transcript))
    assert result.returncode == 1 and "--encoding utf-16-le" in result.stderr
    assert "--control-chars=picture" not in result.stderr
    assert "<p>The talks went well.</p>" in run_cli("convert", str(transcript), "--encoding", encoding).stdout


@pytest.mark.parametrize("output", [[], ["-o", "-"]], ids=["no-output", "output-dash"])
def test_report_to_stdout_without_output_keeps_tei_and_json_apart(tmp_path: Path, output: list[str]) -> None:
    transcript = write(tmp_path / "cable.txt", LETTER)
    result = run_cli("convert", str(transcript), *output, "--report", "-", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert "the TEI goes to standard output" in result.stderr


def test_output_dash_with_one_transcript_is_standard_output(tmp_path: Path) -> None:
    transcript = write(tmp_path / "cable.txt", LETTER)
    result = run_cli("convert", str(transcript), "-o", "-", cwd=tmp_path)
    assert result.returncode == 0 and "<p>The ambassador called on the minister at noon.</p>" in result.stdout
    assert not (tmp_path / "-").exists()


def test_output_dash_with_several_transcripts_is_a_usage_error(tmp_path: Path) -> None:
    first, second = write(tmp_path / "a.txt", LETTER), write(tmp_path / "b.txt", "Another cable.\n")
    result = run_cli("convert", str(first), str(second), "-o", "-", cwd=tmp_path)
    assert result.returncode == 2 and "several inputs need an output directory" in result.stderr
    assert result.stdout == "" and not (tmp_path / "-").exists()


@pytest.mark.parametrize("command", ["render", "text"])
def test_output_dash_of_render_and_text_is_standard_output(tmp_path: Path, command: str) -> None:
    transcript = write(tmp_path / "cable.txt", LETTER)
    assert run_cli("convert", str(transcript), "-o", str(tmp_path / "cable.xml")).returncode == 0
    result = run_cli(command, "cable.xml", "-o", "-", cwd=tmp_path)
    assert result.returncode == 0 and "The ambassador called on the minister at noon." in result.stdout
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("content", ["", "\n  \n\t\n"], ids=["empty", "blank-lines"])
def test_empty_transcript_warns(tmp_path: Path, content: str) -> None:
    transcript = write(tmp_path / "cable.txt", content)
    result = run_cli("convert", str(transcript))
    assert result.returncode == 0
    assert f"{transcript}:1:1: warning: READ-EMPTY: the transcript has no text" in result.stderr
    assert run_cli("convert", str(transcript), "--strict").returncode == 1


def test_site_links_reach_documents_whose_names_hold_url_characters(tmp_path: Path) -> None:
    names = ["memo #1", "note?draft", "cable 50%", os.fsdecode(b"telegram-\xff")]
    for name in names:
        write(tmp_path / "tei" / "transcripts" / f"{name}.txt", LETTER)
    site = tmp_path / "site"
    result = run_cli("build", "--tei-dir", str(tmp_path / "tei"), "-o", str(site), "-q")
    assert result.returncode == 0, result.stderr
    pages = [site / "index.html", *(site / "documents").glob("*.html")]
    links = [
        (page, href)
        for page in pages
        for href in re.findall(r'href="([^"#]+\.(?:html|pdf|xml))"', page.read_text(encoding="utf-8"))
    ]
    assert len(links) >= 4 * 3 + 4 * 3  # the index's three links per document, each page's pdf, tei, review
    for page, href in links:
        assert not set("#? ") & set(href), href
        assert (page.parent / os.fsdecode(unquote_to_bytes(href))).is_file(), (page, href)


@pytest.mark.parametrize("command", ["render", "text"])
def test_output_into_a_folder_that_does_not_exist_yet(tmp_path: Path, command: str) -> None:
    transcript = write(tmp_path / "cable.txt", LETTER)
    tei = tmp_path / "cable.xml"
    assert run_cli("convert", str(transcript), "-o", str(tei)).returncode == 0
    output = tmp_path / "new" / "folder" / "cable.out"
    result = run_cli(command, str(tei), "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert output.stat().st_size > 0


def test_build_with_a_missing_tei_folder_is_an_io_error(tmp_path: Path) -> None:
    result = run_cli("build", "--tei-dir", str(tmp_path / "missing"), "-o", str(tmp_path / "site"))
    assert result.returncode == 2 and "missing: no such file or directory" in result.stderr


def test_validate_of_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    result = run_cli("validate", str(tmp_path))
    assert result.returncode == 2 and "no XML documents" in result.stderr


@pytest.mark.parametrize(
    "xml", ["<root><p>Some text.</p></root>", "<TEI><text><body><p>No namespace.</p></body></text></TEI>"]
)
def test_text_on_xml_that_is_not_tei_is_an_error(tmp_path: Path, xml: str) -> None:
    document = write(tmp_path / "other.xml", xml)
    result = run_cli("text", str(document))
    assert result.returncode == 1 and f"{document}:1: error: NOT-TEI:" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("view", ["html", "print", "pdf"])
def test_render_on_xml_that_is_not_tei_is_an_error_naming_the_file(tmp_path: Path, view: str) -> None:
    document = write(tmp_path / "other.xml", "<root><p>Some text.</p></root>")
    output = tmp_path / f"other.{view}"
    result = run_cli("render", str(document), "--view", view, "-o", str(output))
    assert result.returncode == 1 and f"{document}:1: error: NOT-TEI:" in result.stderr
    assert not output.exists()  # no "Untitled document"


def test_validate_on_xml_that_is_not_tei_names_the_file_and_fails(tmp_path: Path) -> None:
    document = write(tmp_path / "other.xml", "<root><p>Some text.</p></root>")
    result = run_cli("validate", str(document))
    assert result.returncode == 1 and result.stdout.startswith(f"{document}:1:")


@pytest.mark.parametrize(
    "command", [["convert"], ["validate"], ["build", "--tei-dir"], ["render"], ["text"], ["render", "--view", "pdf"]]
)
def test_symlink_loop_is_reported_as_a_loop(tmp_path: Path, command: list[str]) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(tmp_path / "back")
    (tmp_path / "back").symlink_to(loop)
    output = {"build": str(tmp_path / "site"), "render": str(tmp_path / "out.pdf")}.get(command[0])
    result = run_cli(*command, str(loop), *(["-o", output] if output else []))
    assert result.returncode == 2 and no_traceback(result)
    assert result.stderr.splitlines()[-1].endswith(f"{loop}: a loop of symbolic links"), result.stderr
    assert "Errno" not in result.stderr


@pytest.mark.parametrize("command", ["render", "text"])
def test_dangling_symlink_to_a_tei_file_is_reported_as_such(tmp_path: Path, command: str) -> None:
    link = tmp_path / "cable.xml"
    link.symlink_to(tmp_path / "gone.xml")
    result = run_cli(command, str(link))
    assert result.returncode == 2 and f"{link}: a symbolic link to a file that does not exist" in result.stderr


def test_dangling_symlink_is_reported_as_such(tmp_path: Path) -> None:
    link = tmp_path / "cable.txt"
    link.symlink_to(tmp_path / "gone.txt")
    result = run_cli("convert", str(link))
    assert result.returncode == 2 and "a symbolic link to a file that does not exist" in result.stderr


# 4. Ordinary input the converter refused as its own bug ---------------------------------------


def convert_cli(tmp_path: Path, text: str, *options: str) -> subprocess.CompletedProcess[str]:
    transcript = write(tmp_path / "cable.txt", text)
    return run_cli("convert", str(transcript), *options)


@pytest.mark.parametrize(
    "text",
    [
        "[0]",
        "[0]\n\n[0]\n",
        "NS [S [!]]\n",
        "The VNS [S [!]] met.\n",
        'Citation: "Cable", 1965, RGANI, fond 5, ll. 10-12.\n\nThe talks (p. 2) went on.\n',
        "The talks (p. 2) went on (p. 1).\n",
    ],
    ids=["zero-alone", "zeros", "nested-supplied", "nested-in-sentence", "p-outside-range", "p-descending"],
)
def test_ordinary_brackets_and_page_markers_convert(tmp_path: Path, text: str) -> None:
    result = convert_cli(tmp_path, text)
    assert result.returncode == 0 and no_traceback(result), result.stderr
    assert "a bug" not in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "Citation: http://[\n",
        'Citation: "Cable", 1965, http://digitalarchive.example.org/document/[15]\n\nThe talks went well.\n',
        "The report\n\nCitation:\nhttp://example.org/[draft]\n\nBody.\n",
    ],
    ids=["unclosed-host", "bracket-in-path", "own-line"],
)
def test_citation_url_that_is_not_a_uri_is_kept_as_text_and_reported(tmp_path: Path, text: str) -> None:
    result = convert_cli(tmp_path, text, "--report", str(tmp_path / "report.json"), "-o", str(tmp_path / "out.xml"))
    assert result.returncode == 0 and "a bug" not in result.stderr, result.stderr
    tei = (tmp_path / "out.xml").read_text(encoding="utf-8")
    assert 'type="URI"' not in tei
    kinds = [
        d["kind"] for d in json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["files"][0]["decisions"]
    ]
    assert "url-not-a-uri" in kinds
    back = run_cli("text", str(tmp_path / "out.xml"))
    assert back.stdout.split() == text.split()  # nothing lost


def test_sidecar_url_that_is_not_a_uri_is_blamed_on_the_sidecar(tmp_path: Path) -> None:
    transcript, sidecar = sidecar_case(tmp_path, b'title = "Cable"\nurl = "http://["\n')
    result = run_cli("convert", str(transcript))
    assert result.returncode == 1 and f"{sidecar}:2:7: error: META-FIELD: url:" in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "\\* [15]",
        'The magazine "Hongqi"\\* wrote.\n\n\\* [15]\n',
        'The magazine "Hongqi"\\* wrote.\n\n\\* ...\n',
        'The magazine "Hongqi"\\* wrote.\n\n\\* (p. 3)\n',
        "The agreement[1] holds.\n\n[1] [15]\n",
        "The agreement[1] holds.\n\n[1] ...\n",
        "Signed by NOWAK1 today.\n\n————\n\n1 [15]\n",
        'The magazine "Hongqi"\\* wrote \\* (p. 3)\n',
    ],
    ids=["alone", "footnote-page", "footnote-gap", "footnote-p", "endnote-page", "endnote-gap", "marked", "run-in"],
)
def test_note_made_only_of_a_page_or_omission_mark_keeps_its_text(tmp_path: Path, text: str) -> None:
    result = convert_cli(tmp_path, text, "--report", str(tmp_path / "report.json"), "-o", str(tmp_path / "out.xml"))
    assert result.returncode == 0 and "a bug" not in result.stderr, result.stderr
    kinds = [
        d["kind"] for d in json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["files"][0]["decisions"]
    ]
    assert "note-of-marks" in kinds
    back = run_cli("text", str(tmp_path / "out.xml"))
    assert back.stdout.split() == text.split()  # nothing lost, nothing added


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ('The "kuaisu" [quick [15] ly] way.\n', "quick [15] ly"),
        ('The "kuaisu" [quickly ...] way.\n', "[quickly ...]"),
        ("The VNS [Supreme ... Assembly] met.\n", "VNS [Supreme ... Assembly]"),
    ],
    ids=["page-in-gloss", "gap-in-gloss", "gap-in-expansion"],
)
def test_markup_inside_an_element_that_holds_text_only_stays_text(tmp_path: Path, text: str, kept: str) -> None:
    result = convert_cli(tmp_path, text, "--report", str(tmp_path / "report.json"), "-o", str(tmp_path / "out.xml"))
    assert result.returncode == 0 and "a bug" not in result.stderr, result.stderr
    decisions = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["files"][0]["decisions"]
    assert "text-only" in [d["kind"] for d in decisions]
    assert kept in run_cli("text", str(tmp_path / "out.xml")).stdout


@pytest.mark.parametrize("locus", ["0", "0-12", "ll. 5-0"])
def test_citation_locus_with_folio_zero_is_kept_as_an_identifier(tmp_path: Path, locus: str) -> None:
    text = (
        'Citation:\n\n"Cable", September 1, 1961, Wilson Center Digital Archive, Diplomatic Archives, '
        f"A'-0357, {locus}. Obtained by Kenji Watanabe.\n\nThe talks went well.\n"
    )
    result = convert_cli(tmp_path, text)
    assert result.returncode == 0 and "a bug" not in result.stderr, result.stderr
    assert f'<idno type="other">{locus}</idno>' in result.stdout and "<locus" not in result.stdout


# 5. Deep nesting: a documented limit, deeper brackets stay text ---------------------------------


def nested_brackets(depth: int) -> str:
    return "The minister " + "".join(f"[word{level} " for level in range(depth)) + "said" + "]" * depth + " so.\n"


def test_brackets_nested_to_the_limit_are_all_encoded_and_render(tmp_path: Path) -> None:
    from encoder.inline.brackets import MAX_BRACKET_DEPTH

    tei = tmp_path / "deep.xml"
    result = convert_cli(tmp_path, nested_brackets(MAX_BRACKET_DEPTH), "-o", str(tei))
    assert result.returncode == 0, result.stderr
    assert tei.read_text(encoding="utf-8").count("<supplied") == MAX_BRACKET_DEPTH
    assert "bracket-depth" not in result.stderr
    for command in (["validate"], ["text"], ["render", "--view", "html"]):
        assert run_cli(*command, str(tei)).returncode == 0


@pytest.mark.parametrize("extra", [1, 1000])
def test_brackets_nested_beyond_the_limit_stay_text_and_are_reported(tmp_path: Path, extra: int) -> None:
    from encoder.inline.brackets import MAX_BRACKET_DEPTH

    text = nested_brackets(MAX_BRACKET_DEPTH + extra)
    tei, report = tmp_path / "deep.xml", tmp_path / "report.json"
    result = convert_cli(tmp_path, text, "-o", str(tei), "--report", str(report))
    assert result.returncode == 0 and no_traceback(result), result.stderr
    assert tei.read_text(encoding="utf-8").count("<supplied") == MAX_BRACKET_DEPTH
    decisions = json.loads(report.read_text(encoding="utf-8"))["files"][0]["decisions"]
    assert [d["text"].startswith(f"[word{MAX_BRACKET_DEPTH} ") for d in decisions if d["kind"] == "bracket-depth"] == [
        True
    ]
    assert run_cli("text", str(tei)).stdout == text  # nothing lost
    assert run_cli("render", "--view", "html", str(tei)).returncode == 0


# Found by mutating the corpus (bench-style fuzzing, not tuned to one text): more refusals of ordinary input.


@pytest.mark.parametrize(
    ("text", "not_in_tei"),
    [
        ("Pham Van Dong (1906-20(p. 00), Prime Minister.\n", 'n="00"'),
        ("The report (p. 05) goes on (p. 0).\n", "<pb"),
        ("The paper ShinmunSinmun [Molotov] wrote.\n", '<rs type="cover-name"><choice'),
        ("The figures follow.\n\n|---|---|\n\nThe end.\n", "<table"),
    ],
    ids=["page-00", "pages-with-leading-zero", "fused-name-as-cover-name", "table-of-separators"],
)
def test_mutated_ordinary_input_converts(tmp_path: Path, text: str, not_in_tei: str) -> None:
    result = convert_cli(tmp_path, text)
    assert result.returncode == 0 and "a bug" not in result.stderr, result.stderr
    assert not_in_tei not in result.stdout
    tei = write(tmp_path / "out.xml", result.stdout)
    assert run_cli("text", str(tei)).stdout.split() == text.split()


@pytest.mark.parametrize("tail", ['[handwritten1 note: "Kovacs will attend."]', '[handwrittenKovacs will attend."]'])
def test_paragraph_after_the_closer_becomes_a_postscript(tmp_path: Path, tail: str) -> None:
    text = (
        "Dear Comrade Ambassador,\n\nThe delegation will arrive on Monday.\n\n"
        f"To the Legation of the People's Republic\nPyongyang\n\n{tail}\n"
    )
    result = convert_cli(tmp_path, text)
    assert result.returncode == 0 and "a bug" not in result.stderr, result.stderr
    assert "<postscript>" in result.stdout[result.stdout.index("</closer>") :]
    tei = write(tmp_path / "out.xml", result.stdout)
    assert run_cli("text", str(tei)).stdout.split() == text.split()


def test_fuzz_a_fused_romanization_inside_a_romanization_pair_stays_text() -> None:
    """bench/fuzz.py: "KiKim Bnjik [KimPnik]" put a choice inside a reg, which holds text only."""
    from encoder.pipeline import convert
    from encoder.round_trip import normalize_whitespace, to_text

    text = "KiKim Bnjik [KimPnik]\n"
    result = convert(text)  # validates against the project schema
    assert "text-only" in {decision.kind for decision in result.decisions}
    assert normalize_whitespace(to_text(result.tree)) == normalize_whitespace(text)


def test_fuzz_opening_lines_after_running_text_open_a_section() -> None:
    """bench/fuzz.py: a classification line after a paragraph made an opener where TEI allows none."""
    from encoder.pipeline import convert

    # The shrunk reproducer, with a space after the header's last word: the header ends between words
    # (tests/test_fuzz_regressions.py), so "Eh[s" would keep "[s" in the header.
    result = convert("**Citation:\n**Contents:**Translation-Eh [s note]\nTop Secret\n")
    root = result.tree.getroot()  # valid: convert checks its own output
    openers = root.findall(".//{http://www.tei-c.org/ns/1.0}opener")
    assert len(openers) == 1 and openers[0].getparent().get("type") == "section"
    for opener in openers:
        assert opener.getprevious() is None or opener.getprevious().tag.endswith("head")


def test_fuzz_a_line_after_a_rule_line_is_never_part_of_the_rule(tei_all: Any) -> None:
    """bench/fuzz.py: "———" then "x\\u00a0/" made one rule whose @rend held a no-break space (invalid TEI)."""
    from encoder.pipeline import convert
    from encoder.round_trip import normalize_whitespace, to_text

    text = "———\nx\u00a0/"
    result = convert(text)
    assert tei_all.validate(result.tree), tei_all.error_log
    (rule,) = result.tree.getroot().iter("{http://www.tei-c.org/ns/1.0}milestone")
    assert rule.get("rend") == "———"
    assert normalize_whitespace(to_text(result.tree)) == normalize_whitespace(text)


def test_fuzz_only_the_publishers_line_break_becomes_lb_so_every_form_comes_back() -> None:
    """bench/fuzz.py: "<br>" became lb[@rend='html-br'], which the round trip writes "<br />"."""
    from encoder.pipeline import convert
    from encoder.round_trip import normalize_whitespace, to_text

    for text, breaks in (("one<br>two\n", 0), ("one<BR/>two\n", 0), ("one<br />two\n", 1)):
        result = convert(text)
        assert len(list(result.tree.getroot().iter("{http://www.tei-c.org/ns/1.0}lb"))) == breaks, text
        assert normalize_whitespace(to_text(result.tree)) == normalize_whitespace(text)


# 5. Limits by design: the size of an input file -------------------------------------------


def sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no room on disk (zero bytes: NUL, which no reader would take)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as file:
        file.truncate(size)
    return path


def test_transcript_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    transcript = sparse(tmp_path / "dump.txt", TRANSCRIPT_SIZE_LIMIT + 1)
    result = run_cli("convert", str(transcript), "-o", str(tmp_path / "dump.xml"))
    assert result.returncode == 1 and no_traceback(result)
    # refused on its size: read, its NUL bytes would have been the error
    assert result.stderr.startswith(f"{transcript}: error: INPUT-TOO-LARGE: the file holds 10,000,001 bytes")
    assert "over the limit of 10 MB for a transcript" in result.stderr and "--max-input-size" in result.stderr
    assert not (tmp_path / "dump.xml").exists()


def test_a_file_that_grew_after_its_size_was_taken_is_read_whole_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file is read for its size and a byte more; one that was longer by then
    # (still being written) is read on, as far as the limit allows.
    from encoder import limits

    transcript = write(tmp_path / "growing.txt", LETTER * 10)
    data = transcript.read_bytes()
    real_fstat = os.fstat

    def size_before_it_grew(descriptor: int) -> os.stat_result:
        status = list(real_fstat(descriptor))
        status[stat.ST_SIZE] = 10
        return os.stat_result(status)

    monkeypatch.setattr(limits.os, "fstat", size_before_it_grew)
    assert limits.read_transcript_within(transcript, len(data)) == data
    with pytest.raises(InputTooLargeError):
        limits.read_transcript_within(transcript, len(data) - 1)


def test_in_a_folder_the_transcript_over_the_limit_is_reported_and_the_others_converted(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", LETTER)
    write(tmp_path / "in" / "b.txt", LETTER * 40)  # about 2 KB
    write(tmp_path / "in" / "c.txt", "Another cable.\n")
    result = run_cli("convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--max-input-size", "1KB", "-q")
    assert result.returncode == 1 and "b.txt: error: INPUT-TOO-LARGE" in result.stderr
    assert sorted(path.name for path in (tmp_path / "out").glob("*.xml")) == ["a.xml", "c.xml"]


def test_max_input_size_raises_the_limit(tmp_path: Path) -> None:
    transcript = write(tmp_path / "long.txt", LETTER * 40)
    assert run_cli("convert", str(transcript), "--max-input-size", "1KB").returncode == 1
    result = run_cli("convert", str(transcript), "--max-input-size", "0.01MB")
    assert result.returncode == 0 and "The ambassador called" in result.stdout


def test_edition_max_input_size_raises_the_limit_and_the_option_wins(tmp_path: Path) -> None:
    transcript = write(tmp_path / "tei" / "transcripts" / "long.txt", LETTER * 40)
    write(tmp_path / "tei" / "edition.toml", 'publisher = "Example Library"\nmax-input-size = "1KB"\n')
    result = run_cli("convert", str(transcript))
    assert result.returncode == 1 and "over the limit of 1 KB for a transcript" in result.stderr
    assert run_cli("convert", str(transcript), "--max-input-size", "3KB").returncode == 0


@pytest.mark.parametrize("value", ['"fifty"', '"5 XB"', "0", '"0KB"'])
def test_edition_max_input_size_that_is_not_a_size_is_blamed_on_the_edition(tmp_path: Path, value: str) -> None:
    transcript = write(tmp_path / "tei" / "transcripts" / "cable.txt", LETTER)
    edition = write(tmp_path / "tei" / "edition.toml", f'publisher = "Example Library"\nmax-input-size = {value}\n')
    result = run_cli("convert", str(transcript))
    assert result.returncode == 1 and f"{edition}:2:" in result.stderr and "max-input-size" in result.stderr
    assert no_traceback(result)


@pytest.mark.parametrize("value", ["fifty", "5XB", "0", "-3MB", ""])
@pytest.mark.parametrize("command", ["convert", "validate", "render", "text"])
def test_max_input_size_that_is_not_a_size_is_blamed_on_the_option(tmp_path: Path, command: str, value: str) -> None:
    result = run_cli(command, str(write(tmp_path / "cable.txt", LETTER)), "--max-input-size", value)
    assert result.returncode == 2 and "argument --max-input-size:" in result.stderr


@pytest.mark.parametrize("command", [["render"], ["render", "--view", "pdf"], ["text"]])
def test_tei_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path, command: list[str]) -> None:
    document = sparse(tmp_path / "huge.xml", TEI_SIZE_LIMIT + 1)
    result = run_cli(*command, str(document), "-o", str(tmp_path / "out"))
    assert result.returncode == 1 and no_traceback(result)
    assert result.stderr.startswith(f"{document}: error: INPUT-TOO-LARGE: the file holds 25,000,001 bytes")
    assert "over the limit of 25 MB for a TEI file" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["convert", "register"])
def test_a_register_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path, command: str) -> None:
    # The edition names a register that is really a disk image: every conversion would parse it.
    corpus = tmp_path / "tei"
    write(corpus / "transcripts" / "cable.txt", LETTER)
    (corpus / "edition.toml").write_text('publisher = "Test"\nregister = "registers.xml"\n', encoding="utf-8")
    register = sparse(corpus / "registers.xml", REGISTER_SIZE_LIMIT + 1)
    arguments = ["-o", str(tmp_path / "out")] if command == "convert" else ["--dry-run"]
    result = run_cli(command, str(corpus / "transcripts"), *arguments)
    assert result.returncode == 1 and no_traceback(result)
    assert f"{register}: error: INPUT-TOO-LARGE: the file holds 100,000,001 bytes" in result.stderr
    assert "over the limit of 100 MB for a register, and was not read; is it a register?" in result.stderr
    assert not (tmp_path / "out" / "cable.xml").exists()


def test_validate_reports_the_tei_file_over_the_limit_and_validates_the_others(tmp_path: Path) -> None:
    converted = run_cli("convert", str(write(tmp_path / "a.txt", LETTER)), "-o", str(tmp_path / "tei" / "a.xml"))
    assert converted.returncode == 0
    huge = sparse(tmp_path / "tei" / "huge.xml", TEI_SIZE_LIMIT + 1)
    result = run_cli("validate", str(tmp_path / "tei"))
    assert (
        result.returncode == 1 and f"{huge}: error: INPUT-TOO-LARGE: the file holds 25,000,001 bytes" in result.stdout
    )
    assert "validated 2 files, 1 invalid" in result.stderr
    assert run_cli("validate", str(tmp_path / "tei" / "a.xml"), "--max-input-size", "1KB").returncode == 1


def test_a_pipe_is_read_only_up_to_the_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: _feed(fifo, b"x" * 5000), daemon=True)
    writer.start()
    with pytest.raises(InputTooLargeError, match="more than 1 KB"):
        read_transcript_within(fifo, 1000)
    writer.join(timeout=10)


def _feed(fifo: Path, data: bytes) -> None:
    with suppress(BrokenPipeError), open(fifo, "wb") as pipe:
        pipe.write(data)


@pytest.mark.parametrize(
    ("text", "size"),
    [("5000000", 5_000_000), ("800KB", 800_000), ("50MB", 50_000_000), ("50 mb", 50_000_000), ("1.5GB", 1_500_000_000),
     ("2MiB", 2 * 2**20), ("10 B", 10)],
)  # fmt: skip
def test_sizes_are_read_in_decimal_and_binary_units(text: str, size: int) -> None:
    assert parse_size(text) == size


# 6. The table of small failures (tests/hardening_table.py), each case as a test ----------------------------


@pytest.fixture(scope="module")
def table_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("table"))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_small_failure_table(table_workspace: Path, case: Case) -> None:
    result = run_table_case(case, table_workspace)
    shown = first_line(result.stdout if case.on_stdout else result.stderr)
    assert result.returncode == case.status and no_traceback(result), result.stderr
    assert case.says in shown, shown
