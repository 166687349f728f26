"""Render the catalog into Markdown pages with the Jinja2 templates of ``site_templates/``.

Everything that comes from a listing (titles, abstracts, URLs) is written inside raw HTML
blocks and HTML-escaped by Jinja's autoescape, so Markdown, HTML, Jinja or TeX syntax in a
listing is shown literally and never changes a page's structure. Links between generated pages
are relative (``../../themes/x/``), so the site works under any sub-path; every page's path and
URL comes from ``addresses.py``. Rendering is a pure function of the catalog and its index.
"""

from __future__ import annotations

import hashlib
import json
import re
import traceback
from collections.abc import Callable, Hashable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TypedDict

import jinja2
from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import addresses
from .addresses import url_of
from .bibtex import bibtex_entry
from .cache import TemplateCache, files_below
from .catalog_index import UNSORTED_ID, CatalogIndex
from .catalog_map import drawn_papers, map_inputs, render_catalog_map
from .charts import render_stats_charts, render_year_chart
from .curation import STATUS_LABELS
from .errors import OutputError, TemplateError
from .links import LINK_LABELS, paper_buttons, pdf_url, relative_url, search_links
from .map_clusters import text_words
from .memo import Memo, MemoTable, memo_table, memoized
from .models import Listing, Page, Paper
from .paper_filter import render_filter_data
from .parallel import map_ranges
from .settings import Settings

NEWEST_ON_HOME = 12
# Rows per all-papers page. The filter searches the whole catalog (paper_filter.py), so a page
# only has to be readable without JavaScript and light on a phone: 100 rows are about 900 DOM nodes.
PAPERS_PER_PAGE = 100
THEME_PAPERS_PER_PAGE = 250
# The pager links this many pages each side of the one shown, and the first and the last: a
# pager of every page would make the all-papers pages grow with the square of the catalog.
PAGER_REACH = 2
PARALLEL_FROM = 1000  # papers; fewer are rendered in this process
AUTHORS_SHOWN = 6  # a paper page names this many authors, and folds the others
# The URLs of the site's one-of-a-kind pages and files, by the name templates use.
SITE_URLS = {
    "home": url_of(addresses.HOME), "themes": url_of(addresses.THEMES), "listings": url_of(addresses.LISTINGS),
    "all_papers": url_of(addresses.ALL_PAPERS), "unsorted": url_of(addresses.UNSORTED),
    "map": url_of(addresses.MAP), "stats": url_of(addresses.STATS), "tags": url_of(addresses.TAGS),
    "about": url_of(addresses.ABOUT), "catalog_json": addresses.CATALOG_JSON,
    "catalog_schema": addresses.CATALOG_SCHEMA, "papers_csv": addresses.PAPERS_CSV,
    "papers_bib": addresses.PAPERS_BIB, "papers_csl": addresses.PAPERS_CSL, "feed": addresses.CATALOG_FEED,
    "search": addresses.SEARCH_PAGE.removesuffix("index.html"),
    "pagefind_bundle": addresses.PAGEFIND_BUNDLE + "/", "pagefind_script": addresses.PAGEFIND_SCRIPT,
    "filter_data": addresses.PAPER_FILTER_DATA,
}


def site_urls(compact: bool) -> dict[str, str]:
    """Return the site's URLs; with compact exports, the exports' and the filter data's are those of
    their .gz files."""
    if not compact:
        return SITE_URLS
    return {name: addresses.compact_file(url) if url in addresses.COMPACT_FILES else url for name, url in SITE_URLS.items()}


class PageContext(TypedDict):
    """What every template gets: the page's own URL, a function to link from it, the index."""

    page_url: str
    link: Callable[[str], str]
    site: CatalogIndex


def render_site(index: CatalogIndex, settings: Settings, memo: Memo | None = None) -> tuple[Page, ...]:
    """Render every Markdown page of the site, plus the static assets it uses.

    A template that is missing, broken or asks for what its page lacks stops the run with a
    ``TemplateError`` naming the template and its line.
    """
    try:
        return render_pages(index, settings, memo)
    except jinja2.TemplateError as error:
        raise template_error(error, settings) from None


def render_pages(index: CatalogIndex, settings: Settings, memo: Memo | None = None) -> tuple[Page, ...]:
    """Render the pages of :func:`render_site` (with a memo, only the pages whose inputs changed)."""
    environment = make_environment(settings.templates_dir, TemplateCache(settings.root) if settings.cache else None,
                                   compact=settings.compact_exports(len(index.catalog.papers)))
    catalog = index.catalog
    digest = templates_digest(settings.templates_dir) if memo is not None else ""
    bare = {paper.id: without_scores(paper) for paper in catalog.papers} if memo is not None else {}
    lists = ListPages(environment, index, memo_table(memo, "list pages", (digest, environment.globals["compact_exports"])),
                      bare)
    pages = [
        render_page(environment, "home.md.j2", addresses.HOME, index, newest=index.newest[:NEWEST_ON_HOME]),
        render_page(environment, "themes.md.j2", addresses.THEMES, index),
        render_page(environment, "listings.md.j2", addresses.LISTINGS, index),
        render_page(environment, "tags.md.j2", addresses.TAGS, index),
        render_page(environment, "about.md.j2", addresses.ABOUT, index),
        render_page(environment, "stats.md.j2", addresses.STATS, index, charts=render_stats_charts(index)),
        render_page(environment, "map.md.j2", addresses.MAP, index,
                    catalog_map=memo_table(memo, "map").get(map_inputs(catalog), lambda: render_catalog_map(
                        catalog, link_from(url_of(addresses.MAP)), memoized(memo_table(memo, "map words"), text_words)))),
    ]
    pages += render_theme_pages(lists, "unsorted.md.j2", addresses.UNSORTED_THEME)
    pages += render_paper_index(lists, memo)
    paper_template = environment.get_template("paper.md.j2")
    reads_only_known = memo is not None and paper_template_is_memoizable(paper_template.filename)
    table = memo_table(memo if reads_only_known else None, "paper pages", digest)
    drawn = drawn_papers(catalog)  # a paper page links to the map only when the map draws the paper
    shown = SiteReads.shown_now(index) if reads_only_known else {}
    if reads_only_known:
        keys = [paper_page_key(paper, index, paper.id in drawn, bare) for paper in catalog.papers]
        kept = [table.take(key) for key in keys]
        kept = [entry if entry is not None and SiteReads.still_hold(entry[0], shown) else None for entry in kept]
    else:  # rendered every time: no key is looked up
        keys = list(range(len(catalog.papers)))
        kept = [None] * len(keys)
    missing = [number for number, entry in enumerate(kept) if entry is None]

    def render_papers(start: int, stop: int) -> list[tuple[tuple, Page]]:
        try:  # in a worker too, so the error that comes back is one that crosses processes whole
            return [render_paper_page(environment, paper_template, index, paper, paper.id in drawn, reads_only_known)
                    for paper in (catalog.papers[number] for number in missing[start:stop])]
        except jinja2.TemplateError as error:
            raise template_error(error, settings) from None

    for number, entry in zip(missing, map_ranges(render_papers, len(missing), serial_below=PARALLEL_FROM)):
        table[keys[number]] = kept[number] = entry
    pages += [page for _, page in kept]
    for theme in catalog.themes:
        pages += render_theme_pages(lists, "theme.md.j2", theme.id, theme=theme,
                                    year_chart=render_year_chart(index.newest_by_theme[theme.id]))
    for listing in catalog.listings:
        pages.append(lists.render("listing.md.j2", listing.source, listing=listing))
    return tuple(pages) + copy_assets(settings.templates_dir / addresses.ASSETS)


def render_paper_page(environment: Environment, template: object, index: CatalogIndex, paper: Paper, on_map: bool,
                      record: bool) -> tuple[tuple, Page]:
    """Render a paper's page; with ``record``, also return what it read of the site's themes,
    listings and citation keys (:class:`SiteReads`), else ()."""
    if not record:
        return (), render_page(environment, template, paper.source, index, paper=paper, on_map=on_map)
    reads = SiteReads(index)
    page = render_page(environment, template, paper.source, reads.site, paper=paper, on_map=on_map)
    return reads.found(), page


class SiteReads:
    """What one page reads of the site's themes, listings and citation keys, by name.

    The page is rendered with a copy of the index whose three lookups note each entry read (or
    found missing; all of them when the page goes through one). Under serve a kept paper page is
    used again only while each of those entries is as it was (:meth:`still_hold`): renaming a
    theme renders again the pages that show that theme, not all of them. Themes are compared
    without their rules and listings without their records, which paper pages may not read
    (:func:`paper_template_is_memoizable`).
    """

    LOOKUPS = ("theme_by_id", "listing_by_file", "citation_keys")

    def __init__(self, index: CatalogIndex) -> None:
        self.lookups = {name: NotedLookup(getattr(index, name), SiteReads.shown(name)) for name in SiteReads.LOOKUPS}
        self.site = replace(index, **self.lookups)

    def found(self) -> tuple:
        """Return the entries read: per lookup, (key, value as shown) pairs in reading order."""
        return tuple((name, tuple(lookup.noted.items())) for name, lookup in self.lookups.items())

    @staticmethod
    def shown(name: str) -> Callable[[object], Hashable]:
        """Return how a lookup's value is compared: a theme without its rules, a listing without its records."""
        if name == "theme_by_id":
            return lambda theme: replace(theme, phrases=(), strong=(), exclude=(), line=0)
        if name == "listing_by_file":
            return lambda listing: replace(listing, records=())
        return lambda value: value

    @staticmethod
    def shown_now(index: CatalogIndex) -> dict[str, dict]:
        """Return every entry of the lookups, as compared, for this build."""
        found = {}
        for name in SiteReads.LOOKUPS:
            show = SiteReads.shown(name)
            found[name] = {key: show(value) for key, value in getattr(index, name).items()}
        return found

    @staticmethod
    def still_hold(found: tuple, shown: dict[str, dict]) -> bool:
        """Tell whether every entry a page read is as it is in this build (``shown_now``)."""
        return all(shown[name].get(key) == value for name, pairs in found for key, value in pairs)


class NotedLookup(Mapping):
    """A read-only mapping that notes each entry read, and each key asked for that it lacks (as None)."""

    def __init__(self, data: Mapping, shown: Callable[[object], Hashable]) -> None:
        self.data, self.shown = data, shown
        self.noted: dict[Hashable, Hashable] = {}

    def __getitem__(self, key: Hashable) -> object:
        try:
            value = self.data[key]
        except KeyError:
            self.noted[key] = None
            raise
        self.noted[key] = self.shown(value)
        return value

    def __contains__(self, key: object) -> bool:
        self.noted[key] = self.shown(self.data[key]) if key in self.data else None
        return key in self.data

    def __iter__(self):
        self.noted.update((key, self.shown(value)) for key, value in self.data.items())
        return iter(self.data)

    def __len__(self) -> int:
        self.noted.update((key, self.shown(value)) for key, value in self.data.items())
        return len(self.data)


class ListPages:
    """Renders the pages that list papers (all papers, a theme's pages, a listing's) and, under
    serve, keeps each by what it reads: an edit renders again only the pages that show a changed paper.

    A page's key holds its template's name, its source, the values it is given (its papers without
    their related papers and map places, as paper pages' keys do), the listing's entries for a
    listing page, and what such pages read of the whole site: the number of papers, the themes and
    their overlaps. The table's context holds the templates' bytes. A template (or a template it
    includes) that reads anything else of the site, or a paper's related papers, place or scores,
    is rendered every time (:func:`list_template_is_memoizable`).
    """

    def __init__(self, environment: Environment, index: CatalogIndex, table: MemoTable, bare: dict[str, Paper]) -> None:
        self.environment = environment
        self.index = index
        self.table = table
        self.bare = bare
        self.memoizable: dict[str, bool] = {}
        self.site = (len(index.catalog.papers), index.catalog.themes, tuple(sorted(index.shared.items()))) if bare else ()

    def render(self, name: str, source: str, **values: object) -> Page:
        """Render template ``name`` into the page at ``source``, or take the page the last build made from the same."""
        if not self.bare:
            return render_page(self.environment, name, source, self.index, **values)
        if name not in self.memoizable:
            self.memoizable[name] = list_template_is_memoizable(self.environment, name)
        if not self.memoizable[name]:
            return render_page(self.environment, name, source, self.index, **values)
        listing = values.get("listing")
        entries = tuple((line, self.bare[paper.id]) for line, paper in
                        self.index.entries_by_listing.get(listing.file, ())) if isinstance(listing, Listing) else ()
        key = (name, source, tuple((value_name, self.frozen(value)) for value_name, value in sorted(values.items())),
               entries, self.site)
        return self.table.get(key, lambda: render_page(self.environment, name, source, self.index, **values))

    def frozen(self, value: object) -> Hashable:
        """Return a value as a key part: papers without their related papers and places, lists as tuples."""
        if isinstance(value, Paper):
            return self.bare[value.id]
        if isinstance(value, (list, tuple)):
            return tuple(self.frozen(item) for item in value)
        if isinstance(value, dict):
            return tuple((item_key, self.frozen(item)) for item_key, item in sorted(value.items()))
        return value


def paper_template_is_memoizable(filename: str | None) -> bool:
    """Tell whether a paper page template reads of the site only what :func:`paper_page_key` covers.

    The memo's key holds the paper, its citation key, its related papers (all but their scores
    and map places) and the templates; a kept page also notes the themes (all but their rules and
    lines), listings (all but their records) and citation keys it read (:class:`SiteReads`). A
    template that reads more of the site (or includes another
    template, which sees all of it), a place on the map, a related paper's score or a theme's
    rules is rendered for every paper every time.
    """
    try:
        source = Path(filename or "").read_text(encoding="utf-8")
    except OSError:
        return False
    source = source.replace("site.paper_by_id[related.paper]", "")  # a related paper: its key part
    if SITE_USE_RE.search(source) or INCLUDES_RE.search(source) or NOT_IN_KEY_RE.search(source):
        return False
    return {match.group(1) for match in SITE_ATTRIBUTE_RE.finditer(source)} <= MEMO_SITE_READS


def templates_digest(templates_dir: Path) -> str:
    """Return a digest of every file below the templates folder, names and bytes."""
    digest = hashlib.blake2b(digest_size=16)
    for path in files_below(templates_dir):
        try:
            digest.update(f"\0{path}\0".encode() + path.read_bytes())
        except OSError:  # gone since it was listed (an editor's temporary file)
            continue
    return digest.hexdigest()


def list_template_is_memoizable(environment: Environment, name: str) -> bool:
    """Tell whether a list page's template, with the templates it includes, reads of the site only
    what :class:`ListPages` keys hold (the themes, their overlaps, the number of papers, the
    page's listing's entries) and nothing of a paper that is left out of them."""
    sources, waiting = {}, [name]
    while waiting:
        current = waiting.pop()
        if current in sources:
            continue
        try:
            sources[current] = JINJA_COMMENT_RE.sub("", environment.loader.get_source(environment, current)[0])
        except jinja2.TemplateNotFound:
            return False
        for match in TEMPLATE_USE_RE.finditer(sources[current]):
            if match.group(1) is None:  # a name worked out while rendering: its reads cannot be known
                return False
            waiting.append(match.group(1)[1:-1])
    code = "\n".join(JINJA_CODE_RE.findall("\n".join(sources.values())))  # what is in {{ }} and {% %}
    code = LIST_SITE_READS_RE.sub("", code)
    return not re.search(r"\bsite\b", code) and not LIST_NOT_IN_KEY_RE.search(code)


def paper_page_key(paper: Paper, index: CatalogIndex, on_map: bool = False,
                   bare: dict[str, Paper] | None = None) -> tuple:
    """Return what one paper page reads of the catalog: the paper, its citation key, its related
    papers, and whether the map draws it (``on_map``).

    The related papers' similarity scores and the papers' places on the map are not on the page
    (an edit elsewhere moves them all a little); everything else of the related papers is.
    ``bare`` holds every paper without them, when the caller made it once for all pages.
    """
    bare = bare if bare is not None else {paper.id: without_scores(paper)} | {
        related.paper: without_scores(index.paper_by_id[related.paper]) for related in paper.related}
    return (bare[paper.id], on_map, index.citation_keys[paper.id],
            tuple(bare[related.paper] for related in paper.related))


def without_scores(paper: Paper) -> Paper:
    """Return the paper without its related papers and its place on the map."""
    return replace(paper, related=(), position=None)


def render_theme_pages(lists: ListPages, template: str, theme_id: str, **context: object) -> list[Page]:
    """Render a theme's page (or the unsorted papers'), newest first, THEME_PAPERS_PER_PAGE papers a page.

    The first page is the theme's, with its description, chart and overlaps; a theme of more
    papers goes on at ``themes/<id>/page-2/``, each page with a pager (a table of thousands of
    rows keeps a phone busy for seconds).
    """
    papers = lists.index.newest_by_theme[theme_id]
    return [lists.render(template, source, **context, papers=chunk, total=len(papers), **pager)
            for source, chunk, pager in paged(papers, THEME_PAPERS_PER_PAGE,
                                              lambda number: addresses.theme_page_source(theme_id, number))]


def paged(papers: tuple[Paper, ...], size: int,
          source_of: Callable[[int], str]) -> list[tuple[str, tuple[Paper, ...], dict]]:
    """Cut a list of papers into pages of ``size``: per page its source (``source_of`` its number
    from 1), its papers, and what the pager partial reads (page_number, page_urls, first_row,
    pager_numbers). An empty list is one empty page."""
    chunks = [papers[start:start + size] for start in range(0, len(papers), size)] or [()]
    sources = [source_of(number) for number in range(1, len(chunks) + 1)]
    urls = [url_of(source) for source in sources]
    return [(source, chunk, {"page_number": number, "page_urls": urls, "first_row": (number - 1) * size + 1,
                             "pager_numbers": pager_numbers(number, len(chunks))})
            for number, (source, chunk) in enumerate(zip(sources, chunks), start=1)]


def render_paper_index(lists: ListPages, memo: Memo | None = None) -> list[Page]:
    """Render the all-papers table, newest first, split into pages of PAPERS_PER_PAGE rows, and
    the data file its filter searches.

    Without JavaScript the pages and their pager list every paper; with it, the filter finds and
    sorts across the whole catalog from the data file and draws only the rows it shows, so a
    page's own rows need not be many (``all-papers/page-2/`` and on hold the rest).
    """
    index = lists.index
    newest = index.newest
    years = sorted({paper.year for paper in newest if paper.year}, reverse=True)
    undated = any(paper.year is None for paper in newest)
    statuses = any(paper.status for paper in newest)  # worked out once, not on each of the pages
    return [lists.render("papers.md.j2", source, sorted_papers=chunk, years=years, undated=undated,
                         statuses=statuses, **pager)
            for source, chunk, pager in paged(newest, PAPERS_PER_PAGE, addresses.papers_page_source)] + [
        render_filter_data(index, memo)]


def pager_numbers(current: int, pages: int) -> list[int]:
    """Return the page numbers a pager shows on page ``current`` of ``pages``, 0 for a gap (…).

    The first and the last page, and PAGER_REACH pages each side of the current one; a gap of
    one page shows that page's number instead.
    """
    shown = {1, pages} | set(range(max(1, current - PAGER_REACH), min(pages, current + PAGER_REACH) + 1))
    numbers: list[int] = []
    for number in sorted(shown):
        if numbers and number - numbers[-1] == 2:
            numbers.append(number - 1)
        elif numbers and number - numbers[-1] > 2:
            numbers.append(0)
        numbers.append(number)
    return numbers


MEMO_SITE_READS = frozenset({"theme_by_id", "listing_by_file", "citation_keys"})
SITE_ATTRIBUTE_RE = re.compile(r"\bsite\.(\w+)")
SITE_USE_RE = re.compile(r"\bsite\b(?!\.(?:theme_by_id|listing_by_file|citation_keys)\b)")
NOT_IN_KEY_RE = re.compile(r"\bposition\b|(?<!\bmatch)\.score\b|\.(?:phrases|strong|exclude)\b|\btheme\.line\b")  # left out of paper_page_key (a theme match's score is in)
INCLUDES_RE = re.compile(r"{%-?\s*(?:include|import|from|extends)\b")
TEMPLATE_USE_RE = re.compile(r"{%-?\s*(?:include|import|from|extends)\s+(\"[^\"]*\"|'[^']*')?")
JINJA_COMMENT_RE = re.compile(r"{#.*?#}", re.S)
JINJA_CODE_RE = re.compile(r"{{.*?}}|{%.*?%}", re.S)
LIST_SITE_READS_RE = re.compile(r"\bsite\.(?:theme_by_id\b|catalog\.themes\b|catalog\.papers\s*\|\s*length\b|overlaps\("
                                r"|entries_by_listing\.get\(listing\.file\b)")
LIST_NOT_IN_KEY_RE = re.compile(r"\b(?:related|position)\b|\.score\b")  # left out of a list page's papers


def make_environment(templates_dir: Path, bytecode_cache: BytecodeCache | None = None,
                     compact: bool = False) -> Environment:
    """Build the Jinja2 environment: autoescape on, missing values fail loudly.

    ``compact``: the exports are published gzipped and themes have no BibTeX file of their own
    (``theme_bibliography`` gives ''), from ``compact_exports_from`` papers on.
    """
    environment = Environment(
        bytecode_cache=bytecode_cache,
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["yaml_text"] = yaml_text
    environment.filters["yaml_plain"] = yaml_plain
    environment.globals.update(search_links=search_links, bibtex_entry=bibtex_entry, link_labels=LINK_LABELS,
                               paper_buttons=paper_buttons, pdf_url=pdf_url, status_labels=STATUS_LABELS,
                               authors_shown=AUTHORS_SHOWN,
                               unsorted_id=UNSORTED_ID, urls=site_urls(compact), compact_exports=compact,
                               theme_bibliography=(lambda theme_id: "") if compact else addresses.theme_bibliography,
                               theme_feed=addresses.theme_feed)
    return environment


def yaml_text(value: str) -> Markup:
    """Quote text for YAML front matter, HTML-escaped because Material prints titles raw."""
    return Markup(json.dumps(str(escape(value)), ensure_ascii=False))


def yaml_plain(value: str) -> Markup:
    """Quote text for YAML front matter as it is (for tag names, which Material escapes)."""
    return Markup(json.dumps(str(value), ensure_ascii=False))


def link_from(page_url: str) -> Callable[[str], str]:
    """Return a function that links from the page served at ``page_url`` to another URL."""
    return lambda to_url: relative_url(page_url, to_url)


def render_page(environment: Environment, template: object, source: str, index: CatalogIndex,
                **values: object) -> Page:
    """Render one template into the page at ``source``, served at its URL."""
    if isinstance(template, str):
        template = environment.get_template(template)
    page_url = url_of(source)
    context: PageContext = {"page_url": page_url, "site": index, "link": link_from(page_url)}
    return Page(source, template.render(**context, **values))


def copy_assets(assets_dir: Path) -> tuple[Page, ...]:
    """Publish the files of the templates folder's ``assets/`` (stylesheet, script, images) as they are."""
    if not assets_dir.is_dir():
        return ()
    return tuple(Page(addresses.asset(path.name), path.read_bytes())
                 for path in sorted(assets_dir.iterdir()) if path.is_file())


def template_error(error: jinja2.TemplateError, settings: Settings) -> TemplateError:
    """Turn Jinja's error into one naming the template (relative to the project) and its line."""

    def label(path: str | None) -> str:
        if not path:
            return str(settings.templates_dir)
        try:
            return str(Path(path).resolve().relative_to(settings.root))
        except ValueError:
            return path

    if isinstance(error, jinja2.TemplateSyntaxError):
        return TemplateError(f"is not a valid template: {error.message}", label(error.filename), error.lineno or 0)
    if isinstance(error, jinja2.TemplateNotFound):
        return TemplateError(f"has no template '{error.name}'", label(None))
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if Path(frame.filename).is_relative_to(settings.templates_dir)]
    file, line = (frames[-1].filename, frames[-1].lineno or 0) if frames else (None, 0)
    return TemplateError(f"cannot be rendered: {error.message}", label(file), line)


def check_unique_paths(pages: tuple[Page, ...]) -> None:
    """Refuse two pages with the same output path."""
    seen: set[str] = set()
    for page in pages:
        if page.path in seen:
            raise OutputError(f"two pages would be written to '{page.path}'")
        seen.add(page.path)

