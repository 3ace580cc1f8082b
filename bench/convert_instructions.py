"""Instructions per MB of one in-process conversion, counted by callgrind.

The per-MB target of issue 12 (convert ≥ 5× faster per MB than pandoc) is
about the conversion's own work, which CPU seconds on this shared 2-core
machine measure badly: its speed drifts by a factor of two from hour to
hour. The instructions a program executes do not drift. This runs, under
valgrind's callgrind, a Python process that builds the ``bench/scaling.py``
corpus input of ``--size`` bytes, converts it once to warm up (schemas
compiled, patterns built) and then ``--runs`` more times, and the same
process with no counted run; the difference divided by the runs and the
megabytes is what one MB of transcript costs: reading, layout, inline
rules, the TEI tree, self-validation (RELAX NG and Schematron).

    python bench/convert_instructions.py [--size 500000] [--runs 1] [--named] [--register] [--pandoc]

``--named`` also gives every decision its id and TEI place, as
``convert --report`` does (a plain ``convert`` only counts them).
``--register`` converts with the sample edition's register
(``tei/registers.xml``), as every transcript of ``tei/transcripts/`` is: its
spellings are looked for in every paragraph and each name found is linked.
``--pandoc`` counts ``pandoc -f markdown -t tei`` on the same text too, less
its count on 1 KB of it (its start-up), and prints the ratio: the peer of
issue 12's per-MB target, in units that do not drift. pandoc's instructions
are not tei-encoder's (a Haskell program's mix differs from CPython's), so
the ratio of CPU seconds (``bench/peers.py``) is the one the target names;
this one shows the trend without the machine's noise.
Each run takes a minute or two: callgrind runs the program ~50× slower.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from batch_instructions import REPO, instructions  # python bench/…: bench/ is on the path

# The process callgrind follows: bench/ on the path for the corpus input,
# the converter's own entry point, nothing written to disk.
PROGRAM = """
import sys
sys.path.insert(0, {bench!r})
from pathlib import Path
from scaling import corpus_input
from encoder.pipeline import convert_source
from encoder.reading import read_text
from encoder.registers import load_register
register = load_register(Path({register!r})) if {register!r} else None
text = corpus_input({size})
source = read_text(text, "<input>", control_chars="error")
for _ in range(1 + {runs}):
    convert_source(source, decisions_named={named}, register=register)
"""
REGISTER = REPO / "tei" / "registers.xml"


def conversions(size: int, runs: int, named: bool, register: bool, environment: dict[str, str], log: Path) -> int:
    """The instructions callgrind counted for a warm-up conversion and ``runs`` more."""
    program = PROGRAM.format(
        bench=str(REPO / "bench"), size=size, runs=runs, named=named, register=str(REGISTER) if register else ""
    )
    return instructions([sys.executable, "-c", program], environment, log)


def pandoc_instructions(text: str, scratch: Path) -> int:
    """The instructions callgrind counted for ``pandoc -f markdown -t tei`` of ``text``."""
    given = scratch / "pandoc-input.md"
    given.write_text(text, encoding="utf-8")
    command = ["pandoc", "-f", "markdown", "-t", "tei", str(given), "-o", str(scratch / "pandoc-output.xml")]
    return instructions(command, dict(os.environ), scratch / "pandoc.callgrind")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=500_000, help="bytes of transcript (default 500000)")
    parser.add_argument("--runs", type=int, default=1, help="counted conversions (default 1)")
    parser.add_argument("--named", action="store_true", help="name every decision, as convert --report does")
    parser.add_argument("--register", action="store_true", help="convert with tei/registers.xml, as the corpus is")
    parser.add_argument("--pandoc", action="store_true", help="count pandoc -f markdown -t tei on the same text too")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    if args.pandoc and shutil.which("pandoc") is None:
        sys.exit("pandoc is not installed (python bench/peers.py --install, or apt-get install pandoc)")
    sys.path.insert(0, str(REPO / "bench"))
    from scaling import corpus_input

    text = corpus_input(args.size)
    megabytes = len(text.encode("utf-8")) / 1e6
    with tempfile.TemporaryDirectory(prefix="tei-encoder-instructions-") as scratch:
        environment = {**os.environ, "TEI_ENCODER_CACHE_DIR": str(Path(scratch) / "cache")}
        log = Path(scratch) / "callgrind.out"
        conversions(args.size, 0, args.named, args.register, environment, log)  # fills the cache folder
        warm_only = conversions(args.size, 0, args.named, args.register, environment, log)
        counted = conversions(args.size, args.runs, args.named, args.register, environment, log)
        if args.pandoc:
            small = corpus_input(1000)
            pandoc = pandoc_instructions(text, Path(scratch)) - pandoc_instructions(small, Path(scratch))
            pandoc_per_mb = pandoc / (megabytes - len(small.encode("utf-8")) / 1e6)
    per_run = (counted - warm_only) / args.runs
    print(f"input {megabytes:.3f} MB, {args.runs} counted run(s), decisions named: {args.named}, "
          f"register: {args.register}")  # fmt: skip
    print(f"instructions per conversion: {per_run / 1e6:,.1f} M")
    print(f"instructions per MB:         {per_run / megabytes / 1e6:,.1f} M")
    if args.pandoc:
        print(f"pandoc, per MB:              {pandoc_per_mb / 1e6:,.1f} M (start-up left out)")
        print(f"pandoc / tei-encoder:        {pandoc_per_mb / (per_run / megabytes):.2f}")


if __name__ == "__main__":
    main()
