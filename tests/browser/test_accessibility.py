"""axe-core finds no accessibility violation, of any impact, on any kind of page, at desktop and phone
widths, light and dark."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import axe_violations

AXE = Path(__file__).parent.parent.parent / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
# Every kind of page the catalog makes: home, a paper, a theme, the themes, a listing, the
# listings, all papers, statistics, the map, tags, about, and the page for a missing address.
PAGES = ("", "papers/vision-transformers-with-local-attention/", "themes/federated-learning/", "themes/",
         "listings/03-cards/", "listings/", "papers/", "stats/", "map/", "tags/", "about/", "404.html")
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        message = f"axe-core is missing at {AXE}: run bash .ci/test (it installs it with npm)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_violations(page, site_url, axe_source, path, scheme, width):
    page.set_viewport_size(WIDTHS[width])
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert axe_violations(page, axe_source) == []


@pytest.mark.parametrize("path", ["", "papers/vision-transformers-with-local-attention/"])  # Material's drawer, the tabs
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_violations_in_the_open_drawer_on_a_phone(page, site_url, axe_source, path, scheme):
    page.set_viewport_size(WIDTHS["phone"])
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + path)
    page.locator(".md-header label[for=__drawer]").click()
    page.wait_for_timeout(400)  # the drawer has slid in
    assert axe_violations(page, axe_source) == []
