"""The shapes of words that names are made of, shared by the name rules.

A name token is a capitalised word (``Zili``, ``Byeong-jik``, ``Workers'``,
``People's``) or a bracketed one the translator supplied (``[Leonid]``), so
``[Leonid] Brezhnev`` and ``Ambassador Pan [Zili]`` are names with the
completion inside them. Words that begin a sentence or stand for a nation
(``The``, ``Soviet``) never begin one.
"""

from __future__ import annotations

from encoder import patterns

# Letters of a word: ``Byeong-jik``, ``Dubček``; an apostrophe only as a possessive (``Workers'``, ``People's``).
WORD = r"(?:People['’]s|[A-ZÀ-Ý][A-Za-zÀ-ÿ]*(?:-[A-Za-zÀ-ÿ]+)*(?:(?<=s)['’](?![\w’']))?)"
SUPPLIED_WORDS = rf"\[{WORD}(?: {WORD})?\]"
TOKEN = rf"(?:{WORD}|{SUPPLIED_WORDS})"
BEFORE = r"(?<![\w’'\[-])"  # a name starts a word, not inside one
# BEFORE written after the name's first character, one character wider: a pattern that begins
# with that character (not with a lookbehind) lets the regex engine skip ahead to where it occurs.
BEFORE_AFTER_FIRST = r"(?<![\w’'\[-].)"
AFTER = r"(?![\w-])"  # a name ends a word; a possessive ('s) or a closing bracket may follow
# Capitalised words that are sentence openers, pronouns and the like, never the first word of a name.
NOT_A_NAME_START = frozenset(
    "The A An This That These Those Our Their His Her Its My Your In On At For With From By To And But If When "
    "After Before During As Since Although Both Each Every All Some Many Most No Not It He She We They I You "
    "Then There Here What Which Who Why How Such Other Another Also Only Even Yet So Or Nor Therefore However "
    "Comrade Comrades January February March April May June July August September October November December".split()
)
# Adjectives of nations: a name rule that sees one reads on (``Chinese Communist Party``) or stops.
NATION_ADJECTIVES = frozenset(
    "Chinese Korean Soviet Russian Vietnamese Japanese American British German Polish Hungarian Czech "
    "Czechoslovak Romanian Bulgarian Mongolian Cuban Yugoslav French Albanian Indian Indonesian Laotian "
    "Cambodian Western Eastern Northern Southern North South East West".split()
)


# Words of routing lines and stamps that follow a name on the next line ("Ministry of Foreign Affairs /
# Received 12 March"): never the last word of a name.
ROUTING_WORDS = frozenset(
    "Received Sent Dispatched Copy Copies Secret Top Urgent Confidential Attachment Enclosure Incoming Outgoing".split()
)


# A person's role: one or more role words ending in a title (:mod:`.persons` reads the name after it;
# :mod:`.names` sets it apart in the name it marks).
TITLES = (
    "Comrades?|Ambassador|Premier|Chairman|Minister|Marshal|President|Secretary|General|Counsellor|Consul"
    "|Chancellor|Attaché|Chargé d['’]Affaires|Mr\\.|Mrs\\.|Ms\\.|Dr\\.|Professor|Prince|King|Queen|Emperor"
)
ROLE_MODIFIERS = "Vice|Deputy|First|Second|Third|Prime|Foreign|Defense|Defence|Party|Chief|General|Acting|Former"
ROLE = rf"(?:(?:{ROLE_MODIFIERS}) )*(?:{TITLES})"
_ROLE_AT_START = patterns.compile(rf"(?P<role>{ROLE}) (?=\S)")


def role_length(text: str) -> int:
    """How many characters of a person's name as written are its role (``Vice Premier `` → 12)."""
    match = _ROLE_AT_START.match(text)
    return len(match.group("role")) if match else 0


def plain(text: str) -> str:
    """A name as the register lists it: the translator's brackets dropped, white space single."""
    if "[" in text or "]" in text:  # few names hold the translator's brackets
        text = text.replace("[", "").replace("]", "")
    return " ".join(text.split())
