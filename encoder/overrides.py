"""An editor's decisions: ``NAME.decisions.toml`` beside a transcript.

The review report lists every doubtful decision with a stable id
(``layout-join:…``, ``supplied-or-gloss:zili``). An editor who disagrees
writes the decision down::

    editor = "Jane Roe"                    # optional: who decided (default "the editor")

    [decisions]
    "layout-join:it-was-agreed-the-delegation" = "two blocks"
    "supplied-or-gloss:zili" = "literal"

and the converter takes it from then on. A choice is one of:

- the decision's chosen encoding, to confirm it;
- ``literal``: the text as written, without the markup the rule gave it;
- ``one block`` / ``two blocks`` for a doubtful line break;
- for a name (``name-candidate``, ``name-ambiguous``): another kind of name
  (``persName``, ``placeName``, ``orgName``) or the id of the register entry
  it stands for (``person-pan-zili``), which links it;
- for a decision on one bracket (``[16]``, ``[Zili]``, ``[[…]]``), an explicit
  encoding of that bracket: ``supplied`` (words the translator supplied),
  ``note`` (the translator's note in place) or ``page break`` (a folio number).
  The element the editor chose carries ``@resp`` pointing to the editor.

A decision the transcript no longer has is reported and skipped, never an
error, so an edited transcript does not break the conversion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from encoder import patterns
from encoder.atomic import write_text_atomic
from encoder.errors import Diagnostic, InputError, Severity
from encoder.toml_files import model_from_toml, model_on_first_use

if TYPE_CHECKING:
    from encoder.settings.decisions import DecisionsFile as DecisionsFile

LITERAL = "literal"
LAYOUT_KINDS = frozenset({"layout-join", "layout-split"})
# Decisions of the inline rules that mark their text up (supplied words, page
# breaks, dates, gaps …): for these "literal" means "leave that markup out".
# Reports of a possible problem (slips, unbalanced quotes) add no markup to leave out.
LITERAL_KINDS = frozenset(
    {
        "bracketed-number",
        "cover-name",
        "date-completion",
        "expansion",
        "fused-romanization",
        "long-supplied",
        "name-ambiguous",
        "name-candidate",
        "numeric-date",
        "omission",
        "page",
        "page-order",
        "redaction",
        "romanization",
        "supplied",
        "supplied-or-gloss",
    }
)
ONE_BLOCK, TWO_BLOCKS = "one block", "two blocks"
# Structure decisions whose block can take another role (encoder.body): the
# report's own choice first, as the report words it, then the other.
ROLE_CHOICES = {
    "heading": ("head", "paragraph"),  # a short line without final punctuation read as a heading
    "short-paragraph": ("paragraph", "heading"),  # … kept as a paragraph
    "closer": ("closer", "paragraphs"),  # the last lines read as signature, dateline or closing formula
}
BLOCK_ROLE = {"head": "head", "heading": "head", "paragraph": "p", "paragraphs": "p", "closer": "closer"}
# The role a block has when the rules read it as a decision of the kind says: its own choice's.
ROLE_OF_KIND = {kind: BLOCK_ROLE[choices[0]] for kind, choices in ROLE_CHOICES.items()}
DEFAULT_EDITOR = "the editor"


# DecisionsFile, the file's pydantic model, imported on first use: a conversion
# without a decisions file imports no pydantic.
__getattr__ = model_on_first_use(__name__, "decisions", "DecisionsFile")


def decisions_from_table(table: dict[str, object]) -> DecisionsFile:
    """A decisions file's table as a :class:`DecisionsFile`; pydantic's ``ValidationError`` lists what does not fit."""
    from encoder.settings.decisions import DecisionsFile

    return DecisionsFile.model_validate(table)


def decisions_path(transcript: Path) -> Path:
    return transcript.with_name(transcript.stem + ".decisions.toml")


def load_decisions(path: Path) -> DecisionsFile:
    """The editor's decisions; a file that does not read is an input error at its place."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text (byte {error.start}): save the decisions file as UTF-8"
        raise InputError(
            f"{path}: {message}", [Diagnostic("DECISIONS-TOML", Severity.ERROR, message, str(path))]
        ) from None
    return model_from_toml(
        text,
        str(path),
        decisions_from_table,
        toml_code="DECISIONS-TOML",
        field_code="DECISIONS-FIELD",
        hint=' (expected: editor = "…" and a [decisions] table of "id" = "choice")',
    )


def write_decisions(path: Path, decisions: DecisionsFile) -> None:
    """Write the file back in a stable order (ids sorted), so its diffs stay small."""
    import json  # imported when needed: a conversion writes no decisions file (start-up time)

    # JSON string syntax is valid TOML basic-string syntax: quoting with json.dumps
    # escapes every quote, backslash and control character TOML needs escaped.
    lines = ["# Editorial decisions for tei-encoder: see `tei-encoder decide --help`.\n"]
    if decisions.editor != DEFAULT_EDITOR:
        lines.append(f"editor = {json.dumps(decisions.editor, ensure_ascii=False)}\n")
    lines.append("\n[decisions]\n")
    for identifier in sorted(decisions.decisions):
        choice = decisions.decisions[identifier]
        lines.append(f"{json.dumps(identifier, ensure_ascii=False)} = {json.dumps(choice, ensure_ascii=False)}\n")
    write_text_atomic(path, "".join(lines))


SUPPLIED, NOTE, PAGE_BREAK = "supplied", "note", "page break"
NAME_KINDS = frozenset({"name-candidate", "name-ambiguous"})
NAME_ENCODINGS = ("persName", "placeName", "orgName")
REGISTER_ID = patterns.compile(r"(?:person|place|org)-[a-z0-9]+(?:-[a-z0-9]+)*")
BRACKET_ENCODINGS = (SUPPLIED, NOTE, PAGE_BREAK)
# Alternatives the report words for a reader that are one of the choices above.
_SAME_CHOICE = {"supplied number": SUPPLIED, "supplied clarification": SUPPLIED, "archival number": LITERAL}
_FOLIO_NUMBER = patterns.compile(r"[1-9][0-9]{0,3}")


@dataclass(frozen=True, slots=True)
class EditorChoice:
    """An editor's choice for the text at one place: ``literal`` or a bracket encoding."""

    identifier: str
    length: int
    encoding: str


@dataclass(slots=True)
class Plan:
    """The editor's decisions resolved against one conversion's decisions."""

    forced_breaks: dict[int, bool] = field(default_factory=dict)  # line start → join with the line before
    choice_at: dict[int, EditorChoice] = field(default_factory=dict)  # source offset → the editor's choice there
    # block start → the role the editor gave the block (its encoding: "head", "p", "closer")
    role_at: dict[int, EditorChoice] = field(default_factory=dict)
    applied: dict[str, str] = field(default_factory=dict)  # decision id → choice
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def choice_at_ids(self) -> frozenset[str]:
        return frozenset(choice.identifier for choice in self.choice_at.values())

    @property
    def role_at_ids(self) -> frozenset[str]:
        return frozenset(choice.identifier for choice in self.role_at.values())


def plan_overrides(wanted: Mapping[str, str], decisions: Mapping[str, tuple[str, int, str, str]], name: str) -> Plan:
    """Match each wanted ``id = choice`` with the decision of that id.

    ``decisions`` maps an id to its kind, source offset, text and chosen encoding.
    Stale ids and choices not on offer become warnings.
    """
    plan = Plan()
    for identifier, wanted_choice in wanted.items():
        found = decisions.get(identifier)
        if found is None and (places := _places_of(identifier, decisions)):
            plan.diagnostics.append(
                Diagnostic(
                    "DECISION-AMBIGUOUS",
                    Severity.WARNING,
                    f"the decision {identifier!r} is now made at {len(places)} places ({', '.join(map(repr, places))}):"
                    " skipped; name the one you mean in the decisions file",
                    name,
                )
            )
            continue
        if found is None:
            import difflib  # imported when needed: only a stale decision needs it (start-up time)

            close = difflib.get_close_matches(identifier, list(decisions), n=1, cutoff=0.6)
            hint = f" (the transcript's decision {close[0]!r}?)" if close else " (the transcript changed?)"
            plan.diagnostics.append(
                Diagnostic(
                    "DECISION-STALE",
                    Severity.WARNING,
                    f"the decision {identifier!r} is no longer made{hint}: skipped; remove it from the decisions file",
                    name,
                )
            )
            continue
        kind, offset, text, chosen = found
        choice = canonical_choice(wanted_choice)
        offered = choices_for(kind, chosen, text)
        if choice not in offered and not (kind in NAME_KINDS and REGISTER_ID.fullmatch(choice)):
            plan.diagnostics.append(
                Diagnostic("DECISION-CHOICE", Severity.WARNING, _unsupported(identifier, wanted_choice, offered), name)
            )
            continue
        if kind in LAYOUT_KINDS:
            plan.forced_breaks[offset] = choice == ONE_BLOCK
        elif kind in ROLE_CHOICES:
            plan.role_at[offset] = EditorChoice(identifier, len(text), BLOCK_ROLE[choice])
        elif choice == LITERAL or choice in BRACKET_ENCODINGS or kind in NAME_KINDS:
            plan.choice_at[offset] = EditorChoice(identifier, len(text), choice)
        plan.applied[identifier] = choice
    return plan


_NUMBERED = patterns.compile(r"~[0-9]+$")


def _places_of(identifier: str, decisions: Mapping[str, object]) -> list[str]:
    """The ids of the decisions an id of fewer words now stands for: ``kind:text`` or ``kind:text~2``.

    When a second decision on the same text appears, both are named by the
    words before them, and the id an editor wrote for the one decision no longer
    says which is meant; it is never guessed."""
    base = _NUMBERED.sub("", identifier)
    places = sorted(other for other in decisions if other == base or other.startswith(f"{base}~"))
    return places if len(places) > 1 else []


def canonical_choice(choice: str) -> str:
    """The choice an alternative of the report names: ``supplied number`` is ``supplied``."""
    return _SAME_CHOICE.get(choice, choice)


def bracket_content(text: str) -> str | None:
    """What ``[…]`` or ``[[…]]`` holds when ``text`` is one bracket pair and nothing else; None otherwise."""
    if not (text.startswith("[") and text.endswith("]")):
        return None
    depth = 0
    for index, character in enumerate(text):
        depth += {"[": 1, "]": -1}.get(character, 0)
        if depth == 0 and index < len(text) - 1:
            return None  # "[a] and [b]": two pairs
    if depth != 0:
        return None
    width = 2 if text.startswith("[[") and text.endswith("]]") and bracket_content(text[1:-1]) is not None else 1
    content = text[width:-width]
    return content if content.strip() else None


def choices_for(kind: str, chosen: str, text: str = "") -> tuple[str, ...]:
    """What the decisions file can take for a decision of ``kind`` on ``text``, its own choice first."""
    if kind in LAYOUT_KINDS:
        return (ONE_BLOCK, TWO_BLOCKS)
    if kind in ROLE_CHOICES:
        return ROLE_CHOICES[kind]
    offered = [chosen]
    if kind in LITERAL_KINDS:
        offered.append(LITERAL)
    if kind in NAME_KINDS:
        offered += [encoding for encoding in NAME_ENCODINGS if encoding not in offered]
        return tuple(offered)  # or an entry's id: REGISTER_ID
    content = bracket_content(text)
    if content is not None:
        encodings = [SUPPLIED, NOTE] + ([PAGE_BREAK] if _FOLIO_NUMBER.fullmatch(content) else [])
        offered += [encoding for encoding in encodings if encoding not in offered]
    return tuple(offered)


def _unsupported(identifier: str, choice: str, offered: tuple[str, ...]) -> str:
    return (
        f"{choice!r} is not a choice for {identifier!r}: the decisions file takes "
        f"{' or '.join(repr(option) for option in offered)}: skipped"
    )


def edited_decisions_text(text: str, expected: DecisionsFile) -> str | None:
    """``text`` with its lines changed to say ``expected``, keeping comments and order; None if unsure.

    An editor's comments (why a decision was taken) are part of the file: a
    rewrite would lose them. Each ``key = value`` line is read on its own; the
    result is read back and must say exactly ``expected``.
    """
    import json
    import tomllib

    from pydantic import ValidationError

    lines = text.splitlines(keepends=True)
    section: str | None = None
    found: dict[tuple[str | None, str], int] = {}
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped.strip("[] ")
            continue
        try:
            parsed = tomllib.loads(line)
        except tomllib.TOMLDecodeError:
            continue
        if len(parsed) == 1:
            found[(section, next(iter(parsed)))] = index
    changed = list(lines)
    removed: set[int] = set()
    current = load_decisions_text(text)
    for identifier in current.decisions.keys() - expected.decisions.keys():
        if (at := found.get(("decisions", identifier))) is None:
            return None
        removed.add(at)
    additions: list[str] = []
    for identifier, choice in expected.decisions.items():
        line = f"{json.dumps(identifier, ensure_ascii=False)} = {json.dumps(choice, ensure_ascii=False)}\n"
        if (at := found.get(("decisions", identifier))) is not None:
            if current.decisions.get(identifier) != choice:
                changed[at] = line
        else:
            additions.append(line)
    if expected.editor != current.editor:
        line = f"editor = {json.dumps(expected.editor, ensure_ascii=False)}\n"
        if (at := found.get((None, "editor"))) is not None:
            changed[at] = line
        else:
            changed.insert(0, line)
            removed = {position + 1 for position in removed}
    result = [line for index, line in enumerate(changed) if index not in removed]
    if additions:
        if not any(line.strip() == "[decisions]" for line in result):
            result.append("\n[decisions]\n")
        if result and not result[-1].endswith("\n"):
            result[-1] += "\n"
        result.extend(additions)  # [decisions] is the file's only table, so it runs to the end
    new_text = "".join(result)
    try:
        if load_decisions_text(new_text) != expected:
            return None
    except (tomllib.TOMLDecodeError, ValidationError):
        return None
    return new_text


def load_decisions_text(text: str) -> DecisionsFile:
    import tomllib

    return decisions_from_table(tomllib.loads(text))
