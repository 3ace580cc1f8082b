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
    note_markers,
    note_references,
    omissions,
    pages,
    quotations,
    romanization,
    running_dates,
    seams,
    sic,
    slips,
    supplied,
)
from encoder.inline.brackets import BracketPair, pair_brackets
from encoder.inline.core import BlockContext, Construct, DocumentState, assemble
from encoder.model import Inline

BracketRule = Callable[[BracketPair, BlockContext], Construct | None]
Scanner = Callable[[BlockContext], list[Construct]]

BRACKET_RULES: tuple[tuple[str, BracketRule], ...] = (
    ("bracketed note", bracketed_notes.classify),
    ("illegible", illegible.classify),
    ("sic", sic.classify),
    ("note reference", note_references.classify),
    ("page", pages.classify),
    ("omission", omissions.classify),
    ("date completion", date_completion.classify),
    ("expansion or gloss", glosses.classify),
    ("alternate romanization", romanization.classify),
    ("cover name", cover_names.classify),
    ("supplied", supplied.classify),
)

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


def parse_inline(mapped: MappedText, state: DocumentState, seams: tuple[int, ...] = ()) -> list[Inline]:
    context = BlockContext(mapped, state, seams)
    pairs, unmatched = pair_brackets(mapped.text)
    constructs: list[Construct] = []
    # Rules keep a running page count, so brackets and "(p. 3)" markers are
    # offered to them in the order they stand in the text.
    positioned: list[tuple[int, BracketPair | re.Match[str]]] = [(pair.open, pair) for pair in pairs]
    positioned += [(marker.start(), marker) for marker in pages.page_markers(mapped.text)]
    for _position, item in sorted(positioned, key=lambda entry: entry[0]):
        if isinstance(item, BracketPair):
            construct = next((c for _name, rule in BRACKET_RULES if (c := rule(item, context))), None)
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
    constructs = editor_choices.apply(context, pairs, constructs)
    return assemble(context, constructs, 0, len(mapped.text))


__all__ = ["DocumentState", "parse_inline"]
