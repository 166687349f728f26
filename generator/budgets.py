"""Measure the built site and its search index against the size budgets of the settings.

The site is every file under the site folder. The search index is the index data a visitor's
browser fetches to search: ``search/search_index.json`` with Material's search, downloaded whole
by every visitor who searches; with Pagefind, what a one-word query fetches at most: the
metadata, the filters and the largest of the index chunks. The whole Pagefind index and bundle
are reported beside it; the script, the WebAssembly module and the per-result fragments are the
same size at any catalog size.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .addresses import PAGEFIND_BUNDLE

MB = 2**20
MATERIAL_INDEX = "search/search_index.json"
PAGEFIND_SHARED_PATTERNS = ("pagefind-entry.json", "*.pf_meta", "filter/*.pf_filter")
PAGEFIND_CHUNKS = "index/*.pf_index"
PAGEFIND_LABEL = "pagefind/ (one-word query)"


@dataclass(frozen=True, slots=True)
class SiteSizes:
    """Sizes in bytes of the built site and of its search index."""

    site_bytes: int
    search_bytes: int
    search_label: str
    index_bytes: int | None = None
    bundle_bytes: int | None = None


def measure_folder(folder: Path, patterns: tuple[str, ...] = ("**/*",)) -> int:
    """Return the total size of the files under a folder that match any of the glob patterns."""
    if not folder.is_dir():
        return 0
    paths = {path for pattern in patterns for path in folder.glob(pattern) if path.is_file()}
    return sum(path.stat().st_size for path in paths)


def measure_site(site_dir: Path, search: str) -> SiteSizes:
    """Measure the site folder and the index of the given search (``material`` or ``pagefind``)."""
    site_bytes = measure_folder(site_dir)
    if search == "pagefind":
        bundle = site_dir / PAGEFIND_BUNDLE
        shared = measure_folder(bundle, PAGEFIND_SHARED_PATTERNS)
        chunks = [path.stat().st_size for path in bundle.glob(PAGEFIND_CHUNKS) if path.is_file()]
        return SiteSizes(site_bytes, shared + max(chunks, default=0), PAGEFIND_LABEL,
                         shared + sum(chunks), measure_folder(bundle))
    index = site_dir / MATERIAL_INDEX
    return SiteSizes(site_bytes, index.stat().st_size if index.is_file() else 0, MATERIAL_INDEX)


def check_budgets(sizes: SiteSizes, site_budget_mb: float, search_budget_mb: float) -> tuple[str, ...]:
    """Return one message for each budget the site passes (none when it fits)."""
    messages = []
    if sizes.site_bytes > site_budget_mb * MB:
        messages.append(f"the site is {format_size(sizes.site_bytes)}, over its budget of {site_budget_mb:g} MB "
                        "(site_budget_mb in [tool.paper-catalog])")
    if sizes.search_bytes > search_budget_mb * MB:
        hint = "; search = \"pagefind\" keeps it small" if sizes.search_label == MATERIAL_INDEX else ""
        messages.append(f"the search index {sizes.search_label} is {format_size(sizes.search_bytes)}, over its budget "
                        f"of {search_budget_mb:g} MB (search_budget_mb in [tool.paper-catalog]){hint}")
    return tuple(messages)


def format_sizes(sizes: SiteSizes, site_budget_mb: float, search_budget_mb: float) -> str:
    """Describe the sizes and budgets in one line."""
    pagefind = (f" (whole index {format_size(sizes.index_bytes)}, bundle {format_size(sizes.bundle_bytes)})"
                if sizes.index_bytes is not None and sizes.bundle_bytes is not None else "")
    return (f"site {format_size(sizes.site_bytes)} (budget {site_budget_mb:g} MB), search index "
            f"{sizes.search_label} {format_size(sizes.search_bytes)} (budget {search_budget_mb:g} MB){pagefind}")


def format_size(size: int) -> str:
    """Format a byte count in MB (2**20 bytes), or in KB below 1 MB."""
    return f"{size / MB:.2f} MB" if size >= MB else f"{size / 1024:.1f} KB"
