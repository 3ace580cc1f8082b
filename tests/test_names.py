"""Persons, places, organisations and dates in running text (encoder/inline/names.py and its rules).

Every text here is invented. Without a register (these tests give none unless
they say so) names are found by rules alone and carry no @ref.
"""

from __future__ import annotations

import re

import pytest
from lxml import etree

from encoder.overrides import DecisionsFile
from encoder.pipeline import convert, convert_source
from encoder.reading import read_text
from encoder.registers import Entry, Register
from encoder.round_trip import normalize_whitespace, to_text

TEI = "{http://www.tei-c.org/ns/1.0}"
NS = {"tei": TEI[1:-1]}


def body_of(tree: etree._ElementTree) -> str:
    """The document div's paragraphs, serialized without the namespace."""
    paragraphs = tree.xpath("/tei:TEI/tei:text/tei:body/tei:div/tei:p", namespaces=NS)
    text = "".join(etree.tostring(p, encoding=str, with_tail=False) for p in paragraphs)
    return text.replace(' xmlns="http://www.tei-c.org/ns/1.0"', "")


def marked(text: str, register: Register | None = None) -> str:
    result = convert_source(read_text(text, "invented.txt"), register=register)
    return body_of(result.tree)


# (transcript, an element the body must hold); recognition by rules alone.
RECOGNISED = [
    # persons: a role before a name, a role of several words, a completion inside, initials, a Korean name
    ("Then Comrade Oh Tae-seong spoke.", "<persName><roleName>Comrade</roleName> Oh Tae-seong</persName>"),
    ("Vice Premier Wu Lanfeng received us.", "<persName><roleName>Vice Premier</roleName> Wu Lanfeng</persName>"),
    (
        "Ambassador Ferenc [Halmos] replied.",
        '<persName><roleName>Ambassador</roleName> Ferenc <supplied reason="clarification" '
        'resp="#translator">Halmos</supplied></persName>',
    ),
    ("They met Dr. T. Varga at noon.", "<persName><roleName>Dr.</roleName> T. Varga</persName>"),
    ("Later Kim Seon-ho arrived.", "<persName>Kim Seon-ho</persName>"),
    ("Chairman Tseren's speech was read.", "<persName><roleName>Chairman</roleName> Tseren</persName>"),
    # places: a word for a kind of place after capitalised words
    ("The dam on the Imjin River was finished.", "<placeName>Imjin River</placeName>"),
    ("Floods in North Hamgyong Province were reported.", "<placeName>North Hamgyong Province</placeName>"),
    # organisations: a head noun with words before it or an "of" tail after it
    ("A letter from the Workers' Party of Korea came.", "<orgName>Workers' Party of Korea</orgName>"),
    (
        "The Ministry of Foreign Affairs of the DPRK protested.",
        "<orgName>Ministry of Foreign Affairs of the DPRK</orgName>",
    ),
    ("The Hungarian Socialist Workers' Party replied.", "<orgName>Hungarian Socialist Workers' Party</orgName>"),
    ("He visited the Mongolian Embassy yesterday.", "<orgName>Mongolian Embassy</orgName>"),
    # dates: full, a range in three forms, a month, a bracket-completed year (date_completion)
    ("It was signed on 4 July 1961.", '<date when="1961-07-04">4 July 1961</date>'),
    ("The talks of 10-12 June 1965 ended.", '<date from="1965-06-10" to="1965-06-12">10-12 June 1965</date>'),
    ("From June 10 to 12, 1965 they talked.", '<date from="1965-06-10" to="1965-06-12">June 10 to 12, 1965</date>'),
    (
        "The visit lasted 28 May to 2 June 1965 in all.",
        '<date from="1965-05-28" to="1965-06-02">28 May to 2 June 1965</date>',
    ),
    ("The plan was adopted in June 1965.", '<date when="1965-06">June 1965</date>'),
    (
        "It happened on June 4 [1965].",
        '<date when="1965-06-04">June 4 <supplied reason="date-completion" resp="#translator">1965</supplied></date>',
    ),
]


@pytest.mark.parametrize(("text", "expected"), RECOGNISED, ids=[text for text, _ in RECOGNISED])
def test_a_name_or_date_is_recognised(text: str, expected: str) -> None:
    assert expected in marked(text)


# Capitalised words that are no names, or not names the rules may claim: nothing is tagged.
NOT_NAMES = [
    "The Ambassador to the Soviet Union said nothing.",  # a title with no name after it
    "The Party decided, and Our Embassy agreed.",  # a head noun alone
    "So Far the talks went well.",  # a Korean surname that is an English word, without a hyphenated name
    "The Province was quiet.",  # a place word alone
    "On 1 March Drafting went on.",  # a month is no part of a name
    "Present were Ambassador W. NOWAK1 and others.",  # a name run into a note number: dropped, not cut
    "They met on 12 June and left.",  # a day and a month without a year: which year is not written
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_words_that_are_no_names_stay_text(text: str) -> None:
    body = marked(text)
    assert not re.search(r"<(persName|placeName|orgName)\b", body), body
    assert "<date " not in body


def test_a_range_holds_its_last_day_once() -> None:
    body = marked("The talks of 10-12 June 1965 ended.")
    assert body.count("<date") == 1


def test_the_longest_name_wins_where_rules_overlap() -> None:
    body = marked("Vice Premier Kim Seon-ho spoke.")
    assert "<persName><roleName>Vice Premier</roleName> Kim Seon-ho</persName>" in body
    assert body.count("<persName") == 1


def test_a_name_never_crosses_a_bracket_or_goes_into_a_text_only_element() -> None:
    # The romanization pair is one persName (romanization.py); no rule's name goes inside its reg.
    body = marked("Ambassador Kim Seon-ho [Kim Son Ho] arrived.")
    assert body.count("<persName") == 1
    assert '<reg type="RR">Kim Seon-ho</reg>' in body
    # A register spelling whose bracket would close outside the name crosses the supplied words: no name.
    register = Register.of([Entry("person-seon-ri", "person", ("Seon Ri",))])
    assert "<persName" not in marked("They saw [Seon Ri and his wife] there.", register)


def test_rule_names_are_reported_as_candidates_with_alternatives() -> None:
    result = convert("Comrade Oh Tae-seong spoke about the Imjin River.")
    candidates = {d.id: d for d in result.decisions if d.kind == "name-candidate"}
    person = candidates["name-candidate:comrade-oh-tae-seong"]
    assert person.chosen == "persName"
    assert person.alternatives == ("placeName", "orgName", "literal")
    assert candidates["name-candidate:imjin-river"].chosen == "placeName"


def test_without_a_register_no_name_has_a_ref() -> None:
    result = convert("Comrade Oh Tae-seong met the Workers' Party of Korea in the Imjin River valley.")
    assert result.tree.xpath("//tei:text//*[@ref]", namespaces=NS) == []


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("literal", "<p>The dam on the Imjin River was finished.</p>"),
        ("orgName", "<orgName>Imjin River</orgName>"),
        ("placeName", "<placeName>Imjin River</placeName>"),
        ("place-imjin", '<placeName ref="registers.xml#place-imjin">Imjin River</placeName>'),
    ],
)
def test_an_editors_decision_overrides_the_rule(choice: str, expected: str) -> None:
    register = Register.of([Entry("place-imjin", "place", ("Imjin-gang",))])
    result = convert_source(
        read_text("The dam on the Imjin River was finished.", "invented.txt"),
        editor=DecisionsFile(decisions={"name-candidate:imjin-river": choice}),
        register=register,
    )
    assert expected in body_of(result.tree)
    decision = next(d for d in result.decisions if d.id == "name-candidate:imjin-river")
    assert (decision.chosen, decision.confidence) == (choice, "editor")
    assert not [d for d in result.diagnostics if d.code.startswith("DECISION")]


def test_an_entry_the_register_lacks_is_a_decision_not_applied() -> None:
    result = convert_source(
        read_text("The dam on the Imjin River was finished.", "invented.txt"),
        editor=DecisionsFile(decisions={"name-candidate:imjin-river": "place-nowhere"}),
        register=Register.of([]),
    )
    assert [d.code for d in result.diagnostics if d.code.startswith("DECISION")] == ["DECISION-NOT-APPLIED"]
    assert "<placeName>Imjin River</placeName>" in body_of(result.tree)


ROUND_TRIP = [
    "Comrade Oh Tae-seong [Oh Tae Song] met Vice Premier Wu Lanfeng in North Hamgyong Province.",
    "The Ministry of Foreign Affairs of the DPRK and the Workers’ Party of Korea replied on 10-12 June 1965.",
    "Ambassador Ferenc [Halmos] came in June 1965; [Leonid] Varga left on June 4 [1965].",
]


@pytest.mark.parametrize("text", ROUND_TRIP)
def test_the_round_trip_is_exact_and_the_tei_valid(text: str, tei_all: etree.RelaxNG) -> None:
    register = Register.of(
        [
            Entry("person-oh-tae-seong", "person", ("Oh Tae-seong", "Oh Tae Song")),
            Entry("org-wpk", "org", ("Workers' Party of Korea",)),
            Entry("person-leonid-varga", "person", ("Leonid Varga",)),
        ]
    )
    result = convert_source(read_text(text + "\n", "invented.txt"), register=register)
    assert normalize_whitespace(to_text(result.tree)) == normalize_whitespace(text + "\n")
    assert tei_all.validate(result.tree), tei_all.error_log


def test_names_are_deterministic() -> None:
    text = "Comrade Oh Tae-seong met the Workers' Party of Korea on 10-12 June 1965.\n"
    assert convert(text).to_bytes() == convert(text).to_bytes()


def test_the_names_bench_reads_its_marks_and_prints_figures(capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    from conftest import REPO

    spec = importlib.util.spec_from_file_location("names_bench", REPO / "bench" / "names.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    text, gold = bench.annotated()
    assert "{" not in text and ("persName", "Comrade Pak Seong-cheol") in gold
    assert bench.main() == 0
    printed = capsys.readouterr().out
    assert "rules alone:" in printed and "rules + register:" in printed and "precision" in printed


def test_the_header_summary_gets_its_names_and_dates_and_the_round_trip_keeps_it() -> None:
    text = (
        "Citation:\n\nAn invented record, June 4, 1965, Invented Archive.\n\n"
        "Summary:\n\nComrade Oh Tae-seong visited the Imjin River in June 1965.\n\n"
        "Contents:\n\nTranslation - English\n\nThe talks began.\n"
    )
    result = convert(text)
    (summary,) = result.tree.xpath("//tei:profileDesc/tei:abstract/tei:p", namespaces=NS)
    marked_up = etree.tostring(summary, encoding=str).replace(' xmlns="http://www.tei-c.org/ns/1.0"', "")
    assert "<persName><roleName>Comrade</roleName> Oh Tae-seong</persName>" in marked_up
    assert '<placeName>Imjin River</placeName> in <date when="1965-06">June 1965</date>' in marked_up
    assert normalize_whitespace(to_text(result.tree)) == normalize_whitespace(text)
    candidate = next(d for d in result.decisions if d.id == "name-candidate:comrade-oh-tae-seong")
    assert candidate.line == 7  # reported where the summary says it


def test_a_name_holding_a_suspected_slip_is_left_to_the_slip_report() -> None:
    result = convert("Then Comrade Kim II Sung spoke.")
    assert "<persName" not in body_of(result.tree)
    kinds = {d.kind for d in result.decisions}
    assert "suspected-slip" in kinds and "name-candidate" not in kinds
