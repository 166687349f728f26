"""The facts of a paper in a real browser: authors, buttons, meta tags, notes, status, feeds.

The fixture site's facts come from ``tests/data/fixture_seeds/lookup.yml`` (made by ``catalog
lookup`` against the local papers API, see ``tests/fixture_hub.py``) and ``papers.yml``.
"""

from __future__ import annotations

import json

from playwright.sync_api import expect

AUX = "papers/local-learning-with-auxiliary-networks/"
VIT = "papers/vision-transformers-with-local-attention/"
GRAPHS = "papers/graph-neural-networks-at-scale/"


def catalog_of(built_site) -> dict:
    return json.loads((built_site / "paper-catalog" / "catalog.json").read_text(encoding="utf-8"))


def metas(page, name: str) -> list[str]:
    found = page.locator(f"head meta[name='{name}']")
    return [found.nth(index).get_attribute("content") for index in range(found.count())]


def test_authors_fold_after_six_and_unfold(page, site_url):
    page.goto(site_url + AUX)
    authors = page.locator(".paper-authors .paper-author")
    expect(authors).to_have_count(9)
    visible = [name for name in authors.all() if name.is_visible()]
    assert [name.inner_text() for name in visible] == ["Ana Núñez", "Bo Li", "Chidi Okafor", "Dana Cohen",
                                                       "Eero Virtanen", "Fatima Zahra"]
    more = page.locator(".paper-more-authors summary")
    expect(more).to_have_text("and 3 more")
    more.click()
    expect(page.get_by_text("Ivan Petrov")).to_be_visible()


def test_buttons_take_the_reader_to_the_paper(page, site_url):
    page.goto(site_url + AUX)
    buttons = page.locator(".paper-links a.md-button")
    expect(buttons).to_have_text(["arXiv", "PDF", "Hugging Face", "Code", "More code"])
    assert [buttons.nth(index).get_attribute("href") for index in range(5)] == [
        "https://arxiv.org/abs/2401.10001", "https://arxiv.org/pdf/2401.10001",
        "https://huggingface.co/papers/2401.10001", "https://github.com/example/local-aux-official",
        "https://github.com/example/local-aux"]  # the lookup's code link before the listing's
    expect(page.locator(".paper-links a.md-button--primary")).to_have_text(["arXiv"])
    expect(page.locator(".paper-meta")).to_contain_text("2024-01-18")
    expect(page.locator(".paper-meta")).to_contain_text("arXiv:2401.10001")


def test_citation_meta_tags_are_what_scholar_and_zotero_read(page, site_url):
    page.goto(site_url + VIT)
    assert metas(page, "citation_title") == ["Vision Transformers with Local Attention"]
    assert metas(page, "citation_author") == ["Zoë Müller", "Łukasz Nowak", "Sōta Yamamoto"]
    assert metas(page, "citation_publication_date") == ["2025/03/14"]
    assert metas(page, "citation_arxiv_id") == ["2503.10002"]
    assert metas(page, "citation_pdf_url") == ["https://arxiv.org/pdf/2503.10002"]
    page.goto(site_url + GRAPHS)  # a near miss in the lookup: nothing applied, so no id and no PDF
    assert metas(page, "citation_arxiv_id") == [] and metas(page, "citation_pdf_url") == []
    assert metas(page, "citation_author") == []


def test_the_curators_note_and_status_show_and_the_note_is_searchable(page, site_url):
    page.goto(site_url + VIT)
    expect(page.locator(".paper-note")).to_contain_text("quokka-sized")
    expect(page.locator(".paper-status")).to_have_text("Key paper")
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    page.locator(".md-search__input").press_sequentially("quokka", delay=50)
    result = page.locator(".md-search-result__item").first
    expect(result).to_contain_text("Vision Transformers with Local Attention", timeout=15000)


def test_the_all_papers_table_filters_by_status(page, site_url):
    page.goto(site_url + "papers/")
    status = page.locator(".catalog-filter select[name=status]")
    status.select_option("key")
    expect(page.locator("#paper-table tbody tr:visible td:first-child > a")).to_have_text(
        ["Vision Transformers with Local Attention"])
    status.select_option("to-read")
    expect(page.locator("#paper-table tbody tr:visible td:first-child > a")).to_have_text(
        ["Graph Neural Networks at Scale"])
    expect(page.locator(".catalog-filter-count")).to_have_text("1 of 6 papers")
    page.locator(".catalog-filter input[type=search]").fill("scale key")
    expect(page.locator("#paper-table tbody tr:visible")).to_have_count(0)  # a badge is not title text


def test_every_page_links_its_feed_without_fetching_a_sitemap(page, site_url):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    for path in ("", AUX, "themes/local-learning/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        feeds = page.locator("head link[type='application/atom+xml']")
        assert feeds.first.get_attribute("href").endswith("feed.xml"), path
    assert page.locator("head link[type='application/atom+xml']").nth(1).get_attribute("href") == "../local-learning.xml"
    assert not [url for url in fetched if url.endswith("sitemap.xml")]
    response = page.goto(site_url + "themes/local-learning.xml")
    assert response.status == 200


def test_catalog_json_says_where_each_fact_came_from(built_site):
    papers = {paper["id"]: paper for paper in catalog_of(built_site)["papers"]}
    aux = papers["local-learning-with-auxiliary-networks"]
    assert aux["origins"]["authors"] == "lookup: huggingface 2026-12-01"
    assert aux["origins"]["status"].startswith("papers.yml:")
    assert aux["origins"]["title"].startswith("01_flat.txt:")
    assert papers["graph-neural-networks-at-scale"]["arxiv_id"] is None
    assert papers["federated-learning-under-non-iid-data"]["authors"] == []


def test_author_names_are_searchable(page, site_url):
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    page.locator(".md-search__input").press_sequentially("Yamamoto", delay=50)
    result = page.locator(".md-search-result__item").first
    expect(result).to_contain_text("Vision Transformers with Local Attention", timeout=15000)
