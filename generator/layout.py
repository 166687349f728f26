"""Place every paper on a 2-D map by its text: the layout stage.

The map reuses the vectors of the related-papers search (``related.vectorize_papers``: title,
abstract and theme TF-IDF), so papers drawn close together are the ones the search finds alike.
They are reduced to ``SVD_COMPONENTS`` dimensions by TruncatedSVD (randomized, fixed seed), then
to two by PCA, whose centring spreads the points better than the first, mean-like, singular
vector would; both steps are linear in the number of papers. Each axis is flipped so that its
largest loading is positive and scaled into the drawing, and coordinates are rounded to one
decimal of a ``WIDTH``-unit-wide drawing, so the same input always gives the same map.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from scipy import sparse
from sklearn.decomposition import PCA, TruncatedSVD

from .models import Paper
from .related import PaperVectors

SVD_COMPONENTS = 20
RANDOM_SEED = 0
WIDTH, HEIGHT, MARGIN = 1000, 700, 10


def place_papers(papers: tuple[Paper, ...], vectors: PaperVectors) -> tuple[Paper, ...]:
    """Set each paper's ``position`` in the drawing's coordinates (y grows downwards)."""
    coordinates = scale_coordinates(project_rows(vectors.matrix))
    return tuple(replace(paper, position=(float(x), float(y))) for paper, (x, y) in zip(papers, coordinates))


def project_rows(matrix: sparse.csr_matrix) -> np.ndarray:
    """Return an (n, 2) array: the rows reduced to two centred dimensions."""
    rows = matrix.shape[0]
    components = min(SVD_COMPONENTS, min(matrix.shape) - 1)
    if rows < 3 or components < 2 or matrix.nnz == 0:
        return np.zeros((rows, 2))
    reduced = TruncatedSVD(components, algorithm="randomized", random_state=RANDOM_SEED).fit_transform(matrix)
    pca = PCA(2, svd_solver="full").fit(reduced)
    projected = pca.transform(reduced)
    # The sign of a principal axis is arbitrary; fix it so that a library update cannot mirror the map.
    signs = np.sign(pca.components_[np.arange(2), np.abs(pca.components_).argmax(axis=1)])
    return projected * np.where(signs == 0, 1, signs)


def scale_coordinates(coordinates: np.ndarray) -> np.ndarray:
    """Fit the points into the drawing (y grows downwards), rounded to one decimal."""
    if len(coordinates) == 0:
        return coordinates
    low, high = coordinates.min(axis=0), coordinates.max(axis=0)
    span = np.where(high - low > 1e-12, high - low, 1.0)
    unit = (coordinates - low) / span
    unit[:, 1] = 1.0 - unit[:, 1]
    size = np.array([WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN])
    return np.round(MARGIN + unit * size, 1)
