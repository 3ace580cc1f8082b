"""The opening and closing lines of letters, telegrams and reports.

* **opener** lines: letterheads (``MINISTRY OF FOREIGN AFFAIRS`` / ``Fourth Division``),
  classification and copy lines (``Strictly Secret!``, ``Copy No. 3``), routing lines
  (``No. 174``, ``Dispatched 22.10.65 18:20``, ``To:``, ``Re: …``, ``Subject: …``),
  datelines (``Time: …``, ``Location: …``, ``Prague, 14 September 1950``, with a time),
  addressees over several lines and salutations (``To the Legation …`` / ``Pyongyang``,
  ``Dear Comrade Novák!``) → ``opener`` with ``note[@type]``, ``dateline``, ``salute``;
* **closer** lines: closing formulas (``With comradely greetings``), signature blocks with
  the office as ``roleName`` and the name as ``persName`` (``(signed) Weber`` / ``Major``,
  ``/Lindqvist/``, ``FIRST SECRETARY … (A. Borunkov)``), datelines (``Beijing, 26 August
  1952``, ``7.11.50 SHTYKOV``) → ``closer``;
* **postscript**: distribution lists (``Distributed to: …``, ``Produced in 4 copies for:`` and
  its dash list), enclosures and decoding lines → ``postscript``.

:mod:`encoder.body` decides which blocks are opening and closing lines (with
:func:`line_opener_kind` and :func:`is_closer`); the builders here turn them into TEI.
"""

from __future__ import annotations

import re
from dataclasses import replace

from encoder import patterns
from encoder.blocks import Block, Line, MappedText
from encoder.dates import find_dates, parse_date, parse_time
from encoder.inline import DocumentState, parse_inline
from encoder.inline.markup_residue import HTML_BREAK
from encoder.languages import language_code
from encoder.layout import line_role
from encoder.line_shapes import DOCUMENT_TYPE, LETTERSPACED, ends_a_sentence, unbold
from encoder.model import Block as TeiBlock
from encoder.model import Date, Element, Generic, Inline, Name, element_name, generic
from encoder.structure import build_list
from encoder.vocabulary import OpenerNoteType

_ROUTING = patterns.compile(
    r"^(?:(?:Copy|Copies) to\b.{0,150}:$"
    r"|(?:Received by|Copy to|Copies to|Copy|Level|Priority|From|To|Dispatched|Received|Sent|Re|Ref\.?"
    r"|(?:Our|Your) ref(?:erence)?\.?|Reference|Subject|Concerning|Regarding|Cc|Date|Serial|File|Classification)\s*:"
    r"|(?:Very |Extremely |Most )?Urgent\b|Flash\b|Immediate\b|(?:[A-Z][\w.]{0,12}\s+)?No\.\s*[(\[]?\d|Nº|N°|№"
    r"|(?:Dispatched|Received|Sent|Decoded|Deciphered|Transmitted|Forwarded)\b.{0,80}\d"
    r"|.{0,60}\bReceiving Serial\b|(?:Cipher )?(?:Telegram|Cable) No\.)",
    re.IGNORECASE,
)


_CLASSIFICATION = patterns.compile(
    r"^(?:(?:TOP|STRICTLY|VERY|Top|Strictly|Very|top|strictly)\s+)?"
    r"(?:SECRET|CONFIDENTIAL|Secret|Confidential|secret|confidential)\b.{0,40}$"
    r"|^(?:Making copies is forbidden|For official use only|FOR OFFICIAL USE ONLY|Personal|PERSONAL)\b.{0,30}$"
    r"|^(?:Copy|COPY|Ex\.|Exemplar)\s+(?:No\.?|Nr\.?|№)?\s*\d{1,3}\b.{0,20}$"
)


# "MINISTRY OF FOREIGN AFFAIRS" at the top of a letter; the short line under it ("Fourth Division").
_LETTERHEAD_WORDS = patterns.compile(
    r"\b(?:MINISTRY|EMBASSY|LEGATION|CONSULATE|COMMITTEE|DEPARTMENT|DELEGATION|MISSION|OFFICE|DIVISION"
    r"|ADMINISTRATION|REPUBLIC|COMMISSION|SECRETARIAT|COUNCIL)\b"
)


_MIXED_CASE_LETTERHEAD = patterns.compile(
    r"^(?:The\s+)?(?:[A-Z][\w’'-]*\s+){0,4}(?i:Embassy|Legation|Ministry|Delegation|Consulate|Mission"
    r"|Committee|Secretariat|Commission|Office)\b"
)


# A line that ends with a date: "Prague, 14 September 1950", "Pyongyang, 5 August 1953".
_PLACE_AND_DATE = patterns.compile(r"^[A-Z][\w.’'-]+(?: (?:[A-Z][\w.’'-]+|am|an|on|upon|de)){0,2},\s+\S")


_SALUTE = patterns.compile(
    r"^(?:(?:\[?To\b|\[To\]|\[To the\]|Dear\b|Comrades?\b).{0,150}:$"
    r"|(?:Dear|Esteemed|Respected)\b.{0,80}[!,:]$|Comrade [A-Z][\w.’' -]{0,40}[!,]$"
    r"|To (?:the |Comrade |Mr\.? |Mrs\.? |His |Her )[^.]{0,150}$|Attn\.?\s.{0,100}$"
    r"|(?:His |Her |Your )?Excellency\b.{0,100}$)"
)


_TIME = patterns.compile(r"^(?:Time|Date|Date and time)\s*:\s*(?P<value>.+)$")


_LOCATION = patterns.compile(r"^(?:Location|Place)\s*:\s*(?P<value>.+)$")


_ARGUMENT = patterns.compile(r"^Summary\s*:\s*\S")


DISTRIBUTION = patterns.compile(
    r"^(?:Distributed to|Distributed by|Distribution|Copies|Produced in|Printed in|Sent to|Sent in|Made in|Typed in"
    r"|Enclosures?\b|Encl\.|Attachments?\b|Annex\b|Decoded\b|Deciphered\b|Typed by\b|Copied\b"
    r"|Dispatched by courier"
    r"|Executed in|Drawn up in|Copy \d+ (?:to|for)|Typed\s+\d"
    r"|\d+ copies|(?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten) copies)\b",
    re.IGNORECASE,
)


_CLOSING_FORMULA = patterns.compile(
    r"^(?:(?:Special Report|Hereby reported|Respectfully|Yours (?:faithfully|sincerely|truly)|Sincerely(?: yours)?"
    r"|Best regards|With (?:deep )?respect"
    r"|With (?:communist|comradely|socialist|fraternal|party|best|kind|warm) (?:greetings|regards|salute))\b.{0,20}"
    r"|(?:Please accept|Accept,|I avail myself|I take this opportunity"
    r"|The (?:Ministry|Embassy|Legation) avails itself)\b.{0,200})$",
    re.IGNORECASE,
)


# The signatory's office, as a signature block gives it ("Ambassador of the USSR in the DPRK").
_OFFICE = patterns.compile(
    r"\b(?:Ambassador|Envoy|Minister|Counsellor|Secretary|Head|Director|Chargé|Charge|Chairman|Consul|Attaché"
    r"|Deputy|Chief|Commander|Major|Colonel|General|Plenipotentiary|Affaires)\b"
)


# "(signed) Weber", "(sgd.) Kroll", "(ss) M. Dumitrescu", "(-) J. Siedlecki", "/Lindqvist/", "[[signature illegible]]"
_SIGNATURE_MARK = patterns.compile(
    r"^(?:\((?:signed|sgd\.?|s\.?|ss|-)\)\s*\S.*|/[^/]{2,60}/|\[\[?(?:signature|signed|seal|stamp)[^\]]*\]\]?"
    r"|(?:Drafted|Prepared|Recorded|Transcribed|Compiled|Written|Noted|Interpreted) by:?\s+\S.{0,60})$",
    re.IGNORECASE,
)


# "(signed) Weber", "(ss) M. Dumitrescu", "/Lindqvist/": a signature mark around or before the name.
_MARK_BEFORE_NAME = patterns.compile(
    r"^(?:\((?:signed|sgd\.?|s\.?|ss|-)\)\s*(?P<n1>[A-Z][\w.’' -]{1,40}?)|/(?P<n2>[A-Z][\w.’' -]{1,40}?)/)$"
)


_SIGNATORY_IN_PARENTHESES = patterns.compile(r"\((?P<name>(?:[A-Z]\.\s?){1,3}\s?[A-Z][\w’'-]+)\)$")


_ORGANISATION = patterns.compile(
    r"\b(?:Embassy|Ministry|Committee|Department|Bureau|Office|Consulate|Legation|Mission)\b"
)


MAX_CLOSER_LINE = 90


MAX_ADDRESS_WORDS = 14


_INLINE_PLACE_LABEL = patterns.compile(r"[ \t]+(?=(?:Location|Place)\s*:)")  # XML's spaces: they stand in opener


def segments_kind(line: str) -> str | None:
    """``Tokyo, 5 October 1971<br />Secret``: a line the publisher joined with a literal break."""
    segments = [segment.strip() for segment in HTML_BREAK.split(line)]
    kinds = [line_opener_kind(segment) for segment in segments if segment]
    return kinds[0] if kinds and all(kinds) else None


def continues_opener(text: str) -> bool:
    """A short line under a letterhead or an addressee ("Fourth Division", "Pyongyang")."""
    words = text.split()
    starts = text[:1].isupper() or text[:1].isdigit()
    # an office or a body in an address may run longer ("Ambassador Extraordinary and Plenipotentiary of …")
    limit = MAX_ADDRESS_WORDS if _OFFICE.search(text) or _MIXED_CASE_LETTERHEAD.search(text) else 6
    plain = not LETTERSPACED.match(text) and not DOCUMENT_TYPE.match(text)
    return 1 <= len(words) <= limit and starts and plain and not ends_a_sentence(text) and ":" not in text


_LANGUAGE_NOTE_LINE = patterns.compile(r"^\[in (?P<language>[A-Z][a-z]+)(?: in the original)?\]$")


def line_opener_kind(line: str) -> str | None:
    line = unbold(line)
    if _CLASSIFICATION.match(line):
        return "classification"
    if (language_note := _LANGUAGE_NOTE_LINE.match(line)) and language_code(language_note.group("language")):
        return "language"
    if _LETTERHEAD_WORDS.search(line) and line.upper() == line and len(line) <= 80:
        return "letterhead"
    if _MIXED_CASE_LETTERHEAD.match(line) and not ends_a_sentence(line) and len(line.split()) <= 14:
        return "letterhead"
    if _PLACE_AND_DATE.match(line) and ends_with_date(line) and len(line) <= 80:
        return "dateline"
    if _place_date_and_time(line) is not None:
        return "dateline"
    if _TIME.match(line) or _LOCATION.match(line):
        return "dateline"
    if _ARGUMENT.match(line):
        return "argument"
    if _SALUTE.match(line) and not line.lower().startswith("copy"):
        return "salute"
    if _ROUTING.match(line) and len(line) <= 200:
        return "routing"
    return None


def is_signature_line(line: str) -> bool:
    if _CLOSING_FORMULA.match(line):
        return True
    if len(line) > MAX_CLOSER_LINE:
        return False
    if parse_date(line) or ends_with_date(line) or _starts_with_date(line) or _SIGNATURE_MARK.match(line):
        return True
    if _OFFICE.search(line) and len(line.split()) <= 10 and not line.endswith("."):
        return True
    letters = [c for c in line if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(letters) > 3:
        return True
    words = line.split()
    capitalised = sum(1 for word in words if word.lstrip('[(“"')[:1].isupper())
    return len(words) <= 8 and capitalised >= len(words) / 2 and not re.search(r"[.!?:;,]$", line)


def _place_date_and_time(line: str) -> tuple[int, str] | None:
    """``Bucharest, 3 July 1963, 16:00 p.m.``: a place, then a date (and a time) that end the line.

    Returns where the date starts and its ``@when`` (with the time when one is given).
    """
    if len(line.split()) > MAX_DATELINE_WORDS or not line[:1].isupper() or "[" in line:
        return None
    dates = find_dates(line)
    if not dates or dates[-1].start == 0 or not line[: dates[-1].start].rstrip().endswith(","):
        return None
    if ":" in line[: dates[-1].start]:
        return None  # "Dispatched: Havana, 14 May 1962": a routing line that names its date
    date = dates[-1]
    rest = line[date.end :].strip(" ,.")
    if not rest:
        return date.start, date.when
    clock = parse_time(rest)
    if clock is None or len(rest) > MAX_TIME_LENGTH:
        return None
    return date.start, f"{date.when}T{clock}"


MAX_DATELINE_WORDS = 16


MAX_TIME_LENGTH = 12  # "10:00 a.m.", "16:00 p.m."


def _starts_with_date(line: str) -> tuple[int, str] | None:
    """``7.11.50 SHTYKOV``: a date, then the signature."""
    dates = find_dates(line)
    if dates and dates[0].start == 0 and dates[0].end < len(line.rstrip()):
        return dates[0].end, dates[0].when
    return None


def ends_with_date(line: str) -> tuple[int, str] | None:
    dates = find_dates(line)
    if dates and dates[-1].end >= len(line.rstrip(". ")) and dates[-1].start > 0:
        return dates[-1].start, dates[-1].when
    return None


def is_closer(block: Block) -> bool:
    return len(block.lines) <= 4 and all(is_signature_line(line.text) for line in block.lines)


def _logical_lines(block: Block) -> list[Line]:
    """The block's lines, a line ending in a label (``… Location:``) joined to the next, its value."""
    lines: list[Line] = []
    for line in block.lines:
        if lines and _PLACE_LABEL_AT_END.search(lines[-1].text):
            lines[-1] = Line(f"{lines[-1].text} {line.text}", lines[-1].start)  # one space, as in the block text
        else:
            lines.append(line)
    return lines


_PLACE_LABEL_AT_END = patterns.compile(r"\s(?:Location|Place)\s*:$")


def build_opener(block: Block, state: DocumentState, speakers: dict[str, str]) -> TeiBlock:
    items: list[Inline] = []
    mapped = block.mapped()
    position = 0
    previous_kind: str | None = None
    for index, line in enumerate(_logical_lines(block)):
        line_text = mapped.slice(position, position + len(line.text))
        position += len(line.text) + 1
        kind = line_opener_kind(line.text)
        last = items[-1] if items else None
        if (
            kind is None
            and previous_kind in {"letterhead", "salute"}
            and isinstance(last, Generic)
            and last.name != "lb"
        ):
            # "To the Legation …" / "Pyongyang": one addressee over two lines (not after a "<br />" ending the line)
            items[-1] = replace(last, children=(*last.children, generic("lb"), *parse_inline(line_text, state)))
            continue
        if index:
            items.append(generic("lb"))
        segments = list(HTML_BREAK.finditer(line_text.text))
        if segments and segments_kind(line_text.text):
            # one item per segment, the literal "<br />" between them kept as lb[@rend='html-br']
            start = 0
            for br in segments:
                items.extend(_segment_items(line_text.slice(start, br.start()), state))
                items.append(generic("lb", rend="html-br"))
                start = br.end()
            items.extend(_segment_items(line_text.slice(start), state))
        elif _TIME.match(line_text.text) and (place := _INLINE_PLACE_LABEL.search(line_text.text)):
            # "Time: 5 November 1964, 4:30 p.m. Location: Jiangsu Room": two fields on one line
            items.append(_opener_item(line_text.slice(0, place.start()), state))
            items.append(line_text.text[place.start() : place.end()])  # the space as written
            items.append(_opener_item(line_text.slice(place.end()), state))
        else:
            items.append(_opener_item(line_text, state))
        previous_kind = kind
    return TeiBlock("opener", tuple(items), offset=block.start)


def _segment_items(segment: MappedText, state: DocumentState) -> list[Inline]:
    """A segment between two "<br />": its item, with the spaces around it kept as written.

    Only XML's spaces stand between the items (opener holds no text of its own); a
    no-break space stays in the item."""
    inner = segment.text.strip(_XML_SPACES)
    if not inner:
        return [segment.text] if segment.text else []
    before = segment.text[: segment.text.index(inner)]
    after = segment.text[len(before) + len(inner) :]
    content = segment.slice(len(before), len(before) + len(inner))
    items: list[Inline] = [before] if before else []
    items.append(_opener_item(content, state))
    return [*items, after] if after else items


def _opener_item(mapped: MappedText, state: DocumentState) -> Element:
    text = mapped.text
    kind = line_opener_kind(text)
    time = _TIME.match(text)
    location = _LOCATION.match(text)
    if time:
        value_start = time.start("value")
        value = mapped.slice(value_start)
        date = find_dates(value.text)
        clock = parse_time(value.text)
        when = date[0].when + (f"T{clock}" if clock else "") if date else None
        if when and "[" not in value.text:
            return generic(
                "dateline",
                (text[:value_start], Date(children=(value.text,), when=when)),
                rend="labelled",
            )
        return generic("dateline", tuple(parse_inline(mapped, state)), rend="labelled")
    if location:
        value_start = location.start("value")
        place = _named("placeName", parse_inline(mapped.slice(value_start), state))
        return generic("dateline", (text[:value_start], *place), rend="labelled")
    nodes = tuple(parse_inline(mapped, state))
    if kind == "argument":
        return generic("argument", (generic("p", nodes),))
    if kind == "salute":
        return generic("salute", nodes)
    if kind == "dateline" and (found := _place_date_and_time(text)) is not None:
        # "Tokyo, 8 November 1975, 3:00 p.m.": the place as written, the date and time as one date
        start, when = found
        return generic("dateline", (text[:start], Date(children=(text[start:],), when=when)))
    if kind == "dateline":
        return generic("dateline", nodes)
    if kind == "language" and len(nodes) == 1 and isinstance(nodes[0], Element):
        return nodes[0]  # "[in Russian]": the bracketed note itself
    if kind is None:  # a title line among routing lines
        return generic("title", nodes, type="document")
    note_type: OpenerNoteType = "routing"
    if kind == "classification":
        note_type = "classification"
    elif kind == "letterhead":
        note_type = "letterhead"
    return generic("note", nodes, type=note_type, place="inline")


def build_closer(block: Block, state: DocumentState, speakers: dict[str, str]) -> TeiBlock:
    items: list[Inline] = []
    mapped = block.mapped()
    position = 0
    signature_lines: list[MappedText] = []

    def flush_signature() -> None:
        if signature_lines:
            items.append(_signed(signature_lines, state))
            signature_lines.clear()

    for index, line in enumerate(block.lines):
        line_text = mapped.slice(position, position + len(line.text))
        position += len(line.text) + 1
        text = line.text
        when = parse_date(text)
        closing = _CLOSING_FORMULA.match(text)
        tail_date = ends_with_date(text)
        place_and_date = tail_date is not None and _PLACE_AND_DATE.match(text) is not None
        head_date = _starts_with_date(text)
        new_item = bool(when or closing or place_and_date or head_date)
        continues_signature = bool(signature_lines) and not new_item
        if new_item:
            flush_signature()
        if index and not continues_signature:
            items.append(generic("lb"))  # a new line of the block starts a new item
        if when:
            items.append(generic("dateline", (Date(children=(text,), when=when),)))
        elif closing:
            items.append(generic("salute", tuple(parse_inline(line_text, state))))
        elif tail_date and place_and_date:
            # "Beijing, 26 August 1952": a place and a date
            start, date_when = tail_date
            items.append(generic("dateline", (text[:start], Date(children=(text[start:],), when=date_when))))
        elif head_date is not None:
            end, date_when = head_date
            space = text[end : len(text) - len(text[end:].lstrip())]  # as written
            date = Date(children=(text[:end],), when=date_when)
            # closer holds no text of its own but XML's spaces: a no-break space stays in the dateline
            items.append(generic("dateline", (date,) if _xml_space(space) else (date, space)))
            if _xml_space(space):
                items.append(space)
            signature_lines.append(line_text.slice(end).strip())
            flush_signature()
        elif tail_date:
            start, date_when = tail_date
            signature = line_text.slice(0, start).strip()
            signature_lines.append(signature)
            flush_signature()
            space = text[len(signature.text) : start]  # as written, if any
            date = Date(children=(text[start:],), when=date_when)
            if _xml_space(space):
                items.extend((space, generic("dateline", (date,))))
            else:
                items.append(generic("dateline", (space, date)))
        else:
            signature_lines.append(line_text)
    flush_signature()
    return TeiBlock("closer", tuple(items), offset=block.start)


_XML_SPACES = " \t\r\n"


def _xml_space(text: str) -> bool:
    """Spaces XML ignores between elements (a no-break space is text)."""
    return not text.strip(_XML_SPACES)


def _signed(lines: list[MappedText], state: DocumentState) -> Element:
    """A signature block: role in capitals, the signatory in parentheses, or a name."""
    last = lines[-1].text
    signatory = _SIGNATORY_IN_PARENTHESES.search(last)
    children: list[Inline] = []
    if signatory and (len(lines) > 1 or signatory.start() > 0):
        role_lines = [*lines[:-1], lines[-1].slice(0, signatory.start()).strip()]
        role: list[Inline] = []
        for index, line in enumerate(line for line in role_lines if line.text):
            if index:
                role.append(generic("lb"))
            role.extend(parse_inline(line, state))
        children.extend(_named("roleName", role))
        before = last[: signatory.start()]
        # "D(G.Pv)" has no space before the bracket, "D (G.Pv)" one; a name on a line of its own, the break
        children.append((before[len(before.rstrip()) :] if before.strip() else " ") + "(")
        name_text = lines[-1].slice(signatory.start("name"), signatory.end("name"))
        children.extend(_named("persName", parse_inline(name_text, state)))
        children.append(")")
        return generic("signed", tuple(children))
    for index, line in enumerate(lines):
        if index:
            children.append(generic("lb"))
        mark = _MARK_BEFORE_NAME.match(line.text)
        if mark:
            # "(signed) Weber", "/Lindqvist/": the mark as written, the name inside it
            group = "n1" if mark.group("n1") else "n2"
            start, end = mark.span(group)
            children.append(line.text[:start])
            children.extend(_named("persName", parse_inline(line.slice(start, end), state)))
            if line.text[end:]:
                children.append(line.text[end:])
            continue
        nodes = parse_inline(line, state)
        if _OFFICE.search(line.text) and not _ORGANISATION.search(line.text) and len(line.text.split()) <= 6:
            children.extend(_named("roleName", nodes))
        elif _ORGANISATION.search(line.text):
            children.extend(_named("orgName", nodes))
        elif len(line.text.split()) <= 4 and all(w[:1].isupper() for w in line.text.split()) and "[" not in line.text:
            children.extend(_named("persName", nodes))
        else:
            children.extend(nodes)
    return generic("signed", tuple(children))


def _named(kind: str, nodes: list[Inline]) -> list[Inline]:
    """Nodes wrapped in a name element, if a name may hold them (text, supplied, choice, lb)."""
    if all(isinstance(node, str) or element_name(node) in _NAME_CONTENT for node in nodes):
        return [Name(children=tuple(nodes), kind=kind)]
    return nodes


_NAME_CONTENT = frozenset({"supplied", "choice", "lb"})


def build_postscript(block: Block, state: DocumentState, speakers: dict[str, str]) -> TeiBlock:
    """``Produced in 4 copies for:`` as a paragraph, and the dash list under it as a list."""
    items = [index for index, line in enumerate(block.lines) if index and line_role(line.text) == "list-item"]
    if not items or items[0] != len(block.lines) - len(items):
        paragraph = generic("p", tuple(parse_inline(block.mapped(), state)))
        return TeiBlock("postscript", (paragraph,), offset=block.start)
    lead = Block(block.lines[: items[0]])
    paragraph = generic("p", tuple(parse_inline(lead.mapped(), state)))
    listed = build_list([Block((line,)) for line in block.lines[items[0] :]], state)
    return TeiBlock("postscript", (paragraph, generic("list", listed.children, rend="bulleted")), offset=block.start)
