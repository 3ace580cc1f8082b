"""Stage 4, model: the document as typed, immutable nodes named by TEI meaning.

Nodes are frozen slotted dataclasses: a document has thousands of them and
they are built from already validated parts, so they need immutability and
types, not validation (the settings files that do need checking are pydantic
models, :mod:`encoder.settings`). Every node that comes from the transcript keeps
``offset``, its source position.

Each node knows its TEI element name and attributes; :mod:`encoder.serialize`
turns the tree into TEI with lxml builders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Union

from encoder.vocabulary import (
    GapReason,
    GapUnit,
    HiRend,
    NotePlace,
    NoteRend,
    NoteType,
    PageRend,
    PageType,
    QuoteRend,
    RomanizationType,
    SicRend,
    SuppliedReason,
)

Inline = Union[str, "Element"]


@dataclass(frozen=True, slots=True)
class Element:
    """A TEI element: ``tag``, attributes in a stable order, children."""

    tag: ClassVar[str] = ""
    children: tuple[Inline, ...] = ()
    offset: int | None = field(default=None, compare=False)

    def attributes(self) -> dict[str, str]:
        return {}


# The elements' attributes() name their attributes and test each value in turn rather than call _attrs:
# a document asks some 10,000 elements a MB, and a call with keywords and a comprehension
# cost three times those tests. The same rule: a value that is None or empty is left out.
def _attrs(**values: str | None) -> dict[str, str]:
    return {key.replace("_", ":" if key == "xml_id" else "-"): value for key, value in values.items() if value}


@dataclass(frozen=True, slots=True)
class Generic(Element):
    """Any element with fixed attributes (``lb``, ``abbr``, ``label`` …)."""

    name: str = ""
    attrs: tuple[tuple[str, str], ...] = ()

    @property
    def element_name(self) -> str:
        return self.name

    def attributes(self) -> dict[str, str]:
        return dict(self.attrs)


@dataclass(frozen=True, slots=True)
class PageBreak(Element):
    """``[15]`` inside the cited folio range → ``<pb n="15" type="folio"/>``."""

    tag: ClassVar[str] = "pb"
    n: str = ""
    cert: str | None = None
    rend: PageRend | None = None  # "p-parenthesized": the transcript wrote "(p. 15)"
    type: PageType = "folio"  # "page": a page of the typescript or the PDF, not of the archival file
    resp: str | None = None  # "#editor": an editor's decision (encoder.overrides), not the converter's

    def attributes(self) -> dict[str, str]:
        attributes: dict[str, str] = {}
        if self.n:
            attributes["n"] = self.n
        if self.type:
            attributes["type"] = self.type
        if self.cert:
            attributes["cert"] = self.cert
        if self.rend:
            attributes["rend"] = self.rend
        if self.resp:
            attributes["resp"] = self.resp
        return attributes


@dataclass(frozen=True, slots=True)
class Seam(Element):
    """Where the transcript split one paragraph in two (restored by the round trip)."""

    tag: ClassVar[str] = "pb"

    def attributes(self) -> dict[str, str]:
        return {"ed": "transcript", "type": "seam", "cert": "low"}


@dataclass(frozen=True, slots=True)
class Gap(Element):
    """Omitted, redacted or illegible text; ``rend`` keeps the marker's form."""

    tag: ClassVar[str] = "gap"
    reason: GapReason = "omitted"
    rend: str | None = None  # an OmissionRend, or "bracketed"/"double-bracketed" for a described gap
    quantity: str | None = None
    unit: GapUnit | None = None

    def attributes(self) -> dict[str, str]:
        attributes: dict[str, str] = {}
        if self.reason:
            attributes["reason"] = self.reason
        if self.quantity:
            attributes["quantity"] = self.quantity
        if self.unit:
            attributes["unit"] = self.unit
        if self.rend:
            attributes["rend"] = self.rend
        return attributes


@dataclass(frozen=True, slots=True)
class Supplied(Element):
    tag: ClassVar[str] = "supplied"
    reason: SuppliedReason = "clarification"
    cert: str | None = None
    rend: str | None = None
    # The translator supplied the words; "#translator #editor": an editor decided they are supplied words.
    resp: str = "#translator"

    def attributes(self) -> dict[str, str]:
        attributes: dict[str, str] = {}
        if self.reason:
            attributes["reason"] = self.reason
        if self.resp:
            attributes["resp"] = self.resp
        if self.cert:
            attributes["cert"] = self.cert
        if self.rend:
            attributes["rend"] = self.rend
        return attributes


@dataclass(frozen=True, slots=True)
class Note(Element):
    """A note: translator's footnote at its marker, or a bracketed note in place."""

    tag: ClassVar[str] = "note"
    type: NoteType = "translator"
    place: NotePlace = "foot"
    n: str | None = None
    xml_id: str | None = None
    rend: NoteRend | None = None
    resp: str | None = None  # "#translator #editor": an editor decided this bracket is the translator's note

    def attributes(self) -> dict[str, str]:
        attributes: dict[str, str] = {}
        if self.xml_id:
            attributes["xml:id"] = self.xml_id
        if self.type:
            attributes["type"] = self.type
        if self.place:
            attributes["place"] = self.place
        if self.n:
            attributes["n"] = self.n
        if self.rend:
            attributes["rend"] = self.rend
        if self.resp:
            attributes["resp"] = self.resp
        return attributes


@dataclass(frozen=True, slots=True)
class Choice(Element):
    """``choice`` with its two alternatives already in ``children``."""

    tag: ClassVar[str] = "choice"
    rend: str | None = None

    def attributes(self) -> dict[str, str]:
        return {"rend": self.rend} if self.rend else {}


@dataclass(frozen=True, slots=True)
class Reg(Element):
    tag: ClassVar[str] = "reg"
    type: RomanizationType = "RR"
    cert: str | None = None

    def attributes(self) -> dict[str, str]:
        attributes: dict[str, str] = {}
        if self.type:
            attributes["type"] = self.type
        if self.cert:
            attributes["cert"] = self.cert
        return attributes


@dataclass(frozen=True, slots=True)
class Name(Element):
    """``persName``, ``placeName``, ``orgName`` or ``name``."""

    kind: str = "name"
    ref: str | None = None

    @property
    def element_name(self) -> str:
        return self.kind

    def attributes(self) -> dict[str, str]:
        return {"ref": self.ref} if self.ref else {}


@dataclass(frozen=True, slots=True)
class Date(Element):
    """A day, a month or a year (``when``), or a range of them (``start`` and ``end``: ``@from``, ``@to``)."""

    tag: ClassVar[str] = "date"
    when: str = ""
    cert: str | None = None
    start: str | None = None
    end: str | None = None

    def attributes(self) -> dict[str, str]:
        attributes: dict[str, str] = {"when": self.when} if self.when else {}
        if self.start and self.end:
            attributes["from"] = self.start
            attributes["to"] = self.end
        if self.cert:
            attributes["cert"] = self.cert
        return attributes


@dataclass(frozen=True, slots=True)
class Sic(Element):
    """``word [sic]`` → ``<sic>word</sic>``; the round trip writes ``[sic]`` back."""

    tag: ClassVar[str] = "sic"
    rend: SicRend = "bracketed-sic"

    def attributes(self) -> dict[str, str]:
        return {"rend": self.rend} if self.rend else {}


@dataclass(frozen=True, slots=True)
class Highlight(Element):
    tag: ClassVar[str] = "hi"
    rend: HiRend = "superscript"

    def attributes(self) -> dict[str, str]:
        return {"rend": self.rend} if self.rend else {}


@dataclass(frozen=True, slots=True)
class Quote(Element):
    tag: ClassVar[str] = "q"
    rend: QuoteRend = "straight"

    def attributes(self) -> dict[str, str]:
        return {"rend": self.rend} if self.rend else {}


@dataclass(frozen=True, slots=True)
class Said(Element):
    """``(Ambassador Pan: …)`` interjection (``rend="parenthesized"``) or ``MILLER: …`` speech."""

    tag: ClassVar[str] = "said"
    who: str = ""
    rend: str | None = "parenthesized"

    def attributes(self) -> dict[str, str]:
        attributes: dict[str, str] = {}
        if self.who:
            attributes["who"] = self.who
        if self.rend:
            attributes["rend"] = self.rend
        return attributes


def element_name(node: Element) -> str:
    if isinstance(node, Generic | Name):
        return node.element_name
    return node.tag


def generic(name: str, children: tuple[Inline, ...] = (), **attrs: str) -> Generic:
    return Generic(children=children, name=name, attrs=tuple(_attrs(**attrs).items()))


# Blocks ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Block:
    """A body block: ``p``, ``head``, or a container such as ``opener``."""

    name: str
    children: tuple[Inline, ...]
    attrs: tuple[tuple[str, str], ...] = ()
    offset: int | None = field(default=None, compare=False)


# Placeholders that live only between the inline stage and the note transform --


@dataclass(frozen=True, slots=True)
class NoteAnchor(Element):
    """An asterisk footnote marker waiting for its note (``"Hongqi"\\*``)."""

    tag: ClassVar[str] = "#anchor"
    marker: str = "*"  # as written: "*" or the Markdown escape "\\*"


@dataclass(frozen=True, slots=True)
class PendingNote(Element):
    """A note body found in the same paragraph as its marker (``… \\* (Nodong …)``)."""

    tag: ClassVar[str] = "#pending-note"
    opener: str = "* "  # as written, for a note that finds no marker


def has_words(nodes: Sequence[Inline]) -> bool:
    """Some text other than spaces, at any depth: what a note needs to say anything.

    Page breaks and gaps are marks without text of their own; a marker waiting for
    its note will carry one.
    """
    return any(
        (node.strip() if isinstance(node, str) else isinstance(node, NoteAnchor) or has_words(node.children))
        for node in nodes
    )
