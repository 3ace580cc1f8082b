"""Notes written in brackets: translator's and editor's notes, redactions, descriptions.

::

    [Translator's note: About two and a half pages of content from this point
     until the end of the letter were blotted out and had not been declassified …]
      → <gap reason="redacted" quantity="2.5" unit="page"/>
        <note type="translator" place="inline">Translator's note: About two …</note>
    [Translator's note: so in the original]   → <note type="translator" place="inline">…
    [Ed. note: …], [Editor's Note: …]         → <note type="editorial" place="inline">…
    [Stamp: "Received …"], [handwritten: "agreed"], [Letterhead: …], [crossed out: …],
    [signature], [signed], [MFA stamp: …], [handwriting: …], [handwritten note:]
                                              → <note type="description" place="inline">…
    [in Czech], [in Russian in the original]  → <note type="language" place="inline">…

The note keeps the bracket's whole text, so the round trip writes ``[…]`` back.
A translator's note says a passage is redacted when it speaks of text blotted
out, not declassified, withheld, redacted or removed; the amount it names
(``two and a half pages``) becomes ``@quantity`` and ``@unit``.
"""

from __future__ import annotations

import re

from encoder import patterns
from encoder.inline.brackets import BracketPair, BracketShape
from encoder.inline.core import BlockContext, Construct, Parts
from encoder.inline.illegible_text import illegible_text
from encoder.languages import language_code
from encoder.model import Gap, Inline, Note
from encoder.vocabulary import GapUnit, NoteRend, NoteType

_LABEL = patterns.compile(
    r"^(?P<label>translator'?s?[’']?s? note|trans\.? note|tr\. note|ed\. note|editor'?s?[’']?s? note"
    r"|editorial note|note by the (?:translator|editor))\s*:",
    re.IGNORECASE,
)
_DESCRIPTION = patterns.compile(
    r"^(?:[\w.’'-]+(?: [\w.’'-]+){0,3} (?=stamp|seal))?"
    r"(?:stamps?|seal|handwritten|handwriting|hand-written|letterhead|crossed out|struck out|typewritten"
    r"|marginal note|in the margin|signature|signed|illegible signature|resolution|underlined"
    r"|attachment|enclosure|emblem|coat of arms)\b",
    re.IGNORECASE,
)
_REDACTED = patterns.compile(
    r"blotted out|not (?:been )?declassified|redact|withheld|blacked out|excised|sanitized|removed|deleted",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "a": 1.0, "an": 1.0, "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0,
    "six": 6.0, "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0, "eleven": 11.0,
    "twelve": 12.0, "fifteen": 15.0, "twenty": 20.0, "half a": 0.5, "half": 0.5,
}  # fmt: skip
_AMOUNT = patterns.compile(
    r"\b(?P<number>\d+(?:\.\d+)?|half a|an?|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|fifteen|twenty)(?P<half>\s+and\s+a\s+half)?\s+"
    r"(?P<unit>pages?|lines?|words?|paragraphs?|sentences?|characters?)\b",
    re.IGNORECASE,
)
# "[in Czech]", "[in Russian in the original]", "[text in German]": the language of the original passage.
_LANGUAGE = patterns.compile(
    r"^(?:(?:text|written|spoken|said|originally|sic,)\s+)?in (?:the )?(?:original )?(?P<language>[A-Z][a-z]+)"
    r"(?: (?:and|or) [A-Z][a-z]+)?(?: in the original)?$"
)


def _names_a_language(content: str) -> bool:
    if "in " not in content:
        return False  # _LANGUAGE has "in " in it, in that case: no match without it
    match = _LANGUAGE.match(content)
    return match is not None and language_code(match.group("language")) is not None


PRIORITY = 100
# A label, a description's keyword and a language's "in" are words: a bracket of digits
# alone, or of white space, holds none of them.
CLAIMS: frozenset[BracketShape] = frozenset({"double", "capitalised", "lowercase", "other"})
# The units TEI's gap/@unit takes here; "paragraphs" and "sentences" are counted as lines' kin: none.
_UNITS: dict[str, GapUnit] = {"page": "page", "line": "line", "word": "word", "character": "character"}


def amount(text: str) -> tuple[str, GapUnit] | None:
    """``two and a half pages`` → (``2.5``, ``page``)."""
    match = _AMOUNT.search(text)
    if not match:
        return None
    number_text = match.group("number").lower()
    number = float(number_text) if number_text[0].isdigit() else _NUMBER_WORDS[number_text]
    if match.group("half"):
        number += 0.5
    unit = _UNITS.get(match.group("unit").lower().rstrip("s"))
    return (f"{number:g}", unit) if unit else None


def classify(pair: BracketPair, context: BlockContext) -> Construct | None:
    content = pair.content
    # _LABEL ends in ":" (a colon has no other case), so without one there is no label.
    label = _LABEL.match(content) if ":" in content else None
    note_type: NoteType
    if label:
        note_type = (
            "editorial" if label.group("label").lower().startswith(("ed", "note by the editor")) else "translator"
        )
    elif _DESCRIPTION.match(content) and not illegible_text(content):
        note_type = "description"
    elif _names_a_language(content):
        note_type = "language"
    else:
        return None
    rend: NoteRend | None = "double-bracketed" if pair.double else None
    is_redaction = note_type == "translator" and _REDACTED.search(content) is not None
    quantity, unit = (amount(content) or (None, None)) if is_redaction else (None, None)

    def build(parts: Parts, offset: int) -> list[Inline]:
        note = Note(children=tuple(parts[0]), type=note_type, place="inline", rend=rend, offset=offset)
        if not is_redaction:
            return [note]
        return [Gap(reason="redacted", quantity=quantity, unit=unit, offset=offset), note]

    if is_redaction and quantity is None:
        context.decide(
            "redaction",
            pair.open,
            pair.end,
            "gap (redacted) without extent",
            message="the translator's note names no amount of redacted text",
        )
    return Construct(
        pair.open,
        pair.end,
        ((pair.content_start, pair.content_end),),
        build,
        PRIORITY,
        f"{note_type} note",
    )
