"""Dates as the transcripts write them → ISO 8601 values for ``@when``.

Recognised: ``June 4, 1965``, ``4 June 1965``, ``Jan 30`` (no year), ``1965-06-04``,
``11.30.1961`` and ``14/6-51`` are left to later rules (ambiguous day/month order),
times ``4:00 p.m.`` and ``16:00``. Every function returns ``None`` rather than
guess: a date that cannot be read is kept as text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
MONTH_NAME = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
# "June 4, 1965" | "4 June 1965" | "1965-06-04"
DATE_PATTERN = re.compile(
    rf"(?P<mdy>(?P<m1>{MONTH_NAME})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}}))"
    rf"|(?P<dmy>(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{MONTH_NAME}),?\s+(?P<y2>\d{{4}}))"
    r"|(?P<iso>(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))"
)
_FOUR_DIGITS = re.compile(r"\d{4}")
TIME_PATTERN = re.compile(
    r"(?P<h>\d{1,2})[:.](?P<min>\d{2})\s*(?:(?P<am>a\.?\s?m\.?)|(?P<pm>p\.?\s?m\.?))?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    start: int
    end: int
    when: str  # ISO 8601 date


def month_number(name: str) -> int | None:
    return MONTHS.get(name.lower().rstrip("."))


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[FoundDate]:
    """Every full date (day, month and year) in ``text``."""
    found: list[FoundDate] = []
    if not _FOUR_DIGITS.search(text):
        return found  # every full date has a year: most paragraphs are done here
    for match in DATE_PATTERN.finditer(text):
        if match.group("mdy"):
            month = month_number(match.group("m1"))
            when = _iso(int(match.group("y1")), month or 0, int(match.group("d1")))
        elif match.group("dmy"):
            month = month_number(match.group("m2"))
            when = _iso(int(match.group("y2")), month or 0, int(match.group("d2")))
        else:
            when = _iso(int(match.group("y3")), int(match.group("m3")), int(match.group("d3")))
        if when:
            found.append(FoundDate(match.start(), match.end(), when))
    return found


def parse_date(text: str) -> str | None:
    """The ISO date if ``text`` is, apart from punctuation, exactly one date."""
    stripped = text.strip().strip(".,;")
    dates = find_dates(stripped)
    if len(dates) == 1 and dates[0].start == 0 and dates[0].end == len(stripped):
        return dates[0].when
    return None


def parse_time(text: str) -> str | None:
    """``4:00 p.m.`` → ``16:00:00``; ``None`` if ``text`` holds no clock time."""
    match = TIME_PATTERN.search(text)
    if not match:
        return None
    hour, minute = int(match.group("h")), int(match.group("min"))
    if match.group("pm") and hour < 12:
        hour += 12
    elif match.group("am") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}:00"
