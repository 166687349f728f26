"""Read the dates listings write, in every form the readers meet, into ISO dates.

A Hugging Face card writes ``Feb 27, 2024``, or ``Mar 15`` for a date of the year it was
captured, maybe with the upvote count after it (``Mar 15 12``). Dates without a year are
resolved from the listing's capture date (``captured`` in ``seeds/listings.yml``): the latest
such day on or before it. Without a capture date the year is inferred by one rule, and each
inferred date is reported as a warning: the page writes the year only for dates before the year
it was captured, so the capture year is taken as one after the newest year written in the same
listing (or, if it writes none, in any listing).

Other readers give ``2019``, ``2019-03``, ``2019-03-05`` (BibTeX, awesome-lists), or a written
date such as ``18 Dec 2025``, ``Thu, 18 Dec 2025 05:03:49 GMT`` or ``January 2023`` (arXiv).
A date is as precise as what was written: ``2019`` stays a year, ``2019-03`` a month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .fields import CARD_DATE_RE, ISO_DATE_RE, MONTHS, WRITTEN_DATE_RE, month_number
from .models import Listing, Problem, RawRecord, Severity


@dataclass(frozen=True, slots=True)
class YearRule:
    """How yearless dates of one listing get their year: from a capture date or inferred."""

    captured: dt.date | None
    inferred_year: int | None
    reason: str


def parse_date(record: RawRecord, rule: YearRule, problems: list[Problem]) -> tuple[str | None, int | None]:
    """Read a record's date into an ISO date (as precise as written) and an upvote count."""
    if record.date_text is None:
        return None, None
    listing, line = record.source.listing, record.date_line or record.source.line
    match = CARD_DATE_RE.match(record.date_text)
    if match is None:
        iso = other_date(record.date_text.strip(), listing, line, problems)
        if iso is False:
            problems.append(Problem(listing, line, Severity.WARNING,
                                    f"date '{record.date_text}' is not readable; left empty"))
            return None, None
        return iso, None
    upvotes = int(match.group("votes")) if match.group("votes") else None
    month_name, day = match.group("month"), int(match.group("day"))
    if month_name not in MONTHS:
        problems.append(Problem(listing, line, Severity.WARNING,
                                f"date '{record.date_text}' has no month '{month_name}'; left empty"))
        return None, upvotes
    month = MONTHS.index(month_name) + 1
    if match.group("year"):
        return checked_date(int(match.group("year")), month, day, record.date_text, listing, line, problems), upvotes
    return yearless_date(month, day, record.date_text, rule, listing, line, problems), upvotes


def checked_date(year: int, month: int, day: int, text: str, listing: str, line: int,
                 problems: list[Problem]) -> str | None:
    """Return the ISO date, or report that the day does not exist on the calendar."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        problems.append(Problem(listing, line, Severity.WARNING,
                                f"date '{text}' is not a calendar date; left empty"))
        return None


def yearless_date(month: int, day: int, text: str, rule: YearRule, listing: str, line: int,
                  problems: list[Problem]) -> str | None:
    """Give a yearless date its year from the capture date, or by the documented inference."""
    if rule.captured is not None:
        year = rule.captured.year
        if (month, day) > (rule.captured.month, rule.captured.day):
            year -= 1
        return checked_date(year, month, day, text, listing, line, problems)
    if rule.inferred_year is None:
        problems.append(Problem(listing, line, Severity.WARNING,
                                f"date '{text}' has no year and none can be inferred; left empty "
                                f"(set 'captured' for {listing} in seeds/listings.yml)"))
        return None
    iso = checked_date(rule.inferred_year, month, day, text, listing, line, problems)
    if iso is not None:
        problems.append(Problem(listing, line, Severity.WARNING,
                                f"date '{text}' has no year; took {rule.inferred_year} ({rule.reason}); "
                                f"set 'captured' for {listing} in seeds/listings.yml to be sure"))
    return iso


def other_date(text: str, listing: str, line: int, problems: list[Problem]) -> str | None | bool:
    """Read an ISO or written date; False when the text is neither (None: not a calendar date)."""
    iso = ISO_DATE_RE.match(text)
    if iso:
        year, month, day = iso.group("year"), iso.group("month"), iso.group("day")
    else:
        written = WRITTEN_DATE_RE.match(text)
        number = month_number(written.group("month")) if written else None
        if number is None:
            return False
        year, month, day = written.group("year"), str(number), written.group("day")
    if month is None:
        return year
    if day is None:
        return f"{year}-{int(month):02d}" if 1 <= int(month) <= 12 else checked_date(
            int(year), int(month), 1, text, listing, line, problems)
    return checked_date(int(year), int(month), int(day), text, listing, line, problems)


def written_years(listing: Listing) -> list[int]:
    """Return the years a listing writes out in its date lines."""
    years = []
    for record in listing.records:
        match = CARD_DATE_RE.match(record.date_text or "")
        if match and match.group("year"):
            years.append(int(match.group("year")))
    return years


def year_rule(listing: Listing, newest_anywhere: int | None) -> YearRule:
    """Decide how this listing's yearless dates get a year."""
    if listing.captured:
        return YearRule(dt.date.fromisoformat(listing.captured), None, "capture date")
    newest_here = max(written_years(listing), default=None)
    if newest_here is not None:
        return YearRule(None, newest_here + 1, f"the year after {newest_here}, the newest year this listing writes")
    if newest_anywhere is not None:
        return YearRule(None, newest_anywhere + 1, f"the year after {newest_anywhere}, the newest year any listing writes")
    return YearRule(None, None, "no listing writes a year")
