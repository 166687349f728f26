"""What a screen reader hears: every code link named by its paper, every table captioned."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

TABLE_PAGES = ("papers/", "themes/federated-learning/", "themes/unsorted/", "listings/", "listings/01-flat/")


def test_every_code_link_of_all_papers_says_whose_code_it_is(page, site_url):
    page.goto(site_url + "papers/")
    links = page.locator("#paper-table a", has_text="code")
    assert links.count() >= 1
    names = [links.nth(index).get_attribute("aria-label") for index in range(links.count())]
    rows = [links.nth(index).locator("xpath=ancestor::tr//td[1]/a").inner_text() for index in range(links.count())]
    assert names == [f"Code of {title}" for title in rows]
    expect(page.get_by_role("link", name=f"Code of {rows[0]}")).to_have_count(1)


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_every_table_has_a_caption_that_is_read_but_not_shown(page, site_url, path):
    page.goto(site_url + path)
    tables = page.locator("article table")
    assert tables.count() >= 1
    for index in range(tables.count()):
        caption = tables.nth(index).locator("caption")
        expect(caption).to_have_count(1)
        assert caption.inner_text().strip()
        box = caption.bounding_box()
        assert box is None or (box["width"] <= 1 and box["height"] <= 1)  # visually hidden
    expect(page.get_by_role("table").first).to_have_accessible_name(tables.first.locator("caption").inner_text().strip())
