"""Stage 3b (part), body structures built from runs of layout blocks.

Each function takes the blocks of one run (in source order) and returns one
body block. The marker a transcript wrote stays in the text, so the round trip
gives it back; what it means goes into attributes.

* **lists**: consecutive list items (``•``, ``-``, ``–``, ``a)``, ``(i)``, ``1)``, or short
  ``1.`` lines)::

      • coal and coke            → <list rend="bulleted"><item>• coal and coke</item>
      a) the railway             → <list rend="ordered"><item n="a">a) the railway</item>

* **participants**: ``Participants:`` and one name per line →
  ``<list type="participants"><head>Participants:</head><item>…``
* **tables**: pipe rows → ``<table><row><cell>…`` (an empty cell stays an empty ``cell``;
  the text between two pipes is kept as written, spaces included).
* **speech**: a speaker label alone on its line (``Comrade Ionescu:``) and the paragraphs
  that follow it, or a label opening its paragraph (``MILLER: …``) →
  ``<sp who="#…"><speaker>MILLER:</speaker><p>…</p></sp>``.
* **stage directions**: ``(Laughter.)`` alone → ``<stage>(Laughter.)</stage>``.
* **page lines**: ``- 4 -`` or a bare ``4`` between blocks → ``<pb n="4" type="page" rend="dashed"/>``.
* **rules**: ``————`` → ``<milestone unit="rule" rend="————"/>`` (the line that opens a note section).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from encoder import patterns
from encoder.blocks import Block, MappedText
from encoder.inline import DocumentState, parse_inline
from encoder.layout import INLINE_SPEAKER, SPEAKER_LABEL, WORD_LABEL
from encoder.model import Block as TeiBlock
from encoder.model import Element, Generic, Inline, PageBreak, generic
from encoder.vocabulary import PageRend

_ITEM_LABEL = patterns.compile(r"^\(?(?P<n>[a-z]|[ivx]{1,5}|\d{1,3})[.)]\s")
_BULLET = patterns.compile(r"^[•·▪◦‣●○■□\-–]")
# ASCII spaces only: @rend is a list of tokens, and a no-break space would sit inside one (invalid in TEI)
_SEPARATOR_ROW = patterns.compile(r"^\|(?:[ \t]*:?-{2,}:?[ \t]*\|)+$")
PAGE_LINE = patterns.compile(r"^(?:(?P<dash>[-–])\s*(?P<n>\d{1,4})\s*[-–]|(?P<bare>\d{1,4}))$")


def _line_texts(block: Block) -> list[MappedText]:
    mapped = block.mapped()
    pieces: list[MappedText] = []
    position = 0
    for line in block.lines:
        pieces.append(mapped.slice(position, position + len(line.text)))
        position += len(line.text) + 1
    return pieces


def build_list(blocks: list[Block], state: DocumentState) -> TeiBlock:
    items: list[Inline] = []
    ordered = False
    for block in blocks:
        label = _ITEM_LABEL.match(block.text)
        ordered = ordered or (label is not None and not _BULLET.match(block.text))
        attrs = {"n": label.group("n")} if label and not _BULLET.match(block.text) else {}
        items.append(generic("item", tuple(parse_inline(block.mapped(), state)), **attrs))
    return TeiBlock("list", tuple(items), (("rend", "ordered" if ordered else "bulleted"),), blocks[0].start)


_SUBHEAD = patterns.compile(r"^(?:From |On the |For the )[^,]{0,40}$|^[^,]{0,40}\bside:?$")


def build_participants(label: Block, names: list[Block], state: DocumentState) -> TeiBlock:
    """``Participants:`` and its names; a sub-head (``From Hanoi``, ``Polish side``) opens a group."""
    head = generic("head", tuple(parse_inline(label.mapped(), state)))
    items: list[Inline] = []
    group: list[Inline] = []

    def close_group() -> None:
        if len(group) > 1:
            items.append(generic("item", (generic("list", tuple(group)),)))
        else:
            items.extend(generic("item", element.children) for element in group if isinstance(element, Element))
        group.clear()

    for block in names:
        nodes = tuple(parse_inline(block.mapped(), state))
        if _SUBHEAD.match(block.text):
            close_group()
            group.append(generic("head", nodes))
        elif group:
            group.append(generic("item", nodes))
        else:
            items.append(generic("item", nodes))
    close_group()
    if not items:
        return TeiBlock("p", head.children, offset=label.start)  # a label with no names under it
    return TeiBlock("list", (head, *items), (("type", "participants"),), label.start)


def build_participants_inline(block: Block, state: DocumentState) -> TeiBlock:
    """``Present: Comrades A, B and C.``: the label as the list's head, the names as one item."""
    mapped = block.mapped()
    label_end = mapped.text.index(":") + 1
    head = generic("head", tuple(parse_inline(mapped.slice(0, label_end), state)))
    names = mapped.slice(label_end)
    # XML's own spaces only between head and item: a no-break space is text, which list cannot hold
    gap = names.text[: len(names.text) - len(names.text.lstrip(_XML_SPACES))]
    listed = names.slice(len(gap))
    item = generic("item", tuple(parse_inline(listed.slice(0, len(listed.text.rstrip(_XML_SPACES))), state)))
    return TeiBlock("list", (head, gap, item), (("type", "participants"),), block.start)


_XML_SPACES = " \t\r\n"


def build_table(blocks: list[Block], state: DocumentState) -> TeiBlock:
    rows: list[Inline] = []
    for block in blocks:
        for line in _line_texts(block):
            if _SEPARATOR_ROW.match(line.text):
                # "|---|:---|": Markdown's line under the header row, no row of the table
                rows.append(generic("milestone", (), unit="rule", rend=line.text))
            else:
                rows.append(generic("row", tuple(_cells(line, state))))
    if not any(isinstance(row, Generic) and row.name == "row" for row in rows):
        # separator lines alone ("|---|---|") make no table: rules between the blocks
        return TeiBlock("#flat", tuple(rows), offset=blocks[0].start)
    return TeiBlock("table", tuple(rows), offset=blocks[0].start)


def _cells(line: MappedText, state: DocumentState) -> list[Element]:
    text = line.text
    bars = [index for index, char in enumerate(text) if char == "|"]
    if len(bars) < 2:  # a line among the rows that is no row: one cell holding it as written
        return [generic("cell", tuple(parse_inline(line, state)) if text.strip() else (text,))]
    cells: list[Element] = []
    for left, right in itertools.pairwise(bars):
        content = line.slice(left + 1, right)
        # an empty cell keeps the spaces between its pipes (as written), nothing else
        cells.append(generic("cell", tuple(parse_inline(content, state)) if content.text.strip() else (content.text,)))
    return cells


def speaker_of(block: Block) -> tuple[str, int] | None:
    """The speaker a block opens with, and where its speech starts (``None``: no speaker)."""
    first = block.lines[0].text
    if ":" not in first[:MAX_LABEL_REACH]:
        return None  # every speaker label ends with its colon near the start of the line
    alone = SPEAKER_LABEL.match(first)
    if alone:
        return alone.group("who"), len(first)
    inline = INLINE_SPEAKER.match(block.text)
    if inline and inline.group("who") not in NOT_SPEAKERS:
        return inline.group("who"), inline.end() - 1
    recurring = WORD_LABEL.match(block.text) if block.role == "speaker" else None
    if recurring:  # "Tsedenbal: …", a label the document repeats (see encoder.layout)
        return recurring.group("who"), recurring.end() - 1
    return None


MAX_LABEL_REACH = 90
NOT_SPEAKERS = frozenset(
    "NOTE NB SUBJECT RE REF TO FROM CC DATE TIME PLACE SECRET CONFIDENTIAL URGENT ATTACHMENT ENCLOSURE "
    "SUMMARY CITATION CONTENTS CIPHER TELEGRAM".split()
) | {"TOP SECRET", "STRICTLY CONFIDENTIAL", "ORIGINAL LANGUAGE", "CIPHER TELEGRAM"}


def build_speech(
    blocks: list[Block],
    state: DocumentState,
    speakers: dict[str, str],
    paragraph: Callable[[Block], TeiBlock] | None = None,
) -> TeiBlock:
    """A speech; ``paragraph`` builds the paragraphs after the first (interjections in them included)."""
    first = blocks[0]
    found = speaker_of(first)
    assert found is not None
    who = found[0]
    key = slug(who.strip("*"))
    speakers.setdefault(key, who.strip("*"))
    mapped = first.mapped()
    label_end = mapped.text.index(":", len(who)) + 1
    if mapped.text[label_end : label_end + 2] == "**":
        label_end += 2
    children: list[Inline] = [generic("speaker", tuple(parse_inline(mapped.slice(0, label_end), state)))]
    rest = mapped.slice(label_end).strip()
    if rest.text:
        children.append(generic("p", tuple(parse_inline(rest, state))))
    for block in blocks[1:]:
        if block.role == "stage":
            children.append(generic("stage", tuple(parse_inline(block.mapped(), state))))
            continue
        built = paragraph(block) if paragraph is not None else None
        if built is not None and built.name == "p":
            children.append(generic("p", built.children, **dict(built.attrs)))
        else:
            children.append(generic("p", tuple(parse_inline(block.mapped(), state))))
    if len(children) == 1:
        children.append(generic("p"))  # a label with nothing after it: TEI wants a speech, here empty
    return TeiBlock("sp", tuple(children), (("who", f"#{key}"),), first.start)


def build_stage(block: Block, state: DocumentState) -> TeiBlock:
    return TeiBlock("stage", tuple(parse_inline(block.mapped(), state)), offset=block.start)


def build_page_line(block: Block, state: DocumentState) -> TeiBlock | None:
    """``- 4 -`` or a bare number in ascending order → a page break; ``None``: not a page."""
    match = PAGE_LINE.match(block.text)
    if not match:
        return None
    number = int(match.group("n") or match.group("bare"))
    rend: PageRend = "bare" if match.group("bare") else ("dashed" if match.group("dash") == "-" else "en-dashed")
    page = page_break(number, rend, state, block.start, block.text)
    return TeiBlock("#flat", (page,), offset=block.start) if page is not None else None


def page_break(number: int, rend: PageRend, state: DocumentState, offset: int, text: str) -> PageBreak | None:
    """A page number on a line of its own: a folio inside the cited range, else a page of the typescript.

    ``None`` when the number cannot be the next page (out of order, or a bare number
    far from any page seen so far, which is more likely a value than a page).
    """
    if re.search(r"(?<!\d)0\d", text):
        return None  # "02": a PDF numbers its pages 2; a leading zero is a value, kept as written
    in_range = state.folio_from is not None and state.folio_from <= number <= (state.folio_to or number)
    if in_range and (state.last_folio is None or number > state.last_folio):
        state.last_folio = number
        page = PageBreak(n=str(number), rend=rend, type="folio")
    else:
        if number == 0 or (state.last_page is not None and number <= state.last_page):
            return None
        bare_far = (state.last_page is None and number > 2) or (state.last_page or 0) + MAX_PAGE_STEP < number
        if rend == "bare" and bare_far:
            return None
        state.last_page = number
        page = PageBreak(n=str(number), rend=rend, type="page")
    if rend == "bare":
        state.record(
            "page-number", offset, text, f"page {number}",
            alternatives=("a number in the text",),
            message="a number alone on its line is read as the page number a PDF left behind",
        )  # fmt: skip
    return page


MAX_PAGE_STEP = 3


def build_rule(block: Block, state: DocumentState) -> TeiBlock:
    return TeiBlock("#flat", (generic("milestone", (), unit="rule", rend=block.text),), offset=block.start)


def slug(text: str) -> str:
    slug_text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug_text if slug_text[:1].isalpha() else f"speaker-{slug_text}"
