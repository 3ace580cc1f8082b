"""``[sic]``: the preceding word is so in the source → ``<sic>word</sic>``.

::

    the Soviet Union were [sic] → the Soviet Union <sic rend="bracketed-sic">were</sic>

``rend`` records the form for the round trip (``bracketed-sic``: one space
before the bracket; ``bracketed-sic-glued``: none; ``bracketed-sic-bang``: ``[sic!]``).
"""

from __future__ import annotations

from encoder import patterns
from encoder.inline.brackets import BracketPair, BracketShape
from encoder.inline.core import BlockContext, Construct, Parts, match_before
from encoder.model import Inline, Sic
from encoder.vocabulary import SicRend

# Written in small letters only: "[SIC]" or "[Sic]" is left to the supplied rule.
_FORMS = frozenset({"sic", "sic!"})
_WORD_BEFORE = patterns.compile(r"(?<![\w\]])([\w'’.,;:!?-]+)(\s?)$")
PRIORITY = 95
CLAIMS: frozenset[BracketShape] = frozenset({"lowercase"})  # "sic" begins with a small s


def classify(pair: BracketPair, context: BlockContext) -> Construct | None:
    if pair.content not in _FORMS or pair.double:
        return None
    word = match_before(_WORD_BEFORE, context.text, pair.open)
    if word is None:
        return None
    glued = not word.group(2)
    bang = pair.content == "sic!"
    rend: SicRend = "bracketed-sic-bang" if bang else ("bracketed-sic-glued" if glued else "bracketed-sic")
    if bang and glued:
        return None  # no form for "word[sic!]": leave it to the supplied rule

    def build(parts: Parts, offset: int) -> list[Inline]:
        return [Sic(children=tuple(parts[0]), rend=rend, offset=offset)]

    # The word is kept exactly as written: no other rule may mark up inside it.
    return Construct(
        word.start(1),
        pair.end,
        ((word.start(1), word.end(1)),),
        build,
        PRIORITY,
        "sic",
        nested=False,
    )
