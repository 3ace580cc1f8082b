"""Instructions per document of a batch ``convert`` and ``validate``, counted by callgrind.

CPU seconds on this shared 2-core machine move with the load; the
instructions a program executes do not. This runs, under valgrind's
callgrind, ``tei-encoder convert CORPUS -o OUT -q --jobs 1`` and
``tei-encoder validate OUT -q --jobs 1`` on a corpus of N + 2 documents of
``bench/corpus_batch.py`` and on one of 2, and prints the difference divided
by N: what one more document costs, start-up left out. ``--jobs 1`` keeps
the work in the one process callgrind follows (a worker of ``--jobs 2`` runs
the same ``convert_one``; the command's own share is the writing, mostly the
kernel's, which callgrind does not count).

    python bench/batch_instructions.py [--documents 50]

The cache folder is filled by a convert and a validate before the counted
runs (a ``TEI_ENCODER_CACHE_DIR`` of its own), so compiling the schemas and
patterns is not counted.
Each counted run takes a minute or two: callgrind runs the program ~50× slower.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from corpus_batch import REPO, make_corpus  # python bench/…: bench/ is on the path


def instructions(arguments: list[str], environment: dict[str, str], log: Path) -> int:
    """The instructions callgrind counted for one run of ``arguments`` (in the repository), which must succeed."""
    completed = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={log}", *arguments],
        cwd=REPO,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    collected = re.search(r"Collected : (\d+)", completed.stderr)
    if completed.returncode != 0 or collected is None:  # a failed run still reports what it counted
        sys.exit(f"callgrind run of {' '.join(arguments)} failed (exit {completed.returncode}):\n"
                 f"{completed.stderr[-2000:]}")  # fmt: skip
    return int(collected.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=50)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed")
    work = Path(tempfile.mkdtemp(prefix="tei-encoder-instructions-"))
    environment = {**os.environ, "TEI_ENCODER_CACHE_DIR": str(work / "cache")}
    tei = [sys.executable, "-m", "encoder"]
    counted: dict[str, dict[int, int]] = {"convert": {}, "validate": {}}
    try:
        for size in (args.documents + 2, 2):
            corpus, output = work / f"corpus-{size}", work / f"out-{size}"
            make_corpus(corpus, size)
            if not (work / "cache").exists():  # schemas compiled, patterns cached: not counted
                warm = [str(corpus), "-o", str(work / "warm"), "-q"]
                subprocess.run([*tei, "convert", *warm], env=environment, check=True)
                subprocess.run([*tei, "validate", str(work / "warm"), "-q"], env=environment, capture_output=True)
            convert = [*tei, "convert", str(corpus), "-o", str(output), "-q", "--jobs", "1"]
            counted["convert"][size] = instructions(convert, environment, work / "convert.cg")
            validate = [*tei, "validate", str(output), "-q", "--jobs", "1"]
            counted["validate"][size] = instructions(validate, environment, work / "validate.cg")
    finally:
        shutil.rmtree(work)
    for step, by_size in counted.items():
        per_document = (by_size[args.documents + 2] - by_size[2]) / args.documents
        print(f"{step:<9} {per_document / 1e6:7.1f} M instructions a document ({args.documents} documents)")


if __name__ == "__main__":
    main()
