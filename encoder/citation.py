"""The ``Citation:`` line: kept verbatim, and read into its parts.

Example (seed ``1965-06-04``)::

    "Excerpts from the Report …", June 4, 1965, Wilson Center Digital Archive,
    AVPRF, fond 0102, opis 21, papka 106, delo 20, listy 14-27.
    Obtained and translated for NKIDP by Sergey Radchenko.

→ title, date, publisher ``Wilson Center Digital Archive``, repository ``AVPRF``,
one identifier per archival level (``fond``/``opis``/``papka``/``delo``), the
folio range 14–27 (which decides what ``[n]`` in the body may be a page), and
one responsibility per role. A file number such as ``PRC FMA 106-00827-02, 70-79``
gives repository ``PRC FMA``, identifier ``106-00827-02`` and pages 70–79.
Whatever cannot be read stays only in the verbatim text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, cast

from lxml import etree

from encoder import patterns
from encoder.dates import DATE_PATTERN, parse_date
from encoder.vocabulary import ARCHIVAL_LEVELS


@dataclass(frozen=True, slots=True, kw_only=True)
class Responsibility:
    role: str  # "obtained by", "translated by", "obtained and translated for NKIDP by" …
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    text: str
    title: str | None = None
    date_when: str | None = None
    publisher: str | None = None
    repository: str | None = None
    identifiers: tuple[tuple[str, str], ...] = ()  # (archival level, value)
    locus: str | None = None  # the folio/page range as written
    folio_from: int | None = None
    folio_to: int | None = None
    responsibilities: tuple[Responsibility, ...] = ()
    url: str | None = None


@functools.cache
def _any_uri() -> etree.RelaxNG:
    grammar = (
        '<element name="u" xmlns="http://relaxng.org/ns/structure/1.0" '
        'datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes"><data type="anyURI"/></element>'
    )
    return etree.RelaxNG(etree.fromstring(grammar))


def is_uri(text: str) -> bool:
    """``text`` is an ``xsd:anyURI`` as the schema's validator reads it (``http://[`` is not: an unclosed IPv6 host).

    The check is the validator's own, so a URL written into ``idno[@type='URI']`` never makes the TEI invalid.
    """
    element = etree.Element("u")
    element.text = text
    return bool(_any_uri().validate(element))


URL_PATTERN = patterns.compile(r"<?(https?://[^\s<>]+?)>?(?=[\s.,;)]*$|[\s,;)])")
_SENTENCE_BREAK = patterns.compile(r"(\.\s+|\.$|\s+(?=https?://))")
_TITLE = patterns.compile(r'^\s*"(?P<title>.+?)",\s')
_PUBLISHER = patterns.compile(r"(?P<publisher>[^,.\"]*\b(?:Digital Archive|Archive|Archives|Library))\s*,\s*")
_LEVEL = patterns.compile(
    r"^(?P<level>fond|f\.|opis|op\.|papka|pap\.|delo|d\.|dossier|file|folder|box|series"
    r"|collection|record group|RG|reel|listy|list|ll\.|l\.|pages|pp\.|p\.|folios|folio|ff?\.)"
    r"\s+(?P<value>\S.*)$",
    re.IGNORECASE,
)
_LOCUS_LEVELS = {"list", "listy", "ll.", "l.", "pages", "pp.", "p.", "folio", "folios", "f.", "ff."}
_RANGE = patterns.compile(r"^(?P<from>\d{1,5})(?:\s*[-–—]\s*(?P<to>\d{1,5}))?$")
_REPOSITORY_WITH_ID = patterns.compile(r"^(?P<repository>.*?[A-Za-z].*?)\s+(?P<id>\d[\w./-]*\d)$")
# Any credit phrase "X by", "X and Y by", "X, Y, and Z for NKIDP by": the roles are open.
_ROLE_VERB = r"[A-Za-z]+ed"
_RESPONSIBILITY = patterns.compile(
    rf"(?P<role>\b[A-Za-z][a-z]+ed(?:,?\s+(?:and\s+)?{_ROLE_VERB})*(?: for [^.]*?)? by)\s+"
    rf"(?P<names>.+?)(?=\s+and\s+{_ROLE_VERB}(?:\s+(?:and\s+)?{_ROLE_VERB})*(?: for [^.]*?)? by\b|\.\s|\.$|\s+https?://|$)",
)
_URL_CUT_AT_SLASH = patterns.compile(r"(https?://\S+/)\s+(\d+)\b")
_VERB_SEPARATOR = patterns.compile(r",\s*(?:and\s+)?|\s+and\s+")


def _roles(phrase: str) -> list[str]:
    """One role per verb: ``Obtained and translated for NKIDP by`` → ``obtained for NKIDP by``,
    ``translated for NKIDP by``; ``Contributed, transcribed, and translated by`` → three roles."""
    match = re.fullmatch(r"(?P<verbs>.+?)(?P<qualifier> for .+?)? by", phrase)
    if match is None:
        return [_lower_first(phrase)]
    verbs = [verb for verb in _VERB_SEPARATOR.split(match.group("verbs")) if verb.strip()]
    return [f"{verb.strip().lower()}{match.group('qualifier') or ''} by" for verb in verbs]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _split_names(names: str) -> tuple[str, ...]:
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", names.strip().rstrip("."))
    return tuple(part.strip() for part in parts if part.strip())


def parse_citation(text: str) -> Citation:
    fields: dict[str, object] = {"text": text}
    rest = text
    title = _TITLE.match(rest)
    if title:
        fields["title"] = title.group("title")
        rest = rest[title.end() :]
    date = DATE_PATTERN.match(rest)
    if date:
        fields["date_when"] = parse_date(date.group())
        rest = rest[date.end() :].lstrip(", ")
    publisher = _PUBLISHER.match(rest)
    if publisher:
        fields["publisher"] = publisher.group("publisher").strip()
        rest = rest[publisher.end() :]
    # A PDF's line break may cut the address after its last slash ("…/document/ 301962").
    url = URL_PATTERN.search(_URL_CUT_AT_SLASH.sub(r"\1\2", text))
    if url:
        fields["url"] = url.group(1).rstrip(".")
    # The archival part runs up to the credits ("Obtained by …"), or else to the first
    # sentence break; abbreviations with dots ("kart. 2", "a.e. 612") stay inside it.
    first_credit = _RESPONSIBILITY.search(rest)
    if first_credit:
        archival, credits = rest[: first_credit.start()].rstrip(" ."), rest[first_credit.start() :]
    else:
        archival, _, credits = [*_SENTENCE_BREAK.split(rest, maxsplit=1), "", ""][:3]
    url_in_archival = URL_PATTERN.search(archival)
    if url_in_archival:
        archival = archival[: url_in_archival.start()].rstrip(" .")
    _read_archival(archival, fields)
    responsibilities = [
        Responsibility(role=role, names=_split_names(match.group("names")))
        for match in _RESPONSIBILITY.finditer(credits)
        for role in _roles(match.group("role"))
    ]
    fields["responsibilities"] = tuple(r for r in responsibilities if r.names)
    return Citation(**cast(dict[str, Any], fields))  # the parts found, by field name


_LEVEL_NAMES = {"f.": "fond", "op.": "opis", "pap.": "papka", "d.": "delo", "rg": "record-group"}


def _level_name(written: str) -> str:
    """The level as an ``idno/@type`` value: ``op.`` → ``opis``, ``record group`` → ``record-group``.

    A level the schema does not list is ``other`` (the citation keeps the word as written).
    """
    lowered = written.lower()
    name = _LEVEL_NAMES.get(lowered, lowered.rstrip(".").replace(" ", "-"))
    return name if name in ARCHIVAL_LEVELS else "other"


def _folio_numbers(page_range: re.Match[str] | None) -> tuple[int, int]:
    if page_range is None:
        return 0, 0
    return int(page_range.group("from")), int(page_range.group("to") or page_range.group("from"))


def _read_archival(archival: str, fields: dict[str, object]) -> None:
    identifiers: list[tuple[str, str]] = []
    parts = [part.strip() for part in archival.split(",") if part.strip()]
    for index, part in enumerate(parts):
        level = _LEVEL.match(part)
        bare_range = _RANGE.match(part)
        last = index == len(parts) - 1
        if (level and level.group("level").lower() in _LOCUS_LEVELS) or (bare_range and index > 0 and last):
            value = level.group("value") if level else part
            lowest, highest = _folio_numbers(_RANGE.match(value.strip()))
            if lowest and highest:
                fields["locus"] = part
                fields["folio_from"], fields["folio_to"] = lowest, highest
            else:  # no folio is numbered 0 (a cut or a slip): an identifier as written, not a locus
                identifiers.append(("other", part))
        elif level:
            identifiers.append((_level_name(level.group("level")), level.group("value")))
        elif index == 0:
            with_id = _REPOSITORY_WITH_ID.match(part)
            if with_id:
                fields["repository"] = with_id.group("repository")
                identifiers.append(("file", with_id.group("id")))
            else:
                fields["repository"] = part
        else:
            identifiers.append(("other", part))
    fields["identifiers"] = tuple(identifiers)
