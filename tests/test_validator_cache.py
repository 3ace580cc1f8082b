"""tei_all without the compile tax: the grammar cut to a document's names, and its disk cache.

The cut grammar must give tei_all's own verdict on every document (the
corpus, the schema test cases, and invented faults of every kind), the
messages of a rejected document must be tei_all's own, and the cache must
survive a changed schema, a corrupt or unwritable folder and racing writers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from encoder.safexml import parse_xml_bytes
from encoder.validation import pruning, schemas, validate
from tests.conftest import REPO, TEI_ALL_RNG, TEI_DIR

SCHEMA_CASES = REPO / "tests" / "schema_cases"
FULL_DOCUMENT = SCHEMA_CASES / "valid-full-document.xml"
NORMALISATION = "<p>Nothing is normalised.</p>"

# Each fault of its own kind, made in a document tei_all accepts.
INVENTED_FAULTS = {
    "unknown element": (NORMALISATION, "<p>Nothing <frobnicate>is</frobnicate> normalised.</p>"),
    "wrong attribute": (NORMALISATION, '<p bogus="x">Nothing is normalised.</p>'),
    "wrong attribute value": ('when="1965-02-10"', 'when="the tenth"'),
    "wrong content order": ("<titleStmt>", "<titleStmt><funder>before the title</funder>"),
    "element from another namespace": (NORMALISATION, '<p>Nothing <x:b xmlns:x="urn:other">is</x:b> normalised.</p>'),
    "TEI element in the wrong place": (NORMALISATION, "<p>Nothing <teiHeader/> normalised.</p>"),
    "text where none is allowed": ("<fileDesc>", "<fileDesc>stray words"),
    "required child missing": ("<publicationStmt>", "<publicationStmt></publicationStmt><!--"),
}


def _with_fault(original: str, replacement: str) -> bytes:
    source = FULL_DOCUMENT.read_text(encoding="utf-8")
    assert original in source
    if replacement.endswith("<!--"):  # drop the element's content up to its end tag
        start = source.index(original)
        end = source.index("</publicationStmt>", start) + len("</publicationStmt>")
        return (source[:start] + replacement.removesuffix("<!--") + source[end:]).encode()
    return source.replace(original, replacement, 1).encode()


def _documents() -> list[tuple[str, bytes]]:
    found = [(path.name, path.read_bytes()) for path in sorted(TEI_DIR.glob("*.xml"))]
    found += [(path.name, path.read_bytes()) for path in sorted(SCHEMA_CASES.glob("*.xml"))]
    found += [(name, _with_fault(*change)) for name, change in INVENTED_FAULTS.items()]
    return found


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test starts with an empty cache folder and no grammar cut in this process."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(schemas.CACHE_ENV, str(folder))
    schemas._pruned_cache.clear()
    schemas._grammar_sources.clear()
    yield folder
    schemas._pruned_cache.clear()
    schemas._grammar_sources.clear()


@pytest.fixture
def whole_grammar_not_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a new process: tei_all not compiled whole (the session's compiled copy comes back afterwards)."""
    monkeypatch.setattr(schemas, "_relaxng_cache", {})


@pytest.fixture(scope="module")
def full_grammar() -> etree._ElementTree:
    return etree.parse(str(TEI_ALL_RNG))


@pytest.mark.parametrize(("name", "source"), _documents(), ids=[name for name, _ in _documents()])
def test_cut_grammar_gives_tei_alls_verdict(
    name: str, source: bytes, full_grammar: etree._ElementTree, tei_all: etree.RelaxNG
) -> None:
    document = parse_xml_bytes(source, name)
    cut = etree.RelaxNG(pruning.prune(full_grammar, pruning.document_names(document)))
    assert cut.validate(document) == tei_all.validate(document)


def test_invented_faults_are_faults(tei_all: etree.RelaxNG) -> None:
    for name, change in INVENTED_FAULTS.items():
        assert not tei_all.validate(parse_xml_bytes(_with_fault(*change), name)), name


@pytest.mark.parametrize("fault", sorted(INVENTED_FAULTS))
def test_messages_and_positions_are_those_of_the_whole_grammar(
    fault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "faulty.xml"
    path.write_bytes(_with_fault(*INVENTED_FAULTS[fault]))
    found = validate(path, schema="tei-all")
    monkeypatch.setattr(schemas, "PRUNE_ABOVE_BYTES", 1 << 40)  # as before: tei_all compiled whole
    whole = validate(path, schema="tei-all")
    assert found == whole
    assert found and all(d.line is not None for d in found), found


@pytest.mark.usefixtures("whole_grammar_not_compiled")
def test_valid_document_does_not_compile_the_whole_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    def whole_grammar(path: Path) -> etree.RelaxNG:
        raise AssertionError(f"{path} compiled whole")

    monkeypatch.setattr(schemas, "relaxng", whole_grammar)
    assert validate(TEI_DIR / "1963-02-20-hao-deqing-andropov-visit.xml", schema="tei-all") == []


@pytest.mark.usefixtures("whole_grammar_not_compiled")
def test_second_run_reads_the_cut_grammar_from_the_cache(private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = TEI_DIR / "1963-02-20-hao-deqing-andropov-visit.xml"
    assert validate(document, schema="tei-all") == []
    entries = list(private_cache.glob("tei_all-*.rng"))
    assert len(entries) == 1
    schemas._pruned_cache.clear()  # as in a new process
    schemas._grammar_sources.clear()

    def no_cutting(grammar: etree._ElementTree, names: object) -> etree._ElementTree:
        raise AssertionError("cut again although cached")

    monkeypatch.setattr(pruning, "prune", no_cutting)
    assert validate(document, schema="tei-all") == []


@pytest.mark.usefixtures("whole_grammar_not_compiled")
def test_same_names_share_an_entry_and_other_names_get_their_own(private_cache: Path) -> None:
    assert validate(FULL_DOCUMENT, schema="tei-all") == []
    assert validate(FULL_DOCUMENT, schema="tei-all") == []
    assert len(list(private_cache.glob("*.rng"))) == 1
    assert validate(TEI_DIR / "1963-02-20-hao-deqing-andropov-visit.xml", schema="tei-all") == []
    assert len(list(private_cache.glob("*.rng"))) == 2


@pytest.mark.usefixtures("whole_grammar_not_compiled")
def test_the_grammar_is_read_and_hashed_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # tei_all is 1.1 MB: reading and hashing it for every document was a quarter of validating one.
    reads: list[Path] = []
    read_bytes = Path.read_bytes

    def counting(path: Path) -> bytes:
        if path.name == TEI_ALL_RNG.name:
            reads.append(path)
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", counting)
    for document in sorted(TEI_DIR.glob("19*.xml")):
        assert validate(document, schema="tei-all") == []
    assert len(reads) == 1


def test_a_changed_schema_is_never_served_from_the_old_entry(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "tei_all.rng"
    copy.write_bytes(TEI_ALL_RNG.read_bytes())
    monkeypatch.setenv(schemas.TEI_ALL_ENV, str(copy))
    assert validate(FULL_DOCUMENT, schema="tei-all") == []
    # The same schema, except that funder may no longer appear in titleStmt.
    changed = TEI_ALL_RNG.read_text(encoding="utf-8").replace('<ref name="funder"/>', "<notAllowed/>")
    assert changed != TEI_ALL_RNG.read_text(encoding="utf-8")
    copy.write_text(changed, encoding="utf-8")
    schemas._pruned_cache.clear()
    schemas._grammar_sources.clear()
    found = validate(FULL_DOCUMENT, schema="tei-all")
    assert any("funder" in d.message for d in found), found
    assert len(list(private_cache.glob("tei_all-*.rng"))) == 2


@pytest.mark.usefixtures("whole_grammar_not_compiled")
def test_corrupt_entry_is_rebuilt(private_cache: Path) -> None:
    document = TEI_DIR / "1963-02-20-hao-deqing-andropov-visit.xml"
    assert validate(document, schema="tei-all") == []
    (entry,) = private_cache.glob("*.rng")
    planted = (
        b"<grammar xmlns='http://relaxng.org/ns/structure/1.0'><include href='http://example.org/x.rng'/></grammar>"
    )
    for garbage in (b"", b"<grammar xmlns='http://relaxng.org/ns/structure/1.0'><start>", b"\x00\xff not xml", planted):
        entry.write_bytes(garbage)
        schemas._pruned_cache.clear()
        schemas._grammar_sources.clear()
        assert validate(document, schema="tei-all") == []
        assert entry.read_bytes() != garbage  # written again, whole


def test_unwritable_cache_costs_time_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(schemas.CACHE_ENV, str(blocker / "cache"))  # cannot be created
    assert validate(TEI_DIR / "1963-02-20-hao-deqing-andropov-visit.xml", schema="tei-all") == []
    faulty = tmp_path / "faulty.xml"
    faulty.write_bytes(_with_fault(*INVENTED_FAULTS["unknown element"]))
    assert any("frobnicate" in d.message for d in validate(faulty, schema="tei-all"))


def test_unwritable_cache_from_the_command_line_gives_no_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    completed = subprocess.run(
        [sys.executable, "-m", "encoder", "validate", "--schema", "tei-all", str(TEI_DIR)],
        capture_output=True,
        text=True,
        env={**_environment(), schemas.CACHE_ENV: str(blocker / "cache")},
        cwd=REPO,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr


def test_racing_writers_leave_one_whole_entry(private_cache: Path) -> None:
    document = TEI_DIR / "1965-02-10-pan-zili-kim-byeong-jik-conversation.xml"
    command = [sys.executable, "-m", "encoder", "validate", "--schema", "tei-all", str(document)]
    environment = {**_environment(), schemas.CACHE_ENV: str(private_cache)}
    racers = [subprocess.Popen(command, cwd=REPO, env=environment, stderr=subprocess.PIPE) for _ in range(4)]
    for racer in racers:
        _, errors = racer.communicate(timeout=300)
        assert racer.returncode == 0, errors
    # The cut grammar, the compiled patterns (encoder.patterns) and dataclass methods
    # (encoder.dataclass_methods), no temporary file left behind.
    assert sorted(p.suffix for p in private_cache.iterdir()) == [".bin", ".bin", ".rng"]
    (entry,) = private_cache.glob("*.rng")
    assert etree.RelaxNG(etree.parse(str(entry))).validate(etree.parse(str(document)))


def _environment() -> dict[str, str]:
    return dict(os.environ)


def test_open_name_classes_are_kept() -> None:
    grammar = etree.ElementTree(
        etree.fromstring(
            b"""<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:a" xmlns:b="urn:b">
              <start><element name="root"><zeroOrMore><choice>
                <ref name="named"/><ref name="prefixed"/><ref name="any"/><ref name="unused"/>
              </choice></zeroOrMore></element></start>
              <define name="named"><element><choice><name>one</name><name>two</name></choice><empty/></element></define>
              <define name="prefixed"><element name="b:three"><empty/></element></define>
              <define name="any"><element><nsName ns="urn:c"/><empty/></element></define>
              <define name="unused"><element name="four"><ref name="only-from-four"/></element></define>
              <define name="only-from-four"><text/></define>
            </grammar>"""
        )
    )
    cut = pruning.prune(grammar, {("urn:a", "root"), ("urn:a", "two"), ("urn:b", "three")})
    text = etree.tostring(cut).decode()
    assert "<name>two</name>" in text and 'name="b:three"' in text and "<nsName" in text
    assert 'name="four"' not in text and "only-from-four" not in text.split("<define")[-1]
    assert 'name="only-from-four"' not in text  # unreachable once four is gone
    compiled = etree.RelaxNG(cut)
    accepted = b'<root xmlns="urn:a"><two/><x:three xmlns:x="urn:b"/><z xmlns="urn:c"/></root>'
    assert compiled.validate(etree.fromstring(accepted))
    assert not compiled.validate(etree.fromstring(b'<root xmlns="urn:a"><three/></root>'))


def test_grammars_reading_other_files_are_not_cut() -> None:
    including = etree.ElementTree(
        etree.fromstring(b'<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="x.rng"/></grammar>')
    )
    assert not pruning.is_prunable(including)
    assert pruning.is_prunable(etree.parse(str(TEI_ALL_RNG)))


def test_small_grammars_compile_whole() -> None:
    document = etree.parse(str(FULL_DOCUMENT))
    assert schemas.pruned_relaxng(schemas.PROJECT_RNG, document) is None


def test_schematron_validator_is_cached_and_follows_the_schematron(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "rules.sch"
    copy.write_bytes(schemas.PROJECT_SCHEMATRON.read_bytes())
    monkeypatch.setattr(schemas, "_schematron_cache", {})
    first = schemas.schematron(copy)
    (entry,) = private_cache.glob("rules-*.xsl")

    def no_compiling(path: Path) -> etree._ElementTree:
        raise AssertionError("compiled again although cached")

    monkeypatch.setattr(schemas, "_schematron_cache", {})
    monkeypatch.setattr(schemas, "_schematron_validator", no_compiling)
    document = etree.parse(str(FULL_DOCUMENT))
    assert str(schemas.schematron(copy)(document)) == str(first(document))

    entry.write_bytes(b"<xsl:stylesheet")  # corrupt: rebuilt, never trusted
    monkeypatch.undo()
    monkeypatch.setenv(schemas.CACHE_ENV, str(private_cache))
    monkeypatch.setattr(schemas, "_schematron_cache", {})
    assert str(schemas.schematron(copy)(document)) == str(first(document))
    assert entry.read_bytes().startswith(b"<?xml")

    copy.write_text(copy.read_text(encoding="utf-8").replace("give every note its own xml:id", "no twins"))
    monkeypatch.setattr(schemas, "_schematron_cache", {})
    schemas.schematron(copy)
    assert len(list(private_cache.glob("rules-*.xsl"))) == 2


@pytest.mark.usefixtures("whole_grammar_not_compiled")
def test_batches_of_varied_documents_use_the_whole_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    documents = sorted(TEI_DIR.glob("*.xml"))[:4]
    name_sets = [pruning.document_names(etree.parse(str(path))) for path in documents]
    assert len(set(name_sets[:3])) == 3
    # Room for two sets of names only: the third compiles the whole grammar.
    monkeypatch.setattr(schemas, "CUT_GRAMMAR_BUDGET", 2)
    whole_compiled: list[Path] = []
    compile_whole = schemas.relaxng

    def counting(path: Path) -> etree.RelaxNG:
        whole_compiled.append(path)
        return compile_whole(path)

    monkeypatch.setattr(schemas, "relaxng", counting)
    for index, path in enumerate(documents):
        assert validate(path, schema="tei-all") == []
        assert len(whole_compiled) == max(0, index - 1), path


@pytest.mark.usefixtures("whole_grammar_not_compiled")
def test_a_big_document_uses_the_cut_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    # The cut grammar validates as fast as the whole one: however big the
    # document, tei_all is not compiled whole (about 5 s) for it.
    source = FULL_DOCUMENT.read_text(encoding="utf-8")
    paragraph = "<p>Nothing <hi>is</hi> <persName>normalised</persName>.</p>"
    big = source.replace(NORMALISATION, paragraph * 20_000, 1).encode()
    document = parse_xml_bytes(big, "big.xml")
    assert sum(1 for _ in document.iter()) > 60_000

    def no_whole_grammar(path: Path) -> etree.RelaxNG:
        raise AssertionError("tei_all compiled whole")

    monkeypatch.setattr(schemas, "relaxng", no_whole_grammar)
    compiled = schemas.pruned_relaxng(TEI_ALL_RNG, document)
    assert compiled is not None and compiled.validate(document)


def test_cut_content_models_hold_no_not_allowed(full_grammar: etree._ElementTree) -> None:
    # libxml2 compiles a content model with notAllowed in it to no automaton
    # and validates it by backtracking, ten times slower: the cut patterns
    # are simplified away, the verdict unchanged (test_cut_grammar_gives_tei_alls_verdict).
    for path in sorted(TEI_DIR.glob("*.xml")):
        cut = pruning.prune(full_grammar, pruning.document_names(etree.parse(str(path))))
        assert next(cut.iter(f"{{{pruning.RELAXNG_NS}}}notAllowed"), None) is None, path.name


def test_simplifying_keeps_the_meaning_of_what_is_left() -> None:
    grammar = etree.ElementTree(
        etree.fromstring(
            b"""<grammar xmlns="http://relaxng.org/ns/structure/1.0">
              <start><element name="list"><group>
                <zeroOrMore><ref name="head"/></zeroOrMore>
                <oneOrMore><group>
                  <oneOrMore><choice><ref name="item"/><ref name="gone"/></choice></oneOrMore>
                  <zeroOrMore><ref name="gone"/></zeroOrMore>
                </group></oneOrMore>
                <optional><group><ref name="item"/><ref name="gone"/></group></optional>
              </group></element></start>
              <define name="head"><element name="head"><text/></element></define>
              <define name="item"><element name="item"><text/></element></define>
              <define name="gone"><element name="gone"><empty/></element></define>
            </grammar>"""
        )
    )
    cut = pruning.prune(grammar, {("", "list"), ("", "item")})
    assert next(cut.iter(f"{{{pruning.RELAXNG_NS}}}notAllowed"), None) is None
    assert {d.get("name") for d in cut.iter(f"{{{pruning.RELAXNG_NS}}}define")} == {"item"}
    compiled = etree.RelaxNG(cut)
    assert compiled.validate(etree.fromstring(b"<list><item/><item/></list>"))
    assert not compiled.validate(etree.fromstring(b"<list/>"))
    assert not compiled.validate(etree.fromstring(b"<list><item/><head/></list>"))


def test_cutting_keeps_values_split_by_comments_and_the_xml_prefix() -> None:
    grammar = etree.ElementTree(
        etree.fromstring(
            b"""<grammar xmlns="http://relaxng.org/ns/structure/1.0">
              <start><element name="root"><attribute name="kind"><choice>
                <value>alpha<!-- a remark -->beta</value><value>gamma</value>
              </choice></attribute><zeroOrMore><element name="xml:odd"><empty/></element></zeroOrMore>
              </element></start>
            </grammar>"""
        )
    )
    present = {("", "root"), ("http://www.w3.org/XML/1998/namespace", "odd")}
    compiled = etree.RelaxNG(pruning.prune(grammar, present))
    assert compiled.validate(etree.fromstring(b'<root kind="alphabeta"><xml:odd/></root>'))
    assert not compiled.validate(etree.fromstring(b'<root kind="alpha"/>'))


def test_a_planted_schematron_entry_cannot_write_files(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schemas, "_schematron_cache", {})
    schemas.schematron(schemas.PROJECT_SCHEMATRON)
    (entry,) = private_cache.glob("tei-encoder-*.xsl")
    target = tmp_path / "written-by-the-stylesheet.txt"
    entry.write_text(
        '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"'
        ' xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">'
        f'<xsl:template match="/"><exsl:document href="{target.as_uri()}">x</exsl:document><r/></xsl:template>'
        "</xsl:stylesheet>",
        encoding="utf-8",
    )
    monkeypatch.setattr(schemas, "_schematron_cache", {})
    with pytest.raises(etree.XSLTApplyError):
        schemas.schematron(schemas.PROJECT_SCHEMATRON)(etree.parse(str(FULL_DOCUMENT)))
    assert not target.exists()


def test_a_schemas_path_is_resolved_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # Path.resolve() costs an lstat per folder of the path; each document used to pay it three times.
    tree = parse_xml_bytes(FULL_DOCUMENT.read_bytes(), str(FULL_DOCUMENT))
    validate(tree)
    resolved: list[Path] = []
    original = Path.resolve

    def counting(self: Path, strict: bool = False) -> Path:
        resolved.append(self)
        return original(self, strict)

    monkeypatch.setattr(Path, "resolve", counting)
    assert validate(tree) == validate(tree)
    assert resolved == []


def test_a_relative_schema_path_follows_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for folder, start in (("one", "grammar"), ("two", "other")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "s.rng").write_text(
            f'<element name="{start}" xmlns="http://relaxng.org/ns/structure/1.0"><empty/></element>'
        )
    for folder, start in (("one", "grammar"), ("two", "other")):
        monkeypatch.chdir(tmp_path / folder)
        assert schemas.relaxng(Path("s.rng")).validate(etree.ElementTree(etree.Element(start)))
