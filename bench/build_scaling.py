"""Build scaling: seconds and peak memory of ``tei-encoder build`` on corpora of N documents.

Each corpus is made from the transcripts in tei/transcripts/, deterministically:
document i is sample ``i mod 5`` under the name ``dNNNN-SAMPLE``, with the word
``Copy-NNNN`` put before its first long paragraph, so that every document has
text of its own (a search index of 1,000 copies of five texts would not do),
and the corpus's ``edition.toml`` (so sitemap.xml and oai.xml are written).

For each size it runs ``build`` in a fresh process and prints wall seconds
CPU seconds (the build and its PDF workers: on a shared machine, the wall
time mostly says how busy it was) and the peak resident memory of the
largest process (the build, or one of its PDF workers) of:

* a full build without PDFs (``--no-pdf --full``), and with them (``--full``);
* the rebuild after one transcript is changed (incremental): a word put in its
  text, which changes its search entry and review, so the search index and
  review report are made again and the other site-wide files carried over;
* the rebuild after a word is put in another transcript's summary (its first
  long paragraph is the header's): its header changes, so the index page and
  the harvest files are made again too;
* the rebuild after one stylesheet is changed (``html.xsl`` in a copy of the
  views: every reading page is made again, no PDF, no TEI file).

    python bench/build_scaling.py [--sizes 250 500 1000 2000] [--jobs N] [--skip-pdf-at 1000]

Any sizes; with two or more it ends with the peak memory's growth per 1,000
documents of each kind of build (from the smallest corpus to the largest).

Targets (issue 12): 1,000 documents under 150 s with PDFs, memory flat in
corpus size, the rebuild after one change under 5 s. The machine may be
shared: the wall seconds say mostly how busy it was; compare CPU seconds.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "tei" / "transcripts").glob("*.txt"))
LONG_PARAGRAPH = 200  # characters: the first paragraph this long is running text, not a header field


def make_corpus(folder: Path, size: int) -> Path:
    tei = folder / "tei"
    (tei / "transcripts").mkdir(parents=True)
    shutil.copy(REPO / "tei" / "edition.toml", tei / "edition.toml")
    shutil.copy(REPO / "tei" / "registers.xml", tei / "registers.xml")  # edition.toml names it
    texts = [sample.read_text(encoding="utf-8") for sample in SAMPLES]
    for index in range(size):
        sample = SAMPLES[index % len(SAMPLES)]
        (tei / "transcripts" / f"d{index:04d}-{sample.stem}.txt").write_text(
            marked(texts[index % len(SAMPLES)], f"Copy-{index:04d}"), encoding="utf-8"
        )
    return tei


def marked(text: str, marker: str) -> str:
    """The text with ``marker`` before its first long paragraph of running text."""
    for paragraph in re.split(r"\n\s*\n", text):
        if len(paragraph) >= LONG_PARAGRAPH and not paragraph.startswith(("[", '"', "*")):
            return text.replace(paragraph, f"{marker} {paragraph}", 1)
    raise ValueError("no running text to mark")


def timed_build(
    tei: Path, site: Path, *options: str, env: dict[str, str] | None = None
) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (all processes), peak RSS in MB of the largest process, the build's summary line."""
    command = [sys.executable, "-m", "encoder", "build", "--tei-dir", str(tei), "-o", str(site), *options]
    # The probe is a subreaper: the workers' fork server may outlive the build for a moment, and
    # a process the probe never waits for would leave its CPU time out of RUSAGE_CHILDREN.
    probe = (
        "import ctypes, os, resource, subprocess, sys, time\n"
        "ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER\n"
        "started = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "elapsed = time.perf_counter() - started\n"
        "while True:\n"
        "    try:\n"
        "        os.waitpid(-1, 0)\n"
        "    except ChildProcessError:\n"
        "        break\n"
        "summary = [line for line in done.stderr.splitlines() if ' rebuilt, ' in line]\n"
        "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(done.returncode, elapsed, used.ru_utime + used.ru_stime, used.ru_maxrss, *summary[-1:])\n"
        "sys.stderr.write('' if done.returncode == 0 else done.stderr[-3000:])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *command],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    fields = result.stdout.split(maxsplit=4)
    if not fields or fields[0] != "0":
        raise SystemExit(f"build failed: {' '.join(command)}\n{result.stderr}")
    return float(fields[1]), float(fields[2]), int(fields[3]) / 1024, fields[4].strip() if len(fields) > 4 else ""


def changed_views(folder: Path) -> Path:
    views = folder / "xslt"
    shutil.copytree(REPO / "xslt", views)
    html = views / "html.xsl"
    html.write_text(
        html.read_text(encoding="utf-8").replace("<title>{$title}</title>", "<title>{$title} (restyled)</title>"),
        encoding="utf-8",
    )
    return views


PEAKS: dict[str, dict[int, float]] = {}  # what was built → corpus size → peak MB, for the growth per 1,000


def report(size: int, what: str, seconds: float, cpu: float, megabytes: float, summary: str) -> None:
    PEAKS.setdefault(what, {})[size] = megabytes
    figures = f"{seconds:7.1f} s wall {cpu:7.1f} s CPU {megabytes:6.0f} MB"
    label = f"{size} documents, {what}"
    print(f"{label:<40} {figures}   {summary.removeprefix('build: ').split(' in /')[0]}", flush=True)


def report_growth() -> None:
    """Peak memory's growth per 1,000 documents, from the smallest corpus to the largest: flat is 0."""
    for what, peaks in PEAKS.items():
        if len(peaks) > 1:
            smallest, largest = min(peaks), max(peaks)
            growth = (peaks[largest] - peaks[smallest]) / (largest - smallest) * 1000
            print(f"peak memory, {what}: {growth:+.0f} MB per 1,000 documents ({smallest} to {largest})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--jobs", type=int, default=None, help="passed to build --jobs (default: its own)")
    parser.add_argument(
        "--skip-pdf-at", type=int, default=None, metavar="N", help="no full build with PDFs at N documents or more"
    )
    args = parser.parse_args()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start", flush=True)
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="build-scaling-") as scratch:
            folder = Path(scratch)
            tei = make_corpus(folder, size)
            site = folder / "site"
            report(size, "full, no PDF", *timed_build(tei, site, "--full", "--no-pdf", *jobs))
            if args.skip_pdf_at is None or size < args.skip_pdf_at:
                report(size, "full, with PDFs", *timed_build(tei, site, "--full", *jobs))
            pdf = [] if args.skip_pdf_at is None or size < args.skip_pdf_at else ["--no-pdf"]
            transcript = sorted((tei / "transcripts").glob("*.txt"))[size // 2]
            transcript.write_text(marked(transcript.read_text(encoding="utf-8"), "Touched"), encoding="utf-8")
            report(size, "one transcript changed", *timed_build(tei, site, *pdf, *jobs))
            summarised = sorted((tei / "transcripts").glob("*.txt"))[size // 3]
            summarised.write_text(marked(summarised.read_text(encoding="utf-8"), "Resumed"), encoding="utf-8")
            report(size, "one summary changed", *timed_build(tei, site, *pdf, *jobs))
            env = {"TEI_ENCODER_XSLT_DIR": str(changed_views(folder))}
            report(size, "html.xsl changed", *timed_build(tei, site, *pdf, *jobs, env=env))
            report(size, "nothing changed", *timed_build(tei, site, *pdf, *jobs, env=env))
    report_growth()
    print(f"load average {os.getloadavg()[0]:.1f} at the end; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
