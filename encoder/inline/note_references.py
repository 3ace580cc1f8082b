"""Numbered notes: a reference ``[1]`` glued to a word, the note ``[1] …`` at the end.

::

    … the agreement[1] was signed …        → agreement<ref type="note" target="#endnote-1"
                                                rend="bracketed">1</ref> was signed
    [1] The agreement of 12 May 1958.      → <note type="editorial" place="end" n="1"
                                                xml:id="endnote-1">The agreement of …</note>

A bracketed number is a note reference only when the document has a note
paragraph with that number (:mod:`encoder.body` collects them before the
inline stage) and the bracket follows a word or punctuation with no space;
otherwise it is left to the page and supplied rules (``[1] would like`` stays
a supplied word). The note stays where the transcript has it, so nothing
moves; the reference points to it.
"""

from __future__ import annotations

from encoder import patterns
from encoder.inline.brackets import BracketPair, BracketShape
from encoder.inline.core import BlockContext, Construct, leaf
from encoder.model import generic

_NUMBER = patterns.compile(r"\d{1,3}")
PRIORITY = 92
CLAIMS: frozenset[BracketShape] = frozenset({"number"})  # a reference is one to three digits


def endnote_id(number: str) -> str:
    return f"endnote-{number}"


def classify(pair: BracketPair, context: BlockContext) -> Construct | None:
    content = pair.content
    if content not in context.state.endnotes or pair.double or not _NUMBER.fullmatch(content):
        return None
    if pair.open == 0 or context.text[pair.open - 1].isspace():
        return None
    reference = generic("ref", (content,), type="note", target=f"#{endnote_id(content)}", rend="bracketed")
    return leaf(pair.open, pair.end, reference, priority=PRIORITY, kind="note reference")
