"""Stage 3a, header: the labelled header of a transcript → :class:`Metadata`.

Two shapes are read, with or without Markdown residue::

    **June 4, 1965**                      February 10, 1965
    **Excerpts from the Report …  **      Record of Conversation …
    **Citation:**                         Citation:
    "…", June 4, 1965, …                  "…", February 10, 1965, … https://…
    <https://…/document/110503>           Summary:
    **Summary:** …                        …

(:func:`_unlabelled_header` reads a third shape: date, title, funding line.)
The labels are ``Citation:``, ``Summary:``, ``Credits:``, ``Original Language:``
and ``Contents:``; each label's value is the next block, or the rest of the
label's own line. A transcript without a ``Citation:`` label in its first blocks
has no header (``layout="none"``): its metadata comes from a sidecar file or
the command line (:func:`load_sidecar`), or is inferred from the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from encoder import patterns
from encoder.blocks import Block, Line
from encoder.citation import URL_PATTERN, Citation, Responsibility, parse_citation
from encoder.dates import given_date, parse_date
from encoder.errors import Diagnostic, Severity
from encoder.languages import UNDETERMINED, language_code
from encoder.reading import Source, decode_exactly
from encoder.toml_files import model_from_toml, model_on_first_use

if TYPE_CHECKING:
    from encoder.settings.sidecar import Sidecar as Sidecar

HeaderLayout = Literal[
    "labelled", "labelled markdown", "labelled inline", "labelled markdown inline", "unlabelled", "none"
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Language:
    name: str
    code: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Metadata:
    """Everything the ``teiHeader`` says; ``*_inferred`` marks what was not stated."""

    layout: HeaderLayout = "none"
    title: str | None = None
    title_inferred: bool = False
    date_text: str | None = None
    date_when: str | None = None
    date_inferred: bool = False
    citation: Citation | None = None
    url: str | None = None
    summary: str | None = None
    funders: tuple[str, ...] = ()
    credits: str | None = None  # the funding sentence as written
    residue: tuple[str, ...] = ()  # website lines the page left in the transcript
    header_text: str | None = None  # the whole header as written, for the round trip
    unplaced: tuple[tuple[str, str], ...] = ()  # (label, value) of header fields with no place of their own
    original_languages: tuple[Language, ...] = ()
    translation_language: Language | None = None
    text_language: Language | None = None  # the language of a text that is no translation
    responsibilities: tuple[Responsibility, ...] = ()


def _metadata(fields: dict[str, object]) -> Metadata:
    """The metadata the header's readers gathered, by field name (each reader sets the fields it found)."""
    return Metadata(**cast(dict[str, Any], fields))


LABELS = ("Citation", "Summary", "Credits", "Original Language", "Contents")
# A label where a line starts, or anywhere after a space (PDF text runs every label into one paragraph).
_LABEL_ANYWHERE = patterns.compile(
    r"(?<!\S)(?:\*\*)?(?P<label>Citation|Summary|Credits|Original Languages?|Contents)\s*:(?:\*\*)?"
)
# The older bulleted layout: "• Citation" alone on its line, the summary and the citation below it.
# A label of the header's shape that is none of LABELS ("Keywords:", "Author(s):").
_OTHER_LABEL = patterns.compile(r"^(?:\*\*)?(?P<label>[A-Z][A-Za-z()]*(?: [A-Za-z()]+){0,2})\s*:(?:\*\*)?(?=\s|$)")
_BROKEN_LANGUAGE_LABEL = patterns.compile(r"^Languages?\s*:")
_BULLET_LABEL = patterns.compile(r"^•\s*(?P<label>Citation|Summary)\s*$")
_LABEL = patterns.compile(r"^(?P<label>" + "|".join(LABELS) + r"):(?:\s+(?P<value>.*))?$", re.DOTALL)
_MARKDOWN_BOLD = patterns.compile(r"^\*\*(?P<inner>.*?)\*\*$", re.DOTALL)
# The funding sentence in any wording: the funders follow "support from" / "funded by" / "courtesy of".
_CREDITS = patterns.compile(
    r"^(?:This (?:document|translation|publication) (?:was|has been) (?:made possible|funded|supported)"
    r"|Made possible|Funded|Supported)[^.]*?\b(?:support from|funding from|by|of)\s+(?P<funder>.+?)\.?$"
)
_FUNDER_SPLIT = patterns.compile(r",\s*(?:and\s+)?(?=the\s|[A-Z])|\s+and\s+(?=the\s|[A-Z])")
# "Translation - English", "English Translation", "Transcript - English" (an English original) …
_CONTENTS = patterns.compile(
    r"^(?:(?P<kind1>Translation|Transcript(?:ion)?|Original)\s*[-–—]\s*(?P<lang1>[A-Z][a-z]+)"
    r"|(?P<lang2>[A-Z][a-z]+)\s+(?P<kind2>Translation|Transcript(?:ion)?|Original))\b"  # "Translation-ElT" is none
    r"(?:\s*\((?:partial|excerpt|excerpts|abridged)\))?"
)
_RESIDUE = patterns.compile(
    r"^(?:Digital Archive\b.*|.*\bInternational History Declassified\b.*|(?:https?://)?digitalarchive\.\S+"
    r"|Wilson Center Digital Archive|History and Public Policy Program Digital Archive)$",
    re.IGNORECASE,
)
MAX_LANGUAGE_WORDS = 3
HEADER_SEARCH_DEPTH = 8  # the first label must come within the first blocks
MAX_HEADER_LINES = 40


def unwrap_markdown(text: str) -> tuple[str, bool]:
    """``**Citation:**`` → (``Citation:``, True); other text unchanged."""
    match = _MARKDOWN_BOLD.match(text)
    if match:
        return match.group("inner").strip(), True
    return text, False


def _language(name: str, code: str | None = None) -> Language:
    return Language(name=name, code=code or language_code(name) or UNDETERMINED)


def split_funders(funders: str) -> tuple[str, ...]:
    """``the Henry Luce Foundation and the Korea Foundation`` → both, each with its article."""
    return tuple(part.strip() for part in _FUNDER_SPLIT.split(funders.strip()) if part.strip())


def is_residue(line: str) -> bool:
    """A line the publishing website left in the page (``Digital Archive International History Declassified``)."""
    return bool(_RESIDUE.match(unwrap_markdown(line)[0]))


@dataclass(frozen=True, slots=True)
class _Span:
    label: str
    start: int  # source offset of the label
    value_start: int
    end: int = 0


@dataclass(slots=True)
class _HeaderLines:
    """The first lines of the transcript, with their source offsets, as the header reader sees them."""

    lines: list[Line]
    blocks: list[Block]

    def text_between(self, start: int, end: int) -> str:
        parts = []
        for line in self.lines:
            line_end = line.start + len(line.text)
            if line_end <= start or line.start >= end:
                continue
            parts.append(line.text[max(0, start - line.start) : max(0, min(len(line.text), end - line.start))])
        return " ".join(part.strip() for part in parts if part.strip())

    def line_at(self, offset: int) -> Line:
        return next(line for line in self.lines if line.start <= offset <= line.start + len(line.text))


def parse_header(
    blocks: list[Block], source_name: str, source_text: str = ""
) -> tuple[Metadata, list[Block], list[Diagnostic]]:
    """Read the header; return the metadata and the body's blocks.

    The labels may stand on lines of their own with the value below, run inline,
    or all run into one paragraph (text from a PDF), where the body starts right
    after the ``Contents:`` value: the body's first block is then cut there.
    """
    zone = _HeaderLines([line for block in blocks for line in block.lines][:MAX_HEADER_LINES], blocks)
    spans = _label_spans(zone)
    if not spans:
        return _unlabelled_header(blocks, source_text)
    diagnostics: list[Diagnostic] = []
    body_start = _word_end(zone, _body_start(zone, spans))
    fields: dict[str, object] = {}
    markdown = any(line.text.startswith("**") for line in zone.lines if line.start < body_start)
    inline = any(_rest_of_line(zone, span.value_start) for span in spans if span.label != "bullet")
    layout = "labelled" + (" markdown" if markdown else "") + (" inline" if inline else "")
    fields["layout"] = layout
    _read_preamble(zone, spans[0].start, fields)
    if spans[-1].label == "bullet":
        spans[-1] = _Span("bullet", spans[-1].start, spans[-1].value_start, body_start)
    values = {span.label: _value(zone, span, fields) for span in spans}
    unplaced = tuple(
        (label.removeprefix("other:"), value) for label, value in values.items() if label.startswith("other:")
    )
    if unplaced:
        fields["unplaced"] = unplaced
    if "bullet" in values:
        _read_bulleted(values.pop("bullet"), values)
    _read_values(values, fields, diagnostics, Source.from_text(source_text, source_name))
    fields["header_text"] = source_text[blocks[0].start : body_start].strip() if source_text else None
    metadata = _metadata(fields)
    return metadata, _blocks_from(blocks, body_start), diagnostics


def _value(zone: _HeaderLines, span: _Span, fields: dict[str, object]) -> str:
    """A label's value; a URL alone on the last line of the citation is the document's address."""
    end = span.end if span.end >= 0 else span.value_start + 10**7
    lines = [line for line in zone.lines if span.value_start <= line.start + len(line.text) and line.start < end]
    if span.label == "Citation" and len(lines) > 1 and (url := _own_line_url(lines[-1].text)):
        fields["url"] = url
        end = lines[-1].start
    return zone.text_between(span.value_start, end)


def _label_spans(zone: _HeaderLines) -> list[_Span]:
    found: list[_Span] = []
    seen: set[str] = set()
    block_starts = [block.start for block in zone.blocks]
    previous_line: Line | None = None
    for line in zone.lines:
        if (
            previous_line is not None
            and "Original Language" not in seen
            and previous_line.text.endswith("Original")
            and (broken := _BROKEN_LANGUAGE_LABEL.match(line.text))
        ):
            # "… Original" ⏎ "Language: Polish": a label the PDF's line break cut in two
            seen.add("Original Language")
            found.append(_Span("Original Language", previous_line.start + len(previous_line.text) - 8,
                               line.start + broken.end()))  # fmt: skip
        previous_line = line
        bullet = _BULLET_LABEL.match(line.text)
        if bullet and not found:
            found.append(_Span("bullet", line.start, line.start + len(line.text)))
            seen.add("Citation")
            continue
        other = _OTHER_LABEL.match(line.text)
        other_label = other.group("label") if other else ""
        known = other_label in {"Language", "Languages", "Original Languages"} or any(
            label in other_label for label in LABELS
        )  # "Mongolian Contents:" is the end of a value and a known label, not a field of its own
        if other and found and not known and other_label not in seen:
            # "Keywords: …" among the labels: a field the converter has no place for, kept apart
            seen.add(other.group("label"))
            found.append(_Span(f"other:{other.group('label')}", line.start, line.start + other.end()))
            continue
        for match in _LABEL_ANYWHERE.finditer(line.text) if ":" in line.text else ():
            label = "Original Language" if match.group("label").startswith("Original") else match.group("label")
            if label in seen:
                continue
            if not found and (label != "Citation" and label != "Summary"):
                continue
            if not found and sum(1 for start in block_starts if start <= line.start) > HEADER_SEARCH_DEPTH:
                return []
            if not found and match.start() > 0 and line.text[: match.start()].strip().endswith((".", "!", "?")):
                continue  # "… as the Summary: below says" inside a sentence
            seen.add(label)
            found.append(_Span(label, line.start + match.start(), line.start + match.end()))
    if not found or (found[0].label == "Summary" and "Citation" not in seen):
        return []
    while found and found[-1].label.startswith("other:"):
        found.pop()  # after the last known label the body has begun: "Subject: …" is the body's
    spans: list[_Span] = []
    for index, span in enumerate(found):
        end = found[index + 1].start if index + 1 < len(found) else -1
        spans.append(_Span(span.label, span.start, span.value_start, end))
    return spans


def _body_start(zone: _HeaderLines, spans: list[_Span]) -> int:
    """Where the body begins: after the last label's value."""
    last = spans[-1]
    if last.label == "bullet":
        return _bulleted_end(zone, last)
    value_line = zone.line_at(last.value_start)
    rest_of_line = value_line.text[last.value_start - value_line.start :].strip()
    if last.label == "Contents":
        following = rest_of_line or _next_line_text(zone, value_line)
        anchor = last.value_start if rest_of_line else _next_line(zone, value_line).start
        offset_in = zone.line_at(anchor).text.find(following[:1]) if following else 0
        contents = _CONTENTS.match(following)
        line = zone.line_at(anchor)
        after = _next_line(zone, line)
        if contents is None and after is not line and following:
            # "Contents: English" ⏎ "Translation Budapest, …": the value broken by a PDF line
            joined = _CONTENTS.match(f"{following} {after.text}")
            if joined and joined.end() > len(following) + 1:
                return after.start + joined.end() - len(following) - 1
        if contents:
            start_in_line = line.text.index(following) if following in line.text else offset_in
            return line.start + start_in_line + contents.end()
    if rest_of_line:
        block = next(
            block for block in zone.blocks if block.lines[0].start <= value_line.start <= block.lines[-1].start
        )
        return block.lines[-1].start + len(block.lines[-1].text)
    following_line = _next_line(zone, value_line)
    return following_line.start + len(following_line.text)


def _word_end(zone: _HeaderLines, offset: int) -> int:
    """The header ends between words: a value read up to ``Translation-En`` of ``Translation-En.`` keeps the
    ``.``, since the round trip writes the header and the body as blocks apart (a space between them)."""
    line = zone.line_at(offset) if zone.lines and offset <= zone.lines[-1].start + len(zone.lines[-1].text) else None
    if line is None or offset <= line.start:
        return offset
    at = offset - line.start
    while 0 < at < len(line.text) and not line.text[at - 1].isspace() and not line.text[at].isspace():
        at += 1
    return line.start + at


def _bulleted_end(zone: _HeaderLines, bullet: _Span) -> int:
    """``• Citation``, the summary, then the quoted citation: the header ends with the citation's URL."""
    lines = [line for line in zone.lines if line.start > bullet.start]
    quoted = next((index for index, line in enumerate(lines) if line.text.startswith(('"', "“"))), None)
    if quoted is None:
        return lines[0].start + len(lines[0].text) if lines else bullet.value_start
    for line in lines[quoted : quoted + MAX_CITATION_LINES]:
        if URL_PATTERN.search(line.text):
            return line.start + len(line.text)
    last = lines[quoted]
    return last.start + len(last.text)


MAX_CITATION_LINES = 8


def _rest_of_line(zone: _HeaderLines, offset: int) -> str:
    line = zone.line_at(offset)
    return line.text[offset - line.start :].strip(" *")


def _next_line(zone: _HeaderLines, line: Line) -> Line:
    index = zone.lines.index(line)
    return zone.lines[index + 1] if index + 1 < len(zone.lines) else line


def _next_line_text(zone: _HeaderLines, line: Line) -> str:
    following = _next_line(zone, line)
    return "" if following is line else following.text


def _unbold(text: str) -> str:
    """A line of a bold run that may span lines: ``**Telegram, …`` / ``… Kosygin**``."""
    return text.strip().removeprefix("**").removesuffix("**").strip()


def _read_preamble(zone: _HeaderLines, first_label: int, fields: dict[str, object]) -> None:
    """Residue, the date line, the funding line and the title lines before the first label."""
    title_lines: list[str] = []
    residue: list[str] = []
    for line in zone.lines:
        if line.start >= first_label:
            break
        text = _unbold(line.text)
        if is_residue(text):
            residue.append(text)
        elif "date_when" not in fields and not title_lines and parse_date(text):
            fields["date_text"], fields["date_when"] = text, parse_date(text)
        elif (credits := _CREDITS.match(text)) and "funders" not in fields:
            fields["credits"] = text
            fields["funders"] = split_funders(credits.group("funder"))
        elif text:
            title_lines.append(text)
    if title_lines:
        fields["title"] = " ".join(" ".join(title_lines).split())
    if residue:
        fields["residue"] = tuple(residue)


def _read_bulleted(block_text: str, values: dict[str, str]) -> None:
    """``• Citation``: the summary, then the quoted citation."""
    quote = block_text.find('"')
    if quote > 0:
        values.setdefault("Summary", block_text[:quote].strip())
        values.setdefault("Citation", block_text[quote:].strip())
    else:
        values.setdefault("Citation", block_text)


def _read_values(
    values: dict[str, str], fields: dict[str, object], diagnostics: list[Diagnostic], source: Source
) -> None:
    if values.get("Citation"):
        citation = parse_citation(values["Citation"])
        fields["citation"] = citation
        fields["responsibilities"] = citation.responsibilities
        if citation.url:
            fields.setdefault("url", citation.url)
        if citation.title:
            fields.setdefault("title", citation.title)
        if "date_when" not in fields and citation.date_when:
            fields["date_when"] = citation.date_when
    if values.get("Summary"):
        fields["summary"] = values["Summary"]
    if values.get("Credits"):
        fields["credits"] = values["Credits"]
        credits = _CREDITS.match(values["Credits"])
        fields["funders"] = split_funders(credits.group("funder")) if credits else (values["Credits"].rstrip("."),)
    if values.get("Original Language"):
        written = values["Original Language"]
        names = [part.strip(" []") for part in re.split(r",|\band\b|\[|\]", written)]
        # A language is named in a word or two; a longer "name" is text the value ran into.
        languages = tuple(_language(part) for part in names if part and len(part.split()) <= MAX_LANGUAGE_WORDS)
        fields["original_languages"] = languages
        for language in languages:
            if language.code == UNDETERMINED:
                diagnostics.append(
                    source.diagnostic(
                        "HEADER-LANGUAGE", Severity.WARNING,
                        f"unknown original language {language.name!r}; encoded as 'und'",
                        max(source.text.find(language.name), 0),
                    )
                )  # fmt: skip
    if "Contents" in values:
        contents = _CONTENTS.match(values["Contents"])
        kind = (contents.group("kind1") or contents.group("kind2")) if contents else "Translation"
        language_name = (contents.group("lang1") or contents.group("lang2")) if contents else "English"
        if kind == "Translation":
            fields["translation_language"] = _language(language_name)
        else:
            fields["text_language"] = _language(language_name)


def _blocks_from(blocks: list[Block], offset: int) -> list[Block]:
    """The blocks from a source offset on; a block that holds the offset is cut there."""
    result: list[Block] = []
    for block in blocks:
        last = block.lines[-1]
        if last.start + len(last.text) <= offset:
            continue
        if block.start >= offset:
            result.append(block)
            continue
        lines: list[Line] = []
        for line in block.lines:
            if line.start + len(line.text) <= offset:
                continue
            if line.start < offset:
                rest = line.text[offset - line.start :]
                stripped = rest.lstrip()
                if not stripped:
                    continue
                line = Line(stripped, offset + len(rest) - len(stripped))
                # PDF text runs the opening lines into the body too: each one its own block again
                openings = _opening_phrases(line)
                result.extend(Block((phrase,), blank_before=True) for phrase in openings[:-1])
                line = openings[-1]
            lines.append(line)
        if lines:
            result.append(Block(tuple(lines), role=block.role, blank_before=not result))
    return result


# What a letter opens with, run into one line by PDF text: "Warsaw, 2 May 1962 Strictly confidential The …"
_OPENING_PHRASE = patterns.compile(
    r"(?P<phrase>[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){0,2}, (?:\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{1,2}, \d{4})"
    r"|(?:(?:Strictly|Top|Very) )?(?:[Ss]ecret|[Cc]onfidential)!?|Copy No\. ?\d{1,3}(?: of \d{1,3})?)"
    r"(?= +[A-Z])"
)


def _opening_phrases(line: Line) -> list[Line]:
    """``Warsaw, 2 May 1962 Strictly confidential The consultation …`` → three lines (the last the rest)."""
    pieces: list[Line] = []
    text, start = line.text, line.start
    while len(pieces) < MAX_OPENING_PHRASES and (phrase := _OPENING_PHRASE.match(text)):
        pieces.append(Line(phrase.group("phrase"), start))
        rest = text[phrase.end() :]
        skipped = len(rest) - len(rest.lstrip())
        start += phrase.end() + skipped
        text = rest.lstrip()
    return [*pieces, Line(text, start)]


MAX_OPENING_PHRASES = 4


def _unlabelled_header(blocks: list[Block], source_text: str) -> tuple[Metadata, list[Block], list[Diagnostic]]:
    """The unlabelled page layout: residue, a date line, a title, the funding line, in any order.

    ::

        Digital Archive International History Declassified
        May 12, 1956
        Letter from the Soviet Embassy …
        This document was made possible with support from the Example Foundation

    A ``Summary: …`` line may stand among them. Without the funding line or
    residue nothing tells a title from the body's first line, so the blocks
    stay body (and a title may be inferred from a heading).
    """
    fields: dict[str, object] = {"layout": "unlabelled"}
    residue: list[str] = []
    consumed = 0
    for block in blocks[:HEADER_SEARCH_DEPTH]:
        if "title" in fields and "date_when" in fields and "funders" in fields:
            break  # everything the page layout has is read: the body begins
        text = unwrap_markdown(block.text)[0]
        label = _LABEL.match(text)
        if all(is_residue(line.text) for line in block.lines):
            residue.extend(line.text for line in block.lines)
        elif "date_when" not in fields and parse_date(text):
            fields["date_text"], fields["date_when"] = text, parse_date(text)
        elif "funders" not in fields and (credits := _CREDITS.match(text)):
            fields["credits"] = text
            fields["funders"] = split_funders(credits.group("funder"))
        elif label and label.group("label") == "Summary" and "summary" not in fields and label.group("value"):
            fields["summary"] = label.group("value").strip()
        elif "title" not in fields and "summary" not in fields and _summary_sentence(text):
            fields["summary"] = text  # the summary opening the page, before the title
        elif "title" not in fields and _title_like(text):
            fields["title"] = text
        else:
            break
        consumed += 1
    if not ("funders" in fields or residue) or "title" not in fields:
        return Metadata(), blocks, []
    if residue:
        fields["residue"] = tuple(residue)
    body = blocks[consumed:]
    end = body[0].start if body else len(source_text)
    fields["header_text"] = source_text[blocks[0].start : end].strip() if source_text else None
    return _metadata(fields), body, []


def _summary_sentence(text: str) -> bool:
    """A summary opening the page: sentences, not a title (which has no final full stop)."""
    return len(text.split()) >= MIN_SUMMARY_WORDS and text.rstrip().endswith(".")


MIN_SUMMARY_WORDS = 10


def _title_like(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 40 and text[:1].isupper() and not text.endswith(":")


def _own_line_url(text: str) -> str | None:
    match = URL_PATTERN.fullmatch(text.strip())
    return match.group(1) if match else None


# Sidecar, the file's pydantic model, imported on first use: a conversion without a
# sidecar or metadata options imports no pydantic.
__getattr__ = model_on_first_use(__name__, "sidecar", "Sidecar")


def sidecar_from_table(table: dict[str, object]) -> Sidecar:
    """A sidecar file's table as a :class:`Sidecar`; pydantic's ``ValidationError`` lists what does not fit."""
    from encoder.settings.sidecar import Sidecar

    return Sidecar.model_validate(table)


def sidecar_path(transcript: Path) -> Path:
    return transcript.with_name(transcript.stem + ".meta.toml")


def load_sidecar(path: Path) -> Sidecar:
    """The sidecar's metadata; each problem is blamed on the sidecar at ``line:col``, never on the transcript."""
    name = str(path)
    text = decode_exactly(path.read_bytes(), name, "utf-8", hint="a metadata file is UTF-8 (TOML)")
    return model_from_toml(text, name, sidecar_from_table, toml_code="META-TOML", field_code="META-FIELD")


def apply_sidecar(metadata: Metadata, sidecar: Sidecar) -> Metadata:
    """Sidecar values fill in or override what the transcript's header said."""
    update: dict[str, Any] = {}
    if sidecar.title:
        update |= {"title": sidecar.title, "title_inferred": False}
    if sidecar.date:
        when = given_date(sidecar.date)
        update |= {"date_text": sidecar.date, "date_when": when, "date_inferred": False}
    if sidecar.citation:
        citation = parse_citation(sidecar.citation)
        update |= {"citation": citation, "responsibilities": citation.responsibilities}
        if citation.url and not sidecar.url:
            update["url"] = citation.url
    if sidecar.url:
        update["url"] = sidecar.url
    if sidecar.summary:
        update["summary"] = sidecar.summary
    if sidecar.funder:
        update["funders"] = split_funders(sidecar.funder)
    if sidecar.original_language:
        update["original_languages"] = tuple(_language(name) for name in sidecar.original_language)
    if sidecar.translation_language:
        update["translation_language"] = _language(sidecar.translation_language)
    roles = [
        Responsibility(role=role, names=tuple(names))
        for role, names in (
            ("obtained by", sidecar.obtained_by),
            ("translated by", sidecar.translated_by),
        )
        if names
    ]
    if roles:
        update["responsibilities"] = tuple(roles)
    return replace(metadata, **update)
