"""Tests for merging records of the same work."""

from __future__ import annotations

from dataclasses import replace

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


ABSTRACT_A = ("We study local stochastic gradient descent where workers average their models only every few "
              "steps and prove convergence for convex objectives under bounded gradient noise.")
ABSTRACT_B = ("A question-answering benchmark of surprising claims about optimizers, collected from forums, "
              "with human ratings of how often each claim turns out to hold in practice.")


def test_an_arxiv_id_joins_records_whatever_their_titles():
    merged, problems = merge_duplicates((
        paper("a.bib", 3, title="Attention is all you need", arxiv_id="1706.03762"),
        paper("b.md", 7, title="Attention Is All You Need (Transformer)", arxiv_id="1706.03762",
              authors=("Ashish Vaswani", "Noam Shazeer")),
    ))
    assert problems == ()
    assert len(merged) == 1
    assert merged[0].sources == (SourceRef("a.bib", 3), SourceRef("b.md", 7))
    assert merged[0].authors == ("Ashish Vaswani", "Noam Shazeer") and merged[0].authors_count == 2


def test_a_doi_joins_records_and_ignores_its_case():
    merged, _ = merge_duplicates((paper("a.bib", 3, title="One", doi="10.1000/ABC"),
                                  paper("b.bib", 9, title="Another Title", doi="10.1000/abc")))
    assert len(merged) == 1 and merged[0].doi == "10.1000/ABC"


def test_same_title_but_different_abstracts_are_two_papers_with_a_warning_naming_both():
    merged, problems = merge_duplicates((
        Paper(key="local sgd", title="Local SGD!", abstract=ABSTRACT_A, sources=(SourceRef("a.txt", 4),)),
        Paper(key="local sgd", title="Local SGD?", abstract=ABSTRACT_B, sources=(SourceRef("b.txt", 8),)),
    ))
    assert sorted(paper.title for paper in merged) == ["Local SGD!", "Local SGD?"]
    assert len({paper.key for paper in merged}) == 2
    assert [(problem.listing, problem.line) for problem in problems] == [("b.txt", 8)]
    assert "a.txt:4" in problems[0].message and "different abstract" in problems[0].message


def test_a_truncated_copy_of_the_same_abstract_is_the_same_paper():
    teaser = ABSTRACT_A[:120]
    merged, problems = merge_duplicates((
        Paper(key="local sgd", title="Local SGD", abstract=teaser, sources=(SourceRef("a.txt", 4),)),
        Paper(key="local sgd", title="Local SGD", abstract=ABSTRACT_A, sources=(SourceRef("b.txt", 8),)),
    ))
    assert problems == () and len(merged) == 1 and merged[0].abstract == ABSTRACT_A


def test_same_title_with_different_arxiv_ids_are_two_papers():
    merged, problems = merge_duplicates((paper("a.bib", 1, arxiv_id="2101.00001"),
                                         paper("b.bib", 1, arxiv_id="2202.00002")))
    assert len(merged) == 2 and "another arXiv id" in problems[0].message


def test_a_record_without_id_joins_the_titled_paper_with_one():
    merged, problems = merge_duplicates((paper("a.txt", 1, abstract=ABSTRACT_A),
                                         paper("b.bib", 1, arxiv_id="2101.00001")))
    assert problems == () and len(merged) == 1 and merged[0].arxiv_id == "2101.00001"


def test_kept_apart_papers_get_keys_that_do_not_depend_on_order():
    items = (Paper(key="local sgd", title="Local SGD!", abstract=ABSTRACT_A, sources=(SourceRef("a.txt", 4),)),
             Paper(key="local sgd", title="Local SGD?", abstract=ABSTRACT_B, sources=(SourceRef("b.txt", 8),)))
    first, _ = merge_duplicates(items)
    swapped, _ = merge_duplicates((replace(items[0], sources=(SourceRef("z.txt", 1),)), items[1]))
    assert {paper.title: paper.key for paper in first} == {paper.title: paper.key for paper in swapped}


def test_a_more_precise_date_that_agrees_wins_without_warning():
    merged, problems = merge_duplicates((paper("a.md", 1, published="2024"),
                                         paper("b.bib", 1, published="2024-02-27")))
    assert problems == () and merged[0].published == "2024-02-27"


def test_one_paper_known_under_two_titles_joins_what_each_title_found():
    merged, problems = merge_duplicates((
        paper("a.md", 1, title="Foo"),
        paper("b.txt", 1, title="Foo: A Bar", arxiv_id="2101.00001"),
        paper("c.bib", 1, title="Foo", arxiv_id="2101.00001"),
    ))
    assert problems == () and len(merged) == 1 and len(merged[0].sources) == 3


def test_a_record_that_fits_two_different_papers_is_kept_apart_and_reported():
    items = (Paper(key="local sgd", title="Local SGD", abstract=ABSTRACT_A, sources=(SourceRef("a.txt", 4),)),
             Paper(key="local sgd", title="Local SGD", abstract=ABSTRACT_B, sources=(SourceRef("b.txt", 8),)),
             Paper(key="local sgd", title="Local SGD", abstract="", sources=(SourceRef("c.bib", 2),),
                   doi="10.1/x"))
    merged, problems = merge_duplicates(items)
    assert len(merged) == 3 and len({paper.key for paper in merged}) == 3
    assert any(problem.listing == "c.bib" and "could be the paper at a.txt:4 and b.txt:8" in problem.message
               for problem in problems)
    renamed, _ = merge_duplicates((replace(items[1], sources=(SourceRef("0.txt", 8),)), items[0], items[2]))
    assert next(paper for paper in renamed if paper.doi).sources == (SourceRef("c.bib", 2),)


def test_dates_that_do_not_agree_with_the_most_precise_one_conflict():
    merged, problems = merge_duplicates((paper("a.md", 1, published="2024"),
                                         paper("b.bib", 1, published="2024-02-27"),
                                         paper("c.bib", 1, published="2024-03-01")))
    assert merged[0].published == "2024-02-27"
    assert [(problem.listing, "2024-03-01 conflicts with 2024-02-27" in problem.message) for problem in problems] == [
        ("c.bib", True)]


def test_records_linked_by_a_doi_and_an_arxiv_id_in_turn_make_one_work_each():
    papers = []
    for index in range(3000):  # a DOI-only, an arXiv-only and a both-ids record per work
        arxiv, doi = f"2101.{index:05d}", f"10.1/{index}"
        papers += [paper("a.bib", index + 1, title=f"T{index} a", doi=doi),
                   paper("b.md", index + 1, title=f"T{index} b", arxiv_id=arxiv),
                   paper("c.txt", index + 1, title=f"T{index} c", arxiv_id=arxiv, doi=doi)]
    merged, _ = merge_duplicates(tuple(papers))
    assert len(merged) == 3000 and all(len(work.sources) == 3 for work in merged)
