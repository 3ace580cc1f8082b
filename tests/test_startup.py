"""Start-up: a command imports what it needs and nothing of the other commands.

A behavioural check by ``sys.modules`` in a fresh interpreter (timings belong
in ``bench/peers.py``): converting a transcript must not load the XSLT
processor (saxonche), the PDF engine (WeasyPrint), the XSD library
(xmlschema), the web server of ``serve``, or a validation library (pydantic).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, TRANSCRIPTS

NOT_FOR_CONVERSION = ("saxonche", "weasyprint", "xmlschema", "starlette", "uvicorn", "encoder.views", "encoder.site")
# A batch's process pool starts these; a one-file conversion runs in the command's process.
NOT_FOR_ONE_FILE = ("multiprocessing", "dask")


def _modules_after(arguments: list[str]) -> tuple[int, set[str]]:
    script = (
        "import json, sys\n"
        "from encoder.cli import main\n"
        f"status = main({arguments!r})\n"
        "print(json.dumps([status, sorted(sys.modules)]))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True, timeout=120
    )
    status, modules = json.loads(completed.stdout.splitlines()[-1])
    return status, set(modules)


def test_convert_loads_no_renderer_validator_or_server(tmp_path: Path) -> None:
    transcript = sorted(TRANSCRIPTS.glob("*.txt"))[0]
    status, modules = _modules_after(["convert", str(transcript), "-o", str(tmp_path), "-q"])
    assert status == 0
    assert (tmp_path / f"{transcript.stem}.xml").is_file()
    loaded = {name for name in modules for heavy in NOT_FOR_CONVERSION if name == heavy or name.startswith(heavy + ".")}
    assert not loaded
    pool = {name for name in modules for heavy in NOT_FOR_ONE_FILE if name == heavy or name.startswith(heavy + ".")}
    assert not pool


def test_convert_loads_no_validation_library_or_package_metadata(tmp_path: Path) -> None:
    # The header's metadata, the report and the settings files are dataclasses checked by
    # encoder.toml_files: importing pydantic (and the plugin loader's importlib.metadata)
    # cost more CPU than converting a transcript.
    transcript = sorted(TRANSCRIPTS.glob("*.txt"))[0]
    status, modules = _modules_after(["convert", str(transcript), "-o", str(tmp_path), "-q"])
    assert status == 0
    assert not {name for name in modules if name.split(".")[0] in ("pydantic", "pydantic_core", "annotated_types")}
    assert "importlib.metadata" not in modules


def test_help_still_lists_every_command() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "encoder", "--help"], cwd=REPO, capture_output=True, text=True, check=True
    )
    for command in ("convert", "validate", "render", "build", "serve"):
        assert command in completed.stdout


# Patterns that went through re's own compiler, and those encoder.patterns served from the cache folder.
COUNT_COMPILED = """
import json, re, sys
compiled = []
compile_with_re = re._compiler.compile
def counting(pattern, flags=0):
    compiled.append(pattern)
    return compile_with_re(pattern, flags)
re._compiler.compile = counting
from encoder.cli import main
from encoder import patterns
status = main(sys.argv[1:])
package = {pattern for pattern, flags in patterns._cache.used}
print(json.dumps([status, patterns._cache.hits, len(package), [p for p in compiled if p in package]], default=repr))
"""


def test_a_second_convert_compiles_none_of_the_package_patterns(tmp_path: Path) -> None:
    transcript = sorted(TRANSCRIPTS.glob("*.txt"))[0]
    environment = {**os.environ, "TEI_ENCODER_CACHE_DIR": str(tmp_path / "cache")}
    runs = []
    for _ in range(2):
        completed = subprocess.run(
            [sys.executable, "-c", COUNT_COMPILED, "convert", str(transcript), "-o", str(tmp_path / "out"), "-q"],
            cwd=REPO,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        runs.append(json.loads(completed.stdout.splitlines()[-1]))
    (first_status, first_hits, first_package, first_compiled), (status, hits, package, compiled) = runs
    assert first_status == status == 0
    assert first_hits == 0 and first_package > 150 and first_compiled
    assert hits >= package == first_package
    assert compiled == []
