"""The review page of one document, for editors: ``SITE/review/NAME.html``.

It shows the transcription line by line with every doubtful place marked,
and beside each mark the decision: its id, ``line:col``, the encoding chosen,
the alternatives, why it is doubtful, and the line to copy into
``NAME.decisions.toml`` to decide otherwise. Built with lxml's HTML builder
from the review report and the transcript, so it needs no TEI view.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from lxml import etree
from lxml.html import builder as html

from encoder.overrides import choices_for
from encoder.report import EDITOR_DECIDED, Decision

_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem; }
.transcript { font-family: ui-monospace, monospace; font-size: 14px; white-space: pre-wrap; }
.transcript .line { display: grid; grid-template-columns: 3.5rem 1fr; }
.transcript .number { color: #666; text-align: right; padding-right: 0.75rem; user-select: none; }
mark { background: #ffe08a; border-bottom: 2px solid #b8860b; }
mark.editor { background: #c8f0c8; border-color: #2e7d32; }
mark a { color: inherit; }
/* a mark of one or two characters is still a target a finger can hit (WCAG 2.5.8) */
.transcript { line-height: 24px; }
.transcript mark a.short { display: inline-block; min-width: 24px; text-align: center; }
.decision { border-left: 4px solid #b8860b; margin: 1rem 0; padding: 0.25rem 0.75rem; }
.decision.editor { border-color: #2e7d32; }
.decision code { background: #f3f3f3; padding: 0 0.25rem; }
"""


def review_page(name: str, title: str, transcript: str, decisions: Sequence[Decision], home_href: str) -> bytes:
    """The page as bytes (UTF-8, deterministic)."""
    lines = transcript.split("\n")
    marks = _marks_by_line(decisions, lines)
    transcript_lines = [
        html.DIV(
            html.SPAN(str(number), html.CLASS("number")),
            html.SPAN(*_marked_line(text, marks.get(number, [])), html.CLASS("text")),
            html.CLASS("line"),
            id=f"line-{number}",
        )
        for number, text in enumerate(lines, 1)
    ]
    page = html.HTML(
        html.HEAD(
            html.META(charset="utf-8"),
            html.META(name="viewport", content="width=device-width, initial-scale=1"),
            html.META(name="robots", content="noindex"),
            html.TITLE(f"Review: {title}"),
            html.STYLE(_STYLE),
        ),
        html.BODY(
            html.HEADER(html.NAV(html.A("Edition", href=home_href), **{"aria-label": "edition"})),
            html.MAIN(
                html.H1(f"Review: {title}"),
                html.P(
                    f"{len(decisions)} places where the converter was not sure, in the order of the transcription. "
                    "To decide one otherwise, copy its line into ",
                    html.CODE(f"{name}.decisions.toml"),
                    " under ",
                    html.CODE("[decisions]"),
                    " beside the transcript (or run ",
                    html.CODE("tei-encoder decide"),
                    "), then convert again.",
                ),
                html.SECTION(
                    html.H2("Decisions"),
                    *[_decision_entry(decision) for decision in decisions],
                    **{"aria-label": "decisions"},
                ),
                html.SECTION(
                    html.H2("Transcription"),
                    html.DIV(*transcript_lines, html.CLASS("transcript")),
                    **{"aria-label": "transcription"},
                ),
            ),
        ),
        lang="en",
    )
    return etree.tostring(page, doctype="<!DOCTYPE html>", method="html", encoding="utf-8", pretty_print=True)


def anchor(decision_id: str) -> str:
    """The review page's anchor of a decision: ``decision-`` and its id, one anchor for each id.

    An id is made of letters, digits, ``-``, ``:`` and ``~`` (``bracketed-number:16~after-to-worry``),
    which an HTML id and a URL fragment may hold as they are. Any other character is written
    ``_`` and its code point in hex, ``_``: once every such character was a hyphen, and two ids
    that differed only there (``kind:a~after-b``, ``kind:a-after-b``) shared an anchor.
    """
    return "decision-" + "".join(
        character if character.isalnum() or character in "-:~" else f"_{ord(character):x}_" for character in decision_id
    )


def _decision_entry(decision: Decision) -> etree._Element:
    decided = decision.confidence == EDITOR_DECIDED
    offered = choices_for(decision.kind, decision.chosen, decision.text)
    choices = [choice for choice in offered if choice != decision.chosen]
    details = [
        html.H3(html.CODE(decision.id)),
        html.P(
            html.A(f"line {decision.line}, column {decision.col}", href=f"#line-{decision.line}"),
            f" · {decision.kind}" + (" · decided by the editor" if decided else ""),
        ),
        html.P("Text: ", html.CODE(decision.text)),
        html.P("Encoded as: ", html.STRONG(decision.chosen)),
    ]
    if decision.tei_element:
        where = decision.tei_element + (f' (xml:id="{decision.tei_id}")' if decision.tei_id else "")
        details.append(html.P("In the TEI: ", html.CODE(where, html.CLASS("tei-place"))))
    if decision.alternatives:
        details.append(html.P("Alternatives: " + "; ".join(decision.alternatives)))
    if decision.message:
        details.append(html.P(decision.message))
    if not decided and choices:
        lines = [html.LI(html.CODE(f'"{decision.id}" = "{choice}"', html.CLASS("override"))) for choice in choices]
        details.append(html.P("To decide otherwise, add one of these lines to the decisions file:"))
        details.append(html.UL(*lines, html.CLASS("overrides")))
    elif not decided:
        nothing = "Nothing to choose here: if the text is wrong, correct the transcription."
        details.append(html.P(nothing, html.CLASS("no-override")))
    classes = "decision editor" if decided else "decision"
    return html.DIV(*details, html.CLASS(classes), id=anchor(decision.id))


def _marks_by_line(decisions: Sequence[Decision], lines: list[str]) -> dict[int, list[tuple[int, int, Decision]]]:
    """Per line, the spans to mark: the decision's text where the line has it, else its first character."""
    marks: dict[int, list[tuple[int, int, Decision]]] = defaultdict(list)
    for decision in decisions:
        if not 1 <= decision.line <= len(lines):
            continue
        line = lines[decision.line - 1]
        start = min(decision.col - 1, max(len(line) - 1, 0))
        end = start + len(decision.text) if line.startswith(decision.text, start) else start + 1
        marks[decision.line].append((start, min(end, len(line)), decision))
    return marks


def _marked_line(text: str, spans: list[tuple[int, int, Decision]]) -> list[etree._Element | str]:
    """The line as text and ``mark`` elements; overlapping marks are shortened, never dropped."""
    parts: list[etree._Element | str] = []
    position = 0
    for start, end, decision in sorted(spans, key=lambda span: (span[0], -span[1])):
        start = max(start, position)
        end = max(end, start + 1) if start < len(text) else start
        if start > position:
            parts.append(text[position:start])
        classes = "editor" if decision.confidence == EDITOR_DECIDED else "doubtful"
        # A mark must show something a reader can see and a screen reader can
        # name: an empty place is the end of the line, a blank one its spaces.
        marked = text[start:end]
        shown = marked if marked.strip() else "␣" * len(marked) or "⏎"
        link = html.A(shown, href=f"#{anchor(decision.id)}")
        if len(shown) < 3:
            link.set("class", "short")
        parts.append(
            html.MARK(
                link,
                html.CLASS(classes),
                title=decision.id,
            )
        )
        position = max(position, end)
    if position < len(text):
        parts.append(text[position:])
    return parts or [""]
