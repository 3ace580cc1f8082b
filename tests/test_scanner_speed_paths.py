"""The scanners' second round of shortcuts finds exactly what the code it replaced found.

Each shortcut is compared here with what it replaced, kept as a literal: a search
tried only where str.find finds what it needs (a Roman "II", a known misreading),
a look-back searched from the last space before a name, an ASCII paragraph's
digits read from its digit shape (``encoder.dates.digit_shape``) rather than by a
regex. The same matches, dates and decisions on every transcript in the
repository, on text drawn from what the rules look for, on transcripts mutated
the ways transcripts go wrong (tests/fuzz_grammar.py), and at the edges where
the cheap test and the rule could part (a letter beyond ASCII before a capital,
a line break before a bracket, digits of other scripts).
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from encoder import dates
from encoder.blocks import MappedText
from encoder.inline import cover_names, names, romanization, running_dates, slips, supplied
from encoder.inline.brackets import pair_brackets
from encoder.inline.core import BlockContext, DocumentState, match_before
from encoder.reading import Source
from tests import fuzz_grammar
from tests.conftest import REPO

TRANSCRIPTS = sorted({*(REPO / "tei").rglob("*.txt"), *(REPO / "tests" / "fixtures").rglob("*.txt")})
_CORPUS = fuzz_grammar.corpus()

# The patterns as they were searched before: over the whole paragraph.
_ROMAN_II_AS_BEFORE = re.compile(r"\b[A-Z][a-z]+ (II)(?= [A-Z][a-z])")
_MISREADING_AS_BEFORE = re.compile(r"\b(Prayda|Moscew|sigued|Kremiin)\b")
_MISSING_WORD_AS_BEFORE = re.compile(
    r"\b(?P<before>on|at|in|to|from|by|with|of|the|a|an)\s+(?P<after>and|or|but|at|on|to|from)\b"
)

PIECES = [
    *fuzz_grammar.PIECES, " II ", "Kim II Sung", "Kim II", "II Sung", "KIM II Sung", "éKim II Sung", "_Kim II Sung",
    "Kim  II Sung", "Kim II sung", "Kim\nII Sung", *slips._KNOWN_MISREADINGS, "Praydas", "xPrayda", "_Moscew",
    "Moscew-", "Kremiinx", "sigued.", "Prayda’s", "(Pravda", "[", "]", " [", "\n[", " \n[", "\t[", "\u00a0[",
    "Kim Il Sung [Kim Ilsong]", "Ri [Yi]", "Pak Song Chol [Park Sung-chul]", "O'Neill [O’Neill]", "ShinmunSinmun",
    "Kukche SenhwalGukje Saenghwal", "1965", "26.08.1958", "7.11.50", "14/6-51", "23/10-65", "١٩٦٥", "１９６５",
    "7.1١.50", "June 4, 1965", "4 June 1965", "1965-06-04", "10-12 June 1965", "June 10 to 12, 1965", "in June 1965",
    "0.", "/", "-", ".", "12", "3", "é", "a", "A", " ", "\n", "on and", "(on and", "—on and", "on\nand", "on\tand",
    "on\x1cand", "on,and", "on_and", "on1and", "an  or", "the\x0bto", "of from", " at", "and", "to", "x", "_", "\x1f",
]  # fmt: skip


def _spans(found: list[re.Match[str]]) -> list[tuple[tuple[int, int], ...]]:
    return [tuple(match.span(group) for group in range(match.re.groups + 1)) for match in found]


def _texts_of_the_repository() -> list[str]:
    blocks: list[str] = []
    for path in TRANSCRIPTS:
        text = path.read_text(encoding="utf-8", errors="replace")
        blocks += [text, *text.split("\n\n")]
    return blocks


# Each shortcut (now) and what it replaced (before), on one text: what they found.
Pair = tuple[Callable[[str], object], Callable[[str], object]]


def _token_before_everywhere(find: Callable[[str, int], re.Match[str] | None]) -> Callable[[str], object]:
    """The token before every position of the text that a bracket or a fused name could stand at."""
    return lambda text: [_spans([m]) if (m := find(text, end)) else None for end in range(len(text) + 1)]


def _find_dates_as_before(text: str) -> tuple[dates.FoundDate, ...]:
    """find_dates with no digit shape: every text's year and numeric dates looked for by the regexes."""
    kept = dates.digit_shape
    dates.digit_shape = lambda text: None  # type: ignore[assignment,misc,return-value]
    try:
        return dates.find_dates.__wrapped__(text)
    finally:
        dates.digit_shape = kept


SHORTCUTS: dict[str, Pair] = {
    "roman II": (
        lambda text: _spans(list(slips._roman_twos(text))),
        lambda text: _spans(list(_ROMAN_II_AS_BEFORE.finditer(text))),
    ),
    "known misreadings": (
        lambda text: _spans(slips._misreadings(text)),
        lambda text: _spans(list(_MISREADING_AS_BEFORE.finditer(text))),
    ),
    "token before a bracket": (
        _token_before_everywhere(romanization.token_before),
        _token_before_everywhere(lambda text, end: match_before(romanization._TOKEN_BEFORE, text, end)),
    ),
    "find_dates": (dates.find_dates.__wrapped__, _find_dates_as_before),
    "missing words": (
        lambda text: _spans(list(slips.missing_words(text))),
        lambda text: _spans(list(_MISSING_WORD_AS_BEFORE.finditer(text))),
    ),
}
SHORTCUT_NAMES = sorted(SHORTCUTS)


def _assert_same(name: str, text: str) -> None:
    now, before = SHORTCUTS[name]
    assert now(text) == before(text), (name, text[:200])


@pytest.mark.parametrize("name", SHORTCUT_NAMES)
def test_same_on_every_transcript(name: str) -> None:
    for text in _texts_of_the_repository():
        if name != "token before a bracket" or len(text) < 20_000:  # every position: the blocks suffice
            _assert_same(name, text)


@pytest.mark.parametrize("name", SHORTCUT_NAMES)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=40))
def test_same_on_text_made_of_what_they_look_for(name: str, pieces: list[str]) -> None:
    _assert_same(name, "".join(pieces))


@pytest.mark.parametrize("name", SHORTCUT_NAMES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rng=st.randoms(use_true_random=False))
def test_same_on_mutated_transcripts(name: str, rng: random.Random) -> None:
    text = _CORPUS[rng.randrange(len(_CORPUS))]
    start = rng.randrange(len(text))
    _assert_same(name, fuzz_grammar._edited(text[start : start + 3000], rng))


@pytest.mark.parametrize(
    "text",
    ["Kim II Sung", "éKim II Sung", "_Kim II Sung", "Kim II", "x Kim II Sung and Pak II Chol", "Kim II Sung II Sung",
     "Prayda", "Praydas", "xPrayda", "Prayda-Moscew", "Kremiin Kremiin", "sigued", "Prayda" * 3, "Ri [Yi]", "Ri\n[Yi]",
     "Ri \n[Yi]", "Ri\t[Yi]", "Ri\u00a0[Yi]", "Ri  [Yi]", "A-B’C [x]", "x" * 100 + "Ri [Yi]", "1965", "7.1١.50", ""],
)  # fmt: skip
@pytest.mark.parametrize("name", SHORTCUT_NAMES)
def test_same_at_the_edges(name: str, text: str) -> None:
    _assert_same(name, text)


def test_the_digit_shape_keeps_what_the_year_and_numeric_patterns_read() -> None:
    """In every ASCII text of up to five characters drawn from a digit, the marks the patterns
    name and two others, "0000" stands in the shape where [0-9]{4} matches, "0.0" or "0/0" where
    \\d[./]\\d does, and find_dates' test on the shape lets through whatever its regex matches."""
    for length in range(6):
        for characters in itertools.product("07./-a ", repeat=length):
            text = "".join(characters)
            shape = dates.digit_shape(text)
            assert (b"0000" in shape) == bool(running_dates._A_YEAR_IN_ASCII.search(text)), text
            assert (b"0.0" in shape or b"0/0" in shape) == bool(dates._NUMERIC_HINT.search(text)), text
            if dates._HAS_YEAR_IN_ASCII.search(text):
                assert b"0000" in shape or b"0." in shape or b"0/" in shape, text


def test_every_ascii_character_has_its_digit_shape() -> None:
    for code in range(128):
        character = chr(code)
        expected = "0" if character in "0123456789" else character if character in "./-" else " "
        assert dates.digit_shape(f"1{character}9") == f"0{expected}0".encode(), code


def _running_dates_outcome(text: str) -> list[tuple[int, int, str]]:
    context = BlockContext(MappedText(text, ((0, 0),)), DocumentState(Source.from_text(text)))
    dates.find_dates.cache_clear()
    found = [(c.start, c.end, c.kind) for c in running_dates.scan(context)]
    return found + [(d.col, len(d.text), d.kind) for d in context.state.decisions]


class _YearAsBefore:
    """running_dates' year test as it was: _A_YEAR_IN_ASCII searched in an ASCII text."""

    def __call__(self, text: str) -> bytes:
        return b"0000" if running_dates._A_YEAR_IN_ASCII.search(text) else b""


class _FromTheStart:
    """A pattern searched from the paragraph's start whatever position it is given, as before."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    def finditer(self, text: str, pos: int = 0) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text)


def _assert_running_dates_as_before(text: str) -> None:
    """Their year read from the digit shape as the regex found it, each pattern searched from the
    first month or digit as from the start."""
    now = _running_dates_outcome(text)
    kept = (running_dates.digit_shape, running_dates._RANGES, running_dates._MONTH_YEAR)
    running_dates.digit_shape = _YearAsBefore()  # type: ignore[assignment]
    running_dates._RANGES = tuple(_FromTheStart(pattern) for pattern in kept[1])  # type: ignore[assignment]
    running_dates._MONTH_YEAR = _FromTheStart(kept[2])  # type: ignore[assignment]
    try:
        before = _running_dates_outcome(text)
    finally:
        running_dates.digit_shape, running_dates._RANGES, running_dates._MONTH_YEAR = kept
    assert now == before, text[:200]


def test_running_dates_find_what_they_found_before_on_every_transcript() -> None:
    for text in _texts_of_the_repository():
        _assert_running_dates_as_before(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=40))
def test_running_dates_find_what_they_found_before(pieces: list[str]) -> None:
    _assert_running_dates_as_before("".join(pieces))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rng=st.randoms(use_true_random=False))
def test_running_dates_find_what_they_found_before_on_mutated_transcripts(rng: random.Random) -> None:
    text = _CORPUS[rng.randrange(len(_CORPUS))]
    start = rng.randrange(len(text))
    _assert_running_dates_as_before(fuzz_grammar._edited(text[start : start + 3000], rng))


def test_a_name_candidate_offers_the_other_elements_and_literal() -> None:
    for element in names.NAME_ELEMENTS:
        assert names._CANDIDATE_ALTERNATIVES[element] == (
            *(other for other in names.NAME_ELEMENTS if other != element),
            "literal",
        )


def test_each_range_pattern_begins_as_its_search_start_says() -> None:
    """The premise of searching each range from the first month or the first digit."""
    for pattern, begins_with_a_month in zip(
        running_dates._RANGES, running_dates._RANGE_BEGINS_WITH_A_MONTH, strict=True
    ):
        assert pattern.pattern.startswith("(?P<m2>" if begins_with_a_month else r"(?P<d1>\d")
    assert running_dates._MONTH_YEAR.pattern.startswith("(?P<m>")


def _names_the_word_before_as_before(content: str, before: str) -> bool:
    """supplied._names_the_word_before as it was: the word before the bracket looked for first."""
    word = supplied.word_before_bracket(before)
    if word is None:
        return False
    previous = word.group("word")
    if content[:1].isupper():
        names = (
            previous[:1].isupper()
            and previous not in supplied._TITLE_WORDS
            and content.split()[0] not in {"North", "South"}
        )
        return names and (not content.isascii() or len(content.split()) <= 3)
    return (
        previous.islower()
        and content not in supplied._NOT_GLOSSES
        and supplied._GLOSS_WORD.fullmatch(content) is not None
    )


def _assert_same_word_before(text: str) -> None:
    pairs, _unmatched = pair_brackets(text)
    for pair in pairs:
        if pair.content.strip():
            before = text[max(0, pair.open - 60) : pair.open]
            assert supplied._names_the_word_before(pair.content, before) == _names_the_word_before_as_before(
                pair.content, before
            ), (pair.content, before)


def test_the_word_before_a_supplied_bracket_as_before_on_every_transcript() -> None:
    for text in _texts_of_the_repository():
        _assert_same_word_before(text)


SUPPLIED_PIECES = [
    "banishment [ssylka]", "the [which]", "Dong Hoi [Đồng Hới]", "Kim [North Korea]", "Kim [Sun Yat Sen Park]",
    "Kim [Sun Yat Sen]", "Comrade [Kim]", "word [ssylka ssylka]", "word [abc]", "Word [ssylka]", "x [Đồng Hới Hới Hới]",
    "“quoted” [gloss]", "a\n[ssylka]", "a  [ssylka]", "[", "]", " ", "é", "A", "a",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.sampled_from(SUPPLIED_PIECES) | st.text(max_size=3), max_size=30))
def test_the_word_before_a_supplied_bracket_as_before(pieces: list[str]) -> None:
    _assert_same_word_before("".join(pieces))


# ---- cover names: the word before a candidate, read back from it -----------------------------


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(["a", "B", ".", ",", " ", "\n", "\t", "\u00a0", "\u3000", "\x1c", "é"])),
    at=st.integers(0, 40),
)
def test_the_word_before_a_cover_name_is_the_last_word_split_would_give(text: str, at: int) -> None:
    at = min(at, len(text))
    words = text[:at].split()
    assert cover_names.last_word_before(text, at) == (words[-1] if words else None)


def test_the_word_before_a_cover_name_is_read_back_from_it_not_from_the_paragraph_start() -> None:
    # Splitting the whole text before every candidate made a paragraph of cover names quadratic:
    # the read back from a candidate stops at the white space before its word.
    text = " ".join(f"then Wang{i} [Li Xiannian]" for i in range(2000))
    lowest: list[int] = []

    class Recording(str):
        def __getitem__(self, index):  # type: ignore[no-untyped-def]
            lowest.append(index.start or 0 if isinstance(index, slice) else index)
            return str.__getitem__(self, index)

    at = text.rindex("Wang")
    assert cover_names.last_word_before(Recording(text), at) == "then"
    assert min(lowest) >= at - len("then ") - 1
