"""The small failures of issue 13 as one table: each case, the exit status it must give and what stderr must say.

    python tests/hardening_table.py      # prints: case, exit status, first line of stderr

``tests/test_hardening.py`` runs the same table as tests (each case checked
against its expected status and message); the script shows a reader, or the
issue, what a user sees today. Every case runs the real command line in a
scratch folder made by :func:`make_workspace`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

LETTER = "The ambassador called on the minister at noon.\n"
NOT_UTF8 = os.fsdecode(b"\xff")  # a byte the shell passes undecoded: Python holds it as a lone surrogate


@dataclass(frozen=True)
class Case:
    name: str
    argv: tuple[str, ...]
    status: int
    says: str  # found in the first line of stderr (or of stdout, where validate prints its findings)
    on_stdout: bool = False


def _options_that_go_into_the_tei() -> list[Case]:
    cases = []
    for option in ("--title", "--citation", "--original-language", "--date", "--timestamp"):
        for what, value in (("a control character", "A\x01B"), ("an undecodable byte", f"A{NOT_UTF8}B")):
            cases.append(
                Case(f"convert {option} with {what}", ("convert", "cable.txt", option, value), 2, f"argument {option}:")
            )
    return cases


CASES = [
    Case("render of XML that is not TEI", ("render", "other.xml", "-o", "other.html"), 1,
         "other.xml:1: error: NOT-TEI:"),
    Case("render --view pdf of XML that is not TEI", ("render", "other.xml", "--view", "pdf", "-o", "other.pdf"), 1,
         "other.xml:1: error: NOT-TEI:"),
    Case("text of XML that is not TEI", ("text", "other.xml"), 1, "other.xml:1: error: NOT-TEI:"),
    Case("validate of XML that is not TEI", ("validate", "other.xml"), 1, "other.xml:1:", on_stdout=True),
    Case("convert of a symlink loop", ("convert", "loop"), 2, "loop: a loop of symbolic links"),
    Case("render of a symlink loop", ("render", "loop"), 2, "loop: a loop of symbolic links"),
    Case("text of a symlink loop", ("text", "loop"), 2, "loop: a loop of symbolic links"),
    Case("validate of a symlink loop", ("validate", "loop"), 2, "loop: a loop of symbolic links"),
    Case("convert -o - of several transcripts", ("convert", "cable.txt", "memo.txt", "-o", "-"), 2,
         "several inputs need an output directory"),
    Case("convert -o - of one transcript", ("convert", "cable.txt", "-o", "-"), 0, ""),
    Case("convert of UTF-32LE with a BOM", ("convert", "utf32.txt"), 0, ""),
    Case("convert --report - without -o", ("convert", "cable.txt", "--report", "-"), 2,
         "the TEI goes to standard output"),
    Case("convert of an empty file", ("convert", "empty.txt"), 0, "empty.txt:1:1: warning: READ-EMPTY:"),
    Case("build with '#' and '?' in file names", ("build", "--tei-dir", "tei", "-o", "site", "-q"), 0, ""),
    Case("render -o into a new folder", ("render", "cable.xml", "-o", "new/render/cable.html"), 0, ""),
    Case("text -o into a new folder", ("text", "cable.xml", "-o", "new/text/cable.txt"), 0, ""),
    Case("build --tei-dir missing", ("build", "--tei-dir", "missing", "-o", "site2"), 2,
         "missing: no such file or directory"),
    Case("validate of an empty folder", ("validate", "empty-folder"), 2, "no XML documents"),
    *_options_that_go_into_the_tei(),
    *(Case(f"convert --encoding {name}", ("convert", "cable.txt", "--encoding", name), 2, "argument --encoding:")
      for name in ("rot13", "base64", "zlib", "nonexistent")),
    Case("convert --report to a file name that is not UTF-8", ("convert", "cable.txt", "-o", "out.xml", "--report",
         f"report-{NOT_UTF8}.json"), 0, ""),
    Case("convert of a transcript over the size limit", ("convert", "cable.txt", "--max-input-size", "10B"), 1,
         "cable.txt: error: INPUT-TOO-LARGE:"),
    Case("render of a TEI file over the size limit", ("render", "cable.xml", "--max-input-size", "1KB"), 1,
         "cable.xml: error: INPUT-TOO-LARGE:"),
]  # fmt: skip


def make_workspace(folder: Path) -> Path:
    """The files the cases name, in ``folder``."""
    (folder / "cable.txt").write_text(LETTER, encoding="utf-8")
    (folder / "memo.txt").write_text("A second letter.\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "utf32.txt").write_bytes("\ufeffThe talks went well.\n".encode("utf-32-le"))
    (folder / "other.xml").write_text("<root><p>Some text.</p></root>\n", encoding="utf-8")
    (folder / "loop").symlink_to("back")
    (folder / "back").symlink_to("loop")
    (folder / "empty-folder").mkdir()
    for name in ("memo #1", "note?draft"):
        (folder / "tei" / "transcripts").mkdir(parents=True, exist_ok=True)
        (folder / "tei" / "transcripts" / f"{name}.txt").write_text(LETTER, encoding="utf-8")
    run(Case("", ("convert", "cable.txt", "-o", "cable.xml", "-q"), 0, ""), folder)
    return folder


def run(case: Case, workspace: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "encoder", *case.argv],
        capture_output=True,
        text=True,
        errors="backslashreplace",
        timeout=300,
        check=False,
        cwd=workspace,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )


def first_line(text: str) -> str:
    """The first line of the message: after argparse's usage block, the line that says what is wrong."""
    lines = text.splitlines()
    if lines and lines[0].startswith("usage:"):
        lines = [line for line in lines[1:] if not line.startswith(" ")]
    return next(iter(lines), "")


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        workspace = make_workspace(Path(scratch))
        for case in CASES:
            result = run(case, workspace)
            shown = first_line(result.stdout if case.on_stdout else result.stderr).replace(scratch, "…")
            mark = "ok" if result.returncode == case.status and case.says in shown else "FAIL"
            print(f"{mark:4} | {case.name:58} | {result.returncode} | {shown[:110]}")


if __name__ == "__main__":
    main()
