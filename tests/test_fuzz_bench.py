"""bench/fuzz.py runs, mutates deterministically, sorts every input and writes shrunk reproducers."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import fuzz


def test_the_same_seed_gives_the_same_inputs() -> None:
    texts = fuzz.corpus()
    assert len(texts) > 50  # the sample corpus and the invented ones
    first = [fuzz.mutate(random.Random(7).choice(texts), random.Random(7)) for _ in range(3)]
    again = [fuzz.mutate(random.Random(7).choice(texts), random.Random(7)) for _ in range(3)]
    assert first == again


def test_inputs_are_sorted_into_their_classes() -> None:
    assert fuzz.classify(b"The talks went well.\n", None) == ("ok", "")
    assert fuzz.classify(b"bad \x01 control\n", None)[0] == "rejected"
    assert fuzz.classify(b"\xff\xfe\x00", None)[0] == "rejected"


def test_shrinking_keeps_the_failure_and_drops_the_rest() -> None:
    data = b"line one\nthe BUG is here\nline three\n"
    small = fuzz.shrink(data, lambda candidate: b"BUG" in candidate, budget=5)
    assert small == b"BUG"


def test_a_short_campaign_prints_its_figures(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "bench/fuzz.py", "--seconds", "3", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode in (0, 1), result.stderr  # 1: it found something, and says what
    assert result.stdout.startswith("inputs: ")
    for kind in ("ok", "rejected", "refusal", "traceback", "lossy", "slow"):
        assert f"  {kind} " in result.stdout
    if result.returncode == 1:
        assert any(tmp_path.glob("*.txt"))
