"""Illegible text: ``[illegible]``, ``[three words illegible]``, ``[[signature illegible]]``.

→ ``<gap reason="illegible" quantity="3" unit="word"><desc>three words illegible</desc></gap>``;
the description keeps the bracket's text for the round trip.
"""

from __future__ import annotations

from encoder.inline.bracketed_notes import amount
from encoder.inline.brackets import BracketPair, BracketShape
from encoder.inline.core import BlockContext, Construct, leaf
from encoder.inline.illegible_text import illegible_text
from encoder.model import Gap, generic

PRIORITY = 95
# "illegible", "unreadable" or "indecipherable" must be in the bracket: never in digits alone or white space.
CLAIMS: frozenset[BracketShape] = frozenset({"double", "capitalised", "lowercase", "other"})


def classify(pair: BracketPair, context: BlockContext) -> Construct | None:
    content = pair.content
    if not illegible_text(content):
        return None
    quantity, unit = amount(content) or (None, None)
    gap = Gap(
        children=(generic("desc", (content,)),),
        reason="illegible",
        quantity=quantity,
        unit=unit,
        rend="double-bracketed" if pair.double else "bracketed",
    )
    return leaf(pair.open, pair.end, gap, priority=PRIORITY, kind="illegible")
