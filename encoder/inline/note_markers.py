"""Note markers without brackets: digits glued to a word, and the typist's ``x/``.

::

    Ambassador W. NOWAK1, Mr. SMITH,2 …      → NOWAK<ref type="note" target="#endnote-1">1</ref>,
                                                SMITH,<ref type="note" target="#endnote-2">2</ref>
    the equipment … "but not all".x/          → ….<ref type="note" target="#endnote-x">x/</ref>
    ————
    1 Wiesław Nowak, ambassador in Tokyo.     → <note place="end" n="1" xml:id="endnote-1"
                                                rend="unbracketed">Wiesław Nowak, …</note>
    x/ The Cuban side means the radar.       → <note place="end" n="x/" xml:id="endnote-x" …>

A marker is a reference only when the document has a note with that marker
(:mod:`encoder.body` collects the notes below a rule line, or ``x/`` notes at
the end, before the inline stage). A digit must follow a letter, a closing
bracket or quotation mark, or a comma, with no space or one space after a
comma (``WOJCIK, 3 and``); each marker is referenced once, at its first place.
The note stays where the transcript has it; the reference points to it.
"""

from __future__ import annotations

from encoder import patterns
from encoder.dates import MONTH_NAME
from encoder.inline.core import BlockContext, Construct, leaf
from encoder.model import generic

# The opening of a note below the rule: "1 Wiesław Nowak …", "x/x/ The figures …"
NOTE_OPENING = patterns.compile(r"^(?P<marker>x(?:/x)*/|\d{1,2})\s+(?=\S)")
# (?<![A-Za-z/])x(?:/x)*/(?![\w/]), the lookbehind after the x: the regex engine skips to the x's.
_X_MARKER = patterns.compile(r"x(?<![A-Za-z/]x)(?:/x)*/(?![\w/])")
_DIGIT_MARKER = patterns.compile(
    r"(?:(?<=[A-Za-zÀ-ž\)\]\"”’.])|(?<=[A-Za-zÀ-ž],)|(?<=[A-ZÀ-Ý]{2}, ))(?<!\d[.,])(?P<n>\d{1,2})"
    rf"(?=[\s.,;:)]|$)(?![.,]\d)(?!\s*(?:st|nd|rd|th)\b)(?!\s+{MONTH_NAME})"
)
PRIORITY = 91


def marker_id(marker: str) -> str:
    """``1`` → ``endnote-1``; ``x/`` → ``endnote-x``; ``x/x/`` → ``endnote-xx``."""
    return "endnote-" + marker.replace("/", "")


def scan(context: BlockContext) -> list[Construct]:
    markers = context.state.marked_notes
    if not markers:
        return []
    constructs: list[Construct] = []
    claimed = context.state.claimed_markers
    found = [(match.start(), match.end(), match.group()) for match in _X_MARKER.finditer(context.text)]
    found += [(match.start("n"), match.end("n"), match.group("n")) for match in _DIGIT_MARKER.finditer(context.text)]
    for start, end, marker in sorted(found):
        if marker not in markers or marker in claimed:
            continue
        claimed.add(marker)
        reference = generic("ref", (marker,), type="note", target=f"#{marker_id(marker)}")
        constructs.append(leaf(start, end, reference, priority=PRIORITY, kind="note reference"))
    return constructs
