"""Cover names and the persons they stand for, identified by the translator.

::

    asked about Ivanov [Molotov]        → <rs type="cover-name">Ivanov <supplied
                                            reason="identification">Molotov</supplied></rs>
    received by Slavov [Alexander Dubček] → <rs type="cover-name">Slavov <supplied …>Alexander Dubček</supplied></rs>

A name in brackets after another name that is not the same name in another
romanization (:mod:`.romanization` comes first) and does not complete it
(``Comrade Kim [Il Sung]``: a title before the name says the bracket goes on
with the name) names whom a cover name stands for. The ``rs`` holds both, so
a search for either finds the passage. The reading is a guess from the shape
of the words alone, so every one is reported.
"""

from __future__ import annotations

import re

from encoder import patterns
from encoder.inline.brackets import BracketPair, BracketShape, space_before
from encoder.inline.core import LOOKBEHIND_WINDOW, BlockContext, Construct, Parts
from encoder.model import Inline, Supplied, generic

_NAME_TOKEN = r"[A-ZÀ-Ý][\w’'-]+"
_COVER_BEFORE = patterns.compile(rf"(?<![\w.’'-])(?P<cover>{_NAME_TOKEN}(?: {_NAME_TOKEN})?) $")
_IDENTITY = patterns.compile(rf"{_NAME_TOKEN}(?: (?:{_NAME_TOKEN}|[A-Z]\.)){{0,2}}")
# Words before a name that make the bracket part of the name ("Comrade Kim [Il Sung]").
_TITLES = frozenset(
    "Comrade Comrades Premier Chairman Ambassador Minister President Secretary General Marshal Mr Mrs Dr "
    "Deputy Vice Counsellor Consul Prime Foreign Party Mao Kim Zhou Ho".split()
)
# A bracket that clarifies a place or a group, not a person: "[North Korea]", "[Soviet Union]".
_NOT_A_PERSON = frozenset("North South East West Soviet Chinese Korean The Democratic People's Republic".split())
# Pronouns, articles and the adjectives of nations are no cover names ("You [China]", "Korean [Workers'] Party").
_NOT_NAMES = frozenset(
    "I You We They He She It The This That These Those Our Their His Her Its My Your Chinese Korean Soviet "
    "Russian Vietnamese Japanese American British German Polish Hungarian Czech Czechoslovak Romanian "
    "Bulgarian Mongolian Cuban Yugoslav French Albanian Indian Indonesian Laotian Cambodian".split()
)
PRIORITY = 66
CLAIMS: frozenset[BracketShape] = frozenset({"capitalised", "other"})  # _IDENTITY begins with A-Z or À-Ý


def cover_before(text: str, end: int) -> re.Match[str] | None:
    """``match_before(_COVER_BEFORE, text, end)``, searched from the second space before the last.

    _COVER_BEFORE begins with a lookbehind, so the engine tries it at every position of the
    window. Its match holds one or two spaces (the last, and the one between two names) and no
    other white space: it cannot begin at or before a third space back. The lookbehind still
    sees the character before where the search begins.
    """
    window = max(0, end - LOOKBEHIND_WINDOW)
    last = end - 1 if text[end - 1 : end] == " " else end - 2  # " $": the space, or the one before a line break
    between = text.rfind(" ", window, last)
    start = text.rfind(" ", window, between) + 1 if between > window else window
    return _COVER_BEFORE.search(text, max(window, start), end)


def last_word_before(text: str, at: int) -> str | None:
    """``text[:at].split()[-1]``, or None when ``text[:at]`` holds no word.

    Read back from ``at`` over the white space and the word only: splitting all the text
    before every candidate made a paragraph of many bracketed names quadratic. White space
    is what ``str.split`` splits at (``str.isspace``).
    """
    end = at
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0:
        return None
    start = end - 1
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def classify(pair: BracketPair, context: BlockContext) -> Construct | None:
    text = context.text
    content = pair.content
    # _COVER_BEFORE ends in " $": no cover name before a bracket without a space before it.
    if pair.double or not space_before(text, pair.open) or not _IDENTITY.fullmatch(content):
        return None
    if content.split()[0] in _NOT_A_PERSON:
        return None
    before = cover_before(text, pair.open)
    if before is None:
        return None
    cover_words = before.group("cover").split()
    preceding = last_word_before(text, before.start())
    after = text[pair.end : pair.end + 40].split()
    if (
        any(word in _TITLES or word in _NOT_NAMES for word in cover_words)
        or (after and after[0][:1].isupper())  # "Chinese [Communist] Party": a word supplied inside a name
        or (preceding is not None and preceding.rstrip(".,") in _TITLES)
        or preceding is None  # a name opening the paragraph is most often a speaker or subject, not a cover
    ):
        return None
    start, end = before.span("cover")
    context.decide(
        "cover-name", start, pair.end, "rs[@type='cover-name'] with the person supplied",
        alternatives=("supplied clarification",),
        message="a name in brackets after another name: read as the person a cover name stands for",
    )  # fmt: skip

    def build(parts: Parts, offset: int) -> list[Inline]:
        identity = Supplied(children=tuple(parts[1]), reason="identification", offset=offset)
        return [generic("rs", (*parts[0], " ", identity), type="cover-name")]

    return Construct(
        start, pair.end, ((start, end), (pair.content_start, pair.content_end)), build, PRIORITY, "cover name",
        text_parts=frozenset({0}),  # rs holds the name as text: no romanization choice in it
    )  # fmt: skip
