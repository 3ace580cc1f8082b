"""Full dates in running text → ``<date when="…">``.

::

    the lead article of 25 October 1964   → <date when="1964-10-25">25 October 1964</date>
    dispatched on 25.08.1958              → <date when="1958-08-25">25.08.1958</date>
    Distributed … on February 22, 1963    → <date when="1963-02-22">February 22, 1963</date>
    Dispatched 22.10.65 18:20             → <date when="1965-10-22T18:20:00">22.10.65 18:20</date>
"""

from __future__ import annotations

import re

from encoder.dates import find_dates, parse_time
from encoder.inline.core import BlockContext, Construct, Parts
from encoder.model import Date, Inline

PRIORITY = 20
# A clock time right after a date: "22.10.65 18:20", "14 May 1962, 22:40", "12 May at 9.30 a.m."
_TIME_AFTER = re.compile(r"(?:,\s*|\s+at\s+|\s+)(?P<time>\d{1,2}[:.]\d{2}(?:\s*[ap]\.\s?m\.|\s*[ap]m\b)?)(?![\d.]\d)")


def scan(context: BlockContext) -> list[Construct]:
    constructs = []
    text = context.text
    for found in find_dates(text):
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
    return constructs
