"""Validation of TEI documents: the project schema, tei_all, or any RELAX NG.

The public face of the validator. Layers (see :mod:`encoder.validation.layers`):

1. RELAX NG: the project schema ``schema/tei-encoder.rng`` by default,
   ``"tei-all"`` for TEI P5 4.12.0, or the path of any ``.rng``;
2. ISO Schematron ``schema/tei-encoder.sch`` (co-occurrence rules);
3. XSD through xmlschema, on request (the project's or tei_all's XSD).

Every document is read through the one hardened parser
(:mod:`encoder.safexml`); a file that is not well-formed yields an
``XML-SYNTAX`` diagnostic at the parser's position instead of an exception.
Schemas are compiled once per process.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from lxml import etree

from encoder.errors import Diagnostic, InputError, Severity, UsageError
from encoder.limits import read_tei_within
from encoder.safexml import parse_xml_bytes
from encoder.validation import layers, schemas
from encoder.validation.positions import SourcePositions
from encoder.validation.schemas import (
    PROJECT_SCHEMA_DIR,
    SchemaChoice,
    tei_all_rng,
    tei_all_xsd,
)

__all__ = [
    "PROJECT_SCHEMA_DIR",
    "SchemaChoice",
    "copy_schema_beside",
    "has_errors",
    "nearest_schema_dir",
    "schema_dir_for",
    "tei_all_rng",
    "tei_all_xsd",
    "validate",
    "validate_tree",
    "xml_model_hrefs",
    "xml_model_pis",
]

RELAXNG_NS = "http://relaxng.org/ns/structure/1.0"
SCHEMATRON_NS = "http://purl.oclc.org/dsdl/schematron"
DEFAULT_RNG_HREF = "../schema/tei-encoder.rng"
DEFAULT_SCHEMATRON_HREF = "../schema/tei-encoder.sch"


def validate_tree(
    tree: etree._ElementTree | etree._Element,
    *,
    filename: str = "<tree>",
    schema: SchemaChoice = "project",
    schematron: bool = True,
    xsd: bool = False,
    source: bytes | None = None,
) -> list[Diagnostic]:
    """Validate a parsed or freshly built tree; return every problem found.

    ``source``, the bytes the tree was parsed from, lets diagnostics carry a
    column and the source line; without it they carry the line only (and, for
    a tree built in memory, the XPath of the offending node).
    """
    document = tree.getroottree() if isinstance(tree, etree._Element) else tree
    chosen = schemas.resolve(schema)
    positions = SourcePositions(document, source)
    found = layers.relaxng(document, chosen.relaxng, filename, positions, explaining_xsd=chosen.explaining_xsd)
    if schematron:
        found += layers.schematron(document, schemas.PROJECT_SCHEMATRON, filename, positions)
    if xsd:
        if chosen.xsd is None:
            raise UsageError(
                f"no XSD belongs to the schema {chosen.label}; XSD validation needs the project schema or tei-all"
            )
        if not chosen.xsd.is_file():
            raise UsageError(f"XSD not found at {chosen.xsd}")
        found += layers.xsd(document, chosen.xsd, filename, positions)
    return found


def validate(
    document: str | os.PathLike[str] | etree._ElementTree | etree._Element,
    *,
    schema: SchemaChoice = "project",
    schematron: bool | None = None,
    xsd: bool = False,
    filename: str | None = None,
    size_limit: int | None = None,
) -> list[Diagnostic]:
    """Validate a file (by path) or a tree.

    ``schematron=None`` runs the project's Schematron only with the project
    schema. A file that is not well-formed or declares a DOCTYPE gives its
    parser diagnostic; a file larger than ``size_limit`` gives ``INPUT-TOO-LARGE``
    without being read; a file that cannot be read raises ``OSError``.
    """
    run_schematron = schemas.resolve(schema).schematron_by_default if schematron is None else schematron
    if isinstance(document, etree._ElementTree | etree._Element):
        return validate_tree(
            document,
            filename=filename or "<tree>",
            schema=schema,
            schematron=run_schematron,
            xsd=xsd,
        )
    path = Path(document)
    name = filename or str(path)
    try:
        source = path.read_bytes() if size_limit is None else read_tei_within(path, size_limit)
        tree = parse_xml_bytes(source, name)
    except InputError as error:
        return list(error.diagnostics) or [Diagnostic("XML-SYNTAX", Severity.ERROR, str(error), name)]
    tree.docinfo.URL = os.fsencode(path)  # bytes: a file name need not be UTF-8
    return validate_tree(tree, filename=name, schema=schema, schematron=run_schematron, xsd=xsd, source=source)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    """True when a diagnostic is an error (warnings leave a document valid)."""
    return any(d.severity is Severity.ERROR for d in diagnostics)


SCHEMA_FILES = ("tei-encoder.rng", "tei-encoder.sch")


def xml_model_pis(
    output_path: Path | None, schema_dir: Path = PROJECT_SCHEMA_DIR, *, schema_base: str | None = None
) -> list[etree._ProcessingInstruction]:
    """The ``xml-model`` processing instructions that point editors at the schemas.

    With ``schema_base`` (a URL, e.g. where an edition publishes its schema)
    the hrefs are that URL plus the file name. Otherwise they are relative to
    the directory of ``output_path`` so that oXygen and other editors find
    ``tei-encoder.rng`` and ``tei-encoder.sch`` in ``schema_dir`` from the
    file's own location; ``None`` gives the hrefs for a file in ``tei/``.
    """
    if schema_base is not None:
        base = schema_base if schema_base.endswith("/") else schema_base + "/"
        rng_href, sch_href = (base + name for name in SCHEMA_FILES)
    elif output_path is None:
        rng_href, sch_href = DEFAULT_RNG_HREF, DEFAULT_SCHEMATRON_HREF
    else:
        folder = os.path.dirname(os.path.abspath(output_path))
        rng_href, sch_href = (_relative_href(os.path.join(schema_dir, name), folder) for name in SCHEMA_FILES)
    return [
        etree.ProcessingInstruction("xml-model", _pseudo_attributes(rng_href, RELAXNG_NS)),
        etree.ProcessingInstruction("xml-model", _pseudo_attributes(sch_href, SCHEMATRON_NS)),
    ]


def xml_model_hrefs(tree: etree._ElementTree | etree._Element) -> list[str]:
    """The hrefs of the ``xml-model`` instructions before the root, in document order."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    instructions = reversed(list(root.itersiblings(preceding=True)))  # itersiblings walks backwards
    found = [
        re.search(r'href="([^"]*)"', node.text or "")
        for node in instructions
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model"
    ]
    return [href.group(1) for href in found if href is not None]


def nearest_schema_dir(output_path: Path) -> Path | None:
    """The ``schema/`` folder holding the project schema nearest above ``output_path``, if any.

    A corpus in ``tei/`` of a project whose ``schema/`` sits beside it finds
    ``../schema``; a built site finds its own ``schema/`` copy.
    """
    # Strings and os.path, not a Path for each folder and file: this runs for every
    # document converted, and pathlib made it ~80 µs of a conversion's ~9 ms.
    folder = os.path.dirname(os.path.abspath(output_path))
    while True:
        candidate = os.path.join(folder, "schema")
        if all(os.path.isfile(os.path.join(candidate, name)) for name in SCHEMA_FILES):
            return Path(candidate)
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def schema_dir_for(output_path: Path) -> Path:
    """Where a TEI file written at ``output_path`` finds its schema: the nearest
    ``schema/`` above it, else a ``schema/`` copy beside it (see :func:`copy_schema_beside`)."""
    return nearest_schema_dir(output_path) or Path(os.path.abspath(output_path)).parent / "schema"


def copy_schema_beside(output_path: Path) -> Path | None:
    """Give a written TEI file the schema copy its ``xml-model`` PIs point to; the folder if one was made.

    The copy travels with the output: a folder of TEI files moved elsewhere
    together with its ``schema/`` still validates in any editor.
    """
    if nearest_schema_dir(output_path) is not None:
        return None
    target = Path(os.path.abspath(output_path)).parent / "schema"
    target.mkdir(parents=True, exist_ok=True)
    for name in SCHEMA_FILES:
        data = (PROJECT_SCHEMA_DIR / name).read_bytes()
        if not (target / name).is_file() or (target / name).read_bytes() != data:
            (target / name).write_bytes(data)
    return target


def _relative_href(target: str, base: str) -> str:
    return os.path.relpath(os.path.abspath(target), base).replace(os.sep, "/")


def _pseudo_attributes(href: str, schematypens: str) -> str:
    # A processing instruction has no attributes for lxml to escape, so quote
    # the pseudo-attribute values here (W3C "Associating Schemas with XML").
    pairs = (("href", href), ("type", "application/xml"), ("schematypens", schematypens))
    return " ".join(f'{name}="{_escape_pseudo(value)}"' for name, value in pairs)


def _escape_pseudo(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("?>", "?&gt;")
