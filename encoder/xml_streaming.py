"""An indented XML file written a child at a time: the bytes of ``etree.tostring(root,
pretty_print=True)`` without the whole tree in memory.

A site-wide file such as ``oai.xml`` is a small frame (the repository's identity, its
formats) around one record per document: built whole, its tree grows with the corpus.
Here the frame is built with an empty element, a *container*, where each long list goes;
it is serialized once with a marker comment in each container and cut there, and each
child is serialized on its own under a copy of its container's ancestors (their names and
namespace declarations), so that it gets the indentation and namespace prefixes it would
have in place. libxml2 indents an element's children only when none of them is text, and
by their depth alone: a child's bytes do not depend on its siblings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from lxml import etree

_MARK_TEXT = "tei-encoder: the children go here"
_MARK = f"<!--{_MARK_TEXT}-->".encode()

Build = Callable[[etree._Element], object]  # makes one child in the element it is given


def pretty_xml_chunks(
    root: etree._Element,
    containers: Sequence[etree._Element],
    children: Callable[[int], Iterable[Build]],
) -> Iterator[bytes]:
    """``etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)`` as if each
    of ``containers`` (empty elements of ``root``, in document order) held the children that the
    builders ``children(number)`` gives make (asked in order, each list read once), in pieces: a
    child at a time. A builder makes one child in the element it is given (``etree.SubElement``):
    made there, it has the namespace declarations it would have in place."""
    for container in containers:
        if len(container) or container.text:
            raise ValueError("a container must be empty")
        container.append(etree.Comment(_MARK_TEXT))
    try:
        pieces = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).split(_MARK)
    finally:
        for container in containers:
            del container[0]
    if len(pieces) != len(containers) + 1:
        raise ValueError("the containers must be elements of root, each once")
    pending = pieces[0]  # the frame up to the first child, written once the container proves not empty
    for number, container in enumerate(containers):
        serialize = _InPlace(container)
        indent = pending[pending.rindex(b"\n") :]
        empty = True
        for build in children(number):
            yield pending if empty else indent
            yield serialize(build)
            empty = False
        after = pieces[number + 1]
        if empty:  # what libxml2 writes for an element without children: <name attributes/>
            start_tag = pending[: pending.rindex(b"\n")]
            yield start_tag[:-1] + b"/>"
            after = after[after.index(b">") + 1 :]  # past the end tag
        pending = after
    yield pending


class _InPlace:
    """Serializes a child of ``container`` as it would be in the whole tree: under copies of the
    container and its ancestors, each declaring the namespaces the original declares."""

    def __init__(self, container: etree._Element) -> None:
        chain = [container, *container.iterancestors()][::-1]
        copy: etree._Element | None = None
        for original in chain:
            parent_scope = copy.nsmap if copy is not None else {}
            declared = {prefix: uri for prefix, uri in original.nsmap.items() if parent_scope.get(prefix) != uri}
            copy = (
                etree.Element(original.tag, nsmap=declared)
                if copy is None
                else etree.SubElement(copy, original.tag, nsmap=declared)
            )
        assert copy is not None
        self._container = copy
        self._root = copy.getroottree().getroot()
        copy.append(etree.Comment(_MARK_TEXT))
        marked = etree.tostring(self._root, encoding="UTF-8", pretty_print=True)
        del copy[0]
        self._before, self._after = marked.split(_MARK)

    def __call__(self, build: Build) -> bytes:
        build(self._container)
        if len(self._container) != 1:
            raise ValueError("a builder must make one child")
        try:
            data = etree.tostring(self._root, encoding="UTF-8", pretty_print=True)
        finally:
            del self._container[0]
        if not data.startswith(self._before) or not data.endswith(self._after):
            raise ValueError("the child changed its ancestors' serialization")
        return data[len(self._before) : len(data) - len(self._after)]
