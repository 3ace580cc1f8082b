"""A fuzzing campaign: mutated transcripts through the converter, for as long as you give it.

    python bench/fuzz.py --seconds 600 [--seed 1] [--out build/fuzz] [--tei-all] [--slow 2.0]

Each input is a transcript of the sample corpus or of the invented corpora
(``tests/fixtures/unseen``, ``heldout``, ``conventions``), or a slice of one,
mutated by the grammar in ``tests/fuzz_grammar.py`` (which the property tests
in ``tests/test_fuzz_properties.py`` draw from too): editorial signs and header
labels inserted, website residue, deletions, stray bytes, line endings changed,
encodings changed (UTF-8 with a BOM, UTF-16), truncation. Every input is
converted and sorted into one of:

* ``ok``          converted, valid, and the round trip gives the text back;
* ``rejected``    refused as input with a clear message (undecodable bytes,
                  control characters): by design, not counted as a failure;
* ``refusal``     the converter made TEI its own schema refuses (a bug);
* ``traceback``   any other exception (a bug);
* ``lossy``       the round trip (``tei-encoder text``) does not give the text
                  back, the documented whitespace normalisation aside;
* ``invalid``     (with ``--tei-all``) the TEI fails the TEI P5 reference schema;
* ``slow``        took longer than ``--slow`` seconds (also counted in its class).

Failures are shrunk (lines, then runs of characters, removed while the
failure stays the same) and written to ``--out`` as ``CLASS-HASH.txt`` with
the message beside it. The same seed and time give the same inputs; the
figures go to stdout.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPOSITORY), str(REPOSITORY / "tests")]

from fuzz_grammar import CLASSES, PASSING, classify, corpus, mutate  # noqa: E402


def shrink(data: bytes, still_fails: Callable[[bytes], bool], budget: float = 20.0) -> bytes:
    """Remove lines, then runs of characters, while the failure stays the same."""
    deadline = time.monotonic() + budget
    lines = data.split(b"\n")
    index = 0
    while index < len(lines) and time.monotonic() < deadline:
        candidate = lines[:index] + lines[index + 1 :]
        if candidate and still_fails(b"\n".join(candidate)):
            lines = candidate
        else:
            index += 1
    data = b"\n".join(lines)
    width = max(len(data) // 4, 1)
    while width >= 1 and time.monotonic() < deadline:
        start = 0
        while start < len(data) and time.monotonic() < deadline:
            candidate = data[:start] + data[start + width :]
            if candidate and still_fails(candidate):
                data = candidate
            else:
                start += width
        width //= 2
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to fuzz (default 60)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPOSITORY / "build" / "fuzz", help="where reproducers go")
    parser.add_argument("--slow", type=float, default=2.0, help="seconds per input counted as slow (default 2)")
    parser.add_argument("--tei-all", action="store_true", help="also validate every output against tei_all")
    args = parser.parse_args()

    tei_all = None
    if args.tei_all:
        from encoder.validation import schemas

        tei_all = schemas.relaxng(schemas.tei_all_rng())
    rng = random.Random(args.seed)
    texts = corpus()
    counts: Counter[str] = Counter()
    slow: list[tuple[float, bytes]] = []
    failures: dict[tuple[str, str], bytes] = {}
    started = time.monotonic()
    last_report = started
    while time.monotonic() - started < args.seconds:
        data = mutate(rng.choice(texts), rng)
        began = time.monotonic()
        kind, detail = classify(data, tei_all)
        elapsed = time.monotonic() - began
        counts[kind] += 1
        if elapsed > args.slow:
            slow.append((elapsed, data))
        if kind not in PASSING:
            key = (kind, detail[:120])
            if key not in failures or len(data) < len(failures[key]):
                failures[key] = data
        if time.monotonic() - last_report > 10:  # progress that works when stderr is a file
            last_report = time.monotonic()
            print(f"fuzz: {sum(counts.values())} inputs, {dict(counts)}", file=sys.stderr)

    args.out.mkdir(parents=True, exist_ok=True)
    for (kind, detail), data in sorted(failures.items()):
        small = shrink(data, lambda candidate, kind=kind, detail=detail: classify(candidate, tei_all) == (kind, detail))
        name = f"{kind}-{hashlib.sha256(small).hexdigest()[:12]}"
        (args.out / f"{name}.txt").write_bytes(small)
        (args.out / f"{name}.why").write_text(detail + "\n", encoding="utf-8")
    for _elapsed, data in sorted(slow, reverse=True)[:5]:
        (args.out / f"slow-{hashlib.sha256(data).hexdigest()[:12]}.txt").write_bytes(data)

    total = sum(counts.values())
    print(f"inputs: {total} in {time.monotonic() - started:.0f} s (seed {args.seed})")
    for kind in CLASSES:
        print(f"  {kind:10} {counts[kind]:7d}")
    print(f"  {'slow':10} {len(slow):7d}  (over {args.slow} s)")
    print(f"distinct failures: {len(failures)}; reproducers in {args.out}")
    for kind, detail in sorted(failures):
        print(f"  {kind}: {detail}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
