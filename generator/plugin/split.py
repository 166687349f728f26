"""``mkdocs build`` of a large catalog renders its pages in two processes, one per core.

MkDocs renders one page after another on one core; at 10,000 papers that is most of a build.
When the catalog has ``split_from`` pages or more outside the nav (a setting, 2,000 by default),
the plugin forks the build once the nav is made (``on_nav``), so the second process starts with
everything the first has worked out (the catalog, the files, the nav). Each then leaves out of its build, with MkDocs'
own means (``InclusionLevel.EXCLUDED``, as serve's page reuse does), the pages the other renders:

- the main process renders the pages in the nav, the static templates, the theme's files and
  every other one of the catalog's pages outside the nav;
- the second process renders the rest of those pages, writing them into the site where the main
  process would have, and the pages in the nav again (their titles make every page's nav) into
  a folder of its own, with its own sitemap and search index. It stops in ``on_post_build``,
  and hands the main process what MkDocs and Material gathered from its pages (their sitemap
  lines and search entries) and every warning it logged.

The main process waits for it in ``on_post_build``, logs its warnings (so ``--strict`` counts
them) and merges its pages' sitemap lines and search entries into the site's, in the order one
process gives, so the site is the same, byte for byte, as a build in one process (a test checks
this). Serve's first build splits too (its server has not started), and its page reuse keeps
the second process's pages for the next build. Off for serve's rebuilds (the server's threads
make forking unsafe), for ``--dirty`` builds, with a plugin the catalog does not know (it may
read every page), on one core and with ``PAPER_CATALOG_WORKERS=1``.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import shutil
import signal
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.parallel import can_fork, start_child, worker_count
from generator.plugin.reuse import (
    SEARCH_INDEX,
    SITEMAP,
    SITEMAP_LOC_RE,
    SITEMAP_URL_RE,
    page_url,
    sitemap_loc,
    unknown_plugins,
    write_search_index,
    write_sitemap,
)


class CaptureWarnings(logging.Handler):
    """In the second process: keep the warnings (and worse) about its own pages for the main process.

    It renders the pages in the nav too, which the main process renders and warns about itself:
    a warning logged while one of those is read or written, or that names one of them ("Doc
    file 'index.md' …", as MkDocs' link checks do), is left to the main process.
    """

    def __init__(self, others: frozenset[str]) -> None:
        super().__init__(logging.WARNING)
        self.others = others  # the source paths of the pages the main process also renders
        self.current = ""  # the page being read or written, if any
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if self.current in self.others or any(f"'{path}'" in message for path in self.others):
            return
        self.records.append((record.name, record.levelno, message))


@dataclass
class SplitBuild:
    """One build's split: the pages the second process renders, and how to reach it."""

    pid: int = 0  # in the main process: the second process; 0 when the build is not split
    child: bool = False  # this is the second process
    pages: frozenset[str] = frozenset()  # source paths of the pages the second process renders
    order: list[str] = field(default_factory=list)  # the URLs of all pages, in build order
    locs: dict[str, str] = field(default_factory=dict)  # URL -> sitemap <loc> of each page this process rendered
    result: Path | None = None  # where the second process leaves what it gathered
    folder: Path | None = None  # the second process's own site folder (sitemap, search index, nav pages)
    capture: CaptureWarnings | None = None

    def why_off(self, config: MkDocsConfig, rebuild: bool, dirty: bool, pages: int, split_from: int) -> str:
        """Say why this build renders in one process, or return ''.

        Serve's first build splits as ``mkdocs build`` does (its server has not started yet); its
        rebuilds do not, since the server's threads run then.
        """
        if rebuild:
            return "a serve rebuild"
        if dirty:
            return "a dirty build"
        if pages < max(split_from, 2):
            return f"{pages} pages (split from {split_from})"
        if worker_count() < 2:
            return "one core"
        if not can_fork():
            return "other threads run"
        others = unknown_plugins(config)
        if others:
            return f"the {', '.join(others)} plugin may read every page"
        return ""

    def start(self, config: MkDocsConfig, files: Files, candidates: list[str], in_nav: set[str]) -> None:
        """Fork the build: each process leaves out the other's pages (``on_nav``).

        ``candidates`` are the catalog's pages outside the nav, in build order; the second
        process takes every other one. ``in_nav`` names the pages in the nav.
        """
        self.order = [page_url(file) for file in files.documentation_pages(inclusion=InclusionLevel.is_included)]
        self.pages = frozenset(candidates[1::2])
        descriptor, name = tempfile.mkstemp(prefix="catalog-split-", suffix=".pickle")
        os.close(descriptor)
        self.result = Path(name)
        self.folder = Path(tempfile.mkdtemp(prefix="catalog-split-site-"))
        pid = start_child()
        if pid:  # the main process
            self.pid = pid
            for path in self.pages:
                files.get_file_from_path(path).inclusion = InclusionLevel.EXCLUDED
            return
        self.child = True
        folder = str(self.folder)
        for file in files:
            if file.src_uri in self.pages:
                continue
            if file.src_uri in in_nav:
                file.abs_dest_path = os.path.join(folder, file.dest_uri)  # read for the nav, written aside
            else:
                file.inclusion = InclusionLevel.EXCLUDED
        self.capture = CaptureWarnings(frozenset(in_nav))
        mkdocs_log = logging.getLogger("mkdocs")
        for handler in mkdocs_log.handlers:
            handler.addFilter(lambda record: False)  # the main process says what this one found
        mkdocs_log.addHandler(self.capture)
        config.site_dir = folder  # the sitemap, the search index and any extra template go aside too
        config.extra_templates = []

    def reading(self, page: Page) -> None:
        """Note the page MkDocs reads or renders now (``on_pre_page``, ``on_page_context``)."""
        if self.capture is not None:
            self.capture.current = page.file.src_uri

    def rendered(self, page: Page) -> None:
        """Note a page's sitemap address as it is written (``on_post_page``)."""
        if self.pid or self.child:
            self.locs[page.url] = sitemap_loc(page)
        if self.capture is not None:
            self.capture.current = ""

    def hand_over(self, kept: dict, chrome: tuple[dict, dict]) -> None:
        """In the second process (``on_post_build``): leave what it gathered, and stop.

        ``kept`` holds, under serve, its pages as serve's page reuse keeps them for the next build;
        ``chrome`` the icons and scripts its pages refer to (``chrome_assets.py``).
        """
        code = 0
        try:
            gathered = {"warnings": self.capture.records if self.capture else [], "error": "", "locs": self.locs,
                        "kept": {path: page for path, page in kept.items() if path in self.pages}, "chrome": chrome,
                        "search": read_search_entries(self.folder / SEARCH_INDEX),
                        "sitemap": read_sitemap_lines(self.folder / SITEMAP)}
        except BaseException as error:  # noqa: BLE001 - whatever it is, the main process must hear of it
            gathered, code = {"error": f"{type(error).__name__}: {error}"}, 1
        self.leave(gathered, code)

    def fail(self, error: BaseException | str) -> None:
        """In the second process (``on_build_error``): tell the main process why, and stop."""
        self.leave({"error": str(error) or type(error).__name__,  # a message, or the exception
                    "warnings": self.capture.records if self.capture else []}, 1)

    def leave(self, gathered: dict, code: int) -> None:
        """Write what the second process gathered for the main one, and end the process there."""
        try:
            self.result.write_bytes(pickle.dumps(gathered, protocol=pickle.HIGHEST_PROTOCOL))
        finally:
            os._exit(code)

    def finish(self, site_dir: Path, search_on: bool) -> tuple[dict, tuple[dict, dict]]:
        """In the main process (``on_post_build``): wait for the second, merge what it gathered;
        return its pages as serve's page reuse keeps them, and its chrome's icons and scripts."""
        if not self.pid:
            return {}, ({}, {})
        pid, self.pid = self.pid, 0
        try:
            _, status = os.waitpid(pid, 0)
            try:
                gathered = pickle.loads(self.result.read_bytes())
            except (OSError, EOFError, pickle.UnpicklingError):
                gathered = {"error": f"it stopped without a word (exit status {status})"}
        finally:
            self.clean()
        for name, level, message in gathered.get("warnings", ()):
            logging.getLogger(name).log(level, message)
        if gathered.get("error"):
            why = str(gathered["error"]).removeprefix("catalog: ")
            raise PluginError(f"catalog: rendering half of the pages in a second process failed: {why}")
        locs = {**gathered["locs"], **self.locs}
        if search_on:
            merge_search_index(site_dir / SEARCH_INDEX, self.order, gathered["search"])
        merge_sitemap(site_dir / SITEMAP, self.order, locs, gathered["sitemap"])
        return gathered["kept"], gathered["chrome"]

    def stop(self) -> None:
        """In the main process, when its build fails: stop the second one and clean up."""
        if self.child:
            return
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGTERM)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = 0
        self.clean()

    def clean(self) -> None:
        """Remove the hand-over file and the second process's own folder."""
        if self.result is not None:
            self.result.unlink(missing_ok=True)
            self.result = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def read_search_entries(path: Path) -> dict[str, list]:
    """Return the entries of a Material search index, by the URL of their page."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    entries: dict[str, list] = {}
    for entry in data.get("docs", []):
        entries.setdefault(str(entry.get("location", "")).split("#", 1)[0], []).append(entry)
    return entries


def read_sitemap_lines(path: Path) -> dict[str, str]:
    """Return the ``<url>`` entries of a sitemap, by their ``<loc>``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    lines = {}
    for entry in SITEMAP_URL_RE.findall(text):
        loc = SITEMAP_LOC_RE.search(entry)
        if loc:
            lines[loc.group(1)] = entry
    return lines


def merge_search_index(path: Path, order: list[str], others: dict[str, list]) -> None:
    """Add the second process's pages' entries to the site's search index, in build order."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    entries = {**others, **read_search_entries(path)}
    data["docs"] = [entry for url in order for entry in entries.get(url, ())]
    write_search_index(path, data)


def merge_sitemap(path: Path, order: list[str], locs: dict[str, str], others: dict[str, str]) -> None:
    """Add the second process's pages' lines to the sitemap (and its .gz), in build order."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return
    entries = SITEMAP_URL_RE.findall(text)
    if not entries:
        return
    lines = {**others, **read_sitemap_lines(path)}
    start = text.index(entries[0])
    end = text.rindex(entries[-1]) + len(entries[-1])
    merged = "".join(lines[locs[url]] for url in order if locs.get(url) in lines)
    write_sitemap(path, text[:start] + merged + text[end:])
