"""The one hardened XML parser for every XML input (TEI, stylesheets, schemas).

Untrusted files must not make the tool read local files, reach the network or
expand entities without bound, so the parser loads no DTD, expands no entity,
performs no XInclude and refuses the network. A document that carries a
DOCTYPE at all is rejected with a clear error: TEI needs none, and refusing it
closes the whole family of entity attacks (billion laughs, quadratic blow-up,
external and parameter entities) before libxml2 looks at it.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from encoder.errors import Diagnostic, InputError, Severity, UnsafeXMLError


# A DOCTYPE or ENTITY declaration anywhere outside character data; UTF-16
# input is caught after parsing by the docinfo check below.
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)\b")


def _new_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_blank_text=False,
        collect_ids=True,
    )


def _reject_doctype(tree: etree._ElementTree, filename: str) -> None:
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise UnsafeXMLError(
            f"{filename}: DOCTYPE declarations are not accepted",
            [
                Diagnostic(
                    "XML-DOCTYPE",
                    Severity.ERROR,
                    "the document declares a DOCTYPE; TEI needs none and DTDs can expand "
                    "entities or fetch files, so remove the declaration",
                    filename,
                    1,
                    1,
                )
            ],
        )


def parse_xml_bytes(data: bytes, filename: str = "<input>") -> etree._ElementTree:
    """Parse ``data`` safely; raise :class:`InputError` with the error position."""
    # A cheap textual check first: libxml2 must never see an entity declaration.
    declaration = _DECLARATION.search(data)
    if declaration:
        line = data.count(b"\n", 0, declaration.start()) + 1
        raise UnsafeXMLError(
            f"{filename}: DOCTYPE/ENTITY declarations are not accepted",
            [
                Diagnostic(
                    "XML-DOCTYPE",
                    Severity.ERROR,
                    "the document declares a DOCTYPE or entities; TEI needs none and DTDs "
                    "can expand entities or fetch files, so remove the declaration",
                    filename,
                    line,
                    1,
                )
            ],
        )
    parser = _new_parser()
    try:
        root = etree.fromstring(data, parser, base_url=None)
    except etree.XMLSyntaxError as error:
        line, col = error.position if error.position else (None, None)
        raise InputError(
            f"{filename}: not well-formed XML: {error.msg}",
            [
                Diagnostic(
                    "XML-SYNTAX",
                    Severity.ERROR,
                    f"not well-formed XML: {error.msg}",
                    filename,
                    line,
                    (col + 1) if col is not None else None,
                )
            ],
        ) from None
    tree = root.getroottree()
    _reject_doctype(tree, filename)
    return tree


def parse_xml_file(path: str | Path) -> etree._ElementTree:
    """Read and parse a file; the tree's ``docinfo.URL`` is set to the path."""
    path = Path(path)
    tree = parse_xml_bytes(path.read_bytes(), str(path))
    tree.docinfo.URL = str(path)
    return tree
