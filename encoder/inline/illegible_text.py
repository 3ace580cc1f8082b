"""What an illegible-text bracket says, shared by the illegible and note rules."""

from __future__ import annotations

import re

from encoder import patterns

_ILLEGIBLE = patterns.compile(r"^[^\[\]]{0,40}\b(?:illegible|unreadable|indecipherable)\b[^\[\]]{0,20}$", re.IGNORECASE)


def illegible_text(content: str) -> bool:
    """``signature illegible``, ``three words illegible``, ``Illegible``."""
    return bool(_ILLEGIBLE.match(content))
