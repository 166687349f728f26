"""Tests for the Atom feeds: valid XML, the newest papers, stable ids and dates, escaping."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.catalog_index import index_catalog
from generator.feeds import FEED_ENTRIES, entry_id
from generator.feeds import render_feeds as render_index_feeds
from generator.models import Catalog, Link, Listing, Paper, SourceRef, Theme

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://user.github.io/repo/"


def make_paper(slug: str, published: str | None, themes: tuple[str, ...] = ("graphs",),
               listing: str = "a.txt") -> Paper:
    """Return a small paper with a tricky title and one code link."""
    return Paper(key=slug, title=f"{slug}: <Graphs> & \"Trees\" é", abstract=f"Abstract of {slug} & more.",
                 sources=(SourceRef(listing, 1),), published=published, id=slug, themes=themes,
                 links=(Link(f"https://github.com/x/{slug}", "code"),))


def make_catalog(count: int = 5) -> Catalog:
    """Return papers dated 2024-01-01 onwards, every third one undated."""
    papers = tuple(make_paper(f"p{index:03d}", None if index % 3 == 2 else f"2024-{index % 12 + 1:02d}-01")
                   for index in range(count))
    themes = (Theme("graphs", "Graphs & <Trees>", "d"), Theme("empty", "Empty", "d"))
    return Catalog(papers=papers, listings=(), themes=themes)


def render_feeds(catalog: Catalog, site_url: str):
    """Render the feeds of a catalog, through its index as the build does."""
    return render_index_feeds(index_catalog(catalog), site_url)


def parse_feed(text: str) -> ET.Element:
    """Parse a feed and check its required Atom elements."""
    feed = ET.fromstring(text.encode("utf-8"))
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{tag}") is not None
    return feed


def test_feeds_are_one_per_theme_plus_the_catalog():
    paths = [page.path for page in render_feeds(make_catalog(), SITE)]
    assert paths == ["feed.xml", "themes/graphs.xml", "themes/empty.xml"]


def test_catalog_feed_lists_newest_first_undated_last():
    feed = parse_feed(render_feeds(make_catalog(), SITE)[0].text)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}id").text for entry in entries] == [
        entry_id(make_paper(slug, None)) for slug in ("p004", "p003", "p001", "p000", "p002")]
    assert feed.find(f"{ATOM}updated").text == "2024-05-01T00:00:00Z"
    first = entries[0]
    assert first.find(f"{ATOM}title").text == 'p004: <Graphs> & "Trees" é'
    assert first.find(f"{ATOM}summary").text == "Abstract of p004 & more."
    assert first.find(f"{ATOM}link[@rel='alternate']").get("href") == SITE + "papers/p004/"
    assert first.find(f"{ATOM}link[@rel='related']").get("href") == "https://github.com/x/p004"
    assert first.find(f"{ATOM}category").get("label") == "Graphs & <Trees>"
    assert entries[-1].find(f"{ATOM}published") is None
    assert entries[-1].find(f"{ATOM}updated").text == "2024-05-01T00:00:00Z"


def test_feed_is_capped_and_byte_identical_across_builds():
    catalog = make_catalog(FEED_ENTRIES + 20)
    first, second = render_feeds(catalog, SITE), render_feeds(make_catalog(FEED_ENTRIES + 20), SITE)
    assert first == second
    assert len(parse_feed(first[0].text).findall(f"{ATOM}entry")) == FEED_ENTRIES


def test_entry_ids_depend_only_on_the_paper_id():
    paper = make_paper("p001", "2024-01-01")
    other = make_paper("p001", "2025-02-02", themes=())
    assert entry_id(paper) == entry_id(other) == "urn:uuid:" + entry_id(paper).removeprefix("urn:uuid:")
    assert entry_id(paper) != entry_id(make_paper("p002", None))
    relative = parse_feed(render_feeds(make_catalog(), "")[0].text)
    absolute = parse_feed(render_feeds(make_catalog(), SITE)[0].text)
    assert ([entry.find(f"{ATOM}id").text for entry in relative.findall(f"{ATOM}entry")]
            == [entry.find(f"{ATOM}id").text for entry in absolute.findall(f"{ATOM}entry")])


def test_without_site_url_links_are_relative_to_the_feed():
    pages = render_feeds(make_catalog(), "")
    theme_feed = parse_feed(pages[1].text)
    assert theme_feed.find(f"{ATOM}link[@rel='self']").get("href") == "graphs.xml"
    assert theme_feed.find(f"{ATOM}entry/{ATOM}link").get("href") == "../papers/p004/"
    assert parse_feed(pages[0].text).find(f"{ATOM}entry/{ATOM}link").get("href") == "papers/p004/"


def test_site_url_without_trailing_slash_keeps_its_path():
    feed = parse_feed(render_feeds(make_catalog(), SITE.rstrip("/"))[0].text)
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == SITE + "feed.xml"


def test_undated_papers_take_their_listing_capture_date():
    listing = Listing(file="b.txt", shape="flat", records=(), title="B", captured="2023-07-08")
    papers = (make_paper("p1", None, listing="b.txt"), make_paper("p2", None))
    feed = parse_feed(render_feeds(Catalog(papers, (listing,), ()), SITE)[0].text)
    assert [entry.find(f"{ATOM}updated").text for entry in feed.findall(f"{ATOM}entry")] == [
        "2023-07-08T00:00:00Z", "2023-07-08T00:00:00Z"]


def test_empty_theme_feed_is_valid_and_dated_by_the_catalog():
    feed = parse_feed(render_feeds(make_catalog(), SITE)[2].text)
    assert feed.findall(f"{ATOM}entry") == []
    assert feed.find(f"{ATOM}updated").text == "2024-05-01T00:00:00Z"


def test_control_characters_are_dropped():
    paper = make_paper("p1", "2024-01-01")
    hostile = Paper(key="k", title="Bad\x0bTitle\x00", abstract="x\x1f", sources=(), id="p1", themes=())
    feed = parse_feed(render_feeds(Catalog((hostile, paper), (), ()), SITE)[0].text)
    assert feed.findall(f"{ATOM}entry/{ATOM}title")[1].text == "BadTitle"
