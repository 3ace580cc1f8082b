"""``tei-encoder decide TRANSCRIPT ID CHOICE``: write an editor's decision to ``NAME.decisions.toml``.

For people who prefer a command to editing the file: it checks that the
transcript makes the decision ``ID`` (as the review report names it) and that
``CHOICE`` is one the converter can take, then adds or replaces the line.
``--undo`` removes it again.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import sys
from pathlib import Path
from typing import Any

from encoder.atomic import write_text_atomic
from encoder.commands.option_types import tei_words
from encoder.edition import find_edition_file, load_edition, register_path
from encoder.errors import InputError, UsageError
from encoder.header import load_sidecar, sidecar_path
from encoder.overrides import (
    NAME_KINDS,
    REGISTER_ID,
    DecisionsFile,
    canonical_choice,
    choices_for,
    decisions_path,
    edited_decisions_text,
    load_decisions,
    write_decisions,
)
from encoder.pipeline import convert_source
from encoder.provenance import backup_path
from encoder.reading import read_bytes, refuse_xml
from encoder.registers import load_register_cached


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "decide",
        help="take a doubtful decision as an editor (writes NAME.decisions.toml)",
        description="Record an editor's choice for one decision of the review report in "
        "NAME.decisions.toml beside the transcript; later conversions apply it.",
    )
    parser.add_argument("transcript", type=Path, metavar="TRANSCRIPT", help="the transcript (.txt)")
    parser.add_argument("decision", metavar="ID", help="the decision's id in the review report")
    parser.add_argument(
        "choice", nargs="?", metavar="CHOICE", help="'literal', 'one block' / 'two blocks', or the chosen encoding"
    )
    parser.add_argument("--editor", type=tei_words, help="who decides (kept in the file; default: the editor)")
    parser.add_argument("--undo", action="store_true", help="remove the decision from the file")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not args.transcript.is_file():
        raise UsageError(f"{args.transcript}: no such file")
    if args.choice is None and not args.undo:
        raise UsageError("give a CHOICE, or --undo to remove the decision")
    for line in record_decision(args.transcript, args.decision, None if args.undo else args.choice, args.editor):
        print(line, file=sys.stderr)
    return 0


def record_decision(transcript: Path, identifier: str, choice: str | None, editor: str | None = None) -> list[str]:
    """Write ``identifier = choice`` to the transcript's decisions file (``None`` removes it); what happened, said.

    Shared by this command and the server's workbench: the same checks, the
    same file, the editor's comments and order kept."""
    path = decisions_path(transcript)
    current = load_decisions(path) if path.is_file() else DecisionsFile()
    decisions = dict(current.decisions)
    said: list[str] = []
    if choice is None:
        if decisions.pop(identifier, None) is None:
            raise UsageError(f"{path}: has no decision {identifier!r} to undo")
    else:
        choice = canonical_choice(choice)
        _check(transcript, identifier, choice)
        decisions[identifier] = choice
    updated = DecisionsFile(decisions=decisions, editor=editor or current.editor)
    edited = edited_decisions_text(path.read_text(encoding="utf-8"), updated) if path.is_file() else None
    if edited is not None:
        write_text_atomic(path, edited)  # the editor's comments and order stay
    else:
        if path.is_file():
            backup = backup_path(path)
            shutil.copy2(path, backup)
            said.append(f"{path}: rewritten in a standard layout; the earlier file is {backup}")
        write_decisions(path, updated)
    action = "removed" if choice is None else f"= {decisions[identifier]!r}"
    said.append(f"{path}: {identifier} {action}")
    return said


def _check(transcript: Path, identifier: str, choice: str) -> None:
    source = read_bytes(transcript.read_bytes(), str(transcript))
    refuse_xml(source)
    beside = sidecar_path(transcript)
    sidecar = load_sidecar(beside) if beside.is_file() else None  # as convert reads it: the same decisions
    # The register the edition names, as convert reads it: names it knows are no decision.
    edition_file = find_edition_file(transcript)
    found = register_path(load_edition(edition_file), edition_file) if edition_file is not None else None
    register = load_register_cached(found) if found is not None and found.is_file() else None
    result = convert_source(source, sidecar=sidecar, validate=False, register=register)
    made = {decision.id: decision for decision in result.decisions}
    decision = made.get(identifier)
    if decision is None:
        close = difflib.get_close_matches(identifier, list(made), n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else "; see the review report (--report)"
        raise InputError(f"{transcript}: makes no decision {identifier!r}{hint}")
    offered = choices_for(decision.kind, decision.chosen, decision.text)
    if len(offered) == 1 and choice != offered[0]:
        raise UsageError(
            f"{identifier}: this decision can only be confirmed ({offered[0]!r}); 'literal' is for decisions "
            "whose rule adds markup (supplied words, page breaks, dates …), 'one block'/'two blocks' for layout"
        )
    if choice not in offered and not (decision.kind in NAME_KINDS and REGISTER_ID.fullmatch(choice)):
        also = " or a register entry's id (person-…, place-…, org-…)" if decision.kind in NAME_KINDS else ""
        raise UsageError(f"{identifier}: choose {' or '.join(map(repr, offered))}{also}, not {choice!r}")
