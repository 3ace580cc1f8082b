"""The closed value lists of the encoding: one source for the converter and the schema.

Every attribute value that a rule chooses from a fixed list is typed here as a
``Literal``; the model (:mod:`encoder.model`) and the rules use these types, so
mypy rejects a value that is not in the list. The schema's lists are written
from the same types: ``schema/build.sh`` runs ``python -m encoder.vocabulary
schema/tei-encoder.rnc``, which rewrites the generated block at the end of the
compact schema (between the ``BEGIN``/``END`` lines), and a test fails when that
block is stale. So the converter cannot build a value the schema rejects.

Values that are open in TEI and come from the source (a credit's wording, a
language code, a note marker) are not listed here: the schema keeps them open.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Literal, get_args

NoteType = Literal["translator", "editorial", "description", "language", "summary"]
NotePlace = Literal["foot", "inline", "end"]
NoteRend = Literal[
    "paragraph",
    "run-in",
    "paragraph escaped-marker",
    "run-in escaped-marker",
    "paragraph plain-marker",
    "run-in plain-marker",
    "double-bracketed",
    "unbracketed",
]
OpenerNoteType = Literal["routing", "classification", "letterhead", "language"]
HeaderNoteType = Literal["credits", "residue", "header", "unplaced"]
SuppliedReason = Literal[
    "clarification",
    "subject",
    "implied",
    "name-completion",
    "date-completion",
    "expansion",
    "punctuation",
    "omitted-in-original",
    "identification",
]
OmissionRend = Literal[
    "ellipsis", "ellipsis-char", "bracketed-ellipsis", "bracketed-ellipsis-char", "bracketed-ellipsis-dots"
]
GapReason = Literal["omitted", "redacted", "illegible"]
GapUnit = Literal["page", "line", "word", "character"]
PageRend = Literal["p-parenthesized", "bare", "dashed", "en-dashed"]
PageType = Literal["folio", "page"]
ArchivalLevel = Literal[
    "fond", "opis", "papka", "delo", "file", "dossier", "folder", "box", "series", "collection", "record-group",
    "reel", "other",
]  # fmt: skip
RomanizationType = Literal["RR", "MR", "variant"]
SicRend = Literal["bracketed-sic", "bracketed-sic-glued", "bracketed-sic-bang"]
HiRend = Literal["superscript", "subscript", "letterspaced"]
QuoteRend = Literal["straight", "curly", "single", "curly-single"]
ListRend = Literal["bulleted", "ordered"]
# The systems a register's variant spelling is typed by (persName/@subtype in registers.xml);
# "misprint": a spelling the transcripts print by mistake (Kim II Sung), listed so that the
# name still links to its entry while the slip stays reported for correction.
RegisterRomanization = Literal[
    "mccune-reischauer", "revised-romanization", "pinyin", "wade-giles", "russian", "misprint"
]

#: The schema's name for each list (``vocab.NAME`` in the compact syntax).
SCHEMA_LISTS: dict[str, object] = {
    "note.type": NoteType,
    "note.place": NotePlace,
    "note.rend": NoteRend,
    "opener.note.type": OpenerNoteType,
    "header.note.type": HeaderNoteType,
    "supplied.reason": SuppliedReason,
    "omission.rend": OmissionRend,
    "gap.unit": GapUnit,
    "page.rend": PageRend,
    "archival.level": ArchivalLevel,
    "romanization.type": RomanizationType,
    "sic.rend": SicRend,
    "hi.rend": HiRend,
    "quote.rend": QuoteRend,
    "list.rend": ListRend,
    "register.romanization": RegisterRomanization,
}

ARCHIVAL_LEVELS: frozenset[str] = frozenset(get_args(ArchivalLevel))

BEGIN = "# BEGIN vocabulary: generated from encoder/vocabulary.py by schema/build.sh; do not edit"
END = "# END vocabulary"


def values(name: str) -> tuple[str, ...]:
    return tuple(get_args(SCHEMA_LISTS[name]))


def rnc_block() -> str:
    """The generated block of the compact schema: one ``define`` per closed list."""
    lines = [BEGIN]
    for name in SCHEMA_LISTS:
        choices = " | ".join(f'"{value}"' for value in values(name))
        lines.append(f"vocab.{name} = {choices}")
    lines.append(END)
    return "\n".join(lines) + "\n"


def with_block(schema: str) -> str:
    """``schema`` with its generated block replaced (or appended)."""
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END) + r"\n?", re.DOTALL)
    if pattern.search(schema):
        return pattern.sub(lambda _match: rnc_block(), schema)
    return schema.rstrip("\n") + "\n\n" + rnc_block()


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m encoder.vocabulary SCHEMA.rnc", file=sys.stderr)
        return 2
    path = Path(argv[0])
    path.write_text(with_block(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
