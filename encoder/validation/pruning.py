"""A RELAX NG grammar cut down to the element names one document uses.

libxml2 needs some five seconds to compile tei_all (594 element patterns,
1,209 defines), and a compiled schema cannot be kept between processes. A
document uses a few dozen of those elements, and an element pattern can only
ever match elements bearing one of the names of its name class. So for one
document every element pattern whose name class is a closed set of names
none of which occurs in the document can be replaced by ``notAllowed``
without changing the verdict on that document: the pattern matches nothing
in it either way. Name classes with ``anyName`` or ``nsName`` are open and
always kept.

Defines no longer reachable from ``start`` and foreign elements
(documentation, embedded Schematron) are then dropped: what is left of
tei_all for a corpus file is some 100 KB that compiles in milliseconds.

The cut grammar's verdict is exact, its messages are not: with
``notAllowed`` inside a content model libxml2 validates it by backtracking
and blames the wrong element ("Expecting element langUsage, got creation"
for a bad date). So a document it rejects is validated again against the
whole grammar, for tei_all's own messages (see
:func:`encoder.validation.layers.relaxng`). Simplifying ``notAllowed`` away
as the specification does (section 4.19) would give good messages, but
libxml2's compiled content models then reject valid documents (a
``person`` in ``listPerson`` in ``particDesc``), so it is not done.

Grammars that include or reference other files, or nest grammars, are not
pruned (:func:`is_prunable` says so): their compiled size is not the problem
this solves, and following them would mean reading more files.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

RELAXNG_NS = "http://relaxng.org/ns/structure/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"  # bound to xml: without a declaration
_R = f"{{{RELAXNG_NS}}}"

QualifiedName = tuple[str, str]  # (namespace URI or "", local name)

_NOT_PRUNABLE = {"include", "externalRef", "grammar", "parentRef"}


def document_names(tree: etree._ElementTree | etree._Element) -> frozenset[QualifiedName]:
    """Every element name (namespace, local name) that occurs in a document."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    names = set()
    for element in root.iter():
        if isinstance(element.tag, str):
            qualified = etree.QName(element)
            names.add((qualified.namespace or "", qualified.localname))
    return frozenset(names)


def is_prunable(grammar: etree._ElementTree) -> bool:
    """True for a single self-contained ``<grammar>`` (no include, externalRef or nested grammar)."""
    root = grammar.getroot()
    if root.tag != f"{_R}grammar":
        return False
    return next(root.iterdescendants(*(f"{_R}{name}" for name in _NOT_PRUNABLE)), None) is None


def prune(grammar: etree._ElementTree, present: Iterable[QualifiedName]) -> etree._ElementTree:
    """A copy of ``grammar`` that gives the same verdict on every document using only ``present`` names."""
    pruned = etree.ElementTree(etree.fromstring(etree.tostring(grammar)))
    root = pruned.getroot()
    _drop_foreign(root)
    names = frozenset(present)
    for element in list(root.iter(f"{_R}element")):
        if _is_attached(element, root):
            possible = _element_names(element)
            if possible is not None and not (possible & names):
                _replace_by_not_allowed(element)
    _drop_unreachable_defines(root)
    return pruned


def _drop_foreign(root: etree._Element) -> None:
    # Annotations, comments and processing instructions mean nothing to the validator.
    for node in list(root.iter()):
        if node is not root and (not isinstance(node.tag, str) or not node.tag.startswith(_R)):
            _remove_keeping_tail(node)


def _remove_keeping_tail(node: etree._Element) -> None:
    # lxml removes an element's tail with it: text after a comment inside a
    # <value> belongs to the value.
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _is_attached(node: etree._Element, root: etree._Element) -> bool:
    # An element pattern inside one already replaced is no longer in the tree.
    return any(ancestor is root for ancestor in node.iterancestors())


def _inherited_ns(node: etree._Element) -> str:
    for candidate in (node, *node.iterancestors()):
        value = candidate.get("ns")
        if value is not None:
            return value
    return ""


def _qualified(text: str, node: etree._Element) -> QualifiedName:
    text = text.strip()
    if ":" in text:
        prefix, local = text.split(":", 1)
        return (XML_NS if prefix == "xml" else node.nsmap.get(prefix) or ""), local
    return _inherited_ns(node), text


def _element_names(element: etree._Element) -> frozenset[QualifiedName] | None:
    """The names an element pattern can match; ``None`` when its name class is open."""
    attribute = element.get("name")
    if attribute is not None:
        return frozenset({_qualified(attribute, element)})
    name_class = next((c for c in element if isinstance(c.tag, str)), None)
    return _name_class_names(name_class) if name_class is not None else None


def _name_class_names(name_class: etree._Element) -> frozenset[QualifiedName] | None:
    kind = etree.QName(name_class).localname
    if kind == "name":
        return frozenset({_qualified(name_class.text or "", name_class)})
    if kind == "choice":
        found: set[QualifiedName] = set()
        for branch in name_class:
            names = _name_class_names(branch)
            if names is None:
                return None
            found |= names
        return frozenset(found)
    return None  # anyName, nsName: any number of names


def _replace_by_not_allowed(node: etree._Element) -> None:
    parent = node.getparent()
    assert parent is not None
    replacement = etree.Element(f"{_R}notAllowed")
    replacement.tail = node.tail
    parent.replace(node, replacement)


def _drop_unreachable_defines(root: etree._Element) -> None:
    defines: dict[str, list[etree._Element]] = {}
    for define in root.iter(f"{_R}define"):
        defines.setdefault(define.get("name", ""), []).append(define)
    reached: set[str] = set()
    pending = [node for node in root.iterchildren(f"{_R}start")]
    while pending:
        for reference in pending.pop().iter(f"{_R}ref"):
            name = reference.get("name", "")
            if name not in reached:
                reached.add(name)
                pending.extend(defines.get(name, []))
    for name, parts in defines.items():
        if name not in reached:
            for define in parts:
                parent = define.getparent()
                if parent is not None:
                    parent.remove(define)
