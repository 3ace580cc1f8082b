"""Full dates in running text → ``<date when="…">``.

::

    the lead article of 25 October 1964   → <date when="1964-10-25">25 October 1964</date>
    dispatched on 25.08.1958              → <date when="1958-08-25">25.08.1958</date>
    Distributed … on February 22, 1963    → <date when="1963-02-22">February 22, 1963</date>
"""

from __future__ import annotations

from encoder.dates import find_dates
from encoder.inline.core import BlockContext, Construct, Parts
from encoder.model import Date, Inline

PRIORITY = 20


def scan(context: BlockContext) -> list[Construct]:
    constructs = []
    for found in find_dates(context.text):
        if found.ambiguous:
            context.decide(
                "numeric-date", found.start, found.end, f"day first: {found.when}",
                alternatives=("month first",),
                message="a numeric date whose day and month could be swapped; read day first",
            )  # fmt: skip

        def build(parts: Parts, offset: int, when: str = found.when) -> list[Inline]:
            return [Date(children=tuple(parts[0]), when=when, offset=offset)]

        # A date as written holds no markup: TEI's date here is text (and supplied) only.
        constructs.append(
            Construct(found.start, found.end, ((found.start, found.end),), build, PRIORITY, "date", nested=False)
        )
    return constructs
