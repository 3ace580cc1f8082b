"""Render TEI with the XSLT 3.0 views (``xslt/``): reading HTML, print HTML, PDF.

Security model: the stylesheets are the project's own files, checked by the
hardened parser and each compiled once per process, when first used, by a
Saxon processor of its own; right after compiling, that processor's
``allowedProtocols`` is set to nothing, so no stylesheet or document can make
it read a file or reach the network (``document()``, ``unparsed-text()``,
``collection()``, ``doc()`` all fail). Saxon only ever sees documents that
:mod:`encoder.safexml` has parsed: the lxml tree is serialized and handed over
as a string. WeasyPrint gets a URL fetcher that serves the project's asset
folder and refuses everything else.

Public API: :func:`render_html`, :func:`render_print_html`, :func:`render_pdf`
and :func:`get_renderer` for callers that need the compiled views directly.
"""

from __future__ import annotations

import datetime
import enum
import functools
import gc
import io
import logging
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlparse

from lxml import etree
from saxonche import PySaxonApiError, PySaxonProcessor

from encoder.errors import TransformError
from encoder.pdf_deflate import deflating_each_stream_once
from encoder.pdf_footnotes import lay_out_with_notes_at_their_calls
from encoder.pdf_styles import font_configuration, lift_style_blocks
from encoder.resources import data_dir
from encoder.safexml import parse_xml_file

PACKAGE_DIR = Path(__file__).resolve().parent
ASSETS_DIR = PACKAGE_DIR / "assets"

# Saxon's switch for the URI schemes stylesheets may dereference at run time.
ALLOWED_PROTOCOLS = "http://saxon.sf.net/feature/allowedProtocols"


def find_xslt_dir() -> Path:
    """The view stylesheets: ``$TEI_ENCODER_XSLT_DIR``, else those the wheel
    installed in the package, else the checkout's top-level ``xslt/``."""
    configured = os.environ.get("TEI_ENCODER_XSLT_DIR")
    if configured and (Path(configured) / "html.xsl").is_file():
        return Path(configured)
    found = data_dir("xslt", "html.xsl")
    if found is None:
        raise TransformError("the view stylesheets (xslt/html.xsl) were not found; set TEI_ENCODER_XSLT_DIR")
    return found


class View(enum.StrEnum):
    HTML = "html"
    PRINT = "print"


@dataclass(frozen=True, slots=True)
class PageLinks:
    """Relative links a page carries when it is part of the edition site.

    Empty strings mean "not in a site": the page then inlines its CSS and
    JavaScript and is a single self-contained file.
    """

    assets_href: str = ""
    home_href: str = ""
    pdf_href: str = ""
    tei_href: str = ""
    search_index_href: str = ""
    review_href: str = ""  # the editors' review page; the link is hidden from readers
    # entity views (encoder/entity_pages.py): with a register, names link to
    # the entity pages in this folder and open the cards beside them
    entity_pages_href: str = ""

    def as_parameters(self) -> dict[str, str]:
        return {
            "assets-href": self.assets_href,
            "home-href": self.home_href,
            "pdf-href": self.pdf_href,
            "tei-href": self.tei_href,
            "search-index-href": self.search_index_href,
            "review-href": self.review_href,
            "entity-pages-href": self.entity_pages_href,
        }


def read_asset(name: str) -> str:
    return (ASSETS_DIR / name).read_text(encoding="utf-8")


class Renderer:
    """The view stylesheets of one process, each compiled when it is first used.

    ``extra_stylesheets`` adds further stylesheets under the same lock-down
    (used by the security tests). Every stylesheet module is checked by the
    hardened parser when the renderer starts; compiling one (about 50 ms each,
    0.5 s for all) waits until a page needs it: a rebuild after a header edit
    uses only the index page's view. A view's Saxon processor may open ``file:``
    URIs only while it compiles the view (its ``xsl:import``); from then on it
    can open none at all.
    """

    def __init__(self, extra_stylesheets: Mapping[str, Path] | None = None) -> None:
        xslt_dir = find_xslt_dir()
        sources = {str(view): xslt_dir / f"{view}.xsl" for view in View}
        # The site's index page, search entries and the library crosswalks
        # (encoder/crosswalks.py) share the common layer.
        # The entity views (encoder/entity_pages.py) too.
        for name in (
            "site-index",
            "site-index-entries",
            "search-entry",
            "mods",
            "dc",
            "mets",
            "entity-record",
            "entity-index",
            "entity-page",
            "entity-page-rows",
            "timeline",
            "timeline-rows",
        ):
            sources[name] = xslt_dir / f"{name}.xsl"
        sources.update(extra_stylesheets or {})
        # Every stylesheet module goes through the hardened parser first: it
        # refuses DOCTYPEs and entities before Saxon's own parser reads them.
        for module in sorted(xslt_dir.rglob("*.xsl")) + [Path(p) for p in sources.values()]:
            parse_xml_file(module)
        self._sources = sources
        self._compiling = threading.Lock()
        self._compiled: dict[str, _CompiledView] = {}
        self._inline_css = read_asset("edition.css")
        self._inline_js = read_asset("edition.js")
        self._print_css = read_asset("print.css")

    @property
    def compiled(self) -> frozenset[str]:
        """The views compiled so far (the others are compiled when first used)."""
        return frozenset(self._compiled)

    def compile(self, *stylesheets: str) -> None:
        """Compile these views now (a build's worker does before its first document, so that
        no document's time budget pays for them)."""
        for stylesheet in stylesheets:
            self._view(stylesheet)

    def _view(self, stylesheet: str) -> _CompiledView:
        view = self._compiled.get(stylesheet)
        if view is not None:
            return view
        with self._compiling:
            if stylesheet in self._compiled:  # compiled by another thread meanwhile
                return self._compiled[stylesheet]
            path = self._sources[stylesheet]
            # Saxon's lock-down cannot be lifted once set, so each view has a processor of its own:
            # it reads the stylesheet and its imports (file: only), then is shut to every URI.
            # The processors share Saxon's runtime; what a view costs is its compiled code.
            processor = PySaxonProcessor(license=False)
            processor.set_configuration_property(ALLOWED_PROTOCOLS, "file")
            try:
                executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(path))
            except PySaxonApiError as error:
                raise TransformError(f"{path}: stylesheet does not compile: {error}") from None
            processor.set_configuration_property(ALLOWED_PROTOCOLS, "")
            # keep xsl:message output so a failing view can say why it failed
            executable.set_save_xsl_message(True)
            view = self._compiled[stylesheet] = _CompiledView(processor, executable)
            return view

    def transform(
        self,
        stylesheet: str,
        tree: etree._ElementTree | etree._Element,
        parameters: Mapping[str, str | etree._Element] | None = None,
    ) -> str:
        """Run one compiled stylesheet on a tree from :mod:`encoder.safexml`.

        A parameter is a string, or an lxml element the stylesheet receives
        as a document node (e.g. the file inventory of ``mets.xsl``).
        """
        processor, executable = self._view(stylesheet)
        source = etree.tostring(tree, encoding="unicode")
        try:
            node = processor.parse_xml(xml_text=source)
            executable.clear_xsl_messages()
            executable.clear_parameters()
            for name, value in (parameters or {}).items():
                executable.set_parameter(name, _parameter_value(processor, value))
            result = executable.transform_to_string(xdm_node=node)
        except PySaxonApiError as error:
            messages = executable.get_xsl_messages()
            said = [str(item).strip() for item in messages] if messages is not None else []
            detail = "; ".join([str(error).strip(), *said])
            raise TransformError(f"{stylesheet} view: {detail}") from None
        if result is None:  # older saxonche reports failures here instead of raising
            raise TransformError(f"{stylesheet} view: the transformation produced no result")
        return str(result)

    def render_html(self, tree: etree._ElementTree, links: PageLinks | None = None) -> str:
        links = links or PageLinks()
        parameters = links.as_parameters()
        if not links.assets_href:
            parameters |= {"inline-css": self._inline_css, "inline-js": self._inline_js}
        return self.transform(View.HTML, tree, parameters)

    def render_print_html(self, tree: etree._ElementTree) -> str:
        return self.transform(View.PRINT, tree, {"inline-css": self._print_css})

    def render_pdf(self, tree: etree._ElementTree, source: SourceFile | None = None) -> bytes:
        """An archival PDF (PDF/A-3b, tagged) carrying its TEI file (``source``, else the tree serialized)."""
        if (refusal := pdf_refusal(tree)) is not None:
            raise TransformError(f"PDF view refused: {refusal}")
        if source is None:
            source = SourceFile("document.xml", etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
        return html_to_pdf(self.render_print_html(tree), source)


class _CompiledView(NamedTuple):
    processor: PySaxonProcessor  # a view's documents and parameters must be its processor's nodes
    executable: Any


def _parameter_value(processor: PySaxonProcessor, value: str | etree._Element) -> Any:
    if isinstance(value, str):
        return processor.make_string_value(value)
    return processor.parse_xml(xml_text=etree.tostring(value, encoding="unicode"))


@functools.cache
def get_renderer() -> Renderer:
    """The process-wide renderer: started on first use, each stylesheet compiled on its first use."""
    return Renderer()


def render_html(tree: etree._ElementTree, links: PageLinks | None = None) -> str:
    return get_renderer().render_html(tree, links)


def render_print_html(tree: etree._ElementTree) -> str:
    return get_renderer().render_print_html(tree)


def render_pdf(tree: etree._ElementTree, source: SourceFile | None = None) -> bytes:
    return get_renderer().render_pdf(tree, source)


# ---- PDF ---------------------------------------------------------------


def restricted_url_fetcher(allowed_root: Path = ASSETS_DIR) -> Any:
    """A WeasyPrint URL fetcher that serves files under ``allowed_root`` only.

    Anything else (other local files, http, ftp, data: URLs) is refused: the
    fetcher raises, WeasyPrint skips the resource and logs a warning.
    """
    from weasyprint.urls import URLFetcher

    root = allowed_root.resolve()

    class AssetsOnlyURLFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if path.is_relative_to(root) and path.is_file():
                    return super().fetch(url, headers)
            raise ValueError(f"refused to fetch {url!r}: the PDF view loads only its own assets")

    return AssetsOnlyURLFetcher(allowed_protocols=("file",), allow_redirects=False)


# The PDF view lays out every page break and note; tens of thousands of them
# (valid TEI, but no document of this family has more than a few hundred)
# cost minutes and gigabytes. Beyond these the PDF is refused with a message;
# the HTML views have no such limit.
PDF_LIMITS: dict[str, tuple[str, int]] = {
    "page breaks": ("count(//tei:pb)", 2_000),
    "notes": ("count(//tei:note)", 2_000),
}


def pdf_refusal(tree: etree._ElementTree | etree._Element) -> str | None:
    """Why the PDF view will not lay out this document, or None."""
    for what, (count, limit) in PDF_LIMITS.items():
        found = int(tree.xpath(count, namespaces={"tei": "http://www.tei-c.org/ns/1.0"}))
        if found > limit:
            return (
                f"{found} {what}: more than the PDF view lays out ({limit}); use the HTML view, or split the document"
            )
    return None


@dataclass(frozen=True, slots=True)
class SourceFile:
    """The TEI file a PDF is made from, embedded in it as its source (PDF/A-3 associated file)."""

    name: str
    data: bytes


# PDF/A wants dates on the embedded file; the build must stay byte-identical
# for the same input, so they are fixed (the ZIP epoch reproducible builds use).
_EMBEDDED_FILE_DATE = datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)


@contextmanager
def collecting_once_after() -> Iterator[None]:
    """Within: no garbage collection; after: one of the youngest generation.

    WeasyPrint allocates boxes, styles and PDF objects by the hundred
    thousand, and leaves 9,000-21,000 of them per sample PDF to the
    collector (most in cycles): it ran ~20 times during each PDF, now and
    then over the whole heap (19.6 ms of a sample PDF's ~190 ms CPU, 5.2 ms
    now). The cycles are found by the one collection after, of the objects
    made since it began. A caller that turned the collector off keeps it
    off.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)


def html_to_pdf(html: str, source: SourceFile | None = None) -> bytes:
    """Lay out print HTML with WeasyPrint; deterministic for the same input.

    The PDF is PDF/A-3b and tagged (PDF/UA structure); title, author, subject
    and keywords come from the page's ``<title>`` and ``<meta>`` elements,
    the language from ``<html lang>``, and ``source`` is embedded with the
    relationship "Source", so the archival PDF carries its own TEI.
    """
    import weasyprint

    # WeasyPrint reports each refused URL as a warning on its logger; the
    # layout itself goes on, so keep those visible but quiet the font chatter.
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    with collecting_once_after():
        return _lay_out_and_write(weasyprint, html, source)


def _lay_out_and_write(weasyprint: Any, html: str, source: SourceFile | None) -> bytes:
    try:
        document = weasyprint.HTML(
            string=html,
            base_url=ASSETS_DIR.as_uri() + "/",
            url_fetcher=restricted_url_fetcher(),
        )
        attachments = []
        if source is not None:
            attachments.append(
                weasyprint.Attachment(
                    file_obj=io.BytesIO(source.data),
                    # a file name that was not UTF-8 (surrogate escapes) cannot go into the PDF as it is
                    name=source.name.encode("utf-8", "replace").decode("utf-8"),
                    description="TEI P5 source of this document",
                    relationship="Source",
                    created=_EMBEDDED_FILE_DATE,
                    modified=_EMBEDDED_FILE_DATE,
                )
            )
        options: dict[str, Any] = {"pdf_variant": "pdf/a-3b", "pdf_tags": True, "attachments": attachments}
        # fonts and the page's parsed style blocks are the process's (encoder/pdf_styles.py)
        stylesheets = lift_style_blocks(document)
        font_config = font_configuration()
        laid_out = lay_out_with_notes_at_their_calls(
            lambda: document.render(font_config=font_config, stylesheets=stylesheets, **options)
        )
        with deflating_each_stream_once():
            pdf: bytes = laid_out.write_pdf(**options)
    except TransformError:
        raise
    except Exception as error:  # WeasyPrint raises many unrelated types
        raise TransformError(f"PDF rendering failed: {error}") from error
    return pdf
