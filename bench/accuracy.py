"""Accuracy on unseen transcripts: how many expected editorial decisions come out right.

Converts every ``tests/fixtures/unseen/NAME.txt`` that has ``NAME.expect.toml``
beside it (or those of the directories given) with the full pipeline and
prints, per class and in total:

* the share of sign decisions encoded as expected (``[[sign]]`` entries);
* header-field recall (``[[header]]`` entries), per field;
* documents refused (any exception from ``convert_file``): every expectation
  of a refused document counts as missed;
* lost characters: non-whitespace characters of the transcript missing from
  the round trip of the output;
* review-report coverage: how many of the missed expectations have a
  decision in the review report on the source line of their ``at``.

    python bench/accuracy.py [DIR ...] [--verbose] [--json FILE]

The format of the expectations and the rules of evaluation are in
``tests/fixtures/unseen/README.md``. Targets (issue 7): no document refused, no
character lost, >= 90 % of the sign decisions and >= 95 % of the header fields
as expected, every remaining miss listed in the review report.
"""

from __future__ import annotations

import argparse
import codecs
import difflib
import json
import math
import time
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
UNSEEN = REPO / "tests" / "fixtures" / "unseen"
NS = {"tei": "http://www.tei-c.org/ns/1.0"}

# In the order of the README's tables.
CLASSES = (
    "lines",
    "opening-closing",
    "headings-lists",
    "notes",
    "brackets",
    "speech",
    "pages",
    "inline",
    "damage",
)
FIELDS = (
    "title",
    "date",
    "citation",
    "url",
    "summary",
    "funder",
    "language",
    "translation",
    "resp",
    "credits",
    "residue",
    "repository",
    "idno",
    "locus",
)
# `report` is also read on a [[header]] entry: the README states the rule for every expectation.
_KEYS = {
    "header": {"field", "at", "xpath", "text", "occurrence", "report"},
    "sign": {"class", "at", "xpath", "text", "occurrence", "report"},
}


class ExpectationError(ValueError):
    """An expectations file that does not follow the README's format."""


class _Result(Protocol):
    """What :func:`evaluate` needs of a :class:`encoder.pipeline.ConversionResult`."""

    @property
    def tree(self) -> Any: ...

    @property
    def decisions(self) -> Sequence[Any]: ...


@dataclass(frozen=True, slots=True)
class Expectation:
    """One ``[[header]]`` (kind "header", category = field) or ``[[sign]]`` (kind "sign", category = class)."""

    kind: str
    category: str
    at: str
    xpath: str
    occurrence: int = 1
    text: str | None = None
    report: bool = False


@dataclass(frozen=True, slots=True)
class Expectations:
    about: str
    items: tuple[Expectation, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    expectation: Expectation
    line: int  # of `at` in the decoded transcript; 0 if it does not occur
    met: bool
    reported: bool  # the review report holds a decision on `line`
    reason: str = ""  # why it was missed: "refused", "no match", "text differs", "not reported", "xpath error …"


@dataclass(slots=True)
class DocumentFigures:
    name: str
    outcomes: list[Outcome] = field(default_factory=list)
    refused: str | None = None  # the error, when convert_file raised
    lost: int = 0
    seconds: float = 0.0


# --- reading ---------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """The transcript as the converter reads it: UTF-16 by its BOM, else UTF-8 (BOM optional), LF newlines."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    else:
        text = data.decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def locate(text: str, at: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th occurrence of ``at`` in ``text``; 0 if there is none."""
    start = -1
    for _ in range(occurrence):
        start = text.find(at, start + 1)
        if start < 0:
            return 0
    return text.count("\n", 0, start) + 1


def compile_xpath(expression: str) -> etree.XPath:
    return etree.XPath(expression, namespaces=NS)


def load_expectations(path: Path, text: str | None = None) -> Expectations:
    """Read and check ``NAME.expect.toml``.

    With ``text`` (the decoded transcript), every ``at`` must also occur in it
    as often as its ``occurrence`` says. Raises :class:`ExpectationError`.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ExpectationError(f"{path.name}: {error}") from None
    about = data.get("about")
    if not isinstance(about, str) or not about.strip():
        raise ExpectationError(f"{path.name}: no `about`")
    unknown = set(data) - {"about", "header", "sign"}
    if unknown:
        raise ExpectationError(f"{path.name}: unknown keys {sorted(unknown)}")
    items: list[Expectation] = []
    for kind in ("header", "sign"):
        entries = data.get(kind, [])
        if not isinstance(entries, list):
            raise ExpectationError(f"{path.name}: `{kind}` must be an array of tables ([[{kind}]])")
        for index, entry in enumerate(entries, 1):
            items.append(_expectation(path.name, kind, index, entry, text))
    return Expectations(about, tuple(items))


def _expectation(name: str, kind: str, index: int, entry: Any, text: str | None) -> Expectation:
    where = f"{name}: [[{kind}]] #{index}"
    if not isinstance(entry, dict):
        raise ExpectationError(f"{where}: not a table")
    unknown = set(entry) - _KEYS[kind]
    if unknown:
        raise ExpectationError(f"{where}: unknown keys {sorted(unknown)}")
    key, known = ("field", FIELDS) if kind == "header" else ("class", CLASSES)
    category = entry.get(key)
    if category not in known:
        raise ExpectationError(f"{where}: {key} {category!r} is not one of {', '.join(known)}")
    at, xpath = entry.get("at"), entry.get("xpath")
    if not isinstance(at, str) or not at:
        raise ExpectationError(f"{where}: `at` must be a non-empty string")
    if not isinstance(xpath, str) or not xpath.strip():
        raise ExpectationError(f"{where}: `xpath` must be a non-empty string")
    try:
        compile_xpath(xpath)
    except etree.XPathSyntaxError as error:
        raise ExpectationError(f"{where}: xpath {xpath!r} does not compile: {error}") from None
    occurrence = entry.get("occurrence", 1)
    if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1:
        raise ExpectationError(f"{where}: `occurrence` must be a positive integer")
    expected_text = entry.get("text")
    if expected_text is not None and not isinstance(expected_text, str):
        raise ExpectationError(f"{where}: `text` must be a string")
    report = entry.get("report", False)
    if not isinstance(report, bool):
        raise ExpectationError(f"{where}: `report` must be true or false")
    if text is not None and not locate(text, at, occurrence):
        raise ExpectationError(f"{where}: {at!r} does not occur {occurrence} time(s) in the transcript")
    return Expectation(kind, category, at, xpath, occurrence, expected_text, report)


# --- evaluation ------------------------------------------------------------------------------


def _normalised(value: str) -> str:
    return " ".join(value.split())


def _string_value(node: Any) -> str:
    if isinstance(node, etree._Element):
        return str(node.xpath("string(.)"))
    return str(node)  # attribute and text results are strings already


def _satisfied(tree: Any, expectation: Expectation) -> tuple[bool, str]:
    """Whether the xpath (and ``text``) hold on the tree, and if not, why."""
    try:
        value = compile_xpath(expectation.xpath)(tree)
    except etree.XPathError as error:
        return False, f"xpath error: {error}"
    if isinstance(value, list):
        if not value:
            return False, "no match"
        if expectation.text is None:
            return True, ""
        want = _normalised(expectation.text)
        if any(_normalised(_string_value(node)) == want for node in value):
            return True, ""
        return False, "text differs"
    # A boolean expression, or a number or string read as XPath's boolean() would.
    truth = bool(value) and not (isinstance(value, float) and math.isnan(value))
    return (truth, "") if truth else (False, "false")


def reported_lines(decisions: Iterable[Any]) -> set[int]:
    """Source lines on which the review report holds a decision (the report leaves out "high" ones)."""
    return {decision.line for decision in decisions if getattr(decision, "confidence", "medium") != "high"}


def evaluate(result: _Result | None, expectations: Expectations | Iterable[Expectation], text: str) -> list[Outcome]:
    """Check each expectation on a conversion result; ``None`` stands for a refused document."""
    items = expectations.items if isinstance(expectations, Expectations) else tuple(expectations)
    lines = reported_lines(result.decisions) if result is not None else set()
    outcomes = []
    for expectation in items:
        line = locate(text, expectation.at, expectation.occurrence)
        reported = line in lines
        if result is None:
            outcomes.append(Outcome(expectation, line, False, False, "refused"))
            continue
        met, reason = _satisfied(result.tree, expectation)
        if met and expectation.report and not reported:
            met, reason = False, "not reported"
        outcomes.append(Outcome(expectation, line, met, reported, reason))
    return outcomes


def lost_characters(source: str, round_trip: str) -> int:
    """Non-whitespace characters of ``source`` that the round trip does not give back."""
    want, got = "".join(source.split()), "".join(round_trip.split())
    if want == got:
        return 0
    matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
    return len(want) - sum(block.size for block in matcher.get_matching_blocks())


# --- the corpus ------------------------------------------------------------------------------


def corpus(directories: Sequence[Path]) -> list[Path]:
    """Every transcript with an expectations file beside it."""
    return sorted(
        path
        for directory in directories
        for path in directory.glob("*.txt")
        if path.with_suffix(".expect.toml").is_file()
    )


def measure(path: Path) -> DocumentFigures:
    from encoder.pipeline import convert_file
    from encoder.round_trip import to_text

    text = decode(path.read_bytes())
    expectations = load_expectations(path.with_suffix(".expect.toml"), text)
    figures = DocumentFigures(path.name)
    started = time.perf_counter()
    try:
        result = convert_file(path)
    except Exception as error:  # a refusal of any kind is what is counted
        figures.seconds = time.perf_counter() - started
        message = str(error).splitlines()[0] if str(error) else ""
        figures.refused = f"{type(error).__name__}: {message}"
        figures.outcomes = evaluate(None, expectations, text)
        return figures
    figures.seconds = time.perf_counter() - started
    figures.outcomes = evaluate(result, expectations, text)
    figures.lost = lost_characters(text, to_text(result.tree))
    return figures


def _share(met: int, total: int) -> dict[str, Any]:
    return {"met": met, "expected": total, "share": round(met / total, 4) if total else None}


def _tally(outcomes: list[Outcome], order: Sequence[str]) -> dict[str, Any]:
    by_category: dict[str, dict[str, Any]] = {}
    for category in order:
        selected = [o for o in outcomes if o.expectation.category == category]
        if selected:
            by_category[category] = _share(sum(o.met for o in selected), len(selected))
    return {"total": _share(sum(o.met for o in outcomes), len(outcomes)), "by": by_category}


def summarise(documents: list[DocumentFigures], unreadable: dict[str, str] | None = None) -> dict[str, Any]:
    """All figures as one JSON-ready dictionary."""
    outcomes = [o for document in documents for o in document.outcomes]
    signs = [o for o in outcomes if o.expectation.kind == "sign"]
    header = [o for o in outcomes if o.expectation.kind == "header"]
    missed = [(document.name, o) for document in documents for o in document.outcomes if not o.met]
    return {
        "documents": len(documents),
        "unreadable_expectations": unreadable or {},
        "refused": {d.name: d.refused for d in documents if d.refused},
        "signs": _tally(signs, CLASSES),
        "header": _tally(header, FIELDS),
        "lost_characters": {
            "total": sum(d.lost for d in documents),
            "files": {d.name: d.lost for d in documents if d.lost},
        },
        "review": {
            "missed": len(missed),
            "reported": sum(o.reported for _, o in missed),
        },
        "seconds": round(sum(d.seconds for d in documents), 2),
        "misses": [
            {
                "file": name,
                "line": o.line,
                "kind": o.expectation.kind,
                "category": o.expectation.category,
                "reason": o.reason,
                "reported": o.reported,
                **{k: v for k, v in asdict(o.expectation).items() if k not in {"kind", "category"}},
            }
            for name, o in missed
        ],
    }


def _percent(figure: dict[str, Any]) -> str:
    share = figure["share"]
    shown = "   n/a" if share is None else f"{100 * share:5.1f} %"
    return f"{figure['met']:4d}/{figure['expected']:<4d} {shown}"


def report(figures: dict[str, Any], *, verbose: bool = False) -> str:
    lines = []
    expected = figures["signs"]["total"]["expected"] + figures["header"]["total"]["expected"]
    lines.append(f"corpus: {figures['documents']} documents, {expected} expectations ({figures['seconds']:.1f} s)")
    for name, error in figures["unreadable_expectations"].items():
        lines.append(f"  skipped, expectations unreadable: {name}: {error}")
    refused = figures["refused"]
    lines.append(f"documents refused: {len(refused)}")
    for name, error in refused.items():
        lines.append(f"  {name}: {error}")
    lines.append(f"sign decisions encoded as expected: {_percent(figures['signs']['total'])}")
    for category, figure in figures["signs"]["by"].items():
        lines.append(f"  {category:<16} {_percent(figure)}")
    lines.append(f"header fields encoded as expected: {_percent(figures['header']['total'])}")
    for category, figure in figures["header"]["by"].items():
        lines.append(f"  {category:<16} {_percent(figure)}")
    lost = figures["lost_characters"]
    lines.append(f"lost characters: {lost['total']}")
    for name, count in lost["files"].items():
        lines.append(f"  {name}: {count}")
    review = figures["review"]
    share = f" ({100 * review['reported'] / review['missed']:.1f} %)" if review["missed"] else ""
    lines.append(f"review report lists {review['reported']} of {review['missed']} missed expectations{share}")
    if verbose:
        lines.append("missed:")
        for miss in figures["misses"]:
            category = miss["category"] if miss["kind"] == "sign" else f"header {miss['category']}"
            listed = "in the report" if miss["reported"] else "not in the report"
            lines.append(f"  {miss['file']}:{miss['line']}: {category}: {miss['xpath']} [{miss['reason']}; {listed}]")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("directories", nargs="*", type=Path, default=[UNSEEN], metavar="DIR")
    parser.add_argument("--verbose", action="store_true", help="list every missed expectation")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write all figures as JSON")
    args = parser.parse_args(argv)
    documents, unreadable = [], {}
    for path in corpus(args.directories):
        try:
            documents.append(measure(path))
        except ExpectationError as error:
            unreadable[path.name] = str(error)
    figures = summarise(documents, unreadable)
    print(report(figures, verbose=args.verbose))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
