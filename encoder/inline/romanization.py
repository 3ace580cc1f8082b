"""Alternate romanizations of one name, bracketed or fused by the publishing system.

::

    Kim Byeong-jik [Kim Pyong Jik]   → <persName><choice rend="bracketed">
                                          <reg type="RR">Kim Byeong-jik</reg>
                                          <reg type="MR">Kim Pyong Jik</reg></choice></persName>
    Gyeongsang [Kyongsang] … Provinces → <placeName>…</placeName>
    Ambassador Kim Byeong-jik [Kim Pyong Jik]
                                     → <persName><roleName>Ambassador</roleName>
                                          <choice rend="bracketed">…</choice></persName>
    ShinmunSinmun                    → <choice rend="fused"><reg type="MR">Shinmun</reg>
                                          <reg type="RR">Sinmun</reg></choice>
    [Kukche SenhwalGukje Saenghwal]  → the fused pair "Kukche Senhwal" / "Gukje Saenghwal"

Two spellings are taken for one name when their *romanization keys* agree:
both are lower-cased and stripped of spaces and hyphens, and the letters that
Revised Romanization (RR) and McCune-Reischauer (MR) write differently are
mapped to one form (g/k, d/t, b/p, j/ch, eo/o, eu/u, r/l), and so are the
Chinese spellings Wade-Giles and pinyin write differently (ts/tz/z, ch/zh,
hs/x, ch'/q, -ieh/-ie): ``Mao Zedong [Mao Tse-tung]`` and ``Xie Fuzhi [Hsieh
Fu-chih]`` are one name too. The system of each
spelling is judged from its features (``eo``, ``eu`` and hyphenated syllables
are RR; breves, apostrophes and one capitalised word per syllable are MR);
when the features do not decide, the first spelling is called RR and the
choice is reported. Names that show nothing Korean (no Korean surname, no
feature of either system: ``Szabó [Szabo]``) get ``type="variant"``. A title
just before the pair (:data:`encoder.inline.name_shapes.ROLE`: ``Ambassador``,
``Vice Premier`` …) makes it a person, the title its ``roleName``, as for any
titled name (:mod:`.persons`). Fused
pairs are a habit of the Korean archive's publishing system: their default is
MR then RR. Every fused split is reported.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from encoder import patterns
from encoder.inline.brackets import BracketPair, BracketShape
from encoder.inline.core import LOOKBEHIND_WINDOW, BlockContext, Construct, Parts, match_before
from encoder.inline.name_shapes import BEFORE, ROLE
from encoder.model import Choice, Inline, Name, Reg, generic
from encoder.vocabulary import RomanizationType

if TYPE_CHECKING:
    import difflib

_NAME_TOKEN = r"[A-Z][\w’'-]*"
_BRACKETED_NAME = patterns.compile(rf"{_NAME_TOKEN}(?: {_NAME_TOKEN}){{0,3}}")
_TOKEN_BEFORE = patterns.compile(rf"({_NAME_TOKEN})\s$")


def token_before(text: str, end: int) -> re.Match[str] | None:
    """``match_before(_TOKEN_BEFORE, text, end)``, searched from the last space before the token.

    _TOKEN_BEFORE ends in white space at ``end - 1`` (or at ``end - 2``, before a line break that
    ``$`` allows at the end), and its token holds none: no match begins at or before a space that
    stands before ``end - 2``. Searched from the window's start, the engine would try every capital
    of the 80 characters before each bracket and each fused name, up to four times a bracket.
    """
    window = max(0, end - LOOKBEHIND_WINDOW)
    return _TOKEN_BEFORE.search(text, max(window, text.rfind(" ", window, end - 2) + 1), end)


# \b(?P<left>[A-Z][a-z]{1,}?)…, the \b after the capital (one character wider), so that the regex
# engine skips ahead to capitals instead of trying the pattern at every position.
_FUSED = patterns.compile(r"(?P<left>[A-Z](?<!\w.)[a-z]{1,}?)(?P<right>[A-Z][a-z]{2,}(?:-[a-z]+)?)\b")
# A small letter right before a capital, found at the capital: the engine skips to capitals
# (small letters, which [a-z][A-Z] would begin with, are most of a text).
SMALL_THEN_CAPITAL = patterns.compile(r"[A-Z](?<=[a-z][A-Z])")
# Every ASCII small letter → "a", capital → "A", any other byte → " ".
_LETTER_CASES = bytes(
    ord("a") if chr(byte).islower() else ord("A") if chr(byte).isupper() else ord(" ") for byte in range(128)
).ljust(256, b" ")


def _may_have_small_then_capital(text: str) -> bool:
    """False only if no ASCII small letter stands right before an ASCII capital (what
    SMALL_THEN_CAPITAL looks for): half the regex's work, as bytes.

    Dropping the characters beyond ASCII keeps any such pair side by side (it can only make
    new pairs, which the regex then turns down), and the table leaves the letters' cases alone.
    """
    return b"aA" in text.encode("ascii", "ignore").translate(_LETTER_CASES)


_KOREAN_VOWELS = patterns.compile(r"eo|eu|ŏ|ŭ")
_TOKEN_AFTER = patterns.compile(rf" ({_NAME_TOKEN})")
KOREAN_SURNAMES = frozenset(
    [
        "Kim",
        "Ri",
        "Rhee",
        "Lee",
        "Yi",
        "Pak",
        "Park",
        "Choe",
        "Choi",
        "Jang",
        "Chang",
        "Kang",
        "Jo",
        "Cho",
        "Yun",
        "Yoon",
        "Han",
        "Ho",
        "Heo",
        "Hyon",
        "Hyeon",
        "Nam",
        "Mun",
        "Moon",
        "Song",
        "Sung",
        "O",
        "Oh",
        "Ryu",
        "Yu",
        "Hong",
        "Jeong",
        "Jung",
        "Chong",
        "Chung",
        "Ko",
        "Go",
        "An",
        "Ahn",
        "Hwang",
        "Paek",
        "Baek",
        "Kwon",
        "Gwon",
        "So",
        "Seo",
        "Sin",
        "Shin",
        "Chon",
        "Jeon",
        "Chun",
        "Om",
        "Eom",
    ]
)
_PLACE_WORDS = patterns.compile(
    r"^(?:\S+\s+){0,4}?(?:Provinces?|County|River|Mountains?|City|Island|Port|Bay|Prefecture)\b"
)
_KEY_STEPS = (
    ("eo", "o"), ("eu", "u"), ("ŏ", "o"), ("ŭ", "u"), ("ae", "ae"),
    ("ts", "z"), ("tz", "z"), ("zh", "j"),  # Chinese: Wade-Giles ts/tz and pinyin zh (Tse-tung, Zedong, Zhou)
    ("hs", "x"), ("q", "j"), ("ieh", "ie"),  # Wade-Giles hs, ch' and -ieh, pinyin x, q, -ie (Hsieh, Xie)
    ("ch", "j"), ("k", "g"),
    ("t", "d"), ("p", "b"), ("l", "r"), ("sh", "s"), ("'", ""), ("’", ""), ("-", ""), (" ", ""),
)  # fmt: skip
THRESHOLD = 0.8
PRIORITY = 70
CLAIMS: frozenset[BracketShape] = frozenset({"capitalised"})  # _BRACKETED_NAME begins with A-Z


@functools.lru_cache(maxsize=4096)  # the words before brackets come back: a name, a title, "the"
def romanization_key(text: str) -> str:
    key = text.lower()
    for old, new in _KEY_STEPS:
        key = key.replace(old, new)
    return key


def similarity(first: str, second: str) -> float:
    import difflib  # only for bracketed names: most conversions never compare two spellings

    return difflib.SequenceMatcher(None, romanization_key(first), romanization_key(second)).ratio()


def similarity_above(first: str, second: str, floor: float) -> float | None:
    """:func:`similarity` if it is above ``floor``, else None.

    difflib's two quick upper bounds, reckoned first, spare the full comparison of
    most spellings that could not beat the best found so far.
    """
    import difflib

    matcher = difflib.SequenceMatcher(None, romanization_key(first), romanization_key(second))
    if matcher.real_quick_ratio() <= floor or matcher.quick_ratio() <= floor:
        return None
    score = matcher.ratio()
    return score if score > floor else None


def similarity_reaching(first_key: str, second_key: str, threshold: float) -> float:
    """:func:`similarity` of two :func:`romanization_key` values when it reaches ``threshold``;
    below it, some score below it (not always the same one).

    difflib's ratio matches the two strings block by block in Python; its two quick
    upper bounds (the lengths alone, then the letters counted) rule out most of the
    words before a bracket, which share few letters with the name in it.
    """
    return SimilarityTo(second_key, threshold).reaching(first_key)


class SimilarityTo:
    """:func:`similarity_reaching` of many keys to one key (the bracket's): the matcher that
    indexes the one key (difflib's b) is made once, when a key first passes the length bound."""

    def __init__(self, key: str, threshold: float) -> None:
        self.key = key
        self.threshold = threshold
        self._matcher: difflib.SequenceMatcher[str] | None = None

    def reaching(self, other_key: str) -> float:
        # real_quick_ratio(), reckoned from the two lengths as difflib does, before any matcher is made.
        total = len(other_key) + len(self.key)
        if total and 2.0 * min(len(other_key), len(self.key)) / total < self.threshold:
            return 0.0
        if self._matcher is None:
            import difflib  # only for bracketed names: most conversions never compare two spellings

            self._matcher = difflib.SequenceMatcher(None, other_key, self.key)
        else:
            self._matcher.set_seq1(other_key)  # keeps the index of self.key (set_seq2 would redo it)
        if self._matcher.quick_ratio() < self.threshold:
            return 0.0
        return self._matcher.ratio()


def _system_score(spelling: str) -> int:
    """Positive for Revised Romanization features, negative for McCune-Reischauer."""
    score = 0
    lowered = spelling.lower()
    score += 2 * len(re.findall(r"eo|eu", lowered))
    score += 2 * len(re.findall(r"[A-Za-z]-[a-z]", spelling))
    score -= 2 * len(re.findall(r"[ŏŭ'’]", lowered))
    tokens = spelling.split()
    if len(tokens) >= 3 and all(token[0].isupper() for token in tokens):
        score -= 1
    return score


def systems(first: str, second: str) -> tuple[RomanizationType, RomanizationType, bool]:
    """(type of first, type of second, certain?); ``variant`` for names that are not Korean."""
    if not _looks_korean(first) and not _looks_korean(second):
        return "variant", "variant", True
    difference = _system_score(first) - _system_score(second)
    if difference > 0:
        return "RR", "MR", True
    if difference < 0:
        return "MR", "RR", True
    return "RR", "MR", False


def _looks_korean(spelling: str) -> bool:
    """A Korean surname first, or vowels only Korean romanizations write (eo, eu, ŏ, ŭ).

    Hyphens and apostrophes alone prove nothing: Wade–Giles Chinese has them too.
    """
    words = spelling.replace("-", " ").split()
    return bool(words) and (words[0] in KOREAN_SURNAMES or _KOREAN_VOWELS.search(spelling.lower()) is not None)


def name_kind(spelling: str, following: str) -> str:
    if _PLACE_WORDS.match(following.lstrip()):
        return "placeName"
    if spelling.split()[0] in KOREAN_SURNAMES and len(spelling.split()) >= 1:
        return "persName"
    return "name"


def classify(pair: BracketPair, context: BlockContext) -> Construct | None:
    text = context.text
    content = pair.content
    # The spelling before the bracket ends in white space (_TOKEN_BEFORE, "\s$": the last
    # character, or a line break after it): without it no token is found, and nothing is made.
    if pair.double or not text[pair.open - 1 : pair.open].isspace() or not _BRACKETED_NAME.fullmatch(content):
        return None
    tokens: list[tuple[int, int]] = []
    cursor = pair.open
    while len(tokens) < 4:
        match = token_before(text, cursor)
        if not match:
            break
        tokens.insert(0, match.span(1))
        cursor = match.start(1)
    # The first of the best spellings before the bracket, if it reaches THRESHOLD: one
    # that cannot is never chosen, so its score need not be exact (SimilarityTo.reaching).
    best: tuple[float, int] | None = None
    to_content = SimilarityTo(romanization_key(content), THRESHOLD)
    for start, _ in tokens:
        candidate = text[start : pair.open].strip()
        if candidate == content:
            continue
        score = to_content.reaching(romanization_key(candidate))
        if best is None or score > best[0]:
            best = (score, start)
    if best is None or best[0] < THRESHOLD:
        return None
    start = best[1]
    first_end = pair.open - 1
    first = text[start:first_end]
    first_type, second_type, certain = systems(first, content)
    role = match_before(_role_before(), text, start)
    # a title before the pair: a person, whatever the spellings look like
    kind = "persName" if role else name_kind(first, text[pair.end :])
    if not certain:
        context.decide(
            "romanization",
            start,
            pair.end,
            f"{first_type} then {second_type}",
            alternatives=(f"{second_type} then {first_type}",),
            message="the spellings show no feature of either system",
        )

    ref = _register_ref(context, first, content)

    spellings = ((start, first_end), (pair.content_start, pair.content_end))
    role_part = ((role.start(), role.end("role")),) if role else ()
    gap = text[role.end("role") : start] if role else ""

    def build(parts: Parts, offset: int) -> list[Inline]:
        *role_parts, first_part, second_part = parts
        choice = Choice(
            children=(
                Reg(children=tuple(first_part), type=first_type),
                Reg(children=tuple(second_part), type=second_type),
            ),
            rend="bracketed",
        )
        titled: list[Inline] = [generic("roleName", tuple(role_parts[0])), gap] if role_parts else []
        return [Name(children=(*titled, choice), kind=kind, ref=ref, offset=offset)]

    return Construct(
        role.start() if role else start,
        pair.end,
        (*role_part, *spellings),
        build,
        PRIORITY,
        "alternate romanization",
        # each form becomes a reg, which holds text only
        text_parts=frozenset({len(role_part), len(role_part) + 1}),
    )


@functools.cache
def _role_before() -> re.Pattern[str]:
    """A title, and the one space, just before a name: ``Vice Premier ``."""
    return re.compile(rf"{BEFORE}(?P<role>{ROLE}) $")


def _register_ref(context: BlockContext, first: str, second: str) -> str | None:
    """The register entry both spellings stand for: either may be the one it lists, never two entries."""
    register = context.state.register
    if register is None:
        return None
    entries = {entry.identifier: entry for spelling in (first, second) for entry in register.entries_for(spelling)}
    return next(iter(entries.values())).ref if len(entries) == 1 else None


def _words_before(text: str, position: int, limit: int = 2) -> list[int]:
    starts: list[int] = []
    while len(starts) < limit and (match := token_before(text, position)):
        starts.append(match.start(1))
        position = match.start(1)
    return starts


def _words_after(text: str, position: int, limit: int = 2) -> list[int]:
    ends: list[int] = []
    while len(ends) < limit and (match := _TOKEN_AFTER.match(text, position)):
        ends.append(match.end())
        position = match.end()
    return ends


def scan_fused(context: BlockContext) -> list[Construct]:
    """Camel-case words whose halves are one name twice: ``ShinmunSinmun``."""
    text = context.text
    constructs: list[Construct] = []
    # A fused pair has a small letter right before a capital: searched alone first, as the
    # regex engine can skip to the capitals; most paragraphs have no such place and are done.
    if not _may_have_small_then_capital(text) or not SMALL_THEN_CAPITAL.search(text):
        return constructs
    for match in _FUSED.finditer(text):
        junction = match.start("right")
        left_start, right_end = match.start(), match.end()
        best: tuple[float, int, int] | None = None
        # Extend over neighbouring capitalised words ("Kukche SenhwalGukje Saenghwal"),
        # never across a bracket or other punctuation; the smallest best split wins.
        starts = [left_start, *_words_before(text, left_start)]
        ends = [right_end, *_words_after(text, right_end)]
        for extended_start in starts:
            for extended_end in ends:
                left, right = text[extended_start:junction], text[junction:extended_end]
                if best is None:
                    best = (similarity(left, right), extended_start, extended_end)
                elif (score := similarity_above(left, right, best[0] + 0.05)) is not None:
                    best = (score, extended_start, extended_end)
        if best is None or best[0] < 0.6:
            continue
        _, start, end = best
        left, right = text[start:junction], text[junction:end]
        left_type, right_type, certain = systems(left, right)
        if not certain or left_type == "variant":
            # Where the features do not decide, the order seen in the archive's
            # fused strings is the older spelling first.
            left_type, right_type = "MR", "RR"
        context.decide(
            "fused-romanization",
            start,
            end,
            f"{left} ({left_type}) | {right} ({right_type})",
            alternatives=("one word",),
            message="two romanizations run together by the publishing system; check the split",
        )

        def build(
            parts: Parts, offset: int, lt: RomanizationType = left_type, rt: RomanizationType = right_type
        ) -> list[Inline]:
            return [
                Choice(
                    children=(
                        Reg(children=tuple(parts[0]), type=lt),
                        Reg(children=tuple(parts[1]), type=rt),
                    ),
                    rend="fused",
                    offset=offset,
                )
            ]

        constructs.append(
            Construct(
                start,
                end,
                ((start, junction), (junction, end)),
                build,
                PRIORITY,
                "fused romanization",
                text_parts=frozenset({0, 1}),  # reg holds text only
            )
        )
    return constructs
