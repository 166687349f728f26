"""Merge the records that stand for the same work into one paper.

Records are the same work when their title keys (``normalize.title_key``) are equal. The merged
paper keeps every source, takes each fact from the first source (in listing, line order) that
has it, and reports a real conflict (two different dates or author counts) naming both places.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby

from .models import Paper, Problem, Severity


def merge_duplicates(papers: tuple[Paper, ...]) -> tuple[tuple[Paper, ...], tuple[Problem, ...]]:
    """Return one paper per title key, in the order of each work's first appearance."""
    ordered = sorted(papers, key=lambda paper: (paper.key, paper.sources))
    merged: list[Paper] = []
    problems: list[Problem] = []
    for _, group in groupby(ordered, key=lambda paper: paper.key):
        paper, group_problems = merge_group(list(group))
        merged.append(paper)
        problems.extend(group_problems)
    merged.sort(key=lambda paper: paper.sources[0])
    return tuple(merged), tuple(problems)


def merge_group(group: list[Paper]) -> tuple[Paper, list[Problem]]:
    """Merge papers that share a key; the first source's text wins, the longest abstract fills in."""
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
        published=merged_fact(group, "published", "date", problems),
        authors_count=merged_fact(group, "authors_count", "author count", problems),
        upvotes=max((paper.upvotes for paper in group if paper.upvotes is not None), default=None),
    )
    return merged, problems


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
