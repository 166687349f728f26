"""Write the papers as CSL-JSON (``papers.csl.json``), the input Zotero, pandoc and citeproc read.

One item per paper, in catalog order, keyed by the same citation key as ``papers.bib``. CSL has
no arXiv field, so a preprint is written as Zotero writes one: type ``article``, ``publisher``
``arXiv``, ``number`` ``arXiv:ID`` (Zotero reads it back as the archive id) and the abstract
page as ``URL``. A paper with a venue is an ``article-journal`` with the venue as
``container-title``; its arXiv id goes in ``note``, where Zotero keeps it for a published article.
Keys of every item are written in one fixed order, so the same catalog gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import orjson

from .bibtex import citation_url, date_parts, keyword_list, split_name, theme_names
from .models import Paper, Theme

# A venue that only names a preprint server is not where the paper was published.
PREPRINT_VENUE_RE = re.compile(r"^\s*(?:arxiv|corr)\b", re.IGNORECASE)


def render_csl(papers: tuple[Paper, ...], keys: Mapping[str, str], themes: Mapping[str, Theme]) -> str:
    """Return a CSL-JSON array of the papers, indented, each under its key from ``keys``."""
    return render_csl_items([csl_item(paper, keys[paper.id], themes) for paper in papers])


def render_csl_items(items: list[dict[str, object]]) -> str:
    """Return CSL items as the indented CSL-JSON array of ``papers.csl.json``."""
    return orjson.dumps(items, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"


def csl_item(paper: Paper, key: str, themes: Mapping[str, Theme]) -> dict[str, object]:
    """Return one paper's CSL item; a value the paper does not know is left out, not empty."""
    venue = paper.venue if paper.venue and not PREPRINT_VENUE_RE.match(paper.venue) else None
    item: dict[str, object] = {"id": key, "type": "article-journal" if venue else "article",
                               "title": " ".join(paper.title.split())}
    if paper.authors:
        item["author"] = [csl_name(name) for name in paper.authors]
    parts = date_parts(paper.published)
    if parts:
        item["issued"] = {"date-parts": [list(parts)]}
    if venue:
        item["container-title"] = venue
    if paper.arxiv_id and venue:
        item["note"] = f"arXiv:{paper.arxiv_id}"
    elif paper.arxiv_id:
        item["publisher"], item["number"] = "arXiv", f"arXiv:{paper.arxiv_id}"
    if paper.doi:
        item["DOI"] = paper.doi
    url = citation_url(paper)
    if url:
        item["URL"] = url
    if paper.abstract.strip():
        item["abstract"] = paper.abstract.strip()
    names = theme_names(paper, themes)
    if names:
        item["keyword"] = keyword_list(names)
    return item


def csl_name(name: str) -> dict[str, str]:
    """Return a CSL name: family, given and particles as BibTeX splits them, else a literal."""
    parts = split_name(name)
    if parts is None or not parts.first:
        return {"literal": " ".join(name.split())}
    csl = {"family": " ".join(parts.last), "given": " ".join(parts.first)}
    if parts.von:
        csl["non-dropping-particle"] = " ".join(parts.von)
    if parts.jr:
        csl["suffix"] = " ".join(parts.jr)
    return csl
