"""Export the papers as files people take away: ``papers.csv``, ``papers.bib``, ``papers.csl.json``
and one BibTeX file per theme.

Rows and entries follow the catalog's order (the order of ``catalog.json``). Citation keys are
computed once from the whole catalog, so a paper has the same key in every file. The CSV is
written by the ``csv`` module with its default dialect (comma, double quotes, CRLF line ends as
RFC 4180 says), one row per paper, list cells joined with ``"; "``. It starts with a UTF-8 byte
order mark: without one, Excel reads a CSV file in the system's code page and garbles every name
outside ASCII; LibreOffice and the ``csv`` module (``encoding="utf-8-sig"``) read it as UTF-8.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Mapping
from dataclasses import replace
from functools import partial
from urllib.parse import urljoin

from .addresses import (
    COMPACT_FILES,
    PAPERS_BIB,
    PAPERS_CSL,
    PAPERS_CSV,
    compact_file,
    theme_bibliography,
)
from .bibtex import bibtex_entry, render_bibliography, theme_names
from .catalog_index import CatalogIndex
from .csl import csl_item, render_csl_items
from .memo import Memo, MemoTable, memo_table
from .models import Page, Paper, Theme

CSV_COLUMNS = ("id", "title", "authors", "authors_count", "published", "arxiv_id", "doi", "abstract", "themes",
               "theme_ids", "upvotes", "code_url", "url", "status", "notes", "sources")
LIST_SEPARATOR = "; "
# A cell a spreadsheet would read as a formula (=, +, @, or - before a letter) gets a leading
# apostrophe, which spreadsheets hide and take as "this is text" (OWASP's advice for CSV injection).
FORMULA_START = ("=", "+", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"  # encoded as UTF-8 by whoever writes the page, it is the BOM EF BB BF


def render_exports(index: CatalogIndex, site_url: str = "", compact: bool = False,
                   memo: Memo | None = None) -> tuple[Page, ...]:
    """Render ``papers.csv``, ``papers.bib``, ``papers.csl.json`` and a BibTeX file for every theme,
    under the citation keys of the index (the ones the paper pages show); ``compact``: no theme
    BibTeX files (``papers.bib`` holds every entry, and its keywords name the themes).

    A paper's entry, item and row depend on the paper, its key and its themes' names alone; with a
    memo (serve's rebuilds) only the papers where one of these changed are written again.
    """
    papers, themes, keys = index.catalog.papers, index.theme_by_id, index.citation_keys
    inputs = {paper.id: export_inputs(paper, keys[paper.id], themes) for paper in papers}
    bibtex = memo_table(memo, "bibtex entries")
    entries = {paper.id: bibtex.get(inputs[paper.id], partial(bibtex_entry, paper, keys[paper.id], themes))
               for paper in papers}
    items = memo_table(memo, "csl items")
    csl = [items.get(inputs[paper.id], partial(csl_item, paper, keys[paper.id], themes)) for paper in papers]
    rows = memo_table(memo, "csv rows", site_url)
    pages = [render_papers_csv(papers, themes, site_url, rows, inputs),
             Page(PAPERS_BIB, render_bibliography(papers, entries)), Page(PAPERS_CSL, render_csl_items(csl))]
    for theme in () if compact else index.catalog.themes:
        pages.append(Page(theme_bibliography(theme.id), render_bibliography(index.papers_by_theme[theme.id], entries)))
    return tuple(pages)


def compress_exports(pages: tuple[Page, ...]) -> tuple[Page, ...]:
    """Publish the exports and the filter's data gzipped (``papers.bib.gz``…): a fifth of their size,
    the same bytes inside.

    Written with no time in the header, so the same export gives the same file.
    """
    def compressed(page: Page) -> Page:
        data = page.text.encode("utf-8") if isinstance(page.text, str) else page.text
        return Page(compact_file(page.path), gzip.compress(data, compresslevel=9, mtime=0))

    return tuple(compressed(page) if page.path in COMPACT_FILES else page for page in pages)


def export_inputs(paper: Paper, key: str, themes: Mapping[str, Theme]) -> tuple:
    """Return all that a paper's export entries depend on (not its related papers or map place)."""
    return replace(paper, related=(), position=None), key, tuple(theme_names(paper, themes))


def render_papers_csv(papers: tuple[Paper, ...], themes: Mapping[str, Theme], site_url: str = "",
                      rows: MemoTable | None = None, inputs: Mapping[str, tuple] | None = None) -> Page:
    """Render one CSV row per paper; ``url`` is absolute when ``site_url`` is given, else site-relative."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    rows = rows if rows is not None else MemoTable({})

    def row_text(paper: Paper) -> str:
        buffer = io.StringIO()
        csv.writer(buffer).writerow(tuple(as_text(cell) for cell in paper_row(paper, themes, base)))
        return buffer.getvalue()

    header = io.StringIO()
    csv.writer(header).writerow(CSV_COLUMNS)
    lines = [rows.get(inputs[paper.id], partial(row_text, paper)) if inputs is not None else row_text(paper)
             for paper in papers]
    return Page(PAPERS_CSV, BYTE_ORDER_MARK + header.getvalue() + "".join(lines))


def as_text(cell: str) -> str:
    """Keep a cell text when a spreadsheet opens the file: a would-be formula gets an apostrophe."""
    if cell.startswith(FORMULA_START) or (cell.startswith("-") and cell[1:2].isalpha()):
        return "'" + cell
    return cell


def paper_row(paper: Paper, themes: Mapping[str, Theme], base: str) -> tuple[str, ...]:
    """Return one paper's CSV cells, in ``CSV_COLUMNS`` order; unknown values are empty."""
    code_urls = [link.url for link in paper.links if link.kind == "code"]
    return (
        paper.id,
        paper.title,
        LIST_SEPARATOR.join(paper.authors),
        "" if paper.authors_count is None else str(paper.authors_count),
        paper.published or "",
        paper.arxiv_id or "",
        paper.doi or "",
        paper.abstract,
        LIST_SEPARATOR.join(theme_names(paper, themes)),
        LIST_SEPARATOR.join(paper.themes),
        "" if paper.upvotes is None else str(paper.upvotes),
        code_urls[0] if code_urls else "",
        urljoin(base, paper.url) if base else paper.url,
        paper.status or "",
        paper.notes,
        LIST_SEPARATOR.join(str(source) for source in paper.sources),
    )
