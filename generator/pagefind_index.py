"""Search with Pagefind instead of Material's search plugin (``search = "pagefind"``).

Material's search index holds the text of every page in one JSON file that each visitor who
searches downloads whole: several MB at 10,000 papers. Pagefind indexes the built site in
chunks, and a query fetches only the chunks of its words. The paper template marks what is
indexed (``data-pagefind-body``, ``-filter``, ``-meta``, ``-weight``); the search page is the
theme's ``search/index.html``, which loads the Pagefind UI from the generated bundle.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import PluginCollection

MATERIAL_SEARCH_PLUGINS = ("material/search", "search")
SEARCH_PAGE = "search/index.html"
BUNDLE = "pagefind"


class PagefindError(Exception):
    """Pagefind is missing or could not index the site."""


def remove_plugin(plugins: PluginCollection, name: str) -> bool:
    """Remove a plugin and its event handlers from the collection; tell whether it was there."""
    plugin = plugins.pop(name, None)
    if plugin is None:
        return False
    # The collection registered the plugin's bound methods per event when it was added.
    for handlers in plugins.events.values():
        handlers[:] = [handler for handler in handlers if getattr(handler, "__self__", None) is not plugin]
    return True


def use_pagefind(config: MkDocsConfig) -> None:
    """Turn Material's search off and add the Pagefind search page to the theme's templates."""
    for name in MATERIAL_SEARCH_PLUGINS:
        remove_plugin(config.plugins, name)
    config.theme.static_templates.add(SEARCH_PAGE)
    config.extra["pagefind_search"] = SEARCH_PAGE.removesuffix("index.html")


def find_pagefind() -> Path:
    """Return the Pagefind binary shipped by the ``pagefind[bin]`` package (or on PATH)."""
    try:
        from pagefind.service import get_executable
    except ImportError as error:
        raise PagefindError("search = \"pagefind\" needs the pagefind package: "
                            "pip install 'pagefind[bin]'") from error
    executable = get_executable()
    if executable is None:
        raise PagefindError("the pagefind package has no binary: pip install 'pagefind[bin]'")
    return executable


def index_site(site_dir: Path, executable: Path) -> str:
    """Index the built site into ``<site_dir>/pagefind/``; return Pagefind's summary lines."""
    command = [str(executable), "--site", str(site_dir), "--output-subdir", BUNDLE, "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise PagefindError(f"cannot run {executable}: {error}") from error
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or not (site_dir / BUNDLE / "pagefind.js").is_file():
        raise PagefindError(f"pagefind failed (exit {result.returncode}): {output[-2000:]}")
    return output
