"""Render the catalog into Markdown pages with the Jinja2 templates of ``site_templates/``.

Everything that comes from a listing (titles, abstracts, URLs) is written inside raw HTML
blocks and HTML-escaped by Jinja's autoescape, so Markdown, HTML, Jinja or TeX syntax in a
listing is shown literally and never changes a page's structure. Links between generated pages
are relative (``../../themes/x/``), so the site works under any sub-path.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .bibtex import bibtex_entry
from .catalog_map import render_catalog_map
from .charts import render_stats_charts, render_year_chart
from .links import relative_url, search_links
from .models import Catalog, Page, Paper, Theme
from .parallel import map_ranges
from .settings import Settings
from .slugs import assign_listing_slugs
from .themes import related_themes

NEWEST_ON_HOME = 12
PAPERS_PER_PAGE = 1000  # rows per all-papers page; the filter lays out at most this many
PARALLEL_FROM = 1000  # papers; fewer are rendered in this process
UNSORTED_ID = "unsorted"
ASSETS = "assets"
LINK_LABELS = {"code": "Code", "project": "Project page", "other": "Link"}


class DuplicatePathError(Exception):
    """Two pages would be written to the same path."""


@dataclass(frozen=True, slots=True)
class SiteIndex:
    """Lookups every page template needs, computed once per build."""

    catalog: Catalog
    theme_by_id: dict[str, Theme]
    papers_by_theme: dict[str, tuple[Paper, ...]]
    paper_by_id: dict[str, Paper]
    listing_url: dict[str, str]
    listing_title: dict[str, str]
    listing_papers: dict[str, tuple[tuple[int, Paper], ...]]
    theme_overlaps: dict[str, tuple[tuple[str, int], ...]]


class PageContext(TypedDict):
    """What every template gets: the page's own URL and a function to link from it."""

    page_url: str
    link: object
    site: SiteIndex


def render_site(catalog: Catalog, settings: Settings) -> tuple[Page, ...]:
    """Render every Markdown page of the site, plus the static assets it uses."""
    environment = make_environment(settings.templates_dir)
    site = index_site(catalog)
    newest = sorted(catalog.papers, key=newest_first)
    pages = [
        render_page(environment, "home.md.j2", "index.md", "", site, newest=newest[:NEWEST_ON_HOME]),
        render_page(environment, "themes.md.j2", "themes/index.md", "themes/", site),
        render_page(environment, "listings.md.j2", "listings/index.md", "listings/", site),
        render_page(environment, "tags.md.j2", "tags.md", "tags/", site),
        render_page(environment, "about.md.j2", "about.md", "about/", site),
        render_page(environment, "stats.md.j2", "stats.md", "stats/", site, charts=render_stats_charts(catalog)),
        render_page(environment, "map.md.j2", "map.md", "map/", site, catalog_map=render_catalog_map(catalog, "../")),
        render_page(environment, "unsorted.md.j2", f"themes/{UNSORTED_ID}.md", f"themes/{UNSORTED_ID}/", site),
    ]
    pages += render_paper_index(environment, site, newest)
    paper_template = environment.get_template("paper.md.j2")

    def render_papers(start: int, stop: int) -> list[Page]:
        return [render_page(environment, paper_template, f"papers/{paper.id}.md", paper.url, site, paper=paper)
                for paper in catalog.papers[start:stop]]

    pages += map_ranges(render_papers, len(catalog.papers), serial_below=PARALLEL_FROM)
    for theme in catalog.themes:
        pages.append(render_page(environment, "theme.md.j2", f"themes/{theme.id}.md", f"themes/{theme.id}/",
                                 site, theme=theme,
                                 year_chart=render_year_chart(site.papers_by_theme.get(theme.id, ()))))
    for listing in catalog.listings:
        url = site.listing_url[listing.file]
        pages.append(render_page(environment, "listing.md.j2", url.rstrip("/") + ".md", url, site, listing=listing))
    return tuple(pages) + copy_assets(settings.templates_dir / ASSETS)


def render_paper_index(environment: Environment, site: SiteIndex, newest: list[Paper]) -> list[Page]:
    """Render the all-papers table, newest first, split into pages of PAPERS_PER_PAGE rows.

    One page keeps every row visible without JavaScript; past a few thousand rows it would weigh
    megabytes, so a large catalog gets numbered pages (``all-papers/page-2/``) with a pager. At
    1,000 rows a page the filter repaints in about 60 ms in Chromium; at 2,000, about 140 ms,
    nearly all of it the browser laying out the table.
    """
    chunks = [newest[start:start + PAPERS_PER_PAGE] for start in range(0, len(newest), PAPERS_PER_PAGE)] or [[]]
    urls = ["papers/"] + [f"all-papers/page-{number}/" for number in range(2, len(chunks) + 1)]
    years = sorted({paper.year for paper in newest if paper.year}, reverse=True)
    template = environment.get_template("papers.md.j2")
    return [render_page(environment, template, url.rstrip("/") + ("/index.md" if index == 0 else ".md"), url,
                        site, sorted_papers=chunk, years=years, page_number=index + 1, page_urls=urls,
                        first_row=index * PAPERS_PER_PAGE + 1)
            for index, (url, chunk) in enumerate(zip(urls, chunks))]


def make_environment(templates_dir: Path) -> Environment:
    """Build the Jinja2 environment: autoescape on, missing values fail loudly."""
    environment = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["yaml_text"] = yaml_text
    environment.filters["yaml_plain"] = yaml_plain
    environment.globals.update(search_links=search_links, bibtex_entry=bibtex_entry,
                               link_labels=LINK_LABELS, unsorted_id=UNSORTED_ID)
    return environment


def yaml_text(value: str) -> Markup:
    """Quote text for YAML front matter, HTML-escaped because Material prints titles raw."""
    return Markup(json.dumps(str(escape(value)), ensure_ascii=False))


def yaml_plain(value: str) -> Markup:
    """Quote text for YAML front matter as it is (for tag names, which Material escapes)."""
    return Markup(json.dumps(str(value), ensure_ascii=False))


def index_site(catalog: Catalog) -> SiteIndex:
    """Compute the lookups shared by all pages."""
    papers_by_theme: dict[str, list[Paper]] = defaultdict(list)
    for paper in catalog.papers:
        for theme_id in paper.themes:
            papers_by_theme[theme_id].append(paper)
        if not paper.themes:
            papers_by_theme[UNSORTED_ID].append(paper)
    listing_papers: dict[str, list[tuple[int, Paper]]] = defaultdict(list)
    for paper in catalog.papers:
        for source in paper.sources:
            listing_papers[source.listing].append((source.line, paper))
    listing_slugs = assign_listing_slugs(tuple(listing.file for listing in catalog.listings))
    return SiteIndex(
        catalog=catalog,
        theme_by_id={theme.id: theme for theme in catalog.themes},
        papers_by_theme={theme_id: tuple(sorted(papers, key=newest_first))
                         for theme_id, papers in papers_by_theme.items()},
        paper_by_id={paper.id: paper for paper in catalog.papers},
        listing_url={listing.file: f"listings/{listing_slugs[listing.file]}/" for listing in catalog.listings},
        listing_title={listing.file: listing.title for listing in catalog.listings},
        listing_papers={file: tuple(sorted(papers, key=lambda item: item[0]))
                        for file, papers in listing_papers.items()},
        theme_overlaps=related_themes(catalog.papers, catalog.themes),
    )


def newest_first(paper: Paper) -> tuple[bool, str, str]:
    """Sort key: dated papers newest first, then undated ones, each by slug."""
    return (paper.published is None, invert_date(paper.published or ""), paper.id)


def invert_date(iso: str) -> str:
    """Turn an ISO date into a string that sorts in reverse date order."""
    return "".join(str(9 - int(char)) if char.isdigit() else char for char in iso)


def render_page(environment: Environment, template: object, path: str, page_url: str,
                site: SiteIndex, **values: object) -> Page:
    """Render one template into a page at ``path``, served at ``page_url``."""
    if isinstance(template, str):
        template = environment.get_template(template)
    context: PageContext = {"page_url": page_url, "site": site,
                            "link": lambda to_url: relative_url(page_url, to_url)}
    return Page(path, template.render(**context, **values))


def copy_assets(assets_dir: Path) -> tuple[Page, ...]:
    """Publish the stylesheet and script from the templates folder under ``assets/``."""
    if not assets_dir.is_dir():
        return ()
    return tuple(Page(f"{ASSETS}/{path.name}", path.read_text(encoding="utf-8"))
                 for path in sorted(assets_dir.iterdir()) if path.is_file())


def check_unique_paths(pages: tuple[Page, ...]) -> None:
    """Refuse two pages with the same output path."""
    seen: set[str] = set()
    for page in pages:
        if page.path in seen:
            raise DuplicatePathError(f"two pages would be written to '{page.path}'")
        seen.add(page.path)

