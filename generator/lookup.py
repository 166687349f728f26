"""``catalog lookup``: ask Hugging Face Papers about the catalog's papers; file the answers in ``seeds/lookup.yml``.

With its client ``hf_papers.py``, the only code that talks to the network. It builds the catalog
offline as the build does, asks about each paper that has no entry in the lookup file yet (every
paper with ``refresh``), and writes the file through ``lookup_file.py`` every few papers and at the
end, so an interruption keeps what was fetched and the next run goes on from there. It writes
nothing else: entries of papers not asked stay as they were.

A paper whose arXiv id is known is asked by id: the answer is a sure match. Otherwise its title is
searched; a result is a sure match only when its title key equals the paper's and, where both
have an abstract, the abstracts agree (``merge.abstracts_differ``). Near misses (title keys that
hold one another as words, or a difflib ratio of 0.8 or more) are listed as candidates for the
curator, never applied.

When the source stays out of reach (after the client's retries), the run stops with
``LookupStopped``; on Ctrl-C with ``LookupInterrupted``. Both carry the report of what was kept.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from huggingface_hub import constants
from huggingface_hub.hf_api import PaperInfo
from tqdm import tqdm

from .build import build_catalog
from .errors import CatalogError
from .hf_papers import BadAnswer, Pace, PapersClient, SourceFailure, quiet_session
from .lookup_file import LOOKUP_FILE, Candidate, LookupEntry, read_lookup, write_lookup
from .merge import abstracts_differ
from .models import Paper, Problem, Severity
from .normalize import title_key
from .report import label_for
from .settings import Settings

SOURCE = "huggingface"
MAX_CANDIDATES = 3
NEAR_RATIO = 0.8
SAVE_EVERY = 10
ARXIV_VERSION_RE = re.compile(r"v\d+$")


@dataclass(frozen=True, slots=True)
class LookupReport:
    """What a run did: the papers it got answers for, how they matched, the entries the file keeps."""

    path: Path
    label: str
    asked: int = 0
    exact: int = 0
    candidates: int = 0
    unknown: int = 0
    kept: int = 0
    written: bool = False
    problems: tuple[Problem, ...] = ()

    def summary(self) -> str:
        """Return the one-line summary of the run."""
        papers = "paper" if self.asked == 1 else "papers"
        where = f"written to {self.label}" if self.written else f"{self.label} unchanged"
        return (f"asked {self.asked} {papers}: {self.exact} exact, {self.candidates} with candidates, "
                f"{self.unknown} unknown; {where}")


class LookupStopped(CatalogError):
    """The source stayed out of reach or refused; the run stopped, keeping what it had fetched."""

    def __init__(self, message: str, report: LookupReport) -> None:
        super().__init__(message)
        self.report = report


class LookupInterrupted(Exception):
    """Ctrl-C stopped the run; what it had fetched is kept in the lookup file."""

    def __init__(self, report: LookupReport) -> None:
        super().__init__(f"interrupted; {report.kept} papers kept in {report.label}; run again to go on")
        self.report = report


def bare_arxiv_id(arxiv_id: str | None) -> str | None:
    """Return an arXiv id without its version (the source files papers by bare id)."""
    return ARXIV_VERSION_RE.sub("", arxiv_id.strip()) if arxiv_id and arxiv_id.strip() else None


def titles_near(key: str, other: str) -> bool:
    """Tell whether two title keys may name the same paper: one holds the other's words, or they are alike."""
    if not key or not other:
        return False
    if f" {key} " in f" {other} " or f" {other} " in f" {key} ":
        return True
    return difflib.SequenceMatcher(None, key, other).ratio() >= NEAR_RATIO


def match_results(paper: Paper, results: list[PaperInfo]) -> tuple[PaperInfo | None, tuple[PaperInfo, ...]]:
    """Return the first sure match among search results, and the near misses (at most three)."""
    key = title_key(paper.title)
    sure, near = None, []
    for info in results:
        if not info.id or not info.title:
            continue
        other = title_key(info.title)
        agree = not (paper.abstract and info.summary and abstracts_differ(paper.abstract, info.summary))
        if other == key and agree:
            sure = sure or info
        elif titles_near(key, other):
            near.append(info)
    return sure, tuple(near[:MAX_CANDIDATES])


def entry_from_info(paper: Paper, info: PaperInfo, today: str) -> LookupEntry:
    """Return the exact entry a sure match gives, under the catalog's title of the paper."""
    published = info.published_at
    upvotes = info.upvotes if isinstance(info.upvotes, int) and not isinstance(info.upvotes, bool) else None
    return LookupEntry(
        title=paper.title, source=SOURCE, fetched=today, match="exact", arxiv_id=info.id,
        authors=tuple(author.name for author in info.authors or () if getattr(author, "name", "")),
        published=published.astimezone(dt.UTC).date().isoformat() if published else None,
        upvotes=upvotes, code=info.github_repo or None, project_page=info.project_page or None)


def ask_paper(client: PapersClient, paper: Paper, today: str) -> LookupEntry:
    """Ask the source about one paper: by arXiv id when known, else by title."""
    unknown = LookupEntry(title=paper.title, source=SOURCE, fetched=today, match="none")
    arxiv_id = bare_arxiv_id(paper.arxiv_id)
    if arxiv_id:
        info = client.paper(arxiv_id)
        # An unknown id is recorded with the id asked, so a run asks again only about another id.
        return entry_from_info(paper, info, today) if info is not None else replace(unknown, arxiv_id=arxiv_id)
    sure, near = match_results(paper, client.search(paper.title))
    if sure is not None:
        # A search result loses the code and project page (PaperInfo reads them only beside the
        # paper, the search nests them in it); the paper's own page has every fact.
        return entry_from_info(paper, client.paper(sure.id) or sure, today)
    if near:
        candidates = tuple(Candidate(info.id, info.title or "") for info in near)
        return LookupEntry(title=paper.title, source=SOURCE, fetched=today, match="candidates", candidates=candidates)
    return unknown


def paper_keys(paper: Paper) -> tuple[str, str | None]:
    """Return what an entry is matched to a paper by: its title key and its bare arXiv id."""
    return title_key(paper.title), bare_arxiv_id(paper.arxiv_id)


def entries_by_paper(entries: tuple[LookupEntry, ...], papers: list[Paper]) -> dict[str, list[LookupEntry]]:
    """Return, per paper id, the entries about it: the same title key, or the same arXiv id."""
    by_key: dict[str, list[LookupEntry]] = {}
    by_arxiv: dict[str, list[LookupEntry]] = {}
    for entry in entries:
        by_key.setdefault(entry.key, []).append(entry)
        arxiv_id = bare_arxiv_id(entry.arxiv_id)
        if arxiv_id:
            by_arxiv.setdefault(arxiv_id, []).append(entry)
    found = {}
    for paper in papers:
        key, arxiv_id = paper_keys(paper)
        same = by_key.get(key, []) + [entry for entry in by_arxiv.get(arxiv_id or "", []) if entry.key != key]
        found[paper.id] = same
    return found


def papers_to_ask(papers: tuple[Paper, ...], entries: tuple[LookupEntry, ...], refresh: bool) -> list[Paper]:
    """Choose the papers to ask about, in title-key order: every one with ``refresh``, else those
    with no entry, and those with an arXiv id no entry was asked about (the curator confirmed a
    candidate or corrected the id), so they are asked by that id."""
    ordered = sorted(papers, key=lambda paper: (title_key(paper.title), paper.id))
    if refresh:
        return ordered
    found = entries_by_paper(entries, ordered)
    return [paper for paper in ordered if not found[paper.id]
            or (paper.arxiv_id and all(bare_arxiv_id(entry.arxiv_id) != bare_arxiv_id(paper.arxiv_id)
                                       for entry in found[paper.id]))]


def read_entries(path: Path, label: str) -> tuple[LookupEntry, ...]:
    """Read the lookup file; refuse to go on when anything in it could not be read, as the run
    rewrites the file and would drop it."""
    lookup = read_lookup(path)
    if lookup.problems:
        problem = lookup.problems[0]
        raise CatalogError(f"{problem.message}; catalog lookup rewrites this file, so mend it or move it away first",
                           label, problem.line)
    return lookup.entries


def merged_entries(existing: tuple[LookupEntry, ...], answered: list[tuple[Paper, LookupEntry]]) -> list[LookupEntry]:
    """Return the entries to write: the new answers, and every old entry of a paper not answered."""
    keys = {paper_keys(paper) for paper, _ in answered}
    title_keys = {key for key, _ in keys}
    arxiv_ids = {arxiv_id for _, arxiv_id in keys if arxiv_id}
    kept = [entry for entry in existing
            if entry.key not in title_keys and bare_arxiv_id(entry.arxiv_id) not in arxiv_ids]
    return kept + [entry for _, entry in answered]


def today_utc() -> str:
    """Return today's date in UTC, as the file records it."""
    return dt.datetime.now(dt.UTC).date().isoformat()


def run_lookup(settings: Settings, *, refresh: bool = False, limit: int | None = None, pace: Pace = Pace(),
               today: str | None = None, endpoint: str | None = None, progress: bool = False) -> LookupReport:
    """Ask the source about the papers that need it and write the lookup file; return the report.

    ``endpoint`` defaults to ``HF_ENDPOINT`` (read now, so a test can set it), then huggingface_hub's.
    """
    path = settings.seeds_dir / LOOKUP_FILE
    label = label_for(path, settings.root)
    endpoint = (endpoint or os.environ.get("HF_ENDPOINT") or constants.ENDPOINT).rstrip("/")
    existing = read_entries(path, label)
    answered: list[tuple[Paper, LookupEntry]] = []
    problems: list[Problem] = []

    def save() -> LookupReport:
        entries = merged_entries(existing, answered)
        if answered:
            write_lookup(path, entries)
        return make_report(path, label, [entry for _, entry in answered], len(entries), tuple(problems))

    try:
        catalog = build_catalog(settings).papers
        if refresh:  # a refresh also leaves out the entries of papers no longer in the catalog
            found = entries_by_paper(existing, list(catalog))
            current = {id(entry) for entries in found.values() for entry in entries}
            existing = tuple(entry for entry in existing if id(entry) in current)
        papers = papers_to_ask(catalog, existing, refresh)[:limit]
        with quiet_session(pace.timeout), tqdm(total=len(papers), unit="paper", file=sys.stderr,
                                                disable=not progress, desc="lookup") as bar:
            for paper, answer in ask_papers(PapersClient(endpoint, pace), papers, today or today_utc()):
                bar.update()
                if isinstance(answer, Problem):
                    problems.append(answer)
                    continue
                answered.append((paper, answer))
                if len(answered) % SAVE_EVERY == 0:
                    save()
    except SourceFailure as failure:
        report = save()
        raise LookupStopped(f"{failure}; {report.kept} papers kept in {label}; run again to go on", report) from None
    except KeyboardInterrupt:
        raise LookupInterrupted(save()) from None
    return save()


def ask_papers(client: PapersClient, papers: list[Paper], today: str) -> Iterator[tuple[Paper, LookupEntry | Problem]]:
    """Ask about each paper in turn; yield its entry, or a warning when the answer cannot be read."""
    for paper in papers:
        try:
            yield paper, ask_paper(client, paper, today)
        except BadAnswer as error:
            source = paper.sources[0] if paper.sources else None
            yield paper, Problem(source.listing if source else "", source.line if source else 0, Severity.WARNING,
                                 f"{client.endpoint} gave an answer about '{paper.title}' that cannot be read "
                                 f"({error}); nothing new is recorded for it: the next run asks again, or --refresh "
                                 "if it has an earlier entry")


def make_report(path: Path, label: str, entries: list[LookupEntry], kept: int,
                problems: tuple[Problem, ...]) -> LookupReport:
    """Count the answers of a run by how they matched."""
    counts = {match: sum(1 for entry in entries if entry.match == match) for match in ("exact", "candidates", "none")}
    return LookupReport(path, label, len(entries), counts["exact"], counts["candidates"], counts["none"],
                        kept=kept, written=bool(entries), problems=problems)
