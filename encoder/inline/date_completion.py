"""Dates the translator completed.

::

    On 28 [December]     (a cable of 26 December 1965)
        → <date when="1965-12-28">28 <supplied reason="date-completion">December</supplied></date>
    on the 27th [of February] → <date when="1965-02-27">27th <supplied …>of February</supplied></date>
    last year [1964]     → <date when="1964"><supplied reason="date-completion">1964</supplied></date>
    [19]58               → <date when="1958"><supplied …>19</supplied>58</date>
    8 May [1957]         → <date when="1957-05-08">8 May <supplied …>1957</supplied></date>
    3 June [19]58        → <date when="1958-06-03">3 June <supplied …>19</supplied>58</date>
    in January [1959]    → <date when="1959-01">January <supplied …>1959</supplied></date>

The year of a completed day and month is the document's year; that it was
inferred is said with ``cert="medium"`` and in the review report.
"""

from __future__ import annotations

import datetime as dt
import re

from encoder import patterns
from encoder.dates import MONTH_NAME, month_number
from encoder.inline.brackets import BracketPair, BracketShape
from encoder.inline.core import BlockContext, Construct, Parts, match_before
from encoder.model import Date, Inline, Supplied

_MONTH_CONTENT = patterns.compile(rf"(?:of )?(?P<month>{MONTH_NAME})")
_DAY_BEFORE = patterns.compile(r"(?P<day>\d\d?)(?:st|nd|rd|th)? $")  # \d\d?, not \d{1,2}: the engine skips to digits
_YEAR = patterns.compile(r"1[6-9]\d\d|20\d\d")
# The day and month (or the month alone) that a bracketed year completes: "8 May ", "May 8, ", "January ".
_DAY_MONTH_BEFORE = patterns.compile(
    rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{MONTH_NAME})|(?P<m2>{MONTH_NAME})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?"
    rf"|(?P<m3>{MONTH_NAME}))\s$"
)
_CENTURY = patterns.compile(r"1[6-9]|20")  # "[19]58": the bracket completes a year's first two digits
_DECADE_AFTER = patterns.compile(r"\d\d\b")
PRIORITY = 75
# A month ("May", "of May"), a year or a century: a capital, a small "o" or a digit first.
CLAIMS: frozenset[BracketShape] = frozenset({"number", "capitalised", "lowercase"})
# How a completion can begin: the first three letters of every month's name and abbreviation
# in MONTH_NAME, "of " (of May), or the first two digits of a year or century (16xx to 20xx).
# "[North]" is the bracket most often seen, and no month begins "Nor".
MONTH_STARTS = frozenset("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()) | {"of "}
CENTURY_STARTS = frozenset({"16", "17", "18", "19", "20"})


def classify(pair: BracketPair, context: BlockContext) -> Construct | None:
    text = context.text
    content = pair.content
    if pair.double or (content[:3] not in MONTH_STARTS and content[:2] not in CENTURY_STARTS):
        return None
    month_match = _MONTH_CONTENT.fullmatch(content)
    day_match = match_before(_DAY_BEFORE, text, pair.open) if month_match else None
    if month_match and day_match and context.state.year:
        month = month_number(month_match.group("month"))
        try:
            when = dt.date(context.state.year, month or 0, int(day_match.group("day"))).isoformat()
        except ValueError:
            return None
        start = day_match.start()
        context.decide(
            "date-completion",
            start,
            pair.end,
            f"date {when}",
            message="the year is the document's own; check it",
        )
        return _date_construct(start, pair, when, cert="medium")
    year: str | None = None
    end = pair.end
    if _YEAR.fullmatch(content):
        year = content
    elif _CENTURY.fullmatch(content) and _DECADE_AFTER.match(text, pair.end):
        year, end = content + text[pair.end : pair.end + 2], pair.end + 2
    if year is None:
        return None
    before = match_before(_DAY_MONTH_BEFORE, text, pair.open)
    if before:
        completed = _completed(int(year), before)
        if completed:
            return _date_construct(before.start(), pair, completed, cert=None, end=end)
    return _date_construct(pair.open, pair, year, cert=None, end=end)


def _completed(year: int, before: re.Match[str]) -> str | None:
    """The full date a bracketed year completes: ``8 May [1957]`` → ``1957-05-08``."""
    month = month_number(before.group("m1") or before.group("m2") or before.group("m3"))
    day = before.group("d1") or before.group("d2")
    if month is None:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, int(day)).isoformat()
    except ValueError:
        return None


def _date_construct(start: int, pair: BracketPair, when: str, *, cert: str | None, end: int | None = None) -> Construct:
    end = pair.end if end is None else end
    parts = [(pair.content_start, pair.content_end)]
    prefix = (start, pair.open) if start < pair.open else None
    suffix = (pair.end, end) if end > pair.end else None

    def build(built: Parts, offset: int) -> list[Inline]:
        children: list[Inline] = []
        index = 0
        if prefix:
            children.extend(built[index])
            index += 1
        children.append(Supplied(children=tuple(built[index]), reason="date-completion"))
        index += 1
        if suffix:
            children.extend(built[index])
        return [Date(children=tuple(children), when=when, cert=cert, offset=offset)]

    all_parts = tuple(p for p in (prefix, parts[0], suffix) if p)
    # TEI's date holds text and supplied only: nothing else may nest in it.
    return Construct(start, end, all_parts, build, PRIORITY, "date completion", nested=False)
