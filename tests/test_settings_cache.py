"""A valid ``edition.toml`` is checked by pydantic once; later runs read what it said from the
cache folder (encoder.settings_cache). A file with problems is checked every time, and an entry
that is damaged, foreign or made by other code is never served."""

from __future__ import annotations

import dataclasses
import marshal
from pathlib import Path

import pytest

from encoder import edition, settings_cache
from encoder.cache_folder import CACHE_ENV, write_stamped
from encoder.edition import CHECKED_BY, EditionConfig, load_edition
from encoder.errors import InputError

VALID = 'publisher = "P"\nidentifier-base = "https://x.org/"\nmax-input-size = "2KB"\nregister = "r.xml"\n'


@pytest.fixture
def checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """The tables pydantic was asked to check, with a cache folder of the test's own."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    asked: list[dict[str, object]] = []
    check = edition.edition_from_table

    def counting(table: dict[str, object]) -> EditionConfig:
        asked.append(table)
        return check(table)

    monkeypatch.setattr(edition, "edition_from_table", counting)
    return asked


def _edition_file(tmp_path: Path, text: str = VALID) -> Path:
    path = tmp_path / "edition.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _entries(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("settings-*"))


def test_a_valid_file_is_checked_once_and_read_back_the_same(tmp_path: Path, checks: list[object]) -> None:
    path = _edition_file(tmp_path)
    first = load_edition(path)
    assert len(checks) == 1 and len(_entries(tmp_path)) == 1
    again = load_edition(path)
    assert len(checks) == 1  # served from the cache folder
    expected = EditionConfig("P", identifier_base="https://x.org/", max_input_size=2000, register_file="r.xml")
    assert again == first == expected
    assert type(again) is EditionConfig and again.identifier("d") == "https://x.org/d"


def test_a_file_with_problems_is_checked_every_time_with_the_same_messages(
    tmp_path: Path, checks: list[object]
) -> None:
    path = _edition_file(tmp_path, 'publisher = "P"\navailability = "open"\n')
    messages = []
    for _ in range(2):
        with pytest.raises(InputError) as raised:
            load_edition(path)
        messages.append([diagnostic.format() for diagnostic in raised.value.diagnostics])
    assert len(checks) == 2 and messages[0] == messages[1]
    assert messages[0][0].startswith(f"{path}:2:16: error: EDITION-FIELD: availability: Input should be")
    assert _entries(tmp_path) == []


def test_an_edited_file_is_checked_again(tmp_path: Path, checks: list[object]) -> None:
    path = _edition_file(tmp_path)
    load_edition(path)
    path.write_text(VALID.replace('"P"', '"Q"'), encoding="utf-8")
    assert load_edition(path).publisher == "Q" and len(checks) == 2
    path.write_text(VALID + 'availability = "open"\n', encoding="utf-8")  # invalid now: never the old verdict
    with pytest.raises(InputError):
        load_edition(path)


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: entry.write_bytes(b""),
        lambda entry: entry.write_bytes(entry.read_bytes()[:-3]),  # truncated: the digest is wrong
        lambda entry: entry.write_bytes(entry.read_bytes().replace(b"checked settings 1", b"checked settings 0")),
    ],
)
def test_a_damaged_or_foreign_entry_is_ignored_and_written_again(
    tmp_path: Path, checks: list[object], damage: object
) -> None:
    path = _edition_file(tmp_path)
    expected = load_edition(path)
    [entry] = _entries(tmp_path)
    whole = entry.read_bytes()
    damage(entry)  # type: ignore[operator]
    assert load_edition(path) == expected and len(checks) == 2
    assert entry.read_bytes() == whole


@pytest.mark.parametrize(
    "values",
    [
        {"publisher": "P"},  # a field short: another version of the dataclass
        {field.name: None for field in dataclasses.fields(EditionConfig)} | {"publisher": "P", "colour": "red"},
        {field.name: None for field in dataclasses.fields(EditionConfig)} | {"publisher": ["P"]},
    ],
)
def test_an_entry_with_other_fields_or_values_is_never_served(
    tmp_path: Path, checks: list[object], values: dict[str, object]
) -> None:
    path = _edition_file(tmp_path)
    stamp = settings_cache.entry_stamp(path.read_bytes(), CHECKED_BY)
    assert stamp is not None
    entry = settings_cache.entry_path(EditionConfig, stamp)
    entry.parent.mkdir(parents=True)
    write_stamped(entry, settings_cache.FORMAT, stamp, marshal.dumps(values))
    assert load_edition(path).max_input_size == 2000 and len(checks) == 1


def test_the_entry_depends_on_the_checking_code_and_pydantic_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "encoder" / "a_model.py"
    module.parent.mkdir()
    module.write_text("# a check\n")
    monkeypatch.setattr(settings_cache, "_PACKAGE_ROOT", tmp_path)
    stamp = settings_cache.entry_stamp(b"x = 1", ["encoder.a_model"])
    assert stamp is not None and stamp == settings_cache.entry_stamp(b"x = 1", ["encoder.a_model"])
    assert stamp != settings_cache.entry_stamp(b"x = 2", ["encoder.a_model"])
    module.write_text("# another check\n")
    assert stamp != (stamp := settings_cache.entry_stamp(b"x = 1", ["encoder.a_model"]))
    monkeypatch.setattr(settings_cache, "_pydantic_version", lambda: b"VERSION = '99.0'")
    assert stamp != settings_cache.entry_stamp(b"x = 1", ["encoder.a_model"])
    assert settings_cache.entry_stamp(b"x = 1", ["encoder.not_there"]) is None


def test_without_a_readable_source_or_writable_folder_every_run_checks(
    tmp_path: Path, checks: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _edition_file(tmp_path)

    def not_found() -> bytes:
        raise ImportError("no pydantic")

    with monkeypatch.context() as patched:
        patched.setattr(settings_cache, "_pydantic_version", not_found)
        load_edition(path)
        load_edition(path)
    assert len(checks) == 2 and _entries(tmp_path) == []
    (tmp_path / "a-file").write_bytes(b"")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "a-file"))  # a cache folder that cannot be made
    assert load_edition(path) == load_edition(path) and len(checks) == 4


def test_the_dataclass_has_the_models_fields() -> None:
    from encoder.settings.edition import EditionFile

    assert [field.name for field in dataclasses.fields(EditionConfig)] == list(EditionFile.model_fields)
    for field in dataclasses.fields(EditionConfig):
        assert field.default == EditionFile.model_fields[field.name].default or field.name == "publisher"
