"""Hostile text in a listing is shown literally on every page and never runs."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect

TITLES = [
    '<script>alert("title-script")</script> Local Learning Attack',
    "| Table | Title | with pipes --- and # hash *stars* `code`",
    "{{ 7 * 7 }} and {% raw %}Jinja{% endraw %} in a Neural Operator Title",
    "TeX $\\alpha + \\beta$ and $$x^2$$ in a Vision Transformer Title",
    "../../etc/passwd",
    "<a href=\"javascript:alert('anchor')\">Click</a> &amp; &lt;b&gt; entities",
    "A Very Long Title " + " ".join(f"about local learning part {index}" for index in range(30)),
    "深度学习中的局部学习 🚀 with Emoji and 中文",
]
ABSTRACT_BITS = ['<script>alert("abstract-script")</script>', '<img src=x onerror=alert("img-onerror")>',
                 "[click me](javascript:alert('md-link'))", "{{ config }}", "$E = mc^2$",
                 "<style>body{display:none}</style>", "# Heading? **bold** _em_ ---"]


def catalog_of(site: Path) -> dict:
    return json.loads((site / "paper-catalog" / "catalog.json").read_text(encoding="utf-8"))


def all_pages(site: Path) -> list[str]:
    root = site / "paper-catalog"
    return sorted(str(path.relative_to(root)).removesuffix("index.html")
                  for path in root.rglob("index.html"))


def test_titles_survive_into_the_catalog_exactly(hostile_site: Path):
    titles = [paper["title"] for paper in catalog_of(hostile_site)["papers"]]
    assert sorted(titles) == sorted(TITLES)


def test_page_names_are_short_safe_and_inside_the_site(hostile_site: Path):
    for paper in catalog_of(hostile_site)["papers"]:
        assert len(paper["id"]) <= 80 and paper["id"].isascii() and "/" not in paper["id"] and ".." not in paper["id"]
        assert (hostile_site / "paper-catalog" / paper["url"] / "index.html").is_file()
    assert not (hostile_site / "etc").exists()


def test_every_page_opens_without_dialogs_scripts_or_errors(page, hostile_site, hostile_url):
    page.add_init_script("window.__ran = []; window.alert = (m) => window.__ran.push(String(m));")
    for path in all_pages(hostile_site):
        page.goto(hostile_url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__ran") == [], path
        # The map page loads its own script from the site's assets; no other script is in any page's content.
        assert page.locator("iframe, img[onerror], .md-content script:not([src='../assets/map.js'])").count() == 0, path
        assert page.locator("a[href^='javascript:']").count() == 0, path
        assert page.locator("body").is_visible(), path
    assert page.problems == []


def test_paper_pages_show_the_literal_title_and_abstract(page, hostile_site, hostile_url):
    papers = catalog_of(hostile_site)["papers"]
    for paper in papers:
        page.goto(hostile_url + paper["url"])
        expect(page.locator("h1.paper-title")).to_have_text(paper["title"])
        expect(page.locator(".paper-abstract p")).to_have_text(paper["abstract"])
        assert page.title().startswith(paper["title"])
    text = " ".join(paper["abstract"] for paper in papers)
    for bit in ABSTRACT_BITS:
        assert bit in text


def test_lists_tables_and_home_show_titles_literally_without_new_structure(page, hostile_url):
    page.goto(hostile_url + "papers/")
    rows = page.locator("#paper-table tbody tr")
    expect(rows).to_have_count(len(TITLES))
    shown = sorted(rows.locator("td:first-child > a").all_inner_texts())
    assert shown == sorted(TITLES)
    page.goto(hostile_url + "listings/01-hostile/")
    assert sorted(page.locator("table:not(.listing-facts) tbody td a").all_inner_texts()) == sorted(TITLES)
    assert page.locator(".md-content h1").count() == 1
    page.goto(hostile_url)
    expect(page.locator(".md-content h1")).to_have_count(1)
    assert sorted(page.locator(".newest-papers li a").all_inner_texts()) == sorted(TITLES)


def test_theme_pages_list_hostile_titles_literally(page, hostile_site, hostile_url):
    themed = [paper for paper in catalog_of(hostile_site)["papers"] if paper["themes"]]
    assert len(themed) >= 3
    for paper in themed:
        page.goto(hostile_url + f"themes/{paper['themes'][0]}/")
        assert paper["title"] in page.locator(".catalog-table td a").all_inner_texts()


def test_search_results_show_hostile_titles_as_text(page, hostile_url):
    page.add_init_script("window.__ran = []; window.alert = (m) => window.__ran.push(String(m));")
    page.goto(hostile_url)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    page.locator(".md-search__input").press_sequentially("Attack", delay=50)
    result = page.locator(".md-search-result__item").first
    expect(result).to_contain_text('<script>alert("title-script")</script>', timeout=15000)
    assert page.evaluate("window.__ran") == []


def test_the_curators_note_and_names_show_literally(page, hostile_site, hostile_url):
    """papers.yml is input like a listing: its note and author names never become markup."""
    paper = next(paper for paper in catalog_of(hostile_site)["papers"] if paper["notes"])
    assert paper["status"] == "key"
    page.add_init_script("window.__ran = []; window.alert = (m) => window.__ran.push(String(m));")
    page.goto(hostile_url + paper["url"])
    expect(page.locator(".paper-note p:not(.admonition-title)")).to_have_text(paper["notes"])
    assert '<script>alert("note-script")</script>' in paper["notes"] and "{{ config }}" in paper["notes"]
    expect(page.locator(".paper-author")).to_have_text(paper["authors"])
    metas = page.locator("meta[name='citation_author']")
    assert [metas.nth(index).get_attribute("content") for index in range(metas.count())] == paper["authors"]
    expect(page.locator(".paper-status")).to_have_text("Key paper")
    assert page.locator(".md-content a[href^='javascript:'], .md-content strong").count() == 0
    assert page.evaluate("window.__ran") == []
