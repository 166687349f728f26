"""The orchestrator: read the seeds, build the catalog, render it, and hand the pages on.

It reads as the pipeline: first gather and check everything, then write. Stages talk only
through the values they return. The pages go to the MkDocs plugin in memory, or to a folder
(``catalog generate``) through ``write.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .cache import cache_file, input_fingerprint, read_cache, write_cache
from .catalog_index import CatalogIndex, index_catalog
from .curation import curate_papers, edit_themes
from .export import render_catalog_json, render_catalog_schema
from .exports import compress_exports, render_exports
from .feeds import render_feeds
from .layout import place_papers
from .memo import Memo, memo_table
from .merge import merge_duplicates
from .models import Catalog, Page, Paper, Problem, Severity
from .normalize import normalize_records
from .readers import read_listings
from .related import search_related, vectorize_papers, with_related, word_analyzer
from .related_update import update_related
from .render import check_unique_paths, render_site
from .settings import Settings
from .slugs import assign_listing_slugs, assign_slugs
from .taxonomy import load_taxonomy
from .themes import assign_themes
from .write import WriteResult, write_pages


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a run produced: the catalog (with its problems), its pages, and what was written.

    ``reused`` tells that nothing the build reads had changed, so the last build's catalog and
    pages were taken from the cache.
    """

    catalog: Catalog
    pages: tuple[Page, ...] = ()
    written: WriteResult | None = None
    reused: bool = False
    index: CatalogIndex | None = None  # the catalog grouped, when this run rendered it

    def catalog_index(self) -> CatalogIndex:
        """Return the catalog grouped for pages and reports (grouped once per run)."""
        return self.index if self.index is not None else index_catalog(self.catalog)

    @property
    def errors(self) -> int:
        """Count the errors: records or files that were dropped."""
        return sum(1 for problem in self.catalog.problems if problem.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """Count the warnings: records kept but changed or guessed."""
        return sum(1 for problem in self.catalog.problems if problem.severity is Severity.WARNING)

    def failed(self, strict: bool) -> bool:
        """Tell whether the run should exit non-zero."""
        return self.errors > 0 or (strict and self.warnings > 0)


def build_catalog(settings: Settings, settings_problems: tuple[Problem, ...] = (), memo: Memo | None = None) -> Catalog:
    """Run every stage from the listings to the finished catalog, gathering problems.

    With a memo (serve's rebuilds), the stages that treat each listing or paper on its own redo
    only what changed since the last build; the catalog is the same as without one.
    """
    listings, parse_problems = read_listings(settings.seeds_dir, memo)
    listings = assign_listing_slugs(listings)
    papers, normalize_problems = normalize_records(listings, memo)
    papers, merge_problems = merge_duplicates(papers)
    papers, slug_problems = assign_slugs(papers)
    papers, curation = curate_papers(papers, listings, settings.seeds_dir)
    taxonomy, taxonomy_problems = load_taxonomy(settings.themes_file)
    papers, theme_problems = assign_themes(papers, taxonomy, memo)
    papers, theme_edit_problems = edit_themes(papers, curation, tuple(theme.id for theme in taxonomy.themes))
    papers = relate_and_place(papers, settings, memo)
    problems = (settings_problems + parse_problems + normalize_problems + merge_problems
                + slug_problems + curation.problems + taxonomy_problems + theme_problems + theme_edit_problems)
    return Catalog(papers=papers, listings=listings, themes=taxonomy.themes,
                   problems=tuple(sorted(problems, key=Problem.sort_key)))


def relate_and_place(papers: tuple[Paper, ...], settings: Settings, memo: Memo | None = None) -> tuple[Paper, ...]:
    """Find each paper's related papers and place it on the map, from the papers' shared vectors.

    Both read only each paper's id, title, abstract and themes, in catalog order: when none of
    these changed since the last build (a note, a status, an author or a date edited under
    serve), the last build's related papers and positions are the ones this build would find.
    When some did, each text's words are the last build's where the text is the same, and the
    related papers are searched again only for the papers the change can reach
    (``related_update``); the map's layout is made again.
    """
    context = (settings.related_count, settings.related_min_score)
    table = memo_table(memo, "related and positions", context)
    key = tuple((paper.id, paper.key, paper.title, paper.abstract, paper.themes) for paper in papers)
    if key not in table:
        vectors = vectorize_papers(papers, word_analyzer(memo_table(memo, "words")))
        searches = memo_table(memo, "related search", context)
        search = update_related(searches.take("last"), papers, vectors.matrix, vectors.columns,
                                vectors.word_columns, *context)
        search = search or search_related(papers, vectors, *context)
        searches["last"] = search
        placed = place_papers(with_related(papers, search), vectors)
        table[key] = tuple((paper.related, paper.position) for paper in placed)
    return tuple(replace(paper, related=related, position=position)
                 for paper, (related, position) in zip(papers, table[key]))


def render_outputs(catalog: Catalog, settings: Settings, memo: Memo | None = None,
                   index: CatalogIndex | None = None) -> tuple[Page, ...]:
    """Render every output file: the Markdown site and the data exports."""
    index = index if index is not None else index_catalog(catalog)
    compact = settings.compact_exports(len(catalog.papers))
    pages = (render_site(index, settings, memo) + (render_catalog_json(index), render_catalog_schema())
             + render_exports(index, settings.site_url, compact, memo) + render_feeds(index, settings.site_url, settings.site_name, memo))
    if compact:
        pages = compress_exports(pages)
    check_unique_paths(pages)
    return pages


def run(settings: Settings, settings_problems: tuple[Problem, ...] = (), out_dir: Path | None = None,
        memo: Memo | None = None) -> BuildReport:
    """Build the catalog and render its pages; write them into ``out_dir`` when one is given.

    With the cache on and nothing the build reads changed since the last run, the last run's
    catalog and pages are reused and nothing is built again.
    """
    if memo is not None:
        memo.start()
    fingerprint = input_fingerprint(settings, settings_problems) if settings.cache else None
    cache = cache_file(settings.root, settings)
    saved = read_cache(cache, fingerprint) if fingerprint else None
    index = None
    # First gather and check everything…
    if saved is not None:
        catalog, pages, tables = saved
        if memo is not None and tables:  # serve started from the cache: its first edit is redone incrementally
            memo.adopt(tables)
    else:
        catalog = build_catalog(settings, settings_problems, memo)
        index = index_catalog(catalog)
        pages = render_outputs(catalog, settings, memo, index)
    # …then write the files.
    written = write_pages(out_dir, pages) if out_dir is not None else None
    # Serve's rebuilds (with a memo kept from a first build) leave the cache as that build wrote it:
    # writing it again would cost a second or more at 10,000 papers on every save.
    if fingerprint and saved is None and (memo is None or memo.builds == 1):
        write_cache(cache, fingerprint, catalog, pages, memo.tables if memo is not None else None)
    return BuildReport(catalog, pages, written, reused=saved is not None, index=index)
