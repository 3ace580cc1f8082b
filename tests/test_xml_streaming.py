"""encoder.xml_streaming: an indented XML file a child at a time is byte-identical to the whole
tree serialized at once (oai.xml and sitemap.xml are written this way)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from lxml import etree

from encoder.xml_streaming import Build, pretty_xml_chunks

A, B = "urn:x-a", "urn:x-b"
RECORDS = [
    b"<r>plain</r>",
    b'<dc xmlns="urn:x-dc" xmlns:x="urn:x-x"><x:title>A\n  title over\nlines</x:title><empty/></dc>',
    b"<mixed>text <b>bold</b> and a tail\n<i>more</i></mixed>",
    b'<a:deep xmlns:a="urn:x-a"><a:in><a:in><a:leaf n="1"/></a:in></a:in></a:deep>',
]


def frame() -> tuple[etree._Element, list[etree._Element]]:
    root = etree.Element(f"{{{A}}}root", nsmap={"a": A, None: B}, version="1")
    etree.SubElement(etree.SubElement(root, f"{{{A}}}head"), f"{{{B}}}name").text = "the frame"
    first = etree.SubElement(root, f"{{{A}}}list", kind="first")
    wrapper = etree.SubElement(root, f"{{{B}}}wrapper", nsmap={"c": "urn:x-c"})
    second = etree.SubElement(wrapper, f"{{{B}}}list", kind="second")
    etree.SubElement(root, f"{{{A}}}foot").text = "end"
    return root, [first, second]


def child(record: bytes, number: int) -> Build:
    def build(parent: etree._Element) -> None:
        entry = etree.SubElement(parent, f"{{{B}}}entry", n=str(number))
        etree.SubElement(entry, f"{{{A}}}id").text = f"id-{number}"
        etree.SubElement(entry, f"{{{B}}}payload").append(etree.fromstring(record))

    return build


@pytest.mark.parametrize("counts", [(4, 3), (1, 1), (0, 2), (3, 0), (0, 0)])
def test_streamed_file_is_the_whole_tree_serialized(counts: tuple[int, int]) -> None:
    lists: list[list[Build]] = [
        [child(RECORDS[(number + shift) % len(RECORDS)], number) for number in range(count)]
        for shift, count in enumerate(counts)
    ]
    whole, containers = frame()
    for container, builders in zip(containers, lists, strict=True):
        for build in builders:
            build(container)
    expected = etree.tostring(whole, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    root, containers = frame()
    asked: list[int] = []

    def children(number: int) -> Iterator[Build]:
        asked.append(number)
        return iter(lists[number])

    chunks = list(pretty_xml_chunks(root, containers, children))
    assert b"".join(chunks) == expected
    assert asked == [0, 1]  # each list read once, in order
    assert len(root.xpath("//*[local-name() = 'entry']")) == 0  # the tree never held a child


def test_the_root_itself_can_be_the_container() -> None:
    whole = etree.Element("urlset", nsmap={None: B})
    for number in range(3):
        child(RECORDS[number], number)(whole)
    root = etree.Element("urlset", nsmap={None: B})
    streamed = pretty_xml_chunks(root, [root], lambda _: [child(RECORDS[n], n) for n in range(3)])
    assert b"".join(streamed) == etree.tostring(whole, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@pytest.mark.parametrize(
    "make",
    [
        lambda root: [etree.SubElement(root, "full")],  # a container that is not empty
        lambda root: [etree.Element("elsewhere")],  # a container outside the root
    ],
)
def test_bad_containers_are_refused(make: Callable[[etree._Element], list[etree._Element]]) -> None:
    root = etree.Element("root")
    containers = make(root)
    if containers[0].getparent() is root:
        etree.SubElement(containers[0], "child")
    with pytest.raises(ValueError, match="container"):
        list(pretty_xml_chunks(root, containers, lambda _: []))
