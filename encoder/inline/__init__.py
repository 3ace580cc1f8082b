"""Stage 3c, inline: one block's text → model nodes, by an ordered list of rules.

Brackets are paired first (:mod:`.brackets`); each pair is then offered to the
bracket rules in order, and the first that claims it wins (the last rule,
:mod:`.supplied`, claims every non-empty bracket). Scanners find what is not a
bracket (ellipses, note markers, quotations, dates, residue, slips). The
rules are data: adding a convention means adding a module and one line here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from encoder.blocks import MappedText
from encoder.inline import (
    bracketed_notes,
    cover_names,
    date_completion,
    editor_choices,
    footnotes,
    glosses,
    illegible,
    markup_residue,
    names,
    note_markers,
    note_references,
    omissions,
    organisations,
    pages,
    persons,
    places,
    quotations,
    romanization,
    running_dates,
    seams,
    sic,
    slips,
    supplied,
)
from encoder.inline.brackets import (
    BRACKET_SHAPES,
    MAX_BRACKET_DEPTH,
    BracketPair,
    BracketShape,
    limit_depth,
    pair_brackets,
    shape,
)
from encoder.inline.core import BlockContext, Construct, DocumentState, assemble
from encoder.model import Inline, has_words

BracketRule = Callable[[BracketPair, BlockContext], Construct | None]
Scanner = Callable[[BlockContext], list[Construct]]

# Each rule with the bracket shapes it can claim (its module's CLAIMS, which says why).
BRACKET_RULES: tuple[tuple[str, BracketRule, frozenset[BracketShape]], ...] = (
    ("bracketed note", bracketed_notes.classify, bracketed_notes.CLAIMS),
    ("illegible", illegible.classify, illegible.CLAIMS),
    ("sic", sic.classify, sic.CLAIMS),
    ("note reference", note_references.classify, note_references.CLAIMS),
    ("page", pages.classify, pages.CLAIMS),
    ("omission", omissions.classify, omissions.CLAIMS),
    ("date completion", date_completion.classify, date_completion.CLAIMS),
    ("expansion or gloss", glosses.classify, glosses.CLAIMS),
    ("alternate romanization", romanization.classify, romanization.CLAIMS),
    ("cover name", cover_names.classify, cover_names.CLAIMS),
    ("supplied", supplied.classify, supplied.CLAIMS),
)
# The rules, in order, that a bracket of each shape is offered to: most brackets hold
# words, which the number, page and omission rules, among others, could never claim.
RULES_BY_SHAPE: dict[BracketShape, tuple[BracketRule, ...]] = {
    bracket_shape: tuple(rule for _name, rule, claims in BRACKET_RULES if bracket_shape in claims)
    for bracket_shape in BRACKET_SHAPES
}

SCANNERS: tuple[tuple[str, Scanner], ...] = (
    ("seam", seams.scan),
    ("footnote", footnotes.scan),
    ("note marker", note_markers.scan),
    ("page line", pages.scan_page_lines),
    ("residue", markup_residue.scan),
    ("omission", omissions.scan),
    ("fused romanization", romanization.scan_fused),
    ("running date", running_dates.scan),
    ("quotation", quotations.scan),
    ("slip", slips.scan),
)


# Names are found last, around the markup of every rule above (.names); the
# register's spellings come before these rules.
NAME_RULES: tuple[tuple[str, names.NameRule], ...] = (
    ("person", persons.scan),
    ("place", places.scan),
    ("organisation", organisations.scan),
)
_NAME_RULES = tuple(rule for _name, rule in NAME_RULES)  # made once, not once a block


def parse_inline(mapped: MappedText, state: DocumentState, seams: tuple[int, ...] = ()) -> list[Inline]:
    context = BlockContext(mapped, state, seams)
    pairs, unmatched = pair_brackets(mapped.text)
    pairs, too_deep = limit_depth(pairs)
    if too_deep:
        outermost = too_deep[0]
        context.decide(
            "bracket-depth",
            outermost.open,
            min(outermost.end, outermost.open + 60),
            "literal text",
            confidence="low",
            message=f"brackets nested more than {MAX_BRACKET_DEPTH} deep: the inner ones are kept as text",
        )
    constructs: list[Construct] = []
    reported_before = len(state.decisions)
    # Rules keep a running page count, so brackets and "(p. 3)" markers are
    # offered to them in the order they stand in the text (the pairs come in it).
    items: list[BracketPair] | list[BracketPair | re.Match[str]] = pairs
    markers = pages.page_markers(mapped.text)
    if markers:
        positioned: list[tuple[int, BracketPair | re.Match[str]]] = [(pair.open, pair) for pair in pairs]
        positioned += [(marker.start(), marker) for marker in markers]
        items = [item for _position, item in sorted(positioned, key=lambda entry: entry[0])]
    for item in items:
        if isinstance(item, BracketPair):
            construct = _first_claim(item, context)
        else:
            construct = pages.classify_marker(item, context)
        if construct is not None:
            constructs.append(construct)
    for index in unmatched:
        context.decide(
            "unbalanced-bracket",
            index,
            index + 1,
            "literal bracket",
            confidence="low",
            message="a square bracket without a partner in this paragraph; kept as text",
        )
    for _name, scanner in SCANNERS:
        constructs.extend(scanner(context))
    constructs.extend(names.scan(context, constructs, _NAME_RULES, reported=state.decisions[reported_before:]))
    constructs = editor_choices.apply(context, pairs, constructs)
    return assemble(context, constructs, 0, len(mapped.text))


def _first_claim(pair: BracketPair, context: BlockContext) -> Construct | None:
    """What the first bracket rule to claim ``pair`` makes of it (a loop: no generator per pair).

    Only the rules that can claim a bracket of its shape are asked; the others
    would all have returned None.
    """
    for rule in RULES_BY_SHAPE[shape(pair)]:
        construct = rule(pair, context)
        if construct is not None:
            return construct
    return None


def parse_header_names(text: str, offset: int, state: DocumentState) -> list[Inline]:
    """A header field's text (the summary) with its names and dates marked; nothing else is read there.

    The header's words are kept verbatim elsewhere for the round trip; names
    and dates are all the markup a summary gets, so an index finds the persons it names.
    """
    context = BlockContext(MappedText(text, ((0, offset),)), state)
    constructs = running_dates.scan(context)
    constructs += names.scan(context, constructs, _NAME_RULES)
    return assemble(context, constructs, 0, len(text))


def parse_note_body(mapped: MappedText, state: DocumentState) -> list[Inline]:
    """The words of a note standing as a block of its own (``\\* …``, ``[1] …``, ``x/ …``, ``Summary: …``).

    A body made only of marks (``\\* [15]``, ``[1] ...``, ``\\* (p. 3)``) would leave a
    note with no words, which says nothing: such a body is kept as written, as the
    note's text, and the parse given up leaves no page count or decision behind.
    """
    before = state.checkpoint()
    nodes = parse_inline(mapped, state)
    if has_words(nodes) or not mapped.text.strip():
        return nodes
    state.restore(before)
    state.record(
        "note-of-marks",
        mapped.offset(0),
        mapped.text,
        "kept as the note's text",
        confidence="low",
        message="a note that holds only a page number or omission mark: kept as written, as the note's words",
    )
    return [mapped.text]


__all__ = ["DocumentState", "parse_header_names", "parse_inline", "parse_note_body"]
