"""Dates as the transcripts write them → ISO 8601 values for ``@when``.

Recognised: ``June 4, 1965``, ``4 June 1965``, ``Jan 30`` (no year), ``1965-06-04``,
numeric dates ``26.08.1958``, ``7.11.50``, ``11.30.1961``, ``14/6-51``, and times
``4:00 p.m.`` and ``16:00``. A numeric date is read day first, as the archives of
this family write them, unless the first number cannot be a month's day order
(``11.30.1961`` is 30 November); one that could be read either way is marked
``ambiguous`` so the review report can list it. Two-digit years are of the 1900s.
Every function returns ``None`` rather than guess: a date that cannot be read is
kept as text.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from encoder import patterns
from encoder.spans import Spans

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
DATE_PATTERN = patterns.compile(
    rf"(?P<mdy>(?P<m1>{MONTH_NAME})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}}))"
    rf"|(?P<dmy>(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{MONTH_NAME}),?\s+(?P<y2>\d{{4}}))"
    r"|(?P<iso>(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))"
)
# This and _HAS_YEAR begin with one digit, not with a repeat (\d{4}) or with alternatives
# (\d{4}|\d\.…), which the engine tries at every position: so it skips to the digits
# (twice as fast on the corpus's paragraphs; same matches: tests/test_pattern_rewrites.py).
_FOUR_DIGITS = patterns.compile(r"\d\d\d\d")
# "26.08.1958", "7.11.50", "11.30.1961", "14/6-51", "23/10-65"
NUMERIC_DATE = patterns.compile(
    r"(?<![\d./])(?P<a>\d{1,2})(?:\.(?P<b1>\d{1,2})\.|/(?P<b2>\d{1,2})-)(?P<y>\d{4}|\d{2})(?![\d]|\.\d)"
)
_NUMERIC_HINT = patterns.compile(r"\d[./]\d")
_HAS_YEAR = patterns.compile(r"\d(?:\d\d\d|\.\d{1,2}\.\d\d|/\d{1,2}-\d\d)")  # a year, or a numeric date's
# _HAS_YEAR for an ASCII text (str.isascii costs nothing), where \d can only be 0-9: the engine
# tests a set of ten characters faster than the digit category (a third less work).
_HAS_YEAR_IN_ASCII = patterns.compile(r"[0-9](?:[0-9]{3}|\.[0-9]{1,2}\.[0-9]{2}|/[0-9]{1,2}-[0-9]{2})")
# Every ASCII digit → "0"; ".", "/" and "-" as they are; any other byte → " " (see digit_shape).
_DIGIT_SHAPES = bytes(
    ord("0") if chr(byte) in "0123456789" else byte if chr(byte) in "./-" else ord(" ") for byte in range(256)
)


@functools.lru_cache(maxsize=1)  # the running dates and find_dates ask for the same paragraph in turn
def digit_shape(text: str) -> bytes:
    """An ASCII ``text`` with each digit written ``0``, its ``.``, ``/`` and ``-`` kept and all else a space.

    ``[0-9][0-9][0-9][0-9]`` matches ``text`` where ``0000`` stands in its shape, ``[0-9][./][0-9]``
    where ``0.0`` or ``0/0`` does: bytes.translate makes the shape and a substring test reads it
    in a fraction of the time the regex engine takes to test each character of ``text`` against
    a set, and most paragraphs hold no year.
    """
    return text.encode("ascii").translate(_DIGIT_SHAPES)


TIME_PATTERN = patterns.compile(
    r"(?<![\d.])(?P<h>\d{1,2})[:.](?P<min>\d{2})(?![\d]|\.\d)\s*(?:(?P<am>a\.?\s?m\.?)|(?P<pm>p\.?\s?m\.?))?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    start: int
    end: int
    when: str  # ISO 8601 date
    ambiguous: bool = False  # a numeric date whose day and month could be swapped


def month_number(name: str) -> int | None:
    return MONTHS.get(name.lower().rstrip("."))


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)
def find_dates(text: str) -> tuple[FoundDate, ...]:
    """Every full date (day, month and year) in ``text``."""
    found: list[FoundDate] = []
    # Every full date has a year (four digits) or is numeric (a digit, then "." or "/"): most
    # paragraphs are done here. An ASCII text is read from its digit shape first.
    shape = digit_shape(text) if text.isascii() else None
    if shape is None:
        if not _HAS_YEAR.search(text):
            return ()
    elif b"0000" not in shape and not ((b"0." in shape or b"0/" in shape) and _HAS_YEAR_IN_ASCII.search(text)):
        return ()
    for match in _dates_near_years(text):
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
    may_be_numeric = _NUMERIC_HINT.search(text) is not None if shape is None else b"0.0" in shape or b"0/0" in shape
    written = Spans([(date.start, date.end) for date in found])
    for match in NUMERIC_DATE.finditer(text) if may_be_numeric else ():
        numeric = _numeric(match)
        if numeric and not written.holds(match.start()):
            found.append(FoundDate(match.start(), match.end(), *numeric))
            written.add(match.start(), match.end())
    return tuple(sorted(found, key=lambda date: date.start))


def _dates_near_years(text: str) -> list[re.Match[str]]:
    """The written dates, searched only around the four-digit numbers that end (or begin) them.

    A long paragraph has few years; searching the whole of it with the month
    names at every position was most of the cost of reading dates.
    """
    matches: list[re.Match[str]] = []
    searched_to = 0
    for year in _FOUR_DIGITS.finditer(text):
        low, high = max(searched_to, year.start() - _DATE_REACH), min(len(text), year.end() + _ISO_REACH)
        for match in DATE_PATTERN.finditer(text, low, high):
            if not matches or match.start() >= matches[-1].end():
                matches.append(match)
        searched_to = max(searched_to, matches[-1].end() if matches else low)
    return matches


_DATE_REACH = 32  # "Sept. 14th, " before a year: the longest day-and-month a date writes before it
_ISO_REACH = 6  # "-06-04" after the year of an ISO date


def _numeric(match: re.Match[str]) -> tuple[str, bool] | None:
    first, second = int(match.group("a")), int(match.group("b1") or match.group("b2"))
    year = int(match.group("y"))
    year += 1900 if year < 100 else 0
    if first > 12:
        day, month, ambiguous = first, second, False
    elif second > 12 and match.group("b1"):
        day, month, ambiguous = second, first, False  # "11.30.1961": month first
    else:
        day, month, ambiguous = first, second, first != second
    when = _iso(year, month, day)
    return (when, ambiguous) if when else None


def parse_date(text: str) -> str | None:
    """The ISO date if ``text`` is, apart from punctuation, exactly one date."""
    stripped = text.strip().strip(".,;")
    dates = find_dates(stripped)
    if len(dates) == 1 and dates[0].start == 0 and dates[0].end == len(stripped):
        return dates[0].when
    return None


# The forms the project's Schematron (when-iso-form) lets @when take.
_ISO_WHEN = patterns.compile(r"\d{4}(?:-\d\d(?:-\d\d(?:T\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)?)?)?)?")


def iso_when(text: str) -> str | None:
    """``text`` if it is an ISO 8601 date or date-time that ``@when`` takes and that names a real day and time."""
    if not _ISO_WHEN.fullmatch(text):
        return None
    try:  # a year or a month stands for its first day, which exists if the year and month do
        dt.datetime.fromisoformat(text + "-01-01"[: max(0, 10 - len(text))])
    except ValueError:
        return None
    return text


def given_date(text: str) -> str | None:
    """The ``@when`` of a date an editor gives (``--date``, a sidecar's ``date``): written out or ISO 8601."""
    return parse_date(text) or iso_when(text.strip())


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
