"""Export the papers as files people take away: ``papers.csv``, ``papers.bib`` and one BibTeX file per theme.

Rows and entries follow the catalog's order (the order of ``catalog.json``). The CSV is UTF-8,
written by the ``csv`` module with its default dialect (comma, double quotes, CRLF line ends as
RFC 4180 says), one row per paper; list columns are joined with ``;``.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import urljoin

from .bibtex import render_bibliography
from .models import Catalog, Page, Paper

PAPERS_CSV = "papers.csv"
PAPERS_BIB = "papers.bib"
CSV_COLUMNS = ("id", "title", "published", "authors_count", "upvotes", "themes", "code_url", "url", "sources")
LIST_SEPARATOR = ";"


def render_exports(catalog: Catalog, site_url: str = "") -> tuple[Page, ...]:
    """Render ``papers.csv``, ``papers.bib`` and ``themes/<id>.bib`` for every theme."""
    pages = [render_papers_csv(catalog.papers, site_url), Page(PAPERS_BIB, render_bibliography(catalog.papers))]
    for theme in catalog.themes:
        papers = tuple(paper for paper in catalog.papers if theme.id in paper.themes)
        pages.append(Page(f"themes/{theme.id}.bib", render_bibliography(papers)))
    return tuple(pages)


def render_papers_csv(papers: tuple[Paper, ...], site_url: str = "") -> Page:
    """Render one CSV row per paper; ``url`` is absolute when ``site_url`` is given, else site-relative."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    base = site_url.rstrip("/") + "/" if site_url else ""
    writer.writerows(paper_row(paper, base) for paper in papers)
    return Page(PAPERS_CSV, buffer.getvalue())


def paper_row(paper: Paper, base: str) -> tuple[str, ...]:
    """Return one paper's CSV cells, in ``CSV_COLUMNS`` order; unknown values are empty."""
    code_urls = [link.url for link in paper.links if link.kind == "code"]
    return (
        paper.id,
        paper.title,
        paper.published or "",
        "" if paper.authors_count is None else str(paper.authors_count),
        "" if paper.upvotes is None else str(paper.upvotes),
        LIST_SEPARATOR.join(paper.themes),
        code_urls[0] if code_urls else "",
        urljoin(base, paper.url) if base else paper.url,
        LIST_SEPARATOR.join(str(source) for source in paper.sources),
    )
