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
               listing: str = "a.txt", added: str | None = None) -> Paper:
    """Return a small paper with a tricky title and one code link."""
    return Paper(key=slug, title=f"{slug}: <Graphs> & \"Trees\" é", abstract=f"Abstract of {slug} & more.",
                 sources=(SourceRef(listing, 1),), published=published, id=slug, themes=themes,
                 links=(Link(f"https://github.com/x/{slug}", "code"),), added=added)


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


def test_catalog_feed_lists_newest_first_and_leaves_out_papers_without_a_day():
    feed = parse_feed(render_feeds(make_catalog(), SITE)[0].text)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}id").text for entry in entries] == [
        entry_id(make_paper(slug, None)) for slug in ("p004", "p003", "p001", "p000")]
    assert feed.find(f"{ATOM}updated").text == "2024-05-01T00:00:00Z"
    first = entries[0]
    assert first.find(f"{ATOM}title").text == 'p004: <Graphs> & "Trees" é'
    assert first.find(f"{ATOM}summary").text == "Published 2024-05-01. Abstract of p004 & more."
    assert first.find(f"{ATOM}link[@rel='alternate']").get("href") == SITE + "papers/p004/"
    assert first.find(f"{ATOM}link[@rel='related']").get("href") == "https://github.com/x/p004"
    assert first.find(f"{ATOM}category").get("label") == "Graphs & <Trees>"
    assert entries[-1].find(f"{ATOM}published").text == "2024-01-01T00:00:00Z"


def test_newest_added_come_first_with_their_publication_date_shown():
    listing = Listing(file="b.txt", shape="flat", records=(), title="B", captured="2025-07-08")
    papers = (make_paper("old-paper-added-late", "2019-03-02", listing="b.txt", added="2025-07-08"),
              make_paper("new-paper", "2024-02-01"), make_paper("undated-added", None, added="2025-07-08"),
              make_paper("a-year-only", "2020"))
    entries = parse_feed(render_feeds(Catalog(papers, (listing,), ()), SITE)[0].text).findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}id").text for entry in entries] == [
        entry_id(make_paper(slug, None)) for slug in ("old-paper-added-late", "undated-added", "new-paper", "a-year-only")]
    assert [entry.find(f"{ATOM}updated").text for entry in entries] == [
        "2025-07-08T00:00:00Z", "2025-07-08T00:00:00Z", "2024-02-01T00:00:00Z", "2020-01-01T00:00:00Z"]
    assert entries[0].find(f"{ATOM}published").text == "2019-03-02T00:00:00Z"
    assert entries[0].find(f"{ATOM}summary").text.startswith("Published 2019-03-02. ")
    assert entries[1].find(f"{ATOM}published") is None
    assert entries[1].find(f"{ATOM}summary").text.startswith("Publication date unknown. ")


def test_feed_is_capped_and_byte_identical_across_builds():
    catalog = make_catalog(FEED_ENTRIES + 40)
    first, second = render_feeds(catalog, SITE), render_feeds(make_catalog(FEED_ENTRIES + 40), SITE)
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


def test_an_undated_paper_is_never_stamped_with_another_papers_date():
    papers = (make_paper("p1", None, added="2023-07-08"), make_paper("p2", None), make_paper("p3", "2024-01-05"))
    feed = parse_feed(render_feeds(Catalog(papers, (), ()), SITE)[0].text)
    entries = {entry.find(f"{ATOM}id").text: entry.find(f"{ATOM}updated").text for entry in feed.findall(f"{ATOM}entry")}
    assert entries == {entry_id(papers[2]): "2024-01-05T00:00:00Z", entry_id(papers[0]): "2023-07-08T00:00:00Z"}


def test_empty_theme_feed_is_valid_and_dated_by_the_catalog():
    feed = parse_feed(render_feeds(make_catalog(), SITE)[2].text)
    assert feed.findall(f"{ATOM}entry") == []
    assert feed.find(f"{ATOM}updated").text == "2024-05-01T00:00:00Z"


def test_control_characters_are_dropped():
    paper = make_paper("p1", "2024-01-01")
    hostile = Paper(key="k", title="Bad\x0bTitle\x00", abstract="x\x1f", sources=(), id="p0", themes=(),
                    published="2023-01-01")
    feed = parse_feed(render_feeds(Catalog((hostile, paper), (), ()), SITE)[0].text)
    assert feed.findall(f"{ATOM}entry/{ATOM}title")[1].text == "BadTitle"


def test_a_year_only_date_sorts_as_its_first_day():
    papers = (make_paper("a-year", "2024"), make_paper("late-may", "2024-05-26"), make_paper("february", "2024-02"),
              make_paper("older", "2023-12-31"))
    entries = parse_feed(render_feeds(Catalog(papers, (), ()), SITE)[0].text).findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}updated").text for entry in entries] == [
        "2024-05-26T00:00:00Z", "2024-02-01T00:00:00Z", "2024-01-01T00:00:00Z", "2023-12-31T00:00:00Z"]


def test_under_serve_a_feed_is_written_again_only_when_its_entries_change():
    """With a memo, unchanged feeds are the pages written last time (a paper's related papers and
    map place, which a feed does not show, do not count); a changed entry's feed is rendered again,
    the same as without a memo."""
    from dataclasses import replace

    from generator.memo import Memo
    from generator.models import Related
    memo = Memo()
    catalog = make_catalog(8)
    first = render_index_feeds(index_catalog(catalog), SITE, memo=memo)
    papers = list(catalog.papers)
    papers[1] = replace(papers[1], related=(Related("p002", 0.5),), position=(0.1, 0.2))
    moved = replace(catalog, papers=tuple(papers))
    again = render_index_feeds(index_catalog(moved), SITE, memo=memo)
    assert all(old is new for old, new in zip(first, again))
    papers[1] = replace(papers[1], title="A new title")
    edited = replace(catalog, papers=tuple(papers))
    after = render_index_feeds(index_catalog(edited), SITE, memo=memo)
    assert after == render_feeds(edited, SITE) and after[0] != first[0]
    assert after[2] is first[2]  # the empty theme's feed shows nothing that changed
