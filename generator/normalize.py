"""Turn raw records into papers: clean text, check ids, classify links, read dates and counts.

Text is made readable (Unicode NFC, TeX turned into Unicode, invisible characters dropped,
white space folded). An arXiv id or DOI a record gives, or that one of its links names, is
checked and written one way (arXiv ids without their version, DOIs in lower case); one that
does not read as an id is a warning and left out. Dates are read by ``dates.py``. A record with
no title but an arXiv id (a list of ids) is titled ``arXiv:<id>`` until a lookup finds its title.
"""

from __future__ import annotations

import re
import unicodedata
from functools import partial

from .dates import YearRule, parse_date, written_years, year_rule
from .fields import ARXIV_ID_RE, AUTHORS_COUNT_RE, DOI_RE, arxiv_id_in
from .memo import Memo, memo_table
from .models import Link, Listing, Paper, Problem, RawRecord, Severity
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
PAPER_HOSTS = ("arxiv.org", "doi.org", "openreview.net", "aclanthology.org", "semanticscholar.org",
               "proceedings.neurips.cc", "papers.nips.cc", "proceedings.mlr.press", "openaccess.thecvf.com",
               "dl.acm.org", "ieeexplore.ieee.org", "link.springer.com", "alphaxiv.org")
ET_AL_RE = re.compile(r"^(?:et\.?\s*al\.?|others|and others)$", re.IGNORECASE)
DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
ARXIV_DOI_RE = re.compile(r"^10\.48550/arxiv\.(?P<id>.+)$", re.IGNORECASE)


def normalize_records(listings: tuple[Listing, ...],
                      memo: Memo | None = None) -> tuple[tuple[Paper, ...], tuple[Problem, ...]]:
    """Normalize every record of every listing into a paper (one per record, before merging).

    With a memo (serve's rebuilds), a record normalized under the same year rule last time is not
    normalized again.
    """
    table = memo_table(memo, "records")
    newest_anywhere = max((year for listing in listings for year in written_years(listing)), default=None)
    papers: list[Paper] = []
    problems: list[Problem] = []
    for listing in listings:
        rule = year_rule(listing, newest_anywhere)
        for record in listing.records:
            paper, record_problems = table.get((record, rule), partial(normalize_record, record, rule))
            problems.extend(record_problems)
            if paper is not None:
                papers.append(paper)
    return tuple(papers), tuple(problems)


def normalize_record(record: RawRecord, rule: YearRule) -> tuple[Paper | None, list[Problem]]:
    """Normalize one record; a record whose title is empty once cleaned (and that has no arXiv id
    to stand for it) is dropped."""
    place = record.source
    problems: list[Problem] = []
    doi = checked_doi(record, problems)
    arxiv_id = checked_arxiv_id(record, doi, problems)
    title = clean_text(record.title)
    if not title_key(title):
        if arxiv_id is None or record.title.strip():
            problems.append(Problem(place.listing, place.line, Severity.ERROR,
                                    f"title '{record.title[:60]}' has no letters or digits; record dropped"))
            return None, problems
        title = f"arXiv:{arxiv_id}"
        problems.append(Problem(place.listing, place.line, Severity.WARNING,
                                f"gives no title; shown as '{title}' until a listing or a lookup gives one"))
    abstract = clean_text(GLUED_SENTENCE_RE.sub(r"\1 \2", record.abstract))
    names = tuple(name for name in (clean_text(author) for author in record.authors) if name)
    authors_count = parse_author_count(record, problems) if record.authors_text is not None else (
        len([name for name in names if not ET_AL_RE.match(name)]) if names and not any(
            ET_AL_RE.match(name) for name in names) else None)
    published, upvotes = parse_date(record, rule, problems)
    links = tuple(dict.fromkeys(trim_url(url) for url in record.links if url.startswith(("http://", "https://"))))
    paper = Paper(key=title_key(title), title=title, abstract=abstract, sources=(place,),
                  authors_count=authors_count, published=published, upvotes=upvotes,
                  links=classified_links(links) + tuple(link for link in extract_links(abstract) if link.url not in links),
                  authors=tuple(name for name in names if not ET_AL_RE.match(name)),
                  arxiv_id=arxiv_id, doi=doi, venue=clean_text(record.venue or "") or None,
                  keywords=tuple(dict.fromkeys(word for word in (clean_text(item) for item in record.keywords) if word)),
                  section=clean_text(record.section or "") or None)
    return paper, problems


def checked_doi(record: RawRecord, problems: list[Problem]) -> str | None:
    """Return the record's DOI in lower case without a resolver prefix; a malformed one is a warning."""
    if not record.doi:
        return None
    candidate = DOI_PREFIX_RE.sub("", record.doi.strip())
    match = DOI_RE.fullmatch(candidate)
    if match is None:
        problems.append(Problem(record.source.listing, record.source.line, Severity.WARNING,
                                f"DOI '{record.doi[:80]}' is not a DOI (10.NNNN/…); left out"))
        return None
    return match.group("doi").lower()


def checked_arxiv_id(record: RawRecord, doi: str | None, problems: list[Problem]) -> str | None:
    """Return the record's arXiv id (given, or named by a link or an arXiv DOI) without its version."""
    given = record.arxiv_id
    if given:
        candidate = given.strip().removeprefix("arXiv:").removeprefix("arxiv:").strip()
        match = ARXIV_ID_RE.fullmatch(candidate) or ARXIV_ID_RE.fullmatch(arxiv_id_in(candidate) or "")
        if match is None:
            found = arxiv_id_in(candidate)
            if found is None:
                problems.append(Problem(record.source.listing, record.source.line, Severity.WARNING,
                                        f"arXiv id '{given[:60]}' is not an arXiv id; left out"))
                return None
            return found
        return match.group("id")
    from_doi = ARXIV_DOI_RE.match(doi or "")
    if from_doi and ARXIV_ID_RE.fullmatch(from_doi.group("id")):
        return ARXIV_ID_RE.fullmatch(from_doi.group("id")).group("id")
    for url in record.links:
        found = arxiv_id_in(url)
        if found:
            return found
    return None


def clean_text(text: str) -> str:
    """Return text in NFC with TeX made readable, invisible characters gone, spaces folded."""
    text = unicodedata.normalize("NFC", INVISIBLE_RE.sub("", text))
    text = unicodedata.normalize("NFC", tex_to_unicode(text))
    return " ".join(text.split())  # folds runs of whitespace: \s matches what str.isspace() accepts


def title_key(title: str) -> str:
    """Return the key duplicates are merged by: casefolded NFKC letters and digits only."""
    return KEY_RE.sub(" ", unicodedata.normalize("NFKC", title).casefold()).replace("_", " ").strip()


def classified_links(urls: tuple[str, ...]) -> tuple[Link, ...]:
    """Classify the links a listing gives for a paper (its page, its code) as ``classify_link`` does."""
    return tuple(Link(url, classify_link(url)) for url in urls if url.count("/") >= 3 or "." in url.split("//", 1)[-1])


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
        if url[-1] in TRAILING_PUNCTUATION or url[-1] == ")" and url.count("(") < url.count(")") or url[-1] == "]" and url.count("[") < url.count("]"):
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
    if host.endswith(PAPER_HOSTS) or (host == "huggingface.co" and path[:1] == ["papers"]) \
            or rest.lower().split("?", 1)[0].endswith(".pdf"):
        return "paper"
    if host.endswith(CODE_HOST_PAGES) or (path == [] and host not in CODE_HOSTS):
        return "project"
    if host.endswith("huggingface.co"):
        return "other"
    return "project"


def parse_author_count(record: RawRecord, problems: list[Problem]) -> int | None:
    """Read ``• 7 authors`` as 7; anything unreadable is a warning and becomes null."""
    match = AUTHORS_COUNT_RE.match(record.authors_text or "")
    count = match.group("count").replace(",", "") if match else ""
    if count.isdigit() and int(count) > 0:
        return int(count)
    problems.append(Problem(record.source.listing, record.authors_line or record.source.line,
                            Severity.WARNING, f"author count '{record.authors_text}' is not a number; left empty"))
    return None


