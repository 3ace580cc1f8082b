"""Scaling: seconds per MB of convert and validate at 50 KB, 1 MB and 10 MB.

Each input is one transcript: the header of a corpus transcript (title,
citation, summary), then the body paragraphs of all the transcripts in
tei/transcripts/ repeated until the size is reached. Page lines, endnotes,
quoted citations and short lines are left out of the repetition, so that
folios still ascend and note ids stay unique: the document stays valid.
Pathological inputs put all of the size into one paragraph: n asterisk note
markers (``word*``), n bare omission marks (``word ...``), n full dates
(``on 3 March 1965``) or n bracketed names after names (``Wang [Li Xiannian]``,
the cover-name rule's shape).

For each input it prints the CPU seconds (this process; the machine may be
shared) of

* ``convert``: transcript text → TEI tree, with the converter's own
  validation (project RELAX NG and Schematron), in a warm process;
* ``validate``: the TEI file written by convert, parsed and validated
  against the project RELAX NG and Schematron, as ``tei-encoder validate``
  does;

* the RELAX NG and the Schematron phase of that validation alone, on the
  parsed tree, and the floor under the Schematron: an XSLT that visits every
  element and does nothing;

and s/MB with its ratio to the 50 KB rate of the same kind of input.

    python bench/scaling.py [--sizes 50000 1000000 10000000] [--kinds corpus markers omissions dates covers]
                            [--validate-only]

Target (issue 12): s/MB at every size within 20 % of the 50 KB rate.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
# This checkout's package, not the one an editable install of another checkout points to.
sys.path.insert(0, str(REPO))

from encoder.pipeline import convert  # noqa: E402
from encoder.safexml import parse_xml_bytes  # noqa: E402
from encoder.validation import has_errors, layers, schemas, validate  # noqa: E402
from encoder.validation.positions import SourcePositions  # noqa: E402

TRANSCRIPTS = sorted((REPO / "tei" / "transcripts").glob("*.txt"))
HEADER_FROM = REPO / "tei" / "transcripts" / "1965-12-26-li-xiannian-kim-il-sung-conversation.txt"
MIN_BODY_PARAGRAPH = 200  # characters: shorter ones are page lines, headings, signatures, datelines
MIN_MEASURED_SECONDS = 1.0  # small inputs are converted repeatedly until this much time has passed

PATHOLOGICAL_UNITS = {
    "markers": "word* ",
    "omissions": "word ... ",
    "dates": "on 3 March 1965 and ",
    "covers": "then Wang [Li Xiannian] said ",
}


# The floor under the Schematron phase: libxslt visiting every element and
# doing nothing. Its s/MB grows with the document (about 0.2 µs an element at
# 50 KB, 0.7 µs at 10 MB), which is why the compiled Schematron walks the
# document once rather than twice per pattern (encoder/validation/single_pass.py).
BARE_TRAVERSAL = etree.XSLT(
    etree.XML(
        b"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
          <xsl:template match="/"><visited><xsl:apply-templates select="*"/></visited></xsl:template>
          <xsl:template match="*"><xsl:apply-templates select="*"/></xsl:template>
        </xsl:stylesheet>"""
    )
)


def body_paragraphs(text: str) -> list[str]:
    """The long running-text paragraphs: no page lines, endnotes, citations or markdown headings."""
    paragraphs = (paragraph.strip() for paragraph in re.split(r"\n\s*\n", text))
    return [p for p in paragraphs if len(p) >= MIN_BODY_PARAGRAPH and not p.startswith(('"', "[", "**"))]


def header() -> str:
    """The header of one transcript (title, citation, summary, credits, opener): all before its running text."""
    text = HEADER_FROM.read_text(encoding="utf-8-sig")
    summary = re.search(r"^Summary:\n\n.*?\n\n", text, re.MULTILINE | re.DOTALL)
    assert summary is not None
    rest = text[summary.end() :]
    return text[: summary.end()] + rest[: rest.index(body_paragraphs(rest)[0])]


def corpus_input(size: int) -> str:
    pool = [p for path in TRANSCRIPTS for p in body_paragraphs(path.read_text(encoding="utf-8-sig"))]
    pieces = [header()]
    length = len(pieces[0].encode("utf-8"))
    index = 0
    while length < size:
        paragraph = pool[index % len(pool)] + "\n\n"
        pieces.append(paragraph)
        length += len(paragraph.encode("utf-8"))
        index += 1
    return "".join(pieces)


def pathological_input(kind: str, size: int) -> str:
    """The header, then one paragraph of nothing but ``word*`` (or another unit) up to the size."""
    start = header()
    unit = PATHOLOGICAL_UNITS[kind]
    count = max(1, (size - len(start.encode("utf-8"))) // len(unit))
    return start + (unit * count).rstrip() + "\n"


def cpu_seconds(action: Callable[[], object]) -> float:
    """CPU seconds per run of ``action``, repeated until MIN_MEASURED_SECONDS have passed."""
    runs = 0
    started = time.process_time()
    while True:
        action()
        runs += 1
        elapsed = time.process_time() - started
        if elapsed >= MIN_MEASURED_SECONDS:
            return elapsed / runs


def measure(text: str, folder: Path, *, with_convert: bool) -> tuple[float, float, float, float, float, int]:
    """Seconds for convert (self-validating), for validating the written file, for its
    RELAX NG and Schematron phases alone (on the parsed tree) and for the bare
    XSLT traversal; the file's size."""
    written = folder / "scaling.xml"

    written.write_bytes(convert(text).to_bytes())  # warm (schemas compiled), and the file to validate
    converting = cpu_seconds(lambda: convert(text)) if with_convert else float("nan")
    found = validate(written)
    assert not has_errors(found), found[:3]
    validating = cpu_seconds(lambda: validate(written))
    source = written.read_bytes()
    tree = parse_xml_bytes(source, written.name)
    positions = SourcePositions(tree, source)
    project = schemas.resolve("project")
    relaxng = cpu_seconds(lambda: layers.relaxng(tree, project.relaxng, written.name, positions))
    schematron = cpu_seconds(lambda: layers.schematron(tree, schemas.PROJECT_SCHEMATRON, written.name, positions))
    traversal = cpu_seconds(lambda: BARE_TRAVERSAL(tree))
    return converting, validating, relaxng, schematron, traversal, len(source)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 1_000_000, 10_000_000])
    kinds = ["corpus", *PATHOLOGICAL_UNITS]
    parser.add_argument("--kinds", nargs="+", default=kinds, choices=kinds)
    parser.add_argument("--validate-only", action="store_true", help="skip the (slow) convert timings")
    options = parser.parse_args()
    print("CPU seconds in one warm process; s/MB per MB of transcript (convert) or of TEI (validate, its phases)")
    print(f"{'input':<10} {'size':>8} {'marks':>9} | {'convert s':>9} {'s/MB':>6} {'x50KB':>6} | "
          f"{'TEI MB':>6} {'validate s':>10} {'s/MB':>6} {'x50KB':>6} | {'RNG s/MB':>8} {'x50KB':>6} | "
          f"{'Sch s/MB':>8} {'x50KB':>6} | {'XSLT floor':>10} {'x50KB':>6}")  # fmt: skip
    with tempfile.TemporaryDirectory() as scratch:
        for kind in options.kinds:
            first_rates: tuple[float, ...] | None = None
            for size in options.sizes:
                text = corpus_input(size) if kind == "corpus" else pathological_input(kind, size)
                marks = "" if kind == "corpus" else f"{text.count(PATHOLOGICAL_UNITS[kind].strip()):,}"
                megabytes = len(text.encode("utf-8")) / 1e6
                converting, validating, relaxng, schematron, traversal, tei_bytes = measure(
                    text, Path(scratch), with_convert=not options.validate_only
                )
                tei_megabytes = tei_bytes / 1e6
                rates = (
                    converting / megabytes,
                    validating / tei_megabytes,
                    relaxng / tei_megabytes,
                    schematron / tei_megabytes,
                    traversal / tei_megabytes,
                )
                first_rates = first_rates or rates
                ratios = [rate / first for rate, first in zip(rates, first_rates, strict=True)]
                print(
                    f"{kind:<10} {megabytes:7.2f}M {marks:>9} | {converting:9.3f} {rates[0]:6.3f} {ratios[0]:6.2f} | "
                    f"{tei_megabytes:6.2f} {validating:10.3f} {rates[1]:6.3f} {ratios[1]:6.2f} | "
                    f"{rates[2]:8.4f} {ratios[2]:6.2f} | {rates[3]:8.4f} {ratios[3]:6.2f} | "
                    f"{rates[4]:10.4f} {ratios[4]:6.2f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
