"""Line and column of an element's start tag, for diagnostics.

lxml records the line of each element but not its column, and RELAX NG and
Schematron report elements, not characters. The column is recovered from the
source text: the n-th element with a given name on a line is the n-th start
tag of that name on that line.
"""

from __future__ import annotations

import re
from collections import defaultdict

from lxml import etree


class SourcePositions:
    """Positions in one parsed document (and its source text, when known)."""

    def __init__(self, tree: etree._ElementTree, source: bytes | None) -> None:
        self._tree = tree
        self._source = source
        self._lines: list[str] | None = None  # split on the first question: a valid document never asks
        self._same_line: dict[tuple[str, int], list[etree._Element]] | None = None

    def source_line(self, line: int | None) -> str | None:
        if self._source is None or line is None:
            return None
        if self._lines is None:
            self._lines = self._source.decode("utf-8", errors="replace").splitlines()
        if not 1 <= line <= len(self._lines):
            return None
        return self._lines[line - 1]

    def of(self, element: etree._Element) -> tuple[int | None, int | None]:
        line = element.sourceline
        if not line:
            return None, None
        return line, self._column(element, line)

    def _column(self, element: etree._Element, line: int) -> int | None:
        text = self.source_line(line)
        if text is None or not isinstance(element.tag, str):
            return None
        if self._same_line is None:
            self._same_line = defaultdict(list)
            for candidate in self._tree.iter():
                if isinstance(candidate.tag, str) and candidate.sourceline:
                    self._same_line[(candidate.tag, candidate.sourceline)].append(candidate)
        siblings = self._same_line.get((element.tag, line), [])
        occurrence = next((i for i, e in enumerate(siblings) if e is element), 0)
        qname = etree.QName(element).localname
        if element.prefix:
            qname = f"{element.prefix}:{qname}"
        starts = [m.start() for m in re.finditer(rf"<{re.escape(qname)}(?=[\s/>]|$)", text)]
        if occurrence < len(starts):
            return starts[occurrence] + 1
        return None
