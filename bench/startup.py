"""Start-up of a one-file ``convert`` (issue 12: at most twice pandoc's whole-process CPU).

Converts one corpus transcript (7.9 KB) in the three places a transcript is
found, each a fresh ``tei-encoder convert FILE -o OUT -q`` process:

* ``outside``: a copy in a folder of its own (no settings file);
* ``edition``: a copy under a folder with ``edition.toml`` (the corpus's,
  without its register), as every corpus transcript is;
* ``corpus``: the transcript in ``tei/transcripts/`` itself (``tei/edition.toml``
  and the register it names),

and prints, for each, the CPU seconds (user + system, of the process and its
children) best of ``--repeat`` runs, beside ``pandoc -f markdown -t tei`` of the
same text and ``python -c pass``; the cache folder is one of the run's own,
filled by a first run of each (``--cold`` reports that first run too). The
package's bytecode is compiled first, as in an installed package (this
machine sets ``PYTHONDONTWRITEBYTECODE``). ``--callgrind`` adds the
instructions each executes (valgrind's callgrind), which a busy machine does
not inflate as it does seconds. The load average is printed: seconds measured
at a load above the number of cores are high and noisy.

    python bench/startup.py [--repeat 10] [--callgrind] [--cold]
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
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TRANSCRIPT = REPO / "tei" / "transcripts" / "1963-02-20-hao-deqing-andropov-visit.txt"
PROGRAM = [sys.executable, "-m", "encoder"]


def child_cpu_seconds(command: Sequence[str], environment: dict[str, str]) -> float:
    """User + system CPU seconds of one run of ``command`` and everything it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    completed = subprocess.run(command, cwd=REPO, env=environment, capture_output=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({completed.returncode}): {completed.stderr.decode()[-500:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def instructions(command: Sequence[str], environment: dict[str, str]) -> int:
    """Instructions executed by ``command``, counted by callgrind."""
    completed = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    found = re.search(r"Collected : (\d+)", completed.stderr)
    if found is None:
        raise SystemExit(f"callgrind gave no count: {completed.stderr[-500:]}")
    return int(found.group(1))


def places(folder: Path) -> dict[str, Path]:
    """The transcript outside an edition, under an edition.toml, and in the corpus."""
    outside = folder / "outside" / "one.txt"
    outside.parent.mkdir()
    shutil.copyfile(TRANSCRIPT, outside)
    edition = folder / "edition" / "transcripts" / TRANSCRIPT.name
    edition.parent.mkdir(parents=True)
    shutil.copyfile(TRANSCRIPT, edition)
    settings = (TRANSCRIPT.parent.parent / "edition.toml").read_text(encoding="utf-8")
    without_register = "".join(line for line in settings.splitlines(True) if not line.startswith("register ="))
    (folder / "edition" / "edition.toml").write_text(without_register, encoding="utf-8")
    return {"outside": outside, "edition": edition, "corpus": TRANSCRIPT}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--callgrind", action="store_true", help="also count instructions (valgrind)")
    parser.add_argument("--cold", action="store_true", help="also report the first run, cache folder empty")
    options = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "encoder")], check=True)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        environment = {**os.environ, "TEI_ENCODER_CACHE_DIR": str(folder / "cache")}
        commands = {
            case: [*PROGRAM, "convert", str(path), "-o", str(folder / f"out-{case}"), "-q"]
            for case, path in places(folder).items()
        }
        first = {case: child_cpu_seconds(command, environment) for case, command in commands.items()}
        commands["pandoc"] = ["pandoc", "-f", "markdown", "-t", "tei", str(TRANSCRIPT), "-o", str(folder / "p.xml")]
        commands["python -c pass"] = [sys.executable, "-c", "pass"]
        if shutil.which("pandoc") is None:
            del commands["pandoc"]
        load = os.getloadavg()[0]
        seconds: dict[str, list[float]] = {case: [] for case in commands}
        for _ in range(options.repeat):  # alternately, so that each saw the same machine
            for case, command in commands.items():
                seconds[case].append(child_cpu_seconds(command, environment))
        print(
            f"CPU seconds, best of {options.repeat} (load average {load:.1f} → {os.getloadavg()[0]:.1f}, "
            f"{os.cpu_count()} cores)"
        )
        pandoc = min(seconds["pandoc"]) if "pandoc" in seconds else None
        for case, runs in seconds.items():
            ratio = f"  {min(runs) / pandoc:4.2f}× pandoc" if pandoc and case in first else ""
            cold = f"  first run {first[case]:.3f} s" if options.cold and case in first else ""
            print(f"  {case:<16} {min(runs):.3f} s (median {sorted(runs)[len(runs) // 2]:.3f}){ratio}{cold}")
        if options.callgrind:
            print("instructions (callgrind), cache folder filled")
            for case, command in commands.items():
                if case != "pandoc":
                    print(f"  {case:<16} {instructions(command, environment) / 1e6:6.0f} M")


if __name__ == "__main__":
    main()
