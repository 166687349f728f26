"""Addresses the site links to: searches for a paper elsewhere, and page-to-page links."""

from __future__ import annotations

import re
from urllib.parse import quote, quote_plus

SEARCH_SITES = (
    ("Hugging Face Papers", "https://huggingface.co/papers?q={query}"),
    ("arXiv", "https://arxiv.org/search/?query={query}&searchtype=title"),
    ("Google Scholar", "https://scholar.google.com/scholar?q={query}"),
)

SAFE_URL_CHARS = "/#?=&.-_~+"
SAFE_URL_RE = re.compile(r"[A-Za-z0-9/#?=&.\-_~+]*")


def search_links(title: str) -> tuple[tuple[str, str], ...]:
    """Return (site name, URL) pairs that search for a paper title on other sites."""
    return tuple((name, pattern.format(query=quote_plus(title))) for name, pattern in SEARCH_SITES)


def relative_url(from_url: str, to_url: str) -> str:
    """Return the link from one page's served URL to another's; both are relative to the site root.

    Directory URLs end in ``/`` (``papers/x/``); the home page is ``""``. The result works
    whatever sub-path the site is served under, because it never starts with ``/``. Computed on
    path segments: for site URLs (no ``..``, no leading ``/``) that is what ``posixpath.relpath``
    gives, without its ``abspath`` calls; a large catalog makes hundreds of thousands of links.
    """
    base = from_url if from_url.endswith("/") else from_url.rpartition("/")[0]  # a file's folder
    base_parts = [part for part in base.split("/") if part and part != "."]
    target_parts = [part for part in to_url.split("/") if part and part != "."]
    common = 0
    while common < len(base_parts) and common < len(target_parts) and base_parts[common] == target_parts[common]:
        common += 1
    target = "/".join([".."] * (len(base_parts) - common) + target_parts[common:]) or "."
    if to_url.endswith("/") or not to_url:
        target = "./" if target == "." else target + "/"
    return target if SAFE_URL_RE.fullmatch(target) else quote(target, safe=SAFE_URL_CHARS)
