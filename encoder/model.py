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
    # (TEI attribute, field) in the order they are written; a field that is None or empty is left out.
    ATTRIBUTES: ClassVar[tuple[tuple[str, str], ...]] = ()
    children: tuple[Inline, ...] = ()
    offset: int | None = field(default=None, compare=False)

    def attributes(self) -> dict[str, str]:
        # A loop over the class's table rather than _attrs(**…): a document asks some 10,000
        # elements a MB, and a call with keywords and a comprehension cost twice this loop.
        attributes: dict[str, str] = {}
        for name, field_name in self.ATTRIBUTES:
            if value := getattr(self, field_name):
                attributes[name] = value
        return attributes


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
    ATTRIBUTES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("n", "n"),
        ("type", "type"),
        ("cert", "cert"),
        ("rend", "rend"),
        ("resp", "resp"),
    )
    n: str = ""
    cert: str | None = None
    rend: PageRend | None = None  # "p-parenthesized": the transcript wrote "(p. 15)"
    type: PageType = "folio"  # "page": a page of the typescript or the PDF, not of the archival file
    resp: str | None = None  # "#editor": an editor's decision (encoder.overrides), not the converter's


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
    ATTRIBUTES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("reason", "reason"),
        ("quantity", "quantity"),
        ("unit", "unit"),
        ("rend", "rend"),
    )
    reason: GapReason = "omitted"
    rend: str | None = None  # an OmissionRend, or "bracketed"/"double-bracketed" for a described gap
    quantity: str | None = None
    unit: GapUnit | None = None


@dataclass(frozen=True, slots=True)
class Supplied(Element):
    tag: ClassVar[str] = "supplied"
    ATTRIBUTES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("reason", "reason"),
        ("resp", "resp"),
        ("cert", "cert"),
        ("rend", "rend"),
    )
    reason: SuppliedReason = "clarification"
    cert: str | None = None
    rend: str | None = None
    # The translator supplied the words; "#translator #editor": an editor decided they are supplied words.
    resp: str = "#translator"


@dataclass(frozen=True, slots=True)
class Note(Element):
    """A note: translator's footnote at its marker, or a bracketed note in place."""

    tag: ClassVar[str] = "note"
    ATTRIBUTES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("xml:id", "xml_id"),
        ("type", "type"),
        ("place", "place"),
        ("n", "n"),
        ("rend", "rend"),
        ("resp", "resp"),
    )
    type: NoteType = "translator"
    place: NotePlace = "foot"
    n: str | None = None
    xml_id: str | None = None
    rend: NoteRend | None = None
    resp: str | None = None  # "#translator #editor": an editor decided this bracket is the translator's note


@dataclass(frozen=True, slots=True)
class Choice(Element):
    """``choice`` with its two alternatives already in ``children``."""

    tag: ClassVar[str] = "choice"
    ATTRIBUTES: ClassVar[tuple[tuple[str, str], ...]] = (("rend", "rend"),)
    rend: str | None = None


@dataclass(frozen=True, slots=True)
class Reg(Element):
    tag: ClassVar[str] = "reg"
    ATTRIBUTES: ClassVar[tuple[tuple[str, str], ...]] = (("type", "type"), ("cert", "cert"))
    type: RomanizationType = "RR"
    cert: str | None = None


@dataclass(frozen=True, slots=True)
class Name(Element):
    """``persName``, ``placeName``, ``orgName`` or ``name``."""

    ATTRIBUTES: ClassVar[tuple[tuple[str, str], ...]] = (("ref", "ref"),)

    kind: str = "name"
    ref: str | None = None

    @property
    def element_name(self) -> str:
        return self.kind


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
    ATTRIBUTES: ClassVar[tuple[tuple[str, str], ...]] = (("rend", "rend"),)
    rend: SicRend = "bracketed-sic"


@dataclass(frozen=True, slots=True)
class Highlight(Element):
    tag: ClassVar[str] = "hi"
    ATTRIBUTES: ClassVar[tuple[tuple[str, str], ...]] = (("rend", "rend"),)
    rend: HiRend = "superscript"


@dataclass(frozen=True, slots=True)
class Quote(Element):
    tag: ClassVar[str] = "q"
    ATTRIBUTES: ClassVar[tuple[tuple[str, str], ...]] = (("rend", "rend"),)
    rend: QuoteRend = "straight"


@dataclass(frozen=True, slots=True)
class Said(Element):
    """``(Ambassador Pan: …)`` interjection (``rend="parenthesized"``) or ``MILLER: …`` speech."""

    tag: ClassVar[str] = "said"
    ATTRIBUTES: ClassVar[tuple[tuple[str, str], ...]] = (("who", "who"), ("rend", "rend"))
    who: str = ""
    rend: str | None = "parenthesized"


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
