"""Reading the convention fixture files (``tests/fixtures/conventions/*.txt``).

A fixture file documents one editorial convention by example::

    # Page breaks: a bracketed number inside the cited folio range.   ← what the file is about
    Free text explaining the convention.

    ## a page number inside the range                                 ← one case
    citation: "…", June 4, 1965, …, listy 14-27.                     ← optional settings
    report: bracketed-number                                         ← decisions that must be reported
    .
    the input transcript (the body; several lines allowed)
    .
    <p>the expected content of div[@type='document'], without namespaces</p>
    .

Settings: ``citation:`` (a Citation line; the header is written for the
input), ``date:`` (the document date), ``select:`` (an XPath with prefix
``tei:`` whose results are compared instead of the document div's children),
``report:`` (comma-separated decision kinds that must appear in the review report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
NAMESPACES = {"tei": TEI_NS}


@dataclass(frozen=True)
class Case:
    file: Path
    name: str
    line: int
    source: str
    expected: str
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.file.stem}: {self.name}"


def read_cases(path: Path) -> list[Case]:
    cases: list[Case] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    index = 0
    while index < len(lines):
        heading = re.match(r"^## (.+)$", lines[index])
        if not heading:
            index += 1
            continue
        start = index + 1
        index += 1
        settings: dict[str, str] = {}
        while index < len(lines) and lines[index] != ".":
            setting = re.match(r"^(\w+):\s*(.*)$", lines[index])
            if setting:
                settings[setting.group(1)] = setting.group(2)
            elif lines[index].strip():
                raise ValueError(f"{path}:{index + 1}: expected a setting or '.'")
            index += 1
        sections: list[list[str]] = [[], []]
        for section in sections:
            index += 1
            while index < len(lines) and lines[index] != ".":
                section.append(lines[index])
                index += 1
            if index >= len(lines):
                raise ValueError(f"{path}:{start}: case {heading.group(1)!r} is not closed by '.'")
        index += 1
        cases.append(
            Case(
                path,
                heading.group(1),
                start,
                "\n".join(sections[0]),
                "\n".join(sections[1]),
                settings,
            )
        )
    return cases


def _strip_indentation(element: etree._Element) -> None:
    for node in element.iter():
        if node.text is not None and not node.text.strip() and "\n" in node.text:
            node.text = None
        if node.tail is not None and not node.tail.strip() and "\n" in node.tail:
            node.tail = None


def canonical_fragment(nodes: list[etree._Element]) -> str:
    """C14N of a list of TEI elements (wrapped), indentation removed."""
    wrapper = etree.Element(f"{{{TEI_NS}}}fragment", nsmap={None: TEI_NS})  # type: ignore[dict-item]
    for node in nodes:
        copy = etree.fromstring(etree.tostring(node))
        copy.tail = None
        wrapper.append(copy)
    _strip_indentation(wrapper)
    return etree.canonicalize(etree.tostring(wrapper).decode())


def canonical_expected(fragment: str) -> str:
    wrapper = etree.fromstring(f'<fragment xmlns="{TEI_NS}">{fragment}</fragment>')
    return canonical_fragment(list(wrapper))
