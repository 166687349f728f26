"""Tests for the take-away exports: papers.csv, papers.bib, papers.csl.json and the per-theme BibTeX files."""

from __future__ import annotations

import csv
import io
import json
import re

import bibtexparser

from generator.bibtex import BIBTEX_SPECIALS, bibtex_entry, citation_keys
from generator.catalog_index import index_catalog
from generator.exports import CSV_COLUMNS, render_exports
from generator.models import Catalog, Link, Paper, SourceRef, Theme

NASTY = r'Ünïcödé, "quoted" & 100% $x$ #1 a_b {c} ~d ^e \f; 量子 }{\\'
UNESCAPE_RE = re.compile("|".join(re.escape(value) for value in BIBTEX_SPECIALS.values()))
UNESCAPE = {value: key for key, value in BIBTEX_SPECIALS.items()}


def make_catalog() -> Catalog:
    """Return three papers: one with every field and a nasty title, one bare, one in two themes."""
    papers = (
        Paper(key="a", title=NASTY, abstract="An abstract,\nwith \"quotes\".",
              sources=(SourceRef("one.txt", 3), SourceRef("two.txt", 17)),
              authors_count=4, published="2024-03-05", upvotes=12, id="nasty",
              links=(Link("https://example.org/p", "project"), Link("https://github.com/x/y", "code")),
              themes=("graphs",), authors=("Zoë Ångström", "Jürgen Schmidhuber"), arxiv_id="2403.01234",
              doi="10.1/x", status="read", notes="Worth a second look; é", added="2024-03-06"),
        Paper(key="b", title="Bare\nline", abstract="", sources=(SourceRef("one.txt", 9),), id="bare"),
        Paper(key="c", title="Two themes", abstract="y", sources=(SourceRef("two.txt", 1),),
              published="2021-01-01", id="two", themes=("vision", "graphs"), authors=("Ada Lovelace",)),
    )
    themes = (Theme("graphs", "Graph learning", "d"), Theme("vision", "Vision; images", "d"),
              Theme("empty", "Empty", "d"))
    return Catalog(papers=papers, listings=(), themes=themes)


def pages_by_path(site_url: str = "") -> dict[str, str]:
    """Render the exports of the test catalog, keyed by path."""
    return {page.path: page.text for page in render_exports(index_catalog(make_catalog()), site_url)}


def read_csv(text: str) -> list[dict[str, str]]:
    """Read CSV text as a spreadsheet would read the file: its UTF-8 bytes, BOM and all."""
    data = text.encode("utf-8")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def parse_titles(text: str) -> dict[str, str]:
    """Parse BibTeX and return key -> unescaped title."""
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    return {entry.key: UNESCAPE_RE.sub(lambda match: UNESCAPE[match.group(0)], entry.fields_dict["title"].value[1:-1])
            for entry in library.entries}


def test_exports_have_the_expected_paths():
    assert list(pages_by_path()) == ["papers.csv", "papers.bib", "papers.csl.json", "themes/graphs.bib",
                                     "themes/vision.bib", "themes/empty.bib"]


def test_csv_starts_with_a_byte_order_mark():
    data = pages_by_path()["papers.csv"].encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf" + b"id,title,")
    assert data.decode("utf-8-sig").splitlines()[0] == ",".join(CSV_COLUMNS)


def test_csv_parses_back_to_the_catalog():
    rows = read_csv(pages_by_path()["papers.csv"])
    assert rows[0] == {
        "id": "nasty", "title": NASTY, "authors": "Zoë Ångström; Jürgen Schmidhuber", "authors_count": "4",
        "published": "2024-03-05", "arxiv_id": "2403.01234", "doi": "10.1/x",
        "abstract": "An abstract,\nwith \"quotes\".",
        "themes": "Graph learning", "theme_ids": "graphs", "upvotes": "12", "code_url": "https://github.com/x/y",
        "url": "papers/nasty/", "status": "read", "notes": "Worth a second look; é",
        "sources": "one.txt:3; two.txt:17",
    }
    assert rows[1] == dict.fromkeys(CSV_COLUMNS, "") | {"id": "bare", "title": "Bare\nline", "url": "papers/bare/",
                                                         "sources": "one.txt:9"}
    assert rows[2]["themes"] == "Vision; images; Graph learning"
    assert rows[2]["theme_ids"].split("; ") == ["vision", "graphs"]
    assert [row["id"] for row in rows] == [paper.id for paper in make_catalog().papers]


def test_csv_urls_are_absolute_with_a_site_url():
    rows = read_csv(pages_by_path("https://user.github.io/repo")["papers.csv"])
    assert rows[0]["url"] == "https://user.github.io/repo/papers/nasty/"


def test_bibtex_file_parses_back_to_every_paper():
    titles = parse_titles(pages_by_path()["papers.bib"])
    assert titles == {"angstrom2024unicode": NASTY, "barendline": "Bare line", "lovelace2021two": "Two themes"}


def test_theme_bibtex_files_hold_their_papers_under_the_catalog_keys():
    pages = pages_by_path()
    assert list(parse_titles(pages["themes/graphs.bib"])) == ["angstrom2024unicode", "lovelace2021two"]
    assert list(parse_titles(pages["themes/vision.bib"])) == ["lovelace2021two"]
    assert pages["themes/empty.bib"] == ""


def test_every_export_and_the_page_cite_a_paper_by_one_key():
    catalog = make_catalog()
    index = index_catalog(catalog)
    keys = citation_keys(catalog.papers)
    pages = pages_by_path()
    csl_ids = [item["id"] for item in json.loads(pages["papers.csl.json"])]
    assert csl_ids == [entry.key for entry in bibtexparser.parse_string(pages["papers.bib"]).entries]
    assert csl_ids == [keys[paper.id] for paper in catalog.papers]
    page_entry = bibtex_entry(catalog.papers[2], keys["two"], index.theme_by_id)
    assert page_entry in pages["papers.bib"] and page_entry in pages["themes/graphs.bib"]


def test_exports_are_identical_across_builds():
    assert render_exports(index_catalog(make_catalog())) == render_exports(index_catalog(make_catalog()))
