"""Read listing files from the seeds folder and split them into raw records.

This is the only module that reads ``seeds/``. A listing is the text of a papers site's
search-results page copied from a browser, in one of three shapes detected per file:

* ``flat``: title line, abstract line, title line … with no blank lines between them;
* ``spaced``: the same, with blank lines between title and abstract;
* ``cards``: spaced, plus per paper a metadata block (``• 7 authors``, ``·``, a date line).

Page chrome ("Get trending papers…", ``Subscribe``, a page date) is skipped before the first
record; the first title may be glued to the chrome word before it (``SubscribeNeural…``).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InputError
from .listings_file import LISTINGS_FILE, read_listing_infos
from .models import ListingInfo, Listing, Problem, RawRecord, Severity, SourceRef

LISTING_GLOB = "*.txt"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
CHROME_RE = re.compile(
    r"^(?:new|subscribe|daily papers|trending papers|"
    r"get trending papers in your email inbox.*|by\s*ak and the research community)$",
    re.IGNORECASE,
)
GLUED_CHROME_RE = re.compile(r"^Subscribe(?=[^\s a-z])")
AUTHORS_RE = re.compile(r"^•\s*(?P<count>\S+)\s+authors?$", re.IGNORECASE)
DOT_RE = re.compile(r"^·$")
DATE_RE = re.compile(
    r"^(?P<month>[A-Z][a-z]{2})[a-z]*\.? (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?(?: (?P<votes>\d+))?$"
)
SENTENCE_BREAK_RE = re.compile(r"[a-z0-9)\]]\.\s+[A-Z]")
ABSTRACT_MIN_LENGTH = 250
CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0e-\x1f]")


class ListingReadError(Exception):
    """A listing file cannot be read as text at all."""


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line of a listing with its 1-based number and its kind."""

    number: int
    text: str
    kind: str  # "text", "authors", "dot" or "date"


def read_listings(seeds_dir: Path) -> tuple[tuple[Listing, ...], tuple[Problem, ...]]:
    """Read every listing in ``seeds_dir`` (sorted by name) and the curator's listings.yml.

    A seeds folder that is missing or cannot be listed stops the run (``InputError``); a
    listing that cannot be read is an error about that file, and the others are still read.
    """
    paths = listing_paths(seeds_dir)
    infos, info_lines, problems = read_listing_infos(seeds_dir)
    listings: list[Listing] = []
    for path in paths:
        listing, listing_problems = read_listing(path, infos.get(path.name, ListingInfo()))
        listings.append(listing)
        problems.extend(listing_problems)
    known = {listing.file for listing in listings}
    for name in sorted(set(infos) - known):
        problems.append(Problem(LISTINGS_FILE, info_lines.get(name, 0), Severity.WARNING,
                                f"names '{name}', which is not a listing in {seeds_dir}"))
    return tuple(listings), tuple(problems)


def listing_paths(seeds_dir: Path) -> list[Path]:
    """Return the listing files of the seeds folder, sorted by name."""
    try:
        return sorted((path for path in seeds_dir.iterdir() if path.match(LISTING_GLOB)), key=lambda path: path.name)
    except FileNotFoundError:
        raise InputError("there is no seeds folder here", str(seeds_dir)) from None
    except NotADirectoryError:
        raise InputError("is not a folder of listings", str(seeds_dir)) from None
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror}", str(seeds_dir)) from None


def read_listing(path: Path, info: ListingInfo) -> tuple[Listing, list[Problem]]:
    """Read one listing file; an unreadable file gives an empty listing and an error."""
    title = info.title or path.stem
    try:
        text, problems = decode_listing(path.name, path.read_bytes())
    except OSError as error:
        problem = Problem(path.name, 0, Severity.ERROR, f"cannot be read: {error.strerror}")
        return Listing(path.name, "unknown", (), title, info.captured), [problem]
    except ListingReadError as error:
        problem = Problem(path.name, 0, Severity.ERROR, str(error))
        return Listing(path.name, "unknown", (), title, info.captured), [problem]
    listing, parse_problems = parse_listing(path.name, text)
    return replace(listing, title=title, captured=info.captured), problems + parse_problems


def decode_listing(name: str, data: bytes) -> tuple[str, list[Problem]]:
    """Decode a listing: UTF-8 (with or without BOM), else cp1252/Latin-1 with a warning."""
    if not data.strip():
        raise ListingReadError("is empty: no records to read")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), [Problem(name, 0, Severity.WARNING,
                                                   "is UTF-16; decoded (save it as UTF-8 to be sure)")]
        except UnicodeDecodeError as error:
            raise ListingReadError(f"starts like UTF-16 but cannot be decoded: {error.reason}") from error
    if b"\x00" in data:
        raise ListingReadError("is binary (it holds NUL bytes), not a text listing")
    try:
        text = data.decode("utf-8-sig")
        problems: list[Problem] = []
    except UnicodeDecodeError:
        encoding = "cp1252"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            encoding = "latin-1"
            text = data.decode(encoding)
        problems = [Problem(name, 0, Severity.WARNING,
                            f"is not UTF-8; decoded as {encoding} (save it as UTF-8 to be sure)")]
    if len(CONTROL_CHARS_RE.findall(text[:65536])) > 0.05 * min(len(text), 65536):
        raise ListingReadError("looks binary (many control characters), not a text listing")
    return text, problems


def parse_listing(name: str, text: str) -> tuple[Listing, list[Problem]]:
    """Split a listing's text into raw records; detect its shape from the content."""
    lines = classify_lines(LINE_BREAK_RE.split(text))
    shape = detect_shape(text, lines)
    records, problems = group_records(name, lines)
    if not records:
        problems.append(Problem(name, 0, Severity.ERROR, "holds no paper records"))
    return Listing(name, shape, tuple(records), name), problems


def classify_lines(raw_lines: list[str]) -> list[Line]:
    """Drop the page chrome before the first record (and the page's date); label the other non-blank lines."""
    lines: list[Line] = []
    seen_page_date = False
    in_header = True
    for number, raw in enumerate(raw_lines, start=1):
        text = raw.strip()
        if not text:
            continue
        if in_header:
            if CHROME_RE.match(text):
                continue
            if DATE_RE.match(text) and not seen_page_date:
                seen_page_date = True
                continue
            text = GLUED_CHROME_RE.sub("", text)
            in_header = False
        lines.append(Line(number, text, line_kind(text)))
    return lines


def line_kind(text: str) -> str:
    """Say whether a non-blank line is paper text or one of the card metadata lines."""
    if AUTHORS_RE.match(text):
        return "authors"
    if DOT_RE.match(text):
        return "dot"
    if DATE_RE.match(text):
        return "date"
    return "text"


def detect_shape(text: str, lines: list[Line]) -> str:
    """Name the listing shape: cards if any metadata line, spaced if blank lines, else flat."""
    if any(line.kind != "text" for line in lines):
        return "cards"
    if len(lines) > 1:
        first, last = lines[0].number, lines[-1].number
        if last - first + 1 > len(lines):
            return "spaced"
    return "flat"


def looks_like_abstract(text: str) -> bool:
    """Tell an abstract from a title: long, or several sentences."""
    return len(text) >= ABSTRACT_MIN_LENGTH or bool(SENTENCE_BREAK_RE.search(text))


def group_records(name: str, lines: list[Line]) -> tuple[list[RawRecord], list[Problem]]:
    """Pair titles with abstracts and attach card metadata to the record before it."""
    records: list[RawRecord] = []
    problems: list[Problem] = []
    pending: Line | None = None  # a title still waiting for its abstract
    for index, line in enumerate(lines):
        if line.kind != "text":
            if pending is not None:
                records.append(finish_record(name, pending, "", problems))
                pending = None
            attach_metadata(name, line, records, problems)
            continue
        if pending is None:
            pending = line
            continue
        if starts_next_record(lines, index):
            records.append(finish_record(name, pending, "", problems))
            pending = line
            continue
        records.append(RawRecord(SourceRef(name, pending.number), pending.text, line.text))
        pending = None
    if pending is not None:
        records.append(finish_record(name, pending, "", problems))
    return records, problems


def starts_next_record(lines: list[Line], index: int) -> bool:
    """Tell whether the line where an abstract is expected is really the next record's title.

    It is when it reads as a title, the line after it reads as an abstract, and the line after
    that does not (it is a title again, or the listing ends). Looking two lines ahead keeps a
    short abstract followed by a very long title from being read the wrong way round.
    """
    following = next_text(lines, index)
    if looks_like_abstract(lines[index].text) or following is None or not looks_like_abstract(following.text):
        return False
    after = next_text(lines, index + 1)
    return after is None or not looks_like_abstract(after.text)


def next_text(lines: list[Line], index: int) -> Line | None:
    """Return the line after ``index`` if it is paper text, else None."""
    if index + 1 < len(lines) and lines[index + 1].kind == "text":
        return lines[index + 1]
    return None


def finish_record(name: str, title: Line, abstract: str, problems: list[Problem]) -> RawRecord:
    """Close a record whose abstract is missing, with a warning at its title line."""
    problems.append(Problem(name, title.number, Severity.WARNING,
                            "title has no abstract after it (is the listing cut off here?); kept without one"))
    return RawRecord(SourceRef(name, title.number), title.text, abstract)


def attach_metadata(name: str, line: Line, records: list[RawRecord], problems: list[Problem]) -> None:
    """Give an author or date line to the record before it; a stray one is reported."""
    if line.kind == "dot":
        return
    last = records[-1] if records else None
    field_name = "authors_text" if line.kind == "authors" else "date_text"
    if last is None or getattr(last, field_name) is not None:
        problems.append(Problem(name, line.number, Severity.WARNING,
                                f"metadata line '{line.text}' has no paper before it; ignored"))
        return
    if line.kind == "authors":
        records[-1] = replace(last, authors_text=line.text, authors_line=line.number)
    else:
        records[-1] = replace(last, date_text=line.text, date_line=line.number)
