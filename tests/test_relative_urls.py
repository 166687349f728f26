"""Tests for page-to-page links: relative, so the site works under any sub-path."""

from __future__ import annotations

import pytest

from generator.links import relative_url, search_links


@pytest.mark.parametrize(("from_url", "to_url", "link"), [
    ("", "papers/x/", "papers/x/"),
    ("papers/x/", "themes/y/", "../../themes/y/"),
    ("papers/x/", "", "../../"),
    ("themes/a/", "themes/a/", "./"),
    ("feed.xml", "papers/x/", "papers/x/"),
    ("themes/a.xml", "papers/x/", "../papers/x/"),
    ("papers/", "papers/x/", "x/"),
])
def test_relative_url_never_leaves_the_site_root(from_url, to_url, link):
    assert relative_url(from_url, to_url) == link


def test_search_links_quote_the_title():
    links = dict(search_links('A & B: "C"?'))
    assert links["arXiv"] == "https://arxiv.org/search/?query=A+%26+B%3A+%22C%22%3F&searchtype=title"
