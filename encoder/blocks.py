"""Blocks of lines with a map back to the source.

:mod:`encoder.layout` decides where blocks begin and end. Each line keeps the
source offset of its first non-blank character, and a block's text is kept as
a :class:`MappedText`, so that every later stage can turn a position back into
``line:col``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class MappedText:
    """A string built from pieces of the source, with a map back to source offsets.

    ``anchors`` holds, for the start of each piece, ``(index in text, source offset)``.
    """

    text: str
    anchors: tuple[tuple[int, int], ...]

    def offset(self, index: int) -> int:
        """Source offset of ``text[index]`` (an index past the end maps past the last piece)."""
        position = bisect.bisect_right(self.anchors, (index, 1 << 62)) - 1
        piece_index, source_offset = self.anchors[max(position, 0)]
        return source_offset + (index - piece_index)

    def slice(self, start: int, end: int | None = None) -> MappedText:
        end = len(self.text) if end is None else end
        anchors = [(0, self.offset(start))]
        for piece_index, source_offset in self.anchors:
            if start < piece_index < end:
                anchors.append((piece_index - start, source_offset))
        return MappedText(self.text[start:end], tuple(anchors))

    def strip(self) -> MappedText:
        stripped = self.text.strip()
        if not stripped:
            return MappedText("", ((0, self.offset(0)),))
        start = self.text.index(stripped[0])
        return self.slice(start, start + len(stripped))

    def __len__(self) -> int:
        return len(self.text)


@dataclass(frozen=True, slots=True)
class Line:
    text: str  # stripped of leading and trailing whitespace
    start: int  # source offset of text[0]


@dataclass(frozen=True, slots=True)
class Block:
    lines: tuple[Line, ...]
    role: str = "text"  # the layout role of the first line (see encoder.layout.LineRole)
    blank_before: bool = True  # a blank line, or the start of the file, precedes the block
    # The lines joined by single spaces, computed once: every rule reads it, often many times.
    joined_lines: str = field(default="", init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "joined_lines", " ".join(line.text for line in self.lines))

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def text(self) -> str:
        """The block's lines joined by single spaces (the paragraph text)."""
        return self.joined_lines

    def mapped(self) -> MappedText:
        anchors: list[tuple[int, int]] = []
        index = 0
        for line in self.lines:
            anchors.append((index, line.start))
            index += len(line.text) + 1
        return MappedText(self.text, tuple(anchors))
