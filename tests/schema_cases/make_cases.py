"""Regenerates the invalid-*.xml cases from valid-full-document.xml.

Each invalid case is the valid document with one fault put in, so that the
expected diagnostics are exactly those of the fault. Run it after changing
valid-full-document.xml (``python tests/schema_cases/make_cases.py``) and
review the diff; the cases are committed, and the tests read only them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
BASE = HERE / "valid-full-document.xml"


class Case(NamedTuple):
    name: str
    intent: str
    expect: str  # diagnostic codes; RNG stands for any RELAX NG error
    tei_all: str  # "valid" or "invalid"
    replacements: list[tuple[str, str]]


def _encoding_desc(text: str) -> str:
    match = re.search(r"    <encodingDesc>.*?</encodingDesc>\n", text, re.DOTALL)
    assert match is not None
    return match.group(0)


REDACTION_NOTE = (
    '<note type="translator" place="inline" xml:id="tn1">Translator\'s note: '
    "About two and a half pages were blotted out.</note>"
)


def cases(base: str) -> list[Case]:
    return [
        Case(
            "invalid-sch-header-title.xml",
            "invalid. The main title is blank; a document needs a title.",
            "header-title",
            "valid",
            [
                (
                    ">Record of Conversation between Ambassador Pan Zili and Ambassador Kim Byeong-jik</title>",
                    "> </title>",
                )
            ],
        ),
        Case(
            "invalid-sch-header-application.xml",
            "invalid. The header does not name the program that encoded it (no\n"
            '     encodingDesc), so the pointer "#tei-encoder" resolves nowhere either.',
            "header-application pointer-resolves",
            "valid",
            [(_encoding_desc(base), "")],
        ),
        Case(
            "invalid-sch-folio-ascending.xml",
            "invalid. Folio 70 follows folio 71: archival page numbers must ascend.",
            "folio-ascending",
            "valid",
            [('<pb n="72" type="folio"/>', '<pb n="70" type="folio"/>')],
        ),
        Case(
            "invalid-sch-folio-in-range.xml",
            "invalid. Folio 69 lies outside the cited range 70-79 (probably a supplied word).",
            "folio-in-range",
            "valid",
            [('<pb n="71" type="folio"/>', '<pb n="69" type="folio"/>')],
        ),
        Case(
            "invalid-sch-note-id-unique.xml",
            "invalid. Two notes share the id n1.",
            "RNG note-id-unique",
            "invalid",
            [('xml:id="n2"', 'xml:id="n1"')],
        ),
        Case(
            "invalid-sch-note-not-empty.xml",
            "invalid. A foot note whose paragraph is blank.",
            "note-not-empty",
            "valid",
            [("<p>A note in its own paragraph.</p>", "<p> </p>")],
        ),
        Case(
            "invalid-sch-pointer-resolves.xml",
            "invalid. @resp points to #nobody, an id no element carries.",
            "pointer-resolves",
            "valid",
            [('resp="#translator">North', 'resp="#nobody">North')],
        ),
        Case(
            "invalid-sch-pointer-resolves-list.xml",
            "invalid. @who lists #Pan and #Kim; no element has the id Kim.",
            "pointer-resolves",
            "valid",
            [('who="#Pan"', 'who="#Pan #Kim"')],
        ),
        Case(
            "invalid-sch-when-iso-form.xml",
            'invalid. @when="10.2.1965" is not an ISO 8601 date\n     (the RELAX NG datatype rejects it too).',
            "RNG when-iso-form",
            "invalid",
            [('<date when="1965-02-10">February', '<date when="10.2.1965">February')],
        ),
        Case(
            "invalid-sch-when-calendar.xml",
            'invalid. @when="1965-02-30" has the right shape but names no real day.',
            "RNG when-calendar",
            "invalid",
            [('when="1965-12-28"', 'when="1965-02-30"')],
        ),
        Case(
            "invalid-sch-supplied-not-empty.xml",
            "invalid. An empty supplied element: the translator supplied nothing.",
            "supplied-not-empty",
            "valid",
            [
                (
                    '<supplied reason="clarification" resp="#translator">this</supplied>',
                    '<supplied reason="clarification" resp="#translator"/>',
                )
            ],
        ),
        Case(
            "invalid-sch-gap-reason.xml",
            "invalid. A gap without @reason (the RELAX NG schema requires it too).",
            "RNG gap-reason",
            "valid",
            [
                (
                    '<gap reason="illegible" quantity="3" unit="word"/>',
                    '<gap quantity="3" unit="word"/>',
                )
            ],
        ),
        Case(
            "invalid-sch-redaction-note.xml",
            "invalid. A redaction gap with no translator's note after it.",
            "redaction-note",
            "valid",
            [(REDACTION_NOTE, "")],
        ),
        Case(
            "invalid-rng-head-after-paragraph.xml",
            "invalid. A heading after a paragraph: TEI allows head only at the start of\n"
            "     a div, so numbered sections must be nested divs.",
            "RNG",
            "invalid",
            [
                (
                    '<pb n="72" type="folio"/>',
                    '<head n="2">2. Another section</head>\n        <pb n="72" type="folio"/>',
                )
            ],
        ),
        Case(
            "invalid-rng-gap-reason-value.xml",
            'invalid. gap/@reason="lost" is not one of the project\'s reasons\n     (tei_all accepts any word).',
            "RNG",
            "valid",
            [('<gap reason="illegible"', '<gap reason="lost"')],
        ),
        Case(
            "invalid-rng-supplied-reason-value.xml",
            'invalid. supplied/@reason="guess" is not one of the project\'s reasons\n     (tei_all accepts it).',
            "RNG",
            "valid",
            [
                (
                    'reason="clarification" resp="#translator">this',
                    'reason="guess" resp="#translator">this',
                )
            ],
        ),
        Case(
            "invalid-rng-folio-without-number.xml",
            "invalid. A folio page break without @n.",
            "RNG",
            "valid",
            [('<pb n="72" type="folio"/>', '<pb type="folio"/>')],
        ),
        Case(
            "invalid-rng-folio-not-a-number.xml",
            'invalid. A folio page break numbered "72v"; folio numbers are digits here.',
            "RNG",
            "valid",
            [('<pb n="72" type="folio"/>', '<pb n="72v" type="folio"/>')],
        ),
        Case(
            "invalid-rng-note-without-id.xml",
            "invalid. A translator's note without xml:id; every translator's note carries one.",
            "RNG",
            "valid",
            [(' xml:id="n2"', "")],
        ),
        Case(
            "invalid-rng-foreign-element.xml",
            "invalid. seg is TEI but not part of what tei-encoder emits.",
            "RNG",
            "valid",
            [("Next line of", "Next <seg>line</seg> of")],
        ),
        Case(
            "invalid-rng-reg-type.xml",
            'invalid. reg/@type="Wade-Giles" is not a declared romanization (RR, MR).',
            "RNG",
            "valid",
            [('<reg type="RR">Kim', '<reg type="Wade-Giles">Kim')],
        ),
        Case(
            "invalid-rng-text-language-missing.xml",
            "invalid. text without xml:lang: the language of the translation is required.",
            "RNG",
            "valid",
            [('<text xml:lang="en" type="translation">', '<text type="translation">')],
        ),
        Case(
            "invalid-rng-postscript-without-paragraph.xml",
            "invalid. A postscript holding only a distribution note: TEI requires a\n     paragraph in a postscript.",
            "RNG",
            "invalid",
            [("<p>14 copies printed</p>", "")],
        ),
        Case(
            "invalid-rng-resp-empty.xml",
            "invalid. A credit's wording is open, but it cannot be empty\n     (tei_all accepts an empty resp).",
            "RNG",
            "valid",
            [("<resp>obtained by</resp>", "<resp></resp>")],
        ),
    ]


def main() -> None:
    text = BASE.read_text(encoding="utf-8")
    head, rest = text.split("<!-- Intent: valid.", 1)
    body = rest.split("-->", 1)[1]
    for case in cases(body):
        document = body
        for old, new in case.replacements:
            assert old in document, (case.name, old)
            document = document.replace(old, new, 1)
        comment = f"<!-- Intent: {case.intent}\n     Expect: {case.expect}\n     tei_all: {case.tei_all} -->"
        (HERE / case.name).write_text(head + comment + document, encoding="utf-8")


if __name__ == "__main__":
    main()
