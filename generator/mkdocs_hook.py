"""MkDocs hook: run the generator before MkDocs reads docs/, in ``build`` and ``serve``.

Catalog errors (records or files dropped) are logged as MkDocs warnings, so ``mkdocs build
--strict`` fails on them; catalog warnings (kept but guessed or changed) are logged as info
lines. ``catalog check --strict`` is the command that fails on those.

After the build, ``search = "pagefind"`` indexes the site with Pagefind, and the site and its
search index are measured against ``site_budget_mb`` and ``search_budget_mb``: passing one is a
warning (so ``--strict`` fails), otherwise the sizes are an info line.

In between, the page events hand each page's marked HTML regions past Markdown and, for the
unindexed ones, past the search plugin (see ``generator/passthrough.py``), and the parts of
Material's page that do not show the page (header, navigation, tabs, footer, styles, scripts)
are rendered once per folder for the pages that are not in the nav
(``site_templates/overrides/main.html``): on a large catalog that is nearly every page.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Callable
from pathlib import Path

import material
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
from markupsafe import Markup
from material.plugins.tags.structure.tag import Tag
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator import build
from generator.budgets import check_budgets, format_sizes, measure_site
from generator.models import Severity
from generator.pagefind_index import PagefindError, find_pagefind, index_site, use_pagefind
from generator.passthrough import Cut, PassthroughError, cut, restore
from generator.report import format_problem, format_report, label_for
from generator.settings import load_settings
from generator.write import UnsafePathError, read_manifest

log = logging.getLogger("mkdocs.hooks.catalog")
# The pages the generator wrote (paths in docs/), and the HTML regions cut out of each page's
# Markdown, by the same path, until they are put back.
generated_pages: set[str] = set()
cuts: dict[str, Cut] = {}
# Page chrome shared by the pages outside the nav, by (part, parent folder, depth); and, by page
# URL, the (parent folder, depth) a page shares its chrome by, or None for a page in the nav.
chrome_cache: dict[tuple[str, str, int], Markup] = {}
chrome_folders: dict[str, tuple[str, int] | None] = {}
MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Generate docs/ from the seeds, then feed the theme names to the tags plugin."""
    cuts.clear()
    root = Path(config.config_file_path).parent
    settings, settings_problems = load_settings(root, docs_dir=config.docs_dir, site_url=config.site_url or "")
    try:
        report = build.run(settings, settings_problems)
    except (UnsafePathError, OSError) as error:
        raise Abort(f"catalog: {error}") from error
    generated_pages.clear()
    generated_pages.update(read_manifest(Path(settings.docs_dir).resolve()))
    seeds_label = Path(settings.seeds_dir).name
    labels = {settings.themes_file.name: label_for(settings.themes_file, root)}
    for problem in report.catalog.problems:
        line = format_problem(problem, seeds_label, labels)
        (log.warning if problem.severity is Severity.ERROR else log.info)(line)
    log.info(format_report(report.catalog, seeds_label, strict=False)[-1])
    if settings.strict and report.failed(strict=True):
        raise Abort("catalog: failed in strict mode (strict = true in [tool.paper-catalog])")
    tags_plugin = config.plugins.get("material/tags")
    if tags_plugin is not None:
        tags_plugin.config.tags_allowed.update(Tag(theme.name) for theme in report.catalog.themes)
    config.extra["theme_pages"] = {theme.name: f"themes/{theme.id}/" for theme in report.catalog.themes}
    if settings.search == "pagefind":
        try:
            find_pagefind()
        except PagefindError as error:
            raise Abort(f"catalog: {error}") from error
        use_pagefind(config)
    return config


def on_env(env: Environment, **_: object) -> Environment:
    """Let the overrides include Material's own partials, and give them the chrome cache."""
    chrome_cache.clear()
    chrome_folders.clear()
    env.loader = ChoiceLoader([env.loader, PrefixLoader({"material": FileSystemLoader(str(MATERIAL_TEMPLATES))})])
    env.globals.update(catalog_chrome_key=chrome_key, catalog_cached=cached_chrome)
    return env


def chrome_key(part: str, page: Page | None, nav: Navigation | None) -> tuple[str, str, int] | None:
    """Return the cache key of a part of the page chrome on a page, or None when it must be rendered.

    A page in the nav is marked active in it and has neighbours in the footer, so its chrome is
    its own; so is a page with nav pages below it (its links to them are short). Any other page
    gets the same HTML as the other pages in the same folder (``papers/a/`` and ``papers/b/``):
    its links are relative to that folder. The 404 page (no page) is rendered as usual.
    """
    if page is None or nav is None:
        return None
    if page.url not in chrome_folders:  # the same for every part of the page: decided once
        own = page in nav.pages or any(other.url.startswith(page.url) for other in nav.pages)
        chrome_folders[page.url] = None if own else (posixpath.dirname(page.url.rstrip("/")), page.url.count("/"))
    folder = chrome_folders[page.url]
    return None if folder is None else (part, *folder)


def cached_chrome(key: tuple[str, str, int] | None, caller: Callable[[], str]) -> Markup:
    """Render a ``{% call %}`` block once per key and reuse it; render it every time without a key."""
    if key is None:
        return Markup(caller())
    html = chrome_cache.get(key)
    if html is None:
        html = chrome_cache[key] = Markup(caller())
    return html


def on_page_markdown(markdown: str, *, page: Page, **_: object) -> str:
    """Cut a generated page's marked HTML regions out before Markdown reads it."""
    if page.file.src_uri not in generated_pages:
        return markdown  # a page someone added to docs/: Markdown reads it as written
    markdown, page_cut = cut(markdown)
    if page_cut.regions:
        cuts[page.file.src_uri] = page_cut
    return markdown


def on_page_content(html: str, *, page: Page, **_: object) -> str:
    """Put the searchable regions back into the page's HTML, before search reads it."""
    page_cut = cuts.get(page.file.src_uri)
    if page_cut is None:
        return html
    # MkDocs checks links to #anchors against the ids it saw; it did not see the regions'.
    page.present_anchor_ids = set(page.present_anchor_ids or ()) | page_cut.anchor_ids()
    return restore_regions(html, page, "indexed")


@event_priority(-100)  # after every plugin, the search plugin included
def on_page_context(context: dict, *, page: Page, **_: object) -> dict:
    """Put the unindexed regions back, once search has read the page."""
    page.content = restore_regions(page.content or "", page, "unindexed")
    cuts.pop(page.file.src_uri, None)
    return context


def restore_regions(html: str, page: Page, stage: str) -> str:
    """Put one stage of a page's regions back, naming the page if a placeholder went missing."""
    page_cut = cuts.get(page.file.src_uri)
    if page_cut is None:
        return html
    try:
        return restore(html, page_cut, stage)
    except PassthroughError as error:
        raise PluginError(f"catalog: {page.file.src_uri}: {error}") from error


def on_post_build(config: MkDocsConfig) -> None:
    """Index the site with Pagefind when asked, then check the site and search index sizes."""
    # The settings' problems were reported by on_config; only the search and budgets are read here.
    settings, _ = load_settings(Path(config.config_file_path).parent)
    site_dir = Path(config.site_dir)
    if settings.search == "pagefind":
        try:
            summary = index_site(site_dir, find_pagefind())
        except PagefindError as error:
            raise Abort(f"catalog: {error}") from error
        for line in summary.splitlines():
            log.debug(line)
    sizes = measure_site(site_dir, settings.search)
    for message in check_budgets(sizes, settings.site_budget_mb, settings.search_budget_mb):
        log.warning(message)
    log.info(format_sizes(sizes, settings.site_budget_mb, settings.search_budget_mb))
