"""Suspected slips of earlier processing: reported, never changed.

::

    Kim II Sung      → "II" between names is probably OCR for "Il"
    Prayda, Moscew   → known OCR misreadings (Pravda, Moscow)
    Dvo??k, People s → characters or apostrophes lost on the way
"""

from __future__ import annotations

import re

from encoder.inline.core import BlockContext, Construct

_ROMAN_II = re.compile(r"\b[A-Z][a-z]+ (II)(?= [A-Z][a-z])")
_KNOWN_MISREADINGS = {
    "Prayda": "Pravda",
    "Moscew": "Moscow",
    "sigued": "signed",
    "Kremiin": "Kremlin",
}
_MISREADING = re.compile(r"\b(" + "|".join(_KNOWN_MISREADINGS) + r")\b")
_LOST_CHARACTERS = re.compile(r"\w\?\w|\?\?")
_ANY_SLIP = re.compile(r" II |\?| s\b|" + "|".join(_KNOWN_MISREADINGS))
_LOST_APOSTROPHE = re.compile(r"\b[A-Z][a-z]+ s\b")


def scan(context: BlockContext) -> list[Construct]:
    text = context.text
    if not _ANY_SLIP.search(text):
        return []  # one search rules out most paragraphs
    for match in _ROMAN_II.finditer(text):
        context.decide(
            "suspected-slip", match.start(), match.end(), "kept as written",
            alternatives=(match.group().replace(" II", " Il"),),
            message='"II" between two names is probably OCR for "Il"',
        )  # fmt: skip
    for match in _MISREADING.finditer(text):
        context.decide(
            "suspected-slip", match.start(), match.end(), "kept as written",
            alternatives=(_KNOWN_MISREADINGS[match.group()],), message="a known OCR misreading",
        )  # fmt: skip
    for match in _LOST_CHARACTERS.finditer(text):
        context.decide(
            "suspected-slip", match.start(), match.end(), "kept as written",
            message="question marks inside a word: characters (diacritics?) were probably lost",
        )  # fmt: skip
    for match in _LOST_APOSTROPHE.finditer(text):
        context.decide(
            "suspected-slip", match.start(), match.end(), "kept as written",
            alternatives=(match.group().replace(" s", "'s"),), message="an apostrophe was probably lost",
        )  # fmt: skip
    return []
