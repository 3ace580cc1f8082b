"""Property tests over the whole transcription family, drawn from a grammar (tests/family_grammar.py).

Every generated transcript goes through the full pipeline, including the
converter's own check of its output against the project schema and Schematron
(an ``OutputInvalidError`` is a failure like any other exception), and must
then be valid against tei_all, lose no text in the round trip and convert the
same way twice. ``derandomize`` keeps the examples, and so CI, deterministic;
the transcripts in ``FOUND`` (failures the grammar found, shrunk) run first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from family_grammar import transcripts
from hypothesis import HealthCheck, example, given, settings
from lxml import etree

from encoder.errors import OutputInvalidError, Severity
from encoder.pipeline import ConversionResult, convert
from encoder.round_trip import normalize_whitespace, to_text

# 600 examples a property: about 25 s for the whole file on the project's two-core machine when
# every property holds (tei_all's compilation, 5 s, included); each failing property adds its
# shrinking, 10-25 s.
GRAMMAR_SETTINGS = settings(
    max_examples=600,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Transcripts the grammar found that broke a property, shrunk: each property runs them first,
# since 600 random draws meet such a combination only now and then.
FOUND = (
    "TELEGRAM\n[MFA [Archive 5] May]",
    "(27) DORZH, 2 rubles\nDistributed to: Okafor\n___\n2 persons.\n3",
    "information\nII. matters\nDistributed to: Weber\n[8?] August\nx/x/x/ May.\nx/x/x/",
    "Prague, 1 December [19]71\n-----\n1 file.\n2",
    "15.1.1950\n-----\n\n\t1 12.",
    "peoples\\* \\* delegation \\* proposed",
    "[the revisionists*;\n\\* year:\n\\* experts.",
    "\\* peoples\\*",
    "[0]",
    "The delegation arrived.\nParticipants:\nV. NOVAK\nJ. WEBER\n",
    "| A |\n| x [y |\nThe end.\n",
    # A numbered heading alone opens its section: the empty paragraph TEI wants goes inside it.
    "1. Economic questions\n",
    "1. Economic questions\n\n1 January 1949\n",
)
F = TypeVar("F", bound=Callable[..., None])


def found(test: F) -> F:
    for text in reversed(FOUND):
        test = example(text=text)(test)
    return test


def converted(text: str) -> ConversionResult:
    """The full pipeline with its own check; a failed check names its diagnostics in the report."""
    try:
        return convert(text, validate=True)
    except OutputInvalidError as error:
        error.add_note("\n".join(d.format() for d in error.diagnostics if d.severity == Severity.ERROR))
        raise


@GRAMMAR_SETTINGS
@found
@given(text=transcripts())
def test_converts_without_exception(text: str) -> None:
    converted(text)


@GRAMMAR_SETTINGS
@found
@given(text=transcripts())
def test_valid_against_tei_all(text: str, tei_all: etree.RelaxNG) -> None:
    result = converted(text)
    assert tei_all.validate(result.tree), str(tei_all.error_log)


@GRAMMAR_SETTINGS
@found
@given(text=transcripts())
def test_round_trip_is_exact(text: str) -> None:
    result = converted(text)
    assert normalize_whitespace(to_text(result.tree)) == normalize_whitespace(text)


@GRAMMAR_SETTINGS
@found
@given(text=transcripts())
def test_deterministic(text: str) -> None:
    assert converted(text).to_bytes() == converted(text).to_bytes()
