"""Start-up: a command imports what it needs and nothing of the other commands.

A behavioural check by ``sys.modules`` in a fresh interpreter (timings belong
in ``bench/peers.py``): converting a transcript must not load the XSLT
processor (saxonche), the PDF engine (WeasyPrint), the XSD library
(xmlschema), the web server of ``serve``, OpenSSL (through ``hashlib``), or, without a settings file to read, the
validation library (pydantic).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from encoder.header import sidecar_path
from encoder.overrides import decisions_path
from tests.conftest import REPO, TRANSCRIPTS

# _hashlib: OpenSSL, whose first digest costs ~5 % of a one-file conversion (encoder.digests).
NOT_FOR_CONVERSION = (
    "saxonche",
    "weasyprint",
    "xmlschema",
    "starlette",
    "uvicorn",
    "encoder.views",
    "encoder.site",
    "_hashlib",
)
# A batch's process pool starts these; a one-file conversion runs in the command's process.
NOT_FOR_ONE_FILE = ("multiprocessing", "dask")


def _modules_after(arguments: list[str]) -> tuple[int, set[str]]:
    script = (
        "import sys\n"
        "from encoder.cli import main\n"
        f"status = main({arguments!r})\n"
        "modules = sorted(sys.modules)\n"
        "import json\n"  # after: the command's modules only
        "print(json.dumps([status, modules]))\n"
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


def _outside_any_edition(tmp_path: Path) -> Path:
    """A transcript in a folder of its own: no edition.toml, sidecar or decisions file beside or above it."""
    transcript = tmp_path / "one.txt"
    transcript.write_bytes(sorted(TRANSCRIPTS.glob("*.txt"))[0].read_bytes())
    return transcript


VALIDATION_LIBRARY = ("pydantic", "pydantic_core", "annotated_types")


def test_convert_outside_an_edition_loads_no_validation_library_or_package_metadata(tmp_path: Path) -> None:
    # pydantic checks the settings files (encoder.settings); importing it (and its plugin
    # loader's importlib.metadata) costs more CPU than converting a transcript, so it is
    # imported only when a settings file is read, and this transcript has none.
    transcript = _outside_any_edition(tmp_path)
    status, modules = _modules_after(["convert", str(transcript), "-o", str(tmp_path / "out"), "-q"])
    assert status == 0
    assert not {name for name in modules if name.split(".")[0] in VALIDATION_LIBRARY}
    assert "importlib.metadata" not in modules
    assert not {name for name in modules if name.startswith(("encoder.settings.", "encoder.settings_cache"))}


# The validation library's modules and the settings models a run loaded.
SETTINGS_MODULES_LOADED = """
import json, sys
from encoder.cli import main
status = main(sys.argv[1:])
loaded = [name for name in sys.modules if name.split(".")[0] in ("pydantic", "pydantic_core", "annotated_types")]
print(json.dumps([status, sorted(loaded + [name for name in sys.modules if name.startswith("encoder.settings.")])]))
"""


def test_convert_in_an_edition_checks_its_file_with_the_one_model_once_then_imports_no_pydantic(
    tmp_path: Path,
) -> None:
    transcript = sorted(TRANSCRIPTS.glob("*.txt"))[0]  # tei/edition.toml above it, no sidecar or decisions file
    assert (TRANSCRIPTS.parent / "edition.toml").is_file()
    assert not sidecar_path(transcript).exists() and not decisions_path(transcript).exists()
    (first_status, first_loaded, first_tei), (status, loaded, tei) = convert_twice(SETTINGS_MODULES_LOADED, tmp_path)
    assert first_status == status == 0
    assert {"pydantic", "encoder.settings.edition"} <= set(first_loaded)  # an empty cache folder: pydantic checks it
    assert not {"encoder.settings.sidecar", "encoder.settings.decisions"} & set(first_loaded)
    assert loaded == []  # the same edition.toml, found valid before: read back from the cache folder
    assert tei == first_tei


def test_a_metadata_option_imports_the_sidecar_model_and_is_applied(tmp_path: Path) -> None:
    transcript = _outside_any_edition(tmp_path)
    status, modules = _modules_after(
        ["convert", str(transcript), "-o", str(tmp_path / "out"), "-q", "--title", "A title given by option"]
    )
    assert status == 0
    assert b"A title given by option" in (tmp_path / "out" / "one.xml").read_bytes()
    assert "encoder.settings.sidecar" in modules and "encoder.settings.edition" not in modules


# A one-file conversion without settings files, --report or --force: what it does not need.
# shutil: argparse asked it for the terminal's width for every option added (encoder.cli measures it for help only).
NOT_FOR_A_PLAIN_CONVERSION = (
    "tomllib",
    "json",
    "concurrent.futures",
    "statistics",
    "encoder.commands.validate",
    "shutil",
)


def test_a_plain_convert_imports_no_settings_reader_json_or_thread_pool(tmp_path: Path) -> None:
    transcript = _outside_any_edition(tmp_path)
    status, modules = _modules_after(["convert", str(transcript), "-o", str(tmp_path / "out"), "-q"])
    assert status == 0
    assert not {name for name in modules for unused in NOT_FOR_A_PLAIN_CONVERSION if name == unused}


@given(st.lists(st.integers(min_value=0, max_value=300), min_size=2, max_size=80))
def test_the_wrap_width_quartile_is_the_statistics_modules(lengths: list[int]) -> None:
    import statistics

    from encoder.layout import upper_quartile

    assert upper_quartile(lengths) == statistics.quantiles(lengths, n=4)[2]


def test_the_command_module_is_imported_without_the_collector_and_its_objects_frozen_until_the_end() -> None:
    import gc

    from encoder import cli

    seen: list[tuple[bool, int]] = []

    def importing(**options: str | None) -> object:
        seen.append((gc.isenabled(), gc.get_freeze_count()))
        return cli.build_parser(**options)

    assert gc.isenabled()
    cli._without_collecting(importing, only="text")  # type: ignore[arg-type]
    try:
        assert seen == [(False, 0)] and gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    with pytest.raises(SystemExit):
        cli.main(["text", "--help"])
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_the_program_leaves_the_imports_frozen_for_its_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from encoder import cli

    monkeypatch.setattr(sys, "argv", ["tei-encoder", "text", "--help"])  # main() without arguments: the program
    try:
        with pytest.raises(SystemExit):
            cli.main()
        assert gc.isenabled() and gc.get_freeze_count() > 0  # not scanned again by the collection at exit
    finally:
        gc.unfreeze()


@pytest.mark.parametrize("columns", [50, 200])
def test_help_is_wrapped_to_the_terminal_measured_when_it_is_written(columns: int) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "encoder", "validate", "--help"],
        cwd=REPO,
        env={**os.environ, "COLUMNS": str(columns)},
        capture_output=True,
        text=True,
        check=True,
    )
    usage = completed.stdout.split("\n\n")[0].splitlines()
    assert len(usage) > 6 if columns == 50 else len(usage) <= 3  # an option a line, or a few lines


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


def convert_twice(script: str, tmp_path: Path) -> list[list[Any]]:
    """Two ``convert`` runs of the first transcript under ``script`` in fresh interpreters sharing one
    cache folder: the JSON list each printed last, and the TEI it wrote."""
    transcript = sorted(TRANSCRIPTS.glob("*.txt"))[0]
    environment = {**os.environ, "TEI_ENCODER_CACHE_DIR": str(tmp_path / "cache")}
    runs = []
    for _ in range(2):
        completed = subprocess.run(
            [sys.executable, "-c", script, "convert", str(transcript), "-o", str(tmp_path / "out"), "-q"],
            cwd=REPO,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        runs.append(
            [*json.loads(completed.stdout.splitlines()[-1]), (tmp_path / "out" / f"{transcript.stem}.xml").read_bytes()]
        )
    return runs


def test_a_second_convert_compiles_none_of_the_package_patterns(tmp_path: Path) -> None:
    runs = [run[:-1] for run in convert_twice(COUNT_COMPILED, tmp_path)]
    (first_status, first_hits, first_package, first_compiled), (status, hits, package, compiled) = runs
    assert first_status == status == 0
    assert first_hits == 0 and first_package > 150 and first_compiled
    # The second run reads edition.toml from the cache folder: its model's patterns are not compiled at all.
    assert hits >= package and 150 < package <= first_package
    assert compiled == []


# The dataclass methods compiled in this run, and those served from the cache folder.
COUNT_METHODS = """
import json, sys
from encoder.cli import main
from encoder import dataclass_methods
status = main(sys.argv[1:])
cache = dataclass_methods._cache
print(json.dumps([status, cache.hits, len(cache.compiled), len(cache.used)]))
"""


def test_a_second_convert_compiles_none_of_the_dataclass_methods(tmp_path: Path) -> None:
    runs = convert_twice(COUNT_METHODS, tmp_path)
    (first_status, first_hits, first_compiled, first_used, first_tei), (status, hits, compiled, used, tei) = runs
    assert first_status == status == 0
    assert first_hits == 0 and first_compiled == first_used > 300
    assert compiled == 0 and used == first_used and hits >= used
    assert tei == first_tei  # the classes made with the stored code convert the same


POINT = """
from dataclasses import dataclass

@dataclass(frozen=True, slots=True)
class Point:
    x: int
    y: int = 0
"""


def test_dataclasses_made_with_stored_code_are_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses
    import types

    from encoder import dataclass_methods

    module = types.ModuleType("encoder.made_for_a_test")  # an encoder module: its methods are kept
    monkeypatch.setitem(sys.modules, module.__name__, module)

    def point_class(cache: dataclass_methods.MethodCache) -> type:
        monkeypatch.setattr(dataclasses, "exec", cache.exec, raising=False)
        exec(POINT, module.__dict__)
        made: type = module.Point
        return made

    first_run = dataclass_methods.MethodCache(tmp_path / "methods.bin")
    first = point_class(first_run)
    first_run.save()
    second_run = dataclass_methods.MethodCache(tmp_path / "methods.bin")
    second = point_class(second_run)
    assert first_run.hits == 0 and len(first_run.stored) == second_run.hits > 0 and not second_run.compiled
    for point in (first, second):
        assert point(1) == point(1, 0) and hash(point(1)) == hash(point(1, 0))
        assert repr(point(2, 3)) == "Point(x=2, y=3)"
        with pytest.raises(dataclasses.FrozenInstanceError):
            point(1).x = 2
    assert first.__init__.__code__ == second.__init__.__code__  # type: ignore[misc]
    assert first.__init__.__annotations__ == second.__init__.__annotations__  # type: ignore[misc]


def test_a_damaged_or_foreign_method_file_is_ignored(tmp_path: Path) -> None:
    from encoder import dataclass_methods

    path = tmp_path / "methods.bin"
    for contents in (b"", b"garbage", dataclass_methods.FORMAT + b"\nanother python\nx\ny"):
        path.write_bytes(contents)
        assert dataclass_methods.MethodCache(path).stored == {}
