"""Serve's rebuilds render only the catalog pages whose Markdown changed; the others are reused.

Under ``mkdocs serve`` a saved listing changes a handful of pages: the paper's own, the pages
that list it or name it as related, the exports. MkDocs has no way to render part of a site
(``--dirty`` decides by file times, and the catalog's pages exist only in memory), so the
plugin does it with MkDocs' own means: a catalog page outside the nav whose Markdown is the same
as in the last build, built in the same setting (``setting_key``), joins the files as
``InclusionLevel.EXCLUDED``, so MkDocs neither reads nor renders it, and its HTML from the last
build is written back after the build. What MkDocs and Material would have gathered from the
reused pages is merged in after the build, in the order a whole build gives: their entries in
Material's search index and their lines in the sitemap. So every rebuild leaves the same files
as a whole build of the same inputs (a test checks this byte for byte after a series of edits).

Pages in the nav, pages a person wrote, and static templates are always rendered. Reuse is off
for ``--dirty`` builds and when a plugin the catalog does not know is on (it may read every
page, as Material's tags plugin does for its listings and ``tags.json``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import (
    escape,  # Jinja's escaping, as MkDocs' sitemap template applies it
)
from material import __version__ as material_version
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

# Plugins whose output for a page depends on that page alone (or, for search, is merged here).
KNOWN_PLUGINS = frozenset({"search", "material/search", "paper-catalog"})
SEARCH_INDEX = Path("search") / "search_index.json"
SITEMAP = "sitemap.xml"
SITEMAP_URL_RE = re.compile(r"\n\s*<url>.*?</url>", re.DOTALL)
SITEMAP_LOC_RE = re.compile(r"<loc>(.*?)</loc>")
TITLE_RE = re.compile(r"^title: ?(.*)$", re.MULTILINE)  # in a page's front matter
CONFIG_LEFT_OUT = frozenset({"plugins", "hooks", "watch", "config_file_path", "dev_addr", "strict",
                             "remote_branch", "remote_name", "extra_javascript"})
SKIPPED_FILE_RE = re.compile(r"(^\.|~$|\.sw[a-p]$)")  # editors' swap and backup files


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """One catalog page as the last build wrote it: its Markdown's digest, where it went, its HTML."""

    digest: str
    dest_uri: str
    url: str
    loc: str  # its address in the sitemap
    output: bytes


@dataclass
class PageReuse:
    """What the last build rendered, kept on the plugin from one serve rebuild to the next."""

    enabled: bool = False  # under serve, not dirty
    setting: str = ""  # the setting key of the pages kept below
    pages: dict[str, RenderedPage] = field(default_factory=dict)  # by source path
    search: dict[str, list] = field(default_factory=dict)  # each page's search entries, by URL
    sitemap: dict[str, str] = field(default_factory=dict)  # each page's sitemap lines, by its <loc>
    # This build's plan:
    digests: dict[str, str] = field(default_factory=dict)  # the Markdown digest of each catalog page
    reused: dict[str, RenderedPage] = field(default_factory=dict)
    rendered: dict[str, str] = field(default_factory=dict)  # URL -> sitemap <loc> of each page rendered
    order: list[str] = field(default_factory=list)  # the URLs of all documentation pages, in build order
    off_because: str = ""
    finished: bool = True  # the last build got to finish(): what is kept is whole
    stash: Path | None = None  # the last build's site, set aside before MkDocs cleans the folder
    clearing: threading.Thread | None = None  # removes the rest of the last stash

    def set_aside(self, site_dir: Path) -> None:
        """Move the last build's site aside (``on_pre_build``), so its pages can be moved back, not written.

        MkDocs empties the site folder before each build; renaming a page's folder back costs
        far less than writing the page again.
        """
        if self.clearing is not None:
            self.clearing.join()
            self.clearing = None
        if self.stash is not None and self.stash.is_dir():
            return  # the last build failed before finish(): the stash still holds the pages before it
        self.stash = None
        if not self.setting or not self.pages:
            return
        stash = site_dir.with_name(site_dir.name + ".catalog-last-build")
        try:
            if stash.exists():
                shutil.rmtree(stash)
            site_dir.rename(stash)
            site_dir.mkdir()
        except OSError:
            return
        self.stash = stash

    def clear_stash(self) -> None:
        """Remove what is left of the last build's site, in the background."""
        if self.stash is not None:
            self.clearing = threading.Thread(target=shutil.rmtree, args=(self.stash,), kwargs={"ignore_errors": True},
                                             name="catalog-clear-last-build", daemon=True)
            self.clearing.start()
            self.stash = None

    def close(self) -> None:
        """Remove the last stash, even of a build that failed (``on_shutdown``): serve leaves no folder behind."""
        self.clear_stash()
        if self.clearing is not None:
            self.clearing.join()
            self.clearing = None

    def plan(self, config: MkDocsConfig, files: Files, generated: dict[str, str], in_nav: set[str],
             settings: str = "") -> int:
        """Mark the catalog pages that can be reused as excluded; return how many.

        ``generated`` maps each catalog page's source path to its Markdown; ``in_nav`` names
        those that are in the nav (always rendered); ``settings`` the catalog's settings as they
        bear on every page (``minify_html``). After a build that did not finish, nothing is reused.
        """
        finished, self.finished = self.finished, False
        self.reused, self.rendered = {}, {}
        self.off_because = self.why_off(config)
        if self.off_because == "not serving":  # mkdocs build: nothing to keep for a next build
            self.digests, self.setting = {}, ""
            return 0
        self.digests = {path: digest(text) for path, text in generated.items()}
        setting = setting_key(config, files, generated, in_nav, settings)
        if self.off_because or setting != self.setting or not finished:
            self.forget()
            self.setting = "" if self.off_because else setting
        self.order = [page_url(file) for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve)]
        if self.off_because:
            return 0
        for path, page_digest in self.digests.items():
            kept = self.pages.get(path)
            if path in in_nav or kept is None or kept.digest != page_digest:
                continue
            file = files.get_file_from_path(path)
            if file is None or file.dest_uri != kept.dest_uri:
                continue
            file.inclusion = InclusionLevel.EXCLUDED
            self.reused[path] = kept
        return len(self.reused)

    def why_off(self, config: MkDocsConfig) -> str:
        """Say why this build cannot reuse pages, or return ''."""
        if not self.enabled:
            return "not serving"
        others = unknown_plugins(config)
        if others:
            return f"the {', '.join(others)} plugin{'s' if len(others) > 1 else ''} may read every page"
        return ""

    def forget(self) -> None:
        """Drop everything kept from earlier builds."""
        self.pages, self.search, self.sitemap = {}, {}, {}

    def keep(self, page: Page, output: str) -> None:
        """Keep a catalog page's HTML as this build wrote it (``on_post_page``)."""
        if not self.setting:
            return
        path = page.file.src_uri
        loc = sitemap_loc(page)
        if path in self.digests:
            self.pages[path] = RenderedPage(self.digests[path], page.file.dest_uri, page.url, loc, output.encode("utf-8"))
        self.rendered[page.url] = loc

    def adopt(self, pages: dict[str, RenderedPage]) -> None:
        """Keep the pages a split build's second process rendered, as if this process had."""
        if not self.setting:
            return
        self.pages.update(pages)
        self.rendered.update({page.url: page.loc for page in pages.values()})

    def finish(self, site_dir: Path, search_on: bool, folders: tuple[str, ...] = ()) -> None:
        """Write the reused pages and merge their search entries and sitemap lines (``on_post_build``).

        ``folders`` of the last build's site are moved back as they were (the Pagefind index, until
        a new one takes its place).
        """
        if not self.setting:
            self.clear_stash()
            return
        for name in folders:
            if self.stash is not None and (self.stash / name).is_dir() and not (site_dir / name).exists():
                try:
                    (self.stash / name).rename(site_dir / name)
                except OSError:
                    pass
        for path in list(self.pages):
            if path not in self.digests:
                del self.pages[path]  # a page the catalog no longer makes
        for kept in self.reused.values():
            self.put_back(site_dir, kept)
        self.clear_stash()
        if search_on:
            self.merge_search_index(site_dir / SEARCH_INDEX)
        self.merge_sitemap(site_dir / SITEMAP)
        self.finished = True

    def put_back(self, site_dir: Path, kept: RenderedPage) -> None:
        """Put a reused page into the site: its folder moved back from the stash, else its HTML written."""
        target = site_dir / kept.dest_uri
        if self.stash is not None:
            source = self.stash / kept.dest_uri
            try:
                if not target.parent.exists() and os.listdir(source.parent) == [source.name]:
                    target.parent.parent.mkdir(parents=True, exist_ok=True)
                    source.parent.rename(target.parent)  # the page's own folder, holding only the page
                    return
                target.parent.mkdir(parents=True, exist_ok=True)
                source.rename(target)
                return
            except OSError:
                pass
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(kept.output)

    def merge_search_index(self, path: Path) -> None:
        """Put the reused pages' entries back into Material's search index, in build order."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        found: dict[str, list] = {url: [] for url in self.rendered}
        for entry in data.get("docs", []):
            found.setdefault(str(entry.get("location", "")).split("#", 1)[0], []).append(entry)
        self.search.update(found)
        if not self.reused:
            return
        data["docs"] = [entry for url in self.order for entry in self.search.get(url, ())]
        write_search_index(path, data)

    def merge_sitemap(self, path: Path) -> None:
        """Put the reused pages' URLs back into the sitemap (and its .gz), in build order."""
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            return
        entries = SITEMAP_URL_RE.findall(text)
        for entry in entries:
            loc = SITEMAP_LOC_RE.search(entry)
            if loc:
                self.sitemap[loc.group(1)] = entry
        if not self.reused or not entries:
            return
        start = text.index(entries[0])
        end = text.rindex(entries[-1]) + len(entries[-1])
        locs = {**{kept.url: kept.loc for kept in self.reused.values()}, **self.rendered}
        merged = "".join(self.sitemap[locs[url]] for url in self.order if locs.get(url) in self.sitemap)
        write_sitemap(path, text[:start] + merged + text[end:])


def unknown_plugins(config: MkDocsConfig) -> list[str]:
    """Name the plugins on in this site that the catalog does not know (they may read every page)."""
    return sorted(name for name, plugin in config.plugins.items()  # hooks: modules, without a config
                  if name not in KNOWN_PLUGINS and getattr(getattr(plugin, "config", None), "enabled", True))


def write_search_index(path: Path, data: dict) -> None:
    """Write Material's search index as Material writes it (material/plugins/search/plugin.py,
    generate_search_index)."""
    path.write_bytes(json.dumps(data, separators=(",", ":"), default=str).encode("utf-8"))


def write_sitemap(path: Path, text: str) -> None:
    """Write the sitemap, and its .gz as MkDocs writes it (mkdocs/commands/build.py,
    _build_theme_template), keeping the .gz's timestamp."""
    path.write_text(text, encoding="utf-8")
    compressed = Path(f"{path}.gz")
    try:
        mtime = int.from_bytes(compressed.read_bytes()[4:8], "little")
    except OSError:
        return
    with open(compressed, "wb") as stream, gzip.GzipFile(fileobj=stream, filename=str(compressed),
                                                          mode="wb", mtime=mtime) as gz:
        gz.write(text.encode("utf-8"))


def digest(text: str | bytes) -> str:
    """Return the digest of a page's Markdown."""
    return hashlib.blake2b(text.encode("utf-8") if isinstance(text, str) else text, digest_size=16).hexdigest()


def page_url(file: File) -> str:
    """Return the URL a file's page will have (``Page.url``: the home page's is '', not './')."""
    return "" if file.url in (".", "./") else file.url


def sitemap_loc(page: Page) -> str:
    """Return the <loc> MkDocs' sitemap gives a page (HTML-escaped as its template does)."""
    return str(escape(page.canonical_url or page.abs_url or ""))


# validation.nav.absolute_links: relative_to_docs, MkDocs' value for "/a.md in the nav is docs/a.md"
# (the IntEnum mkdocs.structure.pages keeps to itself).
ABSOLUTE_LINKS_RELATIVE_TO_DOCS = -1


def nav_sources(config: MkDocsConfig, files: Files) -> set[str]:
    """Return the source paths of the pages the nav will hold, as MkDocs finds them (mkdocs.structure.nav):
    the pages the configured ``nav`` names, else every page not marked as left out of the nav."""
    if config.nav is None:
        return {file.src_uri for file in files.documentation_pages() if file.inclusion.is_in_nav()}
    found: set[str] = set()
    waiting: list[object] = [config.nav]
    while waiting:
        item = waiting.pop()
        if isinstance(item, dict):
            waiting.extend(item.values())
        elif isinstance(item, list):
            waiting.extend(item)
        elif isinstance(item, str):
            path = item.lstrip("/") if item.startswith("/") and \
                config.validation.nav.absolute_links == ABSOLUTE_LINKS_RELATIVE_TO_DOCS else item
            file = files.get_file_from_path(path)
            if file is not None and file.is_documentation_page():
                found.add(file.src_uri)
    return found


def setting_key(config: MkDocsConfig, files: Files, generated: dict[str, str], in_nav: Iterable[str],
                settings: str = "") -> str:
    """Return a digest of what a catalog page's HTML depends on besides its own Markdown.

    The site's configuration as loaded (every key but those that cannot change a page: so the
    serve address, environment variables, the repository link, the author and description
    count), each plugin's options (Material's search strips attributes when on), the catalog's
    settings, the templates that wrap every page, the nav (the titles of the pages in it, and
    the pages a person wrote), the build date (the sitemap's lastmod) and the installed Material.
    """
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(repr(sorted((key, repr(value)) for key, value in config.items() if key not in CONFIG_LEFT_OUT))
                  .encode())
    hasher.update(repr(([str(script) for script in config.extra_javascript], settings, get_build_date(),
                        material_version)).encode())
    for name, plugin in config.plugins.items():
        options = getattr(plugin, "config", None)
        hasher.update(f"\0plugin {name} {sorted((key, repr(value)) for key, value in dict(options or {}).items())}"
                      .encode())
    for folder in config.theme.dirs:
        for path in sorted(Path(folder).rglob("*")) if "site-packages" not in folder else ():
            if SKIPPED_FILE_RE.search(path.name):
                continue
            try:
                hasher.update(f"\0{path}\0".encode() + path.read_bytes() if path.is_file() else b"")
            except OSError:  # gone since it was listed (an editor's temporary file)
                continue
    for path in sorted(in_nav):
        titles = TITLE_RE.search(generated[path].split("\n---", 1)[0]) if path in generated else None
        hasher.update(f"\0nav {path} {titles.group(1) if titles else ''}".encode())
    for file in files.documentation_pages():
        if file.src_uri not in generated:
            hasher.update(f"\0page {file.src_uri}\0".encode() + digest(file.content_bytes).encode("ascii"))
    return hasher.hexdigest()
