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

from encoder import patterns
from encoder.inline.core import BlockContext
from encoder.inline.name_shapes import AFTER, BEFORE, NOT_A_NAME_START, ROUTING_WORDS, TOKEN, WORD
from encoder.inline.names import NameCandidate

HEAD_NOUNS = (
    "Party|Ministry|Embassy|Consulate|Committee|Council|Presidium|Politburo|Bureau|Department|Agency|Academy"
    "|Institute|University|Library|Commission|Federation|League|Association|Army|Front|Assembly|Secretariat"
    "|Government|Organization|Organisation|News Agency"
)
_ACRONYM = r"[A-Z]{2,6}"
_OWNER = rf"(?:{WORD}|{_ACRONYM})(?: (?:{WORD}|{_ACRONYM})){{0,3}}"
_HEAD_NOUNS_ALONE = patterns.compile(HEAD_NOUNS)  # the words alone: searched first, fast
_ANY_HEAD_NOUN = patterns.compile(rf"\b(?:{HEAD_NOUNS})\b")
_ORGANISATION = patterns.compile(
    rf"{BEFORE}(?P<modifiers>(?:{TOKEN} ){{0,4}})(?P<head>{HEAD_NOUNS})"
    rf"(?P<tails>(?: of (?:the )?{_OWNER}){{0,2}}){AFTER}"
)


def scan(context: BlockContext) -> list[NameCandidate]:
    found: list[NameCandidate] = []
    # The head nouns alone first: a pattern that begins with \b is tried at every position
    # with each of its alternatives, one that begins with the words skips to their first letters.
    if not (_HEAD_NOUNS_ALONE.search(context.text) and _ANY_HEAD_NOUN.search(context.text)):
        return found
    for match in _ORGANISATION.finditer(context.text):
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
