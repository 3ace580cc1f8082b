"""CPU per PDF of the sample documents (a script, not a timed test).

    python bench/bench_pdf.py [--tei-dir tei] [--repeat 5] [--stages]

In one warm process (stylesheets compiled, every document laid out once
before timing), for each sample: the CPU seconds (user + system of this
process, best of --repeat) of its whole PDF as ``build`` makes it (print
view, layout, the TEI attached), of which the print view (Saxon), the PDF's
pages and size; then the mean, and what 1,000 such documents cost (issue 12:
a ``build`` of 1,000 documents with PDFs in < 150 s on two cores needs
<= 0.15-0.2 s of CPU per PDF).
With ``--stages``, where the CPU of the timed PDFs went: parsing the HTML,
computing styles, building boxes, the layout, drawing, the PDF/UA tags, the
fonts, writing the file, the garbage collector (the stages are WeasyPrint's
and pydyf's functions, wrapped in timers for this run).
CPU, not wall time: the machine is shared, so the load average is printed too.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import functools
import gc
import io
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


# (module, owner in it or "", function, stage): the stages of a PDF, outermost first
STAGES = (
    ("encoder.views", "Renderer", "render_pdf", "the whole PDF"),
    ("encoder.views", "Renderer", "render_print_html", "print view (Saxon)"),
    ("weasyprint", "HTML", "__init__", "parse the HTML"),
    ("weasyprint", "HTML", "render", "lay out (with styles and boxes)"),
    ("weasyprint.document", "", "get_all_computed_styles", "  compute styles"),
    ("weasyprint.document", "", "build_formatting_structure", "  build boxes"),
    ("weasyprint.document", "Document", "write_pdf", "write the PDF (all)"),
    ("weasyprint.document", "Page", "paint", "  draw"),
    ("weasyprint.pdf", "", "add_tags", "  PDF/UA tags"),
    ("weasyprint.pdf", "", "build_fonts_dictionary", "  fonts"),
    ("pydyf", "PDF", "write", "  serialize and deflate"),
)


@contextmanager
def timing_stages(spent: collections.Counter[str]) -> Iterator[None]:
    """Within: the CPU seconds of each of :data:`STAGES` (and of the collector) add up in ``spent``."""
    import importlib

    wrapped = []
    for module_name, owner_name, name, stage in STAGES:
        owner = importlib.import_module(module_name)
        if owner_name:
            owner = getattr(owner, owner_name)
        original = getattr(owner, name)

        def timed(
            *args: object, __original: Callable[..., object] = original, __stage: str = stage, **kwargs: object
        ) -> object:
            started = time.process_time()
            try:
                return __original(*args, **kwargs)
            finally:
                spent[__stage] += time.process_time() - started

        setattr(owner, name, functools.wraps(original)(timed))
        wrapped.append((owner, name, original))
    collecting: list[float] = []

    def collector(phase: str, info: object) -> None:
        if phase == "start":
            collecting.append(time.process_time())
        elif collecting:
            spent["garbage collector"] += time.process_time() - collecting.pop()

    gc.callbacks.append(collector)
    try:
        yield
    finally:
        gc.callbacks.remove(collector)
        for owner, name, original in wrapped:
            setattr(owner, name, original)


def print_stages(spent: collections.Counter[str], pdfs: int) -> None:
    """Each stage's CPU a PDF and its share of the whole (a stage's share includes those indented under it)."""
    whole = spent["the whole PDF"] or 1.0
    print(f"where the CPU of the {pdfs} timed PDFs went (ms a PDF, share of the whole):")
    for _, _, _, stage in (*STAGES, ("", "", "", "garbage collector")):
        print(f"  {stage:34} {spent[stage] / pdfs * 1000:6.1f} ms {spent[stage] / whole * 100:5.1f} %")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tei-dir", type=Path, default=REPO / "tei")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--stages", action="store_true", help="also where the CPU went, stage by stage")
    args = parser.parse_args()
    files = sorted(path for path in args.tei_dir.glob("*.xml") if path.name != "registers.xml")
    renderer = get_renderer()
    print(f"load average {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
    total_pdf = 0.0
    spent: collections.Counter[str] = collections.Counter()
    for path in files:
        tree = parse_xml_file(path)
        source = SourceFile(path.name, path.read_bytes())
        pdf = renderer.render_pdf(tree, source)  # warm: fonts, hyphenation dictionary, caches
        view = best_cpu(lambda tree=tree: renderer.render_print_html(tree), args.repeat)
        with timing_stages(spent) if args.stages else contextlib.nullcontext():
            whole = best_cpu(lambda tree=tree, source=source: renderer.render_pdf(tree, source), args.repeat)
        total_pdf += whole
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        print(
            f"{path.name[:48]:48} PDF {whole * 1000:5.0f} ms (of which the print view {view * 1000:3.0f} ms)"
            f"  ({pages} pages, {len(pdf) / 1024:.0f} KB)"
        )
    mean = total_pdf / len(files)
    if args.stages:  # every timed PDF, not only the best of each sample
        print_stages(spent, len(files) * args.repeat)
    print(f"mean CPU per PDF: {mean * 1000:.0f} ms; 1,000 such documents: {mean * 1000:.0f} CPU s")
    print(f"load average {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
