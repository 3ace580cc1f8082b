"""Organisations in running text: parties, ministries, embassies, committees, by their head noun.

::

    the Workers' Party of Korea                → <orgName>Workers' Party of Korea</orgName>
    the Ministry of Foreign Affairs of the DPRK → <orgName>Ministry of Foreign Affairs of the DPRK</orgName>
    the Chinese Communist Party                → <orgName>Chinese Communist Party</orgName>
    the Soviet Embassy                         → <orgName>Soviet Embassy</orgName>

A head noun (``Party``, ``Ministry``, ``Embassy``, ``Committee`` …) with
capitalised words before it, or with ``of (the) …`` capitalised words after
it (up to two such tails: ``Central Committee of the Communist Party of the
Soviet Union``), is an organisation. A head noun alone (``the Party``, ``our
Embassy``) names none. Newspapers and acronyms (``Rodong Sinmun``, ``CPSU``)
have no head noun: the register names them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from encoder import patterns
from encoder.inline.core import WORD_STARTS_BEFORE_IT, BlockContext, alternatives_by_first_letter
from encoder.inline.name_shapes import AFTER, BEFORE, NOT_A_NAME_START, ROUTING_WORDS, TOKEN, WORD
from encoder.inline.names import NameCandidate, WordKind, first_words

HEAD_NOUNS = (
    "Party|Ministry|Embassy|Consulate|Committee|Council|Presidium|Politburo|Bureau|Department|Agency|Academy"
    "|Institute|University|Library|Commission|Federation|League|Association|Army|Front|Assembly|Secretariat"
    "|Government|Organization|Organisation|News Agency"
)
_ACRONYM = r"[A-Z]{2,6}"
_OWNER = rf"(?:{WORD}|{_ACRONYM})(?: (?:{WORD}|{_ACRONYM})){{0,3}}"
# A head noun as a whole word: \b(?:{HEAD_NOUNS})\b written from the words' first letters (see
# alternatives_by_first_letter), so the engine skips to the capitals they begin with. An
# organisation's head noun is always a whole word (a space or the name's start before it, a space
# or AFTER after it), so the heads inside longer words ("Committees", "Frontier") need no trying.
_HEAD_NOUN = patterns.compile(rf"(?:{alternatives_by_first_letter(HEAD_NOUNS.split('|'), WORD_STARTS_BEFORE_IT)})\b")
HEAD_NOUN_WORDS = WordKind(tuple(HEAD_NOUNS.split("|")), _HEAD_NOUN)
_ORGANISATION = patterns.compile(
    rf"{BEFORE}(?P<modifiers>(?:{TOKEN} ){{0,4}})(?P<head>{HEAD_NOUNS})"
    rf"(?P<tails>(?: of (?:the )?{_OWNER}){{0,2}}){AFTER}"
)

# Where an organisation can begin: a capital (of a modifier or of the head noun) or a bracket.
_NAME_START = patterns.compile(r"[A-ZÀ-Ý\[]")
# At most four modifiers, each one word or a bracketed one or two words, and a space: eight spaces.
_MOST_SPACES_BEFORE_THE_HEAD = 8


def organisations_in(text: str, first_head: re.Match[str]) -> Iterator[re.Match[str]]:
    """``_ORGANISATION.finditer(text)``, tried only where an organisation can begin.

    _ORGANISATION begins with a lookbehind, so a search tries it at every position of the
    paragraph. An organisation holds a head noun (``first_head`` is the first) and begins at a
    capital or a bracket at most eight spaces before its head noun: only those positions, before
    each head noun in turn, are tried, in the order a search would try them. A position before
    an earlier head noun that was not tried cannot begin one: its head noun would be the later
    one, nine spaces or more away. After the first, only whole-word head nouns are looked for:
    the head of an organisation is one.
    """
    end = 0  # where the last organisation ended: the next begins there or later
    head: re.Match[str] | None = first_head
    while head is not None:
        earliest = head.start()
        for _ in range(_MOST_SPACES_BEFORE_THE_HEAD + 1):
            earliest = text.rfind(" ", 0, earliest)
            if earliest < 0:
                break
        for start in _NAME_START.finditer(text, max(end, earliest + 1), head.start() + 1):
            if start.start() >= end and (match := _ORGANISATION.match(text, start.start())):
                end = match.end()
                yield match
        head = _HEAD_NOUN.search(text, max(end, head.start() + 1))


def scan(context: BlockContext) -> list[NameCandidate]:
    found: list[NameCandidate] = []
    # Most paragraphs hold no head noun (names.first_words: one search for every name rule's words).
    first_head = first_words(context.text).get(HEAD_NOUN_WORDS)
    if first_head is None:
        return found
    for match in organisations_in(context.text, first_head):
        modifiers = match.group("modifiers").split()
        skipped = 0
        while skipped < len(modifiers) and modifiers[skipped].strip("[]") in NOT_A_NAME_START:
            skipped += 1
        if skipped == len(modifiers) and not match.group("tails"):
            continue  # "the Party", "Our Embassy": a head noun alone
        start = match.start("modifiers") + len(" ".join(modifiers[:skipped])) + (1 if skipped else 0)
        end = match.end()
        while context.text[start:end].rsplit(" ", 1)[-1] in ROUTING_WORDS:
            end = start + context.text[start:end].rindex(" ")  # "… Affairs Received": a stamp's next line
        found.append(NameCandidate(start, end, "orgName", "organisation head noun"))
    return found
