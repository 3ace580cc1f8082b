"""An editor's choices (``NAME.decisions.toml``) applied to one block's markup.

The rules propose their constructs as always; this stage then replaces, at the
places an editor decided otherwise, the markup over exactly the decision's
text::

    "supplied-or-gloss:zili" = "literal"        [Zili] stays text
    "bracketed-number:16" = "page break"        [16] → <pb n="16" type="folio" resp="#editor"/>
    "long-supplied:the-delegation-…" = "note"   [The delegation …] → <note type="translator"
                                                  place="inline" resp="#translator #editor">
    "page:3" = "supplied"                       [3] → <supplied resp="#translator #editor">
    "name-candidate:ambassador-pan" = "person-pan-zili"   → <persName ref="registers.xml#person-pan-zili">
    "name-candidate:yalu-river" = "orgName"                → <orgName>Yalu River</orgName>

Only markup over exactly that text is touched, never markup that happens to be
near; a choice that finds no such place is reported by the pipeline as not
applied. The editor's element takes precedence over every rule's, and keeps
the brackets' form (``[[…]]``) for the text round trip.
"""

from __future__ import annotations

from typing import Literal

from encoder.inline import names, supplied
from encoder.inline.brackets import BracketPair
from encoder.inline.core import BlockContext, Construct, Parts, leaf
from encoder.model import Inline, Note, PageBreak, Supplied
from encoder.overrides import LITERAL, NAME_ENCODINGS, NOTE, PAGE_BREAK, REGISTER_ID, SUPPLIED, EditorChoice

# Above every rule's priority: the editor's decision is final.
PRIORITY = 1_000
EDITOR = "#editor"  # encoder.serialize.mark_editors_decisions renames it if a speaker took the id


def apply(context: BlockContext, pairs: list[BracketPair], constructs: list[Construct]) -> list[Construct]:
    """``constructs`` with the editor's choices in this block taking the place of the rules'."""
    choices = context.state.editor_choices
    if not choices:
        return constructs
    spans = {_source_span(context, construct.start, construct.end): construct for construct in constructs}
    replaced: set[tuple[int, int]] = set()
    added: list[Construct] = []
    for offset, choice in choices.items():
        span = (offset, offset + choice.length)
        if choice.encoding == LITERAL:
            if span in spans:
                replaced.add(span)
                context.state.editor_applied.add(choice.identifier)
            continue
        if choice.encoding in NAME_ENCODINGS or REGISTER_ID.fullmatch(choice.encoding):
            if span in spans and (named := _named(context, spans[span], choice.encoding)) is not None:
                replaced.add(span)
                added.append(named)
                context.state.editor_applied.add(choice.identifier)
            continue
        pair = next((pair for pair in pairs if _source_span(context, pair.open, pair.end) == span), None)
        if pair is None:
            continue
        replaced.add(span)
        added.append(_encoded(context, pair, choice))
        context.state.editor_applied.add(choice.identifier)
    kept = [
        construct
        for construct in constructs
        if (_source_span(context, construct.start, construct.end) not in replaced or construct.start == construct.end)
        and not names.holds_other_markup(construct, added)
    ]
    return kept + added


def _named(context: BlockContext, construct: Construct, encoding: str) -> Construct | None:
    """The name over the construct's text as the editor says: another kind, or a register entry (None if unknown)."""
    entry = None
    if REGISTER_ID.fullmatch(encoding):
        register = context.state.register
        entry = next((e for e in register.entries if e.identifier == encoding), None) if register else None
        if entry is None:
            return None
    element = names.kind_of_choice(encoding)
    assert element is not None  # NAME_ENCODINGS or an entry's id
    return names.name_construct(
        context, construct.start, construct.end, element, decide=False, entry=entry, priority=PRIORITY
    )


def _source_span(context: BlockContext, start: int, end: int) -> tuple[int, int]:
    if end <= start:
        return (context.mapped.offset(start), context.mapped.offset(start))
    return (context.mapped.offset(start), context.mapped.offset(end - 1) + 1)


def _encoded(context: BlockContext, pair: BracketPair, choice: EditorChoice) -> Construct:
    text = context.text
    content = text[pair.content_start : pair.content_end]
    rend: Literal["double-bracketed"] | None = "double-bracketed" if pair.double else None
    if choice.encoding == PAGE_BREAK:  # the plan offered it for a folio number only
        return leaf(
            pair.open, pair.end, PageBreak(n=content, resp=EDITOR), priority=PRIORITY, kind="editor: page break"
        )
    if choice.encoding == NOTE:

        def build_note(parts: Parts, offset: int) -> list[Inline]:
            return [
                Note(
                    children=tuple(parts[0]),
                    type="translator",
                    place="inline",
                    rend=rend,
                    resp=f"#translator {EDITOR}",
                    offset=offset,
                )
            ]

        return Construct(
            pair.open, pair.end, ((pair.content_start, pair.content_end),), build_note, PRIORITY, "editor: note"
        )
    if choice.encoding != SUPPLIED:
        raise ValueError(f"not a bracket encoding: {choice.encoding!r}")
    reason = supplied.reason_at(pair, text)

    def build_supplied(parts: Parts, offset: int) -> list[Inline]:
        return [
            Supplied(children=tuple(parts[0]), reason=reason, rend=rend, resp=f"#translator {EDITOR}", offset=offset)
        ]

    return Construct(
        pair.open, pair.end, ((pair.content_start, pair.content_end),), build_supplied, PRIORITY, "editor: supplied"
    )
