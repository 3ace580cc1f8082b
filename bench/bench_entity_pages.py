"""Benchmark of the entity views (a script, not a timed test).

    python bench/bench_entity_pages.py [--entities 2000] [--documents 300] [--mentions 40]

Measures: the per-document record (xslt/entity-record.xsl) on the sample
corpus, warm (median of 20 runs); and ``site_pages`` (index pages, one page
per entity, timeline, entities.js) for a synthetic register of --entities
entries and --documents records naming --mentions entities each, with the
size of entities.js, which every reading page loads.
Targets: record <= 10 ms per document warm; pages <= 15 ms per entity;
entities.js <= 2 MB at 2000 entities.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from encoder import entity_pages
from encoder.entity_pages import DocumentRecord, Entity, Kind, Mention, NamedDate, Register
from encoder.safexml import parse_xml_file
from encoder.views import get_renderer

REPO = Path(__file__).resolve().parent.parent


def synthetic(entities: int, documents: int, mentions: int) -> tuple[Register, list[DocumentRecord]]:
    chosen = random.Random(1965)  # fixed seed: the same corpus every run
    kinds = list(Kind)
    register = Register(
        {
            f"entity-{n}": Entity(f"entity-{n}", kinds[n % 3], f"Name {n}", ((f"Variant {n}", "revised-romanization"),))
            for n in range(entities)
        }
    )
    ids = list(register.entities)
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
                tuple(Mention(register.entities[i].kind, i, f"Name {i}", f"name-{n + 1}") for n, i in enumerate(named)),
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
    print(f"entities.js: {len(pages[entity_pages.ENTITIES_SCRIPT]) / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
