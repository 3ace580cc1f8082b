"""Words supplied by the translator: every bracket no earlier rule claimed.

::

    [North] Korea        → <supplied reason="clarification">North</supplied> Korea
    [we] explained       → reason="subject" (a pronoun the original leaves implicit)
    [but], [and], [that] → reason="implied" (a connective the original leaves implicit)
    [Leonid] Brezhnev    → reason="name-completion" (a given name before a surname)
    D[efense] M[inister] → reason="expansion" (inside a word)
    ["], [?]             → reason="punctuation"
    [1] would like       → reason="clarification", cert="low", reported (a number that is no page)
    [[V. Orlov?]], [13?] → cert="low" (an uncertain reading)

Double brackets keep ``rend="double-bracketed"``. A supplied text longer than
a sentence is kept, but reported: it may be an unlabelled note.
"""

from __future__ import annotations

import re

from encoder import patterns
from encoder.inline.brackets import BracketPair, BracketShape, space_before
from encoder.inline.core import BlockContext, Construct, Parts
from encoder.model import Inline, Supplied
from encoder.vocabulary import SuppliedReason

_PRONOUNS = frozenset(["i", "we", "he", "she", "they", "it", "you", "us", "him", "her", "them", "me"])
_CONNECTIVES = frozenset(
    [
        "and",
        "but",
        "so",
        "or",
        "because",
        "if",
        "though",
        "although",
        "which",
        "that",
        "who",
        "whom",
        "whose",
        "to",
        "with",
        "of",
        "for",
        "as",
        "when",
        "while",
        "then",
        "since",
        "than",
        "in",
        "on",
        "at",
        "by",
        "from",
        "what",
        "why",
        "how",
    ]
)
# Words that qualify a name rather than complete it: "[North] Korea" is a clarification.
_QUALIFIERS = frozenset(
    "North South East West Far Near Middle Soviet Chinese Korean Communist World Socialist People's "
    # titles and offices stand before a name without being part of it
    "Deputy Vice First Second Third Acting Comrade Premier Minister Ambassador President Chairman "
    "General Marshal Secretary Prime Foreign Party State".split()
)
PRIORITY = 10
# Every bracket that holds something; "[]" or "[ ]" says nothing and stays text.
CLAIMS: frozenset[BracketShape] = frozenset({"double", "number", "capitalised", "lowercase", "other"})


# How much of the text around a bracket its reason and the word before it are read from:
# the word before is looked for in the last 60 characters, the rest needs a few.
_AROUND = 60


def reason_at(pair: BracketPair, text: str) -> SuppliedReason:
    """:func:`reason_for` the bracket ``pair`` of ``text``.

    The text around the bracket is passed as a window, not as ``text[:open]`` and
    ``text[end:]``: copying the whole paragraph twice for each bracket made a
    paragraph of thousands of brackets quadratic, and nothing past the window is read.
    """
    return reason_for(pair.content, _before(pair, text), _after(pair, text))


def _before(pair: BracketPair, text: str) -> str:
    return text[max(0, pair.open - _AROUND) : pair.open]


def _after(pair: BracketPair, text: str) -> str:
    return text[pair.end : pair.end + _AROUND]


_NAME_AFTER = patterns.compile(r" [A-Z][a-z]")
_SENTENCE_INSIDE = patterns.compile(r"[.!?] [A-Z]")


def reason_for(content: str, before: str, after: str) -> SuppliedReason:
    words = content.split()
    if not words or not any(map(str.isalnum, content)):
        return "punctuation"
    if (before[-1:].isalpha()) or (after[:1].isalpha()):
        return "expansion"
    first = words[0].lower()
    if len(words) == 1 and first in _PRONOUNS:
        return "subject"
    if first in _CONNECTIVES and len(words) <= 3:
        return "implied"
    if (
        len(words) == 1
        and content not in _QUALIFIERS
        and content[0].isupper()
        and _NAME_AFTER.match(after)
        and not before.endswith("the ")
    ):
        return "name-completion"
    return "clarification"


_WORD_BEFORE_BRACKET = patterns.compile(r"(?P<word>[\w’'-]+)[\"”]? $")
_GLOSS_WORD = patterns.compile(r"[a-zà-ž][a-zà-ž’'-]{4,20}")
_NOT_GLOSSES = frozenset(
    "which where there their these those about after again being other under while would could should "
    "might shall also still since until whose itself themselves".split()
)
_TITLE_WORDS = frozenset("Comrade Comrades Premier Chairman Ambassador Minister President Secretary Mr Mrs Dr".split())


def word_before_bracket(before: str) -> re.Match[str] | None:
    """``_WORD_BEFORE_BRACKET.search(before[-_AROUND:])``, searched from the last space before the word.

    The pattern ends in a space (at the end, or before a line break there) and holds no other, so
    no match begins at or before an earlier space; searched from the start, it would run through
    every word of the text before to its end.
    """
    tail = before[-_AROUND:]
    if not space_before(tail, len(tail)):
        return None  # the pattern ends in " $"
    return _WORD_BEFORE_BRACKET.search(tail, tail.rfind(" ", 0, len(tail) - 2) + 1)


def _names_the_word_before(content: str, before: str) -> bool:
    """``Dong Hoi [Đồng Hới]``, ``banishment [ssylka]``: a name after a name, or a content word after a word.

    What the bracket's content alone rules out is tested first: the word before it is then not
    looked for (most lowercase brackets hold more than one word, or a short one: no gloss).
    """
    capitalised = content[:1].isupper()
    if capitalised:
        words = content.split()
        if words[0] in {"North", "South"} or (content.isascii() and len(words) > 3):
            return False
    elif content in _NOT_GLOSSES or _GLOSS_WORD.fullmatch(content) is None:
        return False
    word = word_before_bracket(before)
    if word is None:
        return False
    previous = word.group("word")
    if capitalised:
        return previous[:1].isupper() and previous not in _TITLE_WORDS
    return previous.islower()


def classify(pair: BracketPair, context: BlockContext) -> Construct | None:
    text = context.text
    content = pair.content
    if not content.strip():
        return None  # "[]" or "[ ]" says nothing: keep it as text
    before = text[max(0, pair.open - _AROUND) : pair.open]  # _before and _after, without two calls
    reason = reason_for(content, before, text[pair.end : pair.end + _AROUND])
    cert = None
    if content.isdigit():
        cert = "low"
        hint = ' (OCR for "[I]"?)' if content == "1" else ""
        context.decide(
            "bracketed-number",
            pair.open,
            pair.end,
            "supplied (cert=low)",
            alternatives=("page break", "note reference", "archival number"),
            confidence="low",
            message=f"a bracketed number that cannot be a page here{hint}",
        )
    elif reason == "clarification" and _names_the_word_before(content, before):
        # "banishment [ssylka]", "Dong Hoi [Đồng Hới]", "Gaimusho [Foreign Ministry]": a word after a word
        # may be another word for it (a gloss, a variant, a cover name) rather than one the translator added
        context.decide(
            "supplied-or-gloss", pair.open, pair.end, "supplied",
            alternatives=("term + gloss", "the same name in another form"),
            message="a bracket right after a word: supplied, or another word for the one before it",
        )  # fmt: skip
    elif len(content) > 200 or _SENTENCE_INSIDE.search(content):
        context.decide(
            "long-supplied",
            pair.open,
            pair.end,
            "supplied",
            alternatives=("note",),
            message="a long bracketed passage; it may be an unlabelled note",
        )
    if cert is None and len(content) > 1 and content.endswith("?"):
        cert = "low"  # "[[V. Orlov?]]", "[13?]": the translator is unsure of the reading
    rend = "double-bracketed" if pair.double else None

    def build(parts: Parts, offset: int) -> list[Inline]:
        return [Supplied(children=tuple(parts[0]), reason=reason, cert=cert, rend=rend, offset=offset)]

    return Construct(pair.open, pair.end, ((pair.content_start, pair.content_end),), build, PRIORITY, "supplied")
