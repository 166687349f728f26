"""Addresses the site links to: searches for a paper elsewhere, and page-to-page links."""

from __future__ import annotations

import posixpath
from urllib.parse import quote, quote_plus

SEARCH_SITES = (
    ("Hugging Face Papers", "https://huggingface.co/papers?q={query}"),
    ("arXiv", "https://arxiv.org/search/?query={query}&searchtype=title"),
    ("Google Scholar", "https://scholar.google.com/scholar?q={query}"),
)


def search_links(title: str) -> tuple[tuple[str, str], ...]:
    """Return (site name, URL) pairs that search for a paper title on other sites."""
    return tuple((name, pattern.format(query=quote_plus(title))) for name, pattern in SEARCH_SITES)


def relative_url(from_url: str, to_url: str) -> str:
    """Return the link from one page's served URL to another's; both are relative to the site root.

    Directory URLs end in ``/`` (``papers/x/``); the home page is ``""``. The result works
    whatever sub-path the site is served under, because it never starts with ``/``.
    """
    if from_url.endswith("/") or not from_url:
        base = from_url
    else:
        base = posixpath.dirname(from_url)
    target = posixpath.relpath(to_url or ".", base or ".")
    if to_url.endswith("/") or not to_url:
        target = "./" if target == "." else target + "/"
    return quote(target, safe="/#?=&.-_~+")
