"""Tests for redoing the related-papers search after an edit: the same result as a full search."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from generator import related
from generator.memo import MemoTable
from generator.models import Paper, SourceRef
from generator.related import search_related, vectorize_papers, word_analyzer
from generator.related_update import update_related

COUNT, MIN_SCORE = 5, 0.05


def catalog(count: int, seed: int = 0) -> tuple[Paper, ...]:
    """Papers of random words, a few common and many rare (as in real abstracts), enough that the
    candidate search's caps cut."""
    rng = np.random.default_rng(seed)
    words = [f"w{index}" for index in range(5000)]
    weights = 1.0 / np.arange(50, len(words) + 50)
    weights /= weights.sum()
    return tuple(Paper(key=f"p{index:04d}", id=f"p{index:04d}", title=" ".join(rng.choice(words, 4, p=weights)),
                       abstract=" ".join(rng.choice(words, 25, p=weights)), themes=(f"t{index % 3}",),
                       sources=(SourceRef("x.txt", index + 1),))
                 for index in range(count))


def edits(papers: tuple[Paper, ...]):
    """Yield the catalog after each edit of a series a curator might make under serve."""
    papers = list(papers)
    steps = [
        (7, lambda paper: replace(paper, title=paper.title + " edited")),            # a new word
        (31, lambda paper: replace(paper, title=paper.title + " edited")),           # the word's second paper
        (7, lambda paper: replace(paper, abstract=paper.abstract.replace(paper.abstract.split()[3], "w5"))),
        (55, lambda paper: replace(paper, abstract="")),                             # words gone, some for good
        (12, lambda paper: replace(paper, themes=("t1", "t2"))),
        (90, lambda paper: replace(paper, abstract=paper.abstract + " w1 w2 w3 w4 w5 w6")),  # common words
        (90, lambda paper: paper),                                                   # nothing changed
    ]
    for index, edit in steps:
        papers[index] = edit(papers[index])
        yield tuple(papers)
    # A title edit renames the paper (its id is its title's slug), which moves the rows after it.
    papers[20] = replace(papers[20], id="a-renamed", key="a renamed", title=papers[20].title + " renamed")
    yield tuple(papers)
    # A paper added or removed changes every word's weight (the number of papers is in it): a full search.
    papers.append(replace(papers[3], id="p9999", key="p9999", title="w1 w7 brand new"))
    yield tuple(papers)
    del papers[5]
    yield tuple(papers)


def same_search(first: related.RelatedSearch, second: related.RelatedSearch) -> None:
    assert first.neighbours == second.neighbours
    assert first.rows == second.rows and first.columns == second.columns
    assert (first.matrix != second.matrix).nnz == 0
    assert (first.candidates is None) == (second.candidates is None)
    if first.candidates is not None:
        for name in ("strongest", "postings", "picks", "pairs"):
            assert (getattr(first.candidates, name) != getattr(second.candidates, name)).nnz == 0, name


@pytest.mark.parametrize("path", ["all pairs", "candidates"])
def test_each_edit_redone_from_the_last_search_equals_a_full_search(path, monkeypatch):
    if path == "candidates":
        monkeypatch.setattr(related, "EXACT_UP_TO", 100)
    papers = catalog(600)
    last = search_related(papers, vectorize_papers(papers), COUNT, MIN_SCORE)
    assert (last.candidates is not None) == (path == "candidates")
    updates = []
    for edited in edits(papers):
        vectors = vectorize_papers(edited)
        updated = update_related(last, edited, vectors.matrix, vectors.columns, vectors.word_columns, COUNT, MIN_SCORE)
        full = search_related(edited, vectors, COUNT, MIN_SCORE)
        if updated is not None:  # None: the edit changed too many rows, and the build searches them all
            same_search(updated, full)
        updates.append(updated is not None)
        last = updated or full
    assert updates == [True, True, True, False, True, False, True, True, False, False]


def tight_search(papers: tuple[Paper, ...], vectors) -> related.RelatedSearch:
    """The candidate search with caps small enough that every posting list and pick list is cut."""
    order = related.search_order(papers)
    matrix = vectors.matrix[order].tocsr()
    found = related.candidate_search(matrix, COUNT, MIN_SCORE, vectors.word_columns, terms=6, postings=8, candidates=5)
    return related.RelatedSearch(tuple((papers[index].id, papers[index].key) for index in order), vectors.columns,
                                 matrix, vectors.word_columns, found.neighbours, found)


def test_with_tight_caps_a_renamed_paper_leaves_its_place_to_the_next_candidate(monkeypatch):
    """A paper renamed (a new id) and reworded leaves the picks and posting lists it was in; the
    rows that had picked it pick again, so a candidate cut before takes its place, as a full
    search finds."""
    monkeypatch.setattr(related, "EXACT_UP_TO", 100)
    papers = list(catalog(400, seed=3))
    last = tight_search(tuple(papers), vectorize_papers(tuple(papers)))
    picked = np.bincount(last.candidates.picks.indices, minlength=len(papers))
    for position in np.argsort(-picked)[:3].tolist():  # the most picked papers, renamed one by one
        index = next(number for number, paper in enumerate(papers) if (paper.id, paper.key) == last.rows[position])
        papers[index] = replace(papers[index], id="a" + papers[index].id, key="a" + papers[index].key,
                                title=papers[index].title + " w4999",  # and its strongest words weigh otherwise
                                abstract=papers[index].abstract + " " + " ".join(papers[index].abstract.split()[:6]))
        edited = tuple(papers)
        vectors = vectorize_papers(edited)
        updated = update_related(last, edited, vectors.matrix, vectors.columns, vectors.word_columns, COUNT, MIN_SCORE)
        assert updated is not None and updated.candidates.caps == (6, 8, 5)
        same_search(updated, tight_search(edited, vectors))
        last = updated


def test_a_reweighed_posting_list_checks_only_what_moved(monkeypatch):
    """An edit that reweighs one paper moves the posting lists of its words, and every row holding
    one of those words among its strongest would pick again; only the rows where a picked
    candidate now shares less are picked in full, the others compare the moved entries with
    their picks. Either way the picks are a full search's."""
    from generator import related_update
    monkeypatch.setattr(related, "EXACT_UP_TO", 100)
    papers = list(catalog(400, seed=5))
    last = search_related(tuple(papers), vectorize_papers(tuple(papers)), COUNT, MIN_SCORE)
    picked_in_full = []
    pick = related_update.pick_candidates
    monkeypatch.setattr(related_update, "pick_candidates",
                        lambda strongest, postings, rows, candidates: picked_in_full.append(len(rows))
                        or pick(strongest, postings, rows, candidates))
    reached = []
    repick_moved = related_update.repick_moved
    monkeypatch.setattr(related_update, "repick_moved", lambda *args: reached.append(len(args[4])) or repick_moved(*args))
    words = papers[17].abstract.split()
    papers[17] = replace(papers[17], abstract=" ".join(words + words[:3]))  # the same words, three weigh more
    edited = tuple(papers)
    vectors = vectorize_papers(edited)
    updated = update_related(last, edited, vectors.matrix, vectors.columns, vectors.word_columns, COUNT, MIN_SCORE)
    same_search(updated, search_related(edited, vectors, COUNT, MIN_SCORE))
    assert reached[0] > 2 * picked_in_full[0] > 0  # 162 rows reached, 52 picked in full (the edited paper's other words weigh less)


def test_a_paper_added_or_many_changed_takes_the_full_search():
    papers = catalog(200)
    last = search_related(papers, vectorize_papers(papers), COUNT, MIN_SCORE)
    more = papers + (replace(papers[0], id="zz", key="zz"),)
    vectors = vectorize_papers(more)
    assert update_related(last, more, vectors.matrix, vectors.columns, vectors.word_columns, COUNT, MIN_SCORE) is None
    reworded = tuple(replace(paper, title=paper.title + " w9") for paper in papers)  # every row changes
    vectors = vectorize_papers(reworded)
    assert update_related(last, reworded, vectors.matrix, vectors.columns, vectors.word_columns,
                          COUNT, MIN_SCORE) is None


def test_words_remembered_give_the_vectors_the_vectorizer_gives():
    papers = catalog(50)
    known = MemoTable({})
    plain = vectorize_papers(papers)
    remembered = vectorize_papers(papers, word_analyzer(known))
    assert plain.columns == remembered.columns and (plain.matrix != remembered.matrix).nnz == 0
    assert papers[0].abstract in known
    again = vectorize_papers(papers, word_analyzer(MemoTable(known.current)))
    assert (again.matrix != plain.matrix).nnz == 0


def test_row_moves_follow_papers_renamed_added_and_removed():
    from scipy import sparse

    from generator.related_update import RowMoves
    old = (("a", "a"), ("b", "b"), ("c", "c"), ("d", "d"))
    new = (("a", "a"), ("bb", "bb"), ("c", "c"), ("d", "d"), ("e", "e"))  # b renamed, e added
    moves = RowMoves.between(old, new)
    assert moves.new_of.tolist() == [0, -1, 2, 3] and moves.old_of.tolist() == [0, -1, 2, 3, -1]
    assert moves.added.tolist() == [1, 4] and moves.removed.tolist() == [1]
    picks = sparse.csr_matrix(np.array([[0, 1, 0, 0], [1, 0, 1, 0], [0, 0, 0, 1], [0, 1, 1, 0]], dtype=np.int8))
    assert moves.rows_that_held(picks).tolist() == [0, 3]  # a and d had picked b; b's own row is gone
    assert moves.rows_of(picks).toarray().tolist() == [[0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1], [0, 1, 1, 0], [0, 0, 0, 0]]
    assert moves.columns_of(moves.rows_of(picks)).toarray()[3].tolist() == [0, 0, 1, 0, 0]
    found, lost = moves.neighbours([[(1, 0.5), (2, 0.4)], [(0, 0.5)], [(3, 0.2)], [(2, 0.2)]])
    assert found == [[(2, 0.4)], [], [(3, 0.2)], [(2, 0.2)], []] and lost.tolist() == [0]
