"""Turn raw records into papers: clean text, extract links, read dates and counts.

Dates without a year are resolved from the listing's capture date (``captured`` in
``seeds/listings.yml``): the latest such day on or before it. Without a capture date the year is
inferred by one rule, and each inferred date is reported as a warning: the page writes the year
only for dates before the year it was captured, so the capture year is taken as one after the
newest year written in the same listing (or, if it writes none, in any listing).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from .models import Link, Listing, Paper, Problem, RawRecord, Severity
from .parse import AUTHORS_RE, DATE_RE, MONTHS
from .tex import tex_to_unicode

INVISIBLE_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
GLUED_SENTENCE_RE = re.compile(
    r"([a-z]{2}[.!?])((?:Code|Our code|The code|Project page|Project|Source code|Data|Demo|Models?|Datasets?)\b)"
)
LINK_HINTS = ("http", "HTTP", "github.com", "gitlab.com", "huggingface.co")
URL_RE = re.compile(r"\bhttps?://[^\s<>\"'`{}|\\^]+", re.IGNORECASE)
BARE_REPO_RE = re.compile(r"(?<![\w/.@])(?:github\.com|gitlab\.com|huggingface\.co)/[\w.\-/]+", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?'\"*"
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org")
CODE_HOST_PAGES = ("github.io", "gitlab.io")
NON_REPO_PATHS = ("papers", "blog", "docs")
KEY_RE = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True)
class YearRule:
    """How yearless dates of one listing get their year: from a capture date or inferred."""

    captured: dt.date | None
    inferred_year: int | None
    reason: str


def normalize_records(listings: tuple[Listing, ...]) -> tuple[tuple[Paper, ...], tuple[Problem, ...]]:
    """Normalize every record of every listing into a paper (one per record, before merging)."""
    newest_anywhere = max((year for listing in listings for year in written_years(listing)), default=None)
    papers: list[Paper] = []
    problems: list[Problem] = []
    for listing in listings:
        rule = year_rule(listing, newest_anywhere)
        for record in listing.records:
            paper, record_problems = normalize_record(record, rule)
            problems.extend(record_problems)
            if paper is not None:
                papers.append(paper)
    return tuple(papers), tuple(problems)


def normalize_record(record: RawRecord, rule: YearRule) -> tuple[Paper | None, list[Problem]]:
    """Normalize one record; a record whose title is empty once cleaned is dropped."""
    place = record.source
    problems: list[Problem] = []
    title = clean_text(record.title)
    if not title_key(title):
        problems.append(Problem(place.listing, place.line, Severity.ERROR,
                                f"title '{record.title[:60]}' has no letters or digits; record dropped"))
        return None, problems
    abstract = clean_text(GLUED_SENTENCE_RE.sub(r"\1 \2", record.abstract))
    authors = parse_authors(record, problems)
    published, upvotes = parse_date(record, rule, problems)
    paper = Paper(key=title_key(title), title=title, abstract=abstract, sources=(place,),
                  authors_count=authors, published=published, upvotes=upvotes,
                  links=extract_links(abstract))
    return paper, problems


def clean_text(text: str) -> str:
    """Return text in NFC with TeX made readable, invisible characters gone, spaces folded."""
    text = unicodedata.normalize("NFC", INVISIBLE_RE.sub("", text))
    text = unicodedata.normalize("NFC", tex_to_unicode(text))
    return " ".join(text.split())  # folds runs of whitespace: \s matches what str.isspace() accepts


def title_key(title: str) -> str:
    """Return the key duplicates are merged by: casefolded NFKC letters and digits only."""
    return KEY_RE.sub(" ", unicodedata.normalize("NFKC", title).casefold()).replace("_", " ").strip()


def extract_links(abstract: str) -> tuple[Link, ...]:
    """Find the URLs in an abstract, trim trailing punctuation, and classify each one."""
    if not any(hint in abstract for hint in LINK_HINTS):
        return ()
    found: dict[str, Link] = {}
    candidates = [match.group(0) for match in URL_RE.finditer(abstract)]
    without_urls = URL_RE.sub(" ", abstract)
    candidates += ["https://" + match.group(0) for match in BARE_REPO_RE.finditer(without_urls)]
    for candidate in candidates:
        url = trim_url(candidate)
        if url.count("/") >= 3 or "." in url.split("//", 1)[-1]:
            found.setdefault(url, Link(url, classify_link(url)))
    return tuple(found.values())


def trim_url(url: str) -> str:
    """Strip sentence punctuation and an unbalanced closing bracket from the end of a URL."""
    while url:
        if url[-1] in TRAILING_PUNCTUATION:
            url = url[:-1]
        elif url[-1] == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        elif url[-1] == "]" and url.count("[") < url.count("]"):
            url = url[:-1]
        else:
            break
    return url


def classify_link(url: str) -> str:
    """Say what a link is: a code repository, a project page, or something else."""
    rest = url.split("//", 1)[-1]
    host = rest.split("/", 1)[0].lower().removeprefix("www.")
    path = [part for part in rest.split("/")[1:] if part]
    if host in CODE_HOSTS and len(path) >= 2 and path[0] not in NON_REPO_PATHS:
        return "code"
    if host in CODE_HOSTS and len(path) >= 1 and host != "huggingface.co":
        return "code"
    if host.endswith(CODE_HOST_PAGES) or (path == [] and host not in CODE_HOSTS):
        return "project"
    if host.endswith(("arxiv.org", "doi.org", "openreview.net", "huggingface.co")):
        return "other"
    return "project"


def parse_authors(record: RawRecord, problems: list[Problem]) -> int | None:
    """Read ``• 7 authors`` as 7; anything unreadable is a warning and becomes null."""
    if record.authors_text is None:
        return None
    match = AUTHORS_RE.match(record.authors_text)
    count = match.group("count").replace(",", "") if match else ""
    if count.isdigit() and int(count) > 0:
        return int(count)
    problems.append(Problem(record.source.listing, record.authors_line or record.source.line,
                            Severity.WARNING, f"author count '{record.authors_text}' is not a number; left empty"))
    return None


def parse_date(record: RawRecord, rule: YearRule, problems: list[Problem]) -> tuple[str | None, int | None]:
    """Read a card date line into an ISO date and an upvote count."""
    if record.date_text is None:
        return None, None
    listing, line = record.source.listing, record.date_line or record.source.line
    match = DATE_RE.match(record.date_text)
    if match is None:
        problems.append(Problem(listing, line, Severity.WARNING, f"date '{record.date_text}' is not readable; left empty"))
        return None, None
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


def written_years(listing: Listing) -> list[int]:
    """Return the years a listing writes out in its date lines."""
    years = []
    for record in listing.records:
        match = DATE_RE.match(record.date_text or "")
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
