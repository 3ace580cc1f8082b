"""Asterisk footnotes: the marker in the text, the note's opening asterisk.

::

    the magazine "Hongqi"\\*.         ← marker: an asterisk glued to what precedes it
    \\* In 1964 the corresponding …   ← note paragraph (a block that starts with one;
                                       read by :mod:`encoder.body`)
    the DPRK press\\* of the report … relations. \\* (Nodong …, 26 February 1965).
                                     ← run-in note: a free-standing asterisk later in the
                                       same paragraph opens the note, to the block's end

Markers become :class:`~encoder.model.NoteAnchor` placeholders and run-in notes
:class:`~encoder.model.PendingNote`; :mod:`encoder.transforms` pairs them and
puts each note at its marker. ``\\*`` (Markdown residue) and ``*`` are both read.
"""

from __future__ import annotations

from encoder import patterns
from encoder.inline.core import BlockContext, Construct, Parts, leaf
from encoder.model import Inline, NoteAnchor, PendingNote

# (?<=[^\s*\\])\\?\*(?!\*) and (?<=\s)\\?\*\s+(?=\S), written to begin with the backslash or the
# asterisk (the optional backslash first, as \\? tries it), the lookbehind after it and one
# character wider: the regex engine then skips ahead to those characters instead of trying the
# pattern at every position (tests/test_pattern_rewrites.py compares them).
MARKER = patterns.compile(r"(?:\\(?<=[^\s*\\]\\)\*|\*(?<=[^\s*\\]\*))(?!\*)")
_RUN_IN_OPENER = patterns.compile(r"(?:\\(?<=\s\\)\*|\*(?<=\s\*))\s+(?=\S)")
NOTE_PARAGRAPH = patterns.compile(r"^\\?\*\s+(?=\S)")
PRIORITY = 98


def scan(context: BlockContext) -> list[Construct]:
    text = context.text
    if "*" not in text:
        return []  # no marker, no note: most paragraphs
    constructs: list[Construct] = []
    markers = [match for match in MARKER.finditer(text)]
    for match in markers:
        constructs.append(
            leaf(
                match.start(),
                match.end(),
                NoteAnchor(marker=match.group()),
                priority=PRIORITY,
                kind="note marker",
            )
        )
    openers = [match for match in _RUN_IN_OPENER.finditer(text) if any(m.end() <= match.start() for m in markers)]
    for index, opener in enumerate(openers):
        body_end = openers[index + 1].start() if index + 1 < len(openers) else len(text)
        body_start = opener.end()
        trimmed_end = body_start + len(text[body_start:body_end].rstrip())

        def build(parts: Parts, offset: int, opener_text: str = opener.group()) -> list[Inline]:
            return [PendingNote(children=tuple(parts[0]), opener=opener_text, offset=offset)]

        # The construct ends with the note's last word: the space before the next
        # opener stays text, so a note that finds no marker gives it back as written.
        constructs.append(
            Construct(
                opener.start(),
                trimmed_end,
                ((body_start, trimmed_end),),
                build,
                PRIORITY + 1,
                "run-in note",
            )
        )
    return constructs
