"""Tests for the map's clusters: deterministic groups, names from their own words, spatial order."""

from __future__ import annotations

import math

import numpy as np

from generator.map_clusters import (MAX_CLUSTERS, cluster_count, cluster_points, hilbert_index, hyphenated_spellings,
                                    label_terms, same_stem)

TOPICS = {
    "graphs": "graph neural message passing nodes edges molecules",
    "vision": "image pixels convolution segmentation detection camera",
    "speech": "audio speech waveform speaker acoustic phoneme",
}
CENTRES = {"graphs": (150.0, 150.0), "vision": (800.0, 200.0), "speech": (450.0, 600.0)}


def make_points(per_topic: int = 20) -> tuple[np.ndarray, list[str], list[str]]:
    """Return points in three blobs, one per topic, with texts in that topic's words plus words every paper uses."""
    generator = np.random.default_rng(7)
    positions, texts, topics = [], [], []
    for topic, (x, y) in CENTRES.items():
        words = TOPICS[topic].split()
        for index in range(per_topic):
            positions.append((x + generator.normal(0, 30), y + generator.normal(0, 30)))
            chosen = generator.choice(words, size=4, replace=False)
            texts.append(f"We propose a novel model for {' '.join(chosen)} with results on data, paper {index}")
            topics.append(topic)
    return np.round(np.array(positions), 1), texts, topics


def test_clusters_follow_the_blobs_and_are_named_by_their_own_words():
    positions, texts, topics = make_points()
    clusters = cluster_points(positions, texts, 1000.0)
    assert len(clusters) == cluster_count(len(texts)) >= 3
    for cluster in clusters:
        own = {topics[member] for member in cluster.members}
        assert len(own) == 1, own  # a cluster does not straddle two blobs
        assert cluster.terms and set(cluster.terms) <= set(TOPICS[own.pop()].split())
    named = [term for cluster in clusters for term in cluster.terms]
    assert len(named) == len(set(named))  # a word names one cluster only
    assert not {"propose", "novel", "model", "results", "data", "paper"} & set(named)  # stop and generic words


def test_clusters_are_deterministic_and_cover_every_point_once():
    positions, texts, _ = make_points()
    first = cluster_points(positions, texts, 1000.0)
    assert first == cluster_points(positions.copy(), list(texts), 1000.0)
    members = [member for cluster in first for member in cluster.members]
    assert sorted(members) == list(range(len(texts)))


def test_points_are_ordered_through_space():
    generator = np.random.default_rng(3)
    positions = np.round(generator.uniform(0, [1000, 700], size=(400, 2)), 1)
    texts = [f"word{index % 7}a word{index % 5}b" for index in range(400)]
    order = [member for cluster in cluster_points(positions, texts, 1000.0) for member in cluster.members]

    def mean_step(sequence: list[int]) -> float:
        return float(np.mean([math.dist(positions[a], positions[b]) for a, b in zip(sequence, sequence[1:])]))

    assert mean_step(order) < 0.25 * mean_step(list(range(400)))


def test_hilbert_curve_steps_to_a_neighbouring_cell():
    side = 16
    cell_of = {hilbert_index(((x + 0.5) / side, (y + 0.5) / side), 1.0, order=4): (x, y)
               for x in range(side) for y in range(side)}
    assert sorted(cell_of) == list(range(side * side))
    for step in range(side * side - 1):
        (x1, y1), (x2, y2) = cell_of[step], cell_of[step + 1]
        assert abs(x1 - x2) + abs(y1 - y2) == 1


def test_cluster_count_grows_slowly_and_is_capped():
    assert [cluster_count(points) for points in (0, 1, 2, 12, 50)] == [0, 1, 1, 3, 5]
    assert cluster_count(10_000) == MAX_CLUSTERS


def test_labels_keep_hyphens_and_skip_forms_of_a_word_used():
    texts = ["self-attention graphs images", "self-attention graph image", "audio speech", "audio speech"]
    assert hyphenated_spellings(texts) == {"selfattention": "self-attention"}
    terms = label_terms(texts, np.array([0, 0, 1, 1]), 2)
    assert "self-attention" in terms[0] and not ({"graph", "graphs"} <= set(terms[0]))
    assert same_stem("graph", "graphs") and same_stem("model", "modeling") and same_stem("vit", "vit")
    assert not same_stem("graph", "grammar") and not same_stem("vit", "vits")


def test_tiny_or_empty_texts_give_unnamed_clusters_without_error():
    assert cluster_points(np.zeros((0, 2)), [], 1000.0) == ()
    clusters = cluster_points(np.array([[5.0, 5.0], [5.0, 5.0], [5.0, 5.0]]), ["", "the", "a"], 1000.0)
    assert [cluster.terms for cluster in clusters] == [()] and clusters[0].members == (0, 1, 2)
