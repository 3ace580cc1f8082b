"""Batch runs (encoder.executor, encoder.commands.batch, encoder.commands.progress).

Whatever runs the tasks (this process, a pool of processes, a Dask cluster),
a batch writes the same files, prints the same messages in the same order and
exits with the same status; a document over its time budget is stopped (its
process killed) and reported, and the batch goes on.

The task functions below are module-level so that worker processes can import them.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import TRANSCRIPTS

from encoder import cli
from encoder.commands.progress import Progress
from encoder.errors import UsageError
from encoder.executor import (
    OVER_BUDGET,
    PARALLEL_FROM,
    WORKER_DIED,
    DaskExecutor,
    ProcessPoolExecutor,
    SerialExecutor,
    open_executor,
)

# == tasks run by the workers ==

_warmed_up = "no"


def _warm_up() -> None:
    global _warmed_up
    _warmed_up = "yes"


def _warm(item: int) -> str:
    return _warmed_up


def _square_slowly_first(item: int) -> int:
    """The earlier the item, the longer it takes: results finish in reverse order."""
    time.sleep(0.05 * (4 - item))
    return item * item


def _spin_if_asked(item: tuple[int, str]) -> int:
    """Item 1 writes its process id to the file named and spins for ever (a pathological document)."""
    number, pid_file = item
    if number == 1:
        Path(pid_file).write_text(str(os.getpid()))
        while True:
            pass
    return number


def _working_folder(item: int) -> str:
    return os.getcwd()


def _fail_second(item: int) -> int:
    if item == 1:
        raise ValueError("the second item is bad")
    return item


def _die_on_second(item: int) -> int:
    if item == 1:
        os.kill(os.getpid(), signal.SIGKILL)  # what the kernel does to a process out of memory
    return item


# == the executors ==


def test_results_come_in_input_order_whatever_order_the_tasks_finish() -> None:
    with ProcessPoolExecutor(2) as executor:
        done = list(executor.map_ordered(_square_slowly_first, [0, 1, 2, 3]))
    assert [d.index for d in done] == [0, 1, 2, 3]
    assert [d.value for d in done] == [0, 1, 4, 9]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_task_over_its_budget_is_stopped_and_the_batch_goes_on(tmp_path: Path, jobs: int) -> None:
    pid_file = tmp_path / "pid"
    items = [(number, str(pid_file)) for number in range(4)]
    started = time.monotonic()
    with open_executor(jobs=jobs) as executor:
        done = list(executor.map_ordered(_spin_if_asked, items, time_budget=0.5))
    assert time.monotonic() - started < 30
    assert [d.stopped for d in done] == ["", OVER_BUDGET, "", ""]
    assert [d.value for d in done] == [0, None, 2, 3]
    assert done[1].seconds >= 0.5
    if jobs > 1:  # the worker that ran it was killed, not left spinning on a core
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid_file.read_text()), 0)


def test_the_next_task_a_stopped_worker_held_is_run_by_another(tmp_path: Path) -> None:
    # One worker holds the task it runs and the next; when the first runs over its
    # budget and the worker is killed, the next one is handed out again, not lost.
    pid_file = tmp_path / "pid"
    items = [(number, str(pid_file)) for number in (1, 2, 3)]

    def lost(signum: int, frame: object) -> None:
        raise TimeoutError("the batch never ended: a task was lost")

    previous = signal.signal(signal.SIGALRM, lost)
    signal.alarm(60)
    try:
        with ProcessPoolExecutor(1) as executor:
            done = list(executor.map_ordered(_spin_if_asked, items, time_budget=0.5))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert [d.stopped for d in done] == [OVER_BUDGET, "", ""]
    assert [d.value for d in done] == [None, 2, 3]


@pytest.mark.slow  # a LocalCluster of two processes starts in a few seconds
def test_on_a_dask_cluster_too_results_and_exceptions_come_in_input_order() -> None:
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
    with DaskExecutor(Client(cluster), cluster) as executor:
        assert executor.jobs == 2
        assert [d.value for d in executor.map_ordered(_square_slowly_first, [0, 1, 2, 3])] == [0, 1, 4, 9]
        seen = []
        with pytest.raises(ValueError, match="the second item is bad"):
            for done in executor.map_ordered(_fail_second, [0, 1, 2]):
                seen.append(done.value)
        assert seen == [0]


def test_a_worker_that_dies_is_reported_and_replaced() -> None:
    with ProcessPoolExecutor(2) as executor:
        done = list(executor.map_ordered(_die_on_second, [0, 1, 2, 3, 4]))
    assert [d.stopped for d in done] == ["", WORKER_DIED, "", "", ""]
    assert done[1].detail == "signal 9"
    assert [d.value for d in done if not d.stopped] == [0, 2, 3, 4]


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_exception_of_a_task_is_raised_in_its_turn(jobs: int) -> None:
    seen = []
    with open_executor(jobs=jobs) as executor, pytest.raises(ValueError, match="the second item is bad"):
        for done in executor.map_ordered(_fail_second, [0, 1, 2, 3]):
            seen.append(done.value)
    assert seen == [0]


def test_workers_resolve_relative_paths_in_the_parent_s_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ProcessPoolExecutor(2) as executor:  # its workers start in the folder of the tests
        monkeypatch.chdir(tmp_path)
        assert [d.value for d in executor.map_ordered(_working_folder, [0, 1, 2])] == [str(tmp_path)] * 3


class _Unimportable:
    """Pickles, but cannot be unpickled in a worker: as if the installed package changed under the run."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (__import__, ("a_module_that_is_not_installed",))


def test_a_task_a_worker_cannot_even_read_ends_the_batch_with_the_reason() -> None:
    with ProcessPoolExecutor(2) as executor, pytest.raises(ModuleNotFoundError, match="a_module_that_is_not"):
        list(executor.map_ordered(_working_folder, [_Unimportable(), _Unimportable()]))


def test_the_initializer_runs_in_each_worker_before_its_tasks() -> None:
    with ProcessPoolExecutor(2, initializer=_warm_up) as executor:
        assert [d.value for d in executor.map_ordered(_warm, [0, 1, 2])] == ["yes"] * 3


def test_the_number_of_workers_follows_the_options_and_the_batch() -> None:
    assert isinstance(open_executor(jobs=1), SerialExecutor)
    assert isinstance(open_executor(tasks=PARALLEL_FROM - 1), SerialExecutor)  # small batch, no --jobs
    with open_executor(jobs=8, tasks=2) as executor:  # never more workers than documents
        assert executor.jobs == 2
    with pytest.raises(UsageError, match="--jobs 0"):
        open_executor(jobs=0)


def test_without_dask_the_scheduler_option_is_a_clean_usage_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # as if dask were not installed
    with pytest.raises(UsageError, match=r"pip install 'tei-encoder\[cluster\]'"):
        open_executor(scheduler="local")
    shutil.copy(sorted(TRANSCRIPTS.glob("*.txt"))[0], tmp_path / "a.txt")
    status = cli.main(["convert", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--scheduler", "local"])
    error = capsys.readouterr().err
    assert status == 2
    assert "tei-encoder: error: --scheduler local: Dask distributed is not installed" in error
    assert "Traceback" not in error


# == the commands ==


def _corpus(folder: Path) -> Path:
    """The sample transcripts, and one that cannot be read in the middle of them."""
    corpus = folder / "in"
    corpus.mkdir(parents=True)
    samples = sorted(TRANSCRIPTS.glob("*.txt"))
    for sample in samples:
        shutil.copy(sample, corpus / sample.name)
    broken = samples[2].name.replace(".txt", "-broken.txt")  # sorts between the third and fourth
    (corpus / broken).write_bytes(b"A title\n\nThe text \xff is not UTF-8.\n")
    return corpus


def _tei_encoder(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command in ``folder`` with relative paths, so that runs in two folders print the same."""
    return subprocess.run(
        [sys.executable, "-m", "encoder", *args], cwd=folder, capture_output=True, text=True, timeout=300
    )


def _files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.slow  # a LocalCluster starts twice (a few seconds each)
def test_every_executor_writes_the_same_files_report_messages_and_status(tmp_path: Path) -> None:
    runs = {
        "serial": ["--jobs", "1"],
        "pool": ["--jobs", "2"],
        "cluster": ["--scheduler", "local", "--jobs", "2"],  # a LocalCluster of 2 workers on 127.0.0.1
    }
    results = {}
    for name, executor in runs.items():
        _corpus(tmp_path / name)
        converted = _tei_encoder(tmp_path / name, "convert", "in", "-o", "out", "--report", "report.json", *executor)
        validated = _tei_encoder(tmp_path / name, "validate", "out", "-q", *executor)
        results[name] = (converted, validated, _files(tmp_path / name / "out"), (tmp_path / name / "report.json"))
    serial = results["serial"]
    converted, validated, files, report = serial
    # The broken transcript in the middle failed; those after it were converted all the same.
    assert converted.returncode == 1, converted.stderr
    assert "in/1965-03-02-telegram-soviet-korean-talks-broken.txt:3:10: error: READ-DECODE" in converted.stderr
    assert len([name for name in files if name.endswith(".xml") and "/" not in name]) == 5
    assert validated.returncode == 0, validated.stdout + validated.stderr
    for name in ("pool", "cluster"):
        other = results[name]
        assert other[2] == files, name  # byte-identical folders
        assert other[3].read_bytes() == report.read_bytes(), name
        assert other[0].returncode == converted.returncode and other[1].returncode == validated.returncode
        assert _messages(other[0].stderr, tmp_path / name) == _messages(converted.stderr, tmp_path / "serial"), name
        assert other[1].stdout == validated.stdout, name


def _messages(stderr: str, folder: Path) -> str:
    """The messages, with the run's folder as RUN and without the line that says how long the run took."""
    lines = stderr.replace(str(folder), "RUN").splitlines()
    return "\n".join(line for line in lines if not line.startswith("converted "))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_documents_over_the_time_budget_are_reported_and_skipped(tmp_path: Path, jobs: str) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "1965-03-02-telegram-soviet-korean-talks-broken.txt").unlink()
    # No transcript converts in a millisecond: every one is stopped.
    result = _tei_encoder(tmp_path, "convert", "in", "-o", "out", "--jobs", jobs, "--time-budget", "0.001")
    assert result.returncode == 1
    stopped = [line for line in result.stderr.splitlines() if ": error: TIME-BUDGET: " in line]
    assert [line.split(":")[0] for line in stopped] == [f"in/{path.name}" for path in sorted(corpus.iterdir())]
    assert "time budget of 0.001 s" in stopped[0]
    assert "Traceback" not in result.stderr
    assert not list((tmp_path / "out").glob("*.xml"))


def test_time_budget_zero_means_none_and_nonsense_is_refused(tmp_path: Path) -> None:
    _corpus(tmp_path)
    assert "TIME-BUDGET" not in _tei_encoder(tmp_path, "convert", "in", "-o", "out", "--time-budget", "0").stderr
    refused = _tei_encoder(tmp_path, "convert", "in", "-o", "out", "--time-budget", "-1")
    assert refused.returncode == 2 and "argument --time-budget: -1: give a number of seconds" in refused.stderr


def test_a_batch_ends_with_a_summary_line_on_stderr_unless_quiet(tmp_path: Path) -> None:
    _corpus(tmp_path)
    result = _tei_encoder(tmp_path, "convert", "in", "-o", "out", "--jobs", "2")
    summary = [line for line in result.stderr.splitlines() if line.startswith("converted ")]
    assert len(summary) == 1 and summary[0].startswith("converted 6 files, 1 failed, in ")
    assert summary[0].endswith(" s (2 jobs)")
    validated = _tei_encoder(tmp_path, "validate", "out", "--jobs", "1")
    assert validated.stderr.startswith("validated 5 files, 0 invalid, in ") and "(1 job)" in validated.stderr
    quiet = _tei_encoder(tmp_path, "convert", "in", "-o", "out", "-q")
    assert "converted " not in quiet.stderr
    assert _tei_encoder(tmp_path, "validate", "out", "-q").stderr == ""


# == progress ==


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_progress_off_a_terminal_is_a_line_every_few_seconds() -> None:
    log = io.StringIO()  # not a terminal
    clock = _Clock()
    progress = Progress(
        10_000, verb="converted", problems="failed", bar=True, summary=True, jobs=2, stream=log, clock=clock, interval=5
    )
    for number in range(1, 1235):
        clock.now = 1000.0 + number * 4.0 / 1234  # 1,234 documents in the first 4 s: no line yet
        progress.step(f"doc{number}")
    assert log.getvalue() == ""
    clock.now = 1000.0 + 5.0
    progress.step("doc1235")
    assert log.getvalue() == "converted 1,235/10,000 (12 %), 247 docs/s\n"
    progress.step("doc1236", problem=True)  # no new line until another 5 s have passed
    assert log.getvalue().count("\n") == 1
    clock.now += 60
    progress.done()
    assert log.getvalue().splitlines()[-1] == "converted 1,236 files, 1 failed, in 1 min 05 s (2 jobs)"


def test_progress_on_a_terminal_is_a_bar_that_leaves_no_trace() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    progress = Progress(3, verb="validated", bar=True, stream=terminal)
    for number in range(3):
        progress.step(f"doc{number}.xml")
    assert "[##############################] 3/3 doc2.xml" in terminal.getvalue()
    progress.done()
    assert terminal.getvalue().endswith("\r\033[K")  # the bar is cleared; no summary was asked for


def test_progress_without_bar_or_summary_prints_nothing() -> None:
    log = io.StringIO()
    clock = _Clock()
    progress = Progress(100, verb="converted", bar=False, summary=False, stream=log, clock=clock, interval=1)
    for _ in range(100):
        clock.now += 1
        progress.step("doc")
    progress.done()
    assert log.getvalue() == ""
