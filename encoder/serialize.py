"""Stage 6, serialize: metadata and body model → a TEI P5 tree, with lxml builders.

Deterministic by construction: attribute order is fixed by the model, note
ids are numbered in document order, and no clock time is written unless the
caller passes one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from lxml import etree

from encoder import __version__
from encoder.citation import Citation
from encoder.cite_structures import declare_citation_trees
from encoder.header import Metadata
from encoder.model import Block, Element, Generic, Inline, Name, element_name

if TYPE_CHECKING:
    from encoder.edition import EditionConfig

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: TEI_NS}


def tei(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


def _attribute_name(name: str) -> str:
    if name.startswith("xml:"):
        return f"{{{XML_NS}}}{name[4:]}"
    return name


def _sub(parent: etree._Element, name: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    """A child element; keyword ``xml_id`` stands for ``xml:id``, ``from_`` for ``from``."""
    element = etree.SubElement(parent, tei(name))
    for key, value in attrs.items():
        if value is not None:
            element.set(_KEYWORD_ATTRIBUTES.get(key, key), value)
    if text is not None:
        element.text = text
    return element


_KEYWORD_ATTRIBUTES = {"xml_id": f"{{{XML_NS}}}id", "from_": "from"}


def _append_text(parent: etree._Element, text: str) -> None:
    # Not len(parent): lxml counts the children one by one, which made a
    # paragraph of thousands of elements quadratic.
    last = next(parent.iterchildren(reversed=True), None)
    if last is not None:
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


# Where the converter put what it read: (source offset, element), in document order.
Places = list[tuple[int, etree._Element]]


def append_inline(parent: etree._Element, nodes: Iterable[Inline | Block], places: Places | None = None) -> None:
    """Add ``nodes`` after what ``parent`` already holds: its first text joins the last child's tail or its own text."""
    _append_nodes(parent, nodes, places, parent_is_new=False)


def _append_nodes(
    parent: etree._Element, nodes: Iterable[Inline | Block], places: Places | None, *, parent_is_new: bool
) -> None:
    # The element last added here takes the text that follows it as its tail; before
    # the first one, text goes to the parent: straight into its text when it was made
    # just now (it holds nothing yet), else after what it holds (_append_text).
    # Strings that stand side by side are joined before they are added: transforms
    # can leave thousands in a row (markers that found no note turn back into
    # text), and lxml copies the whole text on each addition.
    last: etree._Element | None = None
    pending: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            pending.append(node)
            continue
        if pending:
            text = pending[0] if len(pending) == 1 else "".join(pending)
            pending = []
            if last is not None:
                last.tail = text  # made here, and given its tail only here: it has none yet
            elif parent_is_new:
                parent.text = text
            else:
                _append_text(parent, text)
        if isinstance(node, Block):
            raise TypeError(f"block {node.name} inside inline content")
        tag = _FIXED_TAGS.get(node.__class__) or _tag(node)
        attributes = node.attributes()
        if "xml:id" in attributes:  # the one prefixed name the model makes (model._attrs); lxml wants it in Clark form
            attributes = {_attribute_name(key): value for key, value in attributes.items()}
        # Set in the attributes' order, which the model fixes (determinism).
        element = last = etree.SubElement(parent, tag, attributes)
        if places is not None and node.offset is not None:
            places.append((node.offset, element))
        children = node.children
        if not children:  # most elements of a paragraph (pb, gap, lb) are empty
            continue
        if len(children) == 1 and isinstance(children[0], str):
            element.text = children[0]  # most others hold one string (a supplied word, a name): no call for it
        else:
            _append_nodes(element, children, places, parent_is_new=True)
    if pending:
        text = "".join(pending)
        if last is not None:
            last.tail = text
        elif parent_is_new:
            parent.text = text
        else:
            _append_text(parent, text)


def _tag(node: Element) -> str:
    """The Clark name of ``node``'s element; a class whose every node has the same one is remembered in _FIXED_TAGS."""
    name = element_name(node)
    if name.startswith("#"):
        raise ValueError(f"unresolved placeholder {name} reached the serializer")
    tag = _TEI_TAGS.get(name) or _TEI_TAGS.setdefault(name, tei(name))
    if not isinstance(node, Generic | Name):  # element_name reads the class's tag, the same for all its nodes
        _FIXED_TAGS[node.__class__] = tag
    return tag


# The Clark name of each element class whose nodes all have one (PageBreak → {TEI}pb), filled by _tag
# as classes are met: one dictionary look-up per element instead of element_name, a test and a look-up.
_FIXED_TAGS: dict[type, str] = {}
# Clark names of the elements inline content makes, each built once rather than for each element.
_TEI_TAGS: dict[str, str] = {}


def tei_xpaths(elements: Sequence[etree._Element]) -> list[str]:
    """Each element's XPath, ``/tei:TEI/tei:text/tei:body/tei:div[1]/tei:p[3]/tei:supplied[1]``, for any XSLT or editor.

    Each parent's children are counted once for all the elements, and each
    ancestor's path is made once, so naming every one of thousands of elements
    in a paragraph stays linear, and a document's hundred decisions, most of
    them in a few paragraphs, do not each walk up to the root.
    """
    positions: dict[etree._Element, int] = {}
    paths: dict[etree._Element, str] = {}

    def position(element: etree._Element, parent: etree._Element) -> int:
        if element not in positions:
            seen: Counter[object] = Counter()
            for child in parent:
                seen[child.tag] += 1
                positions[child] = seen[child.tag]
        return positions[element]

    def xpath(element: etree._Element) -> str:
        unnamed: list[etree._Element] = []  # the element and its ancestors up to one already named
        current: etree._Element | None = element
        while current is not None and current not in paths:
            unnamed.append(current)
            current = current.getparent()
        path = paths[current] if current is not None else ""
        for node in reversed(unnamed):
            parent = node.getparent()
            name = etree.QName(node).localname
            path = f"/tei:{name}" if parent is None else f"{path}/tei:{name}[{position(node, parent)}]"
            paths[node] = path
        return path

    return [xpath(element) for element in elements]


def build_document(
    metadata: Metadata,
    body: list[Block],
    *,
    speakers: dict[str, str],
    checksum: str,
    timestamp: str | None = None,
    places: Places | None = None,
    edition: EditionConfig | None = None,
    document_name: str = "",
    summary: Sequence[Inline] | None = None,
) -> etree._ElementTree:
    """The TEI document; ``places`` collects where each element with a source offset went.

    ``summary`` is the summary's text with its names marked (default: the metadata's, as text).

    ``edition`` (the corpus's ``edition.toml``) names the edition's publisher,
    the document's identifier (from its file name, ``document_name``) and its licence.
    """
    root = etree.Element(tei("TEI"), nsmap=NSMAP)
    _header(
        root,
        metadata,
        speakers=speakers,
        checksum=checksum,
        timestamp=timestamp,
        edition=edition,
        document_name=document_name,
        summary=summary,
        places=places,
    )
    stated = metadata.translation_language or metadata.text_language
    language = stated.code if stated else "en"
    text = _sub(root, "text", type="translation" if metadata.translation_language else None)
    text.set(f"{{{XML_NS}}}lang", language)
    document = _sub(_sub(text, "body"), "div", type="document")
    container = document
    seen_content = False
    closed = False  # a closer or postscript was written: the document's end
    for block in body:
        numbered_head = block.name == "head" and dict(block.attrs).get("n") is not None
        if block.name == "head" and (seen_content or numbered_head):
            # A heading after running text opens a section: TEI allows head
            # only at the top of a div. A numbered heading always opens its section.
            container = _sub(document, "div", type="section", n=dict(block.attrs).get("n"))
        elif block.name == "opener" and seen_content and not closed:
            # Opening lines after running text (a classification line, a new
            # letter): TEI allows an opener only at the top of a div, so they open a section.
            container = _sub(document, "div", type="section")
            seen_content = False
        elif block.name in _DOCUMENT_BOTTOM:
            closed = True
            if not seen_content:
                _sub(container, "p")  # TEI wants running text before a closer; this text is empty
                seen_content = True
            container = document
        if block.name == "#flat":
            append_inline(container, block.children, places)
            continue
        seen_content = seen_content or block.name not in _DOCUMENT_TOP
        element = _sub(container, block.name)
        for key, value in block.attrs:
            element.set(_attribute_name(key), value)
        if places is not None and block.offset is not None:
            places.append((block.offset, element))
        _append_nodes(element, block.children, places, parent_is_new=True)
    if not seen_content:
        _sub(container, "p")  # a document (or its one section) of headings only: TEI wants running text
    _number_notes(root)
    declare_citation_trees(root)
    return etree.ElementTree(root)


_DOCUMENT_TOP = frozenset({"head", "opener"})
_DOCUMENT_BOTTOM = frozenset({"closer", "postscript"})


def _number_notes(root: etree._Element) -> None:
    text = root.find(tei("text"))
    assert text is not None
    for number, note in enumerate(text.iter(tei("note")), start=1):
        if (
            note.get("type") in {"translator", "editorial", "description", "language"}
            and note.get(f"{{{XML_NS}}}id") is None
        ):
            note.set(f"{{{XML_NS}}}id", f"note-{number}")


def _header(
    root: etree._Element,
    metadata: Metadata,
    *,
    speakers: dict[str, str],
    checksum: str,
    timestamp: str | None,
    edition: EditionConfig | None,
    document_name: str,
    summary: Sequence[Inline] | None = None,
    places: Places | None = None,
) -> None:
    header = _sub(root, "teiHeader", rend=metadata.layout)
    file_desc = _sub(header, "fileDesc")
    title_stmt = _sub(file_desc, "titleStmt")
    inferred = {"cert": "medium", "resp": "#tei-encoder"}
    title = _sub(title_stmt, "title", metadata.title or "Untitled transcript", type="main")
    if metadata.title_inferred or not metadata.title:
        for key, value in inferred.items():
            title.set(key, value)
    for funder in metadata.funders:
        _sub(title_stmt, "funder", funder)
    for responsibility in metadata.responsibilities:
        statement = _sub(title_stmt, "respStmt")
        _sub(statement, "resp", responsibility.role)
        for name in responsibility.names:
            _sub(statement, "persName", name)
    translator = _sub(title_stmt, "respStmt", xml_id="translator")
    _sub(translator, "resp", "words and notes in square brackets supplied by")
    _sub(translator, "name", "the translator")

    publication = _sub(file_desc, "publicationStmt")
    citation = metadata.citation
    if edition is not None:
        _edition_publication(publication, edition, document_name, metadata)
    elif citation and citation.publisher:
        _sub(publication, "publisher", citation.publisher)
        if metadata.url:
            _sub(publication, "idno", metadata.url, type="URI")
    elif metadata.url:
        _sub(publication, "publisher", "unknown")
        _sub(publication, "idno", metadata.url, type="URI")
    else:
        _sub(publication, "p", "No publisher is named in the transcription.")
    notes = [("header", metadata.header_text)] if metadata.header_text else []
    notes += [("credits", metadata.credits)] if metadata.credits else []
    notes += [("residue", line) for line in metadata.residue]
    notes += [("unplaced", f"{label}: {value}") for label, value in metadata.unplaced]
    if notes:
        notes_stmt = _sub(file_desc, "notesStmt")
        for kind, text in notes:
            _sub(notes_stmt, "note", text, type=kind)
    source_desc = _sub(file_desc, "sourceDesc")
    if citation:
        _sub(source_desc, "bibl", citation.text, type="citation")
        if citation.repository or citation.identifiers or citation.locus:
            _ms_desc(source_desc, citation, metadata)
    else:
        _sub(
            source_desc,
            "p",
            "A plain-text transcription of an archival translation, without citation.",
        )

    encoding = _sub(header, "encodingDesc")
    application = _sub(
        _sub(encoding, "appInfo"),
        "application",
        ident="tei-encoder",
        version=__version__,
        xml_id="tei-encoder",
    )
    _sub(application, "label", "tei-encoder")
    _editorial_declaration(encoding)
    _romanization_taxonomy(encoding)

    profile = _sub(header, "profileDesc")
    if metadata.date_when or metadata.date_text:
        date = _sub(
            _sub(profile, "creation"),
            "date",
            metadata.date_text or metadata.date_when,
            when=metadata.date_when,
        )
        if metadata.date_inferred:
            for key, value in inferred.items():
                date.set(key, value)
    if metadata.summary:
        abstract = _sub(_sub(profile, "abstract"), "p")
        _append_nodes(abstract, summary or [metadata.summary], places, parent_is_new=True)
    languages = list(metadata.original_languages)
    for text_language in (metadata.translation_language, metadata.text_language):
        if text_language and text_language not in languages:
            languages.append(text_language)
    if languages:
        usage = _sub(profile, "langUsage")
        for language in languages:
            _sub(usage, "language", language.name, ident=language.code)
    if speakers:
        people = _sub(_sub(profile, "particDesc"), "listPerson")
        for key, name in speakers.items():
            _sub(_sub(people, "person", xml_id=key), "persName", name)

    if not len(profile):
        header.remove(profile)
    revision = _sub(header, "revisionDesc")
    change = _sub(
        revision,
        "change",
        f"Encoded by tei-encoder {__version__} from a transcript with SHA-256 {checksum}.",
        when=timestamp,
    )
    change.set("who", "#tei-encoder")


_AVAILABILITY_SAYS = {"free": "Freely available.", "restricted": "Access is restricted.", "unknown": ""}


def _edition_publication(publication: etree._Element, edition: EditionConfig, name: str, metadata: Metadata) -> None:
    """The edition publishes this TEI file; the archive that published the translation distributes it.

    The edition's URI for the document comes first, then the archive's.
    """
    _sub(publication, "publisher", edition.publisher)
    if identifier := edition.identifier(name):
        _sub(publication, "idno", identifier, type="URI", subtype="edition")
    if metadata.url:
        _sub(publication, "idno", metadata.url, type="URI")
    if edition.licence or edition.licence_url or edition.rights or edition.availability != "unknown":
        availability = _sub(publication, "availability", status=edition.availability)
        if edition.licence or edition.licence_url:
            _sub(availability, "licence", edition.licence or edition.licence_url, target=edition.licence_url)
        if edition.rights or not (edition.licence or edition.licence_url):  # TEI wants availability non-empty
            _sub(availability, "p", edition.rights or _AVAILABILITY_SAYS[edition.availability])
    citation = metadata.citation
    if citation and citation.publisher:
        _sub(publication, "distributor", citation.publisher)


def _ms_desc(source_desc: etree._Element, citation: Citation, metadata: Metadata) -> None:
    ms_desc = _sub(source_desc, "msDesc")
    identifier = _sub(ms_desc, "msIdentifier")
    if citation.repository:
        _sub(identifier, "repository", citation.repository)
    for level, value in citation.identifiers:
        _sub(identifier, "idno", value, type=level)
    if not citation.repository and not citation.identifiers:
        _sub(identifier, "idno", "unknown", type="other")
    if citation.locus:
        item = _sub(_sub(ms_desc, "msContents"), "msItem")
        _sub(
            item,
            "locus",
            citation.locus,
            from_=str(citation.folio_from) if citation.folio_from is not None else None,
            to=str(citation.folio_to) if citation.folio_to is not None else None,
        )
        _sub(item, "title", citation.title or metadata.title or "")


_EDITORIAL_DECLARATION = (
    ("p", "Encoded from a plain-text transcription of an English translation. Square brackets, "
     "omission marks, asterisk notes and the publisher's Markdown and HTML residue are read as editorial "
     "signs; every sign is kept, so the transcription can be regenerated from this file."),
    ("normalization", "No text is normalised or corrected. Suspected slips (e.g. \"Kim II Sung\") are listed "
     "in the review report and left as written."),
    ("interpretation", "Words in square brackets are encoded as supplied by the translator (@reason: "
     "clarification, subject, implied, name-completion, date-completion, expansion, punctuation). Bracketed "
     "numbers are archival page breaks only inside the cited folio range and in ascending order. Omission "
     "marks are gap[@reason='omitted'] with @rend keeping the mark; a translator's note on withheld text is "
     "gap[@reason='redacted'] followed by the note."),
    ("segmentation", "One p per paragraph of the transcription. A paragraph the transcription split in "
     "mid-sentence is joined, and the split is marked with pb[@ed='transcript'][@type='seam']."),
    ("punctuation", "Balanced quotation marks are encoded as q (@rend gives the marks); unbalanced ones stay "
     "characters."),
)  # fmt: skip


def _editorial_declaration(encoding: etree._Element) -> None:
    declaration = _sub(encoding, "editorialDecl")
    for name, text in _EDITORIAL_DECLARATION:
        _sub(declaration if name == "p" else _sub(declaration, name), "p", text)


def _romanization_taxonomy(encoding: etree._Element) -> None:
    taxonomy = _sub(_sub(encoding, "classDecl"), "taxonomy", xml_id="romanization")
    for key, description in (
        ("RR", "Revised Romanization of Korean (2000)"),
        ("MR", "McCune–Reischauer romanization of Korean"),
        ("variant", "another spelling or romanization of the same name"),
    ):
        _sub(_sub(taxonomy, "category", xml_id=key), "catDesc", description)


def mark_editors_decisions(tree: etree._ElementTree, editor: str, applied: Mapping[str, str]) -> None:
    """Say in the header that an editor took these decisions, not the converter.

    The editor gets a ``respStmt`` (``xml:id="editor"``) and ``revisionDesc`` a
    ``change who="#editor"`` naming each decision by its report id and the
    choice taken, so a reader of the TEI can tell the editor's encoding from
    the converter's.
    """
    root = tree.getroot()
    title_stmt = root.find(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}fileDesc/{{{TEI_NS}}}titleStmt")
    revision = root.find(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}revisionDesc")
    if title_stmt is None or revision is None:
        raise ValueError("a document without titleStmt or revisionDesc: not built by build_document")
    taken_ids = set(root.xpath("//@xml:id"))
    editor_id = next(
        f"editor{suffix}"
        for suffix in ("", *(f"-{n}" for n in range(2, len(taken_ids) + 3)))
        if f"editor{suffix}" not in taken_ids
    )  # a speaker may be called "Editor"
    if editor_id != "editor":  # the elements an editor chose point to "#editor" (encoder.inline.editor_choices)
        for element in root.xpath("//*[@resp]"):
            element.set("resp", " ".join(f"#{editor_id}" if t == "#editor" else t for t in element.get("resp").split()))
    statement = _sub(title_stmt, "respStmt", xml_id=editor_id)
    _sub(statement, "resp", "editorial decisions taken by")
    _sub(statement, "name", editor)
    taken = "; ".join(f"{identifier}: {applied[identifier]}" for identifier in sorted(applied))
    _sub(
        revision, "change", f"Decisions taken by the editor, overriding the converter's: {taken}.", who=f"#{editor_id}"
    )
