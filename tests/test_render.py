"""Tests for rendering: escaping of listing text, front matter, and the paged all-papers index."""

from __future__ import annotations

import re
from dataclasses import replace

import generator.render as render
from generator.models import Catalog, Listing, Paper, SourceRef
from generator.catalog_index import index_catalog
from generator.render import render_site, yaml_text
from generator.settings import load_settings
from sitebuild import ROOT


def catalog_of(count: int, title: str = "Paper {index}") -> Catalog:
    papers = tuple(Paper(key=f"p{index}", title=title.replace("{index}", str(index)), abstract="An abstract.",
                         sources=(SourceRef("a.txt", index + 1),), id=f"paper-{index}",
                         published=f"2024-01-{index % 28 + 1:02d}")
                   for index in range(count))
    return Catalog(papers=papers, listings=(Listing("a.txt", "flat", (), "A", slug="a"),), themes=())


def pages_of(catalog: Catalog) -> dict[str, str]:
    settings, _ = load_settings(ROOT)
    return {page.path: page.text for page in render_site(index_catalog(catalog), settings)}


def test_front_matter_titles_are_json_quoted_and_html_escaped():
    assert yaml_text('A "quoted" <b>title</b>: x') == '"A &#34;quoted&#34; &lt;b&gt;title&lt;/b&gt;: x"'


def test_listing_text_is_escaped_in_paper_pages():
    pages = pages_of(catalog_of(1, title="<script>alert(1)</script> {{ x }} | *y*"))
    text = pages["papers/paper-0.md"]
    assert "<script>" not in text
    assert "title = {{&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert re.search(r'<h1 class="paper-title"[^>]*>&lt;script&gt;alert\(1\)&lt;/script&gt; \{\{ x \}\} \| \*y\*</h1>',
                     text)


def test_a_small_catalog_has_one_all_papers_page():
    pages = pages_of(catalog_of(5))
    assert "papers/index.md" in pages and not any(path.startswith("all-papers/") for path in pages)
    assert pages["papers/index.md"].count('<tr><td class="title">') == 5


def test_a_large_catalog_splits_all_papers_into_linked_pages(monkeypatch):
    monkeypatch.setattr(render, "PAPERS_PER_PAGE", 2)
    pages = pages_of(catalog_of(5))
    index_pages = ["papers/index.md", "all-papers/page-2.md", "all-papers/page-3.md"]
    assert [path for path in pages if path in index_pages] == index_pages
    assert [pages[path].count('<tr><td class="title">') for path in index_pages] == [2, 2, 1]
    assert 'href="../all-papers/page-3/"' in pages["papers/index.md"]
    assert 'href="../../papers/"' in pages["all-papers/page-2.md"]
    rows = [re.findall(r'<tr><td class="title"><a href="[./a-z-]*(paper-\d+)/"', pages[path]) for path in index_pages]
    assert sorted(sum(rows, [])) == [f"paper-{index}" for index in range(5)]


def test_a_large_theme_goes_on_over_linked_pages_of_its_papers_only(monkeypatch):
    from generator.models import Theme
    monkeypatch.setattr(render, "THEME_PAPERS_PER_PAGE", 2)
    catalog = catalog_of(5)
    themed = tuple(replace(paper, themes=("graphs",)) for paper in catalog.papers[:4]) + catalog.papers[4:]
    pages = pages_of(replace(catalog, papers=themed, themes=(Theme("graphs", "Graphs", "Graph papers."),)))
    theme_pages = ["themes/graphs.md", "themes/graphs/page-2.md"]
    assert [path for path in pages if path.startswith("themes/graphs")] == theme_pages
    rows = [re.findall(r'<tr><td><a href="[./a-z-]*(paper-\d+)/"', pages[path]) for path in theme_pages]
    assert [len(found) for found in rows] == [2, 2] and sorted(sum(rows, [])) == [f"paper-{index}" for index in range(4)]
    first, second = pages["themes/graphs.md"], pages["themes/graphs/page-2.md"]
    assert first.startswith("---\ntitle: \"Graphs\"\n") and 'aria-label="Pages of Graphs"' in first
    assert 'href="page-2/"' in first and 'href="../"' in second  # page 1 is themes/graphs/, page 2 below it
    assert "Overlapping themes" in first and "Overlapping themes" not in second
    assert second.startswith('---\ntitle: "Graphs, page 2"\nsearch:\n  exclude: true\n')
    assert "<strong>4</strong> papers" in second and "papers 3–4 of 4" in second
    assert pages["themes/unsorted.md"].count("<tr><td><a") == 1 and "catalog-pager" not in pages["themes/unsorted.md"]


def test_a_paper_page_links_to_the_map_only_when_the_map_draws_it(monkeypatch):
    import generator.catalog_map as catalog_map
    monkeypatch.setattr(catalog_map, "MAX_POINTS", 2)
    catalog = catalog_of(4)
    placed = tuple(paper if index == 3 else replace(paper, position=(10.0 * index, 20.0))
                   for index, paper in enumerate(catalog.papers))  # paper-3 is not placed
    catalog = replace(catalog, papers=placed)
    drawn = catalog_map.drawn_papers(catalog)
    assert len(drawn) == 2 and "paper-3" not in drawn
    pages = pages_of(catalog)
    for paper in catalog.papers:
        link = f'<a href="../../map/?paper={paper.id}">See this paper on the map</a>'
        assert (link in pages[paper.source]) == (paper.id in drawn), paper.id
    assert pages["map.md"].count('" data-t="') == 2


def test_the_pager_links_the_first_and_last_pages_and_those_near_the_one_shown(monkeypatch):
    monkeypatch.setattr(render, "PAPERS_PER_PAGE", 1)
    pages = pages_of(catalog_of(9))
    pager = re.search(r'<nav class="catalog-pager" aria-label="Pages of all papers".*?</nav>',
                      pages["all-papers/page-6.md"], re.DOTALL).group(0)
    shown = re.findall(r'<a href="([^"]+)">(\d+)</a>|<strong aria-current="page">(\d+)</strong>|(…)', pager)
    assert [link or current or gap for link, _, current, gap in shown] == [
        "../../papers/", "…", "../page-4/", "../page-5/", "6", "../page-7/", "../page-8/", "../page-9/"]
    assert "Page 6 of 9 (papers 6–6 of 9, newest first)" in pager
    assert render.pager_numbers(1, 1) == [1]
    assert render.pager_numbers(1, 500) == [1, 2, 3, 0, 500]
    assert render.pager_numbers(250, 500) == [1, 0, 248, 249, 250, 251, 252, 0, 500]
    assert render.pager_numbers(4, 500) == [1, 2, 3, 4, 5, 6, 0, 500]  # a gap of one page shows its number
