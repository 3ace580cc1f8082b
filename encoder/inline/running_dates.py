"""Full dates in running text → ``<date when="…">``.

::

    the lead article of 25 October 1964   → <date when="1964-10-25">25 October 1964</date>
    dispatched on 25.08.1958              → <date when="1958-08-25">25.08.1958</date>
    Distributed … on February 22, 1963    → <date when="1963-02-22">February 22, 1963</date>
    Dispatched 22.10.65 18:20             → <date when="1965-10-22T18:20:00">22.10.65 18:20</date>
    talks of 10-12 June 1965              → <date from="1965-06-10" to="1965-06-12">10-12 June 1965</date>
    from June 10 to 12, 1965              → <date from="1965-06-10" to="1965-06-12">June 10 to 12, 1965</date>
    from 28 May to 2 June 1965            → <date from="1965-05-28" to="1965-06-02">28 May to 2 June 1965</date>
    in June 1965                          → <date when="1965-06">June 1965</date>

A range is one date: the full date that ends it (``12 June 1965``) is not
marked again inside it. A month and a year with no day before them is a
month (``@when="1965-06"``). A day and a month without a year are left as
they are: which year is meant is not written (bracketed completions,
``28 [December]``, are :mod:`.date_completion`'s).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from encoder import patterns
from encoder.dates import MONTH_NAME, digit_shape, find_dates, month_number, parse_time
from encoder.inline.core import WORD_STARTS_BEFORE_IT, BlockContext, Construct, Parts, alternatives_by_first_letter
from encoder.model import Date, Inline
from encoder.spans import Spans

PRIORITY = 20
# A clock time right after a date: "22.10.65 18:20", "14 May 1962, 22:40", "12 May at 9.30 a.m."
_TIME_AFTER = patterns.compile(
    r"(?:,\s*|\s+at\s+|\s+)(?P<time>\d{1,2}[:.]\d{2}(?:\s*[ap]\.\s?m\.|\s*[ap]m\b)?)(?![\d.]\d)"
)


_DAY = r"(?P<{name}>\d{{1,2}})(?:st|nd|rd|th)?"
_UNTIL = r"\s*(?:-|–|to|until|till)\s*"
# The patterns below begin with a character (a digit, a month's first letter), not with a
# lookbehind: the regex engine then skips ahead to where that character occurs instead of trying
# the whole pattern at every position. The lookbehind follows that character, one character
# wider, and still looks at the character before the match (tests/test_pattern_rewrites.py
# compares them with the patterns written the plain way).
# (?<![\d.])(?P<d1>\d{1,2})(?:st|nd|rd|th)?, written from its first digit:
_FIRST_DAY = r"(?P<d1>\d(?<![\d.].)\d?)(?:st|nd|rd|th)?"
# dates.MONTH_NAME's words, in its order (a test checks that they make MONTH_NAME).
MONTH_WORDS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept?", "Oct", "Nov", "Dec",
)  # fmt: skip
# \b{MONTH_NAME} and (?<![\w.]){MONTH_NAME}, written from the month's first letter:
_MONTH_AT_WORD_START = rf"(?:{alternatives_by_first_letter(MONTH_WORDS, WORD_STARTS_BEFORE_IT)})\.?"
_NO_WORD_OR_DOT_BEFORE_IT = r"(?<![\w.].)"
_MONTH_AFTER_NO_WORD_OR_DOT = rf"(?:{alternatives_by_first_letter(MONTH_WORDS, _NO_WORD_OR_DOT_BEFORE_IT)})\.?"
_RANGES = (
    # "10-12 June 1965", "10 to 12 June, 1965"
    patterns.compile(rf"{_FIRST_DAY}{_UNTIL}(?:{_DAY.format(name='d2')})\s+(?P<m2>{MONTH_NAME}),?\s+(?P<y>\d{{4}})\b"),
    # "June 10-12, 1965", "June 10 to 12, 1965"
    patterns.compile(
        rf"(?P<m2>{_MONTH_AT_WORD_START})\s+(?:{_DAY.format(name='d1')}){_UNTIL}(?:{_DAY.format(name='d2')}),?\s+(?P<y>\d{{4}})\b"
    ),
    # "28 May to 2 June 1965"
    patterns.compile(
        rf"{_FIRST_DAY}\s+(?P<m1>{MONTH_NAME}){_UNTIL}(?:{_DAY.format(name='d2')})\s+"
        rf"(?P<m2>{MONTH_NAME}),?\s+(?P<y>\d{{4}})\b"
    ),
)
# What each of _RANGES begins with: a day's digit, a month's name, a day's digit.
_RANGE_BEGINS_WITH_A_MONTH = (False, True, False)
# "June 1965", not "4 June 1965" (a full date) nor "June 4, 1965".
_MONTH_YEAR = patterns.compile(rf"(?P<m>{_MONTH_AFTER_NO_WORD_OR_DOT})\s+(?P<y>1[6-9]\d\d|20\d\d)\b")
_A_YEAR = patterns.compile(r"\d\d\d\d")  # not \d{4}: a pattern that begins with a repeat is tried everywhere
# \d is any Unicode decimal digit; in an ASCII text (str.isascii costs nothing) only 0-9 can be one.
# An ASCII text's year is now read from its digit shape, which tests hold to this pattern.
_A_YEAR_IN_ASCII = patterns.compile("[0-9][0-9][0-9][0-9]")
# Every range and month above holds a month's name, and every month word begins with one of these:
# its first three characters, which are plain letters in every one of MONTH_WORDS' fragments
# (a test holds them to that), so they are the same as literal text and as a regex.
_A_MONTH = patterns.compile("|".join(sorted({word[:3] for word in MONTH_WORDS})))
_DAY_BEFORE = patterns.compile(r"\d(?:st|nd|rd|th)?\s+$")


def _range(match: re.Match[str]) -> tuple[str, str] | None:
    year = int(match.group("y"))
    last_month = month_number(match.group("m2"))
    first_month = month_number(match.group("m1")) if "m1" in match.re.groupindex else last_month
    try:
        first = dt.date(year, first_month or 0, int(match.group("d1")))
        last = dt.date(year, last_month or 0, int(match.group("d2")))
    except ValueError:
        return None
    return (first.isoformat(), last.isoformat()) if first < last else None


def _ranges_and_months(context: BlockContext) -> list[Construct]:
    """Ranges of days and months without a day: one date element each, its text only."""
    text = context.text
    constructs: list[Construct] = []
    # An ASCII text's year is read from its digit shape, which find_dates reads next: "0000" stands
    # in it exactly where _A_YEAR_IN_ASCII matches (encoder.dates.digit_shape).
    has_year = b"0000" in digit_shape(text) if text.isascii() else _A_YEAR.search(text) is not None
    first_month = _A_MONTH.search(text) if has_year else None
    if first_month is None:
        return constructs  # ranges and months end in a year and name a month: most paragraphs are done here
    # Each pattern is searched from where its first character can first stand: a month's name
    # (its three letters, _A_MONTH) or a day's digit (in an ASCII text, the first "0" of its shape;
    # \d reads other digits too in other texts). No match begins before it, and the lookbehinds
    # still see the characters before where the search begins.
    first_digit = digit_shape(text).find(b"0") if text.isascii() else 0
    taken = Spans()
    for pattern, begins_with_a_month in zip(_RANGES, _RANGE_BEGINS_WITH_A_MONTH, strict=True):
        for match in pattern.finditer(text, first_month.start() if begins_with_a_month else first_digit):
            span = _range(match)
            if span is None or taken.overlaps(*match.span()):
                continue
            taken.add(*match.span())
            constructs.append(_date(match.start(), match.end(), Date(start=span[0], end=span[1])))
    for found in find_dates(text):
        taken.add(found.start, found.end)
    for match in _MONTH_YEAR.finditer(text, first_month.start()):
        month = month_number(match.group("m"))
        if (
            month is None
            or _DAY_BEFORE.search(text, max(0, match.start() - 8), match.start())
            or taken.overlaps(*match.span())
        ):
            continue
        taken.add(*match.span())
        constructs.append(_date(match.start(), match.end(), Date(when=f"{match.group('y')}-{month:02d}")))
    return constructs


def _date(start: int, end: int, date: Date) -> Construct:
    def build(parts: Parts, offset: int) -> list[Inline]:
        return [dataclasses.replace(date, children=tuple(parts[0]), offset=offset)]

    return Construct(start, end, ((start, end),), build, PRIORITY, "date", nested=False)


def scan(context: BlockContext) -> list[Construct]:
    constructs = _ranges_and_months(context)
    text = context.text
    marked = Spans([(other.start, other.end) for other in constructs])
    for found in find_dates(text):
        if marked.holds(found.start):
            continue  # the end of a range, marked with it
        if found.ambiguous:
            context.decide(
                "numeric-date", found.start, found.end, f"day first: {found.when}",
                alternatives=("month first",),
                message="a numeric date whose day and month could be swapped; read day first",
            )  # fmt: skip

        end, when = found.end, found.when
        clock = _TIME_AFTER.match(text, found.end)
        if clock and (time_of_day := parse_time(clock.group("time"))) is not None:
            # "Dispatched 22.10.65 18:20", "on 3 July 1963, 16:00 p.m.": the time belongs to the date
            end, when = clock.end(), f"{found.when}T{time_of_day}"

        def build(parts: Parts, offset: int, when: str = when) -> list[Inline]:
            return [Date(children=tuple(parts[0]), when=when, offset=offset)]

        # A date as written holds no markup: TEI's date here is text (and supplied) only.
        constructs.append(Construct(found.start, end, ((found.start, end),), build, PRIORITY, "date", nested=False))
        marked.add(found.start, end)
    return constructs
