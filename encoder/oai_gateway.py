"""A small OAI-PMH 2.0 gateway for one static repository (the site's ``oai.xml``).

OAI-PMH harvesters speak a protocol of requests (``?verb=ListRecords&metadataPrefix=oai_dc``);
a static repository is one file. This gateway answers the six verbs from that
file, with the protocol's errors (badVerb, badArgument, cannotDisseminateFormat,
idDoesNotExist, noRecordsMatch, noSetHierarchy, badResumptionToken). Every
answer fits one response, so there are no resumption tokens.

``tei-encoder oai build/site/oai.xml --port 8080`` serves it on loopback.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from lxml import etree

from encoder.harvest import OAI_NS, STATIC_NS, XSI_NS
from encoder.safexml import parse_xml_bytes

_O = f"{{{OAI_NS}}}"
_S = f"{{{STATIC_NS}}}"
# verb → (required arguments, optional arguments)
_VERBS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "Identify": (frozenset(), frozenset()),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"})),
    "ListSets": (frozenset(), frozenset({"resumptionToken"})),
    "ListIdentifiers": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set", "resumptionToken"})),
    "ListRecords": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set", "resumptionToken"})),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset()),
}


class OaiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class Gateway:
    """Answers OAI-PMH requests from one static repository document."""

    repository: etree._Element

    @classmethod
    def from_bytes(cls, data: bytes, name: str = "oai.xml") -> Gateway:
        root = parse_xml_bytes(data, name).getroot()
        if root.tag != f"{_S}Repository":
            raise ValueError(f"{name}: not an OAI-PMH static repository (root {root.tag!r})")
        return cls(root)

    def respond(self, base_url: str, query: Mapping[str, Sequence[str]]) -> bytes:
        response = etree.Element(f"{_O}OAI-PMH", nsmap={None: OAI_NS, "xsi": XSI_NS})
        response.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        etree.SubElement(response, f"{_O}responseDate").text = now.isoformat().replace("+00:00", "Z")
        request = etree.SubElement(response, f"{_O}request")
        request.text = base_url
        try:
            verb, arguments = self._arguments(query)
            for key, value in (("verb", verb), *sorted(arguments.items())):
                request.set(key, value)  # echoed only for a legal request (OAI-PMH §3.2)
            response.append(getattr(self, f"_{verb}")(arguments, base_url))
        except OaiError as error:
            etree.SubElement(response, f"{_O}error", code=error.code).text = str(error)
        etree.cleanup_namespaces(response)  # the repository's own prefix has no place in a response
        return etree.tostring(response, xml_declaration=True, encoding="UTF-8")

    def _arguments(self, query: Mapping[str, Sequence[str]]) -> tuple[str, dict[str, str]]:
        if any(len(values) != 1 for values in query.values()):
            raise OaiError("badArgument", "an argument is repeated")
        flat = {key: values[0] for key, values in query.items()}
        verb = flat.pop("verb", "")
        if verb not in _VERBS:
            raise OaiError("badVerb", f"{verb!r} is not an OAI-PMH verb" if verb else "no verb")
        required, optional = _VERBS[verb]
        if "resumptionToken" in flat:
            raise OaiError("badResumptionToken", "this repository answers in one response: no resumption tokens")
        if unknown := set(flat) - required - optional:
            raise OaiError("badArgument", f"{verb} takes no {', '.join(sorted(unknown))}")
        if lacking := required - set(flat):
            raise OaiError("badArgument", f"{verb} needs {', '.join(sorted(lacking))}")
        return verb, flat

    def _Identify(self, arguments: dict[str, str], base_url: str) -> etree._Element:
        identify = etree.Element(f"{_O}Identify")
        source = self.repository.find(f"{_S}Identify")
        for child in source if source is not None else ():
            copy = etree.SubElement(identify, child.tag)
            copy.text = base_url if child.tag == f"{_O}baseURL" else child.text
        return identify

    def _ListMetadataFormats(self, arguments: dict[str, str], base_url: str) -> etree._Element:
        if "identifier" in arguments:
            self._records_of(arguments["identifier"])
        listing = etree.Element(f"{_O}ListMetadataFormats")
        for entry in self.repository.iterfind(f"{_S}ListMetadataFormats/{_O}metadataFormat"):
            listing.append(_copy(entry))
        return listing

    def _ListSets(self, arguments: dict[str, str], base_url: str) -> etree._Element:
        raise OaiError("noSetHierarchy", "this repository has no sets")

    def _ListIdentifiers(self, arguments: dict[str, str], base_url: str) -> etree._Element:
        listing = etree.Element(f"{_O}ListIdentifiers")
        for record in self._selected(arguments):
            listing.append(_copy(record.find(f"{_O}header")))
        return listing

    def _ListRecords(self, arguments: dict[str, str], base_url: str) -> etree._Element:
        listing = etree.Element(f"{_O}ListRecords")
        for record in self._selected(arguments):
            listing.append(_copy(record))
        return listing

    def _GetRecord(self, arguments: dict[str, str], base_url: str) -> etree._Element:
        records = self._records_of(arguments["identifier"])
        prefix = arguments["metadataPrefix"]
        if prefix not in records:
            raise OaiError("cannotDisseminateFormat", f"no {prefix!r} record of {arguments['identifier']}")
        answer = etree.Element(f"{_O}GetRecord")
        answer.append(_copy(records[prefix]))
        return answer

    def _selected(self, arguments: dict[str, str]) -> list[etree._Element]:
        if "set" in arguments:
            raise OaiError("noSetHierarchy", "this repository has no sets")
        prefix = arguments["metadataPrefix"]
        listing = next(
            (found for found in self.repository.iterfind(f"{_S}ListRecords") if found.get("metadataPrefix") == prefix),
            None,
        )
        if listing is None or prefix not in self._prefixes():
            raise OaiError("cannotDisseminateFormat", f"no records in {prefix!r}")
        since, until = arguments.get("from", ""), arguments.get("until", "")
        for bound in (since, until):
            if bound and not _is_day(bound):
                raise OaiError("badArgument", f"{bound!r}: dates are YYYY-MM-DD here")
        selected = [
            record
            for record in listing.iterfind(f"{_O}record")
            if (not since or record.findtext(f"{_O}header/{_O}datestamp", "") >= since)
            and (not until or record.findtext(f"{_O}header/{_O}datestamp", "") <= until)
        ]
        if not selected:
            raise OaiError("noRecordsMatch", "no record matches")
        return selected

    def _prefixes(self) -> set[str]:
        return {
            prefix.text or ""
            for prefix in self.repository.iterfind(f"{_S}ListMetadataFormats/{_O}metadataFormat/{_O}metadataPrefix")
        }

    def _records_of(self, identifier: str) -> dict[str, etree._Element]:
        found = {
            listing.get("metadataPrefix", ""): record
            for listing in self.repository.iterfind(f"{_S}ListRecords")
            for record in listing.iterfind(f"{_O}record")
            if record.findtext(f"{_O}header/{_O}identifier") == identifier
        }
        if not found:
            raise OaiError("idDoesNotExist", f"no item {identifier!r}")
        return found


def _copy(element: etree._Element | None) -> etree._Element:
    assert element is not None
    return etree.fromstring(etree.tostring(element))


def _is_day(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def make_server(repository: Path, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """An HTTP server answering OAI-PMH at any path; port 0 picks a free one."""
    gateway = Gateway.from_bytes(repository.read_bytes(), str(repository))

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, query: Mapping[str, Sequence[str]]) -> None:
            base_url = f"http://{self.headers.get('Host', f'{host}:{port}')}{urlparse(self.path).path}"
            body = gateway.respond(base_url, query)
            self.send_response(200)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self._answer(parse_qs(urlparse(self.path).query, keep_blank_values=True))

        def do_POST(self) -> None:
            length = min(int(self.headers.get("Content-Length", "0") or 0), 1 << 16)
            self._answer(parse_qs(self.rfile.read(length).decode("utf-8", errors="replace"), keep_blank_values=True))

        def log_message(self, format: str, *args: object) -> None:
            return  # quiet: a harvester makes many requests

    return ThreadingHTTPServer((host, port), Handler)
