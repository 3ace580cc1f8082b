"""The cheap tests that spare the bracket rules their regexes must never skip a bracket a rule would claim.

A bracket is offered only to the rules whose ``CLAIMS`` hold its shape
(:func:`encoder.inline.brackets.shape`), and several rules look at a character
or two before any regex. Each test here sits on an edge of one of those tests:
a form the rule accepts that a careless shortcut would miss (digits of another
script, a Unicode ellipsis, a letter that re.IGNORECASE folds, a line break
between the space and the bracket).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from encoder.blocks import MappedText
from encoder.inline import BRACKET_RULES, RULES_BY_SHAPE, omissions, pages, romanization
from encoder.inline.brackets import BracketPair, pair_brackets, shape, space_before
from encoder.inline.core import BlockContext, DocumentState
from encoder.inline.illegible_text import _ILLEGIBLE, illegible_text
from encoder.model import Choice, Gap, Note, PageBreak, Sic, Supplied
from encoder.reading import Source

REPOSITORY = Path(__file__).resolve().parent.parent

# Brackets on the edges of the shapes and the rules' first looks.
EDGE_TEXTS = [
    "The text [İllegible] and [ILLEGIBLE] and [three words ıllegible] and [Unreadable] and [[signature illegible]].",
    'He put [Stamp: "Received"] and [SEAL] and [2 stamps] and [handwritten: agreed]',
    "[in Czech] and [text in German].",
    "[Translator's note: two and a half pages were blotted out] and [TRANSLATOR'S NOTE: so] and [Ed. note: see].",
    "were [sic] and were[sic] and were [SIC] and were [Sic] and were [sic!] and were[sic!] and [[sic]].",
    "the agreement[1] and [1] would like and the deal[١] and [٣] and [15] and [١٥] and [０１] and [05] and [1958].",
    "On 28 [December] and the 27th [of February] and 8 May [1957] and 3 June [19]58 and [١٩]58 and 5 [Sept.] here.",
    'VNS [Supreme People\'s Assembly] and "ZhMZhb" [Renmin Ribao] and "ganbu" [cadre]',
    'and “ganbu” [cadre] and "ganbu"[cadre].',
    "Kim Byeong-jik [Kim Pyong Jik] and Mao Zedong [Mao Tse-tung]",
    "and Kim\u00a0Byeong [Kim Pyong] and Kim\u2003Il [Kim Ir].",
    "He asked about Ivanov [Molotov] and Slavov [Alexander Dubček]",
    "and Comrade Kim [Il Sung] and asked Ivanov [Élise Dubček].",
    '[North] Korea and [we] explained and D[efense] M[inister] and ["] and [?]',
    "and [[V. Orlov?]] and [13?] and [ ] and [].",
    "... the start and the middle … and [...] and […] and [….] and [. . .] and (p. 3) and ShinmunSinmun.",
    'VNS \n[Supreme People\'s Assembly] and "ganbu" \n[cadre]',
    "and Kim Byeong-jik \n[Kim Pyong Jik] and Ivanov \n[Molotov].",
    "Nested [Kim [Il Sung]] and [the [North] Koreans] and [[North] Korea] and [[a]] and [[abc]] and ] and [.",
]


def _context(text: str, **state: object) -> BlockContext:
    document = DocumentState(Source.from_text(text))
    for name, value in state.items():
        setattr(document, name, value)
    return BlockContext(MappedText(text, ((0, 0),)), document)


def _paragraphs() -> list[str]:
    found = list(EDGE_TEXTS)
    for folder in ("tests/fixtures/conventions", "tei/transcripts"):
        for path in sorted((REPOSITORY / folder).glob("*.txt")):
            found += [p for p in path.read_text(encoding="utf-8-sig").split("\n\n") if "[" in p]
    return found


def _only_pair(text: str) -> BracketPair:
    pairs, _ = pair_brackets(text)
    return pairs[-1]


def test_no_rule_claims_a_bracket_of_a_shape_it_does_not_name() -> None:
    # Every rule offered every bracket, with a state where number rules can claim
    # (endnotes, a year, no folio range): a claim outside its CLAIMS is a bracket it would lose.
    claimed = set()
    for text in _paragraphs():
        for pair in pair_brackets(text)[0]:
            for name, rule, claims in BRACKET_RULES:
                context = _context(text, endnotes=frozenset({"1", "2", "١"}), year=1965)
                if rule(pair, context) is not None:
                    claimed.add(name)
                    assert shape(pair) in claims, (name, text[pair.open : pair.end])
    assert len(claimed) == len(BRACKET_RULES)  # the texts reach every rule


def test_the_rules_by_shape_keep_their_order() -> None:
    for bracket_shape, rules in RULES_BY_SHAPE.items():
        in_order = [rule for _name, rule, claims in BRACKET_RULES if bracket_shape in claims]
        assert list(rules) == in_order
    assert RULES_BY_SHAPE["blank"] == ()


@pytest.mark.parametrize(
    ("content", "expected"),
    [("15", "number"), ("١٥", "number"), ("０１", "number"), ("²", "other"), ("1a", "other"), ("…", "other"),
     (" ", "blank"), ("\u3000", "blank"), ("", "blank"), ("North", "capitalised"), ("we", "lowercase"),
     ("Élise", "other"), ("?", "other")],
)  # fmt: skip
def test_shapes(content: str, expected: str) -> None:
    assert shape(_only_pair(f"a [{content}] b")) == expected
    if content:
        assert shape(pair_brackets(f"a [[{content}]] b")[0][0]) == "double"  # whatever it holds


def test_digits_of_another_script_still_make_a_page() -> None:
    # \d matches every decimal digit, and "number" is str.isdecimal: "[١٥]" is offered to the page rule.
    text = "and the others [١٥] went"
    construct = pages.classify(_only_pair(text), _context(text, folio_from=10, folio_to=20))
    assert construct is not None
    assert construct.build([], 0) == [PageBreak(n="١٥", offset=0)]


def test_a_line_break_after_the_space_still_finds_the_word_before() -> None:
    # " $" matches before a final line break: the space may be the next to last character.
    assert space_before("VNS \n", 5) and space_before("VNS ", 4)
    assert not space_before("VNS\n", 4) and not space_before("VNS", 3) and not space_before("", 0)
    rng = random.Random(12)
    ends_in_space = re.compile(" $")
    for _ in range(3000):
        text = "".join(rng.choice(" \na\t") for _ in range(rng.randrange(0, 6)))
        position = rng.randrange(0, len(text) + 1)
        assert space_before(text, position) == bool(ends_in_space.search(text, 0, position)), repr(text[:position])


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("VNS \n[Supreme People's Assembly]", Choice),
        ('"ganbu" \n[cadre]', "gloss"),
        ("Kim Byeong-jik \n[Kim Pyong Jik]", "romanization"),
        ("Kim\u00a0Byeong-jik\u00a0[Kim Pyong Jik]", "romanization"),
    ],
)
def test_rules_that_look_back_see_past_a_line_break_and_odd_spaces(text: str, kind: object) -> None:
    from encoder.inline import glosses

    rule = romanization.classify if kind == "romanization" else glosses.classify
    construct = rule(_only_pair(text), _context(text))
    assert construct is not None
    if kind == "gloss":
        assert construct.kind == "gloss"


@pytest.mark.parametrize("content", ["İLLEGIBLE", "ıllegible", "Illegible", "three words illegible", "UNREADABLE"])
def test_case_folded_keywords_are_still_illegible(content: str) -> None:
    # re.IGNORECASE lets "i" match "ı" and "İ": the "ble" test must not lose them.
    assert illegible_text(content)
    text = f"the [{content}] part"
    from encoder.inline import illegible

    construct = illegible.classify(_only_pair(text), _context(text))
    assert construct is not None and isinstance(construct.build([], 0)[0], Gap)


def test_the_illegible_shortcut_agrees_with_its_regex() -> None:
    rng = random.Random(7)
    alphabet = ["ble", "BLE", "Ble", "illegi", "İllegi", "ılleg", "ib", "le", " ", "x", "[", "unreada", "ſ", "K", "\n"]
    for _ in range(5000):
        content = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 8)))
        assert illegible_text(content) == bool(_ILLEGIBLE.match(content)), content


def test_a_unicode_ellipsis_alone_is_still_an_omission() -> None:
    text = "the talks … went on"
    constructs = omissions.scan(_context(text))
    assert [(c.start, c.end) for c in constructs] == [(10, 11)]
    assert omissions.scan(_context("no marks here, only . . and ..")) == []


def test_sic_is_claimed_in_small_letters_only() -> None:
    from encoder.inline import sic

    for content, claimed in (("sic", True), ("sic!", True), ("SIC", False), ("Sic", False), ("sic?", False)):
        text = f"were [{content}] there"
        construct = sic.classify(_only_pair(text), _context(text))
        assert (construct is not None) == claimed, content
        if construct is not None:
            assert isinstance(construct.build([["were"]], 0)[0], Sic)


def test_page_markers_need_their_opening() -> None:
    assert [m.group(1) for m in pages.page_markers("a (p. 3) b (p. 12)")] == ["3", "12"]
    assert pages.page_markers("a ( p. 3) (p.3) (P. 3)") == []


def _reference_pairs(text: str) -> tuple[list[tuple[int, int, int, bool]], list[int]]:
    """pair_brackets as it was written first (a regex scan, pairs rebuilt when doubled)."""
    stack: list[int] = []
    pairs: list[tuple[int, int, int]] = []
    unmatched: list[int] = []
    for match in re.finditer(r"[\[\]]", text):
        if match.group() == "[":
            stack.append(match.start())
        elif stack:
            opening = stack.pop()
            pairs.append((opening, match.start(), len(stack)))
        else:
            unmatched.append(match.start())
    unmatched.extend(stack)
    spans = {(o, c) for o, c, _ in pairs}
    inner: set[tuple[int, int]] = set()
    merged = []
    for o, c, d in sorted(pairs, key=lambda p: p[0]):
        if (o, c) in inner:
            continue
        double = (o + 1, c - 1) in spans and c - o > 3
        if double:
            inner.add((o + 1, c - 1))
        merged.append((o, c, d, double))
    return merged, sorted(unmatched)


def test_pairing_finds_what_the_regex_scan_found() -> None:
    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(rng.choice("[[]]ab ") for _ in range(rng.randrange(0, 30)))
        pairs, unmatched = pair_brackets(text)
        expected_pairs, expected_unmatched = _reference_pairs(text)
        assert [(p.open, p.close, p.depth, p.double) for p in pairs] == expected_pairs, text
        assert unmatched == expected_unmatched, text
        for pair in pairs:
            assert pair.content == text[pair.content_start : pair.content_end]


def test_one_matcher_for_many_keys_scores_as_a_new_one_each_time() -> None:
    names = ["Kim Byeong-jik", "Kim Pyong Jik", "Mao Zedong", "Mao Tse-tung", "Gyeongsang", "Kyongsang", "Ri", "the"]
    keys = [romanization.romanization_key(name) for name in names]
    for key in keys:
        shared = romanization.SimilarityTo(key, 0.8)
        for other in keys + keys[::-1]:
            reused = shared.reaching(other)
            fresh = romanization.similarity_reaching(other, key, 0.8)
            assert reused == fresh
            import difflib

            exact = difflib.SequenceMatcher(None, other, key).ratio()
            assert reused == exact if exact >= 0.8 else reused < 0.8


def test_bracketed_notes_and_supplied_words_are_still_told_apart() -> None:
    from encoder.inline import bracketed_notes, supplied

    for text, expected in (
        ("[Translator's note: so in the original]", Note),
        ("[in Czech]", Note),
        ("[Stamp: Received]", Note),
        ("[North] Korea", None),
    ):
        construct = bracketed_notes.classify(_only_pair(text), _context(text))
        assert (construct is None) == (expected is None), text
    construct = supplied.classify(_only_pair("[North] Korea"), _context("[North] Korea"))
    assert construct is not None and isinstance(construct.build([["North"]], 0)[0], Supplied)


def test_every_month_name_begins_as_the_date_rule_expects() -> None:
    from encoder.dates import MONTH_NAME
    from encoder.inline.date_completion import MONTH_STARTS

    alternatives = re.fullmatch(r"\(\?:(.*)\)\\\.\?", MONTH_NAME)
    assert alternatives is not None
    for word in alternatives.group(1).split("|"):
        assert word[:3] in MONTH_STARTS, word
    assert "of " in MONTH_STARTS


@pytest.mark.parametrize(
    ("text", "when"),
    [("On 28 [December]", "1965-12-28"), ("the 27th [of February]", "1965-02-27"), ("on 5 [Sept.]", "1965-09-05"),
     ("3 June [19]58", "1958-06-03"), ("in January [1959]", "1959-01"), ("last year [1964]", "1964")],
)  # fmt: skip
def test_completed_dates_still_pass_the_first_look(text: str, when: str) -> None:
    from encoder.inline import date_completion

    construct = date_completion.classify(_only_pair(text), _context(text, year=1965))
    assert construct is not None
    built = construct.build([[], [], [], []][: len(construct.parts)], 0)
    assert built[0].when == when  # type: ignore[union-attr]


def test_a_page_stands_alone_as_the_copies_of_the_text_said() -> None:
    rng = random.Random(5)
    pieces = [" ", "\n", "\u2003", "...", "…", ".", ",", ";", "word", "[7]", "x"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 7)))
        text += "[7]" + "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 7)))
        for pair in pair_brackets(text)[0]:
            before = text[: pair.open].rstrip()
            after = text[pair.end :].strip(" .,;")
            expected = not before or before.endswith(("...", "…")) or not after
            assert pages._stands_alone(text, pair) == expected, repr(text)


def test_a_similarity_above_a_floor_is_the_similarity() -> None:
    rng = random.Random(9)
    syllables = [
        "Kim",
        "Shin",
        "mun",
        "Sin",
        "Kuk",
        "che",
        "Guk",
        "je",
        "Saeng",
        "hwal",
        "Senh",
        "wal",
        "Pyong",
        "-jik",
    ]
    for _ in range(2000):
        first = "".join(rng.choice(syllables) for _ in range(rng.randrange(1, 4)))
        second = "".join(rng.choice(syllables) for _ in range(rng.randrange(1, 4)))
        floor = rng.choice([0.0, 0.3, 0.55, 0.65, 0.8, 0.95])
        exact = romanization.similarity(first, second)
        assert romanization.similarity_above(first, second, floor) == (exact if exact > floor else None)


def test_the_cover_name_is_found_from_a_later_start_as_from_the_window() -> None:
    from encoder.inline import cover_names
    from encoder.inline.core import match_before

    rng = random.Random(11)
    pieces = [" ", "  ", "\n", "Ivanov", "Kim", "Il", "slavov", "O'Neil", "-", ".", "’", "x", "É", "\u00a0"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 40)))
        for end in range(len(text) + 1):
            plain = match_before(cover_names._COVER_BEFORE, text, end)
            found = cover_names.cover_before(text, end)
            assert (found and found.span("cover")) == (plain and plain.span("cover")), repr(text[:end])


def test_the_bytes_look_for_a_small_letter_before_a_capital_misses_none() -> None:
    rng = random.Random(13)
    pieces = ["a", "B", "é", "É", "İ", "ß", "’", " ", "z", "Z", "\n", "Ǆ", "ǅ", "1", "-"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))
        if romanization.SMALL_THEN_CAPITAL.search(text):
            assert romanization._may_have_small_then_capital(text), text
    assert not romanization._may_have_small_then_capital("Shinmun and Sinmun, ÉTAT éTat")
    assert romanization._may_have_small_then_capital("ShinmunSinmun")
