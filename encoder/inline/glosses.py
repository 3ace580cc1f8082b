"""Expansions and glosses the translator put after a word.

::

    VNS [Supreme People's Assembly]  → <choice rend="bracketed"><abbr>VNS</abbr>
                                          <expan resp="#translator">Supreme People's Assembly</expan></choice>
    "ZhMZhb" [Renmin Ribao]          → the abbreviation keeps its quotation (a q inside abbr)
    "ganbu" [cadre]                  → <term>"ganbu"</term> <gloss resp="#translator">cadre</gloss>

An abbreviation is a short word (quoted or not) with at least two capitals
and capitals for at least 40 % of its letters; the expansion starts with a
capital. A gloss follows a quoted lower-case word and is lower-case itself.
When the expansion's initials do not spell the abbreviation (``ZhMZhb`` is
Russian for *Renmin Ribao*) the choice is reported.
"""

from __future__ import annotations

import re

from encoder import patterns
from encoder.inline.brackets import BracketPair, BracketShape, space_before
from encoder.inline.core import LOOKBEHIND_WINDOW, BlockContext, Construct, Parts, match_before
from encoder.model import Choice, Inline, generic

_WORD_BEFORE = patterns.compile(r"(?P<word>[\"“]?(?<![\w.])(?P<bare>\w+(?:\.\w+)*\.?)[\"”]?) $")
_QUOTED_BEFORE = patterns.compile(r"(?P<word>[\"“](?P<bare>[A-Za-z][\w -]{0,40})[\"”]) $")
_CLOSING_QUOTES = frozenset('"”')  # the characters _QUOTED_BEFORE's term ends in, before its space
PRIORITY = 72
# An expansion begins with a capital, a gloss with a small letter: a letter first, in any script.
CLAIMS: frozenset[BracketShape] = frozenset({"capitalised", "lowercase", "other"})


def is_abbreviation(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    return 2 <= len(letters) <= 8 and capitals >= 2 and capitals / len(letters) >= 0.4


def _initials_match(abbreviation: str, expansion: str) -> bool:
    initials = "".join(word[0] for word in expansion.split() if word[:1].isupper())
    return initials.upper() == "".join(c for c in abbreviation if c.isupper())


def word_before(text: str, end: int) -> re.Match[str] | None:
    """``match_before(_WORD_BEFORE, text, end)``, searched from the last space before the word.

    _WORD_BEFORE ends in a space at ``end`` (or before a line break there) and holds no other:
    no match begins at or before an earlier space, and the pattern, which cannot skip ahead
    (it may begin with a word character), need not be tried there. Its lookbehind still sees
    the character before where the search begins.
    """
    window = max(0, end - LOOKBEHIND_WINDOW)
    return _WORD_BEFORE.search(text, max(window, text.rfind(" ", window, end - 2) + 1), end)


def _quote_before_space(text: str, position: int) -> bool:
    """Whether the space :func:`space_before` found follows a closing quote, as _QUOTED_BEFORE needs."""
    space = position - 1 if text[position - 1 : position] == " " else position - 2
    return text[space - 1 : space] in _CLOSING_QUOTES


def classify(pair: BracketPair, context: BlockContext) -> Construct | None:
    text = context.text
    content = pair.content
    # Both the abbreviation and the quoted term end in " $" (_WORD_BEFORE, _QUOTED_BEFORE).
    if pair.double or not content[:1].isalpha() or not space_before(text, pair.open):
        return None
    expansion = content[0].isupper() and " " in content and "[" not in content  # an expansion holds no bracket
    abbreviation = word_before(text, pair.open) if expansion else None
    if abbreviation and is_abbreviation(abbreviation.group("bare")):
        start, end = abbreviation.span("word")
        if not _initials_match(abbreviation.group("bare"), content):
            context.decide(
                "expansion",
                start,
                pair.end,
                "abbr + expan",
                alternatives=("supplied",),
                message="the expansion's initials do not spell the abbreviation",
            )

        def build_choice(parts: Parts, offset: int) -> list[Inline]:
            return [
                Choice(
                    children=(
                        generic("abbr", tuple(parts[0])),
                        generic("expan", tuple(parts[1]), resp="#translator"),
                    ),
                    rend="bracketed",
                    offset=offset,
                )
            ]

        return Construct(
            start,
            pair.end,
            ((start, end), (pair.content_start, pair.content_end)),
            build_choice,
            PRIORITY,
            "expansion",
            text_parts=frozenset({1}),  # expan holds text only
            quoted_text_parts=frozenset({0}),  # abbr holds text and a quotation
        )
    # "ganbu" [cadre], "Posmotrim" [we shall see]; an unquoted "fundamental [objective]" is
    # far more often a supplied word than a gloss, so only a quoted term is glossed.
    if not content[0].islower() or len(content.split()) > 6:
        return None
    term = match_before(_QUOTED_BEFORE, text, pair.open) if _quote_before_space(text, pair.open) else None
    if term:
        start, end = term.span("word")

        def build_gloss(parts: Parts, offset: int) -> list[Inline]:
            return [
                generic("term", tuple(parts[0])),
                " ",
                generic("gloss", tuple(parts[1]), resp="#translator", rend="bracketed"),
            ]

        return Construct(
            start,
            pair.end,
            ((start, end), (pair.content_start, pair.content_end)),
            build_gloss,
            PRIORITY,
            "gloss",
            text_parts=frozenset({1}),  # gloss holds text only
            quoted_text_parts=frozenset({0}),  # term holds text and a quotation (no name, date or page)
        )
    return None
