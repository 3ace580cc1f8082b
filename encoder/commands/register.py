"""``tei-encoder register CORPUS [--register FILE] [--dry-run]``: propose new register entries.

Converts every transcript of the corpus (``CORPUS/transcripts/*.txt``, or the
transcripts given) with the register, and adds each name the rules found and
the register does not know (a ``name-candidate`` the editor has not turned
down) as a new entry marked as proposed (``resp="#tei-encoder" cert="low"``).
Nothing is merged into an existing entry: that a spelling belongs to an entry
is the editor's to say, by moving it there. An editor accepts a proposal by
removing its two attributes; until then it links nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from encoder.edition import find_edition_file, load_edition, register_path
from encoder.errors import InputError, UsageError, path_problem
from encoder.inline.name_shapes import plain, role_length
from encoder.pipeline import convert_file
from encoder.registers import (
    KIND_OF,
    REGISTER_FILE,
    Candidate,
    Register,
    empty_register,
    load_register,
    propose,
    write_register,
)
from encoder.safexml import parse_xml_file


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "register",
        help="propose the names the register does not know as new entries",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    )
    parser.add_argument("inputs", nargs="+", type=Path, metavar="CORPUS", help="a corpus folder (tei/) or transcripts")
    parser.add_argument(
        "--register",
        type=Path,
        metavar="FILE",
        help=f"the register to add to (default: the one edition.toml names, else CORPUS/{REGISTER_FILE})",
    )
    parser.add_argument("--dry-run", action="store_true", help="list the proposals without writing them")
    parser.set_defaults(run=run)


def _transcripts(inputs: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in inputs:
        if path.is_dir():
            folder = path / "transcripts" if (path / "transcripts").is_dir() else path
            files.extend(sorted(p for p in folder.glob("*.txt") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"{path}: {path_problem(path)}")
    if not files:
        raise UsageError("no .txt transcripts found in " + ", ".join(map(str, inputs)))
    return files


def _register_file(args: argparse.Namespace, first: Path) -> Path:
    if args.register is not None:
        return Path(args.register)
    edition_file = find_edition_file(first)
    found = register_path(load_edition(edition_file), edition_file) if edition_file is not None else None
    if found is not None:
        return found
    corpus = args.inputs[0] if args.inputs[0].is_dir() else first.parent
    return corpus / REGISTER_FILE


def candidates_of(path: Path, names_register: Register) -> list[Candidate]:
    """The names a transcript's conversion reports as unknown to the register, as the editor left them."""
    result = convert_file(path, validate=False, register=names_register)
    found = []
    for decision in result.decisions:
        if decision.kind != "name-candidate" or decision.chosen not in KIND_OF:
            continue  # the editor's "literal" or entry id (the report shows their choice): nothing to propose
        spelling = decision.text[role_length(decision.text) :] if decision.chosen == "persName" else decision.text
        found.append(Candidate(plain(spelling), KIND_OF[decision.chosen]))
    return found


def run(args: argparse.Namespace) -> int:
    files = _transcripts(args.inputs)
    target = _register_file(args, files[0])
    # A register not written yet knows no names (the edition may name it before it exists).
    # Read first: it checks the register's size and reports every problem in it at once.
    names_register = load_register(target) if target.is_file() else Register.of([])
    tree = parse_xml_file(target) if target.is_file() else empty_register()
    candidates: list[Candidate] = []
    for path in files:
        try:
            candidates.extend(candidates_of(path, names_register))
        except InputError as error:
            for diagnostic in error.diagnostics:
                print(diagnostic.format(with_source=True), file=sys.stderr)
            return 1
    added = propose(tree, candidates)
    for entry in added:
        print(f"{target}: proposed {entry.identifier}: {entry.spellings[0]}")
    if added and not args.dry_run:
        write_register(tree, target)
    verb = "would add" if args.dry_run else "added"
    print(f"register: {verb} {len(added)} proposed entries to {target}", file=sys.stderr)
    return 0
