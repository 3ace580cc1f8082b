"""Stage 2, layout: the lines of a :class:`Source` → blocks, each line with a role.

Real transcriptions lay their blocks out in three ways, often mixed in one file:

* **blank-line blocks** (the samples): a blank line (or one holding only
  spaces or no-break spaces) ends a block; a single line break inside a block
  is a soft break (a title over two lines, a signature and its role);
* **line blocks**: every paragraph, header field, list item, signature line
  and table row on its own line, with no blank line between them;
* **hard-wrapped text** (extracted from a PDF): one paragraph runs over many
  lines of about the same length, the last one shorter.

Like a line labeller in a cascade (first a coarse label per line from the
features of the line and its neighbours, then each zone to its own reader),
this stage computes the features of every line once, learns the document's
habits (does it wrap? at which width? is this stretch laid out in blank-line
blocks or in lines?), gives every line a coarse :data:`LineRole`, and then
decides for every single line break whether the next line *continues* the
block or *starts* a new one. Evidence for a continuation: the next line starts
in lower case, the previous one ends without final punctuation or fills the
wrap width, the stretch is laid out in blank-line blocks. Evidence for a new
block: a structural start (list marker, numbered point, table row, speaker
label, note, page number, header label …), final punctuation, a short line.
A decision whose evidence is weak is recorded for the review report
(``layout-join`` / ``layout-split``), so an editor can check it.

The header, body and inline stages read the resulting :class:`~encoder.blocks.Block`
list as before; each block keeps its line map, the role of its first line and
whether a blank line preceded it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from encoder import patterns
from encoder.blocks import Block, Line
from encoder.dates import parse_date
from encoder.reading import Source

LineRole = Literal[
    "text",
    "header-label",
    "list-item",
    "numbered",
    "table-row",
    "speaker",
    "stage",
    "note",
    "rule",
    "page-number",
    "date",
    "label",
    "signature",
    "closing",
    "description",
]

# --- the coarse line labels, in the order they are tried -----------------------

_HEADER_LABEL = patterns.compile(
    r"^(?:\*\*)?(?:•\s*)?(?:Citation|Summary|Credits|Original Languages?|Contents)(?::|\s*$|\*\*)"
)
_LIST_ITEM = patterns.compile(
    r"^(?:[•·▪◦‣●○■□]\s*\S|[-–]\s+\S|\(?[a-z]\)\s+\S|\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)\)\s+\S"
    r"|(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\)\s+\S|\d{1,2}\)\s+\S)"
)
_NUMBERED = patterns.compile(r"^(?:\d{1,3}\.\s+\S|\(\d{1,3}\)\s+\S|[IVX]{1,5}\.\s+\S)")
_TABLE_ROW = patterns.compile(r"^\|.*\|$")
# Labels that end in a colon but name no speaker.
_NOT_A_SPEAKER = (
    r"(?!(?i:To|Copy|Copies|Dear|Re|Subject|From|Received|Dispatched|Sent|Participants|Present|Attachment"
    r"|Enclosure|Note|NB|Summary|Citation|Contents|Credits|Distribution|Distributed|Produced|Time|Place|Location"
    r"|Date|Ref|Reference|Level|Priority|Agenda|Annex|Appendix|Conclusions?|Proposals?|Decision|Result|Results"
    r"|Question|Answer|Item|Point|Our view|Comment|Remark|Remarks|Translator|Editor|Source|Origin|Signed"
    r"|Prepared by|Drafted by|Recorded by|Transcribed by|Typed|Secret|Top Secret|Confidential|Urgent|Cipher"
    r"|Original Language|Encl|Enclosures|Copy No|Tel|Telegram|Cable|Memorandum|Report|Information)\b)"
)
_SPEAKER_NAME = r"(?P<who>[A-Z][\w.’'-]*(?:\s+(?:[A-Z][\w.’'-]*|\([A-Z][\w .’'-]*\)|de|von|van|da|do|der|el)){0,4})"
# "Comrade Ionescu:", "North (PARK):", "**ULBRICHT:**" alone on a line.
SPEAKER_LABEL = patterns.compile(rf"^(?:\*\*)?{_NOT_A_SPEAKER}{_SPEAKER_NAME}:(?:\*\*)?$")
# "MILLER: …", "Kim Il Sung: …", "South (CHANG): …" opening a paragraph. A single word must be in
# capitals (a one-word label in title case is more often a heading such as "Conclusions:").
INLINE_SPEAKER = patterns.compile(
    rf"^(?:\*\*)?{_NOT_A_SPEAKER}(?=[A-ZÀ-Ý][A-ZÀ-Ý’'.-]+:|[^\s:]+\s[^:]{{0,60}}:)"
    rf"{_SPEAKER_NAME}:(?:\*\*)?\s+\S"
)
_STAGE = patterns.compile(
    r"^\((?=[^():]{0,60}\)$)(?:[A-Z][a-z]+ )?(?:[a-z]+ )?(?:laughter|applause|noise|animation|commotion|ovation|"
    r"interruption|pause|silence|shouts|movement|stir|break|recess|end of the (?:recording|meeting|conversation)"
    r"|(?:the )?(?:meeting|session|talks?|conversation) (?:adjourned|ended|closed|resumed))"
    r"[^():]*\)$",
    re.IGNORECASE,
)
_NOTE_START = patterns.compile(r"^(?:\\?\*\s+\S|\[\d{1,3}\]\s+\S|x(?:/x)*/\s*\S|\d{1,2}\s+[A-Z\"“(])")
# "(signed) Weber", "/Lindqvist/": the signature line of a letter.
_SIGNATURE = patterns.compile(r"^(?:\((?:signed|sgd\.?|s\.?|ss|-)\)\s*\S|/[^/]{2,60}/$)", re.IGNORECASE)
# "[handwritten: …]", "[Stamp: …]" opening a line: a description of the physical document.
_DESCRIPTION_LINE = patterns.compile(
    r"^\[\[?(?:[\w.’'-]+ ){0,2}(?:stamp|seal|handwritten|handwriting|hand-written|resolution|marginal note)\b",
    re.IGNORECASE,
)
# "With comradely greetings", "Please accept …": the formula that closes a letter.
_CLOSING = patterns.compile(
    r"^(?:With (?:communist|comradely|socialist|fraternal|party|best|kind|warm) (?:greetings|regards)"
    r"|Please accept|Accept,|I avail myself|The (?:Ministry|Embassy|Legation) avails itself"
    r"|Yours (?:faithfully|sincerely)|Sincerely|Best regards|With (?:deep )?respect)(?:\b|(?<=,))"
)
_RULE = patterns.compile(r"^[—–_=\-*~]{3,}$")
_PAGE_NUMBER = patterns.compile(r"^(?:-\s*\d{1,4}\s*-|–\s*\d{1,4}\s*–|\d{1,4}|\(p\.\s*\d{1,4}\))$")
_LABEL_ONLY = patterns.compile(r"^[A-Z][\w .’'/-]{0,40}:$")
# "… 4:30 p.m. Location:" at the end of a line: the label's value is on the next line.
_LABEL_AT_END = patterns.compile(r"\S\s+(?:Location|Place|Time|Date|Subject)\s*:$")
_TERMINAL = patterns.compile(r"[.!?:;\"”’)\]…](?:\d{1,2}|x(?:/x)*/)?$")  # a glued note marker may follow
_HEADER_LIKE_LINE = 8  # words: a line this short that starts with a capital may be a whole line

#: Roles whose line always begins a block of its own.
_STARTS_BLOCK: frozenset[LineRole] = frozenset(
    {
        "header-label", "list-item", "numbered", "table-row", "speaker", "stage", "note", "rule", "page-number",
        "signature", "closing", "description",
    }
)  # fmt: skip
#: Roles whose line is always whole: the next line begins a new block.
_ENDS_BLOCK: frozenset[LineRole] = frozenset({"table-row", "rule", "page-number", "stage", "label", "date"})
#: In a stretch laid out as blank-line blocks, only these break a block inside it.
_STARTS_BLOCK_IN_BLANK_LAYOUT: frozenset[LineRole] = frozenset({"list-item", "table-row", "rule"})
#: ... and these too, after a line that ends a sentence (a note line, a speech, a stage direction).
_STARTS_BLOCK_AFTER_SENTENCE: frozenset[LineRole] = frozenset({"note", "speaker", "stage", "signature", "description"})


def line_role(text: str) -> LineRole:
    """The coarse role of one stripped line, from its own features only.

    Most lines open with a capital letter and are running text; the first
    character rules out most patterns before any of them is tried.
    """
    first = text[:1]
    marker = not first.isalpha() or first in _MARKER_LETTERS
    if marker:
        role = _marker_role(text)
        if role is not None:
            return role
    elif first in _LABEL_INITIALS and _HEADER_LABEL.match(text):
        return "header-label"
    labelled = ":" in text[:90]  # a speaker or a label has its colon near the start
    if labelled and (SPEAKER_LABEL.match(text) or INLINE_SPEAKER.match(text)):
        return "speaker"
    if first in _CLOSING_INITIALS and _CLOSING.match(text):
        return "closing"
    if labelled and _LABEL_ONLY.match(text):
        return "label"
    if len(text) <= 40 and parse_date(text):
        return "date"
    return "text"


# Letters that may open a marked line: "a) …", "(i)", "x/ …", "I. …", "IV. …", "v) …".
_MARKER_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzIVX")
_LABEL_INITIALS = frozenset("CSO")  # Citation, Summary, Credits, Contents, Original Language
# With …, Please accept, I avail, Yours, The Ministry, Sincerely, Best regards, Accept
_CLOSING_INITIALS = frozenset("WPIYTSBA")


def _marker_role(text: str) -> LineRole | None:
    """The role of a line that opens with a sign, a digit or a marker letter."""
    if _TABLE_ROW.match(text):
        return "table-row"
    if _RULE.match(text):
        return "rule"
    if _PAGE_NUMBER.match(text):
        return "page-number"
    if _HEADER_LABEL.match(text):
        return "header-label"
    if _STAGE.match(text):
        return "stage"
    if _NOTE_START.match(text) and not _NUMBERED.match(text):
        return "note"
    if _LIST_ITEM.match(text):
        return "list-item"
    if _NUMBERED.match(text):
        return "numbered"
    if _SIGNATURE.match(text):
        return "signature"
    if _DESCRIPTION_LINE.match(text):
        return "description"
    return None


# --- features and habits --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One non-blank line with the features every decision reads."""

    text: str  # stripped of surrounding whitespace
    start: int  # source offset of text[0]
    indent: int
    blank_before: bool  # a blank line (or the start of the file) precedes it
    role: LineRole
    markdown_break: bool = False  # ends with two spaces inside an open "**": a title's soft line break


@dataclass(frozen=True, slots=True)
class Habits:
    """What the document does throughout: learnt from all its lines."""

    wrap_width: int | None  # the width it is hard-wrapped at, if it is


@dataclass(frozen=True, slots=True)
class LayoutDecision:
    """A doubtful join or split, for the review report."""

    kind: Literal["layout-join", "layout-split"]
    offset: int  # source offset of the second line
    text: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Layout:
    blocks: list[Block]
    decisions: list[LayoutDecision]
    habits: Habits
    inline_page_lines: frozenset[int] = frozenset()  # page numbers kept inside a wrapped paragraph


def _source_lines(source: Source) -> list[SourceLine]:
    lines: list[SourceLine] = []
    offset = 0
    blank = True
    bold_open = False
    for raw in source.text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = raw.index(stripped[0])
            bold_open = bold_open != (stripped.count("**") % 2 == 1)
            markdown_break = raw.endswith("  ") and bold_open
            for column_start, column in _columns(stripped):
                # "No. 112/58            Secret": text set in columns is one line per column
                start = offset + lead + column_start
                lines.append(SourceLine(column, start, lead + column_start, blank, line_role(column), markdown_break))
                blank = False
        else:
            blank = True
            bold_open = False
        offset += len(raw) + 1
    return lines


COLUMN_GAP = patterns.compile(r" {8,}|\t+")


def _columns(line: str) -> list[tuple[int, str]]:
    """The parts of a line set apart by wide runs of spaces: (index in the line, text).

    Form fields keep their label and value together (``Ref. :     IV/1/58``: a gap
    of a few spaces); eight or more spaces, or a tab, set a column apart
    (``Department USSR              Berlin, 22 January 1960``).
    """
    if "|" in line or ("        " not in line and "\t" not in line):
        return [(0, line)]
    parts: list[tuple[int, str]] = []
    start = 0
    for gap in COLUMN_GAP.finditer(line):
        parts.append((start, line[start : gap.start()]))
        start = gap.end()
    parts.append((start, line[start:]))
    return [(index, text) for index, text in parts if text]


# "Tsedenbal: …": a one-word label in title case, a speaker only where the document uses it again.
WORD_LABEL = patterns.compile(rf"^(?:\*\*)?{_NOT_A_SPEAKER}(?P<who>[A-ZÀ-Ý][a-zà-ž’'-]+):(?:\*\*)?\s+\S")


def _recurring_speakers(lines: list[SourceLine]) -> list[SourceLine]:
    """Lines opening with a one-word label that the document repeats are speeches (its own habit)."""
    labels = [WORD_LABEL.match(line.text) if line.role == "text" else None for line in lines]
    counts: dict[str, int] = {}
    for label in labels:
        if label:
            counts[label.group("who")] = counts.get(label.group("who"), 0) + 1
    # A record of speeches: two or more speakers, and one of them speaks again.
    if len(counts) < 2 or max(counts.values(), default=0) < 2:
        return lines
    speakers = set(counts)
    return [
        replace(line, role="speaker") if label and label.group("who") in speakers else line
        for line, label in zip(lines, labels, strict=True)
    ]


def upper_quartile(values: list[int]) -> float:
    """``statistics.quantiles(values, n=4)[2]`` (its default, "exclusive" method), for two values or more.

    Written out because importing :mod:`statistics` (with ``fractions``,
    ``decimal`` and ``random``) cost a one-file conversion more than the
    quartile of its lines.
    """
    ordered = sorted(values)
    count = len(ordered)
    position = min(max(3 * (count + 1) // 4, 1), count - 1)
    weight = 3 * (count + 1) - 4 * position
    return (ordered[position - 1] * (4 - weight) + ordered[position] * weight) / 4


def _wrap_width(lines: list[SourceLine]) -> int | None:
    """The width a hard-wrapped document breaks its lines at, or ``None``.

    A wrapped text has many long lines of nearly the same length that end
    inside a sentence. Their upper quartile is the wrap width.
    """
    prose = [line for line in lines if line.role == "text" and len(line.text) >= 40]
    if len(prose) < 4:
        return None
    width = int(upper_quartile([len(line.text) for line in prose]))
    if width < 45:
        return None
    full = [line for line in prose if len(line.text) >= 0.8 * width and not _TERMINAL.search(line.text)]
    return width if len(full) >= 3 and len(full) >= 0.25 * len(prose) else None


def _line_layout_stretches(lines: list[SourceLine]) -> list[bool]:
    """For each line: does its blank-line stretch lay blocks out in lines?

    A stretch (the lines between two blank lines) of three or more lines in
    which fewer than half of the line breaks look like soft breaks inside a
    sentence (the next line starts in lower case, or the line ends with a comma
    or hyphen) is a stretch of line blocks; shorter stretches, and stretches of
    soft breaks, are blank-line blocks.
    """
    result = [False] * len(lines)
    start = 0
    while start < len(lines):
        end = start + 1
        while end < len(lines) and not lines[end].blank_before:
            end += 1
        stretch = lines[start:end]
        if len(stretch) >= 3:
            breaks = list(itertools.pairwise(stretch))
            soft = sum(
                1
                for previous, following in breaks
                if following.text[:1].islower() or previous.text.endswith((",", "-", "–")) or previous.markdown_break
            )
            if soft < len(breaks) / 2:
                result[start:end] = [True] * len(stretch)
        start = end
    return result


# --- the decision at each line break ---------------------------------------------


def _is_whole_short_line(line: SourceLine, width: int) -> bool:
    return len(line.text) < 0.6 * width and not _TERMINAL.search(line.text) and line.text[:1].isupper()


def _continuation_score(previous: SourceLine, following: SourceLine, habits: Habits, line_layout: bool) -> float:
    """Positive: ``following`` continues the block of ``previous``; negative: it starts one."""
    score = 3.0 if previous.markdown_break or _LABEL_AT_END.search(previous.text) else 0.0
    first = following.text[:1]
    if first.islower():
        score += 2.0
    elif first.isupper():
        score -= 0.5
    if _TERMINAL.search(previous.text):
        score -= 1.0
    elif previous.text.endswith(("-", ",", "–")):
        score += 1.5
    else:
        score += 1.0
    if habits.wrap_width:
        if len(previous.text) >= 0.75 * habits.wrap_width:
            score += 2.5
        else:
            score -= 1.5
    elif len(previous.text.split()) <= _HEADER_LIKE_LINE and first.isupper():
        score -= 1.0  # a short line followed by a capital is a whole line: heading, signature
    if habits.wrap_width and _TERMINAL.search(previous.text) and _is_whole_short_line(following, habits.wrap_width):
        score -= 2.0  # after a finished sentence, a short line without final punctuation: a signature, a heading
    score += -0.5 if line_layout else 3.0  # inside a blank-line block a line break is soft
    return score


def analyse(source: Source, forced_breaks: Mapping[int, bool] | None = None) -> Layout:
    """The blocks of ``source``; ``forced_breaks`` (line start → join with the line before)
    holds an editor's decisions on doubtful breaks (:mod:`encoder.overrides`)."""
    forced = forced_breaks or {}
    lines = _recurring_speakers(_source_lines(source))
    habits = Habits(_wrap_width(lines))
    in_line_layout = _line_layout_stretches(lines)
    blocks: list[Block] = []
    decisions: list[LayoutDecision] = []
    current: list[SourceLine] = []

    def flush() -> None:
        if current:
            blocks.append(
                Block(
                    tuple(Line(line.text, line.start) for line in current),
                    role=current[0].role,
                    blank_before=current[0].blank_before,
                )
            )
            current.clear()

    inline_pages: set[int] = set()
    for index, line in enumerate(lines):
        if not current or line.blank_before:
            flush()
            current.append(line)
            continue
        if _page_inside_paragraph(lines, index, current, habits):
            current.append(line)  # "… if possible by ⏎ 5 ⏎ 1958 be increased": the paragraph goes on
            inline_pages.add(line.start)
            continue
        previous = current[-1] if current[-1].start not in inline_pages else current[-2]
        line_layout = in_line_layout[index] or habits.wrap_width is not None
        holds = current[0].role not in {"table-row", "rule", "page-number"}
        if holds and _open_bracket(current) and line.role not in {"table-row", "rule", "header-label"}:
            current.append(line)  # "[Stamp: … ⏎ …]": a bracket that spans lines holds them together
            continue
        starts = _STARTS_BLOCK if line_layout else _STARTS_BLOCK_IN_BLANK_LAYOUT
        after_sentence = previous.role in {"rule", "note"} or _TERMINAL.search(previous.text) is not None
        if after_sentence and line.role in _STARTS_BLOCK_AFTER_SENTENCE:
            starts = starts | _STARTS_BLOCK_AFTER_SENTENCE
        # A rule line is a block of its own in every layout: the text after it never joins it.
        ends = previous.role in _ENDS_BLOCK and (line_layout or previous.role == "rule")
        if line.role in starts or ends or _continues_table(previous, line):
            flush()
            current.append(line)
            continue
        label_alone = previous.role == "speaker" or (line_layout and previous.role in {"header-label", "label"})
        if label_alone and previous.text.endswith((":", ":**")) and len(previous.text.split()) <= MAX_LABEL_WORDS:
            flush()  # a label alone on its line: its value or speech follows
            current.append(line)
            continue
        score = _continuation_score(previous, line, habits, line_layout)
        # Hard-wrapped text is read on weaker evidence (line lengths): a wider band of doubt.
        doubt = DOUBT_IN_WRAPPED_TEXT if habits.wrap_width else DOUBT
        if abs(score) <= doubt and line_layout:
            decisions.append(
                LayoutDecision(
                    "layout-join" if score > 0 else "layout-split",
                    line.start,
                    f"{_words_at_end(previous.text)} ⏎ {_words_at_start(line.text)}",
                    _evidence(previous, line, habits),
                )
            )
        if forced.get(line.start, score > 0):
            current.append(line)
        else:
            flush()
            current.append(line)
    flush()
    return Layout(blocks, decisions, habits, frozenset(inline_pages))


_CONTEXT_WIDTH = 30


def _words_at_end(text: str) -> str:
    """About the last 30 characters of ``text``, in whole words (the report shows them; ids are made of them)."""
    if len(text) <= _CONTEXT_WIDTH:
        return text
    cut = text.find(" ", len(text) - _CONTEXT_WIDTH)
    return text[cut + 1 :] if cut != -1 else text[-_CONTEXT_WIDTH:]


def _words_at_start(text: str) -> str:
    if len(text) <= _CONTEXT_WIDTH:
        return text
    cut = text.rfind(" ", 0, _CONTEXT_WIDTH)
    return text[:cut] if cut > 0 else text[:_CONTEXT_WIDTH]


def _page_inside_paragraph(lines: list[SourceLine], index: int, current: list[SourceLine], habits: Habits) -> bool:
    """A bare page number between two lines of one hard-wrapped paragraph."""
    line = lines[index]
    if line.role != "page-number" or not line.text.isdigit() or not habits.wrap_width:
        return False
    if index + 1 >= len(lines) or lines[index + 1].blank_before or current[-1].role not in {"text", "numbered"}:
        return False
    before, after = current[-1], lines[index + 1]
    full = len(before.text) >= 0.75 * habits.wrap_width
    continues = after.text[:1].islower() or not _TERMINAL.search(before.text)
    return full and continues and after.role == "text"


MAX_LABEL_WORDS = 6  # a label alone on its line ("Participants:", "Comrade Ionescu:")
DOUBT = 0.5  # a join or split whose score is this close to zero is reported
DOUBT_IN_WRAPPED_TEXT = 1.0
MAX_BRACKET_LINES = 12  # an unclosed "[" holds at most this many lines together


def _open_bracket(current: list[SourceLine]) -> bool:
    if len(current) >= MAX_BRACKET_LINES:
        return False
    depth = 0
    for line in current:
        depth = max(0, depth + line.text.count("[") - line.text.count("]"))
    return depth > 0


def _continues_table(previous: SourceLine, line: SourceLine) -> bool:
    return previous.role == "table-row" or line.role == "table-row"


def _evidence(previous: SourceLine, line: SourceLine, habits: Habits) -> str:
    parts = [
        "ends with final punctuation" if _TERMINAL.search(previous.text) else "ends inside a sentence",
        f"{len(previous.text)} characters" + (f" (wrap width {habits.wrap_width})" if habits.wrap_width else ""),
        "next starts in lower case" if line.text[:1].islower() else "next starts with a capital",
    ]
    return "; ".join(parts)


__all__ = [
    "INLINE_SPEAKER",
    "SPEAKER_LABEL",
    "WORD_LABEL",
    "Habits",
    "Layout",
    "LayoutDecision",
    "analyse",
    "line_role",
]
