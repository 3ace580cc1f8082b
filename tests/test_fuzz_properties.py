"""Property tests over the fuzzing grammar (tests/fuzz_grammar.py), the one ``bench/fuzz.py`` runs for hours.

Hypothesis drives the grammar with a :class:`random.Random` of its own
(``st.randoms(use_true_random=False)``): every choice the grammar makes — the
transcript, the slice, each edit, the file's shape — is a draw Hypothesis
records and shrinks, so a failure comes back as a short reproducer. Each
mutated transcript must convert without a traceback into TEI valid against the
project's schema and Schematron (the conversion checks its own output: TEI
they refuse is an ``OutputInvalidError``), whose round trip gives the text
back exactly (the documented whitespace normalisation aside) — or be refused
as input, with a message naming the file.

``derandomize`` and no example database make the run the same on every machine
and in CI; the budget keeps the file to about 30–60 s on the project's two-core
machine. Longer campaigns are ``python bench/fuzz.py --seconds N``.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
from fuzz_grammar import PASSING, classify, corpus, mutate
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from encoder.errors import InputError
from encoder.reading import read_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

# About 45 s on the project's two-core machine, busy, when the property holds (20 ms an input).
FUZZ_SETTINGS = settings(
    max_examples=2000,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TEXTS = corpus()

# Known lossy, not fixed yet (found by this file on 2026-12-01 and reported to the lead with issue 13;
# the converter's round trip is another engineer's work): in a labelled header, whatever follows the
# kind and language of the "Contents:" value ("Translation - English: partial", "English Translation/",
# "Translation - English and Russian") comes back as a block of its own. Only that case is let through,
# and only as "lossy": a traceback or invalid TEI on the same input still fails. Remove the predicate
# when the fix lands.
_CONTENTS_VALUE_WITH_A_TAIL = re.compile(
    r"Contents\s*:\s*(?>"
    r"(?:Translation|Transcript(?:ion)?|Original)\s*[-–—]\s*[A-Z][a-z]+"
    r"|[A-Z][a-z]+\s+(?:Translation|Transcript(?:ion)?|Original)(?![a-z])"
    r")(?>(?:\s*\((?:partial|excerpt|excerpts|abridged)\))?)[ \t\u00a0]*[^\s]"
)


def known_lossy_contents_value_with_a_tail(data: bytes) -> bool:
    """True for the one lossy case above (words after a Contents value's kind and language)."""
    try:
        text = read_bytes(data, "fuzz.txt").text
    except InputError:
        return False
    return "Citation" in text and _CONTENTS_VALUE_WITH_A_TAIL.search(text) is not None


@st.composite
def mutated_transcripts(draw: st.DrawFn) -> bytes:
    """The bytes of one mutated transcript, every choice of the grammar drawn by Hypothesis."""
    rng: random.Random = draw(st.randoms(use_true_random=False))
    return mutate(rng.choice(TEXTS), rng)


@FUZZ_SETTINGS
@given(mutated_transcripts())
def test_a_mutated_transcript_converts_to_valid_tei_that_gives_its_text_back_or_is_refused_as_input(
    data: bytes,
) -> None:
    kind, detail = classify(data, tei_all=None)
    if kind == "lossy" and known_lossy_contents_value_with_a_tail(data):
        event("known lossy: words after the Contents value's language")
        return
    event(kind)
    assert kind in PASSING, f"{kind}: {detail}\ninput: {data!r}"
    if kind == "rejected":
        assert detail.startswith("fuzz.txt"), detail  # the refusal names the file: no bare exception text


def test_the_bench_and_the_tests_draw_from_one_grammar() -> None:
    import fuzz  # bench/fuzz.py

    assert (fuzz.mutate, fuzz.classify, fuzz.corpus) == (mutate, classify, corpus)


@pytest.mark.parametrize(
    ("transcript", "known"),
    [
        (b"Citation:\nContents:Translation-Eh/", True),
        (b"Citation: X.\n\nContents:\n\nTranslation - English: partial\n\nThe talks.\n", True),
        (b"Citation: X.\n\nContents:\n\nEnglish Translation/\n\nThe talks.\n", True),
        (b"Citation: X.\n\nContents:\n\nTranslation - English\n\nThe talks.\n", False),
        (b"Citation: X.\n\nContents:\n\nTranslation - English (partial)\n\nThe talks.\n", False),
        (b"Contents:\n\nTranslation - English: partial\n\nThe talks.\n", False),  # no labelled header
    ],
)
def test_the_known_lossy_case_is_let_through_narrowly(transcript: bytes, known: bool) -> None:
    assert known_lossy_contents_value_with_a_tail(transcript) is known
    if known:  # still lossy: when the fix lands this fails, and the predicate goes
        assert classify(transcript, tei_all=None)[0] == "lossy"
