"""Tests for finding each paper's most related papers."""

from __future__ import annotations

import pytest

import numpy as np

from generator.models import Paper, SourceRef
from generator import related
from generator.related import candidate_related, keep_heaviest, top_related, vectorize_papers

TOPICS = {
    "fed": ("Federated learning with clients", "Clients train on private data; the server aggregates updates."),
    "fed2": ("Personalized federated learning", "Clients with non-IID private data and server aggregation."),
    "mamba": ("Visual Mamba state space model", "A selective scan state space model for vision."),
    "mamba2": ("State space models for long sequences", "Selective state space layers for sequence modeling."),
    "nerf": ("Neural radiance fields for scenes", "Radiance fields render novel views of scenes."),
    "nerf2": ("Fast radiance field rendering", "Gaussian splatting renders radiance fields and novel views."),
    "prune": ("Pruning large networks", "Magnitude pruning removes weights; pruning keeps accuracy."),
}


def paper(paper_id: str, title: str, abstract: str) -> Paper:
    return Paper(key=paper_id, title=title, abstract=abstract, sources=(SourceRef("x.txt", 1),), id=paper_id)


def papers() -> tuple[Paper, ...]:
    return tuple(paper(paper_id, *texts) for paper_id, texts in TOPICS.items())


def find_related(items: tuple[Paper, ...], count: int, min_score: float) -> tuple[Paper, ...]:
    """Run the related-papers search on the papers' own vectors, as the build does."""
    return related.find_related(items, vectorize_papers(items), count, min_score)


def related_ids(found: tuple[Paper, ...]) -> dict[str, list[str]]:
    return {item.id: [related.paper for related in item.related] for item in found}


def test_each_paper_gets_its_closest_papers_first_and_never_itself():
    found = related_ids(find_related(papers(), 1, 0.05))
    assert found["fed"] == ["fed2"] and found["mamba"] == ["mamba2"] and found["nerf2"] == ["nerf"]
    assert all(paper_id not in others for paper_id, others in find_related_all().items())


def find_related_all() -> dict[str, list[str]]:
    return related_ids(find_related(papers(), 10, 0.0))


def test_count_limits_and_scores_are_descending():
    for item in find_related(papers(), 2, 0.0):
        assert len(item.related) <= 2
        assert [related.score for related in item.related] == sorted((r.score for r in item.related), reverse=True)


def test_min_score_drops_weak_pairs():
    found = related_ids(find_related(papers(), 5, 0.99))
    assert all(others == [] for others in found.values())
    assert related_ids(find_related(papers(), 5, 0.05))["prune"] == []


def test_result_is_deterministic_and_independent_of_input_order():
    first = find_related(papers(), 3, 0.0)
    again = find_related(tuple(reversed(papers())), 3, 0.0)
    assert {item.id: item.related for item in first} == {item.id: item.related for item in again}
    assert [item.id for item in again] == [item.id for item in reversed(papers())]


def test_equal_scores_are_ordered_by_paper_id():
    twins = (paper("c", "Graph clustering", "local graph clustering"), paper("b", "Graph clustering",
                                                                            "local graph clustering"),
             paper("a", "Graph clustering", "local graph clustering"), paper("z", "Other", "unrelated words"))
    found = related_ids(find_related(twins, 2, 0.0))
    assert found == {"c": ["a", "b"], "b": ["a", "c"], "a": ["b", "c"], "z": []}


def test_chunked_top_k_equals_brute_force():
    rng = np.random.default_rng(0)
    words = [f"w{index}" for index in range(40)]
    many = tuple(paper(f"p{index:02d}", " ".join(rng.choice(words, 3)), " ".join(rng.choice(words, 12)))
                 for index in range(30))
    matrix = vectorize_papers(many).matrix
    dense = np.round(matrix @ matrix.T.toarray(), 6)
    np.fill_diagonal(dense, -1)
    expected = [sorted(((column, float(dense[row, column])) for column in range(len(many))
                        if dense[row, column] >= 0.1), key=lambda item: (-item[1], item[0]))[:4]
                for row in range(len(many))]
    for chunk_rows in (1, 2, 7, 30):
        assert top_related(matrix, 4, 0.1, chunk_rows=chunk_rows) == expected


def test_too_few_or_empty_papers_get_no_related():
    single = (paper("a", "Only one", "paper"),)
    assert find_related(single, 5, 0.0) == single
    empty = (paper("a", "", ""), paper("b", "the", "and of"))
    assert [item.related for item in find_related(empty, 5, 0.0)] == [(), ()]


def random_papers(count: int, seed: int = 0) -> tuple[Paper, ...]:
    rng = np.random.default_rng(seed)
    words = [f"w{index}" for index in range(60)]
    return tuple(paper(f"p{index:03d}", " ".join(rng.choice(words, 3)), " ".join(rng.choice(words, 12)))
                 for index in range(count))


def test_candidate_search_equals_all_pairs_when_nothing_is_cut():
    matrix = vectorize_papers(random_papers(80)).matrix
    assert candidate_related(matrix, 4, 0.1, terms=10_000, postings=10_000, candidates=10_000) == \
        top_related(matrix, 4, 0.1)


def test_candidate_search_with_tight_caps_reports_true_scores_and_finds_most_pairs():
    matrix = vectorize_papers(random_papers(200, seed=1)).matrix
    exact = top_related(matrix, 5, 0.1)
    found = candidate_related(matrix, 5, 0.1, terms=8, postings=20, candidates=15)
    dense = np.round((matrix @ matrix.T).toarray(), 6)
    for row, picks in enumerate(found):
        assert len(picks) <= 5 and all(column != row for column, _ in picks)
        assert all(score == dense[row, column] for column, score in picks)
        assert [score for _, score in picks] == sorted((score for _, score in picks), reverse=True)
    hits = sum(len({c for c, _ in got} & {c for c, _ in want}) for got, want in zip(found, exact))
    assert hits >= 0.7 * sum(len(want) for want in exact)


def test_keep_heaviest_keeps_the_largest_entries_of_each_row_lower_columns_on_ties():
    from scipy import sparse
    matrix = sparse.csr_matrix(np.array([[0.5, 0.5, 0.9, 0.1], [0.0, 0.2, 0.0, 0.0], [0.3, 0.3, 0.3, 0.3]]))
    kept = keep_heaviest(matrix, 2).toarray()
    assert kept.tolist() == [[0.5, 0.0, 0.9, 0.0], [0.0, 0.2, 0.0, 0.0], [0.3, 0.3, 0.0, 0.0]]


def test_a_large_catalog_takes_the_candidate_search_with_the_same_result_shape(monkeypatch):
    exact = {item.id: item.related for item in find_related(random_papers(120, seed=2), 3, 0.1)}
    monkeypatch.setattr(related, "EXACT_UP_TO", 10)
    calls = []
    original = related.candidate_search
    monkeypatch.setattr(related, "candidate_search", lambda *args, **kwargs: calls.append(1) or original(*args, **kwargs))
    approximate = {item.id: item.related for item in find_related(random_papers(120, seed=2), 3, 0.1)}
    assert calls == [1]
    assert approximate.keys() == exact.keys()
    same = sum(approximate[key] == exact[key] for key in exact)
    assert same >= 0.9 * len(exact)


def test_no_related_papers_asked_gives_none_on_either_path(monkeypatch):
    assert all(item.related == () for item in find_related(random_papers(40), 0, 0.1))
    monkeypatch.setattr(related, "EXACT_UP_TO", 10)
    assert all(item.related == () for item in find_related(random_papers(40), 0, 0.1))


def test_candidates_come_from_words_not_from_the_theme_block():
    from dataclasses import replace as replace_paper
    rng = np.random.default_rng(3)
    vocabulary = [f"w{index}" for index in range(300)]
    # Long abstracts spread their weight thin, so the theme column (sqrt 0.05) outweighs any word.
    themed = tuple(replace_paper(paper(f"p{index:03d}", " ".join(rng.choice(vocabulary, 3)),
                                       " ".join(rng.choice(vocabulary, 60, replace=False))), themes=("same-theme",))
                   for index in range(60))
    vectors = vectorize_papers(themed)
    matrix, words = vectors.matrix, vectors.word_columns
    assert matrix.shape[1] == words + 1
    # With one candidate term per paper, taken from the words, every shared candidate shares a word.
    found = candidate_related(matrix, 3, 0.0, term_columns=words, terms=1, postings=1000, candidates=1000)
    strongest = keep_heaviest(matrix[:, :words].tocsr(), 1)
    for row, picks in enumerate(found):
        for column, _ in picks:
            shares = strongest[row].multiply(matrix[column, :words]).nnz or strongest[column].multiply(matrix[row, :words]).nnz
            assert shares, (row, column)


@pytest.mark.parametrize("workers", ["processes", "threads"])
def test_the_candidate_search_gives_the_same_result_in_workers(workers, monkeypatch, tmp_path):
    """Forked workers in a build; threads under serve, where forking is not safe."""
    import os
    import threading
    from generator import parallel
    matrix = vectorize_papers(random_papers(150, seed=4)).matrix
    serial = candidate_related(matrix, 4, 0.1, terms=8, postings=20, candidates=15)
    monkeypatch.setattr(related, "PARALLEL_FROM", 2)
    monkeypatch.setattr(parallel, "worker_count", lambda: 2)
    # The browser suite's server thread may run: say whether forking is safe here.
    monkeypatch.setattr(parallel, "can_fork", lambda: workers == "processes")
    original = parallel.map_ranges

    def traced(function, count, serial_below, releases_gil=False):
        assert releases_gil
        def run(start, stop):  # leaves a file named by the process and thread that ran the piece
            (tmp_path / f"{os.getpid()}-{threading.current_thread().name}").touch()
            return function(start, stop)
        return original(run, count, serial_below, releases_gil)

    monkeypatch.setattr(related, "map_ranges", traced)
    assert candidate_related(matrix, 4, 0.1, terms=8, postings=20, candidates=15) == serial
    here = f"{os.getpid()}-{threading.current_thread().name}"
    assert {path.name for path in tmp_path.iterdir()} - {here}, "no piece ran in a worker"
