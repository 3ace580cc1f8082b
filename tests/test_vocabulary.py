"""The closed value lists have one source: the converter's types (encoder/vocabulary.py).

The schema's lists are generated from them, so a value the converter may
build is a value the schema accepts, and a value outside a list is a mypy
error in the converter, not a refused document.
"""

from __future__ import annotations

from conftest import REPO
from lxml import etree

from encoder.pipeline import convert
from encoder.vocabulary import SCHEMA_LISTS, rnc_block, values

RNG = "http://relaxng.org/ns/structure/1.0"


def test_the_compact_schema_holds_the_generated_lists() -> None:
    schema = (REPO / "schema" / "tei-encoder.rnc").read_text(encoding="utf-8")
    assert rnc_block() in schema, "run schema/build.sh: the vocabulary block is stale"


def test_every_list_of_the_xml_schema_is_the_converters_list() -> None:
    grammar = etree.parse(str(REPO / "schema" / "tei-encoder.rng"))
    for name in SCHEMA_LISTS:
        define = grammar.find(f".//{{{RNG}}}define[@name='vocab.{name}']")
        assert define is not None, f"vocab.{name} is not defined in tei-encoder.rng"
        schema_values = tuple(value.text for value in define.iter(f"{{{RNG}}}value"))
        assert schema_values == values(name)


def test_a_redaction_in_an_unlisted_unit_is_still_valid() -> None:
    """'two paragraphs' has no gap/@unit in the list: the gap is kept without an extent."""
    result = convert("The minutes go on. [Translator's note: two paragraphs were not declassified.] Then he left.\n")
    gap = result.tree.find(".//{http://www.tei-c.org/ns/1.0}gap")
    assert gap is not None and gap.get("reason") == "redacted"
    assert gap.get("unit") is None and gap.get("quantity") is None
