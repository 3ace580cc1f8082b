"""What a batch ``convert`` leaves out or does once (issue 12), and that the files are the same for it.

A worker of ``convert`` without ``--report`` or ``--strict`` only counts a
document's decisions, so it neither names them nor looks up their TEI places;
the ``schema/`` folder the ``xml-model`` instructions point to is looked up
once per output folder by the command, not once per document by the workers.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import TRANSCRIPTS
from hypothesis import given, settings
from hypothesis import strategies as st

import encoder.pipeline
import encoder.validation
from encoder.cli import main
from encoder.commands.convert import ConvertJob, ConvertOptions, convert_one
from encoder.inline import romanization
from encoder.line_shapes import TERMINAL, ends_a_sentence
from encoder.overrides import decisions_path
from encoder.pipeline import convert_file, serialize_tree
from encoder.report import Decision
from encoder.serialize import tei_xpaths

SAMPLES = sorted(TRANSCRIPTS.glob("*.txt"))
PLAIN = ConvertOptions(None, "error", None, None, None, None, strict=False)


def _unnamed(decisions: tuple[Decision, ...]) -> list[Decision]:
    """The decisions as recorded: in position order, without id and TEI place."""
    stripped = [replace(decision, id="", tei_element="", tei_id="") for decision in decisions]
    return sorted(stripped, key=lambda decision: (decision.line, decision.col))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem[:24])
def test_decisions_only_counted_give_the_same_tei_and_the_same_decisions(sample: Path) -> None:
    named = convert_file(sample)
    counted = convert_file(sample, decisions_named=False)
    assert serialize_tree(counted.tree) == serialize_tree(named.tree)
    assert counted.doubtful_count == named.doubtful_count
    assert _unnamed(counted.decisions) == _unnamed(named.decisions)
    assert all(decision.id == decision.tei_element == "" for decision in counted.decisions)


def test_a_worker_without_report_or_strict_does_not_place_the_decisions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    placed: list[int] = []

    def counting(elements: list[object]) -> list[str]:
        placed.append(len(elements))
        return tei_xpaths(elements)  # type: ignore[arg-type]

    monkeypatch.setattr(encoder.pipeline, "tei_xpaths", counting)
    job = ConvertJob(SAMPLES[0], tmp_path / "x.xml", PLAIN)
    counted = convert_one(job)
    assert placed == [] and counted.doubtful_count > 0
    reported = convert_one(replace(job, options=replace(PLAIN, keep_decisions=True)))
    strict = convert_one(replace(job, options=replace(PLAIN, strict=True)))
    assert len(placed) == 2 and all(decision.tei_element for decision in reported.decisions)
    assert all(diagnostic.message.endswith("]") for diagnostic in strict.doubtful)  # "… [id]"
    assert counted.data == reported.data == strict.data


def test_an_editors_decisions_apply_when_the_decisions_are_only_counted(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text("Ambassador Wen [Lianghu] spoke first. The [trade] talks were short.\n", encoding="utf-8")
    decisions_path(path).write_text('[decisions]\n"supplied-or-gloss:lianghu" = "literal"\n', encoding="utf-8")
    named = convert_file(path)
    counted = convert_file(path, decisions_named=False)
    assert serialize_tree(counted.tree) == serialize_tree(named.tree)
    assert b"supplied-or-gloss:lianghu: literal" in serialize_tree(counted.tree)


def test_the_schema_folder_is_looked_up_once_per_output_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for sample in SAMPLES:
        (corpus / sample.name).write_bytes(sample.read_bytes())
    before = tmp_path / "before"
    assert main(["convert", str(corpus), "-o", str(before), "-q", "--jobs", "1"]) == 0
    looked_up: list[Path] = []
    original = encoder.validation.schema_dir_for

    def counting(output_path: Path) -> Path:
        looked_up.append(output_path)
        return original(output_path)

    monkeypatch.setattr(encoder.validation, "schema_dir_for", counting)
    after = tmp_path / "after"
    assert main(["convert", str(corpus), "-o", str(after), "-q", "--jobs", "1"]) == 0
    assert len(looked_up) == 1  # five documents, one folder
    for sample in SAMPLES:
        name = f"{sample.stem}.xml"
        assert (after / name).read_bytes() == (before / name).read_bytes()
    assert b'href="schema/tei-encoder.rng"' in (after / f"{SAMPLES[0].stem}.xml").read_bytes()


def test_a_bounded_similarity_is_exact_where_it_reaches_the_threshold() -> None:
    # Every pair of words and two-word names of the corpus: at or above the threshold the
    # score is difflib's own; below it, it stays below (so such a spelling is never chosen).
    words = sorted({word for sample in SAMPLES for word in sample.read_text(encoding="utf-8").split()[:400]})
    names = words[:150] + [f"{first} {second}" for first, second in zip(words[::7], words[3::7], strict=False)]
    reached = 0
    for first in names:
        first_key = romanization.romanization_key(first)
        for second in names[:60]:
            exact = romanization.similarity(first, second)
            bounded = romanization.similarity_reaching(first_key, romanization.romanization_key(second), 0.8)
            if exact >= 0.8:
                reached += 1
                assert bounded == exact
            else:
                assert bounded < 0.8
    assert reached > 60  # not only the identical pairs


def test_the_transcript_is_hashed_once_a_conversion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Its digest goes into the header and into the stamp: made once, for both.
    import encoder.commands.convert
    from encoder.provenance import read_provenance, text_digest

    hashed: list[int] = []

    def counting(text: str) -> str:
        hashed.append(len(text))
        return text_digest(text)

    monkeypatch.setattr(encoder.pipeline, "text_digest", counting)
    monkeypatch.setattr(encoder.commands.convert, "text_digest", counting, raising=False)
    converted = convert_one(ConvertJob(SAMPLES[0], tmp_path / "x.xml", PLAIN))
    assert len(hashed) == 1
    (tmp_path / "x.xml").write_bytes(converted.data)
    assert read_provenance(tmp_path / "x.xml").transcript_sha256 == converted.transcript_digest
    assert converted.transcript_digest == convert_file(SAMPLES[0]).transcript_digest


_ENDINGS = ["", ".", "!", "…", ")", "]", "”", "’", ",", "x", "1", "12", "123", "x/", "x/x/", "/", "٣", "\n", " ", "a"]


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab .,;:!?)]”’…x/19٣\n")), max_size=12),
    st.lists(st.sampled_from(_ENDINGS), max_size=3),
)
def test_ends_a_sentence_is_the_terminal_search(body: str, endings: list[str]) -> None:
    # Read from the last character where that settles it; the same answer as the search.
    text = body + "".join(endings)
    assert ends_a_sentence(text) == (TERMINAL.search(text) is not None)


def test_ends_a_sentence_on_every_line_and_paragraph_of_the_corpus() -> None:
    texts = [piece for sample in SAMPLES for piece in sample.read_text(encoding="utf-8").split("\n")]
    texts += [piece for sample in SAMPLES for piece in sample.read_text(encoding="utf-8").split("\n\n")]
    assert sum(ends_a_sentence(text) for text in texts) > 100
    assert all(ends_a_sentence(text) == (TERMINAL.search(text) is not None) for text in texts)
