"""Citation trees: the TEI ``refsDecl/citeStructure`` of a document, read and resolved.

DTS navigates a document by the citation structure its TEI declares. The
converter declares its trees in every document it writes
(:mod:`encoder.cite_structures`: paragraphs and their notes, and the source's
folios from ``pb``), so paragraph 12 is ``12``, its first note ``12.1``,
folio 18 is ``18``. A TEI file that declares none (written by an earlier
version, or by hand) is served with those same declarations added to the
copy the server sends (:func:`with_citation_trees`).

Resolution then reads the declarations, whoever wrote them: ``match`` and
``use`` are XPath with unprefixed TEI names (as the Guidelines write them),
evaluated by lxml (XPath 1.0) on a namespace-free copy of the document;
``use="position()"`` is the unit's position in its ``match`` sequence, as the
Guidelines mean it. A matched milestone (``pb``, ``cb``, ``milestone``) stands
for the text from it to the next unit of its tree at the same level.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from lxml import etree

from encoder import cite_structures

TEI_NS = "http://www.tei-c.org/ns/1.0"
TEI = f"{{{TEI_NS}}}"
DTS_NS = "https://w3id.org/api/dts#"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MILESTONES = frozenset({"pb", "cb", "milestone", "gb", "lb"})


class CitationError(ValueError):
    """A ``refsDecl`` the resolver cannot evaluate (bad XPath, an empty or duplicate reference)."""


@dataclass(frozen=True, slots=True)
class CiteStructure:
    unit: str
    match: str
    use: str
    delim: str = ""
    children: tuple[CiteStructure, ...] = ()


@dataclass(frozen=True, slots=True)
class CitationTree:
    identifier: str | None  # None: the default tree (the first declared)
    structures: tuple[CiteStructure, ...]


@dataclass(frozen=True, slots=True)
class CitableUnit:
    identifier: str
    cite_type: str
    level: int
    parent: str | None
    element: etree._Element  # in the document the tree was resolved on
    milestone: bool


# ---- declaring ---------------------------------------------------------------


def with_citation_trees(tree: etree._ElementTree) -> etree._ElementTree:
    """A copy of ``tree`` that declares its citation trees: its own ``refsDecl``, else the derived ones.

    Only the root element is copied: the served document carries no processing
    instructions, so no stale provenance stamp or schema link travels with it."""
    copy = etree.ElementTree(etree.fromstring(etree.tostring(tree.getroot())))
    root = copy.getroot()
    if root.find(f"{TEI}teiHeader/{TEI}encodingDesc/{TEI}refsDecl") is not None:
        return copy
    header = root.find(f"{TEI}teiHeader")
    if header is None:
        return copy
    encoding = header.find(f"{TEI}encodingDesc")
    if encoding is None:
        encoding = etree.Element(TEI + "encodingDesc")
        file_desc = header.find(f"{TEI}fileDesc")
        position = header.index(file_desc) + 1 if file_desc is not None else 0
        header.insert(position, encoding)
    encoding.extend(cite_structures.refs_decls(folios=cite_structures.has_folios(root)))
    return copy


# ---- reading -----------------------------------------------------------------


def declared_trees(tree: etree._ElementTree) -> list[CitationTree]:
    """The citation trees ``refsDecl/citeStructure`` declares; the first is the default one."""
    declarations = tree.getroot().findall(f"{TEI}teiHeader/{TEI}encodingDesc/{TEI}refsDecl")
    trees = []
    for index, declaration in enumerate(declarations):
        structures = tuple(_structure(child) for child in declaration.iterchildren(TEI + "citeStructure"))
        if not structures:
            continue  # a refsDecl of the older kinds (cRefPattern): not a citation tree
        identifier = None if index == 0 else declaration.get("n") or declaration.get(f"{{{XML_NS}}}id")
        trees.append(CitationTree(identifier, structures))
    return trees


def _structure(element: etree._Element) -> CiteStructure:
    return CiteStructure(
        unit=element.get("unit") or "unit",
        match=element.get("match") or "",
        use=element.get("use") or "position()",
        delim=element.get("delim") or "",
        children=tuple(_structure(child) for child in element.iterchildren(TEI + "citeStructure")),
    )


# ---- resolving ---------------------------------------------------------------


def resolve(tree: etree._ElementTree, citation_tree: CitationTree) -> list[CitableUnit]:
    """Every citable unit of ``citation_tree`` in ``tree``, in document order (pre-order, depth first)."""
    plain = _without_namespaces(tree.getroot())
    original = dict(zip(plain.iter(), tree.getroot().iter(), strict=True))
    units: list[CitableUnit] = []
    for structure in citation_tree.structures:
        units.extend(_resolve_level(structure, plain, original, parent=None, level=1))
    order = {element: position for position, element in enumerate(tree.getroot().iter())}
    units.sort(key=lambda unit: (order[unit.element], unit.level))
    seen: set[str] = set()
    for unit in units:
        if unit.identifier in seen:
            raise CitationError(f"the reference {unit.identifier!r} is declared twice")
        seen.add(unit.identifier)
    return units


def _resolve_level(
    structure: CiteStructure,
    context: etree._Element,
    original: dict[etree._Element, etree._Element],
    parent: CitableUnit | None,
    level: int,
) -> Iterator[CitableUnit]:
    for position, element in enumerate(_evaluate(context, structure.match), start=1):
        if not isinstance(element, etree._Element):
            raise CitationError(f"match={structure.match!r} selects something other than elements")
        value = str(position) if structure.use.strip() == "position()" else _string(element, structure.use)
        if not value:
            raise CitationError(f"use={structure.use!r} gives an empty reference")
        identifier = f"{parent.identifier}{structure.delim}{value}" if parent else value
        unit = CitableUnit(
            identifier,
            structure.unit,
            level,
            parent.identifier if parent else None,
            original[element],
            milestone=etree.QName(element).localname in MILESTONES,
        )
        yield unit
        for child in structure.children:
            yield from _resolve_level(child, element, original, unit, level + 1)


def _evaluate(context: etree._Element, expression: str) -> list[object]:
    try:
        found = context.xpath(expression)
    except etree.XPathError as error:
        raise CitationError(f"{expression!r} is not an XPath lxml can evaluate: {error}") from None
    return list(found) if isinstance(found, list) else [found]


def _string(element: etree._Element, expression: str) -> str:
    value = _evaluate(element, f"string({expression})")
    return str(value[0]).strip() if value else ""


def _without_namespaces(root: etree._Element) -> etree._Element:
    """A copy whose TEI elements have plain names, so unprefixed XPath finds them; same shape as the original."""
    copy = etree.fromstring(etree.tostring(root))
    for element in copy.iter():
        if isinstance(element.tag, str) and element.tag.startswith(TEI):
            element.tag = element.tag[len(TEI) :]
    etree.cleanup_namespaces(copy)
    return copy


# ---- passages ----------------------------------------------------------------


def subtree_end(units: Sequence[CitableUnit], unit: CitableUnit) -> CitableUnit:
    """The last unit inside ``unit``'s subtree (``unit`` itself when it has no descendants)."""
    index = units.index(unit)
    last = unit
    for later in units[index + 1 :]:
        if later.level <= unit.level:
            break
        last = later
    return last


def passage(
    tree: etree._ElementTree, units: Sequence[CitableUnit], first: CitableUnit, last: CitableUnit
) -> etree._ElementTree:
    """The TEI response for the units ``first`` to ``last`` (inclusive): the header, and in the body a
    ``dts:wrapper`` holding the passage with its ancestors down from the body, trimmed to the passage."""
    body = tree.getroot().find(f"{TEI}text/{TEI}body")
    if body is None:
        raise CitationError("the document has no text/body to cut a passage from")
    stop = _next_milestone(units, last) if last.milestone else None
    cut = _cut(body, first.element, None if last.milestone else last.element, stop)

    root = etree.Element(TEI + "TEI", nsmap={None: TEI_NS})
    header = tree.getroot().find(f"{TEI}teiHeader")
    if header is not None:
        root.append(_copy(header))
    source_text = body.getparent()
    text = etree.SubElement(root, TEI + "text")
    if source_text is not None:
        text.attrib.update(source_text.attrib)
    wrapper = etree.SubElement(etree.SubElement(text, TEI + "body"), f"{{{DTS_NS}}}wrapper", nsmap={"dts": DTS_NS})
    wrapper.text = cut.text
    wrapper.extend(list(cut))
    return root.getroottree()


def _next_milestone(units: Sequence[CitableUnit], unit: CitableUnit) -> etree._Element | None:
    """Where a milestone unit's text ends: at the next unit of its level, or at the end of the body."""
    following = [later for later in units[units.index(unit) + 1 :] if later.level == unit.level]
    return following[0].element if following else None


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element))


def _cut(
    scope: etree._Element, first: etree._Element, last: etree._Element | None, stop: etree._Element | None
) -> etree._Element:
    """A copy of ``scope`` holding only what lies from ``first`` to ``last`` (inclusive) or to ``stop`` (exclusive)."""
    copy = _copy(scope)
    counterpart = dict(zip(scope.iter(), copy.iter(), strict=True))
    _trim_before(counterpart[first], copy)
    if last is not None:
        _trim_after(counterpart[last], copy, keep_node=True)
    elif stop is not None:
        _trim_after(counterpart[stop], copy, keep_node=False)
    return copy


def _trim_before(node: etree._Element, scope: etree._Element) -> None:
    current = node
    while current is not scope:
        parent = current.getparent()
        assert parent is not None  # current lies inside scope
        for sibling in list(current.itersiblings(preceding=True)):
            parent.remove(sibling)  # lxml removes the sibling's tail text with it
        parent.text = None
        current = parent


def _trim_after(node: etree._Element, scope: etree._Element, *, keep_node: bool) -> None:
    current = node
    if not keep_node:
        parent = node.getparent()
        assert parent is not None
        for sibling in list(node.itersiblings()):
            parent.remove(sibling)
        _remove_keeping_preceding_text(node)
        current = parent
    else:
        current.tail = None
    while current is not scope:
        parent = current.getparent()
        assert parent is not None
        for sibling in list(current.itersiblings()):
            parent.remove(sibling)
        current.tail = None
        current = parent


def _remove_keeping_preceding_text(node: etree._Element) -> None:
    """Remove ``node`` and its tail (text after the boundary), nothing before it."""
    parent = node.getparent()
    assert parent is not None
    node.tail = None
    parent.remove(node)
