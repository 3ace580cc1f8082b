"""Benchmark of the entity views (a script, not a timed test).

    python bench/bench_entity_pages.py [--entities 2000] [--documents 300] [--mentions 40]

Measures: the per-document record (xslt/entity-record.xsl) on the sample
corpus, warm (median of 20 runs); and ``site_pages`` (index pages, one page
and one card per entity, timeline) for a synthetic register of --entities
entries and --documents records naming --mentions entities each, with the
sizes of the cards (entity/ID.js): a reading page loads none up front and one
per name its reader opens, where it used to load all of them (entities.js:
3.48 MB at 2,000 entities and 1,000 documents) whatever it named.
Targets: record <= 10 ms per document warm; pages <= 15 ms per entity;
a card <= 100 KB.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from encoder import entity_pages
from encoder.entity_pages import DocumentRecord, Mention, NamedDate
from encoder.registers import Entry, Kind, Register
from encoder.safexml import parse_xml_file
from encoder.views import get_renderer

REPO = Path(__file__).resolve().parent.parent


def synthetic(entities: int, documents: int, mentions: int) -> tuple[Register, list[DocumentRecord]]:
    chosen = random.Random(1965)  # fixed seed: the same corpus every run
    kinds = list(Kind)
    register = Register.of(
        [
            Entry(f"{kind}-{n}", kind, (f"Name {n}", f"Variant {n}"), subtypes=("", "revised-romanization"))
            for n, kind in ((n, kinds[n % 3]) for n in range(entities))
        ]
    )
    ids = [entry.identifier for entry in register.entries]
    records = []
    for d in range(documents):
        named = [chosen.choice(ids) for _ in range(mentions)]
        records.append(
            DocumentRecord(
                f"doc-{d:04d}",
                f"documents/doc-{d:04d}.html",
                f"Document {d}",
                "",
                f"19{60 + d % 10}-{1 + d % 12:02d}-01",
                "en",
                tuple(Mention(Kind(i.split("-")[0]), i, f"Name {i}", f"name-{n + 1}") for n, i in enumerate(named)),
                (NamedDate(f"1965-{1 + d % 12:02d}", "a month"),),
            )
        )
    return register, records


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tei-dir", type=Path, default=REPO / "tei")
    parser.add_argument("--entities", type=int, default=2000)
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--mentions", type=int, default=40)
    args = parser.parse_args()
    renderer = get_renderer()
    files = sorted(path for path in args.tei_dir.glob("*.xml") if path.name != entity_pages.REGISTER_FILE)
    for path in files:
        tree = parse_xml_file(path)
        entity_pages.document_record(renderer, path.stem, f"documents/{path.stem}.html", tree)  # warm
        timings = []
        for _ in range(20):
            started = time.perf_counter()
            record = entity_pages.document_record(renderer, path.stem, f"documents/{path.stem}.html", tree)
            timings.append(time.perf_counter() - started)
        print(f"record {path.name}: {statistics.median(timings) * 1000:.1f} ms ({len(record.mentions)} names)")

    register, records = synthetic(args.entities, args.documents, args.mentions)
    started = time.perf_counter()
    pages = entity_pages.site_pages(renderer, register, records, [])
    elapsed = time.perf_counter() - started
    print(
        f"site_pages: {args.entities} entities, {args.documents} documents x {args.mentions} names: "
        f"{elapsed:.1f} s ({elapsed / args.entities * 1000:.1f} ms per entity), {len(pages)} files"
    )
    cards = sorted(len(data) for path, data in pages.items() if path.endswith(".js"))
    per_page = [
        sum(len(pages[f"{entity_pages.ENTITY_FOLDER}/{ref}.js"]) for ref in {m.ref for m in record.mentions})
        for record in records
    ]
    print(
        f"cards: {len(cards)} files, {sum(cards) / 1e6:.2f} MB together; "
        f"one card: median {statistics.median(cards) / 1e3:.1f} KB, largest {cards[-1] / 1e3:.1f} KB; "
        f"a page loads 0 up front, {statistics.median(per_page) / 1e3:.0f} KB (median) if its reader opens "
        f"the card of every entity it names"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
