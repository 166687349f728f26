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

from .models import Paper, Problem, Severity, SourceRef

WORD_RE = re.compile(r"\w+")
COMPARED_WORDS = 40  # the start of an abstract that tells two papers apart
MIN_COMPARED_WORDS = 8  # shorter abstracts (a card's teaser) are too short to tell anything
SHARED_WORDS = 0.5  # the share of the shorter start found in the other abstract for the same work


@dataclass(eq=False)
class Work:
    """The papers found to be one work so far, with the title keys and identifiers they carry."""

    papers: list[Paper]
    keys: dict[str, None] = field(default_factory=dict)
    arxiv_ids: set[str] = field(default_factory=set)
    dois: set[str] = field(default_factory=set)

    def add(self, paper: Paper) -> None:
        """Take one more paper into the work, with its key and identifiers."""
        self.papers.append(paper)
        self.keys.setdefault(paper.key)
        if paper.arxiv_id:
            self.arxiv_ids.add(paper.arxiv_id)
        if paper.doi:
            self.dois.add(paper.doi.lower())

    def absorb(self, other: Work) -> None:
        """Take every paper of another work."""
        for paper in other.papers:
            self.add(paper)

    @property
    def first(self) -> SourceRef:
        return min(paper.sources[0] for paper in self.papers)

    @property
    def abstract(self) -> str:
        """The longest abstract of the work's papers (what the merged paper shows)."""
        return max((paper.abstract for paper in self.papers), key=len)


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
    """Group the papers that name the same arXiv id or DOI (union-find over the identifiers);
    a paper naming none is a work of its own. Works come in the order of their first paper."""
    parent = list(range(len(papers)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    holder: dict[str, int] = {}
    for index, paper in enumerate(papers):
        for name in identifiers(paper):
            if name in holder:
                first, second = sorted((root(holder[name]), root(index)))
                parent[second] = first
            else:
                holder[name] = index
    works: dict[int, Work] = {}
    for index, paper in enumerate(papers):
        works.setdefault(root(index), Work([])).add(paper)
    return list(works.values())


def identifiers(paper: Paper) -> list[str]:
    """Return the names a paper is known by beyond its title: its arXiv id and DOI."""
    names = [f"arxiv:{paper.arxiv_id}"] if paper.arxiv_id else []
    return names + ([f"doi:{paper.doi.lower()}"] if paper.doi else [])


def join_by_title(works: list[Work]) -> tuple[list[Work], list[Problem]]:
    """Join works that share a title key, unless identifiers or abstracts tell them apart.

    A work that fits several works which are apart from one another (a record with neither id nor
    abstract, under a title two papers share) is ambiguous: it stays a paper of its own, reported.
    """
    by_key: dict[str, list[Work]] = defaultdict(list)
    joined: list[Work] = []
    problems: list[Problem] = []
    for work in works:
        candidates = list(dict.fromkeys(other for key in work.keys for other in by_key[key]))
        fitting = [other for other in candidates if apart(other, work) is None]
        mutually = all(apart(one, other) is None for number, one in enumerate(fitting) for other in fitting[number + 1:])
        place = work.first
        if fitting and mutually:
            target = fitting[0]
            for other in fitting[1:]:  # one paper known under two titles joins what each title found
                target.absorb(other)
                joined.remove(other)
                for key in other.keys:
                    by_key[key] = [found for found in by_key[key] if found is not other]
            target.absorb(work)
        else:
            target = work
            joined.append(work)
            if fitting:
                places = " and ".join(str(other.first) for other in fitting[:2])
                problems.append(Problem(place.listing, place.line, Severity.WARNING,
                                        f"'{work.papers[0].title[:60]}' could be the paper at {places}, which are "
                                        "different papers; kept as a paper of its own"))
            elif candidates:
                other = candidates[0]
                more = f" (and {len(candidates) - 1} more)" if len(candidates) > 1 else ""
                problems.append(Problem(place.listing, place.line, Severity.WARNING,
                                        f"'{work.papers[0].title[:60]}' has the title of the paper at {other.first}"
                                        f"{more} but {apart(other, work)}; kept as two papers"))
        for key in target.keys:
            if target not in by_key[key]:
                by_key[key].append(target)
    return joined, problems


def apart(one: Work, other: Work) -> str | None:
    """Say why two works with the same title are different papers, or None when they are one."""
    if one.arxiv_ids and other.arxiv_ids and not one.arxiv_ids & other.arxiv_ids:
        return f"another arXiv id ({min(other.arxiv_ids)}, not {min(one.arxiv_ids)})"
    if one.dois and other.dois and not one.dois & other.dois:
        return f"another DOI ({min(other.dois)}, not {min(one.dois)})"
    if (one.arxiv_ids & other.arxiv_ids) or (one.dois & other.dois):
        return None
    if abstracts_differ(one.abstract, other.abstract):
        return "a different abstract"
    return None


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
                    else hashlib.sha256(work.abstract.encode("utf-8")).hexdigest()[:12])
        distinct.append(f"{key} {identity}")
    taken: dict[str, int] = defaultdict(int)
    for key in distinct:
        taken[key] += 1
    # Two works with neither identifier nor abstract to tell them apart: their first places do.
    return [f"{key} {work.first}" if taken[key] > 1 else key for key, work in zip(distinct, works)]


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
    """Take the first date, or a more precise one that agrees with it (2024-02 and 2024-02-27);
    any date that does not agree with the one taken is a conflict."""
    dated = [paper for paper in group if paper.published]
    if not dated:
        return None
    first = dated[0].published
    chosen = max((paper.published for paper in dated if agree(first, paper.published)), key=len)
    holder = next(paper for paper in dated if paper.published == chosen)
    for paper in dated:
        if not agree(chosen, paper.published):
            place = paper.sources[0]
            problems.append(Problem(place.listing, place.line, Severity.WARNING,
                                    f"date {paper.published} conflicts with {chosen} at {holder.sources[0]} for "
                                    f"'{holder.title[:60]}'; kept {chosen}"))
    return chosen


def agree(one: str, other: str) -> bool:
    """Tell whether two dates of different precision can be the same day (2024 and 2024-02-27)."""
    return one.startswith(other) or other.startswith(one)


def merged_fact(group: list[Paper], field_name: str, label: str, problems: list[Problem]):
    """Take a fact from the first paper that has it; warn where another source disagrees."""
    known = [(paper, getattr(paper, field_name)) for paper in group if getattr(paper, field_name) is not None]
    if not known:
        return None
    chosen_paper, chosen = known[0]
    for paper, value in known[1:]:
        if value != chosen:
            place = paper.sources[0]
            problems.append(Problem(
                place.listing, place.line, Severity.WARNING,
                f"{label} {value} conflicts with {chosen} at {chosen_paper.sources[0]} for "
                f"'{chosen_paper.title[:60]}'; kept {chosen}",
            ))
    return chosen
