"""Conversion throughput: a corpus of >= 1,000 documents made by replicating the samples.

Prints documents/s and MB/s for a warm process on one core (conversion with
its own validation, and without it), and the wall time of one
``tei-encoder convert`` of one sample, start-up included.

    python bench/bench_convert.py [--documents 1000]

Targets (issue 2): >= 200 documents/s warm; one-file command under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from encoder.pipeline import convert

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "tei" / "transcripts").glob("*.txt"))


def throughput(texts: list[str], *, validate: bool) -> tuple[float, float]:
    convert(texts[0], validate=validate)  # warm: schemas compiled, modules imported
    started = time.perf_counter()
    for index, text in enumerate(texts):
        convert(text, name=f"doc-{index}", validate=validate)
    elapsed = time.perf_counter() - started
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    return len(texts) / elapsed, megabytes / elapsed


def command_wall_time(runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "encoder", "convert", str(SAMPLES[0])],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    args = parser.parse_args()
    texts = [SAMPLES[i % len(SAMPLES)].read_text(encoding="utf-8-sig") for i in range(args.documents)]
    print(f"corpus: {len(texts)} documents, {sum(map(len, texts)) / 1e6:.1f} M characters")
    for validate in (True, False):
        documents, megabytes = throughput(texts, validate=validate)
        label = "with validation" if validate else "without validation"
        print(f"convert {label:<19}: {documents:7.1f} documents/s  {megabytes:5.2f} MB/s")
    print(f"tei-encoder convert (one sample, start-up included, median of 5): {command_wall_time():.2f} s")


if __name__ == "__main__":
    main()
