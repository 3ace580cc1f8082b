"""Places in running text by their shape: capitalised words before a word for a kind of place.

::

    Gyeongsang Province   → <placeName>Gyeongsang Province</placeName>
    the Yalu River        → the <placeName>Yalu River</placeName>
    Korean Peninsula      → <placeName>Korean Peninsula</placeName>

Cities and countries (``Pyongyang``, ``Vietnam``) have no such word: the
register names them (:mod:`.names`). A word for a kind of place alone
(``the Province``) or after a sentence word (``This City``) is no name.
"""

from __future__ import annotations

from encoder import patterns
from encoder.inline.core import BlockContext
from encoder.inline.name_shapes import AFTER, BEFORE, NOT_A_NAME_START, WORD
from encoder.inline.names import NameCandidate, WordKind, first_words

PLACE_WORDS = (
    "Provinces?|County|River|Mountains?|Island|Islands|Bay|Prefecture|Peninsula|Strait|Sea|Ocean|Lake|Valley"
    "|District|Region|Port|Harbou?r|Airport|Square|Street|Avenue"
)
PLACE_WORDS_KIND = WordKind(tuple(PLACE_WORDS.split("|")), patterns.compile(PLACE_WORDS))  # the words alone
_ANY_PLACE_WORD = patterns.compile(rf"\b(?:{PLACE_WORDS})\b")
_PLACE = patterns.compile(rf"{BEFORE}(?P<words>{WORD}(?: {WORD}){{0,2}}) (?:{PLACE_WORDS}){AFTER}")


def scan(context: BlockContext) -> list[NameCandidate]:
    found: list[NameCandidate] = []
    # Most paragraphs name no river or province: done when the words alone are not in the
    # block (names.first_words, one search for the words of every name rule), or not as words.
    if PLACE_WORDS_KIND not in first_words(context.text) or not _ANY_PLACE_WORD.search(context.text):
        return found
    for match in _PLACE.finditer(context.text):
        words = match.group("words").split(" ")
        skipped = 0
        while skipped < len(words) and words[skipped] in NOT_A_NAME_START:
            skipped += 1
        if skipped == len(words):
            continue
        start = match.start() + len(" ".join(words[:skipped])) + (1 if skipped else 0)
        found.append(NameCandidate(start, match.end(), "placeName", "place word"))
    return found
