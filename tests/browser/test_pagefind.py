"""The fixture site built with ``search = "pagefind"``, in a real browser under the sub-path.

Material's search is off (no index, no search dialog); the header's search box opens the
Pagefind search page, whose theme and year filters narrow the results, and one query downloads
far less than Material's index of the same site (built by the ``built_site`` fixture).
"""

from __future__ import annotations

import functools
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sitebuild import DATA, build_site, make_project

PREFIX = "paper-catalog"
TABLE = "[tool.paper-catalog]\n"


class QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without logging every request."""

    def log_message(self, format, *args):  # noqa: A002 - the base class names it so
        return


def enable_pagefind(pyproject: Path) -> None:
    """Set ``search = "pagefind"`` in the project's ``[tool.paper-catalog]`` table."""
    text = pyproject.read_text(encoding="utf-8")
    assert text.count(TABLE) == 1
    pyproject.write_text(text.replace(TABLE, TABLE + 'search = "pagefind"\n'), encoding="utf-8")


@pytest.fixture(scope="module")
def pagefind_build(tmp_path_factory):
    """Build the fixture listings with Pagefind search; return the served folder and build log."""
    work = tmp_path_factory.mktemp("pagefind")
    project = make_project(DATA / "fixture_seeds", work / "project")
    enable_pagefind(project / "pyproject.toml")
    result = build_site(project, f"http://127.0.0.1/{PREFIX}/")
    assert result.returncode == 0, result.stdout + result.stderr
    served = work / "served"
    shutil.copytree(project / "site", served / PREFIX)
    return served, result.stderr


@pytest.fixture(scope="module")
def pagefind_url(pagefind_build):
    """Serve the Pagefind site under ``/paper-catalog/`` and return its base URL."""
    handler = functools.partial(QuietHandler, directory=str(pagefind_build[0]))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{PREFIX}/"
    server.shutdown()


def test_the_build_replaces_material_search_with_a_pagefind_bundle(pagefind_build):
    site = pagefind_build[0] / PREFIX
    assert not (site / "search" / "search_index.json").exists()
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    assert (site / "search" / "index.html").is_file()
    assert re.search(r"INFO +- +site [\d.]+ [KM]B \(budget 500 MB\), search index pagefind/ \(one-word query\) "
                     r"[\d.]+ KB \(budget 5 MB\) \(whole index [\d.]+ KB, bundle [\d.]+ [KM]B\)", pagefind_build[1])


def test_the_header_box_searches_a_word_from_an_abstract(page, pagefind_url):
    page.goto(pagefind_url)
    expect(page.locator(".md-search")).to_have_count(0)
    box = page.locator("#catalog-search-query")
    box.fill("Navier")
    box.press("Enter")
    expect(page).to_have_url(re.compile(rf"/{PREFIX}/search/\?q=Navier$"))
    result = page.locator(".pagefind-ui__result").first
    expect(result).to_contain_text("Neural Operators for PDEs", timeout=15000)
    expect(page.locator(".pagefind-ui__result")).to_have_count(1)
    result.locator("a").first.click()
    expect(page.locator("h1")).to_have_text("Neural Operators for PDEs")
    assert page.url.endswith(f"/{PREFIX}/papers/neural-operators-for-pdes/")
    assert page.problems == []


def test_the_theme_and_year_filters_narrow_the_results(page, pagefind_url):
    page.goto(pagefind_url + "search/")
    page.locator(".pagefind-ui__search-input").fill("neural")
    results = page.locator(".pagefind-ui__result")
    expect(results).to_have_count(2, timeout=15000)
    page.locator(".pagefind-ui__filter-block", has_text="theme").get_by_label(re.compile("^Graph Learning")).check()
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Graph Neural Networks at Scale")
    page.locator(".pagefind-ui__filter-block", has_text="theme").get_by_label(re.compile("^Graph Learning")).uncheck()
    page.locator(".pagefind-ui__filter-block", has_text="year").get_by_label(re.compile("^2024")).check()
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Neural Operators for PDEs")
    assert page.problems == []


def test_one_query_downloads_far_less_than_the_material_index(page, pagefind_url, built_site):
    material_index = (built_site / PREFIX / "search" / "search_index.json").stat().st_size
    page.goto(pagefind_url + "search/")
    page.wait_for_load_state("networkidle")
    responses = []
    page.on("response", lambda response: responses.append(response) if "/pagefind/" in response.url else None)
    page.locator(".pagefind-ui__search-input").fill("Navier")
    expect(page.locator(".pagefind-ui__result").first).to_contain_text("Neural Operators", timeout=15000)
    page.wait_for_load_state("networkidle")
    sizes = {response.url.rsplit("/pagefind/", 1)[1]: len(response.body()) for response in responses}
    # The code (script, WebAssembly) is the same at any catalog size; the index data grows with it.
    data = sum(size for name, size in sizes.items() if not name.endswith((".js", ".css", ".pagefind")))
    print(f"\nMaterial search_index.json: {material_index} bytes; one Pagefind query: "
          f"{sum(sizes.values())} bytes, of which index data {data} bytes: {sorted(sizes.items())}")
    assert any(name.startswith("index/") for name in sizes)
    assert data * 4 < material_index


def test_a_result_shows_the_title_once_then_year_themes_and_a_short_excerpt(page, pagefind_url):
    """The fixture's paper on PDEs: its title is not repeated in the excerpt, nor its byline."""
    page.goto(pagefind_url + "search/?q=Stokes")
    result = page.locator(".pagefind-ui__result")
    expect(result).to_have_count(1, timeout=15000)
    expect(result.locator(".pagefind-ui__result-title")).to_have_text("Neural Operators for PDEs")
    expect(result.locator(".pagefind-ui__result-tag")).to_have_text(["Year: 2024", "Themes: Scientific ML & Numerical Methods"])
    excerpt = result.locator(".pagefind-ui__result-excerpt")
    # A hyphenated word is found by a part, and shown (and matched) whole.
    expect(excerpt.locator("mark")).to_have_text(["Navier-Stokes"])
    assert "Neural Operators for PDEs" not in excerpt.inner_text() and "4 authors" not in excerpt.inner_text()
    assert result.inner_text().count("Neural Operators for PDEs") == 1
    assert page.problems == []


def test_the_address_follows_a_new_query_typed_on_the_search_page(page, pagefind_url):
    page.goto(pagefind_url + "search/?q=Navier")
    expect(page.locator(".pagefind-ui__result").first).to_contain_text("Neural Operators for PDEs", timeout=15000)
    page.locator(".pagefind-ui__search-input").fill("graph neural")
    expect(page).to_have_url(re.compile(rf"/{PREFIX}/search/\?q=graph\+neural$"))
    page.reload()
    expect(page.locator(".pagefind-ui__search-input")).to_have_value("graph neural", timeout=15000)
    assert page.problems == []
