"""What an illegible-text bracket says, shared by the illegible and note rules."""

from __future__ import annotations

import re

from encoder import patterns

_ILLEGIBLE = patterns.compile(r"^[^\[\]]{0,40}\b(?:illegible|unreadable|indecipherable)\b[^\[\]]{0,20}$", re.IGNORECASE)


def illegible_text(content: str) -> bool:
    """``signature illegible``, ``three words illegible``, ``Illegible``."""
    # All three words end in "ble", and under re.IGNORECASE b, l and e match only
    # themselves and their ASCII capitals (only i, k and s have other partners:
    # ı, İ, K, ſ), which lower() turns back into "ble": without it, no match.
    if "ble" not in content.lower():
        return False
    return bool(_ILLEGIBLE.match(content))
