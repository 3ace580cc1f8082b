"""The Schematron's shortcuts give the verdicts of the rules as written.

Each shortcut makes the compiled validator do less: the id keys index the
xml:id attributes rather than test every element, the walk asks once whether an
element has any attribute before the guards that look for particular ones, and
a rule reached only under its guard no longer tests that guard again. Each test
here checks that a shortcut is in place and that the validator with it reports
what lxml's ISO skeleton (no rewrite at all) reports: the same asserts, at the
same elements, with the same messages, in the same order.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import REPO
from lxml import etree

from encoder.safexml import parse_xml_file
from encoder.validation import schemas, single_pass

SCHEMATRON = REPO / "schema" / "tei-encoder.sch"
PASSING = REPO / "tests" / "schema_cases" / "valid-full-document.xml"
SVRL = "http://purl.oclc.org/dsdl/svrl"
XSL = "http://www.w3.org/1999/XSL/Transform"
TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
WALK = "visit-every-element-once"


def _skeleton(schematron: Path) -> etree.XSLT:
    from lxml import isoschematron

    compiled = isoschematron.Schematron(parse_xml_file(schematron), store_xslt=True).validator_xslt
    assert compiled is not None
    return etree.XSLT(compiled)


def _rewritten(schematron: Path) -> etree.XSLT:
    return etree.XSLT(schemas._schematron_validator(schematron))


def _failures(report: etree._XSLTResultTree) -> list[tuple[str | None, ...]]:
    # As layers.schematron reads a report: pattern by pattern, each in document order.
    found = report.getroot().iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report")
    ordered = sorted(found, key=lambda e: int(e.get(single_pass.PATTERN_ORDER) or 0))
    return [(e.get("id"), e.get("role"), e.get("location"), " ".join("".join(e.itertext()).split())) for e in ordered]


def _with_ids_pointers_and_dates(seed: int) -> etree._ElementTree:
    """The passing document with ids moved, doubled and tripled (on TEI and foreign
    elements), pointers and dates of every shape, and elements without attributes."""
    rng = random.Random(seed)
    tree = parse_xml_file(PASSING)
    elements = [e for e in tree.iter() if isinstance(e.tag, str)]
    ids = [str(e.get(XML_ID)) for e in elements if e.get(XML_ID)]
    pointers = ["", " ", "#", "#nobody", "noHash", "#a b", *(f"#{i}" for i in ids)]
    pointers += [f"#{a} #{b}" for a, b in zip(ids, reversed(ids), strict=True)] + [f"  #{ids[0]}\t#{ids[-1]} "]
    dates = ["1965", "1965-02-10", "1965-02-30", "1964-02-29", "1965-13-01", "1965-02-10T24:00:00", "1965/02/10", ""]
    for _ in range(40):
        element = rng.choice(elements)
        choice = rng.randrange(5)
        if choice == 0:
            element.set(rng.choice(["ref", "target", "resp", "who"]), rng.choice(pointers))
        elif choice == 1:
            element.set("when", rng.choice(dates))
        elif choice == 2:
            element.set(XML_ID, rng.choice(ids))  # an id on two or three elements
        elif choice == 3:
            foreign = etree.SubElement(element, "{urn:example:other}mark")
            foreign.set(XML_ID, rng.choice([*ids, "only-here"]))
            foreign.set(rng.choice(["when", "ref"]), rng.choice(dates + pointers))
        else:
            element.attrib.clear()
    return tree


def test_the_id_keys_index_the_attributes() -> None:
    # libxslt built a key on *[@xml:id] by testing the predicate at every element.
    stylesheet = schemas._schematron_validator(SCHEMATRON).getroot()
    keys = {str(key.get("name")): key.get("match") for key in stylesheet.iterchildren(f"{{{XSL}}}key")}
    assert keys == {"element-by-id": "@xml:id", "element-by-pointer": "@xml:id"}


def test_ids_counted_by_attribute_give_the_counts_of_elements(tmp_path: Path) -> None:
    # The rules as they were, with element keys, against the rules as they are: an
    # element has one xml:id at most, so "carried by 3 elements" stays 3.
    text = SCHEMATRON.read_text(encoding="utf-8")
    by_attribute = (
        '<xsl:key name="element-by-id" match="@xml:id" use="."/>',
        """<xsl:key name="element-by-pointer" match="@xml:id" use="concat('#', .)"/>""",
    )
    by_element = (
        '<xsl:key name="element-by-id" match="*[@xml:id]" use="@xml:id"/>',
        """<xsl:key name="element-by-pointer" match="*[@xml:id]" use="concat('#', @xml:id)"/>""",
    )
    for now, before in zip(by_attribute, by_element, strict=True):
        assert text.count(now) == 1
        text = text.replace(now, before)
    element_keys = tmp_path / "element-keys.sch"
    element_keys.write_text(text, encoding="utf-8")
    now_validator, before_validator = _skeleton(SCHEMATRON), _skeleton(element_keys)
    tree = parse_xml_file(PASSING)
    note = next(note for note in tree.iter(f"{{{TEI}}}note") if note.get(XML_ID))
    for element in list(tree.iter(f"{{{TEI}}}p"))[:2]:
        element.set(XML_ID, str(note.get(XML_ID)))
    tripled = _failures(now_validator(tree))
    assert any("is carried by 3 elements" in str(failure[3]) for failure in tripled), tripled
    assert tripled == _failures(before_validator(tree))
    for seed in range(30):
        document = _with_ids_pointers_and_dates(seed)
        assert _failures(now_validator(document)) == _failures(before_validator(document)), seed


@pytest.mark.parametrize("seed", range(40))
def test_the_rewritten_validator_reports_what_the_skeleton_reports(seed: int) -> None:
    document = _with_ids_pointers_and_dates(seed)
    assert _failures(_rewritten_project(document)) == _failures(_SKELETON(document))


_SKELETON = _skeleton(SCHEMATRON)
_rewritten_project = _rewritten(SCHEMATRON)


def test_a_rule_reached_only_under_its_guard_does_not_test_it_again() -> None:
    # The pointer and date rules are applied only where their attributes are; their
    # tests no longer open with not(@ref | …) and not(@when).
    stylesheet = schemas._schematron_validator(SCHEMATRON).getroot()
    tests = [
        str(when.get("test"))
        for template in stylesheet.iterchildren(f"{{{XSL}}}template")
        if template.get("match") == "tei:*"
        for when in template.iter(f"{{{XSL}}}when")
    ]
    assert len(tests) == 3
    assert not any(test.lstrip().startswith("not(@") for test in tests), tests
    # The report still quotes the assert's test as written.
    quoted = [
        str(failure.get("test"))
        for template in stylesheet.iterchildren(f"{{{XSL}}}template")
        if template.get("match") == "tei:*"
        for failure in template.iter(f"{{{SVRL}}}failed-assert")
    ]
    opening = ["not(@ref | @target | @resp | @who)", "not(@when)", "not(@when)"]
    assert [test.split(" or ")[0] for test in quoted] == opening


def test_guards_that_ask_for_attributes_wait_for_an_element_with_one() -> None:
    stylesheet = schemas._schematron_validator(SCHEMATRON).getroot()
    walks = [t for t in stylesheet.iterchildren(f"{{{XSL}}}template") if t.get("mode") == WALK]
    assert walks
    for walk in walks:
        (any_attribute,) = (child for child in walk if child.get("test") == "@*")
        assert [guard.get("test") for guard in any_attribute] == ["(@ref | @target | @resp | @who)", "(@when)"]


def _schematron(tmp_path: Path, rule: str) -> Path:
    path = tmp_path / "rules.sch"
    path.write_text(
        '<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt">'
        '<sch:ns prefix="t" uri="urn:t"/>'
        f'<sch:pattern id="only"><sch:rule context="t:*">{rule}</sch:rule></sch:pattern>'
        "</sch:schema>",
        encoding="utf-8",
    )
    return path


DOCUMENT = b"""<t:doc xmlns:t="urn:t"><t:a/><t:b a="1"/><t:c b="1"><t:p/></t:c><t:d a="1" b="2"/>
<!-- no attributes here --><?pi data?><t:e><t:p/><t:p/></t:e><t:f forbidden=""/></t:doc>"""


@pytest.mark.parametrize(
    ("rule", "fired"),
    [
        # Two conditions: at <c b> the first assert's not(@a) is true and must stay in its test.
        (
            '<sch:assert id="one" test="not(@a) or @a = 2">a</sch:assert>'
            '<sch:assert id="two" test="not(@b) or @b = 2">b</sch:assert>',
            ["one", "two", "one"],
        ),
        # A guard that asks for children, not attributes: elements without any attribute still meet it.
        ('<sch:assert id="children" test="not(t:p) or count(t:p) = 1">p</sch:assert>', ["children"]),
        # not(E) alone fails wherever E holds.
        ('<sch:assert id="forbidden" test="not(@forbidden)">f</sch:assert>', ["forbidden"]),
    ],
)
def test_guards_of_other_shapes_keep_their_verdicts(tmp_path: Path, rule: str, fired: list[str]) -> None:
    schematron = _schematron(tmp_path, rule)
    document = etree.ElementTree(etree.fromstring(DOCUMENT))
    rewritten = _failures(_rewritten(schematron)(document))
    assert [failure[0] for failure in rewritten] == fired
    assert rewritten == _failures(_skeleton(schematron)(document))


def test_only_guards_made_of_attribute_tests_are_put_under_one_test_of_any_attribute(tmp_path: Path) -> None:
    schematron = _schematron(tmp_path, '<sch:assert id="children" test="not(t:p) or count(t:p) = 1">p</sch:assert>')
    stylesheet = schemas._schematron_validator(schematron).getroot()
    assert not [element for element in stylesheet.iter(f"{{{XSL}}}if") if element.get("test") == "@*"]


BEFORE = REPO / "tests" / "schematron_before" / "tei-encoder-with-lets.sch"  # each shape compared in turn
# Values whose '|' or 'x' could make a list of shapes match where no shape does.
SHAPE_EDGES = ["1965|02", "1965|1965-02", "|1965", "1965|", "1965-02-10|", "x", "0000x", "1965-02x", "||", "|", "1965"]
SHAPE_EDGES += ["1965-02-10T16:00:00Z|1965", "1965-02-10T16:00:00+09:00", "1965-02-10T16:00:00-09:00x", "", " 1965 "]


def test_a_date_is_checked_against_the_list_of_shapes_as_against_each_shape() -> None:
    tree = parse_xml_file(PASSING)
    paragraphs = list(tree.iter(f"{{{TEI}}}p"))
    for index, value in enumerate(SHAPE_EDGES):
        paragraphs[index % len(paragraphs)].insert(0, etree.Element(f"{{{TEI}}}date", when=value))
    now = _failures(_rewritten_project(tree))
    assert [failure[0] for failure in now].count("when-iso-form") == len(SHAPE_EDGES) - 3  # three are shapes
    assert now == _failures(_skeleton(BEFORE)(tree))


def test_the_folio_rule_steps_back_only_as_far_as_it_must(tmp_path: Path) -> None:
    # The four steps back taken from every page break, as the rule was written before,
    # against steps taken only from a numbered folio and past what is not one.
    text = SCHEMATRON.read_text(encoding="utf-8")
    numbered = "[not(@type = 'folio' and string(number(@n)) != 'NaN')]"
    now = [
        """<sch:let name="pb-1" value="self::*[$numbered-folio]/preceding::tei:pb[1]"/>""",
        *(f"""<sch:let name="pb-{n}" value="$pb-{n - 1}{numbered}/preceding::tei:pb[1]"/>""" for n in (2, 3, 4)),
    ]
    before = [
        """<sch:let name="pb-1" value="preceding::tei:pb[1]"/>""",
        *(f"""<sch:let name="pb-{n}" value="$pb-{n - 1}/preceding::tei:pb[1]"/>""" for n in (2, 3, 4)),
    ]
    for current, previous in zip(now, before, strict=True):
        assert text.count(current) == 1, current
        text = text.replace(current, previous)
    four_steps = tmp_path / "four-steps.sch"
    four_steps.write_text(text, encoding="utf-8")
    validator_before = _skeleton(four_steps)
    rng = random.Random(7)
    fired = 0
    for _ in range(60):
        tree = parse_xml_file(PASSING)
        paragraphs = list(tree.iter(f"{{{TEI}}}p"))
        for _ in range(rng.randint(1, 12)):
            kind = rng.choice(["folio", "folio", "seam", "page", None])
            page_break = etree.Element(f"{{{TEI}}}pb", n=rng.choice(["60", "70", "71", "72", "73", "80", "x", ""]))
            if kind is not None:
                page_break.set("type", kind)
            paragraph = rng.choice(paragraphs)
            paragraph.insert(rng.randint(0, len(paragraph)), page_break)
        failures = _failures(_rewritten_project(tree))
        fired += sum(failure[0] == "folio-ascending" for failure in failures)
        assert failures == _failures(validator_before(tree))
    assert fired > 20


ODD_IDS = ["a", "a b", "#a", "", " a"]
ODD_POINTERS = ["a", "#a", "##a", "#a b", "#", "# ", "#a #a", "#nobody", " #a ", "#a\t# a", "#a b #a", "#  a"]


@pytest.mark.parametrize("odd_id", ODD_IDS)
def test_a_single_pointer_looked_up_whole_resolves_as_its_id_did(odd_id: str) -> None:
    # The pointer test looks a value without a space up in element-by-pointer ('#' and
    # the id) before it asks whether the value starts with '#'; the rules as they were
    # looked its id up in element-by-id after that question.
    tree = parse_xml_file(PASSING)
    paragraphs = list(tree.iter(f"{{{TEI}}}p"))
    paragraphs[0].set(XML_ID, odd_id)
    for index, pointer in enumerate(ODD_POINTERS):
        name = etree.SubElement(paragraphs[1 + index % (len(paragraphs) - 1)], f"{{{TEI}}}persName")
        name.set(["ref", "target", "resp", "who"][index % 4], pointer)
    now = _failures(_rewritten_project(tree))
    assert any(failure[0] == "pointer-resolves" for failure in now)
    assert now == _failures(_skeleton(BEFORE)(tree))
