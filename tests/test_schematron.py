"""The Schematron rules: one test that makes each assert fire, one that it passes.

The firing document for assert ``X`` is tests/schema_cases/invalid-sch-X.xml
(advisory asserts fire on valid-bare-transcript.xml); the passing document is
valid-full-document.xml, on which the assert's rule must have fired (its
context matched) without the assert failing.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import REPO
from lxml import etree

from encoder.errors import Severity
from encoder.safexml import parse_xml_file
from encoder.validation import layers, schemas, single_pass, validate, validate_tree

SCH = "http://purl.oclc.org/dsdl/schematron"
SVRL = "http://purl.oclc.org/dsdl/svrl"
TEI_NS = "http://www.tei-c.org/ns/1.0"
SCHEMATRON = REPO / "schema" / "tei-encoder.sch"
CASES = REPO / "tests" / "schema_cases"
PASSING = CASES / "valid-full-document.xml"
ADVISORY_CASE = CASES / "valid-bare-transcript.xml"

_schema = parse_xml_file(SCHEMATRON).getroot()
ASSERTS = {str(element.get("id")): element for element in _schema.iter(f"{{{SCH}}}assert")}
ADVISORY = {name for name, element in ASSERTS.items() if element.get("role") == "warn"}


def _skeleton_validator() -> etree.XSLT:
    """The Schematron as lxml's ISO skeleton compiles it: a walk per pattern, fired rules recorded."""
    from lxml import isoschematron

    compiled = isoschematron.Schematron(parse_xml_file(SCHEMATRON), store_xslt=True).validator_xslt
    assert compiled is not None
    return etree.XSLT(compiled)


SKELETON = _skeleton_validator()


def firing_case(assert_id: str) -> Path:
    return ADVISORY_CASE if assert_id in ADVISORY else CASES / f"invalid-sch-{assert_id}.xml"


def test_schema_is_xslt1_iso_schematron() -> None:
    assert _schema.tag == f"{{{SCH}}}schema"
    assert _schema.get("queryBinding") == "xslt"


def test_every_assert_has_an_id_and_a_message_that_says_what_to_do() -> None:
    asserts = list(_schema.iter(f"{{{SCH}}}assert"))
    assert len(ASSERTS) == len(asserts)  # ids present and unique
    for element in asserts:
        message = " ".join("".join(element.itertext()).split())
        advice = ("add", "remove", "put", "give", "encode", "write", "check", "keep", "correct")
        assert any(word in message for word in advice), element.get("id")
        assert element.get("role") in (None, "warn")


def test_the_issue_rules_are_all_present() -> None:
    assert set(ASSERTS) >= {
        "folio-ascending",
        "folio-in-range",
        "note-id-unique",
        "note-not-empty",
        "pointer-resolves",
        "when-iso-form",
        "when-calendar",
        "supplied-not-empty",
        "gap-reason",
        "header-title",
        "redaction-note",
    }
    assert {"header-source", "header-date", "header-language"} == ADVISORY


@pytest.mark.parametrize("assert_id", sorted(ASSERTS))
def test_assert_fires(assert_id: str) -> None:
    case = firing_case(assert_id)
    fired = [d for d in validate(case) if d.code == assert_id]
    assert fired, f"{assert_id} did not fire on {case.name}"
    expected = Severity.WARNING if assert_id in ADVISORY else Severity.ERROR
    assert all(d.severity is expected for d in fired)
    assert all(d.line is not None and d.col is not None for d in fired)


@pytest.mark.parametrize("assert_id", sorted(ASSERTS))
def test_assert_passes(assert_id: str) -> None:
    # tei-encoder's validator records no fired rules; the skeleton's does.
    skeleton_report = SKELETON(parse_xml_file(PASSING)).getroot()
    rule = ASSERTS[assert_id].getparent()
    fired_contexts = {e.get("context") for e in skeleton_report.iter(f"{{{SVRL}}}fired-rule")}
    assert rule.get("context") in fired_contexts, "the rule never applied to the document"
    report = schemas.schematron(SCHEMATRON)(parse_xml_file(PASSING)).getroot()
    failed = {e.get("id") for e in report.iter(f"{{{SVRL}}}failed-assert")}
    assert assert_id not in failed


def test_diagnostic_points_at_the_offending_element() -> None:
    case = CASES / "invalid-sch-folio-ascending.xml"
    (diagnostic,) = [d for d in validate(case) if d.code == "folio-ascending"]
    assert diagnostic.source_line is not None and diagnostic.col is not None
    assert diagnostic.source_line[diagnostic.col - 1 :].startswith('<pb n="70" type="folio"/>')
    assert "Folio 70 comes after folio 71" in diagnostic.message


def test_attribute_rules_report_the_element_carrying_the_attribute() -> None:
    case = CASES / "invalid-sch-pointer-resolves.xml"
    (diagnostic,) = [d for d in validate(case) if d.code == "pointer-resolves"]
    assert diagnostic.source_line is not None and diagnostic.col is not None
    assert diagnostic.source_line[diagnostic.col - 1 :].startswith("<supplied")
    assert '"#nobody"' in diagnostic.message


def test_rules_work_on_a_tree_built_in_memory() -> None:
    # The converter validates its tree before writing it: no source, no lines.
    tree = parse_xml_file(PASSING)
    rebuilt = etree.fromstring(etree.tostring(tree))
    for element in rebuilt.iter():
        element.sourceline = 0  # lxml's "unknown"
    notes = rebuilt.findall(".//{http://www.tei-c.org/ns/1.0}note[@place='foot']")
    notes[1].set("{http://www.w3.org/XML/1998/namespace}id", "n1")
    diagnostics = validate_tree(rebuilt, filename="built")
    codes = {d.code for d in diagnostics}
    assert "note-id-unique" in codes
    located = [d for d in diagnostics if d.code == "note-id-unique"]
    assert all(d.line is None and "(at /" in d.message for d in located)


@pytest.mark.parametrize(
    ("when", "valid"),
    [
        ("1965", True),
        ("1965-02", True),
        ("1965-02-10", True),
        ("1964-02-29", True),
        ("2000-02-29", True),
        ("1965-02-10T16:00:00", True),
        ("1965-02-10T16:00:00Z", True),
        ("1900-02-29", False),
        ("1965-13-01", False),
        ("1965-04-31", False),
        ("1965-02-10T24:00:00", False),
        ("65-02-10", False),
        ("1965/02/10", False),
        ("February 1965", False),
    ],
)
def test_when_rules_on_dates(when: str, valid: bool) -> None:
    tree = parse_xml_file(PASSING)
    date = tree.find(".//{http://www.tei-c.org/ns/1.0}creation/{http://www.tei-c.org/ns/1.0}date")
    assert date is not None
    date.set("when", when)
    codes = {d.code for d in validate_tree(tree, filename="t")}
    assert (not codes & {"when-iso-form", "when-calendar"}) == valid, codes


def test_another_implementation_agrees() -> None:
    # jing runs ISO Schematron with Saxon, as editors do, and does not visit
    # attribute nodes. It names no file in its messages, so one run over all
    # cases is compared by the number of failed asserts.
    cases = [*sorted(CASES.glob("*.xml"))]
    completed = subprocess.run(
        ["jing", str(SCHEMATRON), *map(str, cases)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    expected = sum(1 for case in cases for d in validate(case) if d.code in ASSERTS)
    assert expected > len(cases) / 2
    assert completed.stdout.count("assertion failed") == expected, completed.stdout


# The pointers and dates rules apply to every TEI element (a wildcard context
# with a predicate made libxslt quadratic); a list of pointers is split by
# EXSLT and looked up by key. These cases pin the verdicts the rewrite keeps.
@pytest.mark.parametrize(
    ("who", "valid"),
    [
        ("#Pan", True),
        ("#Pan #translator", True),
        ("  #Pan\t#translator  #RR ", True),  # whitespace is normalized first
        ("Pan", True),  # no "#": not a local pointer, not checked
        ("#Pan #nobody", False),
        ("#Pan #Pan", False),  # an item twice: the list names fewer elements than it has items
        ("#Pan translator", False),  # every item of a local list must start with "#"
        ("#Pan #translator#RR", False),
        ("#", False),
    ],
)
def test_pointer_lists(who: str, valid: bool) -> None:
    tree = parse_xml_file(PASSING)
    said = tree.find(".//{http://www.tei-c.org/ns/1.0}said")
    assert said is not None
    said.set("who", who)
    codes = {d.code for d in validate_tree(tree, filename="t")}
    assert ("pointer-resolves" not in codes) == valid, codes


def test_a_list_naming_a_duplicated_id_does_not_resolve() -> None:
    tree = parse_xml_file(PASSING)
    said = tree.find(".//{http://www.tei-c.org/ns/1.0}said")
    persons = tree.findall(".//{http://www.tei-c.org/ns/1.0}person")
    assert said is not None and persons
    said.set("who", "#Pan #translator")
    parent = persons[0].getparent()
    assert parent is not None
    twin = etree.SubElement(parent, "{http://www.tei-c.org/ns/1.0}person")
    twin.set("{http://www.w3.org/XML/1998/namespace}id", "Pan")
    codes = {d.code for d in validate_tree(tree, filename="t")}
    assert "pointer-resolves" in codes


def test_elements_without_pointers_or_dates_pass_those_rules() -> None:
    # The rules now fire on every TEI element: one with neither pointers nor
    # @when must not fail them (a bare <p> is the common case).
    tree = parse_xml_file(PASSING)
    body = tree.find(".//{http://www.tei-c.org/ns/1.0}body")
    assert body is not None
    for element in body.iter():
        for name in ("who", "resp", "target", "ref", "when"):
            element.attrib.pop(name, None)
    report = schemas.schematron(SCHEMATRON)(tree).getroot()
    failed = {e.get("id") for e in report.iter(f"{{{SVRL}}}failed-assert")}
    assert not failed & {"pointer-resolves", "when-iso-form", "when-calendar"}, failed


@pytest.mark.parametrize("seams", [0, 1, 4, 5])
@pytest.mark.parametrize(("number", "ascends"), [("73", True), ("72", False), ("70", False)])
def test_folio_order_is_checked_across_seams(seams: int, number: str, ascends: bool) -> None:
    # The previous folio is looked for among the four nearest page breaks, then
    # in the whole document: both paths must give the same verdict and message.
    tree = parse_xml_file(PASSING)
    last_folio = tree.find(".//{http://www.tei-c.org/ns/1.0}pb[@n='72']")
    assert last_folio is not None
    paragraph = last_folio.getnext()
    assert paragraph is not None
    breaks = [etree.Element(f"{{{TEI_NS}}}pb", ed="transcript", type="seam", cert="low") for _ in range(seams)]
    breaks.append(etree.Element(f"{{{TEI_NS}}}pb", n=number, type="folio"))
    for page_break in reversed(breaks):
        paragraph.insert(0, page_break)
    diagnostics = [d for d in validate_tree(tree, filename="t") if d.code == "folio-ascending"]
    assert (not diagnostics) == ascends, diagnostics
    if not ascends:
        assert f"Folio {number} comes after folio 72" in diagnostics[0].message


def _failures(report: etree._XSLTResultTree) -> list[tuple[str | None, ...]]:
    found = report.getroot().iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report")
    ordered = sorted(found, key=lambda e: int(e.get(single_pass.PATTERN_ORDER) or 0))
    return [(e.get("id"), e.get("role"), e.get("location"), " ".join("".join(e.itertext()).split())) for e in ordered]


@pytest.mark.parametrize(
    "case", [*sorted(CASES.glob("*.xml")), *sorted((REPO / "tei").glob("*.xml"))], ids=lambda path: path.name
)
def test_the_single_walk_finds_what_the_skeleton_finds(case: Path) -> None:
    # Same failures, same locations and messages, in the skeleton's order
    # once sorted by pattern (as layers.schematron reads the report).
    document = parse_xml_file(case)
    assert _failures(schemas.schematron(SCHEMATRON)(document)) == _failures(SKELETON(document))


def test_the_validator_walks_the_document_once() -> None:
    # One template recurses into the children (the skeleton has one per
    # pattern, and walks again in each svrl:active-pattern), and the report
    # records no fired rules.
    from lxml import isoschematron

    skeleton = isoschematron.Schematron(parse_xml_file(SCHEMATRON), store_xslt=True).validator_xslt
    assert skeleton is not None
    rewritten = single_pass.visit_once(skeleton)
    assert rewritten is not None
    xsl = "{http://www.w3.org/1999/XSL/Transform}"

    def walks(stylesheet: etree._ElementTree) -> int:
        return sum(
            1
            for apply in stylesheet.iter(f"{xsl}apply-templates")
            if apply.get("select") in (None, "*|comment()|processing-instruction()")
        )

    assert walks(skeleton) >= 2 * len(list(_schema.iter(f"{{{SCH}}}pattern")))
    # Each node is reached by one walk template (one for the elements some
    # pattern names, one for any other node), which recurses once.
    walk_templates = [t for t in rewritten.getroot().iterchildren(f"{xsl}template") if t.get("mode") == _WALK]
    assert walks(rewritten) == len(walk_templates)
    report = schemas.schematron(SCHEMATRON)(parse_xml_file(PASSING)).getroot()
    assert next(report.iter(f"{{{SVRL}}}fired-rule"), None) is None


_WALK = "visit-every-element-once"


def test_a_pattern_whose_rules_name_their_elements_is_applied_only_to_those() -> None:
    # The folio rule (context tei:pb) is applied at page breaks only, the header's
    # (tei:TEI/tei:teiHeader) at teiHeader only; the pointer and date rules
    # (tei:*) at every node, in the patterns' order, and so is an element no rule names.
    xsl = "{http://www.w3.org/1999/XSL/Transform}"
    stylesheet = schemas._schematron_validator(SCHEMATRON).getroot()
    templates = list(stylesheet.iterchildren(f"{xsl}template"))
    applied = {
        str(t.get("match")): [a.get("mode") for a in t.iter(f"{xsl}apply-templates")][:-1]
        for t in templates
        if t.get("mode") == _WALK
    }
    contexts: dict[str, list[str]] = {}  # pattern mode → its rules' contexts
    for template in templates:
        if str(template.get("mode")).startswith("M") and float(template.get("priority") or 0) >= 1000:
            contexts.setdefault(str(template.get("mode")), []).append(str(template.get("match")))
    header, folios, notes, pointers, dates, editorial = sorted(contexts, key=lambda mode: int(mode[1:]))
    assert contexts[folios] == ["tei:pb"] and contexts[pointers] == contexts[dates] == ["tei:*"]
    assert applied["/|node()"] == [pointers, dates]
    assert applied["tei:pb"] == [folios, pointers, dates]
    assert applied["tei:teiHeader"] == [header, pointers, dates]
    assert applied["tei:note"] == [notes, pointers, dates]
    assert applied["tei:supplied"] == applied["tei:gap"] == [pointers, dates, editorial]


def test_a_rule_whose_asserts_open_with_not_is_applied_only_where_one_can_fail() -> None:
    # The pointer and date rules (context tei:*) write nothing at an element without
    # the attributes their tests begin with: the walk applies them under an xsl:if.
    xsl = "{http://www.w3.org/1999/XSL/Transform}"
    stylesheet = schemas._schematron_validator(SCHEMATRON).getroot()
    (walk,) = (t for t in stylesheet.iterchildren(f"{xsl}template") if t.get("match") == "/|node()")
    guards = {str(apply.get("mode")): apply.getparent().get("test") for apply in walk.iter(f"{xsl}apply-templates")}
    assert sorted(guard for guard in guards.values() if guard) == ["(@ref | @target | @resp | @who)", "(@when)"]


@pytest.mark.parametrize(
    ("test", "operand"),
    [
        ("not(@when) or string-length(@when) = 4", "@when"),
        ("not(@a) or @b and @c", "@a"),
        ("  not(@a)", "@a"),
        ("not(contains(@n, ')')) or @m", "contains(@n, ')')"),
        ('not(@x = ")(") or (@y)', '@x = ")("'),
        ("not(@a) and @b", None),  # fails where @a is absent too
        ("not(@a) = false()", None),
        ("not(@a)or @b", "@a"),
        ("not(@a) ordinal", None),  # a name, not the operator
        ("normalize-space(.) != ''", None),
    ],
)
def test_the_negated_first_operand_is_read_only_from_not_e_or(test: str, operand: str | None) -> None:
    assert single_pass._negated_first_operand(test) == operand


def test_diagnostics_come_pattern_by_pattern_as_before() -> None:
    # In document order: a bad date, an empty supplied (its child), then an
    # empty note; the patterns' order is notes, dates, editorial.
    tree = parse_xml_file(PASSING)
    tei = "{http://www.tei-c.org/ns/1.0}"
    date = tree.find(f".//{tei}body//{tei}date[@when='1965-12-28']")
    note = tree.find(f".//{tei}note[@xml:id='n2']", namespaces={"xml": "http://www.w3.org/XML/1998/namespace"})
    assert date is not None and note is not None
    date.set("when", "1965-13-28")
    supplied = date.find(f"{tei}supplied")
    assert supplied is not None
    supplied.text = ""
    for child in list(note):
        note.remove(child)
    codes = [d.code for d in validate_tree(tree, filename="t") if d.code in ASSERTS]
    assert codes == ["note-not-empty", "when-calendar", "supplied-not-empty"]
    skeleton_codes = [e.get("id") for e in SKELETON(tree).getroot().iter(f"{{{SVRL}}}failed-assert")]
    assert codes == skeleton_codes


def test_a_validator_of_another_shape_is_left_as_it_is() -> None:
    other = etree.ElementTree(
        etree.XML(
            b'<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
            b'<xsl:template match="/"><report/></xsl:template></xsl:stylesheet>'
        )
    )
    assert single_pass.visit_once(other) is None


def test_locations_are_found_without_xpath_as_xpath_finds_them() -> None:
    # layers._Locations groups each parent's children by name once (an XPath
    # per failure counted the siblings before it: seconds for a thousand
    # failures in a big division); it must name the element XPath names.
    tree = parse_xml_file(PASSING)
    tei = "{http://www.tei-c.org/ns/1.0}"
    for element in tree.iter(f"{tei}date", f"{tei}note", f"{tei}supplied"):
        if element.get("when") is not None:
            element.set("when", "1965-13-28")
        else:
            element.text = ""
            for child in list(element):
                element.remove(child)
    body = tree.find(f".//{tei}body")
    assert body is not None
    etree.SubElement(body, "{urn:other}p")  # another namespace, same local name as its siblings
    report = schemas.schematron(SCHEMATRON)(tree).getroot()
    locations = [e.get("location") for e in report.iter(f"{{{SVRL}}}failed-assert")]
    assert len(locations) > 10
    found = layers._Locations(tree)
    for location in [*locations, "/*[local-name()='TEI' and namespace-uri()='urn:x']", "/TEI/@n", "not a path"]:
        assert found.element(location) is layers._node_at(tree, location), location
