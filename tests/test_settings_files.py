"""The settings files' checks (the pydantic models of encoder.settings, their problems
placed by encoder.toml_files): each problem in the file's words.

The messages are pydantic's and the models' own checks, which editors and
their searches know. One line per case: the file, what it says, and the first
diagnostic, ``line:col`` included.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from encoder.edition import edition_from_table
from encoder.errors import InputError
from encoder.header import Sidecar, sidecar_from_table
from encoder.overrides import DecisionsFile, decisions_from_table
from encoder.toml_files import model_from_toml

Reader = Callable[[dict[str, object]], object]

SIDECAR, EDITION, DECISIONS = sidecar_from_table, edition_from_table, decisions_from_table
P = 'publisher = "P"\n'  # what every edition.toml says
# (reader, file, where: "line:col" or "" for the whole file, the message's start)
CASES: list[tuple[Reader, str, str, str]] = [
    (SIDECAR, 'titel = "T"', "1:9", "titel: Extra inputs are not permitted"),
    (SIDECAR, "title = 1", "1:9", "title: Input should be a valid string"),
    (SIDECAR, "title = 2020-01-01", "1:9", "title: Input should be a valid string"),
    (SIDECAR, 'title = "  "', "1:9", "title: the value is empty: write it, or remove the line"),
    (SIDECAR, 'title = "a\\u0001b"', "1:11", "title: character U+0001 cannot appear in XML"),
    (SIDECAR, 'date = "soon"', "1:8", "date: 'soon' is not a date tei-encoder can read"),
    (SIDECAR, 'url = "http://["', "1:7", "url: 'http://[' is not a valid URI"),
    (SIDECAR, 'url = ""', "1:7", "url: the value is empty"),  # the first check that fails, only
    (SIDECAR, 'original_language = "x"', "1:21", "original_language: Input should be a valid list"),
    (SIDECAR, 'translated_by = ["A", 1]', "1:17", "translated_by.1: Input should be a valid string"),
    (SIDECAR, 'obtained_by = [""]', "1:15", "obtained_by: the value is empty"),
    (SIDECAR, "zzz = 1\ntitle = 2", "2:9", "title: Input should be a valid string"),  # fields first, then other keys
    (EDITION, "", "", "publisher: Field required"),
    (EDITION, P + 'availability = "open"', "2:16", "availability: Input should be 'free', 'restricted' or 'unknown'"),
    (EDITION, P + 'licence-url = "x"', "2:15", "licence-url: must be an http(s) URL without spaces"),
    (EDITION, P + 'licence_url = "x"', "2:15", "licence_url: must be an http(s) URL"),  # as the file spells it
    (EDITION, P + 'max-input-size = "lots"', "2:18", "max-input-size: 'lots' is not a size"),
    (EDITION, P + "max-input-size = 0", "2:18", "max-input-size: must be at least 1 byte"),
    # A whole number written as a float is read as one, then checked.
    (EDITION, P + "max-input-size = 0.0", "2:18", "max-input-size: must be at least 1 byte"),
    (EDITION, P + "max-input-size = 1.5", "2:18", "max-input-size: Input should be a valid integer, got a number with"),
    (EDITION, P + "max-input-size = inf", "2:18", "max-input-size: Input should be a finite number"),
    # A yes/no is no size (pydantic took true for 1 byte).
    (EDITION, P + "max-input-size = true", "2:18", "max-input-size: Input should be a valid integer"),
    (EDITION, P + 'register = "../r.xml"', "2:12", "register: must be an .xml file in the edition's folder or below"),
    (DECISIONS, 'editor = ""', "1:10", "editor: the editor's name must be a non-empty name without control characters"),
    (DECISIONS, "decisions = []", "1:13", "decisions: Input should be a valid dictionary"),
    (DECISIONS, '[decisions]\n"a" = 1', "", "decisions.a: Input should be a valid string"),
]


@pytest.mark.parametrize(("read", "text", "where", "message"), CASES)
def test_a_value_that_does_not_fit_is_blamed_at_its_place(read: Reader, text: str, where: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        model_from_toml(text, "f.toml", read, toml_code="T", field_code="F")
    place = f"f.toml:{where}" if where else "f.toml"
    assert raised.value.diagnostics[0].format().startswith(f"{place}: error: F: {message}")


def test_every_problem_of_a_file_is_reported() -> None:
    text = 'funder = "X"\nsummary = 3\nfoo = 1\nbar = 2'
    with pytest.raises(InputError) as raised:
        model_from_toml(text, "f.toml", sidecar_from_table, toml_code="T", field_code="F")
    assert [diagnostic.format().split(": F: ")[1] for diagnostic in raised.value.diagnostics] == [
        "summary: Input should be a valid string",
        "foo: Extra inputs are not permitted",
        "bar: Extra inputs are not permitted",
    ]


def test_values_that_fit_are_read_with_either_spelling_of_a_key() -> None:
    text = 'publisher = "P"\nidentifier_base = "https://x.org/"\nmax-input-size = "1KB"\nregister = "sub/r.xml"'
    edition = model_from_toml(text, "f.toml", edition_from_table, toml_code="T", field_code="F")
    assert (edition.identifier_base, edition.max_input_size, edition.register_file) == (
        "https://x.org/",
        1000,
        "sub/r.xml",
    )
    assert edition.availability == "unknown" and edition.identifier("d") == "https://x.org/d"
    sidecar = model_from_toml('translated_by = ["A", "B"]', "f.toml", sidecar_from_table, toml_code="T", field_code="F")
    assert sidecar == Sidecar(translated_by=["A", "B"]) and sidecar.given() == {"translated_by": ["A", "B"]}
    decisions = model_from_toml('[decisions]\n"a" = "b"', "f.toml", decisions_from_table, toml_code="T", field_code="F")
    assert decisions == DecisionsFile(decisions={"a": "b"})
