"""The hardened parser against the attack files in tests/attacks/.

Every attack must fail fast with a clear diagnostic (or, for XInclude, parse
without being processed), and no byte of /etc/passwd may reach the output,
whether through the parser or through ``tei-encoder validate``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO
from lxml import etree

from encoder.errors import InputError, UnsafeXMLError
from encoder.safexml import parse_xml_bytes, parse_xml_file

ATTACKS = REPO / "tests" / "attacks"
DOCTYPE_ATTACKS = sorted(path for path in ATTACKS.glob("*.xml") if path.name != "xinclude.xml")
# The first line of /etc/passwd on every Unix: the proof of a leak.
PASSWD_MARKERS = ("root:x:0:0", "root:*:0:0", "/bin/sh", "/usr/sbin/nologin")
# Generous: a rejected attack takes milliseconds; an expanded one, minutes.
DEADLINE_SECONDS = 2.0


def test_attack_set_is_complete() -> None:
    names = {path.stem for path in ATTACKS.glob("*.xml")}
    assert names >= {
        "billion-laughs",
        "billion-laughs-utf16",
        "quadratic-blowup",
        "external-entity-file",
        "external-dtd",
        "parameter-entity",
        "network-dtd",
        "xinclude",
    }


@pytest.mark.parametrize("attack", DOCTYPE_ATTACKS, ids=lambda path: path.stem)
def test_doctype_attacks_are_rejected_fast(attack: Path) -> None:
    started = time.monotonic()
    with pytest.raises(UnsafeXMLError) as raised:
        parse_xml_file(attack)
    assert time.monotonic() - started < DEADLINE_SECONDS
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "XML-DOCTYPE"
    assert diagnostic.file == str(attack)
    assert diagnostic.line is not None and diagnostic.line > 1  # after the comment
    assert "remove the declaration" in diagnostic.message


def test_xinclude_is_never_processed() -> None:
    tree = parse_xml_file(ATTACKS / "xinclude.xml")
    include = tree.find(".//{http://www.w3.org/2001/XInclude}include")
    assert include is not None  # still an element, not replaced by the file
    text = etree.tostring(tree, encoding="unicode")
    assert not any(marker in text for marker in PASSWD_MARKERS)


def test_doctype_after_comments_and_processing_instructions_is_found() -> None:
    data = b'<?xml version="1.0"?>\n<?pi x?>\n<!-- c -->\n<!DOCTYPE TEI>\n<TEI/>'
    with pytest.raises(UnsafeXMLError) as raised:
        parse_xml_bytes(data, "doc.xml")
    assert (raised.value.diagnostics[0].line, raised.value.diagnostics[0].col) == (4, 1)


def test_doctype_text_inside_a_comment_in_the_body_is_harmless() -> None:
    tree = parse_xml_bytes(b"<TEI><!-- a <!DOCTYPE x> example --></TEI>")
    assert tree.getroot().tag == "TEI"


def test_not_well_formed_reports_the_parser_position() -> None:
    with pytest.raises(InputError) as raised:
        parse_xml_bytes(b"<TEI>\n  <p>text</TEI>\n", "broken.xml")
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "XML-SYNTAX"
    assert (diagnostic.file, diagnostic.line) == ("broken.xml", 2)
    assert diagnostic.col is not None
    assert diagnostic.source_line == "  <p>text</TEI>"
    assert not isinstance(raised.value, UnsafeXMLError)


def test_undeclared_entity_is_a_syntax_error_not_an_expansion() -> None:
    with pytest.raises(InputError) as raised:
        parse_xml_bytes(b"<TEI>&nbsp;</TEI>")
    assert raised.value.diagnostics[0].code == "XML-SYNTAX"


def test_validate_command_leaks_nothing_and_does_not_hang() -> None:
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, "-m", "encoder", "validate", str(ATTACKS), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert time.monotonic() - started < 30
    assert completed.returncode == 1, completed.stderr
    output = completed.stdout + completed.stderr
    assert not any(marker in output for marker in PASSWD_MARKERS)
    for attack in DOCTYPE_ATTACKS:
        assert f'"file": "{attack}"' in completed.stdout
    assert completed.stdout.count('"code": "XML-DOCTYPE"') == len(DOCTYPE_ATTACKS)
