"""How listings write the facts of a paper: dates, author counts, arXiv ids and DOIs.

The readers use these patterns to tell a metadata line from paper text; ``normalize.py`` uses
them to turn what a line says into a value. Both read the same patterns, so a line a reader
took for a date is one the normalizer can read.
"""

from __future__ import annotations

import re

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
# A Hugging Face card's date: "Feb 27, 2024" or "Mar 15" (this year), maybe "Published on" before
# it and the upvote count after it ("Mar 15 12").
CARD_DATE_RE = re.compile(
    r"^(?:·\s*)?(?:[Pp]ublished on\s+)?(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t|tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
    r" (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?(?: (?P<votes>\d+))?$"
)
# "• 7 authors", "* 3 authors", "- 12 authors", "1 author"; the count is checked by normalize.
AUTHORS_COUNT_RE = re.compile(r"^(?:[•·*\-]\s*)?(?P<count>\S+)\s+authors?$", re.IGNORECASE)
# New-style arXiv ids (2007 on: 0704.0001, 2301.12345) and old ones (cs/0112017, math.GT/0309136),
# each with an optional version.
ARXIV_ID_RE = re.compile(r"(?<![\w./])(?P<id>\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?![\w])")
ARXIV_URL_RE = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf|html)/|huggingface\.co/papers/|alphaxiv\.org/abs/|arxiv:\s*)"
    r"(?P<id>\d{4}\.\d{4,5}(?!\d)|(?-i:[a-z-]+(?:\.[A-Z]{2})?)/\d{7}(?!\d))(?:v\d+)?",
    re.IGNORECASE,
)
DOI_RE = re.compile(r"\b(?P<doi>10\.\d{4,9}/[^\s\"<>{}]+[^\s\"<>{}.,;:)\]])")
ISO_DATE_RE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")
# "18 Dec 2025", "Thu, 18 Dec 2025 05:03:49 GMT", "3 January, 2024", "January 2023", "Jan 2023".
WRITTEN_DATE_RE = re.compile(
    r"^(?:[A-Z][a-z]{2},\s*)?(?:(?P<day>\d{1,2})\s+)?(?P<month>[A-Za-z]{3,9})\.?,?\s+(?P<year>\d{4})\b",
)


def arxiv_id_in(text: str) -> str | None:
    """Return the arXiv id (without version) a URL or an ``arXiv:`` reference names, if any."""
    match = ARXIV_URL_RE.search(text)
    return match.group("id") if match else None


def month_number(name: str) -> int | None:
    """Return 1–12 for a month name or its first three letters (any case), else None."""
    lowered = name.strip().rstrip(".").lower()
    for index, month in enumerate(MONTH_NAMES, start=1):
        if lowered == month or (len(lowered) >= 3 and month.startswith(lowered)):
            return index
    return int(lowered) if lowered.isdigit() and 1 <= int(lowered) <= 12 else None
