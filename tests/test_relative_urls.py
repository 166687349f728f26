"""Tests for page-to-page links: relative, so the site works under any sub-path."""

from __future__ import annotations

import posixpath
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


SEGMENTS = st.sampled_from(["papers", "themes", "x", "a-b", "é", "page-2", "feed.xml", "a.bib", "."])


@given(st.lists(SEGMENTS, max_size=4), st.booleans(), st.lists(SEGMENTS, max_size=4), st.booleans())
def test_relative_url_matches_posixpath_relpath(from_parts, from_is_dir, to_parts, to_is_dir):
    from_url = "/".join(from_parts) + ("/" if from_is_dir and from_parts else "")
    to_url = "/".join(to_parts) + ("/" if to_is_dir and to_parts else "")
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    expected = posixpath.relpath(to_url or ".", base or ".")
    if to_url.endswith("/") or not to_url:
        expected = "./" if expected == "." else expected + "/"
    assert relative_url(from_url, to_url) == quote(expected, safe="/#?=&.-_~+")
