"""Read arXiv's own pages: a listing or search-results page copied as text, the e-mail digest,
or a plain list of arXiv ids and URLs.

Every entry starts at its identifier (``arXiv:2601.11559``, ``[3] arXiv:…``, ``1. arXiv:…``)
and is read by its labels: ``Title:``, ``Authors:``, ``Abstract:`` (a search page's shortened
abstract loses its ``▽ More``), ``Comments:``, ``Subjects:``/``Categories:``, ``Date:``,
``Submitted …``, ``Journal-ref:``, ``DOI:``; a label's value goes on over the indented lines
after it, as the digest wraps them at 80 columns. Where the title has no label (a search page),
it is the first line of text after the entry's categories; the digest's abstract is the text
between its ``\\\\`` lines, a listing's the text after ``Subjects:``. A file that is only ids or
URLs gives one record per id, to be titled by a lookup. arXiv's page chrome (search form,
navigation, footer) and the digest's header are recognised and never become a record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..fields import ARXIV_URL_RE
from ..models import Problem, RawRecord, Severity, SourceRef
from .reading import Reading

NAME = "arxiv"
EXTENSIONS = (".txt", ".md")
ANCHOR_RE = re.compile(
    r"^\s*(?:\[\d+\]\s*|\d+\.\s*)?arXiv:(?P<id>\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\b(?P<rest>.*)$")
LABEL_RE = re.compile(
    r"^\s*(?P<label>Title|Titles|Authors?|Abstract|Comments?|Subjects|Categories|Date|Journal-ref|DOI|Report-no|"
    r"MSC-class|ACM-class|License|Submitted|Proxy|Journal reference|Cite as|Related DOI)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE)
SUBMITTED_RE = re.compile(r"^\s*Submitted\s+(?P<date>\d{1,2}\s+[A-Za-z]+,?\s+\d{4})", re.IGNORECASE)
# A search result's categories: "cs.LG cs.AI stat.ML", "hep-th", "quant-ph physics.optics".
CATEGORIES_RE = re.compile(r"^\s*(?:(?:[a-z]+(?:-[a-z]+)?\.[A-Za-z\-]{2,}|[a-z]+-(?:ph|th|ex|lat|qc|mat))\s*){1,8}$")
ID_LINE_RE = re.compile(r"^\s*(?:[-*+•]\s*|\d+[.)]\s*)?(?:<?https?://\S+>?|arXiv:\s*\S+|\d{4}\.\d{4,5}(?:v\d+)?)\s*$",
                        re.IGNORECASE)
BARE_ID_RE = re.compile(r"(?<![\w./])(?P<id>\d{4}\.\d{4,5})(?:v\d+)?(?![\w])")
SEPARATOR_RE = re.compile(r"^\s*(?:-{5,}|={5,}|%{5,}|\\\\)\s*$")
END_OF_ABSTRACT_RE = re.compile(r"^\\\\\s*\(\s*https?://arxiv\.org/abs/\S+\s*,\s*[\d.]+kb\s*\)\s*$", re.IGNORECASE)
MORE_RE = re.compile(r"\s*(?:…|\.\.\.)?\s*[▽△]\s*(?:More|Less)\s*$")
REPLACED_RE = re.compile(r"^\s*(?:replaced with revised version|\(\*cross-listing\*\))", re.IGNORECASE)
CHROME_RE = re.compile(
    r"^\s*(?:skip to main content|we gratefully acknowledge support.*|donate|search\.{0,3}|help\s*\|\s*advanced search|"
    r"advanced search|all fields|title|author|abstract|comments|journal reference|acm classification|"
    r"msc classification|report number|arxiv identifier|doi|orcid|arxiv author id|help pages|full text|login|"
    r"showing \d[\d,]*[–-]\d[\d,]* of [\d,]+ results.*|search v[\d.]+ released.*|search term or terms|field|"
    r"show abstracts|hide abstracts|results per page\.?|sort results by|go|about|help|contact arxiv|"
    r"click here to contact arxiv|contact|subscribe to arxiv mailings|click here to subscribe|subscribe|copyright|"
    r"privacy policy|web accessibility assistance|arxiv operational status|get status notifications.*|next|previous|"
    r"\d+(?:\s+\d+)*|…|\.\.\.|arxiv\.org|"
    r"(?:new|cross|replacement) submissions.*|authors and titles for .*|total of \d+ entries.*|"
    r"showing (?:up to|first) .*|see today's .*|(?:\[?(?:pdf|html|ps|other|src)\]?,?\s*)+|"
    r"send any comments regarding submissions.*|archives at .*|to unsubscribe.*|submissions to:|"
    r"received from .*|(?:artificial intelligence|machine learning|software engineering|computation and language|"
    r"computer vision and pattern recognition|[a-z ]+ \((?:cs|stat|math|physics|eess|q-bio|q-fin|econ)\.[a-z-]+\)))\s*$",
    re.IGNORECASE)
CONTINUED_LABELS = ("title", "titles", "authors", "author", "comments", "comment", "journal-ref", "subjects",
                    "categories", "abstract")


@dataclass(slots=True)
class Entry:
    """An arXiv entry being read, with the lines it used."""

    line: int
    arxiv_id: str
    fields: dict[str, str] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)
    loose: list[tuple[int, str]] = field(default_factory=list)
    abstract: list[str] = field(default_factory=list)
    used: set[int] = field(default_factory=set)


def sniff(text: str) -> bool:
    """Rule out a file that names no arXiv id (``arXiv:…``, an arXiv URL, or ``2401.12345``)."""
    return bool(ARXIV_URL_RE.search(text) or BARE_ID_RE.search(text))


def read(name: str, text: str) -> Reading:
    """Read the entries of an arXiv page, digest or id list."""
    lines = text.split("\n")
    non_blank = sum(1 for line in lines if line.strip())
    entries, understood = read_entries(lines)
    variant = "digest" if any("\\\\" == line.strip() for line in lines) else "page"
    if not entries or all(not entry.fields for entry in entries):  # ids, maybe with URLs between them
        id_records, id_lines = read_id_list(name, lines)
        if id_records and len(id_lines) >= len(understood | {entry.line for entry in entries}):
            return Reading(NAME, tuple(id_records), (), len(id_lines), non_blank, "id list")
    problems: list[Problem] = []
    records = [record for record in (entry_record(name, entry, problems) for entry in entries) if record]
    return Reading(NAME, tuple(records), tuple(problems), len(understood), non_blank, variant)


def read_entries(lines: list[str]) -> tuple[list[Entry], set[int]]:
    """Split the lines into entries at their identifiers; return them and the lines understood."""
    entries: list[Entry] = []
    understood: set[int] = set()
    current: Entry | None = None
    label: str | None = None
    in_abstract = False
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        if not line.strip():
            label = None if label != "abstract" else label
            continue
        continues = current is not None and label in CONTINUED_LABELS and raw.startswith((" ", "\t")) \
            and not in_abstract
        anchor = None if continues else ANCHOR_RE.match(line)
        if anchor and not LABEL_RE.match(line):
            current = Entry(number, anchor.group("id"))
            entries.append(current)
            understood.add(number)
            label, in_abstract = None, False
            continue
        if SEPARATOR_RE.match(line) or END_OF_ABSTRACT_RE.match(line):
            understood.add(number)
            if current is not None and line.strip() == "\\\\" and current.fields:
                in_abstract = not in_abstract and not current.abstract
            elif END_OF_ABSTRACT_RE.match(line):
                in_abstract = False
            label = None
            continue
        if current is None:
            if CHROME_RE.match(line):
                understood.add(number)
            continue
        if in_abstract:
            current.abstract.append(line.strip())
            understood.add(number)
            continue
        labelled = LABEL_RE.match(line)
        if labelled:
            label = labelled.group("label").lower()
            current.fields[label] = labelled.group("value").strip()
            current.field_lines.setdefault(label, number)
            understood.add(number)
            if label == "abstract" and MORE_RE.search(line):
                label = None
            continue
        submitted = SUBMITTED_RE.match(line)
        if submitted:
            current.fields.setdefault("submitted", submitted.group("date"))
            current.field_lines.setdefault("submitted", number)
            understood.add(number)
            label = None
            continue
        if REPLACED_RE.match(line) or CHROME_RE.match(line) or CATEGORIES_RE.match(line):
            understood.add(number)
            label = None  # chrome ends a search page's abstract
            continue
        if continues or label == "abstract":
            current.fields[label] = f"{current.fields[label]} {line.strip()}".strip()
            understood.add(number)
            if label == "abstract" and MORE_RE.search(line):
                label = None  # "… ▽ More" ends a search page's shortened abstract
            continue
        current.loose.append((number, line.strip()))
        label = None
    return entries, understood | used_loose_lines(entries)


def used_loose_lines(entries: list[Entry]) -> set[int]:
    """Return the lines of unlabelled text that entries take as their title or abstract."""
    used: set[int] = set()
    for entry in entries:
        loose = entry.loose
        if "title" not in entry.fields and loose:
            used.add(loose[0][0])
            loose = loose[1:]
        if not entry.abstract and "abstract" not in entry.fields and "subjects" in entry.fields:
            used.update(number for number, _ in loose)
    return used


def entry_record(name: str, entry: Entry, problems: list[Problem]) -> RawRecord | None:
    """Return one entry as a record; an entry with neither a title nor text is reported."""
    fields, loose = entry.fields, list(entry.loose)
    title = fields.get("title") or fields.get("titles") or ""
    title_line = entry.field_lines.get("title", entry.line)
    if not title and loose:
        title_line, title = loose.pop(0)
    abstract = " ".join(entry.abstract) or fields.get("abstract", "")
    if not abstract and "subjects" in fields and loose:
        abstract = " ".join(text for _, text in loose)
    if not title:
        problems.append(Problem(name, entry.line, Severity.WARNING,
                                f"arXiv:{entry.arxiv_id} has no title in the file; kept with its id only"))
    authors_text = fields.get("authors") or fields.get("author") or ""
    date = fields.get("date") or fields.get("submitted")
    doi = fields.get("doi")
    return RawRecord(
        SourceRef(name, title_line), title, MORE_RE.sub("", abstract).strip(),
        date_text=date_of(date) if date else None,
        date_line=entry.field_lines.get("date", entry.field_lines.get("submitted", entry.line)),
        authors=split_authors(authors_text), arxiv_id=entry.arxiv_id, doi=doi.split()[0] if doi else None,
        links=(f"https://arxiv.org/abs/{entry.arxiv_id}",), venue=fields.get("journal-ref") or None)


def date_of(text: str) -> str:
    """Return the date part of a ``Date:`` value (``Thu, 18 Dec 2025 05:03:49 GMT   (704kb)``)."""
    return re.split(r"\s{2,}|\s\(", text.strip(), maxsplit=1)[0]


def split_authors(text: str) -> tuple[str, ...]:
    """Split arXiv's author list: commas, and a final "and" (``A, B and C``); drop affiliations in parentheses."""
    text = re.sub(r"\([^()]*\)", " ", text)
    parts = re.split(r",\s*|\s+and\s+", text)
    return tuple(" ".join(part.split()) for part in parts if part.strip() and part.strip().lower() != "and")


def read_id_list(name: str, lines: list[str]) -> tuple[list[RawRecord], set[int]]:
    """Read a plain list of arXiv ids or URLs: one record per id, in order, each id once."""
    records: list[RawRecord] = []
    seen: set[str] = set()
    used: set[int] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip() or not ID_LINE_RE.match(line):
            continue
        match = ARXIV_URL_RE.search(line) or BARE_ID_RE.search(line)
        if match is None:
            continue
        used.add(number)
        arxiv_id = match.group("id")
        if arxiv_id in seen:
            continue
        seen.add(arxiv_id)
        records.append(RawRecord(SourceRef(name, number), "", arxiv_id=arxiv_id,
                                 links=(f"https://arxiv.org/abs/{arxiv_id}",)))
    return records, used
