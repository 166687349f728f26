"""Merge the records that stand for the same work into one paper.

A known identifier is the first merge key: records that name the same arXiv id or the same DOI
are one work, whatever their titles. The normalized title (``normalize.title_key``) is the
second: records with the same title key are one work unless they name different identifiers
or their abstracts plainly differ (``Local SGD!`` and ``Local SGD?`` with two different
abstracts are two papers). Those are kept apart with a warning naming both places, and each
gets a key of its own, so their slugs and pages stay distinct whichever listing came first.

The merged paper keeps every source, takes each fact from the first source (in listing, line
order) that has it, the longest abstract, and reports a real conflict (two different dates or
author counts) naming both places. A date known to the day is preferred to the same date
known only to the month or year.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from .models import Paper, Problem, Severity

WORD_RE = re.compile(r"\w+")
COMPARED_WORDS = 40  # the start of an abstract that tells two papers apart
MIN_COMPARED_WORDS = 8  # shorter abstracts (a card's teaser) are too short to tell anything
SHARED_WORDS = 0.5  # the share of the shorter start found in the other abstract for the same work


@dataclass(eq=False)
class Work:
    """The papers found to be one work so far, with the identifiers they name."""

    papers: list[Paper]
    arxiv_ids: set[str] = field(default_factory=set)
    dois: set[str] = field(default_factory=set)

    def add(self, paper: Paper) -> None:
        self.papers.append(paper)
        if paper.arxiv_id:
            self.arxiv_ids.add(paper.arxiv_id)
        if paper.doi:
            self.dois.add(paper.doi.lower())


def merge_duplicates(papers: tuple[Paper, ...]) -> tuple[tuple[Paper, ...], tuple[Problem, ...]]:
    """Return one paper per work, in the order of each work's first appearance."""
    ordered = sorted(papers, key=lambda paper: (paper.sources, paper.key))
    works = works_by_identifier(ordered)
    works, problems = join_by_title(works)
    keys = distinct_keys(works)
    merged: list[Paper] = []
    for work, key in zip(works, keys):
        paper, group_problems = merge_group(sorted(work.papers, key=lambda paper: paper.sources))
        merged.append(replace(paper, key=key))
        problems.extend(group_problems)
    merged.sort(key=lambda paper: paper.sources[0])
    return tuple(merged), tuple(problems)


def works_by_identifier(papers: list[Paper]) -> list[Work]:
    """Group the papers that name the same arXiv id or DOI; a paper naming none is its own work."""
    works: list[Work] = []
    owner: dict[str, Work] = {}
    for paper in papers:
        names = [f"arxiv:{paper.arxiv_id}"] if paper.arxiv_id else []
        names += [f"doi:{paper.doi.lower()}"] if paper.doi else []
        found = [owner[name] for name in names if name in owner]
        if not found:
            work = Work([])
            works.append(work)
        else:
            work = found[0]
            for other in found[1:]:  # an arXiv id and a DOI that join two works so far
                if other is not work:
                    for moved in other.papers:
                        work.add(moved)
                    works.remove(other)
                    for name, holder in owner.items():
                        if holder is other:
                            owner[name] = work
        work.add(paper)
        for name in names:
            owner[name] = work
    return works


def join_by_title(works: list[Work]) -> tuple[list[Work], list[Problem]]:
    """Join works whose papers share a title key, unless identifiers or abstracts tell them apart."""
    by_title: dict[str, list[Work]] = defaultdict(list)
    joined: list[Work] = []
    problems: list[Problem] = []
    for work in works:
        keys = dict.fromkeys(paper.key for paper in work.papers)
        candidates = list(dict.fromkeys(other for key in keys for other in by_title[key]))
        target = None
        for other in candidates:
            reason = apart(other, work)
            if reason is None:
                target = other
                break
            mine, theirs = work.papers[0].sources[0], other.papers[0].sources[0]
            problems.append(Problem(mine.listing, mine.line, Severity.WARNING,
                                    f"'{work.papers[0].title[:60]}' has the title of the paper at {theirs} but "
                                    f"{reason}; kept as two papers"))
        if target is None:
            joined.append(work)
            target = work
        else:
            for paper in work.papers:
                target.add(paper)
        for key in keys:
            if target not in by_title[key]:
                by_title[key].append(target)
    return joined, problems


def apart(one: Work, other: Work) -> str | None:
    """Say why two works with the same title are different papers, or None when they are one."""
    if one.arxiv_ids and other.arxiv_ids and not one.arxiv_ids & other.arxiv_ids:
        return f"another arXiv id ({min(other.arxiv_ids)}, not {min(one.arxiv_ids)})"
    if one.dois and other.dois and not one.dois & other.dois:
        return f"another DOI ({min(other.dois)}, not {min(one.dois)})"
    if (one.arxiv_ids & other.arxiv_ids) or (one.dois & other.dois):
        return None
    first = longest_abstract(one)
    second = longest_abstract(other)
    if abstracts_differ(first, second):
        return "a different abstract"
    return None


def longest_abstract(work: Work) -> str:
    return max((paper.abstract for paper in work.papers), key=len)


def abstracts_differ(first: str, second: str) -> bool:
    """Tell whether two abstracts plainly belong to two papers: the start of the shorter one
    is mostly missing from the other (a truncated copy of the same abstract is not)."""
    shorter, longer = sorted((first, second), key=len)
    start = WORD_RE.findall(shorter.casefold())[:COMPARED_WORDS]
    if len(start) < MIN_COMPARED_WORDS:
        return False
    words = set(WORD_RE.findall(longer.casefold()))
    return sum(1 for word in start if word in words) / len(start) < SHARED_WORDS


def distinct_keys(works: list[Work]) -> list[str]:
    """Give each work its title key; works that share one get it with their own identifier (or a
    hash of their abstract), so no key depends on which listing was read first."""
    keys = [min(work.papers, key=lambda paper: paper.sources).key for work in works]
    counts: dict[str, int] = defaultdict(int)
    for key in keys:
        counts[key] += 1
    distinct = []
    for key, work in zip(keys, works):
        if counts[key] == 1:
            distinct.append(key)
            continue
        identity = (min(work.arxiv_ids) if work.arxiv_ids else min(work.dois) if work.dois
                    else hashlib.sha256(longest_abstract(work).encode("utf-8")).hexdigest()[:12])
        distinct.append(f"{key} {identity}")
    return distinct


def merge_group(group: list[Paper]) -> tuple[Paper, list[Problem]]:
    """Merge papers of one work; the first source's text wins, the longest abstract fills in."""
    first = group[0]
    if len(group) == 1:
        return first, []
    problems: list[Problem] = []
    sources = tuple(sorted(source for paper in group for source in paper.sources))
    abstract = max((paper.abstract for paper in group), key=len)
    links = {}
    for paper in group:
        for link in paper.links:
            links.setdefault(link.url, link)
    merged = replace(
        first,
        sources=sources,
        abstract=abstract,
        links=tuple(links.values()),
        published=merged_date(group, problems),
        authors_count=merged_fact(group, "authors_count", "author count", problems),
        upvotes=max((paper.upvotes for paper in group if paper.upvotes is not None), default=None),
        authors=next((paper.authors for paper in group if paper.authors), ()),
        arxiv_id=next((paper.arxiv_id for paper in group if paper.arxiv_id), None),
        doi=next((paper.doi for paper in group if paper.doi), None),
        venue=next((paper.venue for paper in group if paper.venue), None),
        keywords=tuple(dict.fromkeys(keyword for paper in group for keyword in paper.keywords)),
        section=next((paper.section for paper in group if paper.section), None),
    )
    if merged.authors and merged.authors_count is None:
        merged = replace(merged, authors_count=len(merged.authors))
    return merged, problems


def merged_date(group: list[Paper], problems: list[Problem]) -> str | None:
    """Take the first date; a more precise date that agrees with it (2024-02 and 2024-02-27) wins."""
    dated = [paper for paper in group if paper.published]
    if not dated:
        return None
    chosen = merged_fact(group, "published", "date", problems, agree=lambda one, other:
                         one.startswith(other) or other.startswith(one))
    return max((paper.published for paper in dated if chosen.startswith(paper.published)
                or paper.published.startswith(chosen)), key=len)


def merged_fact(group: list[Paper], field_name: str, label: str, problems: list[Problem], agree=None):
    """Take a fact from the first paper that has it; warn where another source disagrees."""
    known = [(paper, getattr(paper, field_name)) for paper in group if getattr(paper, field_name) is not None]
    if not known:
        return None
    chosen_paper, chosen = known[0]
    for paper, value in known[1:]:
        if value != chosen and not (agree and agree(chosen, value)):
            place = paper.sources[0]
            problems.append(Problem(
                place.listing, place.line, Severity.WARNING,
                f"{label} {value} conflicts with {chosen} at {chosen_paper.sources[0]} for "
                f"'{chosen_paper.title[:60]}'; kept {chosen}",
            ))
    return chosen
