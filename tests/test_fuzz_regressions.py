"""Regressions found by ``bench/fuzz.py``: each case is an invented transcript of the shape the
campaign shrank a failure to, named after what went wrong.

Every case must come back exactly from its TEI (``tei-encoder text``, whitespace folded as
documented) and the TEI must be valid against the project schema and Schematron and against
tei_all: the converter keeps the text it does not understand as text, never a difference the
round trip has to hide.
"""

from __future__ import annotations

from lxml import etree

from encoder.pipeline import ConversionResult, convert
from encoder.round_trip import normalize_whitespace, to_text
from encoder.validation import has_errors, validate_tree

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def exact_and_valid(text: str, tei_all: etree.RelaxNG) -> ConversionResult:
    """Convert (which refuses TEI its own schema refuses), then hold the result to both promises."""
    result = convert(text)
    problems = validate_tree(result.tree)
    assert not has_errors(problems), [str(problem) for problem in problems]
    assert tei_all.validate(result.tree), tei_all.error_log
    assert normalize_whitespace(to_text(result.tree)) == normalize_whitespace(text)
    return result


def test_spaces_around_a_publishers_break_in_an_opener_are_kept(tei_all: etree.RelaxNG) -> None:
    """ "EMBASSY <br /> REPUBLIC": the opener's two parts were stripped of the spaces around the break."""
    result = exact_and_valid("EMBASSY OF POLAND <br /> Tokyo, 5 October 1971\n\nThe text.\n", tei_all)
    (opener,) = result.tree.getroot().iter(f"{TEI}opener")
    assert [lb.get("rend") for lb in opener.iter(f"{TEI}lb")] == ["html-br"]
    assert opener.find(f"{TEI}dateline") is not None


def test_a_break_in_another_form_than_the_publishers_stays_text_in_an_opener(tei_all: etree.RelaxNG) -> None:
    """ "<br/>" in an opener line became lb[@rend='html-br'], which the round trip writes "<br />"."""
    for br in ("<br/>", "<br>", "<BR />"):
        result = exact_and_valid(f"EMBASSY OF POLAND {br} Tokyo, 5 October 1971\n\nThe text.\n", tei_all)
        assert not list(result.tree.getroot().iter(f"{TEI}lb")), br


def test_signatory_in_parentheses_glued_to_the_role_keeps_no_space(tei_all: etree.RelaxNG) -> None:
    """ "AMBASSADOR(G. Smith)": the signature was written back with a space before the bracket."""
    for closer in ("AMBASSADOR(G. Smith)", "AMBASSADOR (G. Smith)", "AMBASSADOR\n(G. Smith)"):
        result = exact_and_valid(f"The text of the letter.\n\n{closer}\n", tei_all)
        assert result.tree.getroot().find(f".//{TEI}signed/{TEI}persName") is not None, closer


def test_contents_value_glued_to_more_letters_is_no_language(tei_all: etree.RelaxNG) -> None:
    """ "Contents: Translation-ElT": "El" was read as the language and "T" cut off into the body."""
    exact_and_valid("Citation:\nA citation, 1965.\nContents:\nTranslation-ElT\n\nThe body.\n", tei_all)


def test_header_ends_between_words_not_inside_one(tei_all: etree.RelaxNG) -> None:
    """ "Contents: Translation - English." : the body began at the full stop, a space added before it."""
    for contents in ("Translation - English.", "Translation-En)", "English TranslationM", "Transcript - English["):
        text = f"Citation:\nA citation, 1965.\nContents: {contents}\n\nThe body.\n"
        result = exact_and_valid(text, tei_all)
        (body,) = result.tree.getroot().iter(f"{TEI}body")
        assert "".join(body.itertext()).strip() == "The body.", contents


def test_bracketed_and_unbracketed_notes_with_one_number_give_one_endnote(tei_all: etree.RelaxNG) -> None:
    """ "[1] …" and, below a rule line, "1 …": both were endnote-1, an identifier twice (a refusal)."""
    text = "The agreement[1] was signed.1 Then more.2\n\n———\n1 A note.\n\n2 Another note.\n\n[1] The bracketed note.\n"
    result = exact_and_valid(text, tei_all)
    notes = {note.get(XML_ID): note.get("rend") for note in result.tree.getroot().iter(f"{TEI}note")}
    assert notes == {"endnote-1": None, "endnote-2": "unbracketed"}  # "1 A note." stays a paragraph


def test_line_after_a_publishers_break_ending_an_opener_line_is_not_put_inside_the_break(
    tei_all: etree.RelaxNG,
) -> None:
    """ "Ministry<br />" ⏎ "of Trade": the next line was joined to the last item, here the lb, which holds nothing."""
    result = exact_and_valid("Ministry<br />\nof Foreign Trade\n\nThe text.\n", tei_all)
    assert all(len(lb) == 0 and not lb.text for lb in result.tree.getroot().iter(f"{TEI}lb"))


def test_reference_to_a_numbered_note_read_as_something_else_stays_text(tei_all: etree.RelaxNG) -> None:
    """ "[1] REPUBLIC" ⏎ "s[1]": the block became the letterhead, yet "s[1]" pointed to an endnote-1 never made."""
    result = exact_and_valid("[1] EMBASSY OF THE REPUBLIC\nconsulate[1]\n\nThe text.\n", tei_all)
    assert not [ref for ref in result.tree.getroot().iter(f"{TEI}ref") if ref.get("type") == "note"]


def test_run_in_note_is_never_placed_at_a_marker_inside_itself(tei_all: etree.RelaxNG) -> None:
    """ "]* \\* word\\*": the run-in note paired with the marker in its own text and vanished with it."""
    result = exact_and_valid("The report]* \\* see the word\\*\n", tei_all)
    assert not [note for note in result.tree.getroot().iter(f"{TEI}note") if note.get("place") == "foot"]


def test_run_in_note_whose_marker_stands_in_an_earlier_run_in_note_comes_back_after_it(
    tei_all: etree.RelaxNG,
) -> None:
    """ "a\\* \\* one b\\* \\* two": the second note sits inside the first; the round trip wrote it first."""
    result = exact_and_valid("The press\\* reported it. \\* Nodong, the paper\\* \\* of 26 February.\n", tei_all)
    notes = [note for note in result.tree.getroot().iter(f"{TEI}note") if note.get("place") == "foot"]
    assert len(notes) == 2 and notes[1].getparent() is notes[0]


def test_note_paragraph_never_pairs_past_a_note_paragraph_that_stays_where_it_stands(
    tei_all: etree.RelaxNG,
) -> None:
    """ "word*" ⏎ "\\* one" ⏎ "* two": "* two" went back to "word*", before "\\* one", which stayed put."""
    result = exact_and_valid("The word*\n\\* an orphan note.\n* the note of the word.\n", tei_all)
    assert not [note for note in result.tree.getroot().iter(f"{TEI}note") if note.getparent().tag == f"{TEI}p"]


def test_abbreviation_holds_a_quotation_but_no_other_markup(tei_all: etree.RelaxNG) -> None:
    """ "2.1.65NS [S …]": a date inside the abbreviation, where abbr holds text and q only (a refusal)."""
    for text in ("On 2.1.65NS [Supreme Soviet] met.\n", "The report\n\nnKVD [Supreme Soviet] met.\n"):
        result = exact_and_valid(text, tei_all)
        for abbr in result.tree.getroot().iter(f"{TEI}abbr"):
            assert all(child.tag == f"{TEI}q" for child in abbr), text
    quoted = exact_and_valid('The "ZhMZhb" [Renmin Ribao] wrote.\n', tei_all)
    assert quoted.tree.getroot().find(f".//{TEI}abbr/{TEI}q") is not None


def test_no_break_space_between_closer_or_opener_parts_stays_inside_one(tei_all: etree.RelaxNG) -> None:
    """ "7.1.50\\u00a0SHTYKOV": the no-break space stood as text in closer, which holds XML's spaces only."""
    for text in (
        "The text.\n\n7.11.50\u00a0SHTYKOV\n",
        "The text.\n\nSHTYKOV\u00a05 May 1950\n",
        "EMBASSY OF POLAND\u00a0<br />\u00a0Tokyo, 5 October 1971\n\nThe text.\n",
        "Time: 5 November 1964, 4:30 p.m.\u00a0Location: Jiangsu Room\n\nThe text.\n",
    ):
        result = exact_and_valid(text, tei_all)
        for zone in (*result.tree.getroot().iter(f"{TEI}closer"), *result.tree.getroot().iter(f"{TEI}opener")):
            assert all(not (child.tail or "").strip(" \t\r\n") for child in zone), text


def test_a_table_separator_with_a_no_break_space_is_a_row_not_a_rule(tei_all: etree.RelaxNG) -> None:
    """Fuzz find (seed 7, after the names merge): "|--|\u00a0--|" became a milestone whose @rend held a
    no-break space, which tei_all refuses (@rend is a list of tokens). Only ASCII spaces make a separator."""
    result = exact_and_valid("|--|\u00a0--|\n", tei_all)
    assert not result.tree.getroot().xpath("//tei:milestone", namespaces={"tei": "http://www.tei-c.org/ns/1.0"})
    spaced = exact_and_valid("| Name | Date |\n| --- | --- |\n| Kim | 1965 |\n", tei_all)
    assert spaced.tree.getroot().xpath(
        "//tei:milestone[@rend='| --- | --- |']", namespaces={"tei": "http://www.tei-c.org/ns/1.0"}
    )


def test_a_number_with_a_leading_zero_alone_on_a_line_stays_text(tei_all: etree.RelaxNG) -> None:
    """Fuzz find (seed 11): "02" became <pb n="2"/> and came back as "2". PDFs number pages
    without leading zeros: such a number is a value, kept as written."""
    for text in ("02\n", "The text.\n\n- 04 -\n\nMore text.\n"):
        result = exact_and_valid(text, tei_all)
        assert not result.tree.getroot().xpath("//tei:pb", namespaces={"tei": "http://www.tei-c.org/ns/1.0"})
    paged = exact_and_valid("The text.\n\n- 2 -\n\nMore text.\n", tei_all)
    assert paged.tree.getroot().xpath("//tei:pb[@n='2']", namespaces={"tei": "http://www.tei-c.org/ns/1.0"})


def test_no_name_inside_a_glossed_term(tei_all: etree.RelaxNG) -> None:
    """Fuzz find (seed 11): in 't"e Ministry of F" [i]' the quoted term took an orgName, which
    term cannot hold (text and quotations only): the name stays text there."""
    result = exact_and_valid('t"e Ministry of F" [i]\n', tei_all)
    assert not result.tree.getroot().xpath("//tei:term//tei:orgName", namespaces={"tei": "http://www.tei-c.org/ns/1.0"})


def test_a_no_break_space_after_a_participants_label_stays_in_the_item(tei_all: etree.RelaxNG) -> None:
    """Fuzz find (seed 23): in "Present:\u00a0Kim:" the no-break space was put between head and
    item, where list holds no text; only XML's own spaces separate them."""
    result = exact_and_valid("Present:\u00a0Kim Yong Nam, Pak Song Chol.\n", tei_all)
    (item,) = result.tree.getroot().xpath(
        "//tei:list[@type='participants']/tei:item", namespaces={"tei": "http://www.tei-c.org/ns/1.0"}
    )
    assert "".join(item.itertext()).startswith("\u00a0Kim")
