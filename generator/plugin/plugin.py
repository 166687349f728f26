"""The MkDocs plugin: build the catalog and hand its pages to MkDocs, in ``build`` and ``serve``.

Add ``- paper-catalog`` under ``plugins:`` in ``mkdocs.yml`` (with Material as the theme) and
the site gets the catalog: the generator runs once per build, when MkDocs collects its files
(``on_files``), and its pages join them as files that exist only in memory
(``File.generated``), so nothing is written into the watched ``docs_dir`` and an edit under
``mkdocs serve`` causes exactly one rebuild. Pages a person writes in ``docs_dir`` are built as
usual; one at the path of a generated page replaces it.

The plugin also brings what the pages need: Material's template overrides of the templates
folder, the catalog's stylesheet and script, ``attr_list``, and (``search = "pagefind"``)
Material's search switched off by its own ``enabled`` option in favour of Pagefind.

Under ``mkdocs serve`` the plugin keeps what a build worked out for the next one: the generator
redoes only the listings, papers and pages an edit touches (``generator/memo.py``), and MkDocs
renders only the catalog pages whose Markdown changed, the others' HTML, search entries and
sitemap lines put back as a whole build would write them (``reuse.py``); Pagefind indexes after
the rebuild (``pagefind_index.BackgroundIndex``).

Catalog errors (records or files dropped) are logged as MkDocs warnings, so ``mkdocs build
--strict`` fails on them; catalog warnings are info lines, and fail the build only with
``strict = true`` in the settings. A failure that stops the run is one line and exit status 1.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from difflib import get_close_matches
from pathlib import Path
from urllib.parse import urlsplit

import material.templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, TemplateError
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator import build
from generator.addresses import ASSETS, NAV_PAGES, PAGEFIND_BUNDLE, SEARCH_PAGE, asset
from generator.budgets import check_budgets, format_sizes, measure_site
from generator.cache import TemplateCache
from generator.errors import CatalogError
from generator.memo import Memo
from generator.models import Problem, Severity
from generator.pagefind_index import BackgroundIndex, find_pagefind, index_site
from generator.passthrough import Cut, cut, restore
from generator.plugin.chrome import (
    ChromeCache,
    compact_config,
    drop_nav_list,
    insert_before,
    replace_once,
)
from generator.plugin.chrome_assets import ChromeAssets
from generator.plugin.collector import IdleCollector
from generator.plugin.config import CatalogConfig
from generator.plugin.minify import minify_page
from generator.plugin.progress import Progress
from generator.plugin.rebuilds import RebuildLog, snapshot
from generator.plugin.reuse import PageReuse, nav_sources
from generator.plugin.site_config import site_facts
from generator.plugin.split import SplitBuild
from generator.render import SITE_URLS
from generator.report import grouped_problems, label_for, summary_line
from generator.settings import NO_CACHE_VARIABLE, PLUGIN_NAME, Settings, load_settings
from generator.write import read_manifest

log = logging.getLogger(f"mkdocs.plugins.{PLUGIN_NAME}")
MATERIAL_TEMPLATES = Path(material.templates.__file__).parent
MATERIAL_SEARCH = ("material/search", "search")
# The address mkdocs.yml ships with until SITE_URL is set: links built on it lead nowhere.
EXAMPLE_HOSTS = frozenset({"example.github.io"})
STYLESHEETS = ("catalog.css",)
SCRIPTS = ("catalog.js",)



def deferred_script(path: str) -> ExtraScriptValue:
    """Return a script of the catalog's as MkDocs' extra_javascript entry that runs after parsing
    (``defer``): it only sets up forms and tables once the page is read, so it need not hold up
    the page's first paint."""
    script = ExtraScriptValue(path)
    script.defer = True
    return script

class CatalogPlugin(BasePlugin[CatalogConfig]):
    """Build the catalog and add its pages to the site; keep its state on the instance.

    MkDocs keeps one instance for the whole of ``mkdocs serve`` (the plugin has
    ``on_startup``); everything a build finds is reset when the next build starts.
    """

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.search = "material"  # this build's search engine: set by on_config, or by on_files for "auto"
        self.rebuilds = RebuildLog()  # what the last build read and printed, for serve's rebuilds
        self.reuse = PageReuse()  # the last build's pages, for serve's rebuilds
        self.split = SplitBuild()  # mkdocs build of a large catalog: half the pages in a second process
        self.command, self.dirty = "build", False
        self.memo = Memo()  # what the last build worked out, for serve's rebuilds
        self.indexer: BackgroundIndex | None = None  # serve's rebuilds: Pagefind, after the build
        self.collector = IdleCollector()  # serve's rebuilds: the garbage collector's pass, after the build
        self.progress = Progress()  # pages read and written, for a long build's progress lines
        self.started = 0.0
        self.settings_problems: tuple[Problem, ...] = ()
        self.report: build.BuildReport | None = None
        self.generated: set[str] = set()
        self.cuts: dict[str, Cut] = {}
        self.chrome = ChromeCache()
        self.chrome_assets = ChromeAssets()
        self.theme_names: set[str] = set()
        self.server: LiveReloadServer | None = None
        self.previous_sigterm: object = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Under serve, keep pages for the next rebuild; make SIGTERM stop the process as cleanly as Ctrl-C."""
        self.reuse.enabled = command == "serve" and not dirty
        self.command, self.dirty = command, dirty
        if threading.current_thread() is threading.main_thread() and \
                signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            self.previous_sigterm = signal.signal(signal.SIGTERM, stop_like_ctrl_c)

    def on_shutdown(self) -> None:
        """Stop a Pagefind run still going; give SIGTERM back its earlier handling."""
        self.split.stop()
        if self.indexer is not None:
            self.indexer.stop()
        self.collector.stop()
        self.reuse.close()
        if self.previous_sigterm is not None and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self.previous_sigterm)
            self.previous_sigterm = None

    @event_priority(50)  # before the search plugin reads its own `enabled` option
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Read the settings and make the configuration fit the catalog's pages."""
        self.started = time.monotonic()
        self.report, self.generated, self.cuts = None, set(), {}
        self.chrome, self.chrome_assets = ChromeCache(), ChromeAssets()
        config_name = Path(config.config_file_path).name
        try:
            self.settings, self.settings_problems = settings, _ = load_settings(
                Path(config.config_file_path).parent, site_facts(config, self.config),
                cache=False if os.environ.get(NO_CACHE_VARIABLE) else None)
        except CatalogError as error:
            raise Abort(f"catalog: {error}") from None
        if urlsplit(config.site_url or "").hostname in EXAMPLE_HOSTS:
            log.warning(f"catalog: site_url is {config.site_url}, an example address: the feed, papers.csv and "
                        f"every page's canonical link point there. Set the address the site is published at: "
                        f"SITE_URL=https://<user>.github.io/<repo>/ (the Pages workflow sets it), or site_url "
                        f"in {config_name}")
        if not config.use_directory_urls:
            raise Abort(f"catalog: the catalog's pages link to each other as folders: "
                        f"set use_directory_urls: true in {config_name}")
        if config.theme.name != "material":
            raise Abort(f"catalog: the catalog's pages are made for Material for MkDocs: "
                        f"set theme: name: material in {config_name}")
        overrides = settings.templates_dir / "overrides"
        if overrides.is_dir() and str(overrides) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(overrides))
        shipped = [name for name in STYLESHEETS + SCRIPTS if (settings.templates_dir / ASSETS / name).is_file()]
        config.extra_css.extend(asset(name) for name in STYLESHEETS
                                if name in shipped and asset(name) not in config.extra_css)
        scripts = {str(script) for script in config.extra_javascript}
        config.extra_javascript.extend(deferred_script(asset(name)) for name in SCRIPTS
                                       if name in shipped and asset(name) not in scripts)
        if not any(str(extension).endswith("attr_list") for extension in config.markdown_extensions):
            config.markdown_extensions.append("attr_list")
        # "auto" waits for the catalog's size (on_files); a chosen engine is set up now.
        self.search = settings.search if settings.search != "auto" else ""
        if settings.search == "pagefind":
            self.use_pagefind(config, overrides)
        return config

    def use_pagefind(self, config: MkDocsConfig, overrides: Path) -> None:
        """Switch Material's search off (its own ``enabled`` option) and add the Pagefind search page."""
        try:
            find_pagefind()
        except CatalogError as error:
            raise Abort(f"catalog: {error}") from None
        for name in MATERIAL_SEARCH:
            search = config.plugins.get(name)
            if search is not None:
                search.config.enabled = False  # read by each of its events, so it may be turned off up to on_files
        if not (overrides / SEARCH_PAGE).is_file():
            raise Abort(f"catalog: search = \"pagefind\" needs the search page {overrides / SEARCH_PAGE}")
        config.theme.static_templates.add(SEARCH_PAGE)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Under serve, stop indexing the last build; set its site aside before MkDocs empties the folder."""
        if self.indexer is not None:
            self.indexer.stop()
            self.indexer = None
        if self.reuse.enabled and self.memo.builds:  # a rebuild (the first build is long: Python collects)
            self.collector.hold()
        self.reuse.set_aside(Path(config.site_dir))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Build the catalog and add its pages to the site's files."""
        settings = self.settings
        root = settings.root
        inputs = snapshot((settings.seeds_dir, settings.themes_file, settings.templates_dir,
                           root / "pyproject.toml", Path(config.config_file_path)))
        cause = self.rebuilds.start(inputs, lambda path: label_for(path, root))
        if cause is not None:
            log.info(f"catalog: rebuilding: {cause}")
        try:
            report = build.run(settings, self.settings_problems, memo=self.memo if self.reuse.enabled else None)
        except CatalogError as error:
            raise Abort(f"catalog: {error}") from None
        except OSError as error:
            raise Abort(f"catalog: {error.filename or ''}: {error.strerror or error}") from None
        self.report = report
        self.watch_inputs()
        if settings.search == "auto":
            self.search = settings.search_for(len(report.catalog.papers))
            if self.search == "pagefind":
                self.use_pagefind(config, settings.templates_dir / "overrides")
            if self.search != self.rebuilds.search:  # said on the first build, and when it changes
                log.info(f"catalog: search with {self.search} ({len(report.catalog.papers)} papers; "
                         f"search = \"auto\" takes Pagefind from {settings.pagefind_from})")
                self.rebuilds.search = self.search
        seeds_label = label_for(settings.seeds_dir, root)
        labels = {settings.themes_file.name: label_for(settings.themes_file, root)}
        grouped = grouped_problems(report.catalog.problems, seeds_label, labels)
        shown, repeated = self.rebuilds.new_lines([line for _, line in grouped], first=cause is None)
        for severity, line in grouped:
            if line in shown:
                (log.warning if severity is Severity.ERROR else log.info)(line)
        if repeated:
            log.info(f"catalog: {repeated} report lines as in the last build are not repeated (catalog check lists them)")
        if report.reused:
            log.info("catalog: nothing it reads changed since the last build; its pages were reused")
        log.info(summary_line(report.catalog_index()))
        if settings.strict and report.failed(strict=True):
            raise Abort("catalog: failed in strict mode (strict = true in the settings)")
        docs_dir = Path(config.docs_dir)
        ignore_generated_tree(files, docs_dir, label_for(docs_dir, root))
        self.generated = set()
        for page in report.pages:
            if files.get_file_from_path(page.path) is not None:
                log.info(f"{label_for(docs_dir / page.path, root)} replaces the catalog's own page {page.path}")
                continue
            inclusion = InclusionLevel.UNDEFINED if page.path in NAV_PAGES or not page.path.endswith(".md") \
                else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.path, content=page.text, inclusion=inclusion))
            self.generated.add(page.path)
        self.theme_names = {theme.name for theme in report.catalog.themes}
        # Under serve, leave out of this build the catalog pages it can reuse from the last one: here,
        # before MkDocs makes the nav, which makes a page object for every page left in.
        generated = {page.path: page.text for page in self.report.pages
                     if page.path in self.generated and page.path.endswith(".md")}
        self.reuse.plan(config, files, generated, nav_sources(config, files), repr(self.settings))
        return files

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        """On a long first build, hand part of the catalog's pages to a second process."""
        generated = {page.path for page in self.report.pages if page.path in self.generated and page.path.endswith(".md")}
        in_nav = {page.file.src_uri for page in nav.pages}
        self.split = SplitBuild()
        candidates = [file.src_uri for file in files.documentation_pages()
                      if file.src_uri in generated and file.src_uri not in in_nav]
        if not self.split.why_off(config, bool(self.rebuilds.cause), self.dirty, len(candidates),
                                  self.settings.split_from):
            self.split.start(config, files, candidates, in_nav)
            if not self.split.child:
                log.info(f"catalog: {len(self.split.pages):,} of the {len(candidates):,} catalog pages outside "
                         "the nav are rendered in a second process")
        # A split build's halves are alike: the main process's lines say how far both are (one bar, not two).
        self.progress.start(0 if self.split.child else len(files.documentation_pages(inclusion=InclusionLevel.is_in_serve)))
        return nav

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """Note the page MkDocs reads now (a split build's second process tells its warnings apart)."""
        self.split.reading(page)
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Cut a generated page's marked HTML regions out before Markdown reads it; check others' tags."""
        if page.file.src_uri not in self.generated:
            self.check_tags(page)
            return markdown  # a page someone wrote: Markdown reads it as written
        markdown, page_cut = cut(markdown)
        if page_cut.regions:
            self.cuts[page.file.src_uri] = page_cut
        return markdown

    def say_progress(self) -> None:
        """Count a page read or written; log a progress line at every tenth of a long build."""
        line = self.progress.step()
        if line:
            log.info(line)

    def check_tags(self, page: Page) -> None:
        """Refuse a tag on a page a person wrote that is not a theme (``check_tags = false`` allows it)."""
        if not self.settings.check_tags or not page.meta:
            return
        tags = page.meta.get("tags") or []
        for tag in tags if isinstance(tags, list) else [tags]:
            if str(tag) not in self.theme_names:
                close = get_close_matches(str(tag), self.theme_names, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise PluginError(f"catalog: {page.file.src_uri}: tag '{tag}' is not a theme of "
                                  f"{self.settings.themes_file.name}{hint}; on this site tags are themes "
                                  "(check_tags = false allows others)")

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Put the searchable regions back into the page's HTML, before search reads it."""
        self.say_progress()
        page_cut = self.cuts.get(page.file.src_uri)
        if page_cut is None:
            return html
        # MkDocs checks links to #anchors against the ids it saw; it did not see the regions'.
        page.present_anchor_ids = set(page.present_anchor_ids or ()) | page_cut.anchor_ids()
        return self.restore_regions(html, page, "indexed")

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Let the overrides include Material's own templates; give them the chrome cache and the catalog's URLs."""
        env.loader = ChoiceLoader([env.loader, PrefixLoader({"material": FileSystemLoader(str(MATERIAL_TEMPLATES))})])
        if self.settings.cache:
            env.bytecode_cache = TemplateCache(self.settings.root)  # Material's templates, compiled once
        catalog = self.report.catalog
        env.globals.update(
            catalog_chrome_key=self.chrome.key, catalog_cached=self.chrome.cached,
            catalog_cached_header=self.chrome.header, catalog_replace_once=replace_once,
            catalog_insert_before=insert_before, catalog_urls=SITE_URLS,
            catalog_externalize=self.chrome_assets.externalize, catalog_compact_config=compact_config,
            catalog_tabs_in_drawer=self.chrome.tabs_in_drawer, catalog_drop_nav_list=drop_nav_list,
            catalog_theme_pages={theme.name: theme.url for theme in catalog.themes},
            catalog_pagefind_search=SITE_URLS["search"] if self.search == "pagefind" else "",
        )
        return env

    @event_priority(-100)  # after every plugin, the search plugin included
    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
        """Put the unindexed regions back, once search has read the page."""
        self.split.reading(page)
        page.content = self.restore_regions(page.content or "", page, "unindexed")
        self.cuts.pop(page.file.src_uri, None)
        return context

    def restore_regions(self, html: str, page: Page, stage: str) -> str:
        """Put one stage of a page's regions back, naming the page if a placeholder went missing."""
        page_cut = self.cuts.get(page.file.src_uri)
        if page_cut is None:
            return html
        try:
            return restore(html, page_cut, stage)
        except CatalogError as error:
            raise PluginError(f"catalog: {page.file.src_uri}: {error}") from None

    @event_priority(-100)  # after the search plugin has written its index, and MkDocs its sitemap
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the reused pages and the chrome's icons and scripts, index the site with Pagefind
        when asked, check the sizes."""
        if self.split.child:
            # The second process of a split build ends here.
            self.split.hand_over(self.reuse.pages, (self.chrome_assets.icons, self.chrome_assets.scripts))
        settings = self.settings
        site_dir = Path(config.site_dir)
        kept, (icons, scripts) = self.split.finish(site_dir, search_on=self.search == "material")
        self.reuse.adopt(kept)
        self.chrome_assets.icons.update(icons)
        self.chrome_assets.scripts.update(scripts)
        in_background = self.search == "pagefind" and bool(self.reuse.setting and self.rebuilds.cause)
        self.reuse.finish(site_dir, search_on=self.search == "material",
                          folders=(PAGEFIND_BUNDLE,) if in_background else ())
        self.chrome_assets.write(site_dir)
        try:
            if in_background:  # a serve rebuild: the last index serves until the new one is in place
                self.indexer = BackgroundIndex(site_dir, find_pagefind(), self.indexed)
            elif self.search == "pagefind":
                for line in index_site(site_dir, find_pagefind()).splitlines():
                    log.debug(line)
        except CatalogError as error:
            raise Abort(f"catalog: {error}") from None
        except OSError as error:
            raise Abort(f"catalog: cannot run pagefind: {error}") from None
        if not (self.rebuilds.cause and self.reuse.reused):  # a serve rebuild's few pages do not move the sizes
            sizes = measure_site(site_dir, self.search)
            for message in check_budgets(sizes, settings.site_budget_mb, settings.search_budget_mb):
                log.warning(message)
            log.info(format_sizes(sizes, settings.site_budget_mb, settings.search_budget_mb))
        if self.rebuilds.cause and self.report is not None:
            how = "the catalog reused" if self.report.reused else f"{len(self.report.catalog.papers)} papers built again"
            rendered = len(self.reuse.digests) - len(self.reuse.reused)
            how += (f"; {rendered} pages rendered, {len(self.reuse.reused)} unchanged pages reused" if self.reuse.setting
                    else f"; every page rendered: {self.reuse.off_because}" if self.reuse.off_because != "not serving" else "")
            log.info(f"catalog: rebuilt in {time.monotonic() - self.started:.1f} s ({self.rebuilds.cause}; {how})")
        self.collector.release()

    def indexed(self, seconds: float, error: str) -> None:
        """Say that Pagefind's index of a rebuild is in place (or why not): it comes after the page."""
        if error:
            log.warning(f"catalog: {error}")
        else:
            log.info(f"catalog: search index updated in {seconds:.1f} s (Pagefind, after the rebuild)")

    @event_priority(-100)  # after every plugin: the page as it will be written
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Minify the page's HTML (a quarter of a paper page is indentation and blank lines)."""
        if self.settings.minify_html:
            output = minify_page(output)
        self.reuse.keep(page, output)
        self.split.rendered(page)
        self.say_progress()
        return output

    @event_priority(-100)  # after every plugin: it may end the build with a message of its own
    def on_build_error(self, *, error: Exception) -> None:
        """A failed build: a split build's second process tells the main one why, the main one
        stops it; a theme template's error is said with its place, without a traceback."""
        message = template_failure(error) if isinstance(error, TemplateError) else ""
        self.collector.release()
        if self.split.child:
            self.split.fail(message or error)
        self.split.stop()
        if message:
            raise Abort(message)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        """Rebuild when a listing, the taxonomy, a template or the settings change."""
        self.server = server
        self.watch_inputs()
        return server

    def watch_inputs(self) -> None:
        """Under serve, watch what the build reads; a later build adds what its settings name anew."""
        if self.server is None:
            return
        settings = self.settings
        for path in (settings.seeds_dir, settings.themes_file, settings.templates_dir,
                     settings.root / "pyproject.toml"):
            if path.exists():
                self.server.watch(str(path))  # the server watches each path once


def ignore_generated_tree(files: Files, docs_dir: Path, docs_label: str) -> None:
    """Leave out of the site the files ``catalog generate`` wrote into ``docs_dir``, with one warning.

    Such a tree (or one an earlier version wrote there) holds pages the plugin makes itself,
    maybe stale ones; its manifest names them, so pages a person wrote are never left out.
    """
    manifest = read_manifest(docs_dir)
    stale = [file for file in files if file.src_uri in manifest]
    for file in stale:
        files.remove(file)
    if stale:
        log.warning(f"{docs_label}/ holds {len(stale)} files that `catalog generate` wrote (listed in "
                    f"{docs_label}/.catalog-files); they are left out, since the plugin makes these pages "
                    "itself: delete them, or generate into another folder with `catalog generate --out`")


def template_failure(error: TemplateError) -> str:
    """Say where a theme template (an override, Material's own) failed, from the template's frames
    that Jinja puts into the traceback, and why."""
    where = ""
    frame = error.__traceback__
    while frame is not None:
        name = frame.tb_frame.f_code.co_filename
        if name.endswith(".html") and "site-packages" not in name:
            where = f"{name}:{frame.tb_lineno}"  # the innermost template of the site's own
        frame = frame.tb_next
    return f"catalog: a theme template failed{' at ' + where if where else ''}: {error}"


def stop_like_ctrl_c(signum: int, frame: object) -> None:
    """Turn SIGTERM into KeyboardInterrupt, so MkDocs removes its temporary site and workers stop."""
    raise KeyboardInterrupt
