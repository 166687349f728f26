"""Write Atom feeds of the newest papers: one for the catalog, one per theme.

Built with ``xml.etree.ElementTree`` (standard library): it escapes every text and keeps
attribute order, and unlike feedgen it never stamps the clock into the output. A feed is the
same bytes for the same catalog: entry ids are ``urn:uuid`` names derived from the paper id,
and every ``updated`` comes from paper dates. An undated paper takes the capture date of its
listing when the curator gave one, else the feed's own date: its newest paper's date, or the
whole catalog's newest date when none of the feed's papers has one.
"""

from __future__ import annotations

import posixpath
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urljoin

from .addresses import CATALOG_FEED, HOME, theme_feed, url_of
from .catalog_index import CatalogIndex
from .links import relative_url
from .models import Catalog, Page, Paper

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
    captured: dict[str, str]
    theme_names: dict[str, str]
    newest: str


def render_feeds(index: CatalogIndex, site_url: str, site_name: str = "Paper Catalog") -> tuple[Page, ...]:
    """Render the catalog's feed and one per theme; links are absolute if ``site_url`` is set, else relative."""
    catalog = index.catalog
    captured = captured_dates(catalog)
    site = FeedSite(url=site_url.rstrip("/") + "/" if site_url else "", name=site_name, captured=captured,
                    theme_names={theme.id: theme.name for theme in catalog.themes},
                    newest=newest_date(catalog.papers, captured, EPOCH))
    pages = [render_feed(CATALOG_FEED, url_of(HOME), f"{site_name}: newest papers", index.newest, site)]
    for theme in catalog.themes:
        pages.append(render_feed(theme_feed(theme.id), theme.url, f"{site_name}: {theme.name}",
                                 index.newest_by_theme[theme.id], site))
    return tuple(pages)


def render_feed(path: str, page_url: str, title: str, papers: tuple[Paper, ...], site: FeedSite) -> Page:
    """Render one feed of the first ``FEED_ENTRIES`` of ``papers`` (newest first, undated last)."""

    # relative_url takes the served URL of a folder, so it is given the feed's folder ("" at the root).
    folder = posixpath.dirname(path) + "/" if "/" in path else ""

    def address(url: str) -> str:
        return urljoin(site.url, url) if site.url else relative_url(folder, url)

    feed_date = newest_date(papers, site.captured, site.newest)
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    add_text(feed, "id", f"urn:uuid:{uuid.uuid5(ENTRY_NAMESPACE, 'feed:' + path)}")
    add_text(feed, "title", title)
    add_text(feed, "updated", atom_time(feed_date))
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": address(path)})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": address(page_url)})
    add_text(ET.SubElement(feed, "author"), "name", site.name)
    add_text(feed, "generator", "paper-catalog")
    for paper in papers[:FEED_ENTRIES]:
        updated = paper.published or site.captured.get(paper.id) or feed_date
        add_entry(feed, paper, address(paper.url), atom_time(updated), site.theme_names)
    ET.indent(feed)
    return Page(path, '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n")


def newest_date(papers: tuple[Paper, ...], captured: dict[str, str], fallback: str) -> str:
    """Return the newest paper date, else the newest capture date, else ``fallback``."""
    published = [paper.published for paper in papers if paper.published]
    seen = [captured[paper.id] for paper in papers if paper.id in captured]
    return max(published or seen or [fallback])


def add_entry(feed: ET.Element, paper: Paper, url: str, updated: str, theme_names: dict[str, str]) -> None:
    """Append one paper as an Atom entry: id, title, link, dates, themes, code links and abstract."""
    entry = ET.SubElement(feed, "entry")
    add_text(entry, "id", entry_id(paper))
    add_text(entry, "title", paper.title)
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": url})
    for link in paper.links:
        if link.kind == "code":
            ET.SubElement(entry, "link", {"rel": "related", "href": clean_text(link.url), "title": "Code"})
    if paper.published:
        add_text(entry, "published", atom_time(paper.published))
    add_text(entry, "updated", updated)
    for theme in paper.themes:
        ET.SubElement(entry, "category", {"term": theme, "label": clean_text(theme_names.get(theme, theme))})
    add_text(entry, "summary", paper.abstract)


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
    """Turn an ISO date into an RFC 3339 timestamp at midnight UTC."""
    return f"{iso_date[:10]}T00:00:00Z"


def captured_dates(catalog: Catalog) -> dict[str, str]:
    """Map each paper id to the earliest capture date of the listings it came from, if any."""
    captured = {listing.file: listing.captured for listing in catalog.listings if listing.captured}
    dates = {}
    for paper in catalog.papers:
        known = sorted(captured[source.listing] for source in paper.sources if source.listing in captured)
        if known:
            dates[paper.id] = known[0]
    return dates
