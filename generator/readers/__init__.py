"""Read the listings in the seeds folder: one reader per format, chosen by each file's content.

This is the only package that reads ``seeds/``. Each reader is a module with a ``NAME``, the
file ``EXTENSIONS`` it claims, a cheap ``sniff(text)`` that rules a file out, and
``read(name, text) -> Reading``: plain functions from text to records, each record with its
``listing:line``. :func:`read_listings` reads every claimed file (``seeds/listings.yml`` may
name the reader of a file); :func:`choose_reading` runs the readers that the text does not rule
out and keeps the one that understood the largest share of the file's lines, the one with
fewer problems and then the extension breaking ties. A file that no reader understands well enough is refused with an error naming
the closest reader and how much it understood, and gives no records: a catalog that fills with
junk is worse than one that refuses a file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from ..curation import CURATOR_FILE
from ..errors import InputError
from ..listings_file import LISTINGS_FILE, read_listing_infos
from ..lookup_file import LOOKUP_FILE
from ..memo import Memo, MemoTable, memo_table
from ..models import Listing, ListingInfo, Problem, Severity
from . import arxiv, awesome, bibtex, hf_page
from .reading import Reading
from .text import ListingReadError, decode_listing

READERS: tuple[ModuleType, ...] = (hf_page, bibtex, arxiv, awesome)
READER_BY_NAME = {reader.NAME: reader for reader in READERS}
READER_NAMES = tuple(READER_BY_NAME)
CLAIMED = tuple(sorted({extension for reader in READERS for extension in reader.EXTENSIONS}))
# The files of seeds/ that speak about listings and papers instead of listing papers.
NOT_LISTINGS = frozenset({LISTINGS_FILE, CURATOR_FILE, LOOKUP_FILE})
ACCEPTED_COVERAGE = 0.5  # the share of its lines a reader must understand for a file to be read


@dataclass(frozen=True, slots=True)
class Choice:
    """The reading kept for a file, or None, with the problems the choice itself raised."""

    reading: Reading | None
    problems: tuple[Problem, ...]


def read_listings(seeds_dir: Path, memo: Memo | None = None) -> tuple[tuple[Listing, ...], tuple[Problem, ...]]:
    """Read every listing in ``seeds_dir`` (sorted by name) and the curator's listings.yml.

    A seeds folder that is missing or cannot be listed stops the run (``InputError``); a
    listing that cannot be read, or that no reader understands, is an error about that file,
    and the others are still read. With a memo (serve's rebuilds), a listing whose bytes and
    settings are the ones last read is not read again.
    """
    table = memo_table(memo, "listings")
    paths = listing_paths(seeds_dir)
    infos, info_lines, problems = read_listing_infos(seeds_dir, READER_NAMES)
    listings: list[Listing] = []
    for path in paths:
        info = infos.get(path.name, ListingInfo())
        if not path.name.lower().endswith(CLAIMED) and info.reader is None:
            problems.append(Problem(path.name, 0, Severity.WARNING,
                                    f"is not read: no reader claims its kind of file (listings are "
                                    f"{', '.join(CLAIMED)}); rename it, or name its reader in {LISTINGS_FILE}"))
            continue
        listing, listing_problems = read_listing(path, info, table)
        listings.append(listing)
        problems.extend(listing_problems)
    known = {path.name for path in paths}
    for name in sorted(set(infos) - known):
        problems.append(Problem(LISTINGS_FILE, info_lines.get(name, 0), Severity.WARNING,
                                f"names '{name}', which is not a listing in {seeds_dir}"))
    return tuple(listings), tuple(problems)


def listing_paths(seeds_dir: Path) -> list[Path]:
    """Return the files of the seeds folder that may be listings, sorted by name."""
    try:
        return sorted((path for path in seeds_dir.iterdir()
                       if not path.name.startswith(".") and path.name not in NOT_LISTINGS),
                      key=lambda path: path.name)
    except FileNotFoundError:
        raise InputError("there is no seeds folder here", str(seeds_dir)) from None
    except NotADirectoryError:
        raise InputError("is not a folder of listings", str(seeds_dir)) from None
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror}", str(seeds_dir)) from None


def read_listing(path: Path, info: ListingInfo, table: MemoTable | None = None) -> tuple[Listing, tuple[Problem, ...]]:
    """Read one listing file; a file that cannot be read or understood gives no records and an error."""
    empty = Listing(path.name, "unknown", (), info.title or path.stem, info.captured)
    try:
        data = path.read_bytes()
    except OSError as error:
        return empty, (Problem(path.name, 0, Severity.ERROR, f"cannot be read: {error.strerror}"),)
    table = table if table is not None else MemoTable({})
    return table.get((path.name, info, data), lambda: understand_listing(path.name, data, info, empty))


def understand_listing(name: str, data: bytes, info: ListingInfo, empty: Listing) -> tuple[Listing, tuple[Problem, ...]]:
    """Decode a listing's bytes and read its records with the reader that understands it best."""
    try:
        text, problems = decode_listing(name, data)
    except ListingReadError as error:
        return empty, (Problem(name, 0, Severity.ERROR, str(error)),)
    choice = choose_reading(name, text, info.reader)
    problems.extend(choice.problems)
    reading = choice.reading
    if reading is None:
        return empty, tuple(problems)
    problems.extend(reading.problems)
    listing = Listing(name, reading.variant or "unknown", reading.records, empty.title,
                      info.captured or valid_day(reading.captured),
                      reader=reading.reader, coverage=round(reading.coverage, 3))
    return listing, tuple(problems)


def valid_day(text: str | None) -> str | None:
    """Return an ISO day a file gave about itself, or None when it is not a real day."""
    try:
        return dt.date.fromisoformat(text).isoformat() if text else None
    except ValueError:
        return None


def choose_reading(name: str, text: str, forced: str | None = None) -> Choice:
    """Return the reading of the reader that understood the file best, or refuse the file."""
    if forced is not None:
        reading = READER_BY_NAME[forced].read(name, text)
        if not reading.records:
            return Choice(None, (Problem(name, 0, Severity.ERROR,
                                         f"holds no paper records that the {forced} reader (named in "
                                         f"{LISTINGS_FILE}) can read"),))
        return Choice(reading, ())
    hinted = sorted(READERS, key=lambda reader: not name.lower().endswith(reader.EXTENSIONS))
    readings = [reader.read(name, text) for reader in hinted if reader.sniff(text)]
    good = [reading for reading in readings if reading.records and reading.coverage >= ACCEPTED_COVERAGE]
    if good:
        # The best coverage wins, then the reading with fewer problems; the extension's own reader
        # first among equals (max keeps the first).
        return Choice(max(good, key=lambda reading: (round(reading.coverage, 2), -len(reading.problems))), ())
    closest = max(readings, key=lambda reading: (bool(reading.records), reading.coverage), default=None)
    near = ""
    if closest is not None and closest.records:
        near = f"; closest: {closest.reader}, {closest.coverage:.0%} of lines understood"
    elif closest is not None:
        near = f"; the {closest.reader} reader found no paper in it"
    return Choice(None, (Problem(name, 0, Severity.ERROR,
                                 f"looks like none of: {', '.join(READER_NAMES)}{near}; no records read from it "
                                 f"(name its reader in {LISTINGS_FILE} if it is one of them)"),))

