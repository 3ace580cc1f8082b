"""Bad and awkward input: clear errors with positions, never a traceback, nothing lost."""

from __future__ import annotations

import codecs

import pytest
from fixture_format import NAMESPACES
from lxml import etree

from encoder.errors import InputError
from encoder.pipeline import convert, convert_source
from encoder.reading import read_bytes
from encoder.round_trip import normalize_whitespace, to_text


def body_text(tree: etree._ElementTree) -> str:
    return " ".join("".join(tree.xpath("//tei:body//text()", namespaces=NAMESPACES)).split())


def test_invalid_utf8_names_the_byte_offset_and_position() -> None:
    with pytest.raises(InputError) as raised:
        read_bytes(b"first line\nsecond \xff line\n", "bad.txt")
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "READ-DECODE"
    assert (diagnostic.line, diagnostic.col) == (2, 8)
    assert "offset 18" in diagnostic.message and "--encoding" in diagnostic.message


def test_explicit_encoding_reads_latin1() -> None:
    assert read_bytes("Dvořák".encode("cp1250"), encoding="cp1250").text == "Dvořák"


def test_unknown_encoding_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown encoding"):
        read_bytes(b"x", encoding="no-such-codec")


@pytest.mark.parametrize("bom_codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(bom_codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if bom_codec.endswith("le") else codecs.BOM_UTF16_BE
    data = bom + "Kim Il Sung met [North] Korean envoys.\r\n".encode(bom_codec)
    tree = convert_source(read_bytes(data, "u16.txt")).tree
    assert tree.xpath("string(//tei:supplied)", namespaces=NAMESPACES) == "North"


def test_utf8_bom_is_not_text() -> None:
    assert read_bytes(codecs.BOM_UTF8 + b"abc").text == "abc"


def test_crlf_and_cr_newlines_keep_line_numbers() -> None:
    source = read_bytes(b"a\r\nb\rc\n")
    assert source.text == "a\nb\nc\n"
    assert source.position(source.text.index("c")) == (3, 1)


def test_control_character_is_an_error_with_position() -> None:
    with pytest.raises(InputError) as raised:
        convert("Fine line.\n\nBell \x07 here.", name="ctl.txt")
    (diagnostic,) = raised.value.diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.col) == ("READ-CONTROL-CHAR", 3, 6)
    assert "U+0007" in diagnostic.format()


def test_control_character_mapped_to_a_visible_picture_on_request() -> None:
    result = convert("Form\x0cfeed", control_chars="picture")
    assert "Form\u240cfeed" in body_text(result.tree)


def test_lines_of_spaces_and_no_break_spaces_separate_paragraphs() -> None:
    result = convert("First paragraph.\n\u00a0 \nSecond paragraph.\n   \nThird.")
    assert len(result.tree.xpath("//tei:body//tei:p", namespaces=NAMESPACES)) == 3


def test_empty_file_gives_a_valid_document(tei_all: etree.RelaxNG) -> None:
    result = convert("")
    assert tei_all.validate(result.tree), tei_all.error_log


def test_file_that_stops_mid_word_keeps_every_character(tei_all: etree.RelaxNG) -> None:
    text = "The Premier said that the [North] Korean side would not particip"
    result = convert(text)
    assert tei_all.validate(result.tree)
    assert body_text(result.tree).endswith("would not particip")
    (truncated,) = [d for d in result.decisions if d.kind == "truncated"]
    assert (truncated.text, truncated.line, truncated.col) == ("particip", 1, 57)
    assert normalize_whitespace(to_text(result.tree)) == normalize_whitespace(text)


@pytest.mark.parametrize(
    "text",
    [
        "An unbalanced [bracket in the text.",
        "A closing] bracket alone.",
        "Nested [Kim [Il Sung]] brackets.",
        "Double [[V. Orlov?]] brackets.",
        'Crossing "quote [and] bracket" [here"] now.',
        "][ upside down ][",
        "[",
        "]]]]",
    ],
)
def test_brackets_that_fit_no_rule_stay_text(text: str, tei_all: etree.RelaxNG) -> None:
    result = convert(text)
    assert tei_all.validate(result.tree), tei_all.error_log
    assert normalize_whitespace(to_text(result.tree)) == normalize_whitespace(text)


def test_unbalanced_bracket_is_reported_with_its_position() -> None:
    result = convert("Line one.\n\nAn unbalanced [bracket.")
    (decision,) = [d for d in result.decisions if d.kind == "unbalanced-bracket"]
    assert (decision.line, decision.col) == (3, 15)
