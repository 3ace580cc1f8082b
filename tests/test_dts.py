"""The DTS 1.0 API of ``tei-encoder serve``: one request per endpoint and per error case.

The specification's own examples (its Dracula citation tree) are asked of a
fixture with that shape; the corpus is walked through the HTTP API with
Starlette's test client, as a generic client would.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import TEI_DIR
from lxml import etree
from starlette.testclient import TestClient
from uritemplate import URITemplate

from encoder.safexml import parse_xml_bytes, parse_xml_file
from encoder.server import create_app
from encoder.server.citations import declared_trees, resolve
from encoder.server.dts import DTSError, document_passage, navigate

FIXTURES = Path(__file__).parent / "fixtures" / "dts"
TEI_NS = "http://www.tei-c.org/ns/1.0"
DTS_NS = "https://w3id.org/api/dts#"
NS = {"t": TEI_NS, "dts": DTS_NS}
PAGED = "1965-06-04-soviet-embassy-korean-chinese-relations"  # the corpus document with folio page breaks
API = "/api/dts"
ROOT = "http://testserver/api/dts"  # every URI the API gives is absolute


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "tei"
    shutil.copytree(TEI_DIR, folder)
    return folder


@pytest.fixture(scope="module")
def client(corpus: Path) -> Iterator[TestClient]:
    with TestClient(create_app(corpus, page_size=2)) as test_client:
        yield test_client


def json_of(client: TestClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.text
    expected_type = "application/ld+json" if status == 200 else "application/problem+json"
    assert response.headers["content-type"].startswith(expected_type)
    return response.json()


# ---- the specification's examples, on its Dracula tree -----------------------


@pytest.fixture(scope="module")
def dracula() -> tuple[etree._ElementTree, list[Any]]:
    tree = parse_xml_file(FIXTURES / "dracula.xml")
    (default,) = declared_trees(tree)
    return tree, resolve(tree, default)


def identifiers(body: dict[str, Any]) -> list[str]:
    return [unit["identifier"] for unit in body["member"]]


def test_spec_navigation_example_1_top_level_units(dracula: tuple[etree._ElementTree, list[Any]]) -> None:
    body = navigate(dracula[1], ref=None, start=None, end=None, down=1)
    assert identifiers(body) == ["C1", "C2", "C3"]
    assert body["member"][0] == {
        "identifier": "C1",
        "@type": "CitableUnit",
        "level": 1,
        "parent": None,
        "citeType": "Chapter",
    }
    assert "ref" not in body and "start" not in body


def test_spec_navigation_example_3_whole_subtree_of_c1(dracula: tuple[etree._ElementTree, list[Any]]) -> None:
    body = navigate(dracula[1], ref="C1", start=None, end=None, down=-1)
    assert body["ref"]["identifier"] == "C1"
    assert identifiers(body) == ["C1", "C1.E1", "C1.E1,P1", "C1.E1,P2", "C1.E2", "C1.E2,P1", "C1.E2,P2"]
    assert [(unit["level"], unit["parent"]) for unit in body["member"][:3]] == [(1, None), (2, "C1"), (3, "C1.E1")]
    assert body["member"][2]["citeType"] == "Paragraph"


def test_spec_navigation_example_5_children_of_a_lower_unit(dracula: tuple[etree._ElementTree, list[Any]]) -> None:
    body = navigate(dracula[1], ref="C1.E1", start=None, end=None, down=1)
    assert body["ref"] == {
        "identifier": "C1.E1",
        "@type": "CitableUnit",
        "level": 2,
        "parent": "C1",
        "citeType": "Journal Entry",
    }
    assert identifiers(body) == ["C1.E1", "C1.E1,P1", "C1.E1,P2"]


def test_spec_navigation_example_6_range_with_children(dracula: tuple[etree._ElementTree, list[Any]]) -> None:
    body = navigate(dracula[1], ref=None, start="C1", end="C3", down=1)
    assert (body["start"]["identifier"], body["end"]["identifier"]) == ("C1", "C3")
    assert identifiers(body) == ["C1", "C1.E1", "C1.E2", "C2", "C2.E1", "C2.E2", "C3", "C3.E1", "C3.E2"]


def test_spec_navigation_ref_without_down_has_no_member(dracula: tuple[etree._ElementTree, list[Any]]) -> None:
    # the specification's table: "Information about the CitableUnit identified by ref. No member property."
    body = navigate(dracula[1], ref="C2.E2", start=None, end=None, down=None)
    assert body["ref"]["parent"] == "C2"
    assert "member" not in body


def test_spec_navigation_down_0_gives_the_siblings(dracula: tuple[etree._ElementTree, list[Any]]) -> None:
    body = navigate(dracula[1], ref="C2.E1", start=None, end=None, down=0)
    assert identifiers(body) == ["C2.E1", "C2.E2"]


def test_spec_document_example_1_ref_c1_in_a_wrapper(dracula: tuple[etree._ElementTree, list[Any]]) -> None:
    result = document_passage(dracula[0], dracula[1], ref="C1", start=None, end=None).getroot()
    assert result.tag == f"{{{TEI_NS}}}TEI"
    (wrapper,) = result.xpath("t:text/t:body/dts:wrapper", namespaces=NS)
    assert [div.get("n") for div in wrapper.xpath("t:div", namespaces=NS)] == ["1"]
    assert wrapper.xpath("string(t:div/t:head)", namespaces=NS) == "CHAPTER I"
    assert len(wrapper.xpath(".//t:p", namespaces=NS)) == 4
    assert result.find(f"{{{TEI_NS}}}teiHeader") is not None


def test_spec_document_example_2_start_and_end_paragraphs(dracula: tuple[etree._ElementTree, list[Any]]) -> None:
    result = document_passage(dracula[0], dracula[1], ref=None, start="C1.E1,P1", end="C1.E1,P2").getroot()
    (wrapper,) = result.xpath("t:text/t:body/dts:wrapper", namespaces=NS)
    # the ancestors down from the body stay, trimmed to the passage, as in the specification's example
    assert wrapper.xpath("t:div/@type", namespaces=NS) == ["chapter"]
    assert wrapper.xpath("t:div/t:div/@type", namespaces=NS) == ["entry"]
    assert [p.text for p in wrapper.iter(f"{{{TEI_NS}}}p")] == [
        "Bistritz, the first paragraph.",
        "Klausenburgh, the second paragraph.",
    ]
    assert wrapper.xpath(".//t:head", namespaces=NS) == []


def test_spec_unknown_ref_is_404(dracula: tuple[etree._ElementTree, list[Any]]) -> None:
    with pytest.raises(DTSError) as raised:
        navigate(dracula[1], ref="C9", start=None, end=None, down=1)
    assert raised.value.status == 404


# ---- entry --------------------------------------------------------------------


def test_entry_endpoint(client: TestClient) -> None:
    assert json_of(client, f"{API}/") == {
        "@context": "https://dtsapi.org/context/v1.0.json",
        "dtsVersion": "1.0",
        "@id": f"{ROOT}/",
        "@type": "EntryPoint",
        "collection": f"{ROOT}/collection/{{?id,page,nav}}",
        "navigation": f"{ROOT}/navigation/{{?resource,ref,start,end,down,tree}}",
        "document": f"{ROOT}/document/{{?resource,ref,start,end,tree,mediaType}}",
    }


# ---- collection -------------------------------------------------------------------


def test_root_collection_groups_documents_by_archive(client: TestClient) -> None:
    body = json_of(client, f"{API}/collection/?page=1")
    assert (body["@id"], body["@type"], body["totalParents"], body["totalChildren"]) == ("edition", "Collection", 0, 3)
    assert body["@context"] == "https://dtsapi.org/context/v1.0.json" and body["dtsVersion"] == "1.0"
    assert [member["@id"] for member in body["member"]] == ["archive:AVPRF", "archive:PRC-FMA"]  # page 1 of 2
    assert body["member"][1]["title"] == "PRC FMA"


def test_collection_pagination(client: TestClient) -> None:
    body = json_of(client, f"{API}/collection/?page=2")
    assert [member["@id"] for member in body["member"]] == ["archive:unknown"]
    assert body["view"] == {
        "@id": f"{ROOT}/collection/?page=2",
        "@type": "Pagination",
        "first": f"{ROOT}/collection/?page=1",
        "previous": f"{ROOT}/collection/?page=1",
        "last": f"{ROOT}/collection/?page=2",
    }
    follow = json_of(client, body["view"]["first"])
    assert follow["view"]["next"] == f"{ROOT}/collection/?page=2"


def test_archive_collection_lists_its_documents_as_resources(client: TestClient) -> None:
    body = json_of(client, f"{API}/collection/?id=archive:PRC-FMA&page=1")
    assert body["totalChildren"] == 3 and body["totalParents"] == 1
    resource = body["member"][0]
    assert resource["@type"] == "Resource"
    assert resource["document"] == f"{ROOT}/document/?resource={resource['@id']}{{&ref,start,end,tree,mediaType}}"
    assert resource["navigation"].startswith(f"{ROOT}/navigation/?resource={resource['@id']}{{&")
    assert resource["citationTrees"][0]["citeStructure"][0]["citeType"] == "paragraph"
    assert resource["citationTrees"][0]["citeStructure"][0]["citeStructure"][0]["citeType"] == "note"
    assert "identifier" not in resource["citationTrees"][0]  # the default tree has none


def test_resource_in_the_collection_endpoint(client: TestClient) -> None:
    body = json_of(client, f"{API}/collection/?id={PAGED}")
    assert body["@type"] == "Resource" and body["@id"] == PAGED
    assert body["collection"] == f"{ROOT}/collection/?id={PAGED}{{&nav}}"
    assert [tree.get("identifier") for tree in body["citationTrees"]] == [None, "pages"]
    assert body["dublinCore"]["date"] == "1965-06-04"
    assert "member" not in body


def test_parents_of_a_resource(client: TestClient) -> None:
    body = json_of(client, f"{API}/collection/?id={PAGED}&nav=parents")
    assert [member["@id"] for member in body["member"]] == ["archive:AVPRF"]
    assert body["totalParents"] == 1


def test_parents_of_the_root_are_none(client: TestClient) -> None:
    assert json_of(client, f"{API}/collection/?id=edition&nav=parents")["member"] == []


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("id=no-such-thing", 404),
        ("nav=siblings", 400),
        ("page=0", 400),
        ("page=two", 400),
        ("page=3", 404),
        ("id=edition&id=archive:AVPRF", 400),
    ],
)
def test_collection_errors(client: TestClient, query: str, status: int) -> None:
    body = json_of(client, f"{API}/collection/?{query}", status)
    assert body["status"] == status and body["detail"]


# ---- navigation -------------------------------------------------------------------


def test_navigation_top_level_paragraphs(client: TestClient, corpus: Path) -> None:
    body = json_of(client, f"{API}/navigation/?resource={PAGED}&down=1")
    assert body["@type"] == "Navigation"
    assert body["@id"] == f"http://testserver{API}/navigation/?resource={PAGED}&down=1"
    assert body["resource"]["@id"] == PAGED
    tree = parse_xml_file(corpus / f"{PAGED}.xml")
    paragraphs = tree.xpath("/t:TEI/t:text/t:body//t:p[not(ancestor::t:note)]", namespaces=NS)
    assert identifiers(body) == [str(n) for n in range(1, len(paragraphs) + 1)]
    assert {unit["level"] for unit in body["member"]} == {1}


def test_navigation_paragraph_with_its_notes(client: TestClient, corpus: Path) -> None:
    tree = parse_xml_file(corpus / f"{PAGED}.xml")
    paragraphs = tree.xpath("/t:TEI/t:text/t:body//t:p[not(ancestor::t:note)]", namespaces=NS)
    with_note = next(i for i, p in enumerate(paragraphs, start=1) if p.find(f".//{{{TEI_NS}}}note") is not None)
    body = json_of(client, f"{API}/navigation/?resource={PAGED}&ref={with_note}&down=1")
    assert body["ref"]["identifier"] == str(with_note)
    assert identifiers(body)[:2] == [str(with_note), f"{with_note}.1"]
    assert body["member"][1] == {
        "identifier": f"{with_note}.1",
        "@type": "CitableUnit",
        "level": 2,
        "parent": str(with_note),
        "citeType": "note",
    }


def test_navigation_pages_tree_follows_the_folio_page_breaks(client: TestClient, corpus: Path) -> None:
    body = json_of(client, f"{API}/navigation/?resource={PAGED}&tree=pages&down=-1")
    folios = parse_xml_file(corpus / f"{PAGED}.xml").xpath("//t:pb[@type='folio']/@n", namespaces=NS)
    assert identifiers(body) == list(folios)


def test_navigation_range(client: TestClient) -> None:
    body = json_of(client, f"{API}/navigation/?resource={PAGED}&start=2&end=4&down=0&tree=pages", 400)
    assert "down=0" in body["detail"]
    body = json_of(client, f"{API}/navigation/?resource={PAGED}&start=2&end=4")
    assert (body["start"]["identifier"], body["end"]["identifier"]) == ("2", "4")
    assert "member" not in body
    body = json_of(client, f"{API}/navigation/?resource={PAGED}&start=2&end=4&down=1")
    # one level below the deeper of start and end: the paragraphs and their notes
    assert [unit["identifier"] for unit in body["member"] if unit["level"] == 1] == ["2", "3", "4"]
    assert "4.1" in identifiers(body)
    assert {unit["parent"] for unit in body["member"] if unit["level"] == 2} <= {"2", "3", "4"}


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("down=1", 400),  # no resource
        (f"resource={PAGED}", 400),  # neither ref, start/end nor down
        (f"resource={PAGED}&ref=1&start=1&end=2", 400),
        (f"resource={PAGED}&start=1", 400),
        (f"resource={PAGED}&end=2", 400),
        (f"resource={PAGED}&down=0", 400),
        (f"resource={PAGED}&down=x", 400),
        (f"resource={PAGED}&start=4&end=2", 400),
        ("resource=no-such-document&down=1", 404),
        (f"resource={PAGED}&ref=999", 404),
        (f"resource={PAGED}&tree=chapters&down=1", 404),
        (f"resource={PAGED}&tree=pages&ref=1", 404),
    ],
)
def test_navigation_errors(client: TestClient, query: str, status: int) -> None:
    body = json_of(client, f"{API}/navigation/?{query}", status)
    assert body["status"] == status


# ---- document ---------------------------------------------------------------------


def tei_response(client: TestClient, url: str) -> etree._Element:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/tei+xml")
    resource = url.split("resource=")[1].split("&")[0]
    assert response.headers["link"] == f'<{ROOT}/collection/?id={resource}>; rel="collection"'
    return parse_xml_bytes(response.content).getroot()


def test_whole_document_declares_its_citation_trees_and_is_valid_tei(
    client: TestClient, corpus: Path, tei_all: etree.RelaxNG
) -> None:
    root = tei_response(client, f"{API}/document/?resource={PAGED}")
    declarations = root.findall(f".//{{{TEI_NS}}}encodingDesc/{{{TEI_NS}}}refsDecl")
    assert [declaration.get("n") for declaration in declarations] == [None, "pages"]
    assert tei_all.validate(root.getroottree()), tei_all.error_log
    original = parse_xml_file(corpus / f"{PAGED}.xml").getroot()
    body = f"{{{TEI_NS}}}text"
    assert etree.tostring(root.find(body), with_tail=False) == etree.tostring(original.find(body), with_tail=False)


def test_tree_without_a_reference_has_no_effect(client: TestClient) -> None:
    whole = client.get(f"{API}/document/?resource={PAGED}")
    assert client.get(f"{API}/document/?resource={PAGED}&tree=no-such-tree").content == whole.content


def test_document_paragraph_by_ref(client: TestClient, corpus: Path) -> None:
    root = tei_response(client, f"{API}/document/?resource={PAGED}&ref=3")
    (wrapper,) = root.xpath("t:text/t:body/dts:wrapper", namespaces=NS)
    paragraphs = parse_xml_file(corpus / f"{PAGED}.xml").xpath(
        "/t:TEI/t:text/t:body//t:p[not(ancestor::t:note)]", namespaces=NS
    )
    (served,) = wrapper.xpath(".//t:p", namespaces=NS)
    assert [element.tag for element in served.iter()] == [element.tag for element in paragraphs[2].iter()]
    assert "".join(wrapper.itertext()).strip() == "".join(paragraphs[2].itertext()).strip()


def test_document_page_runs_from_its_page_break_to_the_next(client: TestClient, corpus: Path) -> None:
    root = tei_response(client, f"{API}/document/?resource={PAGED}&tree=pages&ref=26")
    (wrapper,) = root.xpath("t:text/t:body/dts:wrapper", namespaces=NS)
    breaks = wrapper.xpath(".//t:pb[not(@ed='transcript')]", namespaces=NS)
    assert [pb.get("n") for pb in breaks] == ["26"]
    text = " ".join("".join(wrapper.itertext()).split())
    assert text.startswith("New factors which appeared recently")  # the paragraph after pb 26
    assert "At the same time the Korean leadership obviously" not in text  # after pb 27: the next page


def test_document_range_of_paragraphs(client: TestClient) -> None:
    root = tei_response(client, f"{API}/document/?resource={PAGED}&start=2&end=4")
    (wrapper,) = root.xpath("t:text/t:body/dts:wrapper", namespaces=NS)
    assert len(wrapper.xpath(".//t:p[not(ancestor::t:note)]", namespaces=NS)) == 3


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("ref=1", 400),  # no resource
        (f"resource={PAGED}&ref=1&end=2", 400),
        (f"resource={PAGED}&start=1", 400),
        ("resource=no-such-document", 404),
        (f"resource={PAGED}&ref=999", 404),
        (f"resource={PAGED}&tree=chapters&ref=1", 404),
        (f"resource={PAGED}&mediaType=text/html", 404),
    ],
)
def test_document_errors(client: TestClient, query: str, status: int) -> None:
    response = client.get(f"{API}/document/?{query}")
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == status


def test_walk_the_corpus_from_the_entry_point(client: TestClient) -> None:
    """What a generic client does: only the entry point's URL is known; every further URL is a template
    of a response expanded by RFC 6570 (uritemplate), every passage is TEI."""
    entry = json_of(client, f"{API}/")
    collections = URITemplate(entry["collection"])
    resources: list[dict[str, Any]] = []
    pending = [json_of(client, collections.expand())]
    while pending:
        listing = pending.pop()
        for member in listing["member"]:
            if member["@type"] == "Resource":
                resources.append(member)
            else:
                pending.append(json_of(client, URITemplate(member["collection"]).expand()))
        if "next" in listing.get("view", {}):
            pending.append(json_of(client, listing["view"]["next"]))
    assert len(resources) == 5
    for resource in resources:
        navigation = json_of(client, URITemplate(resource["navigation"]).expand(down=1))
        for unit in navigation["member"][:2]:
            passage = tei_response(client, URITemplate(resource["document"]).expand(ref=unit["identifier"]))
            assert passage.xpath("t:text/t:body/dts:wrapper//text()", namespaces=NS)
