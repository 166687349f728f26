"""Group the map's points into clusters, name each by its strongest words, and order points by place.

Clusters are k-means (Lloyd's algorithm) on the drawn positions, ``cluster_count`` of them, seeded
by k-means++ from a generator with a fixed seed, so the same map always gets the same clusters.
A cluster is named by the words of its papers' titles and abstracts (the related-papers
vectorizer, with its stop words) whose summed TF-IDF in the cluster most exceeds that cluster's
share of the whole map's: the words that set it apart, not those every paper uses. A word names
one cluster only (the largest that picks it), and it must occur in at least ``MIN_SHARE`` of the
cluster's papers, so one paper's rare word cannot name thirty.

Points are ordered cluster by cluster, clusters and points within each along a Hilbert curve
over the drawing, so that keyboard focus moves to a nearby point, not to the next in the catalog.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .related import INWORD_HYPHEN_RE, make_vectorizer, word_analyzer

MAX_CLUSTERS = 10
LABEL_TERMS = 2
MIN_SHARE = 0.1
MIN_LETTERS = 3  # "fl", "ai": abbreviations say less on a label than the words they stand for
RANDOM_SEED = 0
ITERATIONS = 60
HILBERT_ORDER = 6  # a 64-by-64 grid of cells over the drawing
SCORE_DECIMALS = 9
HYPHENATED_RE = re.compile(r"\b[^\W\d_][^\W_]*(?:[\-\u2010\u2011][^\W_]+)+")
# A text's words as the vectorizer counts them, and the hyphenated words it spells them with.
TextWords = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Cluster:
    """A group of nearby points: their indices in spatial order, its naming words and its centre."""

    members: tuple[int, ...]
    terms: tuple[str, ...]
    x: float
    y: float


def cluster_points(positions: np.ndarray, texts: Sequence[str], extent: float,
                   words_of: Callable[[str], TextWords] | None = None) -> tuple[Cluster, ...]:
    """Cluster the points (an (n, 2) array in a drawing ``extent`` units wide), in spatial order.

    ``words_of`` stands in for :func:`text_words`, for example one that remembers each text's
    words from the last build; the clusters are the same.
    """
    count = cluster_count(len(positions))
    if count == 0:
        return ()
    assignment = assign_clusters(positions, count)
    terms = label_terms(texts, assignment, count, words_of)
    clusters = []
    for cluster in range(count):
        members = np.flatnonzero(assignment == cluster)
        if len(members) == 0:
            continue
        centre = np.round(positions[members].mean(axis=0), 1)
        ordered = sorted(members.tolist(), key=lambda index: (
            hilbert_index(positions[index], extent), positions[index][1], positions[index][0], index))
        clusters.append(Cluster(tuple(ordered), terms[cluster], float(centre[0]), float(centre[1])))
    return tuple(sorted(clusters, key=lambda cluster: (hilbert_index((cluster.x, cluster.y), extent),
                                                       cluster.members[0])))


def cluster_count(points: int) -> int:
    """Return how many clusters a map of ``points`` points gets: about the root of half, at most MAX_CLUSTERS."""
    return min(MAX_CLUSTERS, points, math.ceil(math.sqrt(points / 2)))


def assign_clusters(positions: np.ndarray, count: int) -> np.ndarray:
    """Return each point's cluster number: k-means with k-means++ seeding from a fixed seed."""
    generator = np.random.default_rng(RANDOM_SEED)
    points = np.asarray(positions, dtype=np.float64)
    centres = [points[generator.integers(len(points))]]
    for _ in range(1, count):
        nearest = ((points[:, None, :] - np.array(centres)[None, :, :]) ** 2).sum(axis=2).min(axis=1)
        total = nearest.sum()
        if total <= 0:  # fewer distinct places than clusters
            break
        centres.append(points[generator.choice(len(points), p=nearest / total)])
    centres_array = np.array(centres)
    assignment = np.zeros(len(points), dtype=np.int64)
    for _ in range(ITERATIONS):
        distances = ((points[:, None, :] - centres_array[None, :, :]) ** 2).sum(axis=2)
        new_assignment = distances.argmin(axis=1)
        if _ and np.array_equal(new_assignment, assignment):
            break
        assignment = new_assignment
        for cluster in range(len(centres_array)):
            members = points[assignment == cluster]
            if len(members):
                centres_array[cluster] = members.mean(axis=0)
    return assignment


def label_terms(texts: Sequence[str], assignment: np.ndarray, count: int,
                words_of: Callable[[str], TextWords] | None = None) -> list[tuple[str, ...]]:
    """Return, per cluster, up to LABEL_TERMS words that set its papers apart from the others."""
    found = [(words_of or text_words)(text) for text in texts]
    documents = [words for words, _ in found]
    try:
        vectorizer = make_vectorizer(analyzer=lambda words: words)  # each document is its words already
        matrix = vectorizer.fit_transform(documents)
    except ValueError:  # every text is empty or stop words only
        return [() for _ in range(count)]
    spelled = commonest_spellings(spelling for _, spellings in found for spelling in spellings)
    words = [spelled.get(word, word) for word in vectorizer.get_feature_names_out().tolist()]
    rows = len(texts)
    indicator = sparse.csr_matrix((np.ones(rows), (assignment, np.arange(rows))), shape=(count, rows))
    sums = np.asarray((indicator @ matrix).todense())
    papers_with = np.asarray((indicator @ (matrix > 0).astype(np.float64)).todense())
    sizes = np.bincount(assignment, minlength=count)
    excess = np.round(sums - sizes[:, None] / rows * sums.sum(axis=0), SCORE_DECIMALS)
    used: set[str] = set()
    chosen: list[tuple[str, ...]] = [() for _ in range(count)]
    for cluster in sorted(range(count), key=lambda cluster: (-sizes[cluster], cluster)):
        floor = max(2.0, MIN_SHARE * sizes[cluster]) if sizes[cluster] > 1 else 1.0
        picked: list[str] = []
        for column in np.lexsort((np.array(words), -excess[cluster])).tolist():
            if len(picked) == LABEL_TERMS or excess[cluster, column] <= 0:
                break
            word = words[column]
            if (papers_with[cluster, column] >= floor and len(word) >= MIN_LETTERS
                    and not any(same_stem(word, other) for other in used | set(picked))):
                picked.append(word)
        used.update(picked)
        chosen[cluster] = tuple(picked)
    return chosen


def text_words(text: str) -> TextWords:
    """Return the words the vectorizer counts in ``text`` and the hyphenated words it is spelled with."""
    return (tuple(base_analyzer()(text)),
            tuple(match.group(0) for match in HYPHENATED_RE.finditer(text.lower())))


@functools.cache
def base_analyzer() -> Callable[[str], Sequence[str]]:
    """Return the related-papers word function (made once: it compiles patterns)."""
    return word_analyzer()


def hyphenated_spellings(texts: Iterable[str]) -> dict[str, str]:
    """Map each word the vectorizer joins ("selfattention") to its commonest hyphenated spelling in ``texts``."""
    return commonest_spellings(spelling for text in texts for spelling in text_words(text)[1])


def commonest_spellings(spellings: Iterable[str]) -> dict[str, str]:
    """Map each joined word of ``spellings`` (hyphenated words) to the commonest of them, the first in order on a tie."""
    counts: dict[str, dict[str, int]] = {}
    for spelling in spellings:
        joined = INWORD_HYPHEN_RE.sub("", spelling)
        counts.setdefault(joined, {})[spelling] = counts.get(joined, {}).get(spelling, 0) + 1
    return {joined: min(found, key=lambda spelling: (-found[spelling], spelling)) for joined, found in counts.items()}


def same_stem(first: str, second: str) -> bool:
    """Say whether two words are one word's forms ("graph", "graphs"; "model", "modeling")."""
    shorter, longer = sorted((first, second), key=len)
    return shorter == longer or len(shorter) >= 4 and longer.startswith(shorter[:max(4, len(shorter) - 1)])


def hilbert_index(position: Sequence[float], extent: float, order: int = HILBERT_ORDER) -> int:
    """Return the place along a Hilbert curve of the grid cell holding ``position`` in a square ``extent`` wide."""
    side = 1 << order
    x = min(side - 1, max(0, int(position[0] / extent * side)))
    y = min(side - 1, max(0, int(position[1] / extent * side)))
    index, step = 0, side // 2
    while step > 0:
        right, down = int(x & step > 0), int(y & step > 0)
        index += step * step * ((3 * right) ^ down)
        if down == 0:  # turn the quadrant so that the curve runs on without a jump
            if right == 1:
                x, y = side - 1 - x, side - 1 - y
            x, y = y, x
        step //= 2
    return index
