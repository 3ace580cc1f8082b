"""The public Python API: the small facade in ``encoder``."""

from __future__ import annotations

import encoder


def test_facade_converts_round_trips_validates_and_renders() -> None:
    result = encoder.convert("The [North] Korean side agreed.\n")
    assert encoder.to_text(result.tree).strip() == "The [North] Korean side agreed."
    assert not [d for d in encoder.validate(result.tree) if d.severity == "error"]
    html = encoder.render(result.tree, "html")
    assert isinstance(html, str) and "tei-supplied" in html
    assert isinstance(encoder.render(result.tree, "pdf"), bytes)
