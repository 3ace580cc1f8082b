"""An editor's decisions (issue 8): NAME.decisions.toml beside a transcript overrides doubtful decisions.

The transcripts here are invented: a paragraph with a bracketed name the
converter reads as supplied, and hard-wrapped text with a doubtful line break.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from encoder import convert
from encoder.errors import InputError
from encoder.overrides import decisions_path, load_decisions
from encoder.pipeline import convert_file
from encoder.round_trip import to_text
from encoder.safexml import parse_xml_file
from encoder.serialize import tei_xpaths

TEI = "{http://www.tei-c.org/ns/1.0}"

BRACKETED_NAME = "Ambassador Wen [Lianghu] spoke first. The [trade] talks were short.\n"

WRAPPED = """\
On the morning of 3 March the delegation of the trade ministry
arrived at the station, where it was met by the deputy head of
the protocol department and by representatives of the embassy.
The talks opened at noon in the building of the ministry and
lasted until the evening, when a reception was held for guests.
The head of the delegation thanked the Ministry of Foreign
Affairs for its care and said that the work had gone well and
that the two sides had agreed on the plan for the coming year.
"""
DOUBTFUL_BREAK = "layout-join:of-the-embassy-the-talks-opened-at-noon"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "encoder", *args], capture_output=True, text=True, timeout=120, check=False
    )


def transcript(tmp_path: Path, text: str, decisions: str | None = None) -> Path:
    path = tmp_path / "letter.txt"
    path.write_text(text, encoding="utf-8")
    if decisions is not None:
        decisions_path(path).write_text(decisions, encoding="utf-8")
    return path


def body_paragraphs(tree: etree._ElementTree) -> list[etree._Element]:
    return tree.getroot().findall(f"{TEI}text/{TEI}body//{TEI}p")


def test_the_invented_texts_make_the_decisions_these_tests_override() -> None:
    assert "supplied-or-gloss:lianghu" in {d.id for d in convert(BRACKETED_NAME, validate=False).decisions}
    decision = next(d for d in convert(WRAPPED, validate=False).decisions if d.id == DOUBTFUL_BREAK)
    assert decision.chosen == "one block"


def test_literal_leaves_the_markup_out_and_says_the_editor_decided(tmp_path: Path) -> None:
    path = transcript(
        tmp_path, BRACKETED_NAME, 'editor = "Jane Roe"\n[decisions]\n"supplied-or-gloss:lianghu" = "literal"\n'
    )
    result = convert_file(path)  # validates its own output: the header stays valid TEI
    (paragraph,) = body_paragraphs(result.tree)
    assert "Ambassador Wen [Lianghu] spoke first." in "".join(paragraph.itertext())
    assert [element.text for element in paragraph.iter(f"{TEI}supplied")] == ["trade"]  # the other one stays
    editor = result.tree.getroot().find(f".//{TEI}respStmt[@{{http://www.w3.org/XML/1998/namespace}}id='editor']")
    assert editor is not None and editor.findtext(f"{TEI}name") == "Jane Roe"
    change = result.tree.getroot().find(f".//{TEI}revisionDesc/{TEI}change[@who='#editor']")
    assert change is not None and "supplied-or-gloss:lianghu: literal" in change.text
    decision = next(d for d in result.decisions if d.id == "supplied-or-gloss:lianghu")
    assert (decision.chosen, decision.confidence) == ("literal", "editor")
    # no longer counted among the doubtful decisions
    assert "[supplied-or-gloss:lianghu]" not in " ".join(d.message for d in result.decision_diagnostics())
    assert to_text(result.tree) == BRACKETED_NAME  # the round trip still gives the transcript back


def test_a_layout_decision_splits_the_paragraph_where_the_editor_says(tmp_path: Path) -> None:
    before = body_paragraphs(convert(WRAPPED).tree)
    path = transcript(tmp_path, WRAPPED, f'[decisions]\n"{DOUBTFUL_BREAK}" = "two blocks"\n')
    result = convert_file(path)
    after = body_paragraphs(result.tree)
    assert len(after) == len(before) + 1
    assert "".join(after[0].itertext()).endswith("representatives of the embassy.")
    assert "".join(after[1].itertext()).startswith("The talks opened at noon")
    assert " ".join("".join(p.itertext()) for p in after) == " ".join(WRAPPED.split())  # no text lost


def test_stale_and_impossible_decisions_are_reported_and_never_fail(tmp_path: Path) -> None:
    path = transcript(
        tmp_path,
        BRACKETED_NAME,
        '[decisions]\n"supplied-or-gloss:no-such-name" = "literal"\n"supplied-or-gloss:lianghu" = "two blocks"\n',
    )
    result = convert_file(path)
    assert sorted(diagnostic.code for diagnostic in result.diagnostics) == ["DECISION-CHOICE", "DECISION-STALE"]
    assert [element.text for element in body_paragraphs(result.tree)[0].iter(f"{TEI}supplied")] == ["Lianghu", "trade"]
    assert result.tree.getroot().find(f".//{TEI}change[@who='#editor']") is None


def test_a_decisions_file_that_does_not_parse_is_an_input_error_at_its_line(tmp_path: Path) -> None:
    path = transcript(tmp_path, BRACKETED_NAME, '[decisions]\n"supplied-or-gloss:lianghu" = literal\n')
    with pytest.raises(InputError) as raised:
        convert_file(path)
    (diagnostic,) = raised.value.diagnostics
    assert (diagnostic.code, diagnostic.line) == ("DECISIONS-TOML", 2)
    cli = run_cli("convert", str(path))
    assert cli.returncode == 1 and f"{decisions_path(path)}:2:" in cli.stderr and "Traceback" not in cli.stderr


def test_decide_writes_the_file_checks_id_and_choice_and_undoes(tmp_path: Path) -> None:
    path = transcript(tmp_path, WRAPPED)
    wrong_id = run_cli("decide", str(path), DOUBTFUL_BREAK[:-3], "two blocks")
    assert wrong_id.returncode == 1 and f"did you mean '{DOUBTFUL_BREAK}'" in wrong_id.stderr
    wrong_choice = run_cli("decide", str(path), DOUBTFUL_BREAK, "literal")
    assert wrong_choice.returncode == 2 and "'one block' or 'two blocks'" in wrong_choice.stderr
    assert not decisions_path(path).exists()
    assert run_cli("decide", str(path), DOUBTFUL_BREAK, "two blocks", "--editor", "Jane Roe").returncode == 0
    written = load_decisions(decisions_path(path))
    assert (written.editor, written.decisions) == ("Jane Roe", {DOUBTFUL_BREAK: "two blocks"})
    assert len(body_paragraphs(convert_file(path).tree)) == len(body_paragraphs(convert(WRAPPED).tree)) + 1
    assert run_cli("decide", str(path), DOUBTFUL_BREAK, "--undo").returncode == 0
    assert load_decisions(decisions_path(path)).decisions == {}


def test_ids_with_quotes_and_backslashes_survive_the_file(tmp_path: Path) -> None:
    from encoder.overrides import DecisionsFile, write_decisions

    path = tmp_path / "odd.decisions.toml"
    odd = DecisionsFile(editor='Jane "JR" Roe', decisions={'slip:a"b\\c': "literal", "seam:ünï": "literal"})
    write_decisions(path, odd)
    assert load_decisions(path) == odd


def test_literal_never_removes_markup_another_rule_made(tmp_path: Path) -> None:
    """A heading that is a date: 'literal' for the heading must not strip the date inside it."""
    text = "March 1, 1965\n\nThe delegation arrived on time.\n"
    heading = next(d for d in convert(text, validate=False).decisions if d.kind == "heading")
    path = transcript(tmp_path, text, f'[decisions]\n"{heading.id}" = "literal"\n')
    result = convert_file(path)
    assert result.tree.getroot().find(f".//{TEI}body//{TEI}date") is not None
    assert [d.code for d in result.diagnostics] == ["DECISION-CHOICE"]
    refused = run_cli("decide", str(path), heading.id, "literal")
    assert refused.returncode == 2 and "choose 'head' or 'paragraph', not 'literal'" in refused.stderr


def test_bad_decisions_files_are_clean_errors(tmp_path: Path) -> None:
    path = transcript(tmp_path, BRACKETED_NAME)
    decisions_path(path).write_bytes(b'\xff\xfe[decisions]\n"supplied-or-gloss:lianghu" = "literal"\n')
    not_utf8 = run_cli("convert", str(path))
    assert not_utf8.returncode == 1 and "DECISIONS-TOML" in not_utf8.stderr and "Traceback" not in not_utf8.stderr
    decisions_path(path).write_text(
        'editor = "Jane\\u0001Roe"\n[decisions]\n"supplied-or-gloss:lianghu" = "literal"\n', encoding="utf-8"
    )
    control = run_cli("convert", str(path))
    assert control.returncode == 1 and "DECISIONS-FIELD" in control.stderr and "Traceback" not in control.stderr


def test_a_speaker_called_editor_does_not_clash_with_the_editors_id(tmp_path: Path) -> None:
    text = "Ambassador Pan said the talks went well.\n\n(Editor: I have heard this before.)\n\n" + BRACKETED_NAME
    path = transcript(tmp_path, text, '[decisions]\n"supplied-or-gloss:lianghu" = "literal"\n')
    result = convert_file(path)  # validates: xml:id values stay unique
    root = result.tree.getroot()
    assert root.xpath("//tei:person/@xml:id", namespaces={"tei": TEI[1:-1]}) == ["editor"]  # the speaker …
    changes = root.xpath("//tei:revisionDesc/tei:change/@who", namespaces={"tei": TEI[1:-1]})
    who = changes[-1]
    assert who == "#editor-2"  # … and the editor got another


def test_decide_keeps_the_editors_comments_and_order(tmp_path: Path) -> None:
    path = transcript(tmp_path, WRAPPED)
    written = (
        "# Decisions for the 3 March report.\n"
        'editor = "Jane Roe"\n\n'
        "[decisions]\n"
        "# checked against the scan, p. 3\n"
        f'"{DOUBTFUL_BREAK}" = "one block"\n'
    )
    decisions_path(path).write_text(written, encoding="utf-8")
    assert run_cli("decide", str(path), DOUBTFUL_BREAK, "two blocks").returncode == 0
    text = decisions_path(path).read_text(encoding="utf-8")
    assert text == written.replace('"one block"', '"two blocks"')
    assert run_cli("decide", str(path), DOUBTFUL_BREAK, "--undo", "--editor", "J. Roe").returncode == 0
    text = decisions_path(path).read_text(encoding="utf-8")
    assert "# checked against the scan, p. 3\n" in text and 'editor = "J. Roe"' in text
    assert load_decisions(decisions_path(path)).decisions == {}


BRACKETS = (
    "The plan [16] had been approved, and Ambassador Wen [Lianghu] spoke first. The delegation left at noon "
    "[The delegation was met by the deputy minister. Nothing was signed.] and came back the next day.\n"
)


def test_a_bracket_takes_the_encoding_the_editor_chose_marked_as_theirs(tmp_path: Path) -> None:
    made = {d.id: d for d in convert(BRACKETS, validate=False).decisions}
    long_id = next(identifier for identifier in made if identifier.startswith("long-supplied:"))
    assert made["bracketed-number:16"].chosen.startswith("supplied")
    path = transcript(
        tmp_path,
        BRACKETS,
        'editor = "Jane Roe"\n[decisions]\n'
        f'"bracketed-number:16" = "page break"\n"supplied-or-gloss:lianghu" = "note"\n"{long_id}" = "note"\n',
    )
    result = convert_file(path)  # validates its own output against the project schema and Schematron
    (paragraph,) = body_paragraphs(result.tree)
    assert [(pb.get("n"), pb.get("resp")) for pb in paragraph.iter(f"{TEI}pb")] == [("16", "#editor")]
    notes = [("".join(note.itertext())[:12], note.get("resp")) for note in paragraph.iter(f"{TEI}note")]
    assert notes == [("Lianghu", "#translator #editor"), ("The delegati", "#translator #editor")]
    assert list(paragraph.iter(f"{TEI}supplied")) == []
    assert not result.diagnostics
    assert {d.id: d.chosen for d in result.decisions if d.confidence == "editor"} == {
        "bracketed-number:16": "page break",
        "supplied-or-gloss:lianghu": "note",
        long_id: "note",
    }
    assert to_text(result.tree) == BRACKETS  # the brackets come back as written
    page = next(d for d in result.decisions if d.id == "bracketed-number:16")
    assert page.tei_element.endswith("/tei:p[1]/tei:pb[1]")  # the report points to the editor's element


def test_supplied_number_is_the_reports_name_for_the_supplied_encoding(tmp_path: Path) -> None:
    text = "The talks ended at noon. [7]\n"
    page = next(d for d in convert(text, validate=False).decisions if d.kind == "page")
    assert "supplied number" in page.alternatives
    path = transcript(tmp_path, text)
    assert run_cli("decide", str(path), page.id, "supplied number", "--editor", "Jane Roe").returncode == 0
    assert load_decisions(decisions_path(path)).decisions == {page.id: "supplied"}
    result = convert_file(path)
    (supplied,) = result.tree.getroot().iter(f"{TEI}supplied")
    assert (supplied.text, supplied.get("resp")) == ("7", "#translator #editor")
    assert result.tree.getroot().find(f".//{TEI}body//{TEI}pb") is None


def test_a_page_break_is_offered_only_for_a_folio_number(tmp_path: Path) -> None:
    path = transcript(tmp_path, BRACKETS, '[decisions]\n"supplied-or-gloss:lianghu" = "page break"\n')
    result = convert_file(path)
    (warning,) = result.diagnostics
    assert warning.code == "DECISION-CHOICE"
    assert "'supplied' or 'literal' or 'note'" in warning.message  # what the file could say instead
    refused = run_cli("decide", str(path), "supplied-or-gloss:lianghu", "page break")
    assert refused.returncode == 2 and "'note'" in refused.stderr


def test_a_stale_id_names_the_decision_it_probably_meant(tmp_path: Path) -> None:
    path = transcript(tmp_path, BRACKETS, '[decisions]\n"supplied-or-gloss:liangh" = "note"\n')
    (warning,) = convert_file(path).diagnostics
    assert warning.code == "DECISION-STALE" and "'supplied-or-gloss:lianghu'?" in warning.message


def test_the_editors_pointer_follows_the_editors_id_when_a_speaker_took_it(tmp_path: Path) -> None:
    text = "Ambassador Pan said the talks went well.\n\n(Editor: I have heard this before.)\n\n" + BRACKETS
    path = transcript(tmp_path, text, '[decisions]\n"bracketed-number:16" = "page break"\n')
    result = convert_file(path)  # the Schematron checks every @resp pointer resolves
    (pb,) = result.tree.getroot().iter(f"{TEI}pb")
    assert pb.get("resp") == "#editor-2"


def test_every_report_entry_points_to_its_element_in_the_tei() -> None:
    corpus = Path(__file__).parent.parent / "tei" / "transcripts"
    located = 0
    for path in sorted(corpus.glob("*.txt")):
        result = convert_file(path, validate=False)
        for decision in result.decisions:
            assert decision.tei_element, decision
            (element,) = result.tree.xpath(decision.tei_element, namespaces={"tei": TEI[1:-1]})
            located += 1
            if decision.tei_id:
                assert element.get("{http://www.w3.org/XML/1998/namespace}id") == decision.tei_id
            if decision.kind == "inferred-title":
                assert element.tag == f"{TEI}title" and element.get("type") == "main"
            if decision.kind == "supplied-or-gloss":  # the element the rule made, not its paragraph
                assert (element.tag, "[" + "".join(element.itertext()) + "]") == (f"{TEI}supplied", decision.text)
    assert located > 40


def test_an_editors_element_is_the_one_the_report_points_to(tmp_path: Path) -> None:
    path = transcript(tmp_path, BRACKETS, '[decisions]\n"supplied-or-gloss:lianghu" = "note"\n')
    result = convert_file(path)
    decision = next(d for d in result.decisions if d.id == "supplied-or-gloss:lianghu")
    (note,) = result.tree.xpath(decision.tei_element, namespaces={"tei": TEI[1:-1]})
    assert (note.tag, note.text, decision.tei_id) == (f"{TEI}note", "Lianghu", "note-1")


def test_every_element_gets_the_xpath_that_selects_it_in_any_order() -> None:
    # Paths are made from the ancestors' paths, each made once: the order asked in must not matter.
    tree = parse_xml_file(Path(__file__).parent.parent / "tei" / "1965-02-10-pan-zili-kim-byeong-jik-conversation.xml")
    elements = [element for element in tree.iter() if isinstance(element.tag, str)]
    random.Random(3).shuffle(elements)
    paths = tei_xpaths(elements)
    assert len(set(paths)) == len(elements) > 300
    for element, path in zip(elements, paths, strict=True):
        assert tree.xpath(path, namespaces={"tei": TEI[1:-1]}) == [element], path


# A bracketed given name after a name: the converter reads it as supplied and is not sure.
TWO_ALIKE = "Ambassador Wen [Lianghu] spoke first. Later Ambassador Wen [Lianghu] left.\n"
ONE_MORE_EARLIER = "Consul Wen [Lianghu] arrived. " + TWO_ALIKE
SUPPLIED = "supplied-or-gloss:lianghu"


def _alike_ids(text: str) -> list[str]:
    return [d.id for d in convert(text, validate=False).decisions if d.id.startswith(SUPPLIED)]


def test_decisions_on_the_same_text_are_named_by_the_words_before_them() -> None:
    # As few words as tell them apart.
    assert _alike_ids(TWO_ALIKE) == [f"{SUPPLIED}~after-ambassador-wen", f"{SUPPLIED}~after-later-ambassador-wen"]
    # An occurrence added before the others takes no id of theirs.
    assert _alike_ids(ONE_MORE_EARLIER) == [
        f"{SUPPLIED}~after-consul-wen",
        f"{SUPPLIED}~after-arrived-ambassador-wen",
        f"{SUPPLIED}~after-later-ambassador-wen",
    ]
    # Alike in the words before: the words after; alike in those too (four each way): numbered in order.
    text = (
        "Ambassador Wen [Lianghu] spoke. He met Ambassador Wen [Lianghu] at noon."
        " He met Ambassador Wen [Lianghu] at dusk.\n"
    )
    assert _alike_ids(text) == [
        f"{SUPPLIED}~after-ambassador-wen",
        f"{SUPPLIED}~before-at-noon",
        f"{SUPPLIED}~before-at-dusk",
    ]
    text = "He met Ambassador Wen [Lianghu] and so on and on. He met Ambassador Wen [Lianghu] and so on and on.\n"
    assert _alike_ids(text) == [
        f"{SUPPLIED}~after-he-met-ambassador-wen~1",
        f"{SUPPLIED}~after-he-met-ambassador-wen~2",
    ]


def test_the_words_that_tell_alike_decisions_apart_are_their_own_paragraphs() -> None:
    # A paragraph inserted before another changes none of the ids of the decisions in it.
    second = "Ambassador Wen [Lianghu] left. Later Ambassador Wen [Lianghu] returned.\n"
    before = _alike_ids("The talks ended.\n\n" + second)
    assert before == [f"{SUPPLIED}~after-ambassador-wen", f"{SUPPLIED}~after-later-ambassador-wen"]
    assert _alike_ids("The talks ended.\n\nA new paragraph.\n\n" + second) == before


def test_an_editors_choice_stays_where_it_was_made_when_the_same_text_is_added_before(tmp_path: Path) -> None:
    decisions = f'editor = "Jane Roe"\n[decisions]\n"{SUPPLIED}~after-later-ambassador-wen" = "literal"\n'

    def sentence_kept_as_written(text: str) -> list[str]:
        (paragraph,) = body_paragraphs(convert_file(transcript(tmp_path, text, decisions)).tree)
        return [sentence for sentence in "".join(paragraph.itertext()).split(". ") if "[Lianghu]" in sentence]

    assert sentence_kept_as_written(TWO_ALIKE) == ["Later Ambassador Wen [Lianghu] left."]
    assert sentence_kept_as_written(ONE_MORE_EARLIER) == ["Later Ambassador Wen [Lianghu] left."]


def test_an_id_that_now_stands_for_several_places_is_never_guessed(tmp_path: Path) -> None:
    # Written when the text had one [Lianghu]; or an id numbered by order, as earlier versions made them.
    for stale in (SUPPLIED, f"{SUPPLIED}~2"):
        decisions = f'editor = "Jane Roe"\n[decisions]\n"{stale}" = "literal"\n'
        result = convert_file(transcript(tmp_path, TWO_ALIKE, decisions))
        (warning,) = [d for d in result.diagnostics if d.code.startswith("DECISION-")]
        assert warning.code == "DECISION-AMBIGUOUS"
        assert "2 places" in warning.message and f"'{SUPPLIED}~after-ambassador-wen'" in warning.message
        (paragraph,) = body_paragraphs(result.tree)
        assert "[Lianghu]" not in "".join(paragraph.itertext())  # nothing applied


# A short line without final punctuation (read as a heading) and a signature block (read as the closer).
STRUCTURED = """\
The delegation arrived on Monday and was met at the station by the deputy minister and the staff of the embassy.

Economic Questions

The talks on the grain deliveries went on for two days and ended with an agreement on the plan for the coming year.

Deputy Head of the Department
I. Petrov
"""


def test_a_heading_or_a_closer_takes_the_role_the_editor_chose(tmp_path: Path) -> None:
    decisions = (
        'editor = "Jane Roe"\n[decisions]\n'
        '"heading:economic-questions" = "paragraph"\n'
        '"closer:deputy-head-of-the-department-i-petrov" = "paragraphs"\n'
    )
    before = convert(STRUCTURED, validate=False)
    assert [element.text for element in before.tree.getroot().iter(f"{TEI}head")] == ["Economic Questions"]
    assert before.tree.getroot().find(f".//{TEI}closer") is not None

    result = convert_file(transcript(tmp_path, STRUCTURED, decisions))  # validates its own output
    root = result.tree.getroot()
    assert root.find(f".//{TEI}body//{TEI}head") is None and root.find(f".//{TEI}closer") is None
    texts = ["".join(paragraph.itertext()).strip() for paragraph in body_paragraphs(result.tree)]
    assert "Economic Questions" in texts and any(text.startswith("Deputy Head") for text in texts)
    taken = {d.id: (d.chosen, d.confidence) for d in result.decisions if d.confidence == "editor"}
    assert taken == {
        "heading:economic-questions": ("paragraph", "editor"),
        "closer:deputy-head-of-the-department-i-petrov": ("paragraphs", "editor"),
    }
    assert not [d for d in result.diagnostics if d.code.startswith("DECISION-")]


def test_a_short_paragraph_can_be_made_a_heading_and_roles_are_checked(tmp_path: Path) -> None:
    # Kept as a paragraph (a comma: not a heading by the rules).
    text = (
        "The talks began at noon and went on until late in the evening of the second day of the visit.\n\n"
        "Trade, credits and grain\n\n"
        "The delegation left on Friday morning by train to the capital and was seen off by the minister.\n"
    )
    (decision,) = [d for d in convert(text, validate=False).decisions if d.kind == "short-paragraph"]
    decisions = f'editor = "Jane Roe"\n[decisions]\n"{decision.id}" = "heading"\n'
    result = convert_file(transcript(tmp_path, text, decisions))
    assert [element.text for element in result.tree.getroot().iter(f"{TEI}head")] == ["Trade, credits and grain"]
    wrong = f'[decisions]\n"{decision.id}" = "closer"\n'
    result = convert_file(transcript(tmp_path, text, wrong))
    (warning,) = result.diagnostics
    assert warning.code == "DECISION-CHOICE" and "'paragraph' or 'heading'" in warning.message


def test_review_page_gives_every_decision_id_an_anchor_of_its_own() -> None:
    from encoder.review_page import anchor

    # once every character but letters and digits became "-", and these shared one anchor
    alike = ["omission:word~after-b", "omission:word-after-b", "omission-word:after-b", "omission:word after b"]
    anchors = [anchor(identifier) for identifier in alike]
    assert len(set(anchors)) == len(alike)
    assert anchors[0] == "decision-omission:word~after-b"  # an id as the report writes it is kept as it is
    assert anchors[3] == "decision-omission:word_20_after_20_b"  # a space may not stand in an HTML id
    # the escape character is escaped too, so an escape never reads as a character written
    assert (anchor("a_b"), anchor("a_5f_b")) == ("decision-a_5f_b", "decision-a_5f_5f_5f_b")
    assert not any(character.isspace() for character in anchor("kind:\tx\u00a0y"))
