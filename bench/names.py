"""Names and dates: precision and recall on an invented annotated set.

tests/fixtures/names/annotated.txt holds invented paragraphs with every
person, place, organisation and date marked ``{element|text}``; capitalised
words that are no names are left unmarked, as traps. The marks are removed,
the text converted, and the names and dates the converter tagged in the body
compared with the marked ones (element and text, as a multiset). Figures are
printed for the rules alone and for the rules with the invented register
tests/fixtures/names/registers.xml.

    python bench/names.py

A wrong tag costs more than a missing one: precision is the figure to keep high.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from encoder.pipeline import convert_source
from encoder.reading import read_text
from encoder.registers import Register, load_register

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "names"
ELEMENTS = ("persName", "placeName", "orgName", "date")
_MARK = re.compile(r"\{(" + "|".join(ELEMENTS) + r")\|([^{}]+)\}")
TEI = "http://www.tei-c.org/ns/1.0"


def annotated() -> tuple[str, Counter[tuple[str, str]]]:
    """The plain transcript and the marked names and dates."""
    lines = [line for line in (FIXTURES / "annotated.txt").read_text(encoding="utf-8").splitlines()]
    text = "\n".join(line for line in lines if not line.startswith("#")).strip() + "\n"
    gold = Counter((match.group(1), match.group(2)) for match in _MARK.finditer(text))
    return _MARK.sub(lambda match: match.group(2), text), gold


def tagged(text: str, register: Register | None) -> Counter[tuple[str, str]]:
    tree = convert_source(read_text(text, "annotated.txt"), register=register).tree
    found: Counter[tuple[str, str]] = Counter()
    for name in ELEMENTS:
        for element in tree.getroot().iterfind(f".//{{{TEI}}}body//{{{TEI}}}{name}"):
            found[(name, " ".join("".join(element.itertext()).split()))] += 1
    return found


def figures(gold: Counter[tuple[str, str]], found: Counter[tuple[str, str]]) -> list[str]:
    rows = []
    for name in (*ELEMENTS, "all"):
        wanted = Counter({key: n for key, n in gold.items() if name in ("all", key[0])})
        got = Counter({key: n for key, n in found.items() if name in ("all", key[0])})
        right = sum((wanted & got).values())
        precision = right / sum(got.values()) if got else 1.0
        recall = right / sum(wanted.values()) if wanted else 1.0
        rows.append(
            f"  {name:<10} precision {right:>3}/{sum(got.values()):<3} {precision:6.1%}"
            f"   recall {right:>3}/{sum(wanted.values()):<3} {recall:6.1%}"
        )
    return rows


def main() -> int:
    text, gold = annotated()
    for label, register in (
        ("rules alone", None),
        ("rules + register", load_register(FIXTURES / "registers.xml")),
    ):
        found = tagged(text, register)
        print(f"{label}:")
        print("\n".join(figures(gold, found)))
        for key in sorted((found - gold).elements()):
            print(f"    wrong: {key[0]} {key[1]!r}")
        for key in sorted((gold - found).elements()):
            print(f"    missed: {key[0]} {key[1]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
