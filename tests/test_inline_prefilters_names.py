"""The name rules and paragraph scanners do less work, and find exactly what they found before.

Each shortcut (a pattern rewritten so the regex engine can skip ahead, a cheap
test that rules a search out, a search tried only where a match can begin) is
compared here with what it replaced, kept as a literal: the same matches, or
the same candidates and decisions, on every transcript in the repository, on
text drawn from the words and signs the rule looks for, on transcripts mutated
the ways transcripts go wrong (tests/fuzz_grammar.py), and at the edges where
the cheap test and the rule could part (a trigger in a form the rule still
accepts: a full-width or Unicode character, a word at the paragraph's start).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from encoder import dates
from encoder.blocks import MappedText
from encoder.inline import (
    markup_residue,
    name_shapes,
    organisations,
    persons,
    places,
    quotations,
    running_dates,
    slips,
)
from encoder.inline.core import BlockContext, Construct, DocumentState, Parts, leaf
from encoder.model import Inline, generic
from encoder.reading import Source
from tests import fuzz_grammar
from tests import test_pattern_rewrites as rewrites
from tests.conftest import REPO

TRANSCRIPTS = sorted({*(REPO / "tei").rglob("*.txt"), *(REPO / "tests" / "fixtures").rglob("*.txt")})
_CORPUS = fuzz_grammar.corpus()

_KINDS = (persons.TITLE_WORDS, persons.SURNAME_WORDS, places.PLACE_WORDS_KIND, organisations.HEAD_NOUN_WORDS)

PIECES = [
    *fuzz_grammar.PIECES,
    *slips.MISSING_WORD_BEFORE, "and", "or", "but", "On", "AND", "An", "_", "é", "x", "1", " ", "  ", "\n", "\t",
    "\u00a0", "\u3000", ",", ".", "-", "'", "’", "[", "]", "(", "began at and ended", "to the on Friday",
    *rewrites.HEADS.split("|"), "Committees", "Frontier", "Partyless", "of the", " of ", "CPSU", "Workers’", "[Aa Bb]",
    "Aa", "Bb", "Soviet", "The", "Received", *name_shapes.TITLES.split("|"), "Chargé d’Affaires", "Mr.", "Mr", "Kim",
    "Kim Il", "An ", "Pak Se", "Kimberley", *places.PLACE_WORDS.split("|"), "Seattle", "Portugal", "Consulate",
]  # fmt: skip
# A scanner's output on one block: its constructs (span, parts, kind) and its decisions.
Scan = Callable[[BlockContext], list[Construct]]
Outcome = tuple[list[tuple[int, int, tuple[tuple[int, int], ...], str]], list[tuple[str, int, int, str, str]]]


def _outcome(scanner: Scan, text: str) -> Outcome:
    context = BlockContext(MappedText(text, ((0, 0),)), DocumentState(Source.from_text(text)))
    constructs = [(c.start, c.end, c.parts, c.kind) for c in scanner(context)]
    decisions = [(d.kind, d.line, d.col, d.text, d.message) for d in context.state.decisions]
    return constructs, decisions


_QUOTE_CHARACTER = re.compile("[\"“”‘’']")
_OPEN_CONTEXT = re.compile(r"(?:^|[\s(\[—–-])$")


def _quotations_as_before(context: BlockContext) -> list[Construct]:
    """quotations.scan as it was: every quotation mark found by a regex, read once for each style."""
    text = context.text

    def opens(index: int) -> bool:
        following = text[index + 1 : index + 2]
        return (
            bool(_OPEN_CONTEXT.search(text[max(0, index - 1) : index])) and following != "" and not following.isspace()
        )

    constructs: list[Construct] = []
    quote_positions = [(match.start(), match.group()) for match in _QUOTE_CHARACTER.finditer(text)]
    for style in quotations._STYLES:
        open_at: int | None = None
        unmatched: list[int] = []
        for index, char in quote_positions:
            if char == style.opening and open_at is None and opens(index):
                open_at = index
            elif char == style.closing and open_at is not None and quotations._closes(text, index):
                constructs.append(quotations._quote(open_at, index, style.rend))
                open_at = None
            elif style.opening == style.closing and char == style.opening and style.rend == "single":
                continue
            elif char in (style.opening, style.closing) and style.rend != "curly-single":
                unmatched.append(index)
        if open_at is not None:
            unmatched.append(open_at)
        for index in unmatched:
            context.decide(
                "unbalanced-quote", index, index + 1, "literal quotation mark", alternatives=("quotation",),
                confidence="low", message="a quotation mark without a partner in this paragraph",
            )  # fmt: skip
    return constructs


@contextmanager
def _replaced(module: ModuleType, **values: Any) -> Iterator[None]:
    """The module's names given other values for a while: a rule run as it was before a shortcut."""
    kept = {name: getattr(module, name) for name in values}
    for name, value in values.items():
        setattr(module, name, value)
    try:
        yield
    finally:
        for name, value in kept.items():
            setattr(module, name, value)


def _running_dates_without_the_month_test(context: BlockContext) -> list[Construct]:
    """running_dates.scan with its test for a month's name made to pass always, as before it was added,
    and its year looked for with \\d in every text."""
    with _replaced(running_dates, _A_MONTH=re.compile(""), _A_YEAR_IN_ASCII=re.compile(r"\d\d\d\d")):
        return running_dates.scan(context)


class _SubstringTests:
    """The lost apostrophe's substring tests as they were written before the one search."""

    def search(self, text: str) -> bool:
        return " s " in text or " s," in text or " s." in text or text.endswith(" s")


def _slips_as_before(context: BlockContext) -> list[Construct]:
    plain_missing_word = re.compile(rewrites.REWRITES["slips missing word"][0])
    with _replaced(slips, _MISSING_WORD=plain_missing_word, _APOSTROPHE_LOST_HINT=_SubstringTests()):
        return slips.scan(context)


def _markup_residue_as_before(context: BlockContext) -> list[Construct]:
    """markup_residue.scan as it was, without its test for a "<": both searches on every block."""
    constructs = [
        Construct(match.start(), match.end(), (match.span("content"),), _no_nodes, markup_residue.PRIORITY,
                  "superscript" if match.group("tag").lower() == "sup" else "subscript", nested=False)
        for match in markup_residue._SCRIPT.finditer(context.text)
    ]  # fmt: skip
    breaks = markup_residue.HTML_BREAK.finditer(context.text)
    constructs += [
        leaf(m.start(), m.end(), generic("lb", rend="html-br"), priority=85, kind="line break") for m in breaks
    ]
    return constructs


def _no_nodes(parts: Parts, offset: int) -> list[Inline]:
    return []


# The scanners as they were, and as they are now.
SCANNERS: dict[str, tuple[Scan, Scan]] = {
    "quotations": (_quotations_as_before, quotations.scan),
    "running dates": (_running_dates_without_the_month_test, running_dates.scan),
    "slips": (_slips_as_before, slips.scan),
    "markup residue": (_markup_residue_as_before, markup_residue.scan),
}
SCANNER_NAMES = sorted(SCANNERS)
DATE_PIECES = [
    *running_dates.MONTH_WORDS, "Sept.", "May.", "JUNE", "june", "1965", "1958", "2004", "12", "3", "31st", "-", "–",
    " to ", " until ", ",", "22.10.65", "18:20", "10-12 June 1965", "June 10 to 12, 1965", "28 May to 2 June 1965",
]  # fmt: skip
SLIP_PIECES = [
    "People s",
    " s",
    " s.",
    " s,",
    " s;",
    "Kim II Sung",
    "Prayda",
    "Dvo??k",
    "?SSR",
    "<sup>o</sup>",
    "<SUB>2</sub>",
    "<br />",
    "<br>",
    "<",
]
QUOTE_PIECES = ['"', "“", "”", "‘", "’", "'", "(", "[", "—", "–", "-", "\u2003", "\x1c", "\u3000", "a", "1", " ", "\n"]


def _assert_same_scan(name: str, text: str) -> None:
    before, now = SCANNERS[name]
    assert _outcome(now, text) == _outcome(before, text), (name, text[:200])


@pytest.mark.parametrize("name", SCANNER_NAMES)
def test_same_scan_on_every_transcript(name: str) -> None:
    for path in TRANSCRIPTS:
        for block in path.read_text(encoding="utf-8", errors="replace").split("\n\n"):
            _assert_same_scan(name, block)


@pytest.mark.parametrize("name", SCANNER_NAMES)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(
        st.sampled_from(PIECES + QUOTE_PIECES + DATE_PIECES + SLIP_PIECES) | st.text(max_size=3), max_size=40
    )
)
def test_same_scan_on_text_made_of_what_they_look_for(name: str, pieces: list[str]) -> None:
    _assert_same_scan(name, "".join(pieces))


@pytest.mark.parametrize("name", SCANNER_NAMES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rng=st.randoms(use_true_random=False))
def test_same_scan_on_mutated_transcripts(name: str, rng: random.Random) -> None:
    text = _CORPUS[rng.randrange(len(_CORPUS))]
    start = rng.randrange(len(text))
    _assert_same_scan(name, fuzz_grammar._edited(text[start : start + 3000], rng))


def test_a_quotation_opens_after_what_the_regex_took_for_white_space() -> None:
    """_opens reads white space with str.isspace, which is what the regex's \\s matched, for every character."""
    for code in range(0x110000):
        char = chr(code)
        for text in (f'{char}"a', f'{char}"'):
            assert quotations._opens(text, 1) == (
                bool(_OPEN_CONTEXT.search(text[0:1])) and text[2:3] != "" and not text[2:3].isspace()
            ), hex(code)


def test_every_month_word_begins_as_the_month_test_looks_for() -> None:
    """The premise of running_dates' month test: no range or month can be written without one of its words."""
    for word in running_dates.MONTH_WORDS:
        for spelling in (word.rstrip("?"), word.replace("?", "")):
            assert running_dates._A_MONTH.match(spelling), spelling
    assert not running_dates._A_MONTH.search("june 1965 JUNE 1965 Juin 1965")


@pytest.mark.parametrize(
    "text",
    [
        "in June 1965",
        "Sept. 1965",
        "10-12 June 1965",
        "in June ١٩٦٥",
        "in June １９６５",
        "in June 1965 é",
        "from 28 May to 2 June 1965",
        "June 10–12, 1965",
        "1965",
        "",
    ],
)
def test_running_dates_at_the_edges(text: str) -> None:
    _assert_same_scan("running dates", text)


@pytest.mark.parametrize(
    "text",
    ["People s", "People s\n", "the minister s decision", "People s.", "People s,", "People s;", " s", "s",
     "N<sup>o</sup> 70", "H<sub>2</sub>O", "a<br />b", "<", "Kim II Sung and on and", ""],
)  # fmt: skip
@pytest.mark.parametrize("name", ["slips", "markup residue"])
def test_slips_and_residue_at_the_edges(name: str, text: str) -> None:
    _assert_same_scan(name, text)


def test_an_ascii_text_has_a_year_where_a_digit_category_search_finds_one() -> None:
    """[0-9] stands in for \\d only in ASCII texts: every ASCII character is tested against both."""
    for code in range(128):
        text = f"19{chr(code)}5"
        assert bool(running_dates._A_YEAR_IN_ASCII.search(text)) == bool(running_dates._A_YEAR.search(text)), code


def test_every_fragment_begins_with_the_capital_the_first_words_search_consumes() -> None:
    """The premise of names.first_words: each kind's words begin with a plain capital letter."""
    for kind in _KINDS:
        for fragment in kind.fragments:
            # a capital, not made optional or repeated by what follows it, then a plain character
            # (the rests are grouped by it), and no alternatives
            assert re.fullmatch(r"[A-Z][^?*+{|\\\[(.^$][^|]*", fragment), fragment


@pytest.mark.parametrize(
    "text", ["1965", "26.08.1958", "7.11.50", "14/6-51", "١٩٦٥", "１９６５", "7.1١.50", "12 3", ""]
)
def test_find_dates_reads_ascii_and_other_digits_as_before(text: str) -> None:
    """The ASCII shortcut of find_dates' year test: other texts keep \\d, so their digits still count."""
    with _replaced(dates, _HAS_YEAR_IN_ASCII=dates._HAS_YEAR):
        before = dates.find_dates.__wrapped__(f"on {text} x")
    assert dates.find_dates.__wrapped__(f"on {text} x") == before


_ASCII_PAIRS = [(dates._HAS_YEAR, dates._HAS_YEAR_IN_ASCII), (running_dates._A_YEAR, running_dates._A_YEAR_IN_ASCII)]


def _assert_same_in_ascii(text: str) -> None:
    ascii_text = text.encode("ascii", "ignore").decode("ascii")
    for digits, ascii_digits in _ASCII_PAIRS:
        assert rewrites.matches(ascii_digits, ascii_text) == rewrites.matches(digits, ascii_text), ascii_text[:200]


def test_ascii_year_patterns_match_as_the_digit_ones_on_every_transcript() -> None:
    for path in TRANSCRIPTS:
        _assert_same_in_ascii(path.read_text(encoding="utf-8", errors="replace"))


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from([*DATE_PIECES, "26.08.", "7.11.", "14/6-", "/", "."]) | st.text(max_size=3)))
def test_ascii_year_patterns_match_as_the_digit_ones(pieces: list[str]) -> None:
    _assert_same_in_ascii("".join(pieces))
