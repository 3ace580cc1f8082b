"""Persons, places and organisations in running text, and their entries in the register.

::

    Comrade Kim Il Sung          → <persName ref="registers.xml#person-kim-il-sung">
                                      <roleName>Comrade</roleName> Kim Il Sung</persName>
    the Workers' Party of Korea  → the <orgName ref="registers.xml#org-workers-party-of-korea">…</orgName>
    talks in Pyongyang           → talks in <placeName ref="registers.xml#place-pyongyang">Pyongyang</placeName>

Names come from two sources. The register (:mod:`encoder.registers`) first:
every spelling a curated entry lists is that entry wherever it stands as
whole words, and what the register says a name is wins over any rule. Then
the rules, one module each (:mod:`.persons`, :mod:`.places`,
:mod:`.organisations`), find names by their shape. Where candidates overlap,
the longest wins (``Comrade Kim Il Sung`` over ``Kim Il Sung``).

A rule's name the register knows is linked with ``@ref`` and certain. One it
does not know is tagged without ``@ref`` and reported as ``name-candidate``
(take it, leave it ``literal``, or call it another kind of name in
``NAME.decisions.toml``; ``tei-encoder register`` proposes it as an entry). A
spelling two entries share is tagged without ``@ref`` and reported as
``name-ambiguous``, the entries as alternatives; the editor answers with the
entry's id. Without a register, rules alone apply and no name gets ``@ref``.

Names are found after every other rule, and a candidate that would cross
other markup, hold anything but supplied words, or stand where a name may
not (inside a gloss, a date) is dropped: a wrong name tag is worse than none.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from encoder import patterns
from encoder.inline.core import BlockContext, Construct, Parts, alternatives_by_first_letter
from encoder.inline.name_shapes import AFTER, BEFORE, plain, role_length
from encoder.model import Inline, Name, generic
from encoder.registers import KIND_OF, NAME_OF, Entry, NameElement
from encoder.report import Decision

PRIORITY = 15
NAME_ELEMENTS: tuple[NameElement, ...] = ("persName", "placeName", "orgName")
# What a name-candidate decision offers instead of its element, made once, not for each of a document's names.
_CANDIDATE_ALTERNATIVES: dict[NameElement, tuple[str, ...]] = {
    element: (*(other for other in NAME_ELEMENTS if other != element), "literal") for element in NAME_ELEMENTS
}
# Markup a name may hold: the translator's completion of it ("[Leonid] Brezhnev").
_MAY_HOLD = frozenset({"supplied", "editor: supplied"})


class NameCandidate(NamedTuple):  # made by the hundred a document: a tuple is made five times faster
    start: int
    end: int
    element: NameElement
    rule: str


NameRule = Callable[[BlockContext], list[NameCandidate]]


@dataclass(frozen=True, slots=True, eq=False)  # a key by identity: hashing its fragments each time costs
class WordKind:
    """Words a name rule needs in a block before it searches it (a title, a head noun …).

    ``fragments`` are regular expressions, one of which begins every match of ``pattern``.
    Each begins with a plain capital letter and then a plain character (a letter, not regex
    syntax such as ``.?``): the one search of :func:`first_words` groups the fragments by
    both (``alternatives_by_first_letter``), and a test holds every fragment to that.
    """

    fragments: tuple[str, ...]
    pattern: re.Pattern[str]


@functools.cache
def _first_words_search() -> tuple[tuple[WordKind, ...], re.Pattern[str]]:
    """The rules' word kinds, and one pattern that finds where a word of any of them can begin.

    It consumes only the capital its fragments begin with, so no place where one begins is
    hidden inside another's match.
    """
    from encoder.inline import organisations, persons, places  # the rules import this module

    kinds = (persons.TITLE_WORDS, persons.SURNAME_WORDS, places.PLACE_WORDS_KIND, organisations.HEAD_NOUN_WORDS)
    rests: dict[str, list[str]] = {}
    for kind in kinds:
        for fragment in kind.fragments:
            rests.setdefault(fragment[0], []).append(fragment[1:])
    # The rests grouped by their own first letter too, so that at a capital the engine tries a
    # handful of groups, not every word that begins with it.
    return kinds, patterns.compile(
        "|".join(f"{first}(?={alternatives_by_first_letter(rest, '')})" for first, rest in rests.items())
    )


@functools.lru_cache(maxsize=1)  # the three rules of one block ask for the same text in turn
def first_words(text: str) -> Mapping[WordKind, re.Match[str]]:
    """For each of the name rules' word kinds, its first match in ``text`` (``kind.pattern.search``), if any.

    One search finds every place where a word of any kind can begin, and each kind is tried
    there until it is found: the rules' four searches of every block made in one. The
    mapping is read only: the cache hands the same one to each rule.
    """
    kinds, anywhere = _first_words_search()
    found: dict[WordKind, re.Match[str]] = {}
    for candidate in anywhere.finditer(text):
        for kind in kinds:
            if kind not in found and (match := kind.pattern.match(text, candidate.start())):
                found[kind] = match
        if len(found) == len(kinds):
            break
    return MappingProxyType(found)


def _registered(context: BlockContext) -> list[NameCandidate]:
    """Every spelling a curated register entry lists, as whole words."""
    register = context.state.register
    if register is None:
        return []
    pattern = register_pattern(register.spellings())
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(context.text):
        entries = register.entries_for(plain(match.group()))
        element = NAME_OF[entries[0].kind] if entries else "persName"
        found.append(NameCandidate(match.start(), match.end(), element, "register"))
    return found


_PATTERNS: dict[tuple[str, ...], re.Pattern[str] | None] = {}


def register_pattern(spellings: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for every spelling, longest first; apostrophes and spaces as the text may write them.

    A word may stand in the translator's brackets (``[Leonid] Brezhnev``); a bracket
    that does not close within the name crosses the supplied words and drops the name.
    """
    if spellings not in _PATTERNS:
        _PATTERNS.clear()  # one register per run: keep only its pattern
        _PATTERNS[spellings] = patterns.compile(_register_regex(spellings)) if spellings else None
    return _PATTERNS[spellings]


# BEFORE's characters: the lookbehind is written after a name's first character (see below).
_NOT_BEFORE_A_NAME = BEFORE.removeprefix("(?<!").removesuffix(")")


def _register_regex(spellings: Sequence[str]) -> str:
    r"""``BEFORE(?:\[?W1\]?\s+\[?W2\]?…|…)AFTER``, one alternative per spelling, written so the engine
    skips to where a spelling can begin.

    A pattern that begins with a lookbehind is tried at every position of the text with
    every spelling in turn: with a register of a hundred spellings that was a third of a
    conversion's time. Written instead as ``\[`` followed by the spellings, or the spellings
    themselves, each set grouped by first letter (:func:`~.core.alternatives_by_first_letter`),
    the pattern begins with literals and the engine looks only where one of them stands. It
    matches what the plain form matches, tried in the same order:

    - the plain form's ``\[?`` takes a bracket and tries every spelling after it, then tries
      every spelling at the bracket itself, where none can match, as none begins with one;
    - BEFORE, which looks at the character before the name's first character (the bracket's,
      if there is one), is written after that character and made one character wider.

    The rewrite needs every spelling to begin with a letter or digit, the literals it groups
    by; a register with another spelling gets the plain form.
    """
    alternatives = [
        r"\]?\s+\[?".join(re.escape(word).replace("'", "['’]") for word in spelling.split()) + r"\]?"
        for spelling in spellings
    ]
    if not all(spelling[:1].isalnum() for spelling in spellings):
        plain_form = "|".join(r"\[?" + alternative for alternative in alternatives)
        return rf"{BEFORE}(?:{plain_form}){AFTER}"
    after_bracket = alternatives_by_first_letter(alternatives, "")
    bare = alternatives_by_first_letter(alternatives, f"(?<!{_NOT_BEFORE_A_NAME}.)")
    return rf"(?:\[(?<!{_NOT_BEFORE_A_NAME}\[)(?:{after_bracket})|{bare}){AFTER}"


def scan(
    context: BlockContext,
    constructs: Sequence[Construct],
    rules: Sequence[NameRule],
    *,
    reported: Sequence[Decision] = (),
) -> list[Construct]:
    """The names in one block that fit around ``constructs``, the rules' markup.

    ``reported`` are the block's decisions so far: a name holding a suspected
    slip (``Kim II Sung``) is no name to mark or propose until the slip is settled, unless
    the register lists that spelling (a ``misprint`` variant: curated entries win).
    """
    candidates = _registered(context)
    for rule in rules:
        candidates.extend(rule(context))
    if not candidates:
        return []
    if slips := _slip_spans(context, reported):
        # a curated spelling wins: a register that lists the misprint links it (the slip stays reported)
        candidates = [
            c
            for c in candidates
            if c.rule == "register" or not any(c.start < end and start < c.end for start, end in slips)
        ]
        if not candidates:
            return []
    around = _Neighbours(constructs)
    chosen: list[Construct] = []
    taken_until = -1
    # The longest first at each place; a register's reading before a rule's of the same span.
    if context.state.register is not None:
        candidates = [_known_part(context, candidate) for candidate in candidates]
    for candidate in sorted(candidates, key=lambda c: (c.start, -c.end, c.rule != "register")):
        if candidate.start < taken_until:
            continue
        construct = _fitting(context, candidate, around.overlapping(candidate.start, candidate.end))
        if construct is None:
            continue
        chosen.append(construct)
        taken_until = candidate.end
    return chosen


def _slip_spans(context: BlockContext, reported: Sequence[Decision]) -> list[tuple[int, int]]:
    """Where in the block the suspected slips reported in it stand."""
    spans: list[tuple[int, int]] = []
    slips = [decision for decision in reported if decision.kind == "suspected-slip"]
    if not slips:
        return spans
    line_starts = context.state.source.line_starts
    anchors = context.mapped.anchors
    sources = [source for _index, source in anchors]  # the pieces stand in source order
    for decision in slips:
        offset = line_starts[decision.line - 1] + decision.col - 1
        piece = bisect.bisect_right(sources, offset) - 1
        start = anchors[piece][0] + offset - sources[piece] if piece >= 0 else -1
        if 0 <= start < len(context.text) and context.mapped.offset(start) == offset:
            spans.append((start, start + len(decision.text)))
    return spans


class _Neighbours:
    """The constructs that overlap a span, for spans asked in order of their start.

    A sweep keeps the ones that began before the span and are still open, so
    a paragraph of many names and many brackets is read in n log n, not n².
    """

    def __init__(self, constructs: Sequence[Construct]) -> None:
        self._ordered = sorted(constructs, key=lambda c: c.start)
        self._starts = [c.start for c in self._ordered]
        self._open: list[tuple[int, int]] = []  # (end, index) of constructs begun before the last span
        self._next = 0

    def overlapping(self, start: int, end: int) -> list[Construct]:
        while self._next < len(self._ordered) and self._ordered[self._next].start < start:
            heapq.heappush(self._open, (self._ordered[self._next].end, self._next))
            self._next += 1
        while self._open and self._open[0][0] <= start:
            heapq.heappop(self._open)
        inside = range(self._next, bisect.bisect_left(self._starts, end, self._next))
        return [self._ordered[index] for _end, index in self._open] + [self._ordered[index] for index in inside]


def _known_part(context: BlockContext, candidate: NameCandidate) -> NameCandidate:
    """A rule's name cut back to the longest start of it the register knows.

    A title in a heading is followed by words in capitals that are no part of
    the name (``Comrade Hao Deqing Reports``): the register knows where the name ends.
    """
    register = context.state.register
    if register is None or candidate.rule == "register":
        return candidate
    text = context.text[candidate.start : candidate.end]
    name_at = _name_start(text, candidate.element)
    words = list(re.finditer(r"\S+", text[name_at:]))
    if register.entries_for(plain(text[name_at:])):
        return candidate
    for count in range(len(words) - 1, 0, -1):
        end = name_at + words[count - 1].end()
        if register.entries_for(plain(text[name_at:end])):
            return NameCandidate(candidate.start, candidate.start + end, candidate.element, candidate.rule)
    return candidate


def _name_start(text: str, element: NameElement) -> int:
    """Where the name begins after its role (``Vice Premier Li`` → 13)."""
    if element != "persName":
        return 0
    role_end = role_length(text)
    return role_end + len(text[role_end:]) - len(text[role_end:].lstrip())


def _fitting(context: BlockContext, candidate: NameCandidate, constructs: Sequence[Construct]) -> Construct | None:
    """The candidate's construct if it sits well with the others' markup; None (dropped, silently) if not.

    Construct.crosses and .contains written out on the spans: most candidates meet no other
    markup, and those that do are compared with a probe construct only where a part decides.
    """
    start, end = candidate.start, candidate.end
    probe: Construct | None = None
    for other in constructs:
        if other.start == other.end:  # a seam or page break at a point: inside a name it would be markup
            if start < other.start < end:
                return None
            continue
        if (start < other.start < end < other.end) or (other.start < start < other.end < end):
            return None  # it crosses the other
        if other.start == start and other.end == end:
            return None
        # The spans differ from here on, so holding one is containing it (Construct.contains).
        if start <= other.start and other.end <= end and other.kind not in _MAY_HOLD:
            return None
        if other.start <= start and end <= other.end:
            if probe is None:
                probe = Construct(start, end, ((start, end),), _nothing, PRIORITY, "name")
            if not other.may_hold(probe):
                return None
    from_rule = candidate.rule != "register"
    return name_construct(context, candidate.start, candidate.end, candidate.element, decide=from_rule)


def holds_other_markup(construct: Construct, others: Sequence[Construct]) -> bool:
    """A name that would hold markup no name may (an editor made its bracket a note)."""
    return construct.kind in NAME_ELEMENTS and any(
        construct.contains(other) and other.kind not in _MAY_HOLD for other in others
    )


def _nothing(parts: Parts, offset: int) -> list[Inline]:
    return []


def name_construct(
    context: BlockContext,
    start: int,
    end: int,
    element: NameElement,
    *,
    decide: bool = True,
    entry: Entry | None = None,
    priority: int = PRIORITY,
) -> Construct:
    """A name over ``text[start:end]``, its role apart, linked to its entry; the doubt reported if ``decide``.

    ``entry`` is the editor's answer; otherwise the register's single entry for the name.
    """
    text = context.text[start:end]
    name_start = start + _name_start(text, element)
    role_end = start + len(text[: name_start - start].rstrip())
    spelling = plain(context.text[name_start:end])
    register = context.state.register
    if entry is None and register is not None:
        entries = register.entries_for(spelling)
        if len(entries) == 1:
            entry = entries[0]
        elif len(entries) > 1:
            context.decide(
                "name-ambiguous", start, end, element,
                alternatives=(*(e.identifier for e in entries), "literal"),
                message=f"{len(entries)} register entries list {spelling!r}: linked to none; name the entry",
            )  # fmt: skip
            decide = False
    if entry is not None:
        element = NAME_OF[entry.kind]  # the register knows better than the shape of the words
    elif decide:
        context.decide(
            "name-candidate", start, end, element,
            alternatives=_CANDIDATE_ALTERNATIVES[element],
            message=f"read as a {element} by its shape ({spelling!r} is not in the register): check it",
        )  # fmt: skip
    ref = entry.ref if entry is not None else None
    gap = context.text[role_end:name_start]

    def build(parts: Parts, offset: int) -> list[Inline]:
        if role_end == start:
            return [Name(children=tuple(parts[0]), kind=element, ref=ref, offset=offset)]
        role = generic("roleName", tuple(parts[0]))
        return [Name(children=(role, gap, *parts[1]), kind=element, ref=ref, offset=offset)]

    parts = ((start, end),) if role_end == start else ((start, role_end), (name_start, end))
    return Construct(start, end, parts, build, priority, element)


def kind_of_choice(choice: str) -> NameElement | None:
    """The element a decisions-file choice names: ``placeName``, or an entry id's kind (``place-…``)."""
    for element in NAME_ELEMENTS:
        if choice == element or choice.startswith(f"{KIND_OF[element]}-"):
            return element
    return None
