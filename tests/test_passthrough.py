"""Marked HTML regions go past Markdown (and, unindexed ones, past search) and come back whole."""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
import pytest

from generator.passthrough import PassthroughError, cut, restore
from generator.render import make_environment
from sitebuild import DATA, ROOT, build_site, make_project

PAGE = """---
title: A paper
---

<!-- passthrough -->
<h1>A *paper*</h1>

<p class="meta">line 1</p>
<!-- /passthrough -->

## Related papers

<!-- passthrough unindexed -->
<ul>
<li><a href="../other/">Other _paper_</a></li>
</ul>
<!-- /passthrough -->
"""


def test_cut_leaves_one_placeholder_paragraph_per_region_and_keeps_the_rest():
    text, page_cut = cut(PAGE)
    regions = page_cut.regions
    assert [region.indexed for region in regions] == [True, False]
    assert regions[0].html.startswith("<h1>A *paper*</h1>")
    assert "<!-- passthrough" not in text and "<h1>" not in text and "<li>" not in text
    assert "## Related papers" in text


def test_restored_html_equals_what_markdown_makes_of_the_raw_regions():
    text, regions = cut(PAGE.split("---\n", 2)[2])
    html = markdown.markdown(text)
    assert '<a href="../other/">' not in html
    indexed = restore(html, regions, "indexed")
    assert "<h1>A *paper*</h1>" in indexed  # not turned into <em>: it never went through Markdown
    assert "<li>" not in indexed and "<!--catalog-passthrough-1-->" in indexed
    final = restore(indexed, regions, "unindexed")
    assert '<li><a href="../other/">Other _paper_</a></li>' in final
    assert "catalog-passthrough" not in final
    plain = re.sub(r"<!-- /?passthrough( unindexed)? -->", "", markdown.markdown(PAGE.split("---\n", 2)[2]))
    assert final.split() == plain.split()


def test_a_missing_placeholder_is_an_error_not_lost_text():
    _, regions = cut(PAGE)
    with pytest.raises(PassthroughError, match="catalog-passthrough-0"):
        restore("<p>nothing here</p>", regions, "indexed")


def test_listing_text_cannot_close_or_open_a_region():
    template = make_environment(ROOT / "site_templates").from_string(
        "<!-- passthrough -->\n<p>{{ text }}</p>\n<!-- /passthrough -->\n")
    hostile = "x\n<!-- /passthrough -->\n# Heading\n<!-- passthrough unindexed -->\ny"
    text, page_cut = cut(template.render(text=hostile))
    assert len(page_cut.regions) == 1 and "&lt;!-- /passthrough --&gt;" in page_cut.regions[0].html
    assert "Heading" not in text


def test_listing_text_that_spells_a_placeholder_stays_text():
    template = make_environment(ROOT / "site_templates").from_string(
        "<!-- passthrough -->\n<h1>x</h1>\n<!-- /passthrough -->\n\n{{ text }}\n\n"
        "<!-- passthrough unindexed -->\n<p>late</p>\n<!-- /passthrough -->\n")
    page = template.render(text="catalog-passthrough-1")
    text, page_cut = cut(page)
    assert page_cut.prefix != "catalog-passthrough" and page_cut.prefix not in page
    html = restore(restore(markdown.markdown(text), page_cut, "indexed"), page_cut, "unindexed")
    assert html.split() == ["<h1>x</h1>", "<p>catalog-passthrough-1</p>", "<p>late</p>"]


def test_anchor_ids_in_regions_are_reported_for_mkdocs_link_checks():
    _, page_cut = cut('<!-- passthrough -->\n<table id="paper-table"></table>\n<!-- /passthrough -->\n')
    assert page_cut.anchor_ids() == {"paper-table"}


def unminified(project: Path) -> Path:
    """Build this project's pages without minifying them: these tests read the HTML as Markdown made it."""
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace("[tool.paper-catalog]\n", "[tool.paper-catalog]\nminify_html = false\n"),
                         encoding="utf-8")
    return project


def test_the_built_site_has_every_region_back_and_search_skips_the_unindexed_ones(tmp_path: Path):
    project = unminified(make_project(DATA / "fixture_seeds", tmp_path / "project"))
    result = build_site(project, "http://127.0.0.1/paper-catalog/")
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    pages = list((site / "papers").glob("*/index.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "catalog-passthrough" not in html and "<!-- passthrough" not in html
        assert 'class="paper-abstract"' in html and 'class="paper-related"' in html and "<pre><code>@" in html
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "catalog-passthrough" not in text
    assert "@misc{" not in text and "@article{" not in text  # BibTeX is unindexed
    # Only the passthrough keeps these out of search: they carry no data-search-exclude.
    why = [page for page in pages if "Why these themes?" in page.read_text(encoding="utf-8")]
    assert why and "Why these themes?" not in text and "paper-meta" not in text
    assert "(line " not in text  # a paper's facts line: "from <listing> (line 7)"
    # The headings of what search leaves out are not search sections of their own either.
    sections = {doc["location"].rsplit("#", 1)[-1] for doc in index["docs"] if "#" in doc["location"]}
    assert not sections & {"related-papers", "find-this-paper", "cite", "papers", "overlapping-themes",
                           "papers-in-listing-order"}


def test_a_page_added_to_docs_is_left_to_markdown(tmp_path: Path):
    project = unminified(make_project(DATA / "fixture_seeds", tmp_path / "project"))
    (project / "docs" / "notes.md").write_text(
        "# Notes\n\n```\n<!-- passthrough -->\n<p>shown as code</p>\n<!-- /passthrough -->\n```\n",
        encoding="utf-8")
    result = build_site(project, "http://127.0.0.1/paper-catalog/", strict=False)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (project / "site" / "notes" / "index.html").read_text(encoding="utf-8")
    assert "&lt;!-- passthrough --&gt;" in html and "&lt;p&gt;shown as code&lt;/p&gt;" in html
