"""HTML residue from the publishing system: ``N<sup>o</sup>``, ``<sub>``, ``<br />``.

::

    N<sup>o</sup> 70       → N<hi rend="superscript">o</hi> 70
    H<sub>2</sub>O         → H<hi rend="subscript">2</hi>O
    line one<br />line two → line one<lb/>line two
"""

from __future__ import annotations

import re

from encoder import patterns
from encoder.inline.core import BlockContext, Construct, Parts, leaf
from encoder.model import Highlight, Inline, generic
from encoder.vocabulary import HiRend

_SCRIPT = patterns.compile(r"<(?P<tag>sup|sub)>(?P<content>.*?)</(?P=tag)>", re.IGNORECASE)
# The publishing system writes "<br />" and nothing else; lb[@rend='html-br'] gives back
# exactly that, so any other form ("<br>", "<BR/>") stays text, as written.
HTML_BREAK = patterns.compile(r"<br />")
PRIORITY = 85


def scan(context: BlockContext) -> list[Construct]:
    constructs: list[Construct] = []
    if "<" not in context.text:
        return constructs  # both patterns begin with "<": most paragraphs have none
    for match in _SCRIPT.finditer(context.text):
        rend: HiRend = "superscript" if match.group("tag").lower() == "sup" else "subscript"

        def build(parts: Parts, offset: int, rend: HiRend = rend) -> list[Inline]:
            return [Highlight(children=tuple(parts[0]), rend=rend, offset=offset)]

        # Superscripts hold a letter or two ("N<sup>o</sup>"): kept as plain text.
        span = (match.span("content"),)
        constructs.append(Construct(match.start(), match.end(), span, build, PRIORITY, rend, nested=False))
    for match in HTML_BREAK.finditer(context.text):
        constructs.append(
            leaf(
                match.start(),
                match.end(),
                generic("lb", rend="html-br"),
                priority=PRIORITY,
                kind="line break",
            )
        )
    return constructs
