"""Find each paper's most related papers: TF-IDF over title and abstract, cosine similarity.

The similarity of two papers is ``TITLE_SHARE`` times the cosine of their titles plus
``ABSTRACT_SHARE`` times the cosine of their abstracts, plus ``THEME_SHARE`` times the cosine of
their theme sets: a small nudge towards papers of the same themes, never enough on its own to
pass the minimum score. Titles count little because they are short, and one rare word shared
by two titles ("propagation", "search") says little about two papers.

Up to ``EXACT_UP_TO`` papers every pair is compared (:func:`top_related`), a chunk of rows at a
time so that no n-by-n matrix is ever built. That costs time in the square of the number of
papers, so a bigger catalog takes its candidates from each paper's strongest terms
(:func:`candidate_related`): papers that share one of their ``CANDIDATE_TERMS`` heaviest terms,
each term offering at most its ``TERM_POSTINGS`` heaviest papers. Every candidate pair is then
scored exactly, so a related paper's score is always its true score; what can be missed is a
paper whose likeness is spread over many light terms. Time and memory are linear in the number
of papers. On the synthetic benchmark catalog of 10,000 papers, 95% of papers get exactly the
related list of the all-pairs search and 99% of its picks are found.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from .memo import MISSING, MemoTable
from .models import Paper, Related
from .parallel import map_ranges

TITLE_SHARE = 0.1
THEME_SHARE = 0.05
ABSTRACT_SHARE = 1.0 - TITLE_SHARE
INWORD_HYPHEN_RE = re.compile(r"(?<=\w)[\-\u2010\u2011](?=\w)")
CHUNK_CELLS = 8_000_000
MAX_CHUNK_ROWS = 1000
EXACT_UP_TO = 3000
CANDIDATE_TERMS = 40
TERM_POSTINGS = 100
CANDIDATES_PER_PAPER = 60
CANDIDATE_CHUNK_ROWS = 1000
PAIR_CHUNK = 200_000
PARALLEL_FROM = 1000  # papers; the candidate search of fewer runs in this process
SCORE_DECIMALS = 6
TIE_SLACK = 10.0 ** -SCORE_DECIMALS
TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W_]+\b"
# Words every listing uses, whatever the paper is about: the seeds are search results for
# "local"/"global"-ish queries, and abstracts all propose methods that outperform baselines.
GENERIC_WORDS = frozenset("""
    local locally locality localized global globally model models modeling modelling method methods
    propose proposed proposes approach approaches paper work works result results show shows shown
    demonstrate demonstrates novel new existing recent recently based using use used task tasks
    performance state art achieve achieves achieved improve improves improved improvement data
    framework problem problems different various large small significant significantly effective
    efficient efficiently experiments experimental extensive outperforms outperform baseline baselines
    code available github com https http www introduce introduces present study studies learning
    learn learned deep neural network networks training trained however furthermore
    moreover specifically particular addition finally including challenge challenges challenging
    able ability key important high low level wide range benchmark benchmarks stateoftheart
    need needs given simple easy apply applied fast superior consistently requiring require requires
    provide provides inspired fundamental popular previously quality term step process
""".split())
STOP_WORDS = sorted(ENGLISH_STOP_WORDS | GENERIC_WORDS)


def make_vectorizer(analyzer: Callable[[str], Sequence[str]] | None = None) -> TfidfVectorizer:
    """Return the TF-IDF vectorizer shared by titles and abstracts (english plus generic stop words).

    ``analyzer`` stands in for the vectorizer's own (:func:`word_analyzer`), for example one that
    remembers each text's words: the vectors are the same.
    """
    if analyzer is not None:
        return TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, dtype=np.float64)
    return TfidfVectorizer(stop_words=STOP_WORDS, token_pattern=TOKEN_PATTERN, sublinear_tf=True,
                           strip_accents="unicode", lowercase=True, dtype=np.float64)


def word_analyzer(known: MemoTable | None = None) -> Callable[[str], Sequence[str]]:
    """Return the function that turns a text, as written, into the words the vectorizer counts
    ("in-context" is one word: split, "context" would tie it to every paper on context). With a
    memo table, it looks each text up there first and keeps what it works out (words interned, so
    a word is one string however many texts hold it)."""
    analyze = make_vectorizer().build_analyzer()

    def words(text: str) -> Sequence[str]:
        return analyze(INWORD_HYPHEN_RE.sub("", text))

    if known is None:
        return words

    def known_words(text: str) -> Sequence[str]:
        found = known.find(text)
        if found is MISSING:
            found = known[text] = tuple(sys.intern(word) for word in words(text))
        return found

    return known_words


@dataclass(frozen=True, slots=True)
class PaperVectors:
    """One row per paper, in catalog order: title and abstract TF-IDF side by side, each of unit
    length and scaled by the square root of its share, so a dot product is the weighted sum of
    both cosines, then the theme block. ``word_columns`` is the width of the two word blocks."""

    matrix: sparse.csr_matrix
    word_columns: int
    columns: tuple[tuple[str, str], ...] = ()  # what each column stands for: ("title" | "abstract" | "theme", name)


def vectorize_papers(papers: tuple[Paper, ...],
                     analyzer: Callable[[str], Sequence[str]] | None = None) -> PaperVectors:
    """Return the vectors the related-papers search and the map layout share."""
    blocks = []
    names: list[tuple[str, str]] = []
    for block, texts, share in (("title", [paper.title for paper in papers], TITLE_SHARE),
                                ("abstract", [paper.abstract for paper in papers], ABSTRACT_SHARE)):
        vectorizer = make_vectorizer(analyzer or word_analyzer())
        try:
            blocks.append(vectorizer.fit_transform(texts) * np.sqrt(share))
        except ValueError:  # every text is empty or stop words only
            blocks.append(sparse.csr_matrix((len(papers), 0)))
            continue
        names += [(block, word) for word in vectorizer.get_feature_names_out().tolist()]
    words = blocks[0].shape[1] + blocks[1].shape[1]
    themes, theme_names = theme_vectors(papers)
    blocks.append(themes * np.sqrt(THEME_SHARE))
    return PaperVectors(sparse.hstack(blocks, format="csr"), words, tuple(names) + theme_names)


def theme_vectors(papers: tuple[Paper, ...]) -> tuple[sparse.csr_matrix, tuple[tuple[str, str], ...]]:
    """Return one row per paper, its themes as a unit-length indicator vector, and the columns' themes."""
    column_of: dict[str, int] = {}
    rows, columns, values = [], [], []
    for row, paper in enumerate(papers):
        for theme in paper.themes:
            rows.append(row)
            columns.append(column_of.setdefault(theme, len(column_of)))
            values.append(1.0 / np.sqrt(len(paper.themes)))
    return (sparse.csr_matrix((values, (rows, columns)), shape=(len(papers), len(column_of))),
            tuple(("theme", theme) for theme in column_of))


def top_related(matrix: sparse.csr_matrix, count: int, min_score: float,
                chunk_rows: int | None = None, rows: np.ndarray | None = None) -> list[list[tuple[int, float]]]:
    """Return, per row (of ``rows``, else of all), up to ``count`` other rows with score >= min_score, best first.

    Scores are dot products rounded to SCORE_DECIMALS; equal scores go to the lower row index,
    which the caller orders by paper id. Rows are compared ``chunk_rows`` at a time, so memory
    stays at one chunk of scores however many rows there are.
    """
    total = matrix.shape[0]
    rows = np.arange(total) if rows is None else np.asarray(rows, dtype=np.int64)
    chunk_rows = chunk_rows or max(1, min(MAX_CHUNK_ROWS, CHUNK_CELLS // max(total, 1)))
    transposed = matrix.T.tocsc()
    found: list[list[tuple[int, float]]] = []
    for start in range(0, len(rows), chunk_rows):
        chunk = rows[start:start + chunk_rows]
        scores = (matrix[chunk] @ transposed).toarray()
        scores[np.arange(len(chunk)), chunk] = -1.0
        found.extend(best_in_rows(scores, count, min_score))
    return found


def best_in_rows(scores: np.ndarray, count: int, min_score: float) -> list[list[tuple[int, float]]]:
    """Return, per row of a score chunk, its ``count`` best (column, rounded score) at or above min_score.

    Only columns within TIE_SLACK of a row's count-th best score are rounded and sorted, so that
    rounding, not float noise, decides which of two nearly equal scores comes first.
    """
    if count <= 0 or scores.shape[1] == 0:
        return [[] for _ in range(scores.shape[0])]
    kth = scores.shape[1] - min(count, scores.shape[1])
    floor = np.maximum(np.partition(scores, kth, axis=1)[:, kth], min_score) - TIE_SLACK
    rows, columns = np.nonzero((scores >= floor[:, None]) & (scores > 0))
    values = np.round(scores[rows, columns], SCORE_DECIMALS)
    best: list[list[tuple[int, float]]] = [[] for _ in range(scores.shape[0])]
    for row, column, value in zip(rows.tolist(), columns.tolist(), values.tolist()):
        if value >= min_score:
            best[row].append((column, value))
    return [sorted(found, key=lambda item: (-item[1], item[0]))[:count] for found in best]


def candidate_related(matrix: sparse.csr_matrix, count: int, min_score: float, term_columns: int | None = None,
                      terms: int = CANDIDATE_TERMS, postings: int = TERM_POSTINGS,
                      candidates: int = CANDIDATES_PER_PAPER) -> list[list[tuple[int, float]]]:
    """Return what :func:`top_related` returns, comparing each row with candidate rows only.

    A row's candidates are the rows that share one of its ``terms`` heaviest columns among the
    first ``term_columns`` (the words; not the theme block, where every paper of a theme ties),
    each column keeping only its ``postings`` heaviest rows, ranked by the weight of what they
    share; the best ``candidates`` of them, and every row that picked this one, are then scored
    exactly on all columns.
    """
    return candidate_search(matrix, count, min_score, term_columns, terms, postings, candidates).neighbours


@dataclass(frozen=True, slots=True)
class CandidateSearch:
    """What the candidate search worked out on its way: each row's strongest columns, each column's
    heaviest rows, each row's picks, the pairs scored (both directions), and what it found; and the
    caps it worked with (``caps``: terms per row, postings per term, candidates per row)."""

    strongest: sparse.csr_matrix
    postings: sparse.csr_matrix
    picks: sparse.csr_matrix
    pairs: sparse.csr_matrix
    neighbours: list[list[tuple[int, float]]]
    caps: tuple[int, int, int] = (CANDIDATE_TERMS, TERM_POSTINGS, CANDIDATES_PER_PAPER)


def candidate_search(matrix: sparse.csr_matrix, count: int, min_score: float, term_columns: int | None = None,
                     terms: int = CANDIDATE_TERMS, postings: int = TERM_POSTINGS,
                     candidates: int = CANDIDATES_PER_PAPER) -> CandidateSearch:
    """Run :func:`candidate_related`, keeping what it worked out on the way."""
    rows = matrix.shape[0]
    matrix = matrix.tocsr()
    strongest = strongest_columns(matrix, term_columns, terms)
    posting_lists = keep_heaviest(strongest.T.tocsr(), postings)  # one row per column: its heaviest rows
    if count <= 0 or rows < 2:
        empty = sparse.csr_matrix((rows, rows), dtype=np.int8)
        return CandidateSearch(strongest, posting_lists, empty, empty, [[] for _ in range(rows)],
                               (terms, postings, candidates))
    picks = picks_matrix(map_ranges(lambda first, stop: pick_candidates(strongest, posting_lists,
                                                                        np.arange(first, stop), candidates),
                                    rows, serial_below=PARALLEL_FROM, releases_gil=True), rows)
    pairs = pair_matrix(picks)
    neighbours = map_ranges(lambda first, stop: score_pairs(matrix, pairs, np.arange(first, stop), count, min_score),
                            rows, serial_below=PARALLEL_FROM, releases_gil=True)
    return CandidateSearch(strongest, posting_lists, picks, pairs, neighbours, (terms, postings, candidates))


def strongest_columns(matrix: sparse.csr_matrix, term_columns: int | None, terms: int = CANDIDATE_TERMS) -> sparse.csr_matrix:
    """Return each row's ``terms`` heaviest entries among its first ``term_columns`` columns (the
    words), in column order: a row's own, however it was worked out (the products that pick
    candidates are summed in this order)."""
    words = matrix[:, :term_columns] if term_columns is not None else matrix
    strongest = keep_heaviest(words.tocsr(), terms)
    strongest.sort_indices()
    return strongest


def pick_candidates(strongest: sparse.csr_matrix, posting_lists: sparse.csr_matrix, rows: np.ndarray,
                    candidates: int = CANDIDATES_PER_PAPER) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per row of ``rows``: the columns of its best ``candidates`` candidates, and the weight each
    shares with the row (kept, so that a later search can tell what a changed posting list moves)."""
    picks: list[tuple[np.ndarray, np.ndarray]] = []
    for start in range(0, len(rows), CANDIDATE_CHUNK_ROWS):
        chunk = rows[start:start + CANDIDATE_CHUNK_ROWS]
        shared = (strongest[chunk] @ posting_lists).tocoo()
        other = chunk[shared.row] != shared.col  # a row is not its own candidate
        shared = sparse.csr_matrix((shared.data[other], (shared.row[other], shared.col[other])), shape=shared.shape)
        picked = keep_heaviest(shared, candidates)
        picks.extend(zip(np.split(picked.indices.astype(np.int64), picked.indptr[1:-1]),
                         np.split(picked.data, picked.indptr[1:-1])))
    return picks


def picks_matrix(picks: list[tuple[np.ndarray, np.ndarray]], rows: int) -> sparse.csr_matrix:
    """Return the rows' picks as one matrix: where a row picked a column, the weight they share."""
    indptr = np.r_[0, np.cumsum([len(columns) for columns, _ in picks])].astype(np.int64)
    indices = np.concatenate([columns for columns, _ in picks]) if picks else np.zeros(0, dtype=np.int64)
    weights = np.concatenate([weights for _, weights in picks]) if picks else np.zeros(0)
    return sparse.csr_matrix((weights.astype(np.float64), indices, indptr), shape=(rows, rows))


def pair_matrix(picks: sparse.csr_matrix) -> sparse.csr_matrix:
    """Return every pair to score, both directions, each once: a row's picks and the rows that picked it."""
    rows = picks.shape[0]
    coo = picks.tocoo()
    # Building the CSR matrix merges duplicate pairs.
    return sparse.csr_matrix((np.ones(2 * coo.nnz, dtype=np.int8),
                              (np.concatenate([coo.row, coo.col]), np.concatenate([coo.col, coo.row]))),
                             shape=(rows, rows))


def score_pairs(matrix: sparse.csr_matrix, pairs: sparse.csr_matrix, rows: np.ndarray, count: int,
                min_score: float) -> list[list[tuple[int, float]]]:
    """Per row of ``rows``: its ``count`` best pairs at or above min_score, scored exactly, best first."""
    lengths = np.diff(pairs.indptr)[rows]
    first = np.repeat(rows, lengths)
    second = pairs[rows].indices.astype(np.int64)
    local = np.repeat(np.arange(len(rows)), lengths)
    scores = np.empty(len(second))
    for start in range(0, len(second), PAIR_CHUNK):
        stop = start + PAIR_CHUNK
        scores[start:stop] = np.asarray(matrix[first[start:stop]].multiply(matrix[second[start:stop]])
                                        .sum(axis=1)).ravel()
    scores = np.round(scores, SCORE_DECIMALS)
    passing = scores >= min_score
    best = keep_heaviest(sparse.csr_matrix((scores[passing], (local[passing], second[passing])),
                                           shape=(len(rows), pairs.shape[1])), count)
    return [sorted(zip(best.indices[best.indptr[row]:best.indptr[row + 1]].tolist(),
                       best.data[best.indptr[row]:best.indptr[row + 1]].tolist()),
                   key=lambda item: (-item[1], item[0]))
            for row in range(len(rows))]


def keep_heaviest(matrix: sparse.csr_matrix, limit: int) -> sparse.csr_matrix:
    """Return the matrix with only the ``limit`` largest entries of each row; of equal entries
    the lower columns are kept. Rows longer than ``limit`` are first cut at their limit-th largest
    value by a partition (linear), so only about ``limit`` entries per row are then sorted."""
    lengths = np.diff(matrix.indptr)
    if limit <= 0:
        return sparse.csr_matrix(matrix.shape)
    row_of = np.repeat(np.arange(matrix.shape[0]), lengths)
    keep = np.ones(matrix.nnz, dtype=bool)
    long_rows = np.flatnonzero(lengths > limit)
    long_rows = long_rows[np.argsort(lengths[long_rows], kind="stable")]  # slabs of rows of like length
    start = 0
    while start < len(long_rows):
        stop = start + 1
        while stop < len(long_rows) and (stop - start + 1) * int(lengths[long_rows[stop]]) <= CHUNK_CELLS:
            stop += 1
        slab = long_rows[start:stop]
        width = int(lengths[slab[-1]])
        slab_lengths = lengths[slab]
        entries = np.repeat(matrix.indptr[slab], slab_lengths) + (
            np.arange(slab_lengths.sum()) - np.repeat(np.cumsum(slab_lengths) - slab_lengths, slab_lengths))
        slab_row = np.repeat(np.arange(len(slab)), slab_lengths)
        padded = np.full((len(slab), width), -np.inf)
        padded[slab_row, entries - np.repeat(matrix.indptr[slab], slab_lengths)] = matrix.data[entries]
        threshold = np.partition(padded, width - limit, axis=1)[:, width - limit]
        keep[entries] = matrix.data[entries] >= threshold[slab_row]
        start = stop
    # Entries equal to a row's threshold can exceed the limit: settle those by column.
    kept = np.flatnonzero(keep)
    order = np.lexsort((matrix.indices[kept], -matrix.data[kept], row_of[kept]))
    kept = kept[order]
    group_start = np.searchsorted(row_of[kept], row_of[kept], side="left")
    kept = np.sort(kept[np.arange(len(kept)) - group_start < limit])
    return sparse.csr_matrix((matrix.data[kept], matrix.indices[kept], np.r_[0, np.cumsum(
        np.bincount(row_of[kept], minlength=matrix.shape[0]))]), shape=matrix.shape)


@dataclass(frozen=True, slots=True)
class RelatedSearch:
    """One related-papers search, all that the next one needs to redo only the rows an edit changed.

    ``rows`` names the matrix's rows (papers by id and key, in the order searched), ``columns``
    its columns; ``neighbours`` holds each row's related rows and scores; ``candidates`` what the
    candidate search worked out, when it was the one taken.
    """

    rows: tuple[tuple[str, str], ...]
    columns: tuple[tuple[str, str], ...]
    matrix: sparse.csr_matrix
    word_columns: int
    neighbours: list[list[tuple[int, float]]]
    candidates: CandidateSearch | None


def search_order(papers: tuple[Paper, ...]) -> list[int]:
    """Return the papers' indexes in the order the search takes them: by id, so equal scores fall back to id."""
    return sorted(range(len(papers)), key=lambda index: (papers[index].id, papers[index].key, index))


def search_related(papers: tuple[Paper, ...], vectors: PaperVectors, count: int, min_score: float) -> RelatedSearch:
    """Search every paper's related papers: all pairs up to ``EXACT_UP_TO`` papers, else the candidates."""
    order = search_order(papers)
    matrix = vectors.matrix[order].tocsr()
    rows = tuple((papers[index].id, papers[index].key) for index in order)
    if len(papers) < 2:
        return RelatedSearch(rows, vectors.columns, matrix, vectors.word_columns, [[] for _ in papers], None)
    if len(papers) <= EXACT_UP_TO:
        return RelatedSearch(rows, vectors.columns, matrix, vectors.word_columns,
                             top_related(matrix, count, min_score), None)
    found = candidate_search(matrix, count, min_score, term_columns=vectors.word_columns)
    return RelatedSearch(rows, vectors.columns, matrix, vectors.word_columns, found.neighbours, found)


def with_related(papers: tuple[Paper, ...], search: RelatedSearch) -> tuple[Paper, ...]:
    """Set each paper's ``related`` from the search's neighbours."""
    order = search_order(papers)
    related_of = {
        order[position]: tuple(Related(paper=papers[order[other]].id, score=score) for other, score in found)
        for position, found in enumerate(search.neighbours)
    }
    return tuple(replace(paper, related=related_of[index]) for index, paper in enumerate(papers))


def find_related(papers: tuple[Paper, ...], vectors: PaperVectors, count: int, min_score: float) -> tuple[Paper, ...]:
    """Set each paper's ``related``: its ``count`` most similar papers scoring at least min_score."""
    if len(papers) < 2:
        return papers
    return with_related(papers, search_related(papers, vectors, count, min_score))
