"""Benchmark of the views (a script, not a timed test).

    python bench/bench_render.py [--tei-dir tei] [--repeat 50]

Measures: the HTML reading view per document, warm (stylesheets compiled,
median of --repeat runs); the PDF of every sample document; and the whole
``build`` of the sample corpus into a temporary folder.
Targets: HTML <= 20 ms per document warm; five PDFs < 10 s; build < 15 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from encoder.errors import EncoderError
from encoder.safexml import parse_xml_file
from encoder.site import build_site
from encoder.views import get_renderer

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tei-dir", type=Path, default=REPO / "tei")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    files = sorted(args.tei_dir.glob("*.xml")) or [REPO / "tests/views_golden/document.xml"]
    trees = [parse_xml_file(path) for path in files]

    started = time.perf_counter()
    renderer = get_renderer()
    print(f"compile stylesheets: {(time.perf_counter() - started) * 1000:.0f} ms (once per process)")

    for path, tree in zip(files, trees, strict=True):
        renderer.render_html(tree)  # warm-up
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            renderer.render_html(tree)
            timings.append(time.perf_counter() - started)
        median = statistics.median(timings) * 1000
        print(f"html  {path.name}: {median:.1f} ms median ({'ok' if median <= 20 else 'OVER 20 ms'})")

    started = time.perf_counter()
    for tree in trees:
        renderer.render_pdf(tree)
    pdf_seconds = time.perf_counter() - started
    pdf_verdict = "ok" if pdf_seconds < 10 else "OVER 10 s"
    print(f"pdf   {len(trees)} documents: {pdf_seconds:.2f} s ({pdf_verdict})")

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        try:
            report = build_site(Path(folder) / "site", args.tei_dir)
        except EncoderError as error:
            # the converter or schema still disagrees: time the build of the
            # encoded tei/*.xml alone, and say so
            print(f"build from transcripts failed ({error}); timing tei/*.xml only")
            xml_only = Path(folder) / "tei"
            xml_only.mkdir()
            for path in files:
                shutil.copy(path, xml_only / path.name)
            started = time.perf_counter()
            report = build_site(Path(folder) / "site", xml_only, skip_validation=True)
        build_seconds = time.perf_counter() - started
    verdict = "ok" if build_seconds < 15 else "OVER 15 s"
    print(f"build {len(report.documents)} documents: {build_seconds:.2f} s ({verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
