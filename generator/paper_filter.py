"""The data of the all-papers filter: one compact JSON file with what it needs of every paper.

The all-papers pages show a slice of the catalog each; their filter (``assets/catalog.js``)
searches the whole catalog, so it fetches this file (``addresses.PAPER_FILTER_DATA``) on the
first use of the filter. The file holds, per paper and newest first (the order of the pages),
one array::

    [url, title, authors, date, themes, code_url, status, upvotes, words]

``url`` is relative to the site root; ``authors`` the names joined with ", "; ``date`` the ISO
date as precise as known, or ""; ``themes`` the theme ids (empty for an unsorted paper);
``code_url`` and ``status`` "" when there is none; ``upvotes`` a number or null. ``words`` are
the searchable words of the abstract and the curator's notes: lower-cased, each once, in sorted
order, joined by spaces, without the words already in the title or the authors and without the
short common words (:data:`STOP_WORDS`) that would match nearly every paper. A hyphenated term
(``non-iid``) stays one word, and a word is found by any part of it, as the filter matches
substrings. Beside the papers, ``themes`` gives each theme's id, name and URL and ``statuses``
each reading status's label. The JSON is written with sorted keys and no spaces, so the same
catalog always gives the same bytes.
"""

from __future__ import annotations

import json
import re

from .addresses import PAPER_FILTER_DATA, UNSORTED, url_of
from .catalog_index import UNSORTED_ID, CatalogIndex
from .curation import STATUS_LABELS
from .models import Page, Paper

FORMAT_VERSION = 1
FIELDS = ("url", "title", "authors", "date", "themes", "code", "status", "upvotes", "words")
WORD_RE = re.compile(r"\w+(?:[-']\w+)*")
STOP_WORDS = frozenset(
    "a an and are as at be been by can for from has have in into is it its of on or our that the their them "
    "these this to was we were which with".split())


def render_filter_data(index: CatalogIndex) -> Page:
    """Render the filter's data file for the whole catalog, newest first."""
    themes = [[theme.id, theme.name, theme.url] for theme in index.catalog.themes]
    themes.append([UNSORTED_ID, "Unsorted", url_of(UNSORTED)])
    data = {"version": FORMAT_VERSION, "fields": list(FIELDS), "themes": themes,
            "statuses": dict(STATUS_LABELS), "papers": [filter_row(paper) for paper in index.newest]}
    return Page(PAPER_FILTER_DATA, json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")


def filter_row(paper: Paper) -> list:
    """Return one paper's row of the data file (the order of :data:`FIELDS`)."""
    code = next((link.url for link in paper.links if link.kind == "code"), "")
    authors = ", ".join(paper.authors)
    known = set(WORD_RE.findall(f"{paper.title} {authors}".lower()))
    return [paper.url, paper.title, authors, paper.published or "", list(paper.themes), code, paper.status or "",
            paper.upvotes, " ".join(searchable_words(f"{paper.abstract} {paper.notes}", known))]


def searchable_words(text: str, known: set[str] = frozenset()) -> list[str]:
    """Return the words of ``text`` the filter searches: lower-cased, each once, sorted, without
    stop words, one-letter words and the ``known`` ones (already searched in the title or authors)."""
    words = set(WORD_RE.findall(text.lower()))
    return sorted(word for word in words
                  if len(word) > 1 and word not in STOP_WORDS and word not in known and word.replace("_", ""))
