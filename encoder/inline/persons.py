"""Persons in running text: a title or role before a name, or a Korean name's shape.

::

    Comrade Kim Il Sung        → <persName><roleName>Comrade</roleName> Kim Il Sung</persName>
    Vice Premier Li Xiannian   → <persName><roleName>Vice Premier</roleName> Li Xiannian</persName>
    Ambassador Pan [Zili]      → <persName><roleName>Ambassador</roleName> Pan <supplied …>Zili</supplied></persName>
    Kim Byeong-jik said        → <persName>Kim Byeong-jik</persName>
    Dr. K. Weber               → <persName><roleName>Dr.</roleName> K. Weber</persName>

A role is one or more role words ending in a title (``Comrade``, ``Ambassador``,
``Premier``, ``Minister`` …); what follows it is a name when it is one to three
capitalised words, none of them a nation's adjective or a sentence word.
``the Ambassador to the Soviet Union`` has no name after the title and is no
person. A Korean surname followed by a hyphenated given name (``Kim
Byeong-jik``) or two short capitalised syllables (``Kim Il Sung``) is a person
without a title; surnames that are also English words (``So``, ``An``,
``Song``) need the hyphenated form.
"""

from __future__ import annotations

import re

from encoder import patterns
from encoder.inline.core import BlockContext, alternatives_by_first_letter
from encoder.inline.name_shapes import (
    AFTER,
    BEFORE_AFTER_FIRST,
    NATION_ADJECTIVES,
    NOT_A_NAME_START,
    ROLE,
    ROLE_MODIFIERS,
    ROUTING_WORDS,
    TITLES,
    TOKEN,
)
from encoder.inline.names import NameCandidate, WordKind, first_words
from encoder.inline.romanization import KOREAN_SURNAMES

_INITIAL = r"[A-Z]\."
# {BEFORE}(?P<role>{ROLE}) … written to begin with the role's first letter, so that the regex
# engine skips ahead to the letters a role can begin with. (M )*T, M and T alternatives, is
# M₁ (M )*T | M₂ (M )*T | … | T₁ | T₂ …, tried in that order (the repetition is greedy), and
# alternatives_by_first_letter moves BEFORE past the first letter of each.
_ROLE_WORDS = [f"{modifier} {ROLE}" for modifier in ROLE_MODIFIERS.split("|")] + TITLES.split("|")
_TITLED = patterns.compile(
    rf"(?P<role>{alternatives_by_first_letter(_ROLE_WORDS, BEFORE_AFTER_FIRST)}) "
    rf"(?P<name>(?:{_INITIAL} ){{0,2}}{TOKEN}(?: {TOKEN}){{0,2}}){AFTER}"
)
# Surnames that are English words too: only "So Chol-min", never "So Far".
_AMBIGUOUS_SURNAMES = frozenset("So An O Oh Go Ho Han Nam Song Sung Moon Mun Yu Ko Jo Om Chang Jang Kang Hong".split())
_SYLLABLE = r"[A-Z][a-z]{1,5}"
# {BEFORE}(?P<surname>[A-Z][a-z]{0,4}) …, with BEFORE after the capital: the engine skips to capitals.
_KOREAN = patterns.compile(
    rf"(?P<surname>[A-Z]{BEFORE_AFTER_FIRST}[a-z]{{0,4}}) (?P<given>[A-Z][a-z]+-[a-z]+|{_SYLLABLE} {_SYLLABLE}){AFTER}"
)
# Words a title may stand before that are not names ("Comrade Chairman", "Premier Minister").
_NOT_NAME_WORDS = (
    NOT_A_NAME_START
    | NATION_ADJECTIVES
    | frozenset(
        "Union Party Embassy Ministry Committee Government Republic Council State Affairs Department Office "
        "Conference Congress Assembly People People's Workers' Army Navy March".split()
    )
)


_NOT_IN_A_NAME = _NOT_NAME_WORDS | ROUTING_WORDS
TITLE_WORDS = WordKind(tuple(TITLES.split("|")), patterns.compile(TITLES))


def _name_words(name: str) -> list[str]:
    """The name's words up to the first that cannot be part of a name."""
    kept: list[str] = []
    for word in name.split(" "):
        if word.strip("[]") in _NOT_IN_A_NAME or TITLE_WORDS.pattern.fullmatch(word):
            break
        kept.append(word)
    while kept and len(kept[-1].strip("[].")) < 2:
        kept.pop()  # "Dr. K." alone is no name: an initial needs a name after it
    return kept


# A Korean name is one of the surnames, a space and a capitalised word (see _KOREAN). The
# surnames grouped by their first letter: the engine tries one group at a capital, not fifty words.
_SURNAMES = [re.escape(surname) for surname in sorted(KOREAN_SURNAMES)]
SURNAME_WORDS = WordKind(
    tuple(f"{surname} [A-Z]" for surname in _SURNAMES),
    patterns.compile("(?:" + alternatives_by_first_letter(_SURNAMES, "") + ") [A-Z]"),
)


def scan(context: BlockContext) -> list[NameCandidate]:
    text = context.text
    found: list[NameCandidate] = []
    # Looked for alone first, the words a match needs (names.first_words, one search for the
    # words of every name rule): a pattern that begins with a lookbehind (BEFORE, \b) is tried
    # at every position with each of its alternatives. Most paragraphs hold none of them.
    present = first_words(text)
    for match in _TITLED.finditer(text) if TITLE_WORDS in present else ():
        words = _name_words(match.group("name"))
        if not words:
            continue
        end = match.start("name") + len(" ".join(words))
        found.append(NameCandidate(match.start(), end, "persName", "title before a name"))
    for match in _KOREAN.finditer(text) if SURNAME_WORDS in present else ():
        surname, given = match.group("surname"), match.group("given")
        if surname not in KOREAN_SURNAMES or (surname in _AMBIGUOUS_SURNAMES and "-" not in given):
            continue
        if any(word in _NOT_NAME_WORDS for word in given.split()):
            continue
        found.append(NameCandidate(match.start(), match.end(), "persName", "Korean name"))
    return found
