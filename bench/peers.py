"""Peer benchmarks: tei-encoder beside pandoc, jing and a bare lxml floor, in one run.

For inputs of 50 KB, 500 KB and 5 MB built like ``bench/scaling.py``'s (the
header of a corpus transcript, then corpus body paragraphs), and for one
corpus transcript, it prints CPU seconds (user + system of the whole
process and its children: start-up, JVM and all) of

* ``convert``: ``tei-encoder convert IN.txt -o OUT.xml`` (with its own
  validation) beside ``pandoc -f markdown -t tei`` on the same text;
* ``validate``: ``tei-encoder validate --no-schematron`` (project RELAX NG)
  and ``tei-encoder validate --schema tei-all`` beside ``jing`` with the same
  schema on the same TEI file; tei-encoder's tei_all figure is a second run,
  when the grammar cut down to the document's names is in the cache;
* ``render``: the HTML reading view of the TEI file (parse included), in a
  warm process, beside an lxml parse + serialize of the same file (the floor
  for any file-to-HTML step).

The package's bytecode is compiled first (``python -m compileall encoder``),
as it is in an installed package. Every figure is the minimum of ``--repeat`` runs (the machine may be shared;
the minimum is the least disturbed run) and each ratio is taken from figures
of the same run. A peer that is not installed is reported and skipped;
``--install`` first installs the missing ones from Debian (``apt-get install
pandoc jing``). The tests never need them.

With ``--convert-only`` only the conversion rows are run, each with its
seconds per MB of transcript, and then the CPU seconds per MB between the
smallest and the largest size for both programs (start-up drops out of the
difference): issue 12's "convert ≥ 5× faster per MB than pandoc".

With ``--validate-only`` the TEI files are made in process and only the
validation rows are run, with ``tei-encoder validate`` (RELAX NG and
Schematron) beside jing run with the RELAX NG and then with the Schematron,
and for each row the CPU seconds per MB of TEI
between the smallest and the largest size (start-up, the JVM's included,
drops out of the difference).

    python bench/peers.py [--sizes 50000 500000 5000000] [--repeat 3] [--install] [--convert-only | --validate-only]
    python bench/peers.py --sizes --repeat 10    # the one transcript only: start-up
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from scaling import corpus_input  # noqa: E402

from encoder.validation import PROJECT_SCHEMA_DIR, tei_all_rng  # noqa: E402

ONE_TRANSCRIPT = REPO / "tei" / "transcripts" / "1963-02-20-hao-deqing-andropov-visit.txt"
DEBIAN_PACKAGES = {"pandoc": "pandoc", "jing": "jing"}
TEI_ENCODER = [sys.executable, "-m", "encoder"]


def child_cpu_seconds(command: Sequence[str], environment: dict[str, str]) -> float:
    """User + system CPU seconds of one run of ``command`` and everything it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    completed = subprocess.run(command, cwd=REPO, env=environment, capture_output=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode not in (0, 1):  # 1: the input has problems, which is still a run
        raise SystemExit(f"{' '.join(command)} failed ({completed.returncode}): {completed.stderr.decode()[-500:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def best_of(repeat: int, action: Callable[[], float]) -> float:
    return min(action() for _ in range(repeat))


def in_process_cpu(action: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.process_time()
        action()
        timings.append(time.process_time() - started)
    return min(timings)


def install_missing(peers: Sequence[str]) -> None:
    missing = [DEBIAN_PACKAGES[name] for name in peers if shutil.which(name) is None]
    if missing:
        print(f"installing {' '.join(missing)} (apt-get)", flush=True)
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *missing], check=False)


def row(label: str, ours: float, peer_label: str, peer: float | None) -> None:
    if peer is None:
        print(f"  {label:<38} {ours:8.3f} s | {peer_label:<28} {'not installed':>10}")
    else:
        print(f"  {label:<38} {ours:8.3f} s | {peer_label:<28} {peer:8.3f} s | x{ours / peer:6.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=[50_000, 500_000, 5_000_000], help="none: the one transcript only"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--install", action="store_true", help="apt-get install pandoc and jing when missing")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--convert-only", action="store_true", help="only the conversion rows, with their s/MB")
    only.add_argument("--validate-only", action="store_true", help="only the validation rows, with their s/MB")
    options = parser.parse_args()
    if options.install:
        install_missing(list(DEBIAN_PACKAGES))
    pandoc, jing = shutil.which("pandoc"), shutil.which("jing")
    project_rng, tei_all = PROJECT_SCHEMA_DIR / "tei-encoder.rng", tei_all_rng()
    project_sch = PROJECT_SCHEMA_DIR / "tei-encoder.sch"
    repeat = options.repeat
    # An installed package has its bytecode compiled; a checkout run with
    # PYTHONDONTWRITEBYTECODE would otherwise compile every module each time.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "encoder")], check=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        # A cache of its own: the first tei_all run fills it, as a user's first run would.
        environment = {**os.environ, "TEI_ENCODER_CACHE_DIR": str(folder / "cache")}

        def run(command: Sequence[str]) -> float:
            return best_of(repeat, lambda: child_cpu_seconds(command, environment))

        print("CPU seconds (user + system, whole process), best of", repeat, "runs; ratio = tei-encoder / peer")
        if options.validate_only:
            compare_validation_rates(options.sizes, folder, run, jing, (project_rng, project_sch, tei_all))
            return
        if options.convert_only:
            compare_conversion_rates(options.sizes, folder, run, pandoc)
            return
        print(f"\none transcript ({ONE_TRANSCRIPT.stat().st_size:,} bytes), whole process")
        one_out = folder / "one.xml"
        row(
            "tei-encoder convert",
            run([*TEI_ENCODER, "convert", str(ONE_TRANSCRIPT), "-o", str(one_out), "-q"]),
            "pandoc -f markdown -t tei",
            run([pandoc, "-f", "markdown", "-t", "tei", str(ONE_TRANSCRIPT), "-o", str(folder / "one.pandoc")])
            if pandoc
            else None,
        )
        print(f"  {'python -c pass (the interpreter alone)':<38} {run([sys.executable, '-c', 'pass']):8.3f} s")

        for size in options.sizes:
            text_path = folder / f"input-{size}.txt"
            text_path.write_text(corpus_input(size), encoding="utf-8")
            tei_path = folder / f"input-{size}.xml"
            print(f"\n{size / 1e6:.2f} MB of transcript text")
            row(
                "tei-encoder convert",
                run([*TEI_ENCODER, "convert", str(text_path), "-o", str(tei_path), "-q"]),
                "pandoc -f markdown -t tei",
                run([pandoc, "-f", "markdown", "-t", "tei", str(text_path), "-o", str(folder / "out.pandoc")])
                if pandoc
                else None,
            )
            print(f"  (TEI file: {tei_path.stat().st_size / 1e6:.2f} MB)")
            row(
                "tei-encoder validate (project RNG)",
                run([*TEI_ENCODER, "validate", "--no-schematron", str(tei_path)]),
                "jing tei-encoder.rng",
                run([jing, str(project_rng), str(tei_path)]) if jing else None,
            )
            run([*TEI_ENCODER, "validate", "--schema", "tei-all", str(tei_path)])  # fills the cache
            row(
                "tei-encoder validate --schema tei-all",
                run([*TEI_ENCODER, "validate", "--schema", "tei-all", str(tei_path)]),
                "jing tei_all.rng",
                run([jing, str(tei_all), str(tei_path)]) if jing else None,
            )
            compare_rendering(tei_path, repeat)


def compare_conversion_rates(
    sizes: Sequence[int], folder: Path, run: Callable[[Sequence[str]], float], pandoc: str | None
) -> None:
    """``convert`` beside pandoc at each size, whole process and per MB, then per MB between the sizes."""
    print(f"  {'python -c pass (the interpreter alone)':<38} {run([sys.executable, '-c', 'pass']):8.3f} s")
    run([*TEI_ENCODER, "convert", str(ONE_TRANSCRIPT), "-o", str(folder / "warm.xml"), "-q"])  # fills the cache folder
    figures: list[tuple[float, float, float | None]] = []
    for size in sizes:
        text_path = folder / f"input-{size}.txt"
        text_path.write_text(corpus_input(size), encoding="utf-8")
        megabytes = text_path.stat().st_size / 1e6
        ours = run([*TEI_ENCODER, "convert", str(text_path), "-o", str(folder / f"input-{size}.xml"), "-q"])
        peer = (
            run([str(pandoc), "-f", "markdown", "-t", "tei", str(text_path), "-o", str(folder / "out.pandoc")])
            if pandoc
            else None
        )
        figures.append((megabytes, ours, peer))
        print(f"\n{megabytes:.2f} MB of transcript text: {ours / megabytes:.3f} s/MB"
              + (f", pandoc {peer / megabytes:.3f} s/MB" if peer is not None else ""))  # fmt: skip
        row("tei-encoder convert", ours, "pandoc -f markdown -t tei", peer)
    if len(figures) < 2:
        return
    (small_mb, small_ours, small_peer), (big_mb, big_ours, big_peer) = figures[0], figures[-1]
    print(f"\nCPU s per MB of transcript between {small_mb:.2f} and {big_mb:.2f} MB (start-up drops out)")
    peer_rate = None if small_peer is None or big_peer is None else (big_peer - small_peer) / (big_mb - small_mb)
    row("tei-encoder convert", (big_ours - small_ours) / (big_mb - small_mb), "pandoc", peer_rate)


def compare_validation_rates(
    sizes: Sequence[int],
    folder: Path,
    run: Callable[[Sequence[str]], float],
    jing: str | None,
    schema_files: tuple[Path, Path, Path],
) -> None:
    """The validation rows for each size, then each row's CPU seconds per MB of TEI between the sizes."""
    from encoder.pipeline import convert

    project_rng, project_sch, tei_all = schema_files
    figures: dict[str, list[tuple[float, float, float | None]]] = {}
    for size in sizes:
        tei_path = folder / f"input-{size}.xml"
        tei_path.write_bytes(convert(corpus_input(size)).to_bytes())
        megabytes = tei_path.stat().st_size / 1e6
        print(f"\n{megabytes:.2f} MB of TEI ({size / 1e6:.2f} MB of transcript text)")
        tei = str(tei_path)
        # jing takes one schema a run: the RELAX NG and the Schematron are two runs.
        jing_runs: dict[str, list[list[str]]] = {
            "tei-encoder.rng + .sch": [[str(jing), str(project_rng), tei], [str(jing), str(project_sch), tei]],
            "tei-encoder.rng": [[str(jing), str(project_rng), tei]],
            "tei_all.rng": [[str(jing), str(tei_all), tei]],
        }
        commands = {
            "validate": ([*TEI_ENCODER, "validate", tei], "tei-encoder.rng + .sch"),
            "validate --no-schematron": ([*TEI_ENCODER, "validate", "--no-schematron", tei], "tei-encoder.rng"),
            "validate --schema tei-all": ([*TEI_ENCODER, "validate", "--schema", "tei-all", tei], "tei_all.rng"),
        }
        run(commands["validate --schema tei-all"][0])  # fills the cache
        for label, (ours_command, jing_schema) in commands.items():
            ours = run(ours_command)
            peer = sum(run(command) for command in jing_runs[jing_schema]) if jing else None
            figures.setdefault(label, []).append((megabytes, ours, peer))
            row(f"tei-encoder {label}", ours, f"jing {jing_schema}", peer)
    if len(sizes) < 2:
        return
    print(f"\nCPU s per MB of TEI between {figures[next(iter(figures))][0][0]:.2f} and "
          f"{figures[next(iter(figures))][-1][0]:.2f} MB (start-up drops out)")  # fmt: skip
    for label, rows in figures.items():
        (small_mb, small_ours, small_peer), (big_mb, big_ours, big_peer) = rows[0], rows[-1]
        ours_rate = (big_ours - small_ours) / (big_mb - small_mb)
        peer_rate = None if small_peer is None or big_peer is None else (big_peer - small_peer) / (big_mb - small_mb)
        row(f"tei-encoder {label}", ours_rate, "jing", peer_rate)


def compare_rendering(tei_path: Path, repeat: int) -> None:
    """The HTML view from the file (parse included) beside lxml reading and writing the same file."""
    from encoder.safexml import parse_xml_file
    from encoder.views import get_renderer

    renderer = get_renderer()
    renderer.render_html(parse_xml_file(tei_path))  # warm: stylesheets compiled
    row(
        "HTML reading view (warm, in process)",
        in_process_cpu(lambda: renderer.render_html(parse_xml_file(tei_path)), repeat),
        "lxml parse + serialize floor",
        in_process_cpu(lambda: etree.tostring(etree.parse(str(tei_path)), method="html"), repeat),
    )


if __name__ == "__main__":
    main()
