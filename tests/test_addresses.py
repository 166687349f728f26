"""Tests for the one owner of every page's path and URL."""

from __future__ import annotations

import re

import pytest

from generator import addresses
from generator.addresses import url_of
from generator.models import Listing, Paper, Theme
from sitebuild import ROOT

# A page folder written as the start of a string or template literal: the spelling addresses.py owns.
SPELLED_FOLDER_RE = re.compile(r"""["']\s*(?:papers|themes|listings|all-papers)/""")


@pytest.mark.parametrize(("path", "url"), [
    ("index.md", ""), ("papers/index.md", "papers/"), ("papers/x.md", "papers/x/"), ("map.md", "map/"),
    ("all-papers/page-2.md", "all-papers/page-2/"), ("themes/x.bib", "themes/x.bib"), ("feed.xml", "feed.xml"),
])
def test_a_page_is_served_as_a_folder_and_a_file_at_its_path(path: str, url: str):
    assert url_of(path) == url


def test_records_take_their_paths_and_urls_from_here():
    paper = Paper(key="k", title="T", abstract="", sources=(), id="a-paper")
    assert (paper.source, paper.url) == ("papers/a-paper.md", "papers/a-paper/")
    assert (Theme("graphs", "Graphs", "").source, Theme("graphs", "Graphs", "").url) == ("themes/graphs.md", "themes/graphs/")
    assert Listing("a b.txt", "flat", (), "A", slug="a-b").url == "listings/a-b/"
    assert [addresses.papers_page_source(number) for number in (1, 2)] == ["papers/index.md", "all-papers/page-2.md"]


def test_the_reserved_ids_are_the_generated_pages_in_each_folder():
    for theme_id in addresses.RESERVED_THEME_IDS:
        assert addresses.theme_source(theme_id) in (addresses.THEMES, addresses.UNSORTED)
    assert addresses.paper_source("index") == addresses.ALL_PAPERS
    assert addresses.listing_source("index") == addresses.LISTINGS


def test_no_other_module_or_template_spells_a_page_folder():
    sources = [path for path in (ROOT / "generator").rglob("*.py") if path.name != "addresses.py"]
    sources += [path for path in (ROOT / "site_templates").rglob("*") if path.suffix in (".j2", ".html")]
    spelled = [f"{path.relative_to(ROOT)}:{number}" for path in sources
               for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
               if SPELLED_FOLDER_RE.search(line)]
    assert spelled == []
