"""The cache of compiled regular expressions (:mod:`encoder.patterns`) serves what ``re.compile`` would.

A Pattern made from stored engine code equals (``==``: flags, pattern and
engine code) the one ``re.compile`` makes, for every pattern the package
compiles; a damaged, stale or foreign file is ignored and written anew; an
unwritable folder or unexpected internals only cost time.
"""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from encoder import patterns
from encoder.cache_folder import write_stamped
from tests.conftest import REPO

# Every module of the package that can be imported here, then what the cache holds and served.
IMPORT_EVERYTHING = """
import importlib, json, pkgutil, sys
import encoder
for module in pkgutil.walk_packages(encoder.__path__, "encoder."):
    if module.name == "encoder.__main__":
        continue  # runs the command line
    try:
        importlib.import_module(module.name)
    except ImportError:
        pass  # an optional dependency (the server's) not installed
from encoder import patterns
cache = patterns._cache
print(json.dumps({"hits": cache.hits, "missed": len(cache.missed), "used": len(cache.used)}))
"""


def _import_everything(cache: Path) -> dict[str, int]:
    completed = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING],
        cwd=REPO,
        env={**os.environ, "TEI_ENCODER_CACHE_DIR": str(cache)},
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    counts: dict[str, int] = json.loads(completed.stdout.splitlines()[-1])
    return counts


def _cache_file(cache: Path) -> Path:
    return cache / patterns.cache_file().name


def test_every_pattern_of_the_package_is_stored_then_served_equal_to_re_compile(tmp_path: Path) -> None:
    first = _import_everything(tmp_path)
    assert first["hits"] == 0
    assert first["missed"] == first["used"] > 150  # the package's patterns
    stored = patterns._read(_cache_file(tmp_path))
    assert len(stored) == first["used"]  # all of them storable
    assert any(isinstance(pattern, bytes) for pattern, _ in stored)  # provenance's patterns are bytes
    for (pattern, flags), entry in stored.items():
        served = patterns._from_engine_code(pattern, entry)
        fresh = re.compile(pattern, flags)
        assert served == fresh, pattern
        assert (served.groups, served.groupindex, served.flags) == (fresh.groups, fresh.groupindex, fresh.flags)
    second = _import_everything(tmp_path)
    assert second["missed"] == 0
    assert second["used"] == first["used"]
    assert second["hits"] >= first["used"]  # a pattern two modules compile is served twice


def _stored_file(path: Path, entries: dict[tuple[str, int], tuple[object, ...]]) -> None:
    write_stamped(path, patterns.FORMAT, patterns.interpreter_stamp(), marshal.dumps(entries))


def _good_file(path: Path) -> bytes:
    cache = patterns.PatternCache(path)
    cache.compile(r"(?P<day>\d{1,2}) (?P<month>[A-Z][a-z]+)")
    cache.save()
    return path.read_bytes()


def _damaged(good: bytes, damage: str) -> bytes:
    if damage == "truncated":
        return good[:-7]
    if damage == "one byte changed":
        return good[:-3] + bytes([good[-3] ^ 0x01]) + good[-2:]
    if damage == "another interpreter":
        return good.replace(patterns.interpreter_stamp(), b"cpython-399 3.99.0 sre 1", 1)
    if damage == "not ours":
        return b"\x00\xff garbage" * 40
    return b""  # empty


@pytest.mark.parametrize("damage", ["truncated", "one byte changed", "another interpreter", "not ours", "empty"])
def test_a_damaged_or_foreign_file_is_ignored_and_rewritten(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "patterns.bin"
    good = _good_file(path)
    path.write_bytes(_damaged(good, damage))
    cache = patterns.PatternCache(path)
    assert cache.stored == {}
    pattern = r"(?P<day>\d{1,2}) (?P<month>[A-Z][a-z]+)"
    assert cache.compile(pattern) == re.compile(pattern)
    assert cache.compile(pattern).groupindex == {"day": 1, "month": 2}
    cache.save()
    assert path.read_bytes() == good
    assert patterns.PatternCache(path).stored.keys() == {(pattern, 0)}


def test_stored_code_the_engine_rejects_is_compiled_anew_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "patterns.bin"
    _stored_file(path, {("a+b", 0): (32, [999, 999, 999], 1, {}, (None,))})  # a checksum that matches, bad code
    cache = patterns.PatternCache(path)
    assert ("a+b", 0) in cache.stored
    assert cache.compile("a+b") == re.compile("a+b")
    assert cache.hits == 0
    cache.save()
    assert patterns._from_engine_code("a+b", patterns.PatternCache(path).stored[("a+b", 0)]) == re.compile("a+b")


def test_a_second_cache_serves_from_the_file_without_re_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "patterns.bin"
    first = patterns.PatternCache(path)
    first.compile(r"\bword\b", re.IGNORECASE)
    first.compile(rb"^<\?pi (?P<data>[^?>]*)\?>")
    first.save()

    def no_compiling(*arguments: object) -> None:
        raise AssertionError("re.compile was called")

    monkeypatch.setattr(re, "compile", no_compiling)
    second = patterns.PatternCache(path)
    assert second.compile(r"\bword\b", re.IGNORECASE).match("WORD")
    assert second.compile(rb"^<\?pi (?P<data>[^?>]*)\?>").match(b"<?pi x?>")
    assert second.hits == 2


def test_an_unwritable_cache_folder_costs_no_more_than_re_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_worked_out(*arguments: object) -> None:
        raise AssertionError("engine code worked out for a folder that cannot keep it")

    monkeypatch.setattr(patterns, "_engine_code", not_worked_out)
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    cache = patterns.PatternCache(blocker / "cache" / "patterns.bin")
    assert cache.compile("x(y)") == re.compile("x(y)")
    cache.save()  # no exception
    assert blocker.read_text() == "not a folder"


def test_unexpected_internals_give_re_compile_and_store_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class AnotherEngine:
        @staticmethod
        def compile(*arguments: object) -> re.Pattern[str]:
            return re.compile("something else")

    monkeypatch.setattr(patterns, "_sre", AnotherEngine)
    path = tmp_path / "patterns.bin"
    cache = patterns.PatternCache(path)
    assert cache.compile("a(b)c") == re.compile("a(b)c")
    cache.save()
    assert not path.exists()


def test_a_file_past_its_bound_keeps_what_the_last_run_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patterns, "MAX_ENTRIES", 3)
    path = tmp_path / "patterns.bin"
    older = patterns.PatternCache(path)
    for pattern in ("a", "b", "c"):
        older.compile(pattern)
    older.save()
    latest = patterns.PatternCache(path)
    latest.compile("c")
    latest.compile("d")
    latest.save()
    assert patterns.PatternCache(path).stored.keys() == {("c", 0), ("d", 0)}
