"""The validation layers: RELAX NG, ISO Schematron and XSD.

Each layer takes a parsed tree and returns :class:`Diagnostic` objects; none
of them stops the others. Codes: ``RNG-…`` (libxml2's RELAX NG error type),
the Schematron assert's own id (``folio-ascending``, …), ``XSD``.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from encoder import patterns
from encoder.errors import Diagnostic, Severity
from encoder.validation import schemas, single_pass
from encoder.validation.positions import SourcePositions

_SVRL = f"{{{schemas.SVRL}}}"


# libxml2 reports a bad attribute as "Element note failed to validate
# attributes", often without a line; the XSD form of the same schema, when
# there is one, names the attribute and the element's position.
_VAGUE_ATTRIBUTE_ERROR = patterns.compile(r"Element (?P<name>\S+) failed to validate attributes")


def relaxng(
    tree: etree._ElementTree,
    schema_path: Path,
    filename: str,
    positions: SourcePositions,
    explaining_xsd: Path | None = None,
) -> list[Diagnostic]:
    # A big grammar cut down to the document's names gives the whole grammar's
    # verdict in milliseconds; a document it rejects is validated again
    # against the whole grammar, whose messages name the right element.
    pruned = schemas.pruned_relaxng(schema_path, tree)
    if pruned is not None and pruned.validate(tree):
        return []
    validator = schemas.relaxng(schema_path)
    if validator.validate(tree):
        return []
    explainer = _AttributeExplainer(tree, explaining_xsd)
    found: list[Diagnostic] = []
    seen: set[tuple[int, str]] = set()
    for entry in validator.error_log:
        # libxml2 often reports one fault twice (the wrong element, then its
        # parent's "extra content"); a line keeps one message of each kind.
        if (entry.line, entry.message) in seen:
            continue
        seen.add((entry.line, entry.message))
        line: int | None = entry.line or None
        col: int | None = entry.column or None
        message = entry.message
        element = _element_at(tree, entry.path)
        if element is not None:
            element_line, element_col = positions.of(element)
            if element_line == line or line is None:
                line, col = element_line, element_col
        vague = _VAGUE_ATTRIBUTE_ERROR.fullmatch(message)
        if vague:
            explanation = explainer.explain(vague["name"], element)
            if explanation is not None:
                element, reason = explanation
                line, col = positions.of(element)
                message = f"{message}: {reason}"
        if line is None and entry.path:
            message = f"{message} (at {entry.path})"
        code = "RNG-" + entry.type_name.removeprefix("RELAXNG_ERR_").removeprefix("RELAXNG_")
        found.append(Diagnostic(code, Severity.ERROR, message, filename, line, col, positions.source_line(line)))
    return found


class _AttributeExplainer:
    """XSD errors about attributes, computed only when RELAX NG needs them."""

    def __init__(self, tree: etree._ElementTree, xsd_path: Path | None) -> None:
        self._tree = tree
        self._xsd_path = xsd_path
        self._errors: list[tuple[etree._Element, str]] | None = None

    def explain(self, local_name: str, near: etree._Element | None) -> tuple[etree._Element, str] | None:
        if self._xsd_path is None:
            return None
        if self._errors is None:
            schema = schemas.xsd(self._xsd_path)
            self._errors = [
                (error.elem, str(error.reason))
                for error in schema.iter_errors(self._tree)
                if isinstance(error.elem, etree._Element) and error.reason
            ]
        candidates = [
            (element, reason) for element, reason in self._errors if etree.QName(element).localname == local_name
        ]
        preferred = [c for c in candidates if c[0] is near] or candidates
        if not preferred:
            return None
        # Each XSD error explains one RELAX NG error.
        self._errors.remove(preferred[0])
        return preferred[0]


def _element_at(tree: etree._ElementTree, path: str | None) -> etree._Element | None:
    if not path:
        return None
    try:
        nodes = tree.xpath(path)
    except etree.XPathError:
        return None
    if isinstance(nodes, list) and nodes and isinstance(nodes[0], etree._Element):
        return nodes[0]
    return None


def schematron(
    tree: etree._ElementTree, schema_path: Path, filename: str, positions: SourcePositions
) -> list[Diagnostic]:
    report = schemas.schematron(schema_path)(tree)
    failures = report.getroot().iter(f"{_SVRL}failed-assert", f"{_SVRL}successful-report")
    locations = _Locations(tree)
    found: list[Diagnostic] = []
    for failure in sorted(failures, key=_pattern_order):
        role = (failure.get("role") or "").lower()
        severity = Severity.WARNING if role in {"warn", "warning", "info"} else Severity.ERROR
        message = " ".join("".join(failure.itertext()).split())
        location = failure.get("location")
        node = locations.element(location)
        line, col = positions.of(node) if node is not None else (None, None)
        if line is None and location:
            message = f"{message} (at {_readable_path(location)})"
        found.append(
            Diagnostic(
                failure.get("id") or "schematron",
                severity,
                message,
                filename,
                line,
                col,
                positions.source_line(line),
            )
        )
    return found


def _pattern_order(failure: etree._Element) -> int:
    # The validator walks the document once, all patterns at each element;
    # sorted by pattern (stably), its report reads as the skeleton's does.
    return int(failure.get(single_pass.PATTERN_ORDER) or 0)


_NAME_TEST = patterns.compile(r"\*\[local-name\(\)='([^']+)' and namespace-uri\(\)='[^']*'\]")


def _readable_path(location: str) -> str:
    """``/*[local-name()='TEI' and namespace-uri()='…']/*[…]`` → ``/TEI/teiHeader``."""
    return _NAME_TEST.sub(r"\1", location)


class _Locations:
    """The elements SVRL locations name, each found in time independent of the document's size.

    A location is a path of steps such as ``*[local-name()='p' and
    namespace-uri()='…'][1042]``; evaluated as XPath, each step counts the
    siblings before it, so a thousand failures in a division of ten thousand
    paragraphs took seconds. Here each parent's children are grouped by name
    once. A location of another form is evaluated as XPath, as before.
    """

    _STEP = patterns.compile(
        r"/(?:\*\[local-name\(\)='(?P<local>[^']*)' and namespace-uri\(\)='(?P<namespace>[^']*)'\]"
        r"|(?P<plain>[A-Za-z_][\w.-]*))(?:\[(?P<index>[1-9][0-9]*)\])?"
    )

    def __init__(self, tree: etree._ElementTree) -> None:
        self._tree = tree
        self._by_name: dict[etree._Element, dict[str, list[etree._Element]]] = {}

    def element(self, location: str | None) -> etree._Element | None:
        if not location:
            return None
        steps = list(self._STEP.finditer(location))
        if not steps or "".join(step.group(0) for step in steps) != location:
            return _node_at(self._tree, location)
        node: etree._Element | None = None
        for step in steps:
            tag = step["plain"] or (f"{{{step['namespace']}}}{step['local']}" if step["namespace"] else step["local"])
            candidates = [self._tree.getroot()] if node is None else self._children(node).get(tag, [])
            if node is None and candidates[0].tag != tag:
                return None
            index = int(step["index"] or 1) - 1
            if index >= len(candidates):
                return None
            node = candidates[index]
        return node

    def _children(self, parent: etree._Element) -> dict[str, list[etree._Element]]:
        grouped = self._by_name.get(parent)
        if grouped is None:
            grouped = {}
            for child in parent:
                if isinstance(child.tag, str):
                    grouped.setdefault(child.tag, []).append(child)
            self._by_name[parent] = grouped
        return grouped


def _node_at(tree: etree._ElementTree, location: str | None) -> etree._Element | None:
    """The element a SVRL location names (every rule has an element context)."""
    if not location:
        return None
    try:
        nodes = tree.xpath(location)
    except etree.XPathError:
        return None
    if isinstance(nodes, list) and nodes and isinstance(nodes[0], etree._Element):
        return nodes[0]
    return None


def xsd(tree: etree._ElementTree, schema_path: Path, filename: str, positions: SourcePositions) -> list[Diagnostic]:
    schema = schemas.xsd(schema_path)
    found: list[Diagnostic] = []
    for error in schema.iter_errors(tree):
        element = error.elem if isinstance(error.elem, etree._Element) else None
        line, col = positions.of(element) if element is not None else (None, None)
        message = error.reason or error.message
        if error.path:
            message = f"{message} (at {error.path})"
        found.append(
            Diagnostic(
                "XSD",
                Severity.ERROR,
                " ".join(str(message).split()),
                filename,
                line,
                col,
                positions.source_line(line),
            )
        )
    return found
