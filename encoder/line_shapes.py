"""Shapes of a line that several readers of structure share.

Final punctuation (looking past a glued note marker), Markdown bold around a
line, a word set letter by letter (``N o t e``), and the names of the kinds
of document a title line gives (``MEMORANDUM``, ``Stenographic Record``).
"""

from __future__ import annotations

import re

from encoder import patterns

TERMINAL = patterns.compile(r"[.!?:;,\"”’)\]…](?:\d{1,2}|x(?:/x)*/)?$")  # a glued note marker may follow
_FINAL_PUNCTUATION = frozenset('.!?:;,"”’)]…')


def ends_a_sentence(text: str) -> bool:
    """``TERMINAL.search(text)``, mostly read from the last character.

    The search tries every punctuation mark of a paragraph to find the last one; a match
    ends where ``$`` does (at the end, or before a final newline) with a mark, a digit or
    the ``/`` of an ``x/`` marker. So a mark there settles it, a letter or a space rules
    it out, and only a digit or a slash (a glued note marker?) needs the search.
    """
    last = text[-2:-1] if text.endswith("\n") else text[-1:]
    if last in _FINAL_PUNCTUATION:
        return True
    if last.isdecimal() or last == "/":
        return TERMINAL.search(text) is not None
    return False


# "N o t e", "R E P O R T", "N O T E   V E R B A L E": a heading typed letter by letter.
LETTERSPACED = patterns.compile(r"^(?:\*\*)?(?P<spaced>[A-Za-zÀ-ž](?: {1,4}[A-Za-zÀ-ž]){2,})(?:\*\*)?(?=$| [a-z]{2})")


def unbold(text: str) -> str:
    """``**CIPHER TELEGRAM**`` → ``CIPHER TELEGRAM``: Markdown bold says nothing about a line's role."""
    return text.removeprefix("**").removesuffix("**").strip() if text.startswith("**") else text


# The kind of document a title names ("MEMORANDUM", "Record of Conversation" …), alone on its line.
DOCUMENT_TYPE = patterns.compile(
    r"^(?:memorandum|note|note verbale|report|information|telegram|cipher telegram|cable|record|minutes|protocol"
    r"|aide-m[ée]moire|letter|stenographic record|transcript|political letter|circular|directive|instruction)$",
    re.IGNORECASE,
)


def names_document(line: str) -> bool:
    """``MEMORANDUM``, ``R e p o r t``, ``**Note**``: a line that names the kind of document."""
    text = unbold(line)
    spaced = LETTERSPACED.fullmatch(text)
    if spaced:
        text = " ".join(word.replace(" ", "") for word in re.split(r" {2,}", spaced.group("spaced")))
    return DOCUMENT_TYPE.match(text) is not None
