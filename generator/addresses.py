"""Where every page and file of the site lives: the one module that spells a path.

Each kind of page has one name here for its Markdown source (a path in the docs tree, as
``catalog generate`` writes it and as the MkDocs plugin hands it to MkDocs) and, through
:func:`url_of`, for the URL it is served at, relative to the site root. URLs are MkDocs'
directory URLs: ``papers/x.md`` is served at ``papers/x/`` and ``papers/index.md`` at
``papers/``. Exports, feeds and assets are served at their own path.

Records ask here through their ``source`` and ``url`` properties (``Paper.url``,
``Theme.url``, ``Listing.url``), templates through those and the names below; nothing else
writes ``papers/``, ``themes/`` or ``listings/``.
"""

from __future__ import annotations

PAPERS_FOLDER = "papers"
THEMES_FOLDER = "themes"
LISTINGS_FOLDER = "listings"
ALL_PAPERS_FOLDER = "all-papers"
UNSORTED_THEME = "unsorted"  # the group of papers no theme took; its page sits among the themes'
HOME = "index.md"
THEMES = f"{THEMES_FOLDER}/index.md"
LISTINGS = f"{LISTINGS_FOLDER}/index.md"
ALL_PAPERS = f"{PAPERS_FOLDER}/index.md"
UNSORTED = f"{THEMES_FOLDER}/{UNSORTED_THEME}.md"
MAP = "map.md"
STATS = "stats.md"
TAGS = "tags.md"
ABOUT = "about.md"
CATALOG_JSON = "catalog.json"
CATALOG_SCHEMA = "catalog.schema.json"
PAPERS_CSV = "papers.csv"
PAPERS_BIB = "papers.bib"
PAPERS_CSL = "papers.csl.json"
CATALOG_FEED = "feed.xml"
# What the all-papers filter searches (every paper's title, authors, words…), beside its page.
PAPER_FILTER_DATA = f"{PAPERS_FOLDER}/filter.json"
# The data exports: published gzipped from `compact_exports_from` papers on (compact_file).
EXPORTS = (CATALOG_JSON, PAPERS_CSV, PAPERS_BIB, PAPERS_CSL)
# Published gzipped with them: the exports and the filter's data (catalog.js reads it gzipped or not).
COMPACT_FILES = (*EXPORTS, PAPER_FILTER_DATA)
ASSETS = "assets"
# With search = "pagefind": the search page (a theme template, not Markdown), the bundle Pagefind
# writes into the site, and the script that starts its interface.
SEARCH_PAGE = "search/index.html"
PAGEFIND_BUNDLE = "pagefind"
PAGEFIND_SCRIPT = f"{ASSETS}/pagefind-search.js"
# The pages a site's navigation lists; every other generated page is reached through them.
NAV_PAGES = (HOME, THEMES, LISTINGS, ALL_PAPERS, MAP, STATS, TAGS, ABOUT)
# Names a record's slug cannot take because a generated page has that path in the same folder.
# ("tags" and "search" were kept from papers' slugs by an earlier version, so no slug changes.)
RESERVED_THEME_IDS = frozenset({"index", UNSORTED_THEME})
RESERVED_PAPER_SLUGS = frozenset({"index", "tags", "search"})
RESERVED_LISTING_SLUGS = frozenset({"index"})


def paper_source(slug: str) -> str:
    """Return the source path of a paper's page."""
    return f"{PAPERS_FOLDER}/{slug}.md"


def theme_source(theme_id: str) -> str:
    """Return the source path of a theme's page."""
    return f"{THEMES_FOLDER}/{theme_id}.md"


def theme_page_source(theme_id: str, number: int) -> str:
    """Return the source path of page ``number`` (from 1) of a theme's papers: the theme's page, then
    ``themes/<id>/page-<n>.md`` (no theme id is a path, so these meet no other page)."""
    return theme_source(theme_id) if number == 1 else f"{THEMES_FOLDER}/{theme_id}/page-{number}.md"


def listing_source(slug: str) -> str:
    """Return the source path of a listing's page."""
    return f"{LISTINGS_FOLDER}/{slug}.md"


def papers_page_source(number: int) -> str:
    """Return the source path of page ``number`` (from 1) of the all-papers table."""
    return ALL_PAPERS if number == 1 else f"{ALL_PAPERS_FOLDER}/page-{number}.md"


def compact_file(path: str) -> str:
    """Return where an export is published gzipped (``papers.bib`` at ``papers.bib.gz``)."""
    return f"{path}.gz"


def theme_bibliography(theme_id: str) -> str:
    """Return the path of a theme's BibTeX export."""
    return f"{THEMES_FOLDER}/{theme_id}.bib"


def theme_feed(theme_id: str) -> str:
    """Return the path of a theme's Atom feed."""
    return f"{THEMES_FOLDER}/{theme_id}.xml"


def asset(name: str) -> str:
    """Return the path of a stylesheet or script the templates folder ships."""
    return f"{ASSETS}/{name}"


def url_of(path: str) -> str:
    """Return the URL, relative to the site root, at which the page or file at ``path`` is served.

    A Markdown page is served as a folder (``x/y.md`` at ``x/y/``, ``x/index.md`` at ``x/``,
    ``index.md`` at the root, ``""``); any other file at its own path.
    """
    if not path.endswith(".md"):
        return path
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"
