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
    assert (site / "pagefind" / "pagefind.js").is_file()
    search_page = (site / "search" / "index.html").read_text(encoding="utf-8")
    # The page draws its own results over Pagefind's API: PagefindUI is not loaded.
    assert "pagefind-ui" not in search_page and "assets/pagefind-search.js" in search_page
    assert re.search(r"INFO +- +site [\d.]+ [KM]B \(budget 500 MB\), search index pagefind/ \(one-word query\) "
                     r"[\d.]+ KB \(budget 5 MB\) \(whole index [\d.]+ KB, bundle [\d.]+ [KM]B\)", pagefind_build[1])


def test_the_header_box_searches_a_word_from_an_abstract(page, pagefind_url):
    page.goto(pagefind_url)
    expect(page.locator(".md-search")).to_have_count(0)
    box = page.locator("#catalog-search-query")
    box.fill("Navier")
    box.press("Enter")
    expect(page).to_have_url(re.compile(rf"/{PREFIX}/search/\?q=Navier$"))
    result = page.locator(".catalog-search__results > li").first
    expect(result).to_contain_text("Neural Operators for PDEs", timeout=15000)
    expect(page.locator(".catalog-search__results > li")).to_have_count(1)
    expect(page.locator(".catalog-search__query")).to_have_value("Navier")
    result.locator("a").first.click()
    expect(page.locator("h1")).to_have_text("Neural Operators for PDEs")
    assert page.url.endswith(f"/{PREFIX}/papers/neural-operators-for-pdes/")
    assert page.problems == []


def test_the_theme_and_year_filters_narrow_the_results(page, pagefind_url):
    page.goto(pagefind_url + "search/")
    page.get_by_role("searchbox", name="Search the papers", exact=True).fill("neural")
    results = page.locator(".catalog-search__results > li")
    expect(results).to_have_count(2, timeout=15000)
    theme, year = page.get_by_label("Theme", exact=True), page.get_by_label("Year", exact=True)
    expect(theme.locator("option", has_text="Graph Learning")).to_have_text(re.compile(r"^Graph Learning \(\d+\)$"))
    theme.select_option("Graph Learning")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Graph Neural Networks at Scale")
    expect(page).to_have_url(re.compile(r"\?q=neural&theme=Graph\+Learning$"))
    theme.select_option("")
    year.select_option("2024")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Neural Operators for PDEs")
    assert page.problems == []


def test_one_query_downloads_far_less_than_the_material_index(page, pagefind_url, built_site):
    material_index = (built_site / PREFIX / "search" / "search_index.json").stat().st_size
    page.goto(pagefind_url + "search/")
    page.wait_for_load_state("networkidle")
    responses = []
    page.on("response", lambda response: responses.append(response) if "/pagefind/" in response.url else None)
    page.locator(".catalog-search__query").fill("Navier")
    expect(page.locator(".catalog-search__results > li").first).to_contain_text("Neural Operators", timeout=15000)
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
    result = page.locator(".catalog-search__results > li")
    expect(result).to_have_count(1, timeout=15000)
    expect(result.locator(".catalog-result__title")).to_have_text("Neural Operators for PDEs")
    expect(result.locator(".catalog-result__byline")).to_have_text("2024 · 4 authors")
    expect(result.locator(".catalog-result__themes > li")).to_have_text(["Scientific ML & Numerical Methods"])
    excerpt = result.locator(".catalog-result__snippet")
    # A hyphenated word is found by a part, and shown (and matched) whole.
    expect(excerpt.locator("mark")).to_have_text(["Navier-Stokes"])
    assert "Neural Operators for PDEs" not in excerpt.inner_text() and "4 authors" not in excerpt.inner_text()
    assert result.inner_text().count("Neural Operators for PDEs") == 1
    assert page.problems == []


def test_the_address_follows_a_new_query_typed_on_the_search_page(page, pagefind_url):
    page.goto(pagefind_url + "search/?q=Navier")
    expect(page.locator(".catalog-search__results > li").first).to_contain_text("Neural Operators for PDEs", timeout=15000)
    page.locator(".catalog-search__query").fill("graph neural")
    expect(page).to_have_url(re.compile(rf"/{PREFIX}/search/\?q=graph\+neural$"))
    page.reload()
    expect(page.locator(".catalog-search__query")).to_have_value("graph neural", timeout=15000)
    expect(page.locator(".catalog-result__title").first).to_have_text("Graph Neural Networks at Scale", timeout=15000)
    assert page.problems == []


@pytest.fixture(scope="module")
def seeds_pagefind_url(tmp_path_factory):
    """The bundled seeds (364 papers) built with Pagefind, served under the sub-path."""
    work = tmp_path_factory.mktemp("seeds-pagefind")
    project = make_project(Path(__file__).parent.parent.parent / "seeds", work / "project")
    enable_pagefind(project / "pyproject.toml")
    result = build_site(project, f"http://127.0.0.1/{PREFIX}/")
    assert result.returncode == 0, result.stdout + result.stderr
    served = work / "served"
    shutil.copytree(project / "site", served / PREFIX)
    handler = functools.partial(QuietHandler, directory=str(served))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{PREFIX}/"
    server.shutdown()


def test_a_phrase_ranks_the_papers_whose_title_holds_it_first(page, seeds_pagefind_url):
    page.goto(seeds_pagefind_url + "search/?q=%22local%20learning%22")
    message = page.locator(".catalog-search__message")
    expect(message).to_have_text(re.compile(r'^\d+ papers match "local learning"$'), timeout=15000)
    count = int(message.inner_text().split()[0])
    titles = page.locator(".catalog-result__title")
    expect(titles).to_have_count(min(count, 10))
    more = page.get_by_role("button", name=re.compile(r"^Show \d+ more$"))
    while more.is_visible():
        drawn = titles.count()
        more.click()
        expect(titles).to_have_count(min(count, drawn + 10))
        # Keyboard users carry on from the first new result.
        assert page.evaluate("document.activeElement.textContent") == titles.nth(drawn).inner_text()
    expect(more).to_be_hidden()
    holds = ["local learning" in title.lower() for title in titles.all_inner_texts()]
    assert len(holds) == count and True in holds and False in holds
    # Every paper with the phrase in its title comes before every paper with it only in its text.
    assert holds == sorted(holds, reverse=True)
    assert page.problems == []


def test_without_javascript_the_search_page_points_to_the_lists(browser, seeds_pagefind_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(seeds_pagefind_url + "search/?q=local")
        expect(page.locator(".catalog-search__form")).to_be_hidden()
        note = page.locator(".catalog-search p", has=page.locator("a[href='../papers/']"))
        expect(note).to_be_visible()
        assert note.evaluate("el => el.innerText").startswith("Search needs JavaScript. All papers lists every paper")
        expect(note.locator("a[href='../themes/']")).to_be_visible()
    finally:
        context.close()
