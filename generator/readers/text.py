"""Turn a listing file's bytes into text: UTF-8 (with or without BOM), else a stated guess."""

from __future__ import annotations

import codecs
import re

from ..models import Problem, Severity

CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0e-\x1f]")
LINE_BREAK_RE = re.compile(r"\r\n|\r")


class ListingReadError(Exception):
    """A listing file cannot be read as text at all."""


def decode_listing(name: str, data: bytes) -> tuple[str, list[Problem]]:
    """Decode a listing: UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1252/Latin-1 with a
    warning; line breaks become ``\\n``. Raise ``ListingReadError`` for an empty or binary file."""
    if not data.strip():
        raise ListingReadError("is empty: no records to read")
    problems: list[Problem] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ListingReadError(f"starts like UTF-16 but cannot be decoded: {error.reason}") from error
        problems.append(Problem(name, 0, Severity.WARNING, "is UTF-16; decoded (save it as UTF-8 to be sure)"))
        return LINE_BREAK_RE.sub("\n", text), problems
    if b"\x00" in data:
        raise ListingReadError("is binary (it holds NUL bytes), not a text listing")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        encoding = "cp1252"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            encoding = "latin-1"
            text = data.decode(encoding)
        problems.append(Problem(name, 0, Severity.WARNING,
                                f"is not UTF-8; decoded as {encoding} (save it as UTF-8 to be sure)"))
    if len(CONTROL_CHARS_RE.findall(text[:65536])) > 0.05 * min(len(text), 65536):
        raise ListingReadError("looks binary (many control characters), not a text listing")
    return LINE_BREAK_RE.sub("\n", text), problems
