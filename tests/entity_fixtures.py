"""Invented documents for the entity views (tests/test_entity_pages.py, tests/test_entity_browser.py).

Three TEI documents built on tests/views_golden/document.xml with their own
title, date and body, and the invented register tests/fixtures/entities/registers.xml:

- ``a-conversation`` (1965-02-10) names Kim Il Sung ("Kim Il Sung", twice) in
  Pyongyang, the Workers' Party (as "KWP"), an unregistered "Comrade Pak" and the date 14 February 1965;
- ``b-telegram`` (1965-06-04) names him "Kim Ir Sen" and has the words kim, il
  and sung scattered, never as the phrase, "delegation" twice and his name in Hangul
  after it; it names "place-kaesong", which the register lacks;
- ``c-report`` (1963-11, a month only) has "Kim Il Sung" in its title, names him
  "Kim Il-seong" in a footnote and names Moscow.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from lxml import etree

from encoder.safexml import parse_xml_bytes, parse_xml_file

SAMPLE = Path(__file__).parent / "views_golden" / "document.xml"
REGISTER = Path(__file__).parent / "fixtures" / "entities" / "registers.xml"
TEI_NS = "http://www.tei-c.org/ns/1.0"
TEI = f"{{{TEI_NS}}}"
R = "registers.xml#"

# name: (title, creation date @when, as written, body paragraphs as TEI)
DOCUMENTS = {
    "a-conversation": (
        "Record of a conversation in the capital",
        "1965-02-10",
        "February 10, 1965",
        [
            f'<persName ref="{R}person-kim-il-sung">Kim Il Sung</persName> received the delegation in '
            f'<placeName ref="{R}place-pyongyang">Pyongyang</placeName> on <date when="1965-02-14">14 February</date>.',
            f'<persName>Comrade Pak</persName> of the <orgName ref="{R}org-workers-party-of-korea">KWP</orgName> '
            f'said that <persName ref="{R}person-kim-il-sung">Kim Il Sung</persName> agreed.',
        ],
    ),
    "b-telegram": (
        "Telegram on the talks",
        "1965-06-04",
        "June 4, 1965",
        [
            f'<persName ref="{R}person-kim-il-sung">Kim Ir Sen</persName> (김일성) said the choir sung while '
            f'Il-ho waited in <placeName ref="{R}place-kaesong">Kaesong</placeName> and '
            f'<persName ref="{R}person-ri-hyo-sun">Ri Hyo Sun</persName> met Kim Chaek. '
            "The delegation and the delegation's interpreter left.",
        ],
    ),
    "c-report": (
        "Kim Il Sung in Moscow",
        "1963-11",
        "November 1963",
        [
            f'The delegation arrived in <placeName ref="{R}place-moscow">Moscow</placeName>.'
            '<note place="foot" type="translator" xml:id="n1">Their leader, '
            f'<persName ref="{R}person-kim-il-sung">Kim Il-seong</persName>, '
            f"stayed a week.</note> Talks followed.",
        ],
    ),
}


def document(title: str, when: str, written: str, paragraphs: list[str]) -> etree._ElementTree:
    tree = parse_xml_file(SAMPLE)
    root = tree.getroot()
    title_element = root.find(f".//{TEI}titleStmt/{TEI}title")
    date = root.find(f".//{TEI}creation/{TEI}date")
    body = root.find(f".//{TEI}body")
    assert title_element is not None and date is not None and body is not None
    title_element.text = title
    date.set("when", when)
    date.text = written
    for child in list(body):
        body.remove(child)
    division = etree.SubElement(body, f"{TEI}div", type="document")
    for paragraph in paragraphs:
        division.append(parse_xml_bytes(f'<p xmlns="{TEI_NS}">{paragraph}</p>'.encode()).getroot())
    return tree


def write_corpus(tei_dir: Path, *, register: bool = True) -> Path:
    tei_dir.mkdir(parents=True, exist_ok=True)
    for name, (title, when, written, paragraphs) in DOCUMENTS.items():
        document(title, when, written, paragraphs).write(
            str(tei_dir / f"{name}.xml"), encoding="UTF-8", xml_declaration=True
        )
    if register:
        shutil.copy(REGISTER, tei_dir / "registers.xml")
    return tei_dir
