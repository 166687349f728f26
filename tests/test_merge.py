"""Tests for merging records of the same work."""

from __future__ import annotations

from generator.merge import merge_duplicates
from generator.models import Link, Paper, Problem, Severity, SourceRef


def paper(listing, line, title="Same Work", **facts) -> Paper:
    return Paper(key=title.lower(), title=title, abstract=facts.pop("abstract", "short"),
                 sources=(SourceRef(listing, line),), **facts)


def test_duplicates_merge_keeping_every_source_and_filling_facts():
    merged, problems = merge_duplicates((
        paper("b.txt", 9, published="2024-02-27", upvotes=3, links=(Link("https://github.com/a/b", "code"),)),
        paper("a.txt", 5, abstract="a much longer abstract", authors_count=4),
        paper("c.txt", 1, title="Other Work"),
    ))
    assert problems == ()
    assert [item.title for item in merged] == ["Same Work", "Other Work"]
    work = merged[0]
    assert work.sources == (SourceRef("a.txt", 5), SourceRef("b.txt", 9))
    assert (work.published, work.authors_count, work.upvotes) == ("2024-02-27", 4, 3)
    assert work.abstract == "a much longer abstract"
    assert work.links == (Link("https://github.com/a/b", "code"),)


def test_conflicting_dates_are_a_warning_naming_both_places():
    merged, problems = merge_duplicates((
        paper("a.txt", 5, published="2024-02-27"),
        paper("b.txt", 9, published="2023-01-01"),
    ))
    assert merged[0].published == "2024-02-27"
    assert problems == (Problem("b.txt", 9, Severity.WARNING,
                                "date 2023-01-01 conflicts with 2024-02-27 at a.txt:5 for 'Same Work'; kept 2024-02-27"),)


def test_merge_is_independent_of_input_order():
    items = (paper("b.txt", 9, upvotes=1), paper("a.txt", 5, upvotes=7), paper("a.txt", 1, title="Zed"))
    assert merge_duplicates(items) == merge_duplicates(tuple(reversed(items)))
