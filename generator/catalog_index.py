"""Group the finished catalog once: papers by theme and by listing, themes by what they share.

Every output that lists the papers of a theme or a listing (pages, feeds, BibTeX files,
charts, ``catalog.json``, the report) reads these groups, so they can never disagree. The
index is computed from the catalog after the last stage and changes nothing in it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .addresses import UNSORTED_THEME as UNSORTED_ID
from .bibtex import citation_keys
from .models import Catalog, Listing, Paper, Theme


@dataclass(frozen=True, slots=True)
class CatalogIndex:
    """The catalog with its lookups and groups.

    ``papers_by_theme`` and ``newest_by_theme`` hold every theme id (empty groups too) and
    ``UNSORTED_ID``; the first keeps catalog order, the second is newest first.
    ``added`` holds the papers a feed can place in time, newest added first (the capture day of
    their listing, else their publication date), ``added_by_theme`` the same per theme.
    ``entries_by_listing`` gives, per listing file, its papers with the line each was read at,
    in line order. ``shared`` counts papers per pair of themes, both orders, a theme with itself
    counting its own papers. ``citation_keys`` gives each paper's BibTeX and CSL-JSON key (by
    id), the same on its page and in every export.
    """

    catalog: Catalog
    paper_by_id: dict[str, Paper]
    theme_by_id: dict[str, Theme]
    listing_by_file: dict[str, Listing]
    newest: tuple[Paper, ...]
    papers_by_theme: dict[str, tuple[Paper, ...]]
    newest_by_theme: dict[str, tuple[Paper, ...]]
    added: tuple[Paper, ...]
    added_by_theme: dict[str, tuple[Paper, ...]]
    entries_by_listing: dict[str, tuple[tuple[int, Paper], ...]]
    shared: dict[tuple[str, str], int]
    citation_keys: dict[str, str]

    def overlaps(self, theme_id: str) -> tuple[tuple[str, int], ...]:
        """Return the other themes that share papers with a theme: most shared first, then by id."""
        found = [(other, count) for (first, other), count in self.shared.items()
                 if first == theme_id and other != theme_id]
        return tuple(sorted(found, key=lambda item: (-item[1], item[0])))


def index_catalog(catalog: Catalog) -> CatalogIndex:
    """Compute every lookup and group of a catalog, each in one pass over its papers."""
    newest = tuple(sorted(catalog.papers, key=newest_first))
    added = tuple(sorted((paper for paper in catalog.papers if feed_day(paper)), key=newest_added_first))
    return CatalogIndex(
        catalog=catalog,
        paper_by_id={paper.id: paper for paper in catalog.papers},
        theme_by_id={theme.id: theme for theme in catalog.themes},
        listing_by_file={listing.file: listing for listing in catalog.listings},
        newest=newest,
        papers_by_theme=group_by_theme(catalog.papers, catalog.themes),
        newest_by_theme=group_by_theme(newest, catalog.themes),
        added=added,
        added_by_theme=group_by_theme(added, catalog.themes),
        entries_by_listing=group_by_listing(catalog.papers),
        shared=count_shared(catalog.papers),
        citation_keys=citation_keys(catalog.papers),
    )


def group_by_theme(papers: tuple[Paper, ...], themes: tuple[Theme, ...]) -> dict[str, tuple[Paper, ...]]:
    """Return the papers of each theme, and the unsorted ones, in the order given."""
    groups: dict[str, list[Paper]] = {theme.id: [] for theme in themes}
    groups[UNSORTED_ID] = []
    for paper in papers:
        for theme_id in paper.themes or (UNSORTED_ID,):
            groups.setdefault(theme_id, []).append(paper)
    return {theme_id: tuple(members) for theme_id, members in groups.items()}


def group_by_listing(papers: tuple[Paper, ...]) -> dict[str, tuple[tuple[int, Paper], ...]]:
    """Return, per listing file, (line, paper) for each of its records in the catalog, by line."""
    groups: dict[str, list[tuple[int, Paper]]] = defaultdict(list)
    for paper in papers:
        for source in paper.sources:
            groups[source.listing].append((source.line, paper))
    return {file: tuple(sorted(entries, key=lambda entry: entry[0])) for file, entries in groups.items()}


def count_shared(papers: tuple[Paper, ...]) -> dict[tuple[str, str], int]:
    """Count papers per pair of themes (both orders); a theme paired with itself counts its papers."""
    shared: Counter[tuple[str, str]] = Counter()
    for paper in papers:
        for first in paper.themes:
            shared.update((first, second) for second in paper.themes)
    return dict(shared)


def newest_first(paper: Paper) -> tuple[bool, str, str]:
    """Sort key: dated papers newest first, then undated ones, each by slug."""
    return (paper.published is None, invert_date(full_date(paper.published or "")), paper.id)


def feed_day(paper: Paper) -> str | None:
    """Return the day a paper came into the catalog as far as anyone knows: its listing's capture
    day, else its publication date (or None: then it cannot be placed in time)."""
    return paper.added or paper.published


def newest_added_first(paper: Paper) -> tuple[str, bool, str, str]:
    """Sort key: the newest feed day first, then the newest publication (undated last), then slug."""
    return (invert_date(full_date(feed_day(paper) or "")), paper.published is None,
            invert_date(full_date(paper.published or "")), paper.id)


def full_date(iso: str) -> str:
    """Take a year or a month at its first day (``2024`` as ``2024-01-01``), so dates of any
    precision sort together, as the feeds stamp them."""
    return iso + "-01-01"[len(iso) - 4:] if iso and len(iso) < 10 else iso


def invert_date(iso: str) -> str:
    """Turn an ISO date into a string that sorts in reverse date order."""
    return "".join(str(9 - int(char)) if char.isdigit() else char for char in iso)
