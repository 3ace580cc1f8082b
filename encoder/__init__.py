"""tei-encoder: archival translation transcripts → validated TEI P5, and its views.

The public API is this small facade; every other module is an implementation
detail that may change.

* :func:`convert` — a transcript (text) → :class:`ConversionResult` (``.tree``, ``.decisions``)
* :func:`convert_file` — the same for a file, with its ``NAME.meta.toml`` sidecar
* :func:`to_text` — TEI written by tei-encoder → the transcription (the round trip)
* :func:`validate` — any TEI file or tree → a list of diagnostics
* :func:`render` — TEI → HTML (``view="html"`` or ``"print"``) or PDF bytes (``view="pdf"``)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "ConversionResult",
    "__version__",
    "convert",
    "convert_file",
    "render",
    "to_text",
    "validate",
]

if TYPE_CHECKING:
    from lxml import etree

    from encoder.pipeline import ConversionResult, convert, convert_file
    from encoder.round_trip import to_text
    from encoder.validation import validate


def render(tree: etree._ElementTree, view: str = "html") -> str | bytes:
    """Render a TEI tree: ``html`` and ``print`` give HTML text, ``pdf`` gives bytes."""
    from encoder import views

    if view == "html":
        return views.render_html(tree)
    if view == "print":
        return views.render_print_html(tree)
    if view == "pdf":
        return views.render_pdf(tree)
    raise ValueError(f"unknown view {view!r}: use html, print or pdf")


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `tei-encoder --help` stays fast.
    if name in {"convert", "convert_file", "ConversionResult"}:
        from encoder import pipeline

        return getattr(pipeline, name)
    if name == "to_text":
        from encoder.round_trip import to_text

        return to_text
    if name == "validate":
        from encoder.validation import validate

        return validate
    raise AttributeError(f"module 'encoder' has no attribute {name!r}")
