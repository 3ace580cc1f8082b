"""The accuracy bench (``bench/accuracy.py``) and the expectations it measures against.

Each unseen transcript has ``NAME.expect.toml`` beside it: what a careful
editor would encode, sign by sign (format in ``fixtures/unseen/README.md``).
The bench is a measure, not a test, so these tests hold only what the
figures rest on: every expectations file is well formed and locates its signs
in its transcript, and the evaluator counts a met, a missed and a reported
decision the way the README says. No corpus is converted here.
"""

from __future__ import annotations

import codecs
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from conftest import REPO
from lxml import etree

UNSEEN = REPO / "tests" / "fixtures" / "unseen"
README = UNSEEN / "README.md"


def _load_bench() -> ModuleType:
    """bench/ is not a package: import the script from its path."""
    spec = importlib.util.spec_from_file_location("bench_accuracy", REPO / "bench" / "accuracy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


accuracy = _load_bench()
HELDOUT = REPO / "tests" / "fixtures" / "heldout"
EXPECTATIONS = sorted([*UNSEEN.glob("*.expect.toml"), *HELDOUT.glob("*.expect.toml")])


def transcript_of(expectations: Path) -> Path:
    return expectations.with_name(expectations.name.removesuffix(".expect.toml") + ".txt")


# --- (a) every expectations file is well formed ----------------------------------------------


def test_every_transcript_has_expectations_and_every_expectation_a_transcript() -> None:
    transcripts = {path.name.removesuffix(".txt") for folder in (UNSEEN, HELDOUT) for path in folder.glob("*.txt")}
    expected = {path.name.removesuffix(".expect.toml") for path in EXPECTATIONS}
    assert sorted(transcripts - expected) == [], "transcripts without NAME.expect.toml"
    assert sorted(expected - transcripts) == [], "NAME.expect.toml without its transcript"


@pytest.mark.parametrize("path", EXPECTATIONS, ids=lambda path: path.name)
def test_expectations_are_well_formed(path: Path) -> None:
    """Parses; has `about`; known classes and fields; every xpath compiles; every `at` is in the transcript."""
    text = accuracy.decode(transcript_of(path).read_bytes())
    expectations = accuracy.load_expectations(path, text)  # raises ExpectationError, naming the entry
    assert expectations.about.strip()
    assert expectations.items, "no [[header]] or [[sign]] entry"
    for item in expectations.items:
        assert item.category in (accuracy.FIELDS if item.kind == "header" else accuracy.CLASSES)
        assert accuracy.locate(text, item.at, item.occurrence) >= 1


def test_classes_and_fields_are_those_of_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    classes = re.findall(r"^\| `([a-z-]+)` \|", readme, flags=re.MULTILINE)
    assert tuple(classes) == accuracy.CLASSES
    block = readme[readme.index('field = "title"') : readme.index("at = ", readme.index('field = "title"'))]
    fields = re.findall(r"[a-z]+", " ".join(line.split("#", 1)[1] for line in block.splitlines() if "#" in line))
    assert tuple(fields) == accuracy.FIELDS


@pytest.mark.parametrize(
    ("toml", "complaint"),
    [
        ('[[sign]]\nclass = "lines"\nat = "ten"\nxpath = "//tei:p"\n', "no `about`"),
        ('about = "x"\n[[sign]]\nclass = "layout"\nat = "ten"\nxpath = "//tei:p"\n', "class 'layout'"),
        ('about = "x"\n[[header]]\nfield = "author"\nat = "ten"\nxpath = "//tei:p"\n', "field 'author'"),
        ('about = "x"\n[[sign]]\nclass = "lines"\nat = "ten"\nxpath = "//tei:p["\n', "does not compile"),
        ('about = "x"\n[[sign]]\nclass = "lines"\nat = "eleven"\nxpath = "//tei:p"\n', "does not occur"),
        ('about = "x"\n[[sign]]\nclass = "lines"\nat = "ten"\noccurrence = 2\nxpath = "//tei:p"\n', "does not occur"),
        ('about = "x"\n[[sign]]\nclass = "lines"\nat = "ten"\nxpath = "//tei:p"\nwhere = 1\n', "unknown keys"),
        ('about = "x"\n[[sign]]\nclass = "lines"\nat = "ten"\nxpath = "//tei:p"\nreport = "yes"\n', "`report`"),
        ('about = "x"\n[[sign]\n', "x.expect.toml"),
    ],
)
def test_a_malformed_expectations_file_is_refused(tmp_path: Path, toml: str, complaint: str) -> None:
    path = tmp_path / "x.expect.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(accuracy.ExpectationError, match=re.escape(complaint)):
        accuracy.load_expectations(path, "The talks began at ten.\n")


def test_transcripts_are_decoded_as_the_converter_reads_them() -> None:
    assert accuracy.decode(b"one\r\ntwo\r\n") == "one\ntwo\n"
    assert accuracy.decode(codecs.BOM_UTF8 + "Kádár".encode()) == "Kádár"
    assert accuracy.decode(codecs.BOM_UTF16_LE + "Đỗ\r\nKōzō".encode("utf-16-le")) == "Đỗ\nKōzō"


def test_at_locates_the_line_of_its_occurrence() -> None:
    text = "Ivanov [Molotov] said\nno\nthat Ivanov [Molotov] left"
    assert accuracy.locate(text, "Ivanov [Molotov]") == 1
    assert accuracy.locate(text, "Ivanov [Molotov]", 2) == 3
    assert accuracy.locate(text, "Ivanov [Molotov]", 3) == 0


# --- (b) the evaluator on a small hand-made tree ---------------------------------------------

TRANSCRIPT = """\
Comrade Weber arrived.
He said "kuaisu" [quickly].
The Worker s Party met.
(Laughter.)
"""
TEI = """\
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><div type="document">
<p>Comrade Weber arrived.</p>
<p>He said <term><q rend="straight">kuaisu</q></term> <gloss rend="bracketed">quickly</gloss>.</p>
<p>The Worker s Party met.</p>
<stage>(Laughter.)</stage>
</div></body></text></TEI>
"""


def sign(category: str, at: str, xpath: str, **extra: object) -> object:
    return accuracy.Expectation("sign", category, at, xpath, **extra)


def result(*decision_lines: int, confidence: str = "medium") -> SimpleNamespace:
    """What the evaluator reads of a ConversionResult: the tree and the review decisions."""
    decisions = [SimpleNamespace(line=line, confidence=confidence) for line in decision_lines]
    return SimpleNamespace(tree=etree.ElementTree(etree.fromstring(TEI)), decisions=decisions)


def outcome(expectation: object, converted: SimpleNamespace | None) -> object:
    [single] = accuracy.evaluate(converted, [expectation], TRANSCRIPT)
    return single


def test_a_met_expectation() -> None:
    met = outcome(
        sign("brackets", '"kuaisu" [quickly]', "//tei:term[.='kuaisu']/following-sibling::tei:gloss"), result()
    )
    assert (met.met, met.line, met.reason) == (True, 2, "")


def test_a_missed_expectation_and_whether_the_report_lists_it() -> None:
    expectation = sign("speech", "(Laughter.)", "//tei:body//tei:sp")
    missed = outcome(expectation, result())
    assert (missed.met, missed.line, missed.reason, missed.reported) == (False, 4, "no match", False)
    listed = outcome(expectation, result(4))
    assert (listed.met, listed.reported) == (False, True)


def test_text_must_equal_the_normalised_string_value_of_a_selected_node() -> None:
    xpath = "//tei:p[2]/tei:gloss"
    assert outcome(sign("brackets", "[quickly]", xpath, text="quickly"), result()).met
    differs = outcome(sign("brackets", "[quickly]", xpath, text="fast"), result())
    assert (differs.met, differs.reason) == (False, "text differs")
    # Whitespace is normalised on both sides.
    assert outcome(sign("lines", "He said", "//tei:p[2]", text="He  said kuaisu\nquickly."), result()).met


def test_report_true_needs_a_decision_on_the_line_of_at() -> None:
    damage = sign("damage", "Worker s", "//tei:p[contains(., 'Worker s')]", report=True)
    assert outcome(damage, result(3)).met
    unreported = outcome(damage, result(1, 2, 4))
    assert (unreported.met, unreported.reason) == (False, "not reported")
    # A "high" decision is certain: the review report leaves it out, so it does not count.
    assert not outcome(damage, result(3, confidence="high")).met


def test_a_boolean_xpath_is_met_when_true() -> None:
    assert outcome(sign("lines", "Comrade Weber", "count(//tei:p) = 3"), result()).met
    false = outcome(sign("lines", "Comrade Weber", "count(//tei:p) = 4"), result())
    assert (false.met, false.reason) == (False, "false")
    assert outcome(sign("speech", "(Laughter.)", "not(//tei:said)"), result()).met


def test_a_refused_document_misses_every_expectation() -> None:
    expectations = [sign("lines", "Comrade Weber", "//tei:p"), sign("speech", "(Laughter.)", "//tei:stage")]
    outcomes = accuracy.evaluate(None, expectations, TRANSCRIPT)
    assert [(o.met, o.reason, o.reported) for o in outcomes] == [(False, "refused", False)] * 2


def test_figures_per_class_and_in_total() -> None:
    expectations = [
        sign("brackets", "[quickly]", "//tei:gloss"),
        sign("brackets", "[quickly]", "//tei:rs"),
        sign("speech", "(Laughter.)", "//tei:stage"),
        accuracy.Expectation("header", "title", "Comrade Weber", "//tei:titleStmt/tei:title"),
    ]
    document = accuracy.DocumentFigures("x.txt", accuracy.evaluate(result(2), expectations, TRANSCRIPT))
    figures = accuracy.summarise([document])
    assert figures["signs"]["total"] == {"met": 2, "expected": 3, "share": 0.6667}
    assert figures["signs"]["by"]["brackets"] == {"met": 1, "expected": 2, "share": 0.5}
    assert figures["header"]["by"]["title"] == {"met": 0, "expected": 1, "share": 0.0}
    # Two misses: the rs on line 2 (a decision there) and the title on line 1 (none).
    assert figures["review"] == {"missed": 2, "reported": 1}
    assert [(m["file"], m["line"], m["reported"]) for m in figures["misses"]] == [
        ("x.txt", 2, True),
        ("x.txt", 1, False),
    ]


# --- (c) lost characters ---------------------------------------------------------------------


def test_lost_characters_count_what_the_round_trip_does_not_give_back() -> None:
    assert accuracy.lost_characters("a b\nc", "abc") == 0  # whitespace is layout, not text
    assert accuracy.lost_characters("agreement[1] was", "agreement1 was") == 2
    assert accuracy.lost_characters("Worker s Party", "Workers") == 5
    assert accuracy.lost_characters("abc", "") == 3
    assert accuracy.lost_characters("abc", "aXbYc") == 0  # added characters are not lost ones


# --- the script end to end, on one tiny document ---------------------------------------------


def test_the_script_prints_and_writes_its_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tiny.txt").write_text("The talks began at ten.\n", encoding="utf-8")
    (tmp_path / "tiny.expect.toml").write_text(
        'about = "One paragraph."\n\n[[sign]]\nclass = "lines"\nat = "The talks"\n'
        "xpath = \"//tei:body//tei:p[normalize-space(.)='The talks began at ten.']\"\n",
        encoding="utf-8",
    )
    accuracy.main([str(tmp_path), "--verbose", "--json", str(tmp_path / "figures.json")])
    printed = capsys.readouterr().out
    assert "corpus: 1 documents, 1 expectations" in printed
    assert "sign decisions encoded as expected" in printed and "lost characters" in printed
    figures = json.loads((tmp_path / "figures.json").read_text(encoding="utf-8"))
    assert figures["documents"] == 1 and figures["signs"]["total"]["expected"] == 1
    assert set(figures) >= {"refused", "signs", "header", "lost_characters", "review", "misses"}
