"""Render the parts of Material's page that do not show the page once per folder, and reuse them.

On a large catalog nearly every page is a paper, theme or listing page outside the nav, and
such a page's header, navigation, tabs, footer, styles, scripts and configuration are the same
HTML as every other page's in the same folder: its links are relative to that folder. The
overrides in ``site_templates/overrides`` wrap those parts of Material's templates in
``{% call catalog_cached(catalog_chrome_key(part, page, nav)) %}``; the header, which holds the
page's title, is cached with a placeholder for it (:meth:`ChromeCache.header`).

Pages in the nav, and pages with nav pages below them, render their chrome as usual (the nav
marks them active; their footer names their neighbours). So does the 404 page (no page).
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

ChromeKey = tuple[str, str, int]
TITLE_PLACEHOLDER = "catalog-chrome-page-title"
HTML_SAFE_JSON = (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027"))
NAV_LIST_RE = re.compile(r'\s*<ul class="md-nav__list" data-md-scrollfix>.*</ul>', re.DOTALL)
CONFIG_RE = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)


class ChromeCache:
    """The shared chrome of one build, by (part, parent folder, depth)."""

    def __init__(self) -> None:
        self.enabled = True
        self.parts: dict[ChromeKey, str] = {}
        self.folders: dict[str, tuple[str, int] | None] = {}

    def key(self, part: str, page: Page | None, nav: Navigation | None) -> ChromeKey | None:
        """Return the cache key of a part of the chrome on a page, or None when it must be rendered."""
        if not self.enabled or not self.outside_nav(page, nav):
            return None
        return (part, *self.folders[page.url])

    def outside_nav(self, page: Page | None, nav: Navigation | None) -> bool:
        """Say whether a page is outside the nav, with no nav page below it (its chrome is its folder's)."""
        if page is None or nav is None:
            return False
        if page.url not in self.folders:  # the same for every part of the page: decided once
            own = page in nav.pages or any(other.url.startswith(page.url) for other in nav.pages)
            self.folders[page.url] = None if own else (posixpath.dirname(page.url.rstrip("/")), page.url.count("/"))
        return self.folders[page.url] is not None

    def tabs_in_drawer(self, page: Page | None, nav: Navigation | None, features: list[str]) -> bool:
        """Say whether a page's drawer shows the tabs instead of a list of its own (see drop_nav_list).

        So on the pages outside the nav, when the tabs are on (below the header) and the nav has no
        sections: then the drawer's list and the tabs hold the same links, and no page is marked
        in either. Pages in the nav keep Material's drawer, which marks them and lists their
        headings.
        """
        return (self.outside_nav(page, nav) and "navigation.tabs" in features
                and "navigation.tabs.sticky" not in features and not any(item.is_section for item in nav.items))

    def cached(self, key: ChromeKey | None, caller: Callable[[], str]) -> Markup:
        """Render a ``{% call %}`` block once per key and reuse it; render it every time without a key."""
        if key is None:
            return Markup(caller())
        html = self.parts.get(key)
        if html is None:
            html = self.parts[key] = caller()
        return Markup(html)

    def header(self, key: ChromeKey | None, page: Page | None, caller: Callable[[], str]) -> Markup:
        """Render the header once per key with a placeholder title, then put each page's title in.

        Material's header prints ``page.meta.title`` as it is; every generated page has one. A
        page without one, or a header that does not print it exactly once, is rendered as usual.
        """
        title = page.meta.get("title") if page is not None and page.meta else None
        if key is None or not isinstance(title, str):
            return Markup(caller())
        html = self.parts.get(key)
        if html is None:
            page.meta["title"] = TITLE_PLACEHOLDER
            try:
                html = caller()
            finally:
                page.meta["title"] = title
            if html.count(TITLE_PLACEHOLDER) != 1:
                self.enabled = False  # this theme's header is not shaped as expected: render every page
                return Markup(caller())
            self.parts[key] = html
        return Markup(html.replace(TITLE_PLACEHOLDER, title))


def replace_once(html: str, old: str, new: str) -> Markup:
    """Replace the one occurrence of ``old`` in a part of Material's HTML; fail loudly otherwise.

    The overrides change Material's own output in a few named places instead of copying its
    templates; a Material release that changes one of those places stops the build here.
    """
    if html.count(old) != 1:
        raise PluginError(f"catalog: Material's template holds {html.count(old)} copies of {old!r}, "
                          "expected 1; this Material release is not supported yet")
    return Markup(html.replace(old, new))


def insert_before(html: str, marker: str, addition: str) -> Markup:
    """Insert ``addition`` before the first ``marker`` in a part of Material's HTML; fail loudly without one."""
    if marker not in html:
        raise PluginError(f"catalog: Material's template holds no {marker!r}; this Material release is not supported yet")
    head, _, tail = html.partition(marker)
    return Markup(head + addition + marker + tail)


def compact_config(html: str, *, material_search: bool) -> Markup:
    """Write Material's configuration script's JSON without spaces; without Material's search, also
    without the wording of its results (``search.*``), which only its search dialog reads.

    Material's script parses the JSON, so the same values in fewer bytes read the same; a
    configuration that is not there once, or not JSON, fails the build.
    """
    html = str(html)  # not Markup, which would escape the JSON put into it
    match = CONFIG_RE.search(html)
    try:
        if match is None or len(CONFIG_RE.findall(html)) != 1:
            raise ValueError("not there once")
        app = json.loads(match.group(2))
    except ValueError:
        raise PluginError("catalog: Material's template holds no configuration script that reads as JSON; "
                          "this Material release is not supported yet") from None
    if not material_search and isinstance(app.get("translations"), dict):
        app["translations"] = {key: text for key, text in app["translations"].items() if not key.startswith("search.")}
    script = json.dumps(app, ensure_ascii=False, separators=(",", ":"))
    for character, escaped in HTML_SAFE_JSON:  # as Jinja's tojson: no tag can end the script early
        script = script.replace(character, escaped)
    return Markup(html[:match.start(2)] + script + html[match.end(2):])


def drop_nav_list(html: str) -> Markup:
    """Leave the list out of Material's navigation, keeping its title (the drawer's heading and
    close button), where the drawer shows the tabs instead (catalog.css); fail loudly when
    Material's navigation does not hold one list."""
    html = str(html)
    if html.count('<ul class="md-nav__list"') != 1 or NAV_LIST_RE.search(html) is None:
        raise PluginError("catalog: Material's navigation holds no single list of pages; "
                          "this Material release is not supported yet")
    return Markup(NAV_LIST_RE.sub("", html, count=1))
