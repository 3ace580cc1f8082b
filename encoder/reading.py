"""Stage 1, read: bytes → a normalised :class:`Source` with a position map.

* UTF-8 with or without BOM is the default; a UTF-16 or UTF-32 BOM selects that encoding.
  Invalid bytes are an error that names the byte offset (no silent Latin-1):
  ``--encoding`` names another codec explicitly.
* CRLF and CR become LF. Line numbers are unchanged by this, so every
  diagnostic still points at the line an editor sees.
* Characters that XML 1.0 cannot carry (C0 controls other than tab and
  newline, U+FFFE, U+FFFF) are an error with ``line:col``. With
  ``control_chars="picture"`` each is mapped to its visible Unicode *Control
  Picture* (U+2400 + code, e.g. BEL → ␇), a documented, reversible
  mapping that keeps every character.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field
from typing import Literal

from encoder import patterns
from encoder.errors import Diagnostic, InputError, Severity

ControlCharPolicy = Literal["error", "picture"]

_XML_ILLEGAL_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"
XML_ILLEGAL = patterns.compile(f"[{_XML_ILLEGAL_CHARACTERS}]")


@dataclass(frozen=True, slots=True)
class Source:
    """A decoded transcript: its text (LF newlines) and where each line starts."""

    name: str
    text: str
    line_starts: tuple[int, ...] = field(repr=False)

    @classmethod
    def from_text(cls, text: str, name: str = "<input>") -> Source:
        starts = [0]
        starts.extend(match.end() for match in re.finditer("\n", text))
        return cls(name, text, tuple(starts))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return self.text[start:end]

    def diagnostic(self, code: str, severity: Severity, message: str, offset: int) -> Diagnostic:
        line, col = self.position(offset)
        return Diagnostic(code, severity, message, self.name, line, col, self.line_text(line))


def encoding_problem(encoding: str) -> str | None:
    """Why ``encoding`` cannot decode a transcript, or None when it can.

    Python's codec registry also holds byte-to-byte codecs (base64, zlib, rot13…),
    which decode nothing into text.
    """
    try:
        codecs.lookup(encoding)
    except LookupError:
        return f"unknown encoding {encoding!r}"
    try:
        b"\0".decode(encoding)  # b"" would not even look the codec up
    except UnicodeError:
        pass  # a text encoding that wants more than one byte, or other bytes
    except LookupError:
        return f"{encoding!r} is not a text encoding (give one such as utf-8, cp1252, utf-16)"
    return None


def _encoding_by_bom(data: bytes) -> str:
    """UTF-32 or UTF-16 when a byte order mark says so, else UTF-8 (with or without its BOM).

    UTF-32's little-endian BOM begins with UTF-16's (FF FE), so it is looked for first:
    a UTF-16 text cannot begin with U+0000, which XML does not allow anyway.
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8-sig"


def _decode(data: bytes, name: str, encoding: str | None) -> str:
    if encoding is None:
        encoding = _encoding_by_bom(data)
    if problem := encoding_problem(encoding):
        raise InputError(problem, [Diagnostic("READ-ENCODING", Severity.ERROR, problem, name)])
    return decode_exactly(data, name, encoding, hint="give the real encoding with --encoding")


def decode_exactly(data: bytes, name: str, encoding: str, *, hint: str) -> str:
    """``data`` decoded, or an error naming the first invalid byte by offset and ``line:col``."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        prefix = data[: error.start]
        line = prefix.count(b"\n") + 1
        col = error.start - (prefix.rfind(b"\n") + 1) + 1
        message = (
            f"byte 0x{data[error.start]:02x} at offset {error.start} is not valid {encoding} ({error.reason}); {hint}"
        )
        raise InputError(
            f"{name}: {message}",
            [Diagnostic("READ-DECODE", Severity.ERROR, message, name, line, col)],
        ) from None
    except UnicodeError as error:  # codecs such as punycode or idna name no position
        message = f"not valid {encoding} ({error}); {hint}"
        raise InputError(f"{name}: {message}", [Diagnostic("READ-DECODE", Severity.ERROR, message, name)]) from None


# What XML 1.0 cannot carry, and the lone surrogates that stand for undecodable
# bytes in file names and command-line arguments (Python's surrogateescape).
_UNWRITABLE = patterns.compile(f"[{_XML_ILLEGAL_CHARACTERS}\ud800-\udfff]")


def unwritable_character(text: str) -> tuple[int, str] | None:
    """The index of the first character no TEI file can hold, and why; None if every one is fine."""
    found = _UNWRITABLE.search(text)
    if found is None:
        return None
    code = ord(found.group())
    if 0xDC80 <= code <= 0xDCFF:
        return found.start(), f"byte 0x{code - 0xDC00:02x} is not UTF-8"
    if 0xD800 <= code <= 0xDFFF:
        return found.start(), f"U+{code:04X} is half of a UTF-16 pair, not a character"
    return found.start(), f"character U+{code:04X} cannot appear in XML"


# NUL bytes are what UTF-16 and UTF-32 text without a byte order mark looks like
# when read as UTF-8; control pictures would turn such a file into garbage.
_NUL_MESSAGE = (
    "character U+0000 (NUL) cannot appear in XML; a text full of them is usually UTF-16 or UTF-32 "
    "without a byte order mark: give its encoding, e.g. --encoding utf-16-le"
)


def read_text(text: str, name: str = "<input>", *, control_chars: ControlCharPolicy = "error") -> Source:
    """Normalise newlines and check XML-illegal characters of already decoded text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    illegal = XML_ILLEGAL.search(text)
    if illegal:
        if control_chars == "picture":
            text = XML_ILLEGAL.sub(_control_picture, text)
        else:
            source = Source.from_text(text, name)
            char = illegal.group()
            message = (
                _NUL_MESSAGE
                if char == "\0"
                else (
                    f"character U+{ord(char):04X} cannot appear in XML; remove it, or pass "
                    "--control-chars=picture to keep it as a visible control picture"
                )
            )
            raise InputError(
                f"{name}: {message}",
                [source.diagnostic("READ-CONTROL-CHAR", Severity.ERROR, message, illegal.start())],
            )
    return Source.from_text(text, name)


def _control_picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\ufffd"  # U+FFFE/U+FFFF are non-characters with no picture


def read_bytes(
    data: bytes,
    name: str = "<input>",
    *,
    encoding: str | None = None,
    control_chars: ControlCharPolicy = "error",
) -> Source:
    return read_text(_decode(data, name, encoding), name, control_chars=control_chars)


_XML_START = patterns.compile(r"\A\s*<(?:\?xml\b|!DOCTYPE\b|TEI\b|teiCorpus\b|[\w.-]+:TEI\b)")


def refuse_xml(source: Source) -> None:
    """An XML document is not a transcript: converting it would wrap escaped markup in ``<p>``."""
    if match := _XML_START.match(source.text):
        raise InputError(
            f"{source.name}: an XML document, not a transcript",
            [
                source.diagnostic(
                    "READ-XML-INPUT",
                    Severity.ERROR,
                    "this is an XML document, not a plain-text transcript; "
                    "check it with 'tei-encoder validate' or view it with 'tei-encoder render'",
                    match.end() - len(match.group().lstrip()),
                )
            ],
        )
