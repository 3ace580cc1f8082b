"""Progress of a batch run (``convert``, ``validate``, ``build``) on standard error.

On a terminal a bar is redrawn in place. Anywhere else (a CI log, a file, a
pipe to ``tee``) a bar would be a stream of carriage returns, so one plain
line is printed every few seconds instead::

    converted 1,234/10,000 (12 %), 85 docs/s
    build: 120/1000 documents (31 s) d0119-1963-02-20-hao-deqing-andropov-visit

(``build`` says its first and last document too, and which document it is at.)

A run that asks for a summary ends with one line whatever stderr is: how
many files, how many had problems, how long it took and on how many jobs.
``-q`` turns all of it off.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

# A line every so many seconds when stderr is not a terminal: often enough to
# show a long run is alive, seldom enough not to flood a log.
LOG_INTERVAL = 5.0
_REDRAW_INTERVAL = 0.1
# The line of a batch's log: fields verb, count, total, percent, rate (documents a second),
# elapsed (seconds) and label (the document just done).
BATCH_LINE = "{verb} {count:,}/{total:,} ({percent} %), {rate:,.0f} docs/s"
BUILD_LINE = "{verb}: {count}/{total} documents ({elapsed:.0f} s) {label}"


class Progress:
    """Counts documents as a batch finishes them and shows how far it is.

    ``verb`` names what is done to each (``converted``, ``validated``),
    ``problems`` what a document with a problem is (``failed``, ``invalid``);
    ``bar`` shows the running count (on a terminal a bar, elsewhere a line
    every :data:`LOG_INTERVAL` seconds); ``summary`` adds the closing line.
    ``line`` is the log's line (:data:`BATCH_LINE`, :data:`BUILD_LINE`); with
    ``ends`` the log also has the line of the first and of the last document.
    """

    def __init__(
        self,
        total: int,
        *,
        verb: str,
        problems: str = "with problems",
        bar: bool = True,
        summary: bool = False,
        jobs: int = 1,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
        interval: float = LOG_INTERVAL,
        line: str = BATCH_LINE,
        ends: bool = False,
    ) -> None:
        self.total = total
        self.count = 0
        self.problems = 0
        self.jobs = jobs
        self._verb = verb
        self._problems_word = problems
        self._stream = stream if stream is not None else sys.stderr
        self._terminal = self._stream.isatty()
        self._bar = bar
        self._summary = summary
        self._clock = clock
        self._interval = interval
        self._line_format = line
        self._ends = ends
        self._started = clock()
        self._last_drawn = self._started
        self._drawn = False  # a bar stands on the terminal's current line

    def step(self, label: str, *, problem: bool = False) -> None:
        """One more document done (``problem``: it failed, or has errors)."""
        self.count += 1
        self.problems += problem
        if not self._bar:
            return
        now = self._clock()
        if self._terminal and (now - self._last_drawn > _REDRAW_INTERVAL or self.count == self.total):
            self._last_drawn = now
            width = 30
            filled = width * self.count // max(self.total, 1)
            bar = "#" * filled + "-" * (width - filled)
            self._stream.write(f"\r[{bar}] {self.count}/{self.total} {label[-40:]:<40}")
            self._stream.flush()
            self._drawn = True
        elif not self._terminal and (
            (now - self._last_drawn >= self._interval and self.count < self.total)
            or (self._ends and self.count in (1, self.total))
        ):
            self._last_drawn = now
            self._stream.write(self._line(now, label) + "\n")
            self._stream.flush()

    def __call__(self, done: int, total: int, label: str) -> None:
        """``build``'s form of :meth:`step`: ``done`` of ``total`` documents, the last one ``label``
        (the build knows how many there are only once it has looked)."""
        self.total = total
        self.count = done - 1
        self.step(label)

    def clear(self) -> None:
        """Take the bar off the terminal line, before other messages are printed there."""
        if self._drawn:
            self._stream.write("\r\033[K")
            self._stream.flush()
            self._drawn = False

    def done(self) -> None:
        """End the run: clear the bar, and print the summary line if the run asked for one."""
        self.clear()
        if self._summary:
            elapsed = self._clock() - self._started
            words = f"{self._verb} {_count(self.count, 'file')}, {self.problems:,} {self._problems_word}"
            jobs = _count(self.jobs, "job")
            self._stream.write(f"{words}, in {_duration(elapsed)} ({jobs})\n")
            self._stream.flush()

    def _line(self, now: float, label: str) -> str:
        elapsed = max(now - self._started, 1e-9)
        return self._line_format.format(
            verb=self._verb,
            count=self.count,
            total=self.total,
            percent=100 * self.count // max(self.total, 1),
            rate=self.count / elapsed,
            elapsed=elapsed,
            label=label,
        )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"
