"""Tests for what `catalog themes` prints: counts per theme, unsorted papers with their nearest theme."""

from __future__ import annotations

from generator.catalog_index import index_catalog
from generator.models import Catalog
from generator.theme_report import distinctive_terms, format_theme_counts, format_unsorted
from generator.themes import assign_themes
from test_related import papers as topic_papers
from test_themes import paper, taxonomy, theme


def test_unsorted_papers_are_listed_with_place_terms_and_nearest_theme():
    rules = taxonomy(theme("fl", phrases=["client"], strong=["federated learning"]))
    papers, _ = assign_themes((paper("Federated learning", "clients", "a", 3),
                               paper("Hornet nests", "Asian hornet nests near a client farm", "b", 9)), rules)
    index = index_catalog(Catalog(papers=papers, listings=(), themes=rules.themes))
    lines = format_unsorted(index, rules)
    assert lines[0] == "1 of 2 papers have no theme"
    assert lines[1].startswith("x.txt:9: Hornet nests | terms: hornet, nests")
    assert lines[1].endswith("| nearest: fl 1 < 4 (client)")
    assert format_theme_counts(index) == ["    1  fl", "    1  (unsorted)"]


def test_distinctive_terms_prefer_rare_words_and_skip_generic_ones():
    terms = distinctive_terms(topic_papers(), 2)
    assert terms[6][0] == "pruning"
    assert not {"local", "global", "model", "propose"} & {term for row in terms for term in row}
