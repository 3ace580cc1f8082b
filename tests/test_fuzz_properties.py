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
import sys
from pathlib import Path

import pytest
from fuzz_grammar import PASSING, classify, corpus, mutate
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

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
    event(kind)
    assert kind in PASSING, f"{kind}: {detail}\ninput: {data!r}"
    if kind == "rejected":
        assert detail.startswith("fuzz.txt"), detail  # the refusal names the file: no bare exception text


def test_the_bench_and_the_tests_draw_from_one_grammar() -> None:
    import fuzz  # bench/fuzz.py

    assert (fuzz.mutate, fuzz.classify, fuzz.corpus) == (mutate, classify, corpus)


@pytest.mark.parametrize(
    "transcript",
    [
        b"Citation:\nContents:Translation-Eh/",
        b"Citation:\nContents:Translation-Cn:",
        b"Citation: X.\n\nContents:\n\nTranslation - English: partial\n\nThe talks.\n",
        b"Citation: X.\n\nContents:\n\nEnglish Translation/\n\nThe talks.\n",
        b"Citation: X.\n\nContents:\n\nTranslation - English and more\n\nThe talks.\n",
    ],
)
def test_words_after_the_contents_value_come_back_in_place(transcript: bytes) -> None:
    """Found by the property above (issue 13): words after the kind and language of a
    "Contents:" value came back as a block of their own."""
    assert classify(transcript, tei_all=None)[0] == "ok"
