"""Validation timings: the corpus in one command, and a 1 MB document per layer.

Usage: python bench/bench_validate.py [--skip-tei-all]

Targets (issue "The schema and a validator editors can trust"): the corpus in
tei/ validates in under 2 s including interpreter start-up; a 1 MB document
in under 0.5 s with the project schema and Schematron. The 1 MB document is
made by replicating the body paragraphs of the largest corpus file (those
without ids or folio breaks, so that it stays valid).
"""

from __future__ import annotations

import argparse
import copy
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from encoder.safexml import parse_xml_bytes  # noqa: E402
from encoder.validation import has_errors, layers, schemas  # noqa: E402
from encoder.validation.positions import SourcePositions  # noqa: E402

TEI = "{http://www.tei-c.org/ns/1.0}"
TARGET_BYTES = 1_000_000


def time_command(arguments: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    completed = subprocess.run(arguments, cwd=REPO, capture_output=True, check=False)
    return time.perf_counter() - started, completed.returncode


def synthesize_large_document(corpus: list[Path]) -> bytes:
    largest = max(corpus, key=lambda path: path.stat().st_size)
    tree = etree.parse(str(largest))
    division = tree.find(f".//{TEI}body/{TEI}div")
    assert division is not None
    paragraphs = [
        p
        for p in division.iter(f"{TEI}p")
        if p.getparent() is division and not p.xpath(".//*[@xml:id] | .//*[local-name()='pb'][@type='folio']")
    ]
    anchor = next((c for c in division if c.tag in (f"{TEI}closer", f"{TEI}postscript", f"{TEI}div")), None)
    source = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    while len(source) < TARGET_BYTES:
        for paragraph in paragraphs:
            duplicate = copy.deepcopy(paragraph)
            if anchor is not None:
                anchor.addprevious(duplicate)
            else:
                division.append(duplicate)
        source = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    return source


def measure(label: str, action: Callable[[], object], repeat: int = 3) -> None:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    print(f"  {label:<44} {min(timings) * 1000:8.1f} ms (best of {repeat})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-tei-all", action="store_true", help="skip the slow tei_all layers")
    options = parser.parse_args()

    corpus = sorted((REPO / "tei").glob("*.xml"))
    print(f"corpus: {len(corpus)} files in tei/ (one subprocess each, start-up included)")
    commands = [["--no-schematron"], [], ["--xsd"]]
    if not options.skip_tei_all:
        commands += [["--schema", "tei-all"], ["--schema", "tei-all", "--xsd"]]
    for extra in commands:
        elapsed, status = time_command([sys.executable, "-m", "encoder", "validate", *extra, "tei"])
        label = " ".join(["tei-encoder validate", *extra, "tei/"])
        print(f"  {label:<44} {elapsed * 1000:8.1f} ms (exit {status})")

    source = synthesize_large_document(corpus)
    name = "synthesized-1mb.xml"
    print(f"\n1 MB document: {len(source):,} bytes, in process")
    tree = parse_xml_bytes(source, name)
    positions = SourcePositions(tree, source)
    project = schemas.resolve("project")

    started = time.perf_counter()
    schemas.relaxng(project.relaxng)
    schemas.schematron(schemas.PROJECT_SCHEMATRON)
    elapsed = time.perf_counter() - started
    print(f"  {'compile project RNG + Schematron':<44} {elapsed * 1000:8.1f} ms")

    measure("parse (hardened parser)", lambda: parse_xml_bytes(source, name))
    measure(
        "project RELAX NG",
        lambda: layers.relaxng(tree, project.relaxng, "big", positions),
    )
    measure(
        "project Schematron",
        lambda: layers.schematron(tree, schemas.PROJECT_SCHEMATRON, "big", positions),
    )

    def project_and_rules() -> None:
        parsed = parse_xml_bytes(source, name)
        found = layers.relaxng(parsed, project.relaxng, "big", positions)
        found += layers.schematron(parsed, schemas.PROJECT_SCHEMATRON, "big", positions)
        assert not has_errors(found), found[:3]

    measure("parse + project RELAX NG + Schematron", project_and_rules)
    assert project.xsd is not None
    started = time.perf_counter()
    schemas.xsd(project.xsd)
    elapsed = time.perf_counter() - started
    print(f"  {'load project XSD (xmlschema, cached)':<44} {elapsed * 1000:8.1f} ms")
    measure("project XSD (xmlschema)", lambda: layers.xsd(tree, project.xsd, "big", positions), 1)

    if options.skip_tei_all:
        return
    tei_all = schemas.resolve("tei-all")
    started = time.perf_counter()
    schemas.relaxng(tei_all.relaxng)
    elapsed = time.perf_counter() - started
    print(f"  {'compile tei_all RNG (lxml)':<44} {elapsed * 1000:8.1f} ms")
    measure("tei_all RELAX NG", lambda: layers.relaxng(tree, tei_all.relaxng, "big", positions))
    assert tei_all.xsd is not None
    started = time.perf_counter()
    schemas.xsd(tei_all.xsd)
    print(f"  {'load tei_all XSD (pickle cache if present)':<44} {(time.perf_counter() - started) * 1000:8.1f} ms")
    measure("tei_all XSD (xmlschema)", lambda: layers.xsd(tree, tei_all.xsd, "big", positions), 1)


if __name__ == "__main__":
    main()
