"""Suspected slips of earlier processing: reported, never changed.

::

    Kim II Sung      → "II" between names is probably OCR for "Il"
    Prayda, Moscew   → known OCR misreadings (Pravda, Moscow)
    Dvo??k, People s → characters or apostrophes lost on the way
    ?SSR             → a letter with a diacritic replaced by "?"
    began at and ended at 12:15  → a word (a time, a name, a link's text) missing
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from encoder import patterns
from encoder.inline.core import WORD_STARTS_BEFORE_IT, BlockContext, Construct, alternatives_by_first_letter

# \b[A-Z][a-z]+ (II)(?= [A-Z][a-z]), the \b after the capital (one character wider): the engine skips to capitals.
_ROMAN_II = patterns.compile(r"[A-Z](?<!\w.)[a-z]+ (II)(?= [A-Z][a-z])")
_KNOWN_MISREADINGS = {
    "Prayda": "Pravda",
    "Moscew": "Moscow",
    "sigued": "signed",
    "Kremiin": "Kremlin",
}
_MISREADING = patterns.compile(r"\b(" + "|".join(_KNOWN_MISREADINGS) + r")\b")
_LOST_CHARACTERS = patterns.compile(r"\w\?\w|\?\?|(?<![\w?])\?[A-ZÀ-Ý][A-Za-zÀ-ž]")
# A preposition or article followed at once by a conjunction or another preposition:
# "began at and ended at", "leave for Pyongyang on and return", "a note to the on Friday".
# \b(?P<before>on|at|…|an), written from the words' first letters (see alternatives_by_first_letter):
# searched, a pattern that begins with \b is tried at every position of every paragraph; this one
# lets the regex engine skip to the seven letters the words begin with (half the work on the corpus).
MISSING_WORD_BEFORE = ("on", "at", "in", "to", "from", "by", "with", "of", "the", "a", "an")
MISSING_WORD_AFTER = ("and", "or", "but", "at", "on", "to", "from")
_MISSING_WORD = patterns.compile(
    rf"(?P<before>{alternatives_by_first_letter(MISSING_WORD_BEFORE, WORD_STARTS_BEFORE_IT)})"
    rf"\s+(?P<after>{'|'.join(MISSING_WORD_AFTER)})\b"
)
# Where such a pair can begin: after a space, or after a character that is neither a space nor an
# ASCII word character (a \b before the pair needs a character that is no word character, or the
# block's start). The regex engine finds a space, a literal, many times faster than one of seven
# letters, and these patterns consume only that one character, so no pair is hidden by another.
_PAIR = rf"(?:{alternatives_by_first_letter(MISSING_WORD_BEFORE, '')})\s+(?:{'|'.join(MISSING_WORD_AFTER)})\b"
_PAIR_AFTER_A_SPACE = patterns.compile(rf" (?={_PAIR})")
_PAIR_AFTER_ANOTHER_CHARACTER = patterns.compile(rf"[^A-Za-z0-9_ ](?={_PAIR})")
# Every ASCII word character (\w in an ASCII text) as it is, any other byte a space: see _pair_starts.
_WORDS_AND_SPACES = bytes(
    byte if chr(byte).isascii() and (chr(byte).isalnum() or chr(byte) == "_") else ord(" ") for byte in range(256)
)
_PAIR_AFTER_A_SPACE_IN_BYTES = patterns.compile(rf" (?={_PAIR})".encode())
_IDIOMS = frozenset({"to and", "on and", "in and", "by and", "at or", "in or", "on or", "to or", "in to", "on to"})
# "People s", "the minister s decision": a possessive whose apostrophe was lost.
_LOST_APOSTROPHE = patterns.compile(r"\b[A-Za-z][a-z]+ s\b(?!-)")
# What a lost apostrophe needs, " s" then a space, a comma, a full stop or the block's end, sought
# first in one search (the pattern above begins with \b and is tried at every position). Its \b
# after the "s" also allows other characters; those paragraphs are left alone, as they were before.
_APOSTROPHE_LOST_HINT = patterns.compile(r" s(?:[ ,.]|\Z)")


def _missing_before_and(match: re.Match[str], text: str) -> bool:
    """``on and return``: "on" + "and" + a verb is a date that went missing, not "on and off"."""
    following = text[match.end() : match.end() + 20].split()
    idiom_ends = {"off", "out", "on", "so", "fro", "back", "forth", "from", "again"}
    return match.group("after") == "and" and bool(following) and following[0].strip(".,;:!?") not in idiom_ends


def missing_words(text: str) -> Iterator[re.Match[str]]:
    """``_MISSING_WORD.finditer(text)``, tried only where a pair of the words can begin: at the
    block's start, and after a character that is no word character where the pair follows.

    The match at a place does not depend on where the search began, so trying a set of places
    that holds every place where a match begins, in order, and skipping the ones inside the last
    match gives what a search gives.
    """
    end = 0  # where the last match ended: the next begins there or later
    for start in _pair_starts(text):
        if start >= end and (match := _MISSING_WORD.match(text, start)):
            end = match.end()
            yield match


def _pair_starts(text: str) -> list[int]:
    """The block's start and, in order, every place after a space or another character that
    can precede a word where a pair of the words stands (and, in an ASCII text, some more).

    An ASCII text is searched once, as bytes in which every character but a word character is a
    space (_WORDS_AND_SPACES): a pair that stands in the text stands in them too (its white space
    and the characters around it are spaces there, its words unchanged), after a space. The
    regex engine finds a space, a literal, many times faster than it tests each character
    against [^A-Za-z0-9_ ], which another text needs.
    """
    if text.isascii():
        spaced = text.encode("ascii").translate(_WORDS_AND_SPACES)
        return [0, *(before.end() for before in _PAIR_AFTER_A_SPACE_IN_BYTES.finditer(spaced))]
    starts = [0]
    starts += [before.end() for before in _PAIR_AFTER_A_SPACE.finditer(text)]
    starts += [before.end() for before in _PAIR_AFTER_ANOTHER_CHARACTER.finditer(text)]
    return sorted(starts)


def _roman_twos(text: str) -> Iterator[re.Match[str]]:
    """``_ROMAN_II.finditer(text)``, searched from the word before the first " II ".

    Every match holds " II " (its lookahead's space) right after a word of letters, which holds no
    space: none begins before the last space in front of the first " II ".
    """
    first = text.find(" II ")
    return _ROMAN_II.finditer(text, text.rfind(" ", 0, first) + 1) if first >= 0 else iter(())


def _misreadings(text: str) -> list[re.Match[str]]:
    """``_MISREADING.finditer(text)``, tried only where one of the misread words is written.

    A match is a whole word made of word characters only, so no two overlap, and each begins
    where str.find finds its word: matching there, in order, gives what the search gives.
    """
    starts: list[int] = []
    for word in _KNOWN_MISREADINGS:
        at = text.find(word)
        while at >= 0:
            starts.append(at)
            at = text.find(word, at + len(word))
    return [match for start in sorted(starts) if (match := _MISREADING.match(text, start))]


def _lost_characters(text: str) -> Iterator[re.Match[str]]:
    """``_LOST_CHARACTERS.finditer(text)``, tried only where a match can begin: at a question mark or
    one character before it. Searched, the pattern (which begins with a word character or a
    lookbehind) is tried at every position of a paragraph that holds one question mark."""
    end = 0  # where the last match ended: the next begins there or later
    mark = text.find("?")
    while mark >= 0:
        for start in (mark - 1, mark):
            if start >= end and (match := _LOST_CHARACTERS.match(text, start)):
                end = match.end()
                yield match
        mark = text.find("?", max(mark + 1, end))


def scan(context: BlockContext) -> list[Construct]:
    text = context.text
    # Each search is tried only where str.find (cheap) finds what it needs, or from there on.
    for match in _roman_twos(text):
        context.decide(
            "suspected-slip", match.start(), match.end(), "kept as written",
            alternatives=(match.group().replace(" II", " Il"),),
            message='"II" between two names is probably OCR for "Il"',
        )  # fmt: skip
    for match in _misreadings(text):
        context.decide(
            "suspected-slip", match.start(), match.end(), "kept as written",
            alternatives=(_KNOWN_MISREADINGS[match.group()],), message="a known OCR misreading",
        )  # fmt: skip
    for match in _lost_characters(text):
        context.decide(
            "suspected-slip", match.start(), match.end(), "kept as written",
            message="question marks inside a word: characters (diacritics?) were probably lost",
        )  # fmt: skip
    for match in missing_words(text):
        pair = f"{match.group('before').lower()} {match.group('after')}"
        if pair in _IDIOMS and not _missing_before_and(match, text):
            continue
        context.decide(
            "suspected-gap", match.start(), match.end(), "kept as written",
            message="a word seems to be missing here (a time, a name or a link's text lost on the way)",
        )  # fmt: skip
    for match in _LOST_APOSTROPHE.finditer(text) if _APOSTROPHE_LOST_HINT.search(text) else ():
        context.decide(
            "suspected-slip", match.start(), match.end(), "kept as written",
            alternatives=(match.group().replace(" s", "'s"),), message="an apostrophe was probably lost",
        )  # fmt: skip
    return []
