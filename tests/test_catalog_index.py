"""Tests for the catalog's index: the groups every output reads."""

from __future__ import annotations

from generator.catalog_index import UNSORTED_ID, index_catalog
from generator.models import Catalog, Listing, Paper, SourceRef, Theme


def paper(paper_id: str, themes: tuple[str, ...], published: str | None = None, *sources: SourceRef) -> Paper:
    return Paper(key=paper_id, title=paper_id, abstract="", sources=sources or (SourceRef("a.txt", 1),),
                 id=paper_id, themes=themes, published=published)


def themes(*ids: str) -> tuple[Theme, ...]:
    return tuple(Theme(theme_id, theme_id.upper(), "") for theme_id in ids)


def test_papers_are_grouped_by_theme_in_catalog_and_newest_order_with_the_unsorted_ones():
    papers = (paper("a", ("x",), "2023-01-01"), paper("b", ("x", "y"), "2024-05-01"), paper("c", (), None),
              paper("d", ("y",), "2024-05-01"))
    index = index_catalog(Catalog(papers=papers, listings=(), themes=themes("x", "y", "w")))
    assert {key: [item.id for item in group] for key, group in index.papers_by_theme.items()} == {
        "x": ["a", "b"], "y": ["b", "d"], "w": [], UNSORTED_ID: ["c"]}
    assert [item.id for item in index.newest_by_theme["x"]] == ["b", "a"]
    assert [item.id for item in index.newest] == ["b", "d", "a", "c"]


def test_overlapping_themes_count_shared_papers_most_first_then_by_id():
    papers = (paper("a", ("x", "y")), paper("b", ("x", "y", "z")), paper("c", ("z", "x")))
    index = index_catalog(Catalog(papers=papers, listings=(), themes=themes("x", "y", "z", "w")))
    assert {theme_id: index.overlaps(theme_id) for theme_id in "xyzw"} == {
        "x": (("y", 2), ("z", 2)), "y": (("x", 2), ("z", 1)), "z": (("x", 2), ("y", 1)), "w": ()}
    assert index.shared[("x", "x")] == 3


def test_listing_entries_keep_every_source_in_line_order():
    merged = paper("m", (), None, SourceRef("a.txt", 9), SourceRef("b.txt", 2))
    papers = (paper("a", (), None, SourceRef("a.txt", 4)), merged)
    listings = (Listing("a.txt", "flat", (), "A", slug="a"), Listing("b.txt", "flat", (), "B", slug="b"))
    index = index_catalog(Catalog(papers=papers, listings=listings, themes=()))
    assert {file: [(line, item.id) for line, item in entries] for file, entries in index.entries_by_listing.items()} == {
        "a.txt": [(4, "a"), (9, "m")], "b.txt": [(2, "m")]}
    assert index.listing_by_file["b.txt"].url == "listings/b/"
