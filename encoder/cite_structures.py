"""The citation trees every converted document declares in ``encodingDesc/refsDecl``.

A passage of a document is cited by a path through a tree the TEI itself
declares (``refsDecl/citeStructure``), so that a DTS client, a publisher's
pipeline or a reader quoting "paragraph 12, note 1" all count the same units
without knowing this project::

    <refsDecl>                        the default tree: paragraphs, their notes
      <citeStructure unit="paragraph" match="/TEI/text/body//p[not(ancestor::note)]" use="position()">
        <citeStructure unit="note" match=".//note" use="position()" delim="."/>
      </citeStructure>
    </refsDecl>
    <refsDecl n="pages">              the folios of the source, from pb (only when there are some)
      <citeStructure unit="page" match="/TEI/text/body//pb[not(@ed='transcript')]" use="@n"/>
    </refsDecl>

``match`` and ``use`` are XPath with unprefixed TEI names, as the Guidelines
write them. A transcript's own page breaks (``pb ed="transcript"``) are the
copy's pagination, not the source's, so they are no citation unit.
"""

from __future__ import annotations

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
_TEI = f"{{{TEI_NS}}}"

PARAGRAPHS_MATCH = "/TEI/text/body//p[not(ancestor::note)]"
NOTES_MATCH = ".//note"
FOLIOS_MATCH = "/TEI/text/body//pb[not(@ed='transcript')]"
PAGES_TREE = "pages"


def has_folios(root: etree._Element) -> bool:
    """Whether the body holds a page break of the source (what the pages tree cites)."""
    body = root.find(f"{_TEI}text/{_TEI}body")
    return body is not None and any(pb.get("ed") != "transcript" for pb in body.iter(f"{_TEI}pb"))


def refs_decls(*, folios: bool) -> list[etree._Element]:
    """The declarations: paragraphs and their notes; pages too when the document has ``folios``."""
    paragraphs = etree.Element(_TEI + "refsDecl")
    paragraph = etree.SubElement(
        paragraphs, _TEI + "citeStructure", unit="paragraph", match=PARAGRAPHS_MATCH, use="position()"
    )
    etree.SubElement(paragraph, _TEI + "citeStructure", unit="note", match=NOTES_MATCH, use="position()", delim=".")
    declarations = [paragraphs]
    if folios:
        pages = etree.Element(_TEI + "refsDecl", n=PAGES_TREE)
        etree.SubElement(pages, _TEI + "citeStructure", unit="page", match=FOLIOS_MATCH, use="@n")
        declarations.append(pages)
    return declarations


def declare_citation_trees(root: etree._Element) -> None:
    """Add the declarations to the document's ``encodingDesc``, after its ``editorialDecl``.

    Called once the body is built, since whether there is a pages tree
    depends on it. A document that already declares a tree is left alone."""
    encoding = root.find(f"{_TEI}teiHeader/{_TEI}encodingDesc")
    if encoding is None or encoding.find(f"{_TEI}refsDecl") is not None:
        return
    anchor = encoding.find(f"{_TEI}editorialDecl")
    if anchor is None:
        anchor = encoding.find(f"{_TEI}appInfo")
    position = encoding.index(anchor) + 1 if anchor is not None else 0
    for offset, declaration in enumerate(refs_decls(folios=has_folios(root))):
        encoding.insert(position + offset, declaration)
