"""Batch throughput: a corpus of 10,000 transcripts converted and validated, on one core, two, and a Dask cluster.

The corpus is made from the transcripts in tei/transcripts/: document N is
sample N mod 5 with its summary opened by "Benchmark copy N." (or, without a
summary, its first line closed by "(benchmark copy N)"): the same corpus
every run, no two documents alike. Each configuration runs

    tei-encoder convert CORPUS -o OUT -q --jobs J   (or --scheduler local --jobs 2)
    tei-encoder validate OUT -q --jobs J

as a command of its own and prints, for each step, documents/s, the elapsed
time, the CPU time of all its processes divided by the elapsed time (the cores
it kept busy) and per document (what the figures would be on an idle machine
follows from it), and the peak resident memory of the command with all its
worker processes together (sampled every 0.1 s with psutil when it is
installed, as it is with the [cluster] extra; otherwise the largest single
process, from getrusage).

    python bench/corpus_batch.py [--documents 10000] [--configs jobs1 jobs2 cluster2] [--workdir DIR]

Targets (issue 12): 10,000 documents converted and validated in under 60 s on
a 2-core machine, peak RSS under 300 MB. The machine may be shared: the load
average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "tei" / "transcripts").glob("*.txt"))
CONFIGS = {
    "jobs1": ["--jobs", "1"],
    "jobs2": ["--jobs", "2"],
    "cluster2": ["--scheduler", "local", "--jobs", "2"],
}
TARGET_DOCUMENTS = 10_000
TARGET_SECONDS = 60.0
TARGET_RSS_MB = 300.0


def make_corpus(folder: Path, documents: int) -> None:
    texts = [sample.read_text(encoding="utf-8-sig") for sample in SAMPLES]
    folder.mkdir(parents=True)
    for number in range(documents):
        text = texts[number % len(texts)]
        # The summary, or (a cable without one) its first line, says which copy it is.
        varied, found = re.subn(r"(Summary:(\*\*)?\n\n)", rf"\g<1>Benchmark copy {number}. ", text, count=1)
        if not found:
            varied = re.sub(r"\S.*", rf"\g<0> (benchmark copy {number})", text, count=1)
        (folder / f"doc{number:05}.txt").write_text(varied, encoding="utf-8")


@dataclass(frozen=True)
class Measured:
    seconds: float
    cpu_seconds: float
    command_cpu_seconds: float | None  # the command's own process, without its workers
    peak_rss_mb: float
    rss_how: str
    status: int


def measure(arguments: list[str]) -> Measured:
    """Run a command; its elapsed time, the CPU time of it and its descendants, and its peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(arguments, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tree = _Tree(process.pid)
    tree.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    tree.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode not in (0, 1):
        sys.stderr.write(stderr.decode("utf-8", "replace"))
    reaped = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if tree.sampled:
        return Measured(
            seconds,
            max(tree.cpu_seconds, reaped),
            tree.cpu_by_pid.get(process.pid),
            tree.peak_bytes / 1e6,
            "sum over the tree",
            process.returncode,
        )
    # ru_maxrss is in kB on Linux: the largest single process reaped so far
    return Measured(seconds, reaped, None, after.ru_maxrss / 1e3, "largest process", process.returncode)


class _Tree(threading.Thread):
    """A process and all its descendants, sampled: the largest sum of their resident memory,
    and the CPU time of each (workers of a pool are reaped by its server, out of getrusage's sight)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_bytes = 0
        self.cpu_by_pid: dict[int, float] = {}
        self.sampled = False
        self._stopped = threading.Event()

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu_by_pid.values())

    def run(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stopped.wait(0.1):
            total = 0
            try:
                processes = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for process in processes:
                try:
                    with process.oneshot():
                        total += process.memory_info().rss
                        times = process.cpu_times()
                    self.cpu_by_pid[process.pid] = times.user + times.system
                except psutil.NoSuchProcess:
                    continue
            self.peak_bytes = max(self.peak_bytes, total)
            self.sampled = True

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--configs", nargs="+", choices=CONFIGS, default=list(CONFIGS))
    parser.add_argument("--workdir", type=Path, help="where the corpus goes (default: a temporary folder)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="tei-encoder-batch-"))
    corpus = workdir / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    made = time.perf_counter()
    make_corpus(corpus, args.documents)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"corpus: {args.documents:,} documents in {corpus} ({time.perf_counter() - made:.1f} s to make)")
    print(f"machine: {cores} usable cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    # CPU/doc counts every process (command, workers, fork server); of it, "command" is the
    # command's own share: handing out tasks, taking results, writing the files.
    print(
        f"{'config':<9} {'step':<9} {'docs/s':>8} {'elapsed':>9} {'cores':>6} {'CPU/doc':>9} {'command':>9} "
        f"{'peak RSS':>10}  exit"
    )
    tei = [sys.executable, "-m", "encoder"]
    for name in args.configs:
        output = workdir / f"out-{name}"
        if output.exists():
            shutil.rmtree(output)
        total = 0.0
        peak = 0.0
        for step, arguments in (
            ("convert", [*tei, "convert", str(corpus), "-o", str(output), "-q", *CONFIGS[name]]),
            ("validate", [*tei, "validate", str(output), "-q", *CONFIGS[name]]),
        ):
            measured = measure(arguments)
            cpu_per_document_ms = 1000 * measured.cpu_seconds / args.documents
            command = measured.command_cpu_seconds
            command_ms = f"{1000 * command / args.documents:>6.1f} ms" if command is not None else f"{'?':>9}"
            total += measured.seconds
            peak = max(peak, measured.peak_rss_mb)
            print(
                f"{name:<9} {step:<9} {args.documents / measured.seconds:>8.1f} {measured.seconds:>8.1f}s "
                f"{measured.cpu_seconds / measured.seconds:>6.2f} {cpu_per_document_ms:>6.1f} ms {command_ms} "
                f"{measured.peak_rss_mb:>7.0f} MB  {measured.status}"
                f"  (RSS: {measured.rss_how})",
                flush=True,
            )
        # The target is for 10,000 documents: a smaller run is scaled up (start-up costs included once).
        projected = total * TARGET_DOCUMENTS / args.documents
        verdict = "meets" if projected < TARGET_SECONDS and peak < TARGET_RSS_MB else "misses"
        print(
            f"{name:<9} {'both':<9} {args.documents / total:>8.1f} {total:>8.1f}s {'':>26} {peak:>7.0f} MB  "
            f"{verdict} the target ({TARGET_DOCUMENTS:,} in {TARGET_SECONDS:.0f} s"
            + (f": {projected:.0f} s at this rate" if args.documents != TARGET_DOCUMENTS else "")
            + f", {TARGET_RSS_MB:.0f} MB); load average now {os.getloadavg()[0]:.2f}",
            flush=True,
        )
    if args.workdir is None:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
