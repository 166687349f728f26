"""The built fixture site in a real browser: navigation, search, tags, filter, palette, errors."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

PAPER = "papers/vision-transformers-with-local-attention/"


def paper_slug(built_site, title: str) -> str:
    catalog = json.loads((built_site / "paper-catalog" / "catalog.json").read_text(encoding="utf-8"))
    return next(paper["id"] for paper in catalog["papers"] if paper["title"] == title)


def test_home_shows_the_theme_cards_with_counts(page, site_url):
    page.goto(site_url)
    cards = page.locator(".theme-cards li")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 20
    expect(page.locator(".theme-cards").get_by_text("Federated Learning", exact=True)).to_be_visible()


def test_searching_a_word_from_an_abstract_finds_that_paper(page, site_url):
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    page.locator(".md-search__input").press_sequentially("Navier", delay=50)
    result = page.locator(".md-search-result__item").first
    expect(result).to_contain_text("Neural Operators for PDEs", timeout=15000)
    result.locator("a").first.click()
    expect(page.locator("h1")).to_have_text("Neural Operators for PDEs")


def test_a_tag_chip_leads_to_the_theme_page_listing_the_paper(page, site_url):
    page.goto(site_url + PAPER)
    chip = page.locator(".md-tags a.md-tag").first
    name = chip.inner_text()
    chip.click()
    expect(page.locator("h1")).to_have_text(name)
    assert re.search(r"/paper-catalog/themes/[a-z0-9-]+/$", page.url)
    expect(page.locator(".catalog-table").get_by_text("Vision Transformers with Local Attention")).to_be_visible()


def test_the_all_papers_filter_narrows_the_table(page, site_url):
    page.goto(site_url + "papers/")
    rows = page.locator("#paper-table tbody tr")
    assert rows.count() == 6
    page.locator(".catalog-filter input[type=search]").fill("neural operators")
    expect(page.locator("#paper-table tbody tr:visible")).to_have_count(1)
    expect(page.locator(".catalog-filter-count")).to_have_text("1 of 6 papers")
    page.locator(".catalog-filter input[type=search]").fill("")
    page.locator(".catalog-filter input[name=code]").check()
    expect(page.locator("#paper-table tbody tr:visible")).to_have_count(2)
    page.locator(".catalog-filter select[name=year]").select_option("2024")  # the year the lookup found
    expect(page.locator("#paper-table tbody tr:visible td:first-child > a")).to_have_text(
        ["Local Learning with Auxiliary Networks"])
    page.locator(".catalog-filter select[name=year]").select_option("2025")  # no 2025 paper has code
    expect(page.locator("#paper-table tbody tr:visible")).to_have_count(0)


def test_without_javascript_every_row_shows(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "papers/")
    expect(page.locator("#paper-table tbody tr:visible")).to_have_count(6)
    context.close()


def test_the_light_dark_toggle_switches_the_scheme(page, site_url):
    page.goto(site_url)
    body = page.locator("body")
    before = body.get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    expect(body).not_to_have_attribute("data-md-color-scheme", before)
    page.reload()
    expect(body).not_to_have_attribute("data-md-color-scheme", before)


def test_the_scheme_chosen_on_one_page_holds_on_the_others(page, site_url):
    page.goto(site_url)
    body = page.locator("body")
    before = body.get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    expect(body).not_to_have_attribute("data-md-color-scheme", before)
    chosen = body.get_attribute("data-md-color-scheme")
    for path in (PAPER, "themes/federated-learning/", "404.html"):  # Material's scope script runs from a file
        page.goto(site_url + path)
        expect(body).to_have_attribute("data-md-color-scheme", chosen)


def test_the_icons_are_drawn_from_the_icons_file(page, site_url):
    for width in (1280, 390):  # the phone shows the menu button, the desktop the search box
        page.set_viewport_size({"width": width, "height": 800})
        for path in ("", PAPER):
            page.goto(site_url + path)
            page.wait_for_load_state("networkidle")
            drawn = page.eval_on_selector_all(".md-header svg", """icons => icons
              .filter(icon => icon.getBoundingClientRect().width > 0)
              .map(icon => [icon.closest("[class]").className, icon.querySelector("use") !== null,
                            icon.querySelector("use") ? icon.querySelector("use").getBBox().width : 0])""")
            assert len(drawn) >= 3, (width, path, drawn)  # logo, a palette toggle, the menu or search
            assert all(from_file and size > 0 for _, from_file, size in drawn), (width, path, drawn)


DRAWER_LINKS = ["Home", "Themes", "Listings", "All papers", "Map", "Statistics", "Tags", "About"]


def test_on_a_phone_the_menu_leads_to_every_section_from_a_paper_page_and_from_home(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    material_list = ".md-nav--primary > .md-nav__list > .md-nav__item > a"  # not the headings of home it lists
    for path, drawer in ((PAPER, ".md-tabs a"), ("", material_list)):  # the tabs, Material's list
        page.goto(site_url + path)
        links = page.locator(drawer)
        expect(links.first).to_be_hidden()  # closed
        page.mouse.wheel(0, 800)  # scrolled down, Material marks the tabs hidden
        page.locator(".md-header label[for=__drawer]").click()
        expect(links.get_by_text("All papers", exact=True)).to_be_visible()
        assert [text.strip() for text in links.all_inner_texts()] == DRAWER_LINKS, path
        page.wait_for_function("""drawer => {  // slid in: the links lie inside the drawer, 12.1rem wide
          const box = [...document.querySelectorAll(drawer)].find(a => a.href.endsWith("stats/")).getBoundingClientRect();
          return box.left === 0 && box.right === 242;
        }""", arg=drawer)
        links.get_by_text("All papers", exact=True).click()
        expect(page).to_have_url(site_url + "papers/")
    context.close()


def test_on_a_desktop_a_paper_page_shows_the_tabs_as_every_page_does(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    for path in (PAPER, ""):
        page.goto(site_url + path)
        tabs = page.locator(".md-tabs a")
        expect(tabs.first).to_be_visible()
        assert [text.strip() for text in tabs.all_inner_texts()] == DRAWER_LINKS
        assert page.locator(".md-tabs").bounding_box()["width"] == 1280


def test_no_console_errors_on_home_paper_theme_and_listing_pages(page, site_url):
    for path in ("", PAPER, "themes/federated-learning/", "listings/03-cards/", "papers/", "tags/", "about/"):
        response = page.goto(site_url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    assert page.problems == []


def test_the_cite_block_has_a_copy_button(page, site_url):
    page.goto(site_url + PAPER)
    expect(page.locator(".paper-cite pre")).to_contain_text("@misc{muller2025vision,")
    expect(page.locator(".paper-cite button[data-md-type=copy]")).to_have_count(1)
