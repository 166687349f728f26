"""The orchestrator: read the seeds, build the catalog, render it, write it.

It reads as the pipeline: first gather and check everything, then write. Stages talk only
through the values they return.
"""

from __future__ import annotations

from dataclasses import dataclass

from .export import render_catalog_json, render_catalog_schema
from .fingerprint import input_fingerprint, pack_state, unpack_catalog
from .exports import render_exports
from .feeds import render_feeds
from .merge import merge_duplicates
from .models import Catalog, Page, Problem, Severity
from .normalize import normalize_records
from .parse import read_listings
from .related import find_related
from .render import check_unique_paths, render_site
from .settings import Settings
from .slugs import assign_slugs
from .taxonomy import load_taxonomy
from .themes import assign_themes
from .write import WriteResult, read_state, unchanged_result, write_pages, write_state


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a run produced: the catalog (with its problems) and what was written."""

    catalog: Catalog
    written: WriteResult | None

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


def build_catalog(settings: Settings, settings_problems: tuple[Problem, ...] = ()) -> Catalog:
    """Run every stage from the listings to the finished catalog, gathering problems."""
    listings, parse_problems = read_listings(settings.seeds_dir)
    papers, normalize_problems = normalize_records(listings)
    papers, merge_problems = merge_duplicates(papers)
    papers, slug_problems = assign_slugs(papers)
    taxonomy, taxonomy_problems = load_taxonomy(settings.themes_file)
    papers, theme_problems = assign_themes(papers, taxonomy)
    papers = find_related(papers, settings.related_count, settings.related_min_score)
    problems = (settings_problems + parse_problems + normalize_problems + merge_problems
                + slug_problems + taxonomy_problems + theme_problems)
    return Catalog(papers=papers, listings=listings, themes=taxonomy.themes,
                   problems=tuple(sorted(problems, key=Problem.sort_key)))


def render_outputs(catalog: Catalog, settings: Settings) -> tuple[Page, ...]:
    """Render every output file: the Markdown site and the data exports."""
    pages = (render_site(catalog, settings) + (render_catalog_json(catalog), render_catalog_schema())
             + render_exports(catalog, settings.site_url) + render_feeds(catalog, settings.site_url))
    check_unique_paths(pages)
    return pages


def run(settings: Settings, settings_problems: tuple[Problem, ...] = (), write: bool = True) -> BuildReport:
    """Build the catalog and, unless only checking, write the docs tree and exports.

    When nothing the build reads has changed since the last run and its files are all there,
    the last run's catalog is reused and nothing is rendered or written.
    """
    if not write:
        return BuildReport(build_catalog(settings, settings_problems), None)
    fingerprint = input_fingerprint(settings, settings_problems)
    saved = unpack_catalog(read_state(settings.docs_dir), fingerprint)
    if saved is not None:
        return BuildReport(saved, unchanged_result(settings.docs_dir))
    # First gather and check everything…
    catalog = build_catalog(settings, settings_problems)
    pages = render_outputs(catalog, settings)
    # …then write the files.
    written = write_pages(settings.docs_dir, pages)
    write_state(settings.docs_dir, pack_state(fingerprint, catalog))
    return BuildReport(catalog, written)
