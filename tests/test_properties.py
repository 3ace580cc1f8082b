"""Property tests: for any text, conversion is safe, valid, deterministic and lossless."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from encoder.pipeline import convert
from encoder.round_trip import normalize_whitespace, to_text

# Pieces that exercise the rules, mixed with arbitrary characters. Characters
# that XML cannot carry are left out: they are an input error by design
# (tests/test_reading.py), not a conversion.
_XML_CHARS = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters="\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
    "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\ufffe\uffff\r",
)
_TOKENS = st.sampled_from(
    [
        "[", "]", "[North]", "[15]", "[1]", "[...]", "[…]", "...", "…", "\\*", "*", " \\* ", "\"", "“", "”",
        "'", "‘", "’", "<sup>o</sup>", "<sup>", "</sup>", "<br />", "[sic]", "[Translator's note: two pages "
        "were blotted out]", "[illegible]", "[[", "]]", "Kim Byeong-jik [Kim Pyong Jik]", "ShinmunSinmun",
        "VNS [Supreme People's Assembly]", "28 [December]", "[19]58", "(1) ", "1. Heading", "(Ambassador Pan: ",
        ")", "Time: 10 February 1965, 4:00 p.m.", "Location: Embassy", "Summary: ", "To the Ministry:",
        "Citation:", "This document was made possible with support from X", "Special Report.",
        "Distributed to: all", "June 4, 1965", "\n", "\n\n", " ", "\u00a0",
        "\t", "agreement[1]", "\n\n[1] ", "(p. 3)", "word", "Word", "II", ".", ",", ":", "(", "\ue000", "**",
        "<", ">", "&", "\\",
    ]
)  # fmt: skip
transcripts = st.lists(st.one_of(_TOKENS, st.text(_XML_CHARS, max_size=8)), max_size=40).map("".join)

PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@PROPERTY_SETTINGS
@given(text=transcripts)
def test_any_text_converts_to_valid_lossless_tei(text: str, tei_all: etree.RelaxNG) -> None:
    # convert() validates its output against the project schema and Schematron
    # itself and raises on any error; here it must also satisfy tei_all.
    first = convert(text)
    assert tei_all.validate(first.tree), (text, str(tei_all.error_log))
    assert first.to_bytes() == convert(text).to_bytes()  # deterministic
    assert normalize_whitespace(to_text(first.tree)) == normalize_whitespace(text)
