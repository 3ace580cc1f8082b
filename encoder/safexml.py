"""The one hardened XML parser for every XML input (TEI, stylesheets, schemas).

Untrusted files must not make the tool read local files, reach the network or
expand entities without bound, so the parser loads no DTD, expands no entity,
performs no XInclude and refuses the network. A document that carries a
DOCTYPE at all is rejected with a clear error: TEI needs none, and refusing it
closes the whole family of entity attacks (billion laughs, quadratic blow-up,
external and parameter entities, external DTDs on disk or on the network)
before libxml2 looks at it.

The check reads the prolog (what precedes the root element), decoded the way
the parser will decode it, so a UTF-16 or UTF-32 document cannot slip a
DOCTYPE past it; after parsing, the tree's docinfo is checked as well.
XInclude elements are left as ordinary elements: nothing here ever calls
``xinclude()``, and the schemas reject them.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

from lxml import etree

from encoder import patterns
from encoder.errors import Diagnostic, InputError, Severity, UnsafeXMLError
from encoder.limits import TEI_SIZE_LIMIT, read_tei_within

# Byte-order marks and, for documents without one, the first bytes of "<?"
# in each encoding (XML 1.0 appendix F).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UNMARKED = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"),
)

# Whitespace, the XML declaration, processing instructions and comments: all
# that may stand before a DOCTYPE or the root element.
_PROLOG_ITEM = patterns.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_DECLARATION = patterns.compile(r"<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST)\b")

_DOCTYPE_ADVICE = (
    "the document declares a DOCTYPE; TEI needs none, and a DTD can expand entities "
    "without bound or read local and remote files, so remove the declaration"
)


def _new_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_blank_text=False,
        # Duplicate xml:ids are a validation matter (reported by the schema
        # layers at their position), not a reason to refuse the document.
        collect_ids=False,
    )


def _decode_for_prolog(data: bytes) -> str:
    """The document as text, decoded as far as the prolog check needs."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return data[len(mark) :].decode(encoding, errors="replace")
    for start, encoding in _UNMARKED:
        if data.startswith(start):
            return data.decode(encoding, errors="replace")
    # Every other encoding XML allows keeps ASCII markup as ASCII bytes.
    return data.decode("latin-1")


def _doctype_position(data: bytes) -> tuple[int, int] | None:
    """Line and column of a DOCTYPE (or stray declaration) in the prolog, if any."""
    text = _decode_for_prolog(data)
    position = 0
    while match := _PROLOG_ITEM.match(text, position):
        if match.end() == position:
            break
        position = match.end()
    if not _DECLARATION.match(text, position):
        return None
    line = text.count("\n", 0, position) + 1
    col = position - (text.rfind("\n", 0, position) + 1) + 1
    return line, col


def _unsafe(filename: str, line: int, col: int, source_line: str | None = None) -> UnsafeXMLError:
    return UnsafeXMLError(
        f"{filename}: DOCTYPE declarations are not accepted",
        [Diagnostic("XML-DOCTYPE", Severity.ERROR, _DOCTYPE_ADVICE, filename, line, col, source_line)],
    )


def _line_of(data: bytes, line: int | None) -> str | None:
    if line is None:
        return None
    lines = data.decode("utf-8", errors="replace").splitlines()
    return lines[line - 1] if 1 <= line <= len(lines) else None


def parse_xml_bytes(data: bytes, filename: str = "<input>") -> etree._ElementTree:
    """Parse ``data`` safely; raise :class:`InputError` with the error position.

    Raises :class:`UnsafeXMLError` (an :class:`InputError`) for a DOCTYPE.
    """
    doctype = _doctype_position(data)
    if doctype is not None:
        line, col = doctype
        raise _unsafe(filename, line, col, _line_of(data, line))
    try:
        root = etree.fromstring(data, _new_parser(), base_url=None)
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
                    col if col else None,
                    _line_of(data, line),
                )
            ],
        ) from None
    tree = root.getroottree()
    # A backstop for any encoding the prolog check could not read.
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _unsafe(filename, 1, 1)
    return tree


def parse_xml_file(path: str | Path) -> etree._ElementTree:
    """Read and parse a file; the tree's ``docinfo.URL`` is set to the path."""
    path = Path(path)
    tree = parse_xml_bytes(path.read_bytes(), str(path))
    tree.docinfo.URL = os.fsencode(path)  # bytes: a file name need not be UTF-8
    return tree


def read_tei_file(path: Path, size_limit: int = TEI_SIZE_LIMIT) -> tuple[bytes, etree._ElementTree]:
    """A TEI document given by the user: its bytes (within ``size_limit``) and its tree.

    Any other XML is refused (:func:`not_tei_error`): read as TEI it would
    give an empty page or an empty transcription, as if the document had no text.
    """
    from encoder.serialize import TEI_NS  # imported when needed: validate starts without the model

    data = read_tei_within(path, size_limit)
    tree = parse_xml_bytes(data, str(path))
    tree.docinfo.URL = os.fsencode(path)
    if tree.getroot().tag != f"{{{TEI_NS}}}TEI":
        raise not_tei_error(tree.getroot())
    return data, tree


def not_tei_error(root: etree._Element) -> InputError:
    """``NOT-TEI`` at the root element of a document that is not ``tei:TEI``."""
    from encoder.serialize import TEI_NS

    name = etree.QName(root)
    shown = f"{{{name.namespace}}}{name.localname}" if name.namespace else name.localname
    base = root.getroottree().docinfo.URL
    file = base if isinstance(base, str) and base else "<input>"
    message = f"the root element is <{shown}>, not a TEI document's <TEI> in the namespace {TEI_NS}"
    return InputError(f"{file}: {message}", [Diagnostic("NOT-TEI", Severity.ERROR, message, file, root.sourceline)])
