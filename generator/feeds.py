"""Write Atom feeds of the newest papers: one for the catalog, one per theme.

Built with ``xml.etree.ElementTree`` (standard library): it escapes every text and keeps
attribute order, and unlike feedgen it never stamps the clock into the output. A feed is the
same bytes for the same catalog: entry ids are ``urn:uuid`` names derived from the paper id.

Entries are the newest *added* papers first: an entry's ``updated`` is the day its listing was
captured (``captured`` in ``listings.yml``), else its publication date; ``published`` and the
summary's first line give the publication date when it is known. A paper with neither day
cannot be placed in time and is left out (it is never stamped with another paper's date); the
feed's own ``updated`` is its newest entry's day (for a feed with no entry, the catalog's).
"""

from __future__ import annotations

import posixpath
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from urllib.parse import urljoin

from .addresses import CATALOG_FEED, HOME, theme_feed, url_of
from .catalog_index import CatalogIndex, feed_day
from .links import relative_url
from .memo import Memo, memo_table
from .models import Page, Paper

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50
# A fixed namespace, so an entry's id depends on nothing but its paper's id.
ENTRY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/paper-catalog/entries")
EPOCH = "1970-01-01"
XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class FeedSite:
    """What every feed of a build shares: the site's address and name, and the fallback dates."""

    url: str
    name: str
    theme_names: dict[str, str]
    newest: str


def render_feeds(index: CatalogIndex, site_url: str, site_name: str = "Paper Catalog",
                 memo: Memo | None = None) -> tuple[Page, ...]:
    """Render the catalog's feed and one per theme; links are absolute if ``site_url`` is set, else relative.

    With a memo (serve's rebuilds), a feed whose entries (without related papers and map places,
    which a feed does not show) and site are the same as last time is the one written then.
    """
    catalog = index.catalog
    site = FeedSite(url=site_url.rstrip("/") + "/" if site_url else "", name=site_name,
                    theme_names={theme.id: theme.name for theme in catalog.themes},
                    newest=feed_day(index.added[0]) if index.added else EPOCH)
    kept = memo_table(memo, "feeds")
    site_key = (site.url, site.name, tuple(sorted(site.theme_names.items())), site.newest)

    def feed(path: str, page_url: str, title: str, papers: tuple[Paper, ...]) -> Page:
        if memo is None:
            return render_feed(path, page_url, title, papers, site)
        key = (path, page_url, title, tuple(replace(paper, related=(), position=None)
                                            for paper in papers[:FEED_ENTRIES]), site_key)
        return kept.get(key, lambda: render_feed(path, page_url, title, papers, site))

    pages = [feed(CATALOG_FEED, url_of(HOME), f"{site_name}: newest papers", index.added)]
    for theme in catalog.themes:
        pages.append(feed(theme_feed(theme.id), theme.url, f"{site_name}: {theme.name}",
                          index.added_by_theme[theme.id]))
    return tuple(pages)


def render_feed(path: str, page_url: str, title: str, papers: tuple[Paper, ...], site: FeedSite) -> Page:
    """Render one feed of the first ``FEED_ENTRIES`` of ``papers`` (each with a day, newest added first)."""

    # relative_url takes the served URL of a folder, so it is given the feed's folder ("" at the root).
    folder = posixpath.dirname(path) + "/" if "/" in path else ""

    def address(url: str) -> str:
        return urljoin(site.url, url) if site.url else relative_url(folder, url)

    entries = papers[:FEED_ENTRIES]
    feed_date = max((feed_day(paper) or EPOCH for paper in entries), default=site.newest)
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    add_text(feed, "id", f"urn:uuid:{uuid.uuid5(ENTRY_NAMESPACE, 'feed:' + path)}")
    add_text(feed, "title", title)
    add_text(feed, "updated", atom_time(feed_date))
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": address(path)})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": address(page_url)})
    add_text(ET.SubElement(feed, "author"), "name", site.name)
    add_text(feed, "generator", "paper-catalog")
    for paper in entries:
        add_entry(feed, paper, address(paper.url), atom_time(feed_day(paper) or EPOCH), site.theme_names)
    ET.indent(feed)
    return Page(path, '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n")


def add_entry(feed: ET.Element, paper: Paper, url: str, updated: str, theme_names: dict[str, str]) -> None:
    """Append one paper as an Atom entry: id, title, link, dates, themes, code links and abstract."""
    entry = ET.SubElement(feed, "entry")
    add_text(entry, "id", entry_id(paper))
    add_text(entry, "title", paper.title)
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": url})
    for link in paper.links:
        if link.kind == "code":
            ET.SubElement(entry, "link", {"rel": "related", "href": clean_text(link.url), "title": "Code"})
    if paper.authors:
        for name in paper.authors:
            add_text(ET.SubElement(entry, "author"), "name", name)
    if paper.published and len(paper.published) == 10:
        add_text(entry, "published", atom_time(paper.published))
    add_text(entry, "updated", updated)
    for theme in paper.themes:
        ET.SubElement(entry, "category", {"term": theme, "label": clean_text(theme_names.get(theme, theme))})
    dated = f"Published {paper.published}." if paper.published else "Publication date unknown."
    add_text(entry, "summary", f"{dated} {paper.abstract}".strip())


def entry_id(paper: Paper) -> str:
    """Return the entry id of a paper: a name-based UUID of its id, the same on every build."""
    return f"urn:uuid:{uuid.uuid5(ENTRY_NAMESPACE, 'paper:' + paper.id)}"


def add_text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    """Append a child element holding text (cleaned of characters XML forbids)."""
    child = ET.SubElement(parent, tag)
    child.text = clean_text(text)
    return child


def clean_text(text: str) -> str:
    """Drop the control characters XML 1.0 cannot carry."""
    return XML_ILLEGAL_RE.sub("", text)


def atom_time(iso_date: str) -> str:
    """Turn an ISO date (a day, or a month or year taken at its first day) into an RFC 3339
    timestamp at midnight UTC."""
    day = iso_date[:10] + "-01-01"[len(iso_date[:10]) - 4:] if len(iso_date) < 10 else iso_date[:10]
    return f"{day}T00:00:00Z"
