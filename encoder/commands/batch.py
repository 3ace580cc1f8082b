"""The options of a batch run, shared by ``convert`` and ``validate``: where the
documents are processed (``--jobs``, ``--scheduler``) and how long one may take
(``--time-budget``). See :mod:`encoder.executor`.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from encoder.errors import Diagnostic, Severity
from encoder.executor import OVER_BUDGET, PARALLEL_FROM, Done, Executor, open_executor

# Far more than any real transcript needs (the longest take well under a second),
# and short enough that a pathological one cannot hold a batch for long.
DEFAULT_TIME_BUDGET = 120.0


def add_batch_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-j",
        "--jobs",
        type=job_count,
        metavar="N",
        help="documents processed at once, each in a process of its own (default: one per core this run may use; "
        f"a batch of fewer than {PARALLEL_FROM} runs in this process)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT|local",
        help="run on a Dask distributed cluster (needs tei-encoder[cluster]); 'local' starts one on this machine",
    )
    parser.add_argument(
        "--time-budget",
        type=_seconds,
        metavar="SECONDS",
        help=f"most time one document may take in a batch; it is stopped and reported (default: "
        f"{DEFAULT_TIME_BUDGET:g}; 0: no limit)",
    )


def batch_executor(args: argparse.Namespace, documents: int, initializer: Callable[[], None] | None = None) -> Executor:
    return open_executor(jobs=args.jobs, scheduler=args.scheduler, tasks=documents, initializer=initializer)


def time_budget(args: argparse.Namespace, documents: int) -> float | None:
    """The budget per document: the option's, else the default for a batch (a single document has none)."""
    if args.time_budget is None:
        return DEFAULT_TIME_BUDGET if documents > 1 else None
    return args.time_budget or None


def stopped_diagnostic(path: Path, done: Done[Any, Any], budget: float | None, *, doing: str) -> Diagnostic:
    """The message for a document whose task was stopped: over its time budget, or its process died."""
    if done.stopped == OVER_BUDGET:
        message = (
            f"{doing} it took longer than the time budget of {budget or 0:g} s; it was stopped and skipped "
            "(a larger --time-budget, or 0 for none, lets it finish)"
        )
        return Diagnostic("TIME-BUDGET", Severity.ERROR, message, str(path))
    message = f"the process {doing} it ended ({done.detail}), perhaps out of memory; it was skipped"
    return Diagnostic("WORKER-DIED", Severity.ERROR, message, str(path))


def job_count(value: str) -> int:
    """``--jobs N``: a whole number, at least 1 (convert, validate and build)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value}: give at least 1")
    return number


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not math.isfinite(seconds) or seconds < 0:
        raise argparse.ArgumentTypeError(f"{value}: give a number of seconds, 0 or more (0: no limit)")
    return seconds
