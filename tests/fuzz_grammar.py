"""The fuzzing grammar: real transcripts, mutated the ways transcripts go wrong, and the oracle that sorts the results.

One grammar for two drivers: ``bench/fuzz.py`` draws from it with a seeded
:class:`random.Random` for as long as it is given, and
``tests/test_fuzz_properties.py`` with the :class:`random.Random` Hypothesis
makes (``st.randoms(use_true_random=False)``), whose every draw Hypothesis
records, replays and shrinks. Nothing here imports Hypothesis, so the bench
runs without it.

An input is a transcript of the sample corpus or of the invented corpora
(:data:`CORPORA`), or a slice of a long one, with one to eight edits:

* a piece of the family's notation inserted (:data:`PIECES`: editorial signs,
  note markers, header labels, website residue, list and table shapes);
* a run of up to 40 characters deleted;
* a stray printable byte;

then written to a file in one of the shapes files come in: CRLF line endings,
UTF-16 with its BOM, UTF-8 with a BOM, cut anywhere (even inside a
character), or plain UTF-8.

:func:`classify` is the oracle, in the classes of :data:`CLASSES`.
"""

from __future__ import annotations

import random
from pathlib import Path

from lxml import etree

from encoder.errors import EncoderError, InputError, OutputInvalidError
from encoder.pipeline import convert_source
from encoder.reading import read_bytes
from encoder.round_trip import normalize_whitespace, to_text

REPOSITORY = Path(__file__).resolve().parent.parent
CORPORA = ("tei/transcripts", "tests/fixtures/unseen", "tests/fixtures/heldout", "tests/fixtures/conventions")

# The signs, markers and labels the family uses, and the shapes that have
# broken converters of it before.
PIECES = [
    "[", "]", "[[", "]]", "[0]", "[1]", "[15]", "[...]", "[…]", "...", "…", "[sic]", "[illegible]",
    "[Translator's note: two pages were blotted out]", "[in Russian]", "(p. 2)", "(p. 00)", "- 4 -",
    "\\*", "*", " \\* ", "x/", "\"", "“", "”", "'", "<sup>o</sup>", "<sup>", "</sup>", "<br />", "**",
    "Kim Byeong-jik [Kim Pyong Jik]", "VNS [Supreme People's Assembly]", "28 [December]", "[19]58",
    "NS [S [!]]", "agreement[1]", "\n\n[1] ", "1. ", "(a) ", "- ", "• ", "| a | b |", "|---|---|",
    "Citation:", "Summary:", "Credits:", "Original Language:", "Contents:", "Contents: Translation - English (partial)",
    "Chinese [and Russian]", "Keywords:", "http://", "http://[", "digitalarchive.wilsoncenter.org",
    "Digital Archive International History Declassified", "This document was made possible with support from X",
    "Time:", "Location:", "Participants:", "(Ambassador Pan: ", ")", "To the Ministry:", "Copies:",
    "\n", "\n\n", "\t", "    ", " ", "\u00a0", "—", ":", ".", "&", "<", ">",
]  # fmt: skip

# ok: converted, valid, and the round trip gives the text back; rejected: refused
# as input with a clear message (by design); refusal: the converter made TEI its
# own schema refuses; traceback: any other exception; lossy: the round trip does
# not give the text back (whitespace normalisation aside); invalid: not valid
# against tei_all (checked when asked).
CLASSES = ("ok", "rejected", "refusal", "traceback", "lossy", "invalid")
PASSING = ("ok", "rejected")


def corpus() -> list[str]:
    """The texts mutations start from, in a fixed order (a seed means the same inputs on every machine)."""
    texts = []
    for folder in CORPORA:
        for path in sorted((REPOSITORY / folder).glob("*.txt")):
            try:
                texts.append(read_bytes(path.read_bytes(), str(path)).text)
            except InputError:
                continue
    return texts


def mutate(text: str, rng: random.Random) -> bytes:
    """One mutated input, as the bytes a file would hold."""
    return _as_a_file(_edited(_sliced(text, rng), rng), rng)


def _sliced(text: str, rng: random.Random) -> str:
    """A long text is often cut to a slice: a failure is then found in a shorter input."""
    if len(text) > 2000 and rng.random() < 0.4:
        start = rng.randrange(len(text) - 1500)
        return text[start : start + rng.randrange(200, 1500)]
    return text


def _edited(text: str, rng: random.Random) -> str:
    characters = list(text)
    for _ in range(rng.randrange(1, 9)):
        at = rng.randrange(len(characters) + 1)
        choice = rng.random()
        if choice < 0.7:
            characters[at:at] = list(rng.choice(PIECES))
        elif choice < 0.85 and len(characters) > 10:
            del characters[at : at + rng.randrange(1, 40)]
        else:
            characters[at:at] = [chr(rng.randrange(32, 127))]
    return "".join(characters)


def _as_a_file(text: str, rng: random.Random) -> bytes:
    shape = rng.random()
    if shape < 0.05:
        text = text.replace("\n", "\r\n")
    elif shape < 0.08:
        return text.encode("utf-16")  # with its BOM
    elif shape < 0.11:
        return "\ufeff".encode() + text.encode("utf-8")
    elif shape < 0.13:
        return text.encode("utf-8")[: rng.randrange(0, len(text) + 1)]  # cut anywhere, even mid-character
    return text.encode("utf-8")


def classify(data: bytes, tei_all: etree.RelaxNG | None) -> tuple[str, str]:
    """The input's class (:data:`CLASSES`) and, for a failure, what went wrong.

    The conversion checks its own output against the project's schema and
    Schematron: TEI they refuse is a ``refusal``.
    """
    try:
        source = read_bytes(data, "fuzz.txt")
    except InputError as error:
        return "rejected", str(error)
    try:
        result = convert_source(source)
    except OutputInvalidError as error:
        codes = sorted({d.code for d in error.diagnostics if d.severity.value == "error"})
        return "refusal", " ".join(codes) or str(error)
    except EncoderError as error:
        return "rejected", str(error)
    except Exception as error:  # every other exception is what fuzzing looks for
        return "traceback", f"{type(error).__name__}: {error}"
    back, written = normalize_whitespace(to_text(result.tree)), normalize_whitespace(source.text)
    if back != written:
        return "lossy", _difference(written, back)
    if tei_all is not None and not tei_all.validate(result.tree):
        return "invalid", str(tei_all.error_log.last_error)
    return "ok", ""


def _difference(written: str, back: str) -> str:
    """What kind of change the round trip made: text lost, added or changed, in the header or the body."""
    at = next((i for i, (a, b) in enumerate(zip(written, back, strict=False)) if a != b), min(len(written), len(back)))
    where = "header" if any(label in written[:at] for label in ("Citation:", "Contents:", "Summary:")) else "body"
    change = "lost" if len(back) < len(written) else "added" if len(back) > len(written) else "changed"
    return f"the round trip {change} text ({where})"
