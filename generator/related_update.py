"""Redo the related-papers search for the papers an edit changed: the same result as a new search.

Under ``mkdocs serve`` an edit changes a few papers' titles or abstracts. Their vectors change,
and so do those of the papers sharing a word whose document frequency moved, but no other
paper's: a row's related papers depend only on its own vector and those of the rows it is
compared with. So, given the last search (``related.RelatedSearch``) and this build's vectors of
the same papers in the same order:

1. the changed rows are those whose vector differs from the last one, entry by entry, columns
   matched by name (a new word shifts every column after it);
2. on the all-pairs path a row is searched again when it changed or one of its related rows did;
   any other row keeps its related rows, merged with its new scores against the changed rows
   (its other scores did not move, and its related rows beat all of them);
3. on the candidate path the strongest columns and the posting lists are worked out again (they
   are cheap); a row picks its candidates again when it changed; a row with one of its strongest
   columns' posting lists moved compares only the moved entries' weights with its picks (the
   picks keep the weight they were picked by), and picks again only when a pick now shares less;
   a row is scored again when it changed, its pairs changed, or it pairs with a changed row.
   Everything else is the last search's, as it would be found again.

Scores are computed by the same functions, on the same rows, as a full search, so they are equal
to the last bit. When the papers are not the same ones (one added, one removed) or an edit
changes more than ``MOST_CHANGED`` of the rows, the full search is the faster one and is taken.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from . import related
from .models import Paper
from .related import (
    SCORE_DECIMALS,
    CandidateSearch,
    RelatedSearch,
    keep_heaviest,
    pair_matrix,
    pick_candidates,
    picks_matrix,
    score_pairs,
    search_order,
    strongest_columns,
    top_related,
)

MOST_CHANGED = 0.25  # of the rows: past that, a full search


def update_related(last: RelatedSearch | None, papers: tuple[Paper, ...], matrix: sparse.csr_matrix,
                   columns: tuple[tuple[str, str], ...], word_columns: int, count: int,
                   min_score: float) -> RelatedSearch | None:
    """Return the search of ``papers`` (with these vectors, in catalog order) from the last one,
    or None when a full search is the one to make."""
    if last is None or count <= 0 or len(papers) < 2 or len(last.rows) < 2:
        return None
    order = search_order(papers)
    rows = tuple((papers[index].id, papers[index].key) for index in order)
    if (last.candidates is None) != (len(rows) <= related.EXACT_UP_TO):
        return None
    moves = RowMoves.between(last.rows, rows)
    matrix = matrix[order].tocsr()
    mapping = column_mapping(last.columns, columns)
    changed = np.union1d(changed_rows(moves.rows_of(last.matrix), matrix, mapping), moves.added)
    if len(changed) > MOST_CHANGED * len(rows):
        return None
    neighbours, lost = moves.neighbours(last.neighbours)
    if last.candidates is None:
        neighbours = update_all_pairs(neighbours, lost, matrix, changed, count, min_score)
        return RelatedSearch(rows, columns, matrix, word_columns, neighbours, None)
    found = update_candidates(last.candidates, moves, neighbours, matrix, word_columns, mapping, changed,
                              count, min_score)
    return RelatedSearch(rows, columns, matrix, word_columns, found.neighbours, found)


@dataclass(frozen=True, slots=True)
class RowMoves:
    """Where the last search's rows are in this one: papers are rows in id order, so a paper
    added, removed or renamed (a new title is a new id) moves the rows after it. Rows present in
    both keep their order, so ties, which fall to the lower row, fall the same way."""

    new_of: np.ndarray      # per old row: its new row, or -1 when its paper is gone
    old_of: np.ndarray      # per new row: its old row, or -1 when its paper is new
    added: np.ndarray       # new rows without an old one
    removed: np.ndarray     # old rows without a new one

    @classmethod
    def between(cls, old: tuple[tuple[str, str], ...], new: tuple[tuple[str, str], ...]) -> RowMoves:
        position = {row: index for index, row in enumerate(new)}
        new_of = np.array([position.get(row, -1) for row in old], dtype=np.int64)
        old_of = np.full(len(new), -1, dtype=np.int64)
        old_of[new_of[new_of >= 0]] = np.flatnonzero(new_of >= 0)
        return cls(new_of, old_of, np.flatnonzero(old_of < 0), np.flatnonzero(new_of < 0))

    def selection(self) -> sparse.csr_matrix:
        """Return the matrix that takes old rows to new ones (a one per row kept)."""
        kept = np.flatnonzero(self.old_of >= 0)
        return sparse.csr_matrix((np.ones(len(kept)), (kept, self.old_of[kept])),
                                 shape=(len(self.old_of), len(self.new_of)))

    def rows_of(self, matrix: sparse.csr_matrix) -> sparse.csr_matrix:
        """Return the matrix with its rows (papers) moved to their new places; new papers' rows empty."""
        moved = (self.selection().astype(matrix.dtype) @ matrix).tocsr()  # products by one: the values as they were
        moved.sort_indices()
        return moved

    def columns_of(self, matrix: sparse.csr_matrix) -> sparse.csr_matrix:
        """Return the matrix with its columns (papers) moved to their new places."""
        moved = (matrix @ self.selection().T.astype(matrix.dtype)).tocsr()
        moved.sort_indices()
        return moved

    def rows_that_held(self, matrix: sparse.csr_matrix) -> np.ndarray:
        """Return the new rows of the old rows of ``matrix`` (old rows by old columns) that had an
        entry in the column of a paper now gone."""
        gone = np.zeros(matrix.shape[1], dtype=bool)
        gone[self.removed] = True
        row_of = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
        held = self.new_of[np.unique(row_of[gone[matrix.indices]])]
        return held[held >= 0]

    def neighbours(self, last: list[list[tuple[int, float]]]) -> tuple[list[list[tuple[int, float]]], np.ndarray]:
        """Return the last neighbours in new rows (empty for new papers), and the new rows that lost
        a related paper that is gone."""
        moved: list[list[tuple[int, float]]] = [[] for _ in self.old_of]
        lost = []
        new_of = self.new_of.tolist()
        for old, found in enumerate(last):
            new = new_of[old]
            if new < 0:
                continue
            moved[new] = [(new_of[other], score) for other, score in found if new_of[other] >= 0]
            if len(moved[new]) != len(found):
                lost.append(new)
        return moved, np.array(lost, dtype=np.int64)


def column_mapping(old: tuple[tuple[str, str], ...], new: tuple[tuple[str, str], ...]) -> np.ndarray:
    """Return, per old column, the new column of the same name, or -1 when it is gone."""
    position = {name: index for index, name in enumerate(new)}
    return np.array([position.get(name, -1) for name in old], dtype=np.int64)


def remap_columns(matrix: sparse.csr_matrix, mapping: np.ndarray, columns: int) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Return the matrix with its columns moved to their new places (gone ones dropped), and the
    rows that lost an entry that way."""
    row_of = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    moved = mapping[matrix.indices]
    kept = moved >= 0
    indptr = np.r_[0, np.cumsum(np.bincount(row_of[kept], minlength=matrix.shape[0]))]
    remapped = sparse.csr_matrix((matrix.data[kept], moved[kept], indptr), shape=(matrix.shape[0], columns))
    remapped.sort_indices()
    return remapped, np.unique(row_of[~kept])


def differing_rows(first: sparse.csr_matrix, second: sparse.csr_matrix) -> np.ndarray:
    """Return the rows where two matrices of one shape differ in any entry."""
    return np.unique((first != second).tocoo().row).astype(np.int64)


def changed_rows(old: sparse.csr_matrix, new: sparse.csr_matrix, mapping: np.ndarray) -> np.ndarray:
    """Return the rows whose vector is not the last one's, columns matched by name."""
    remapped, lost = remap_columns(old, mapping, new.shape[1])
    return np.union1d(differing_rows(remapped, new), lost).astype(np.int64)


def update_all_pairs(last: list[list[tuple[int, float]]], lost: np.ndarray, matrix: sparse.csr_matrix,
                     changed: np.ndarray, count: int, min_score: float) -> list[list[tuple[int, float]]]:
    """Return the all-pairs search's neighbours, searching again only the rows that need it: the
    changed ones, those with a changed related row and those whose related row is gone (``lost``)."""
    if len(changed) == 0 and len(lost) == 0:
        return last
    is_changed = np.zeros(matrix.shape[0], dtype=bool)
    is_changed[changed] = True
    again = np.union1d(lost, [row for row, found in enumerate(last)
                              if is_changed[row] or any(is_changed[other] for other, _ in found)]).astype(np.int64)
    neighbours = list(last)
    for row, found in zip(again.tolist(), top_related(matrix, count, min_score, rows=again)):
        neighbours[row] = found
    kept = np.setdiff1d(np.arange(matrix.shape[0]), again)
    # Each kept row's scores against the changed rows, computed as the full search computes them.
    scores = (matrix[kept] @ matrix[changed].T.tocsc()).toarray() if len(kept) else np.zeros((0, len(changed)))
    rounded = np.round(scores, SCORE_DECIMALS)
    passing = (scores > 0) & (rounded >= min_score)
    for local in np.flatnonzero(passing.any(axis=1)).tolist():
        row = int(kept[local])
        offered = [(int(changed[column]), float(rounded[local, column])) for column in np.flatnonzero(passing[local])]
        neighbours[row] = sorted(list(last[row]) + offered, key=lambda item: (-item[1], item[0]))[:count]
    return neighbours


def update_candidates(last: CandidateSearch, moves: RowMoves, neighbours: list[list[tuple[int, float]]],
                      matrix: sparse.csr_matrix, word_columns: int, mapping: np.ndarray, changed: np.ndarray,
                      count: int, min_score: float) -> CandidateSearch:
    """Return the candidate search's findings, picking and scoring again only the rows that need it.

    ``neighbours`` are the last ones in new rows; ``mapping`` takes old columns to new ones.
    """
    rows = matrix.shape[0]
    terms, postings_per_term, candidates = last.caps
    # A row's strongest columns are its own: only changed rows work theirs out again.
    kept_strongest, _ = remap_columns(moves.rows_of(last.strongest), mapping[:last.strongest.shape[1]], word_columns)
    strongest = with_rows(kept_strongest, changed, strongest_columns(matrix[changed], word_columns, terms))
    postings = keep_heaviest(strongest.T.tocsr(), postings_per_term)
    # The posting lists are rows named by word columns, of entries named by papers: move both.
    old_lists, _ = remap_columns(moves.columns_of(last.postings).T.tocsr(), mapping[:last.postings.shape[0]],
                                 word_columns)
    moved_entries = (postings != old_lists.T.tocsr()).tocsr()  # word by paper: an entry in or out, or reweighed
    is_moved = np.zeros(word_columns, dtype=bool)
    is_moved[np.flatnonzero(np.diff(moved_entries.indptr))] = True
    strongest_rows = np.repeat(np.arange(rows), np.diff(strongest.indptr))
    # Picked again in full: changed rows, and rows that had picked a paper now gone (the next best
    # candidate takes its place). A row with a strongest column whose posting list moved has only
    # the moved entries' weights checked against its picks (repick_moved).
    repick = np.union1d(changed, moves.rows_that_held(last.picks)).astype(np.int64)
    reached = np.setdiff1d(strongest_rows[is_moved[strongest.indices]], repick).astype(np.int64)
    old_picks = moves.columns_of(moves.rows_of(last.picks))
    moved_picks, again = repick_moved(strongest, postings, moved_entries, old_picks, reached, candidates)
    repick = np.union1d(repick, again).astype(np.int64)
    picks = replace_rows(old_picks, np.r_[repick, reached[~np.isin(reached, again)]],
                         pick_candidates(strongest, postings, repick, candidates) + moved_picks)
    pairs = pair_matrix(picks)
    old_pairs = last.pairs.tocsr()
    lost = moves.rows_that_held(old_pairs)  # paired with a paper now gone: their best may have been that paper
    is_changed = np.zeros(rows, dtype=bool)
    is_changed[changed] = True
    pair_rows = np.repeat(np.arange(rows), np.diff(pairs.indptr))
    rescore = np.union1d(np.union1d(changed, lost),
                         np.union1d(differing_rows(pairs, moves.columns_of(moves.rows_of(old_pairs))),
                                    pair_rows[is_changed[pairs.indices]])).astype(np.int64)
    neighbours = list(neighbours)
    if len(rescore):
        for row, found in zip(rescore.tolist(), score_pairs(matrix, pairs, rescore, count, min_score)):
            neighbours[row] = found
    return CandidateSearch(strongest, postings, picks, pairs, neighbours, last.caps)


def repick_moved(strongest: sparse.csr_matrix, postings: sparse.csr_matrix, moved_entries: sparse.csr_matrix,
                 old_picks: sparse.csr_matrix, rows: np.ndarray,
                 candidates: int) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray]:
    """Pick again, for unchanged ``rows`` whose strongest columns include a moved posting list, by
    looking only at the candidates a moved entry reaches: every other candidate shares with the row
    the weight it shared before (the same products, summed in the same order), and none of those
    outweighed the picks. Return the picks of the rows this settles, in order, and the rows that
    need a full pick: those where a picked candidate now shares less (the one it would give way
    to may be any candidate)."""
    if len(rows) == 0:
        return [], np.zeros(0, dtype=np.int64)
    moved = np.flatnonzero(np.diff(moved_entries.indptr))  # the words whose posting list moved
    reach = (strongest[rows][:, moved].astype(bool).astype(np.int8)
             @ moved_entries[moved].astype(bool).astype(np.int8)).tocoo()  # rows by the papers a moved entry reaches
    other = rows[reach.row] != reach.col  # a row is not its own candidate
    reach = sparse.csr_matrix((np.ones(int(other.sum())), (reach.row[other], reach.col[other])), shape=reach.shape)
    columns = np.unique(reach.indices)
    # Computed as pick_candidates computes them: the row's strongest entries times the postings.
    weights = (strongest[rows] @ postings[:, columns]).tocsr()
    now = sparse.csr_matrix((weights.data, columns[weights.indices], weights.indptr), shape=reach.shape)
    now = now.multiply(reach).tocsr()  # the reached candidates' weights (times one: as they are)
    before = old_picks[rows]
    before_reached = before.multiply(reach).tocsr()  # picks a moved entry reached, with their old weights
    # A pick that now shares less (or nothing): a full pick. Differences of floats keep their sign.
    fell = (before_reached - now.multiply(before_reached.astype(bool))).tocsr()
    fell.data = (fell.data > 0).astype(np.int8)
    fell.eliminate_zeros()
    again = np.flatnonzero(np.diff(fell.indptr))
    merged = keep_heaviest((before - before_reached + now).tocsr(), candidates)
    settled = np.setdiff1d(np.arange(len(rows)), again)
    picked = [(merged.indices[merged.indptr[local]:merged.indptr[local + 1]].astype(np.int64),
               merged.data[merged.indptr[local]:merged.indptr[local + 1]].astype(np.float64))
              for local in settled.tolist()]
    return picked, rows[again]


def with_rows(matrix: sparse.csr_matrix, rows: np.ndarray, replacement: sparse.csr_matrix) -> sparse.csr_matrix:
    """Return the matrix with the given rows (sorted) replaced by those of ``replacement``, in order."""
    if len(rows) == 0:
        return matrix
    lengths = np.diff(matrix.indptr)
    keep = np.ones(matrix.nnz, dtype=bool)
    keep[np.repeat(np.isin(np.arange(matrix.shape[0]), rows), lengths)] = False
    row_of = np.r_[np.repeat(np.arange(matrix.shape[0]), lengths)[keep],
                   np.repeat(rows, np.diff(replacement.indptr))]
    columns = np.r_[matrix.indices[keep], replacement.indices]
    data = np.r_[matrix.data[keep], replacement.data]
    order = np.lexsort((columns, row_of))
    indptr = np.r_[0, np.cumsum(np.bincount(row_of, minlength=matrix.shape[0]))]
    return sparse.csr_matrix((data[order], columns[order], indptr), shape=matrix.shape)


def replace_rows(matrix: sparse.csr_matrix, rows: np.ndarray, picks: list[tuple[np.ndarray, np.ndarray]]) -> sparse.csr_matrix:
    """Return the picks matrix with the given rows' picks (columns and weights) replaced."""
    if len(rows) == 0:
        return matrix
    lists = list(zip(np.split(matrix.indices.astype(np.int64), matrix.indptr[1:-1]),
                     np.split(matrix.data.astype(np.float64), matrix.indptr[1:-1])))
    for row, found in zip(rows.tolist(), picks):
        lists[row] = found
    return picks_matrix(lists, matrix.shape[0])
