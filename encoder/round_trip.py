"""The round trip: TEI → the transcription it was encoded from.

Every editorial element writes its sign back (``supplied`` → ``[…]``, ``gap``
→ its marker from ``@rend``, a footnote → ``\\*`` at its place and its note
paragraph after the block, a seam → a blank line), and the header is written
again in the transcript's layout (``teiHeader/@rend``). The result equals the
input up to :func:`normalize_whitespace`: every character in order, with
whitespace folded. That is the project's promise that nothing is lost, and the
tests hold every sample and every generated transcript to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from encoder.inline.omissions import MARKER_FOR_REND
from encoder.safexml import not_tei_error
from encoder.serialize import TEI_NS, XML_NS

_T = f"{{{TEI_NS}}}"
_QUOTES = {
    "straight": ('"', '"'),
    "curly": ("“", "”"),
    "curly-single": ("‘", "’"),
    "single": ("'", "'"),
}
_SIC_FORMS = {
    "bracketed-sic": " [sic]",
    "bracketed-sic-glued": "[sic]",
    "bracketed-sic-bang": " [sic!]",
}
CREDITS_PREFIX = "This document was made possible with support from "


def normalize_whitespace(text: str) -> str:
    """The normal form in which a transcript and its round trip are compared.

    Every run of whitespace, line breaks and blank lines included, is one
    space: the promise is that every character comes back, in order. Where
    the transcript broke its lines (a blank line, a single line break, a hard
    wrap) is layout, which the encoding records as TEI structure instead.
    """
    return " ".join(text.split())


def _content(text: str | None) -> str:
    """Text as written; whitespace-only text with a newline is indentation, not content."""
    if not text or (not text.strip() and "\n" in text):
        return ""
    return text


@dataclass(slots=True)
class _Writer:
    markdown: bool
    # Footnotes met in the current block: ("paragraph" | "run-in", note text).
    pending_notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def star(self) -> str:
        return "\\*" if self.markdown else "*"

    def marker_of(self, note: etree._Element) -> str:
        tokens = note.get("rend", "").split()
        if "escaped-marker" in tokens:
            return "\\*"
        if "plain-marker" in tokens:
            return "*"
        return self.star

    def inline(self, element: etree._Element) -> str:
        """The text of an element's content, with every sign written back."""
        parts = [_content(element.text)]
        for child in element:
            if isinstance(child.tag, str):
                parts.append(self.element(child))
            parts.append(_content(child.tail))
        return "".join(parts)

    def element(self, element: etree._Element) -> str:
        name = etree.QName(element).localname
        handler = _HANDLERS.get(name)
        return handler(self, element) if handler else self.inline(element)

    def block(self, element: etree._Element) -> list[str]:
        """One top-level block, its run-in notes, then its note paragraphs."""
        self.pending_notes = []
        text = self.element(element)
        for kind, note in self.pending_notes:
            if kind == "run-in":
                text += f" {note}"
        return [text] + [note for kind, note in self.pending_notes if kind == "paragraph"]


def _note(writer: _Writer, note: etree._Element) -> str:
    if note.get("type") == "summary":  # "Summary: …" after the body, as written
        return writer.inline(note)
    if note.get("place") == "end":  # a numbered note, standing as its own block
        if note.get("rend") == "unbracketed":  # "1 …", "x/ …" below a rule line
            return f"{note.get('n', '')} {writer.inline(note)}"
        return f"[{note.get('n', '')}] {writer.inline(note)}"
    if note.get("place") == "foot":
        kind = "run-in" if "run-in" in note.get("rend", "").split() else "paragraph"
        marker = writer.marker_of(note)
        # The note's place is taken before its text is written: a note whose marker stands
        # inside it ("a\* \* one b\* \* two") comes after it, as the markers do.
        place = len(writer.pending_notes)
        writer.pending_notes.append((kind, ""))
        writer.pending_notes[place] = (kind, f"{marker} {writer.inline(note)}")
        return marker
    if note.get("type") in {"translator", "editorial", "description", "language"}:
        return _bracket(writer.inline(note), note)
    return writer.inline(note)


def _bracket(content: str, element: etree._Element) -> str:
    if element.get("rend") == "double-bracketed":
        return f"[[{content}]]"
    return f"[{content}]"


def _gap(writer: _Writer, gap: etree._Element) -> str:
    rend = gap.get("rend")
    if rend in MARKER_FOR_REND:
        return MARKER_FOR_REND[rend]
    desc = gap.find(f"{_T}desc")
    if desc is not None:
        return _bracket(writer.inline(desc), gap)
    return ""  # a redaction: its translator's note follows and writes the bracket


_PAGE_LINES = {"bare": "{n}", "dashed": "- {n} -", "en-dashed": "– {n} –", "p-parenthesized": "(p. {n})"}


def _pb(writer: _Writer, pb: etree._Element) -> str:
    if pb.get("type") == "seam":
        return "\n\n"
    form = _PAGE_LINES.get(pb.get("rend", ""))
    return form.format(n=pb.get("n", "")) if form else f"[{pb.get('n', '')}]"


def _choice(writer: _Writer, choice: etree._Element) -> str:
    alternatives = [writer.element(child) for child in choice if isinstance(child.tag, str)]
    if choice.get("rend") == "fused":
        return "".join(alternatives)
    return alternatives[0] + "".join(f" [{alternative}]" for alternative in alternatives[1:])


def _quote(writer: _Writer, quote: etree._Element) -> str:
    opening, closing = _QUOTES.get(quote.get("rend", "straight"), ('"', '"'))
    return f"{opening}{writer.inline(quote)}{closing}"


def _hi(writer: _Writer, hi: etree._Element) -> str:
    tag = {"superscript": "sup", "subscript": "sub"}.get(hi.get("rend", ""))
    content = writer.inline(hi)
    if hi.get("rend") == "letterspaced":
        return "   ".join(" ".join(word) for word in content.split())
    return f"<{tag}>{content}</{tag}>" if tag else content


def _lb(writer: _Writer, lb: etree._Element) -> str:
    return "<br />" if lb.get("rend") == "html-br" else "\n"


def _lines(writer: _Writer, element: etree._Element) -> str:
    """A structure whose children stand on lines of their own (list, table, speech)."""
    return "\n".join(writer.element(child) for child in element if isinstance(child.tag, str))


def _row(writer: _Writer, row: etree._Element) -> str:
    cells = [writer.inline(cell) for cell in row if isinstance(cell.tag, str)]
    return "|" + "|".join(cells) + "|"


def _wrapped(writer: _Writer, element: etree._Element, rend: str, opening: str, closing: str) -> str:
    content = writer.inline(element)
    return f"{opening}{content}{closing}" if element.get("rend") == rend else content


_HANDLERS: dict[str, Callable[[_Writer, etree._Element], str]] = {
    "note": _note,
    "gap": _gap,
    "pb": _pb,
    "ref": lambda writer, element: _wrapped(writer, element, "bracketed", "[", "]"),
    "choice": _choice,
    "q": _quote,
    "hi": _hi,
    "lb": _lb,
    "supplied": lambda writer, element: _bracket(writer.inline(element), element),
    "gloss": lambda writer, element: _wrapped(writer, element, "bracketed", "[", "]"),
    "sic": lambda writer, element: writer.inline(element) + _SIC_FORMS.get(element.get("rend", ""), ""),
    "said": lambda writer, element: _wrapped(writer, element, "parenthesized", "(", ")"),
    "list": _lines,
    "postscript": _lines,
    "table": _lines,
    "sp": _lines,
    "row": _row,
    "milestone": lambda writer, element: element.get("rend", ""),
    "argument": lambda writer, element: "\n".join(writer.inline(p) for p in element if isinstance(p.tag, str)),
}  # fmt: skip


def to_text(tree: etree._ElementTree | etree._Element) -> str:
    """Regenerate the transcription of a TEI document written by tei-encoder."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    if root.tag != f"{_T}TEI":
        raise not_tei_error(root)  # any other XML would give an empty transcription
    header = root.find(f"{_T}teiHeader")
    layout = header.get("rend", "none") if header is not None else "none"
    writer = _Writer(markdown="markdown" in layout)
    blocks: list[str] = []
    verbatim = header.find(f"{_T}fileDesc/{_T}notesStmt/{_T}note[@type='header']") if header is not None else None
    if verbatim is not None:
        blocks.append(verbatim.text or "")
    elif header is not None and layout != "none":
        blocks.extend(
            _header_blocks(
                root, header, writer.markdown, inline="inline" in layout.split(), unlabelled=layout == "unlabelled"
            )
        )
    body = root.find(f"{_T}text/{_T}body")
    if body is not None:
        blocks.extend(_division_blocks(writer, body))
    return "\n\n".join(blocks) + "\n"


def _division_blocks(writer: _Writer, division: etree._Element) -> list[str]:
    """Each child of a body or div is one block of the transcript (a div, several)."""
    blocks: list[str] = []
    for child in division:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name == "div":
            blocks.extend(_division_blocks(writer, child))
        elif name == "note" and child.get("place") == "foot":
            blocks.append(f"{writer.marker_of(child)} {writer.inline(child)}")
        else:
            blocks.extend(writer.block(child))
    return blocks


def _header_blocks(
    root: etree._Element, header: etree._Element, markdown: bool, *, inline: bool, unlabelled: bool
) -> list[str]:
    def bold(text: str) -> str:
        return f"**{text}**" if markdown else text

    def labelled(label: str, value: str) -> list[str]:
        return [f"{bold(label)} {value}"] if inline else [bold(label), value]

    def text_of(path: str) -> str | None:
        element = header.find(path)
        return " ".join("".join(element.itertext()).split()) if element is not None else None

    blocks: list[str] = []
    date = header.find(f"{_T}profileDesc/{_T}creation/{_T}date")
    if date is not None and date.get("cert") is None:
        blocks.append(bold(date.text or ""))
    title = header.find(f"{_T}fileDesc/{_T}titleStmt/{_T}title[@type='main']")
    if title is not None and title.get("cert") is None:
        blocks.append(bold(title.text or ""))
    citation = text_of(f"{_T}fileDesc/{_T}sourceDesc/{_T}bibl[@type='citation']")
    if citation is not None:
        blocks += labelled("Citation:", citation)
        url = text_of(f"{_T}fileDesc/{_T}publicationStmt/{_T}idno[@type='URI']")
        if url and url not in citation:
            blocks.append(f"<{url}>" if markdown else url)
    summary = text_of(f"{_T}profileDesc/{_T}abstract/{_T}p")
    if summary is not None:
        blocks += labelled("Summary:", summary)
    funder = text_of(f"{_T}fileDesc/{_T}titleStmt/{_T}funder")
    if funder is not None and unlabelled:
        blocks.append(CREDITS_PREFIX + funder)
    elif funder is not None:
        blocks += labelled("Credits:", CREDITS_PREFIX + funder)
    text = root.find(f"{_T}text")
    translation = text.get(f"{{{XML_NS}}}lang") if text is not None and text.get("type") == "translation" else None
    languages = header.findall(f"{_T}profileDesc/{_T}langUsage/{_T}language")
    originals = [language.text or "" for language in languages if language.get("ident") != translation]
    if originals:
        blocks += labelled("Original Language:", ", ".join(originals))
    translated = [language.text for language in languages if language.get("ident") == translation]
    if translation is not None:
        blocks += labelled("Contents:", f"Translation - {translated[0] if translated else 'English'}")
    return blocks
