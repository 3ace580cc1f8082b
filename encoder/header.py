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
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from encoder.blocks import Block
from encoder.citation import URL_PATTERN, Citation, Responsibility, parse_citation
from encoder.dates import parse_date
from encoder.errors import Diagnostic, InputError, Severity
from encoder.languages import UNDETERMINED, language_code

HeaderLayout = Literal[
    "labelled", "labelled markdown", "labelled inline", "labelled markdown inline", "unlabelled", "none"
]


class Language(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    code: str


class Metadata(BaseModel):
    """Everything the ``teiHeader`` says; ``*_inferred`` marks what was not stated."""

    model_config = ConfigDict(frozen=True)

    layout: HeaderLayout = "none"
    title: str | None = None
    title_inferred: bool = False
    date_text: str | None = None
    date_when: str | None = None
    date_inferred: bool = False
    citation: Citation | None = None
    url: str | None = None
    summary: str | None = None
    funder: str | None = None
    original_languages: tuple[Language, ...] = ()
    translation_language: Language | None = None
    responsibilities: tuple[Responsibility, ...] = ()


LABELS = ("Citation", "Summary", "Credits", "Original Language", "Contents")
_LABEL = re.compile(r"^(?P<label>" + "|".join(LABELS) + r"):(?:\s+(?P<value>.*))?$", re.DOTALL)
_MARKDOWN_BOLD = re.compile(r"^\*\*(?P<inner>.*?)\*\*$", re.DOTALL)
# The funder keeps its article ("the Example Foundation"), as TEI's own examples do.
_CREDITS = re.compile(r"^This document was made possible with support from (?P<funder>.+?)\.?$")
_CONTENTS = re.compile(r"^(?:Translation\s*-\s*(?P<a>\w+)|(?P<b>\w+)\s+Translation)$")
HEADER_SEARCH_DEPTH = 8  # the Citation label must come within the first blocks


def unwrap_markdown(text: str) -> tuple[str, bool]:
    """``**Citation:**`` → (``Citation:``, True); other text unchanged."""
    match = _MARKDOWN_BOLD.match(text)
    if match:
        return match.group("inner").strip(), True
    return text, False


def _language(name: str, code: str | None = None) -> Language:
    return Language(name=name, code=code or language_code(name) or UNDETERMINED)


def parse_header(blocks: list[Block], source_name: str) -> tuple[Metadata, int, list[Diagnostic]]:
    """Read the header; return the metadata and the index of the first body block."""
    texts = [unwrap_markdown(block.text) for block in blocks]
    first_label = next(
        (
            index
            for index, (text, _) in enumerate(texts[:HEADER_SEARCH_DEPTH])
            if (match := _LABEL.match(text)) and match.group("label") == "Citation"
        ),
        None,
    )
    if first_label is None:
        return _unlabelled_header(blocks)
    diagnostics: list[Diagnostic] = []
    markdown = any(bold for _, bold in texts[: first_label + 1])
    fields: dict[str, object] = {"layout": "labelled markdown" if markdown else "labelled"}

    preamble = [text for text, _ in texts[:first_label]]
    if preamble and parse_date(preamble[0]):
        fields["date_text"] = preamble[0]
        fields["date_when"] = parse_date(preamble[0])
        preamble = preamble[1:]
    if preamble:
        fields["title"] = " ".join(preamble)

    index = first_label
    values: dict[str, str] = {}
    value_on_label_line: set[bool] = set()
    while index < len(blocks):
        match = _LABEL.match(texts[index][0])
        if not match or match.group("label") in values:
            break
        label, value = match.group("label"), (match.group("value") or "").strip()
        value_on_label_line.add(bool(value))
        index += 1
        if not value and index < len(blocks) and not _LABEL.match(texts[index][0]):
            value = texts[index][0]
            index += 1
        values[label] = value
        if label == "Citation" and index < len(blocks):
            url = _own_line_url(texts[index][0])
            if url:
                fields["url"] = url
                index += 1
        if label == "Contents":
            break

    if len(value_on_label_line) > 1:
        # Some values on their label's line, some below it: not a layout this
        # reader knows, so the blocks stay body text rather than be rewritten.
        return Metadata(), 0, []
    if value_on_label_line == {True}:
        fields["layout"] = f"{fields['layout']} inline"
    if "Citation" in values:
        citation = parse_citation(values["Citation"])
        fields["citation"] = citation
        fields["responsibilities"] = citation.responsibilities
        fields.setdefault("url", citation.url)
        fields.setdefault("title", citation.title)
        if "date_when" not in fields and citation.date_when:
            fields["date_when"] = citation.date_when
    if "Summary" in values:
        fields["summary"] = values["Summary"]
    if "Credits" in values:
        credits = _CREDITS.match(values["Credits"])
        fields["funder"] = credits.group("funder") if credits else values["Credits"]
    if "Original Language" in values:
        names = [name.strip() for name in re.split(r",|\band\b", values["Original Language"])]
        languages = tuple(_language(name) for name in names if name)
        fields["original_languages"] = languages
        for language in languages:
            if language.code == UNDETERMINED:
                diagnostics.append(
                    Diagnostic(
                        "HEADER-LANGUAGE",
                        Severity.WARNING,
                        f"unknown original language {language.name!r}; encoded as 'und'",
                        source_name,
                    )
                )
    if "Contents" in values:
        contents = _CONTENTS.match(values["Contents"])
        name = (contents.group("a") or contents.group("b")) if contents else "English"
        fields["translation_language"] = _language(name)
    return Metadata.model_validate(fields), index, diagnostics


def _unlabelled_header(blocks: list[Block]) -> tuple[Metadata, int, list[Diagnostic]]:
    """The unlabelled page layout: a date line, a title, the funding line, then the body.

    ::

        May 12, 1956
        Letter from the Soviet Embassy …
        This document was made possible with support from the Example Foundation

    Without the funding line nothing tells a title from the body's first line,
    so the blocks stay body (and a title may be inferred from a heading).
    """
    if len(blocks) < 3:
        return Metadata(), 0, []
    date_text, title, credits = (block.text for block in blocks[:3])
    when = parse_date(date_text)
    funder = _CREDITS.match(credits)
    if not (when and funder and title and not parse_date(title)):
        return Metadata(), 0, []
    metadata = Metadata(
        layout="unlabelled", date_text=date_text, date_when=when, title=title, funder=funder.group("funder")
    )
    return metadata, 3, []


def _own_line_url(text: str) -> str | None:
    match = URL_PATTERN.fullmatch(text.strip())
    return match.group(1) if match else None


class Sidecar(BaseModel):
    """Metadata given beside a header-less transcript (``NAME.meta.toml``) or by options."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str | None = None
    date: str | None = None
    citation: str | None = None
    url: str | None = None
    summary: str | None = None
    funder: str | None = None
    original_language: list[str] = Field(default_factory=list)
    translation_language: str | None = None
    obtained_by: list[str] = Field(default_factory=list)
    translated_by: list[str] = Field(default_factory=list)


def sidecar_path(transcript: Path) -> Path:
    return transcript.with_name(transcript.stem + ".meta.toml")


def load_sidecar(path: Path) -> Sidecar:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return Sidecar.model_validate(data)
    except tomllib.TOMLDecodeError as error:
        raise InputError(
            f"{path}: {error}",
            [Diagnostic("META-TOML", Severity.ERROR, str(error), str(path))],
        ) from None
    except ValidationError as error:
        diagnostics = [
            Diagnostic(
                "META-FIELD",
                Severity.ERROR,
                f"{'.'.join(map(str, problem['loc']))}: {problem['msg']}",
                str(path),
            )
            for problem in error.errors()
        ]
        raise InputError(f"{path}: invalid metadata", diagnostics) from None


def apply_sidecar(metadata: Metadata, sidecar: Sidecar) -> Metadata:
    """Sidecar values fill in or override what the transcript's header said."""
    update: dict[str, object] = {}
    if sidecar.title:
        update |= {"title": sidecar.title, "title_inferred": False}
    if sidecar.date:
        when = parse_date(sidecar.date) or (sidecar.date if re.fullmatch(r"\d{4}(-\d\d){0,2}", sidecar.date) else None)
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
        update["funder"] = sidecar.funder
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
    return metadata.model_copy(update=update)
