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

The ``notAllowed`` left in the content models is then simplified away as
the specification does (section 4.19; a reference stands for its define): a
choice loses those branches, a group or repetition holding one becomes
``notAllowed`` itself, an optional or zeroOrMore of one becomes ``empty``, and
the ``empty`` left in groups goes too. libxml2 compiles a content model into
an automaton only when it holds no ``notAllowed`` (with one, it validated by
backtracking, some ten times slower per element than the whole grammar). With
only the ``notAllowed`` simplified away, libxml2 rejected a ``person`` in a
``listPerson`` whose model had become ``(empty, empty, empty, ((person |
listPerson)+, empty)+)``; without the ``empty`` it accepts it.

Defines no longer reachable from ``start`` and foreign elements
(documentation, embedded Schematron) are dropped: what is left of tei_all
for a corpus file is some 100 KB that compiles in milliseconds.

The cut grammar's verdict is exact, its messages are not (it knows nothing
of the elements it cut, and libxml2 may blame another element than the whole
grammar would). So a document it rejects is validated again against the
whole grammar, for tei_all's own messages (see
:func:`encoder.validation.layers.relaxng`).

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
    _simplify_not_allowed(root)
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


# Patterns that are notAllowed when any of their content is (their content is
# a group, or repeats or wraps one); zeroOrMore and optional become empty.
_FAILS_WITH_ITS_CONTENT = {"group", "interleave", "oneOrMore", "mixed", "list", "element", "attribute", "define"}
_EMPTY_WITHOUT_ITS_CONTENT = {"zeroOrMore", "optional"}
_GROUPING = {"group", "interleave", "oneOrMore", "zeroOrMore", "optional", "element", "define"}


def _simplify_not_allowed(root: etree._Element) -> None:
    """Take the notAllowed left by cut element patterns out of the content models.

    The rules are those of the specification's simplification (section 4.19),
    with a reference standing for its define: a choice loses its notAllowed
    branches (and is notAllowed without any), a group, interleave, oneOrMore,
    list, element, attribute or define with notAllowed content is notAllowed,
    zeroOrMore and optional of it are empty; then the ``empty`` left over goes
    (:func:`_drop_empty`). Children come before their parents, and the whole is
    repeated until nothing changes, since a define made notAllowed changes its
    references. An element pattern is never taken for notAllowed unless its
    content is, so recursion (which passes through elements) cannot mislead it.
    """
    defines = {define.get("name", ""): define for define in root.iter(f"{_R}define")}
    changed = True
    while changed:
        changed = False
        for node in reversed(list(root.iter(f"{_R}*"))):
            if node.getparent() is None or not _is_attached(node, root):
                continue
            kind = etree.QName(node).localname
            if kind == "ref":
                target = defines.get(node.get("name", ""))
                body = _content(target) if target is not None else []
                if len(body) == 1 and _is_not_allowed(body[0]):
                    _replace(node, "notAllowed")
                    changed = True
            elif kind == "choice" and any(_is_not_allowed(c) for c in node):
                for branch in [c for c in node if _is_not_allowed(c)]:
                    _remove_keeping_tail(branch)
                if not any(isinstance(c.tag, str) for c in node):
                    _replace(node, "notAllowed")
                changed = True
            elif kind in _FAILS_WITH_ITS_CONTENT and any(_is_not_allowed(c) for c in _content(node)):
                if kind == "define" and len(node) == 1:
                    continue  # notAllowed already
                if kind == "define":
                    for child in list(node):
                        node.remove(child)
                    etree.SubElement(node, f"{_R}notAllowed")
                else:
                    _replace(node, "notAllowed")
                changed = True
            elif kind in _EMPTY_WITHOUT_ITS_CONTENT and any(_is_not_allowed(c) for c in node):
                _replace(node, "empty")
                changed = True
            elif kind in _GROUPING:
                changed |= _drop_empty(node, kind)


def _drop_empty(node: etree._Element, kind: str) -> bool:
    """group(p, empty) is p, a repetition of empty is empty, (p+)+ is p+: the
    ``empty`` that cutting leaves in a content model, which libxml2's automaton
    mishandled (see the module's docstring)."""
    content = _content(node)
    empties = [c for c in content if c.tag == f"{_R}empty"]
    if empties and len(empties) < len(content):
        for child in empties:
            _remove_keeping_tail(child)
        return True
    repeats_or_groups = kind in ("group", "interleave", "oneOrMore", "zeroOrMore", "optional")
    if repeats_or_groups and content and len(empties) == len(content):
        _replace(node, "empty")
        return True
    if kind in ("group", "interleave") and len(content) == 1:
        _replace_by_child(node, content[0])
        return True
    if kind == "oneOrMore" and len(content) == 1 and content[0].tag == f"{_R}oneOrMore":
        _replace_by_child(node, content[0])
        return True
    return False


def _replace_by_child(node: etree._Element, child: etree._Element) -> None:
    parent = node.getparent()
    assert parent is not None
    child.tail = node.tail
    parent.replace(node, child)


def _is_not_allowed(node: etree._Element) -> bool:
    return node.tag == f"{_R}notAllowed"


def _content(node: etree._Element) -> list[etree._Element]:
    """The pattern children: an element's or attribute's name class is not one."""
    children = [c for c in node if isinstance(c.tag, str)]
    if etree.QName(node).localname in ("element", "attribute") and node.get("name") is None and children:
        return children[1:]
    return children


def _replace(node: etree._Element, kind: str) -> None:
    parent = node.getparent()
    assert parent is not None
    replacement = etree.Element(f"{_R}{kind}")
    replacement.tail = node.tail
    parent.replace(node, replacement)
