"""CPU per PDF of the sample documents (a script, not a timed test).

    python bench/bench_pdf.py [--tei-dir tei] [--repeat 5]

In one warm process (stylesheets compiled, every document laid out once
before timing), for each sample: the CPU seconds (user + system of this
process, best of --repeat) of its whole PDF as ``build`` makes it (print
view, layout, the TEI attached), of which the print view (Saxon), the PDF's
pages and size; then the mean, and what 1,000 such documents cost (issue 12:
a ``build`` of 1,000 documents with PDFs in < 150 s on two cores needs
<= 0.15-0.2 s of CPU per PDF).
CPU, not wall time: the machine is shared, so the load average is printed too.
"""

from __future__ import annotations

import argparse
import io
import os
import time
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from encoder.safexml import parse_xml_file
from encoder.views import SourceFile, get_renderer

REPO = Path(__file__).resolve().parent.parent


def best_cpu(task: Callable[[], object], repeat: int) -> float:
    """The least CPU time (s) of ``repeat`` calls of ``task``."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        task()
        best = min(best, time.process_time() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tei-dir", type=Path, default=REPO / "tei")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = sorted(path for path in args.tei_dir.glob("*.xml") if path.name != "registers.xml")
    renderer = get_renderer()
    print(f"load average {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
    total_pdf = 0.0
    for path in files:
        tree = parse_xml_file(path)
        source = SourceFile(path.name, path.read_bytes())
        pdf = renderer.render_pdf(tree, source)  # warm: fonts, hyphenation dictionary, caches
        view = best_cpu(lambda tree=tree: renderer.render_print_html(tree), args.repeat)
        whole = best_cpu(lambda tree=tree, source=source: renderer.render_pdf(tree, source), args.repeat)
        total_pdf += whole
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        print(
            f"{path.name[:48]:48} PDF {whole * 1000:5.0f} ms (of which the print view {view * 1000:3.0f} ms)"
            f"  ({pages} pages, {len(pdf) / 1024:.0f} KB)"
        )
    mean = total_pdf / len(files)
    print(f"mean CPU per PDF: {mean * 1000:.0f} ms; 1,000 such documents: {mean * 1000:.0f} CPU s")
    print(f"load average {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
