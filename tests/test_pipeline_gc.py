"""convert pauses Python's cyclic garbage collector and leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

from encoder.errors import InputError
from encoder.pipeline import convert

TRANSCRIPT = "February 10, 1965\n\nRecord of Conversation\n\nAmbassador Kim said*, and left ...\n"


@pytest.mark.parametrize("enabled", [True, False])
def test_convert_restores_the_collector_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        convert(TRANSCRIPT)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_the_collector_is_back_after_a_conversion_that_fails() -> None:
    assert gc.isenabled()
    with pytest.raises(InputError):
        convert("a control character \x01 cannot be converted\n")
    assert gc.isenabled()


def test_the_collector_is_paused_during_the_conversion(monkeypatch: pytest.MonkeyPatch) -> None:
    import encoder.pipeline as pipeline

    seen: list[bool] = []
    real_analyse = pipeline.analyse

    def spying_analyse(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real_analyse(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "analyse", spying_analyse)
    convert(TRANSCRIPT)
    assert seen == [False]
    assert gc.isenabled()
