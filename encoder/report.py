"""The review report: every decision that is not certain, every suspected slip.

``tei-encoder convert --report FILE`` writes it as JSON so that an editor can
walk through the doubtful places (``line:col``) and check what was chosen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from encoder import patterns
from encoder.errors import Diagnostic


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    id: str = ""  # stable: the kind and the text ("suspected-slip:kim-ii"), see in_position_order
    kind: str
    text: str
    line: int
    col: int
    chosen: str
    alternatives: tuple[str, ...] = ()
    confidence: str = "medium"  # "high" decisions are not reported; EDITOR_DECIDED: taken from the decisions file
    message: str = ""
    # Where the decision's markup is in the TEI: the element's XPath (tei: prefix), and its
    # xml:id when it has one. A decision that left no element of its own (kept as text,
    # a line break) points to the block that holds its place; one in the header to nothing.
    tei_element: str = ""
    tei_id: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Decision:
        """A decision as :meth:`FileReport.as_json` wrote it; keys it does not know are left out."""
        known = {key: value for key, value in data.items() if key in cls.__dataclass_fields__}
        return cls(**{**known, "alternatives": tuple(data.get("alternatives", ()))})


EDITOR_DECIDED = "editor"


def in_position_order(
    decisions: Sequence[Decision], surroundings: Callable[[Decision], tuple[str, str]] = lambda decision: ("", "")
) -> tuple[Decision, ...]:
    """The decisions sorted by their place in the transcript, each with its stable id.

    The id is made of the decision's kind and its text (``suspected-slip:kim-ii``,
    ``bracketed-number:16``), not its line and column, so an editor's reference
    to it (in ``NAME.decisions.toml``) survives edits elsewhere in the transcript.
    Decisions of one kind on the same text are told apart by their paragraph's
    words around each (``surroundings``: the text before and after it):
    ``bracketed-number:16~after-to-worry`` by as few words before as make it
    unique, at most four; else ``~before-the-talks`` by the words after it;
    else a number in order among those still alike. Not by their order alone:
    an occurrence added before the others would then take the id an editor
    gave to the next one, and the editor's choice would silently move to
    another place. A decision that already has an id keeps it.
    """
    ordered = sorted(decisions, key=lambda decision: (decision.line, decision.col))
    groups: dict[str, list[int]] = {}
    for index, decision in enumerate(ordered):
        if not decision.id:
            groups.setdefault(f"{decision.kind}:{_slug(decision.text)}", []).append(index)
    identifiers: dict[int, str] = {}
    for base, members in groups.items():
        if len(members) == 1:
            identifiers[members[0]] = base
            continue
        contexts = _distinct_contexts([surroundings(ordered[index]) for index in members])
        identifiers.update((index, f"{base}~{context}") for index, context in zip(members, contexts, strict=True))
    return tuple(
        replace(decision, id=identifiers[index]) if index in identifiers else decision
        for index, decision in enumerate(ordered)
    )


_CONTEXT_WORDS = 4
_WORD = patterns.compile(r"[^\W_]+")


def _words(text: str, *, last: bool) -> tuple[str, ...]:
    """The last (or first) few words of ``text``, lower case, nearest the place first.

    A short window first: a paragraph may hold a million alike marks."""
    for window in (48, 200):
        part = text[-window:] if last else text[:window]
        words = _WORD.findall(part)
        if len(words) > _CONTEXT_WORDS or window >= len(text):
            break  # more words than needed: the one the window may have cut is not among them
    nearest = reversed(words[-_CONTEXT_WORDS:]) if last else words[:_CONTEXT_WORDS]
    return tuple(word.casefold() for word in nearest)


def _distinct_contexts(surroundings: list[tuple[str, str]]) -> list[str]:
    """For each occurrence, the fewest words around it that tell it from the others.

    First the words before it (one, two, … four), then for those still alike
    the words after it; occurrences alike in all of them are numbered in order
    (``~2``). Linear in the number of occurrences: at each step the
    occurrences still alike are counted by their words."""
    befores = [_words(before, last=True) for before, _ in surroundings]
    afters: dict[int, tuple[str, ...]] = {}
    labels = [""] * len(surroundings)
    undecided = list(range(len(surroundings)))
    for side in ("after", "before"):  # the label names where the place is: after these words, before those
        if side == "before":
            afters = {index: _words(surroundings[index][1], last=False) for index in undecided}
        words_of = befores.__getitem__ if side == "after" else afters.__getitem__
        for width in range(1, _CONTEXT_WORDS + 1):
            sharing = Counter(words_of(index)[:width] for index in undecided)
            still = []
            for index in undecided:
                words = words_of(index)[:width]
                if sharing[words] == 1:
                    labels[index] = _label(side, words)
                else:
                    still.append(index)
            undecided = still
    for index in undecided:  # alike all round
        labels[index] = _label("after", befores[index])
    alike = Counter(labels)
    seen: Counter[str] = Counter()
    numbered = []
    for label in labels:
        if alike[label] > 1:
            seen[label] += 1
            label = f"{label}~{seen[label]}"
        numbered.append(label)
    return numbered


def _label(side: str, nearest_first: tuple[str, ...]) -> str:
    if not nearest_first:
        return "at-start" if side == "after" else "at-end"
    words = reversed(nearest_first) if side == "after" else nearest_first
    return f"{side}-{_slug(' '.join(words))}"


_SLUG_WIDTH = 40
_NOT_WORD = patterns.compile(r"[\W_]+")


def _slug(text: str) -> str:
    """The text as an id part: lower case, words joined by hyphens, at most 40 characters."""
    slug = _NOT_WORD.sub("-", text.casefold()).strip("-")
    if len(slug) > _SLUG_WIDTH:
        slug = slug[:_SLUG_WIDTH].rsplit("-", 1)[0] or slug[:_SLUG_WIDTH]
    return slug or "-"


def with_warnings(decisions: tuple[Decision, ...], warnings: tuple[Diagnostic, ...]) -> tuple[Decision, ...]:
    """The decisions and the warnings in one list, in position order.

    A warning about the whole document (no line) stands at its start.
    """
    around: dict[int, tuple[str, str]] = {}  # id() of a warning's decision → its line before and after it
    as_decisions = []
    for warning in warnings:
        decision = Decision(
            kind=f"warning:{warning.code}",
            text=(warning.source_line or "").strip()[:60],
            line=warning.line or 1,
            col=warning.col or 1,
            chosen="kept as written",
            confidence="low",
            message=warning.message,
        )
        line = warning.source_line or ""
        around[id(decision)] = (line[: (warning.col or 1) - 1], line[(warning.col or 1) - 1 :])
        as_decisions.append(decision)
    return in_position_order([*decisions, *as_decisions], lambda decision: around.get(id(decision), ("", "")))


@dataclass(frozen=True, slots=True, kw_only=True)
class FileReport:
    file: str
    output: str | None = None
    decisions: tuple[Decision, ...] = ()
    warnings: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The report as JSON values (lists for tuples), its keys in the order of the fields."""
        return _json_values(asdict(self))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileReport:
        """The report :meth:`as_json` gave (read back from a build's manifest, its keys in any order)."""
        return cls(
            file=data["file"],
            output=data.get("output"),
            decisions=tuple(Decision.from_json(decision) for decision in data.get("decisions", ())),
            warnings=tuple(data.get("warnings", ())),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    tool: str = "tei-encoder"
    version: str
    files: tuple[FileReport, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The report as ``convert --report`` writes it: JSON values, keys in the order of the fields."""
        return _json_values(asdict(self))


def _json_values(fields: dict[str, Any]) -> dict[str, Any]:
    """Tuples as lists, at any depth: the JSON values, as they compare with a report read back."""
    return {key: _as_json(value) for key, value in fields.items()}


def _as_json(value: object) -> object:
    if isinstance(value, dict):
        return _json_values(value)
    if isinstance(value, tuple | list):
        return [_as_json(item) for item in value]
    return value
