"""Every converted document declares the citation trees it is cited by (``refsDecl/citeStructure``).

A DTS client, or any tool that reads TEI citation structures, can then cite
"paragraph 2, note 1" or "folio 15" of a file the converter wrote without
knowing this project. The transcripts are invented.
"""

from __future__ import annotations

from lxml import etree

from encoder.pipeline import convert
from encoder.server.citations import declared_trees, resolve, with_citation_trees

TEI_NS = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI_NS}

WITH_FOLIOS = (
    "The delegation arrived on Monday and was met at the station.[14]\n"
    "\n"
    "The talks touched on the grain deliveries.* The minister said little [15].\n"
    "\n"
    "* The deliveries of 1961 are meant.\n"
)
WITHOUT_FOLIOS = "The delegation arrived on Monday.\n\nThe talks began at noon.\n"


def test_a_document_with_folios_declares_paragraphs_notes_and_pages() -> None:
    tree = convert(WITH_FOLIOS, name="invented.txt").tree
    declarations = tree.xpath("/t:TEI/t:teiHeader/t:encodingDesc/t:refsDecl", namespaces=NS)
    assert [declaration.get("n") for declaration in declarations] == [None, "pages"]
    # After the editorial declaration, before the taxonomy, in the order the project schema fixes.
    siblings = [etree.QName(element).localname for element in declarations[0].getparent()]
    assert siblings == ["appInfo", "editorialDecl", "refsDecl", "refsDecl", "classDecl"]

    default, pages = declared_trees(tree)
    units = resolve(tree, default)
    paragraphs = [unit for unit in units if unit.cite_type == "paragraph"]
    assert [unit.identifier for unit in paragraphs] == ["1", "2"]
    assert "grain deliveries" in "".join(paragraphs[1].element.itertext())
    (note,) = [unit for unit in units if unit.cite_type == "note"]
    assert note.identifier == "2.1" and "deliveries of 1961" in "".join(note.element.itertext())
    assert [unit.identifier for unit in resolve(tree, pages)] == ["14", "15"]


def test_a_document_without_folios_has_no_pages_tree() -> None:
    tree = convert(WITHOUT_FOLIOS, name="invented.txt").tree
    declarations = tree.xpath("//t:encodingDesc/t:refsDecl", namespaces=NS)
    assert [declaration.get("n") for declaration in declarations] == [None]
    (default,) = declared_trees(tree)
    assert [unit.identifier for unit in resolve(tree, default)] == ["1", "2"]


def test_the_server_adds_the_same_trees_to_a_file_that_declares_none() -> None:
    # A TEI file written before the converter declared its trees, or by hand.
    tree = convert(WITH_FOLIOS, name="invented.txt").tree
    declared = [etree.tostring(element) for element in tree.xpath("//t:refsDecl", namespaces=NS)]
    for declaration in tree.xpath("//t:refsDecl", namespaces=NS):
        declaration.getparent().remove(declaration)
    served = with_citation_trees(tree)
    assert [etree.tostring(element) for element in served.xpath("//t:refsDecl", namespaces=NS)] == declared
