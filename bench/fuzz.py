"""A fuzzing campaign: mutated transcripts through the converter, for as long as you give it.

    python bench/fuzz.py --seconds 600 [--seed 1] [--out build/fuzz] [--tei-all] [--slow 2.0]

Each input is a transcript of the sample corpus or of the invented corpora
(``tests/fixtures/unseen``, ``heldout``, ``conventions``), or a slice of one,
mutated by the grammar below: editorial signs and header labels inserted,
website residue, deletions, stray bytes, line endings changed, encodings
changed (UTF-8 with a BOM, UTF-16), truncation. Every input is converted and
sorted into one of:

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
sys.path.insert(0, str(REPOSITORY))

from lxml import etree  # noqa: E402

from encoder.errors import EncoderError, InputError, OutputInvalidError  # noqa: E402
from encoder.pipeline import convert_source  # noqa: E402
from encoder.reading import read_bytes  # noqa: E402
from encoder.round_trip import normalize_whitespace, to_text  # noqa: E402

CORPORA = ("tei/transcripts", "tests/fixtures/unseen", "tests/fixtures/heldout", "tests/fixtures/conventions")

# The mutation grammar: the signs, markers and labels the family uses, and the
# shapes that have broken converters of it before.
PIECES = [
    "[", "]", "[[", "]]", "[0]", "[1]", "[15]", "[...]", "[…]", "...", "…", "[sic]", "[illegible]",
    "[Translator's note: two pages were blotted out]", "[in Russian]", "(p. 2)", "(p. 00)", "- 4 -",
    "\\*", "*", " \\* ", "x/", "\"", "“", "”", "'", "<sup>o</sup>", "<sup>", "</sup>", "<br />", "**",
    "Kim Byeong-jik [Kim Pyong Jik]", "VNS [Supreme People's Assembly]", "28 [December]", "[19]58",
    "NS [S [!]]", "agreement[1]", "\n\n[1] ", "1. ", "(a) ", "- ", "• ", "| a | b |", "|---|---|",
    "Citation:", "Summary:", "Credits:", "Original Language:", "Contents:", "Contents: Translation - English (partial)",
    "Chinese [and Russian]", "Keywords:", "http://", "http://[", "digitalarchive.wilsoncenter.org",
    "Digital Archive International History Declassified", "This document was made possible with support from X",
    "Time:", "Location:", "Participants:", "(Ambassador Pan: ", ")", "To the Ministry:", "Copies:",
    "\n", "\n\n", "\t", "    ", " ", "\u00a0", "—", ":", ".", "&", "<", ">",
]  # fmt: skip
CLASSES = ("ok", "rejected", "refusal", "traceback", "lossy", "invalid")


def corpus() -> list[str]:
    texts = []
    for folder in CORPORA:
        for path in sorted((REPOSITORY / folder).glob("*.txt")):
            try:
                texts.append(read_bytes(path.read_bytes(), str(path)).text)
            except InputError:
                continue
    return texts


def mutate(text: str, rng: random.Random) -> bytes:
    """One mutated input, as the bytes a file would hold."""
    if len(text) > 2000 and rng.random() < 0.4:
        start = rng.randrange(len(text) - 1500)
        text = text[start : start + rng.randrange(200, 1500)]
    characters = list(text)
    for _ in range(rng.randrange(1, 9)):
        at = rng.randrange(len(characters) + 1)
        choice = rng.random()
        if choice < 0.7:
            characters[at:at] = list(rng.choice(PIECES))
        elif choice < 0.85 and len(characters) > 10:
            del characters[at : at + rng.randrange(1, 40)]
        else:
            characters[at:at] = [chr(rng.randrange(32, 127))]
    mutated = "".join(characters)
    shape = rng.random()
    if shape < 0.05:
        mutated = mutated.replace("\n", "\r\n")
    elif shape < 0.08:
        return mutated.encode("utf-16")  # with its BOM
    elif shape < 0.11:
        return "\ufeff".encode() + mutated.encode("utf-8")
    elif shape < 0.13:
        return mutated.encode("utf-8")[: rng.randrange(0, len(mutated) + 1)]  # cut anywhere, even mid-character
    return mutated.encode("utf-8")


def classify(data: bytes, tei_all: etree.RelaxNG | None) -> tuple[str, str]:
    """The input's class and, for a failure, what went wrong."""
    try:
        source = read_bytes(data, "fuzz.txt")
    except InputError as error:
        return "rejected", str(error)
    try:
        result = convert_source(source)
    except OutputInvalidError as error:
        codes = sorted({d.code for d in error.diagnostics if d.severity.value == "error"})
        return "refusal", " ".join(codes) or str(error)
    except EncoderError as error:
        return "rejected", str(error)
    except Exception as error:  # every other exception is what this campaign looks for
        return "traceback", f"{type(error).__name__}: {error}"
    back, written = normalize_whitespace(to_text(result.tree)), normalize_whitespace(source.text)
    if back != written:
        return "lossy", _difference(written, back)
    if tei_all is not None and not tei_all.validate(result.tree):
        return "invalid", str(tei_all.error_log.last_error)
    return "ok", ""


def _difference(written: str, back: str) -> str:
    """What kind of change the round trip made: text lost, added or changed, in the header or the body."""
    at = next((i for i, (a, b) in enumerate(zip(written, back, strict=False)) if a != b), min(len(written), len(back)))
    where = "header" if any(label in written[:at] for label in ("Citation:", "Contents:", "Summary:")) else "body"
    change = "lost" if len(back) < len(written) else "added" if len(back) > len(written) else "changed"
    return f"the round trip {change} text ({where})"


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
        if kind not in ("ok", "rejected"):
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
