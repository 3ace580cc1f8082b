"""Dates the translator completed.

::

    On 28 [December]     (a cable of 26 December 1965)
        → <date when="1965-12-28">28 <supplied reason="date-completion">December</supplied></date>
    on the 27th [of February] → <date when="1965-02-27">27th <supplied …>of February</supplied></date>
    last year [1964]     → <date when="1964"><supplied reason="date-completion">1964</supplied></date>
    [19]58               → <date when="1958"><supplied …>19</supplied>58</date>

The year of a completed day and month is the document's year; that it was
inferred is said with ``cert="medium"`` and in the review report.
"""

from __future__ import annotations

import datetime as dt
import re

from encoder.dates import MONTH_NAME, month_number
from encoder.inline.brackets import BracketPair
from encoder.inline.core import BlockContext, Construct, Parts, match_before
from encoder.model import Date, Inline, Supplied

_MONTH_CONTENT = re.compile(rf"(?:of )?(?P<month>{MONTH_NAME})")
_DAY_BEFORE = re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)? $")
_YEAR = re.compile(r"1[6-9]\d\d|20\d\d")
PRIORITY = 75


def classify(pair: BracketPair, context: BlockContext) -> Construct | None:
    text = context.text
    content = text[pair.content_start : pair.content_end]
    if pair.double:
        return None
    month_match = _MONTH_CONTENT.fullmatch(content)
    day_match = match_before(_DAY_BEFORE, text, pair.open)
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
    if _YEAR.fullmatch(content):
        return _date_construct(pair.open, pair, content, cert=None)
    if re.fullmatch(r"1[6-9]|20", content) and re.match(r"\d\d\b", text[pair.end :]):
        year = content + text[pair.end : pair.end + 2]
        return _date_construct(pair.open, pair, year, cert=None, end=pair.end + 2)
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
    return Construct(start, end, all_parts, build, PRIORITY, "date completion")
