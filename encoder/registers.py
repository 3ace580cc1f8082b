"""The edition's register of persons, places and organisations: ``tei/registers.xml``.

A TEI document whose ``standOff`` holds one entry per real entity, with every
spelling the transcripts use::

    <listPerson>
      <person xml:id="person-kim-il-sung">
        <persName>Kim Il Sung</persName>
        <persName type="variant" subtype="revised-romanization">Kim Il-seong</persName>
        <persName type="variant" subtype="russian">Kim Ir Sen</persName>
        <idno type="Wikidata">…</idno>          <!-- added by an editor, never by the tool -->
      </person>
    </listPerson>
    <listPlace> <place xml:id="place-pyongyang"> <placeName>Pyongyang</placeName> … </listPlace>
    <listOrg> <org xml:id="org-workers-party-of-korea"> <orgName>Workers' Party of Korea</orgName> … </listOrg>

Body markup points to an entry as ``ref="registers.xml#person-kim-il-sung"``.
Editors curate the register; the converter only *proposes*: an entry with
``resp="#tei-encoder"`` (and ``cert="low"``) is a proposal, which links
nothing until an editor accepts it by removing those two attributes.
A proposal is always a new entry: a spelling is never added to an existing
one behind the editor's back.

A spelling that two curated entries share (``Kim``) links to neither: which
one is meant is the editor's decision, and the converter reports it.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from lxml import etree

from encoder import patterns
from encoder.atomic import write_atomic
from encoder.errors import Diagnostic, InputError, Severity, os_error_message
from encoder.limits import read_register_within
from encoder.safexml import parse_xml_bytes

if TYPE_CHECKING:
    from encoder.validation.positions import SourcePositions

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
REGISTER_FILE = "registers.xml"
PROPOSED_BY = "#tei-encoder"

NameElement = Literal["persName", "placeName", "orgName"]


class Kind(enum.StrEnum):
    """What an entry is: its element in the register (``person``) and its ids' prefix (``person-…``)."""

    PERSON = "person"
    PLACE = "place"
    ORG = "org"


# What each kind of entry is called in the register and in the text.
LIST_OF: dict[Kind, str] = {Kind.PERSON: "listPerson", Kind.PLACE: "listPlace", Kind.ORG: "listOrg"}
NAME_OF: dict[Kind, NameElement] = {Kind.PERSON: "persName", Kind.PLACE: "placeName", Kind.ORG: "orgName"}
KIND_OF: dict[str, Kind] = {name: kind for kind, name in NAME_OF.items()}
_ID = patterns.compile(r"(person|place|org)-[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class Idno:
    """An authority file's identifier of the entry, as the editor wrote it: ``<idno type="Wikidata">Q39031</idno>``."""

    type: str  # Wikidata, VIAF, GeoNames, …
    value: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One person, place or organisation of the register.

    ``spellings`` are its names, each once: the preferred one first (the name
    with ``type="preferred"``, else the first), then the others in the
    register's order. ``subtypes`` go with them, position by position: each
    name's ``@subtype`` (``revised-romanization``, ``misprint``, …) or ``""``.
    """

    identifier: str
    kind: Kind
    spellings: tuple[str, ...]
    proposed: bool = False  # resp="#tei-encoder": links nothing until an editor accepts it
    subtypes: tuple[str, ...] = ()
    idnos: tuple[Idno, ...] = ()
    note: str = ""

    @property
    def ref(self) -> str:
        return f"{REGISTER_FILE}#{self.identifier}"

    @property
    def preferred(self) -> str:
        return self.spellings[0] if self.spellings else self.identifier

    @property
    def variants(self) -> tuple[tuple[str, str], ...]:
        """The other spellings, each with its subtype."""
        subtypes = self.subtypes + ("",) * (len(self.spellings) - len(self.subtypes))
        return tuple(zip(self.spellings[1:], subtypes[1:], strict=True))


def spelling_key(spelling: str) -> str:
    """Spellings are compared with runs of white space as one space and one apostrophe."""
    return " ".join(spelling.replace("’", "'").split())


@dataclass(frozen=True, slots=True)
class Register:
    entries: tuple[Entry, ...] = ()
    path: str = REGISTER_FILE
    # the file as read: the site publishes it beside the documents' TEI, which points into it
    data: bytes = field(default=b"", compare=False, repr=False)
    _by_spelling: dict[str, tuple[Entry, ...]] = field(default_factory=dict, compare=False, repr=False)
    _by_identifier: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)
    # the converter asks for them in every paragraph and for every name it finds: made once, in of()
    _curated_spellings: tuple[str, ...] = field(default=(), compare=False, repr=False)
    _curated_by_spelling: dict[str, tuple[Entry, ...]] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, entries: Sequence[Entry], path: str = REGISTER_FILE, data: bytes = b"") -> Register:
        by_spelling: dict[str, list[Entry]] = {}
        for entry in entries:
            for spelling in entry.spellings:
                found = by_spelling.setdefault(spelling_key(spelling), [])
                if entry not in found:
                    found.append(entry)
        curated = {key: tuple(entry for entry in found if not entry.proposed) for key, found in by_spelling.items()}
        return cls(
            tuple(entries),
            path,
            data,
            {key: tuple(found) for key, found in by_spelling.items()},
            {entry.identifier: entry for entry in entries},
            _curated_spellings(entries),
            {key: found for key, found in curated.items() if found},
        )

    def entries_for(self, spelling: str, *, proposed: bool = False) -> tuple[Entry, ...]:
        """The entries that list ``spelling``: curated ones only, unless ``proposed``."""
        if not proposed and self._curated_by_spelling is not None:
            return self._curated_by_spelling.get(spelling_key(spelling), ())
        return tuple(e for e in self._by_spelling.get(spelling_key(spelling), ()) if proposed or not e.proposed)

    def entry(self, identifier: str) -> Entry | None:
        """The entry with this xml:id, curated or proposed."""
        return self._by_identifier.get(identifier)

    def spellings(self) -> tuple[str, ...]:
        """Every spelling a curated entry lists, longest first (the longest name wins)."""
        return (
            self._curated_spellings if self._curated_spellings or not self.entries else _curated_spellings(self.entries)
        )

    def identifiers(self) -> frozenset[str]:
        return frozenset(self._by_identifier)


def _curated_spellings(entries: Sequence[Entry]) -> tuple[str, ...]:
    known = {spelling_key(s) for entry in entries if not entry.proposed for s in entry.spellings}
    return tuple(sorted(known, key=lambda spelling: (-len(spelling), spelling)))


# ---- reading: one reader for the converter, `register` and the site's entity views --------------


def load_register(path: Path) -> Register:
    """The register in ``path``; a file that does not read, or is no register, is an input error
    listing every problem at its ``line:col`` (:func:`read_register`)."""
    name = str(path)
    try:
        data = read_register_within(path)
    except OSError as error:
        message = f"cannot read the register: {os_error_message(error)}"
        raise InputError(f"{name}: {message}", [Diagnostic("REGISTER", Severity.ERROR, message, name)]) from None
    return read_register(parse_xml_bytes(data, name), name, data)


@functools.lru_cache(maxsize=4)
def _read_register_version(name: str, data: bytes) -> Register:
    return read_register(parse_xml_bytes(data, name), name, data)


def load_register_cached(path: Path) -> Register:
    """The register, parsed once per content of the file: a corpus's conversions share it.

    Keyed by the file's bytes, not its status: a register rewritten within one
    timestamp tick with the same size is still parsed again (a register is small)."""
    name = str(path)
    try:
        data = read_register_within(path)
    except OSError:
        return load_register(path)  # says why it cannot be read
    return _read_register_version(name, data)


def is_register(tree: etree._ElementTree) -> bool:
    """A TEI document with a standOff and no text: a register, not a document of the edition."""
    root = tree.getroot()
    return root.find(f"{{{TEI_NS}}}standOff") is not None and root.find(f"{{{TEI_NS}}}text") is None


def read_register(tree: etree._ElementTree, name: str = REGISTER_FILE, data: bytes | None = None) -> Register:
    """The entries of a register's tree (``data``, the file's bytes, gives the problems their columns).

    Every ``person``, ``place`` and ``org`` under the ``standOff`` is an entry,
    in lists nested or not (a place within a place, the members of an org).
    A register the converter and the site cannot trust is refused as a whole,
    with every problem at once (exit 1), because a name would link wrongly or
    nowhere:

    - ``REGISTER``: no TEI document with a ``standOff``;
    - ``REGISTER-NO-ID``: an entry without ``xml:id``;
    - ``REGISTER-BAD-ID``: an id without its kind's prefix (``person-…``), or not
      in lower-case letters, digits and hyphens (it names a page of the site);
    - ``REGISTER-DUPLICATE-ID``: an id used twice (which of the two would a name mean?);
    - ``REGISTER-NO-NAME``: an entry without a name (nothing to link, nothing to show).
    """
    problems = _Problems(tree, name, data)
    root = tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI" or root.find(f"{{{TEI_NS}}}standOff") is None:
        problems.add("REGISTER", "not a register: expected a TEI document with a standOff", root)
        problems.raise_any()
    entries: list[Entry] = []
    first_use: dict[str, etree._Element] = {}
    for kind in Kind:
        for element in root.iterfind(f"{{{TEI_NS}}}standOff//{{{TEI_NS}}}{kind}"):
            identifier = (element.get(XML_ID) or "").strip()
            example = f"such as '{kind}-kim-il-sung'"
            if not identifier:
                problems.add("REGISTER-NO-ID", f"a {kind} needs an xml:id {example}", element)
                continue
            if not _ID.fullmatch(identifier) or not identifier.startswith(f"{kind}-"):
                problems.add("REGISTER-BAD-ID", f"a {kind} needs an xml:id {example} (got {identifier!r})", element)
                continue
            if identifier in first_use:
                where = f"line {first_use[identifier].sourceline}"
                problems.add(
                    "REGISTER-DUPLICATE-ID", f"the xml:id {identifier!r} is used twice (first at {where})", element
                )
                continue
            first_use[identifier] = element
            entry = _entry(element, identifier, kind)
            if not entry.spellings:
                problems.add("REGISTER-NO-NAME", f"{identifier!r} has no {NAME_OF[kind]}", element)
                continue
            entries.append(entry)
    problems.raise_any()
    return Register.of(entries, name, data or b"")


def _entry(element: etree._Element, identifier: str, kind: Kind) -> Entry:
    names = [(_text(name), name) for name in element.iterchildren(f"{{{TEI_NS}}}{NAME_OF[kind]}")]
    names = [(spelling, name) for spelling, name in names if spelling]
    preferred = next((found for found in names if found[1].get("type") == "preferred"), names[0] if names else None)
    subtypes: dict[str, str] = {}  # spelling → the subtype it first has
    for spelling, name in [preferred, *names] if preferred is not None else []:
        subtypes.setdefault(spelling, name.get("subtype") or "")
    return Entry(
        identifier,
        kind,
        tuple(subtypes),
        proposed=element.get("resp") == PROPOSED_BY,
        subtypes=tuple(subtypes.values()),
        idnos=tuple(
            Idno(idno.get("type") or "", _text(idno))
            for idno in element.iterchildren(f"{{{TEI_NS}}}idno")
            if _text(idno)
        ),
        note=" ".join(_text(note) for note in element.iterchildren(f"{{{TEI_NS}}}note")),
    )


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


class _Problems:
    """The problems of one register, each at its element's ``line:col``, raised together."""

    def __init__(self, tree: etree._ElementTree, name: str, data: bytes | None) -> None:
        self._tree = tree
        self._name = name
        self._data = data
        self._positions: SourcePositions | None = None  # made for the first problem: a sound register needs none
        self.found: list[Diagnostic] = []

    def add(self, code: str, message: str, element: etree._Element) -> None:
        if self._positions is None:
            from encoder.validation.positions import SourcePositions

            self._positions = SourcePositions(self._tree, self._data)
        positions = self._positions
        line, col = positions.of(element)
        source_line = positions.source_line(line)
        self.found.append(Diagnostic(code, Severity.ERROR, message, self._name, line, col, source_line))

    def raise_any(self) -> None:
        if self.found:
            first = self.found[0]
            more = f" (and {len(self.found) - 1} more)" if len(self.found) > 1 else ""
            raise InputError(f"{first.location}: {first.message}{more}", self.found)


def slug(text: str) -> str:
    """``Workers' Party of Korea`` → ``workers-party-of-korea``: ASCII letters and digits, hyphenated."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    folded = folded.replace("'", "")
    return "-".join(re.findall(r"[a-z0-9]+", folded)) or "unnamed"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A name the rules found and the register does not know, to propose as an entry."""

    spelling: str
    kind: Kind


def propose(tree: etree._ElementTree, candidates: Iterable[Candidate]) -> list[Entry]:
    """Add each candidate no entry (curated or proposed) lists as a new proposed entry; the added ones.

    Never adds a spelling to an existing entry: whether ``Kim`` is Kim Il Sung is
    the editor's call.
    """
    register = read_register(tree)
    used = set(register.identifiers())
    stand_off = tree.getroot().find(f"{{{TEI_NS}}}standOff")
    assert stand_off is not None  # read_register refused a register without one
    added: list[Entry] = []
    for candidate in sorted(set(candidates), key=lambda c: (c.kind, spelling_key(c.spelling))):
        if register.entries_for(candidate.spelling, proposed=True) or any(
            spelling_key(candidate.spelling) in map(spelling_key, entry.spellings) for entry in added
        ):
            continue
        base = f"{candidate.kind}-{slug(candidate.spelling)}"
        identifier, number = base, 2
        while identifier in used:
            identifier, number = f"{base}-{number}", number + 1
        used.add(identifier)
        entry_list = _list_for(stand_off, candidate.kind)
        entry = etree.SubElement(entry_list, f"{{{TEI_NS}}}{candidate.kind}")
        entry.set(XML_ID, identifier)
        entry.set("resp", PROPOSED_BY)
        entry.set("cert", "low")
        etree.SubElement(entry, f"{{{TEI_NS}}}{NAME_OF[candidate.kind]}").text = spelling_key(candidate.spelling)
        added.append(Entry(identifier, candidate.kind, (spelling_key(candidate.spelling),), proposed=True))
    return added


def _list_for(stand_off: etree._Element, kind: Kind) -> etree._Element:
    found = stand_off.find(f"{{{TEI_NS}}}{LIST_OF[kind]}")
    if found is not None:
        return found
    # Lists stand in the order persons, places, organisations.
    order = list(LIST_OF.values())
    new = etree.Element(f"{{{TEI_NS}}}{LIST_OF[kind]}")
    later = [child for child in stand_off if etree.QName(child).localname in order[order.index(LIST_OF[kind]) + 1 :]]
    if later:
        later[0].addprevious(new)
    else:
        stand_off.append(new)
    return new


def empty_register(title: str = "Register of persons, places and organisations") -> etree._ElementTree:
    """A register with no entries yet: the header TEI asks for and an empty standOff."""
    t = f"{{{TEI_NS}}}"
    root = etree.Element(f"{t}TEI", nsmap={None: TEI_NS})
    header = etree.SubElement(root, f"{t}teiHeader")
    file_desc = etree.SubElement(header, f"{t}fileDesc")
    etree.SubElement(etree.SubElement(file_desc, f"{t}titleStmt"), f"{t}title", type="main").text = title
    etree.SubElement(
        etree.SubElement(file_desc, f"{t}publicationStmt"), f"{t}p"
    ).text = "Curated by the edition's editors; entries with resp='#tei-encoder' are proposals of the converter."
    etree.SubElement(etree.SubElement(file_desc, f"{t}sourceDesc"), f"{t}p").text = "Born digital."
    applications = etree.SubElement(etree.SubElement(header, f"{t}encodingDesc"), f"{t}appInfo")
    application = etree.SubElement(applications, f"{t}application", ident="tei-encoder", version="1")
    application.set(XML_ID, "tei-encoder")
    etree.SubElement(application, f"{t}label").text = "tei-encoder"
    etree.SubElement(root, f"{t}standOff")  # its lists come with their first entries: TEI wants none empty
    return root.getroottree()


def write_register(tree: etree._ElementTree, path: Path) -> None:
    """Write the register, pointing editors at the project's schemas as the documents do."""
    from encoder.validation import schema_dir_for, xml_model_hrefs, xml_model_pis

    root = tree.getroot()
    if not xml_model_hrefs(tree):
        first = root
        while (previous := first.getprevious()) is not None:
            first = previous
        for instruction in xml_model_pis(path, schema_dir_for(path)):
            first.addprevious(instruction)
    etree.indent(tree, space="  ")
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    write_atomic(path, data)
