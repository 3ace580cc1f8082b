"""What every PDF of a process shares: fonts and the print page's parsed styles.

WeasyPrint, left to itself, makes a new ``FontConfiguration`` for every
document (fontconfig loads its configuration and font list again, Pango
starts a new font map with empty caches) and parses the page's ``<style>``
blocks again, though every print page carries the same two (print.css and
the structures' block of print.xsl). Here each thread keeps one font
configuration, and each block's text is parsed once per font configuration;
:func:`lift_style_blocks` takes the blocks out of a parsed page and returns
their parsed sheets, which the layout then gets as ``stylesheets=``.

The cascade stays the same: WeasyPrint ranks sheets passed that way as user
sheets, which lose to the author's declarations but otherwise cascade as the
page's own did (order, specificity). The only author declarations left in a
print page are ``style`` attributes, which beat the blocks anyway; so blocks
are lifted only when that holds: all of them or none, none when one has
``!important`` (a user's ``!important`` beats an author's), a ``media`` or
``type`` attribute, or the page links a stylesheet.
"""

from __future__ import annotations

import atexit
import re
import threading
from dataclasses import dataclass, field
from typing import Any

# Distinct style blocks kept per thread; the print view has two.
MAX_SHEETS = 16

# CSS allows space and comments between "!" and "important" (comments are blanked first).
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
IMPORTANT = re.compile(r"!\s*important", re.IGNORECASE)


@dataclass
class _Shared:
    font_config: Any
    sheets: dict[tuple[str, str, str], Any] = field(default_factory=dict)


# By thread, not in a threading.local: the objects hold Pango and fontconfig
# handles that cffi releases when they are collected, and a thread-local of
# the main thread is collected only as the interpreter is torn down, when
# that can crash (seen: a segmentation fault at exit once a gc callback was
# installed). Here they are released at exit, while everything is alive. A
# thread's entry is taken over by a later thread with its number, never used
# by two living threads at once.
_by_thread: dict[int, _Shared] = {}
_lock = threading.Lock()


def _shared() -> _Shared:
    ident = threading.get_ident()
    shared = _by_thread.get(ident)
    if shared is None:
        from weasyprint.text.fonts import FontConfiguration

        with _lock:
            if not _by_thread:
                atexit.register(_release)
            shared = _by_thread[ident] = _Shared(FontConfiguration())
    return shared


def _release() -> None:
    with _lock:
        for shared in _by_thread.values():
            shared.sheets.clear()  # the sheets before the fonts they were parsed with
        _by_thread.clear()


def font_configuration() -> Any:
    """This thread's WeasyPrint font configuration (one per thread: Pango's font map is not thread-safe)."""
    return _shared().font_config


def lift_style_blocks(document: Any) -> list[Any]:
    """Take the ``<style>`` blocks out of a parsed WeasyPrint ``HTML`` document
    and return their sheets, in page order (each text parsed once per thread
    and base URL, with this thread's font configuration); ``[]``, the page
    untouched, when they cannot be lifted without changing the cascade (see
    the module's docstring)."""
    from weasyprint import CSS

    root = document.etree_element
    blocks = list(root.iter("style"))
    if not blocks or next(root.iter("link"), None) is not None:
        return []
    texts = []
    for block in blocks:
        text = block.text or ""
        if block.attrib or len(block) or IMPORTANT.search(COMMENT.sub(" ", text)):
            return []
        texts.append(text)
    shared = _shared()
    sheets = shared.sheets
    if len(sheets) > MAX_SHEETS:  # pages with styles of their own: keep the cache small
        sheets.clear()
    parents = {child: parent for parent in root.iter() for child in parent}
    for block in blocks:
        _remove_keeping_tail(parents[block], block)
    # the wrapper cssselect2 matches on was made from the page before; make it again
    document.wrapper_element = type(document.wrapper_element).from_html_root(root)
    lifted = []
    for text in texts:
        key = (text, document.base_url or "", document.media_type)
        if key not in sheets:
            sheets[key] = CSS(
                string=text,
                base_url=document.base_url,
                url_fetcher=document.url_fetcher,
                media_type=document.media_type,
                font_config=shared.font_config,
            )
        lifted.append(sheets[key])
    return lifted


def _remove_keeping_tail(parent: Any, element: Any) -> None:
    """Remove ``element``; the text after it stays where it was."""
    if element.tail:
        index = list(parent).index(element)
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
