"""Every footnote of the PDF on the page of its call.

``footnote-policy: line`` (print.css) makes WeasyPrint carry a call's line to
the next page with a note that does not fit below it. One case escapes it:
when a line at the foot of a page does not fit and orphans or widows forbid
breaking before it (typically the first line of a paragraph), WeasyPrint
makes room by moving the page's last footnotes to the next page, also those
whose calls stay on this page (seen in WeasyPrint 70, layout/block.py,
``_linebox_layout``). So after laying out, :func:`lay_out_with_notes_at_their_calls`
looks for a note on a later page than its call; the block that ends the
call's page is then made to begin the next page (``break-before: page`` on
that one element), which leaves room for the note, and the document is laid
out again. Each round only adds breaks, so it ends; a note still away from
its call after :data:`MAX_ROUNDS` is printed in the text right after its call
(class ``tei-footnote-in-text``), which is on the page of the call by
construction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

# A document needs a round per page that ends with a moved note; the sample
# corpus needs at most one. Beyond this the notes left go into the text.
MAX_ROUNDS = 8

FORCED_BREAK = "break-before: page"
IN_TEXT_CLASS = "tei-footnote-in-text"


def lay_out_with_notes_at_their_calls(render: Callable[[], Any]) -> Any:
    """``render()`` lays out the WeasyPrint HTML document it was made from
    (its element tree is adjusted between rounds); the final layout."""
    document = render()
    forced: set[int] = set()
    for _ in range(MAX_ROUNDS):
        late = late_notes(document)
        if not late:
            return document
        progress = False
        for call_page in sorted({page for page, _ in late}):
            element = last_block_element(document.pages[call_page]._page_box)
            if element is None or id(element) in forced:
                continue
            forced.add(id(element))
            element.set("style", "; ".join(filter(None, [element.get("style"), FORCED_BREAK])))
            progress = True
        if not progress:
            break
        document = render()
    late = late_notes(document)
    if not late:
        return document
    for _, note in late:
        note.set("class", " ".join(filter(None, [note.get("class"), IN_TEXT_CLASS])))
    return render()


def late_notes(document: Any) -> list[tuple[int, Any]]:
    """(page of the call, note element) for each note printed on another page than its call."""
    call_pages: dict[int, tuple[int, Any]] = {}
    note_pages: dict[int, int] = {}
    for number, page in enumerate(document.pages):
        for box in _boxes(page._page_box):
            footnote = getattr(box, "footnote", None)
            if footnote is not None and footnote.element is not None:
                call_pages.setdefault(id(footnote.element), (number, footnote.element))
            if type(box).__name__ == "FootnoteAreaBox":
                for note in box.children:
                    if note.element is not None:
                        note_pages.setdefault(id(note.element), number)
    return [
        (call_page, element)
        for key, (call_page, element) in sorted(call_pages.items(), key=lambda item: item[1][0])
        if note_pages.get(key, call_page) != call_page
    ]


def last_block_element(page_box: Any) -> Any:
    """The element of the block holding the last line of the page's text (not
    of its notes, margin boxes or positioned page numbers), or None."""
    lines = list(_lines(page_box.children[0] if page_box.children else None, None))
    if not lines:
        return None
    block = lines[-1][1]
    if block is None or block.element is None or block.element.tag in {"html", "body"}:
        return None
    return block.element


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _lines(box: Any, parent: Any) -> Iterator[tuple[Any, Any]]:
    """Each line box of the flow with the block box holding it, in order."""
    if box is None or box.style["position"] in ("absolute", "fixed"):
        return
    if type(box).__name__ == "LineBox":
        yield box, parent
        return
    for child in getattr(box, "children", ()):
        yield from _lines(child, box)
