"""Search as a researcher uses it, with Material's search and with Pagefind, in a real browser.

A small fixture of its own (tests/data/search_seeds) holds the cases: two words that narrow the
results, a phrase whose words also appear apart, a hyphenated term next to its parts, a word
only the curator's note has, and a word in one paper's title and, three times, in another's
abstract. Each engine's site is built once per module and served under the sub-path. A result
shows its title once, the year and authors, the themes and a snippet of at most two lines, at
desktop and phone widths, light and dark, with no accessibility violation while it is open.
"""

from __future__ import annotations

import functools
import re
import shutil
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import axe_violations
from sitebuild import DATA, build_site, make_project

AXE = Path(__file__).parent.parent.parent / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SEEDS = DATA / "search_seeds"
TYPING = "Typing Habits on Phones"
SPARSE = "Federated Learning with Sparse Updates"
AVERAGING = "Federated Averaging for Mobile Keyboards"
RANKING = "Learning to Rank Documents"
PAPERS = {TYPING, SPARSE, AVERAGING, RANKING}
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
TABLE = "[tool.paper-catalog]\n"
PREFIX = "paper-catalog"


class QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without logging every request."""

    def log_message(self, format, *args):  # noqa: A002 - the base class names it so
        return


def build(tmp_path_factory, name: str, seeds: Path, pagefind: bool) -> str:
    """Build ``seeds`` with one engine and serve it under the sub-path for the test session."""
    work = tmp_path_factory.mktemp(name)
    project = make_project(seeds, work / "project")
    if pagefind:
        pyproject = project / "pyproject.toml"
        text = pyproject.read_text(encoding="utf-8")
        assert text.count(TABLE) == 1
        pyproject.write_text(text.replace(TABLE, TABLE + 'search = "pagefind"\n'), encoding="utf-8")
    result = build_site(project, f"http://127.0.0.1/{PREFIX}/")
    assert result.returncode == 0, result.stdout + result.stderr
    served = work / "served"
    shutil.copytree(project / "site", served / PREFIX)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/{PREFIX}/"


@pytest.fixture(scope="module")
def material_url(tmp_path_factory):
    return build(tmp_path_factory, "search-material", SEEDS, pagefind=False)


@pytest.fixture(scope="module")
def pagefind_url(tmp_path_factory):
    return build(tmp_path_factory, "search-pagefind", SEEDS, pagefind=True)


@pytest.fixture(scope="module")
def hostile_pagefind_url(tmp_path_factory):
    return build(tmp_path_factory, "hostile-pagefind", DATA / "hostile_seeds", pagefind=True)


@pytest.fixture
def engine_url(request, material_url, pagefind_url):
    return {"material": material_url, "pagefind": pagefind_url}[request.param]


def settle(read, timeout: float = 15.0):
    """Return what ``read()`` gives twice in a row 300 ms apart (results replace one another)."""
    deadline, last = time.monotonic() + timeout, object()
    while time.monotonic() < deadline:
        value = read()
        if value is not None and value == last:
            return value
        last = value
        time.sleep(0.3)
    raise AssertionError(f"search results did not settle: {last!r}")


def material_search(page, url: str, query: str) -> list[str]:
    """Search with Material's dialog; return the titles of the results, best first."""
    if not page.url.startswith(url):
        page.goto(url)
    box = page.locator(".md-search__input")
    if not box.is_visible():  # on a phone the box is in the dialog the search key opens
        page.keyboard.press("/")
    meta = page.locator(".md-search-result__meta")
    # Material reads the box on key events: fill it, then press a key that types nothing.
    box.fill("")  # the last query's results go: what shows next is this query's
    box.press("End")
    expect(meta).to_have_text(re.compile("Type to start|Initializing"))
    box.fill(query)
    box.press("End")

    def read():
        text = meta.inner_text()
        if "Type to start" in text or "Initializing" in text:
            return None
        return text, page.locator(".md-search-result__item > .md-search-result__link h1").all_inner_texts()
    return settle(read)[1]


def pagefind_search(page, url: str, query: str) -> list[str]:
    """Search on the Pagefind search page (?q=); return the titles of the results, best first."""
    page.goto(url + "search/?q=" + query.replace('"', "%22").replace(" ", "%20"))

    def read():
        message = page.locator(".catalog-search__message")
        if not message.count() or "match" not in message.inner_text():
            return None
        return message.inner_text(), page.locator(".catalog-result__title").all_inner_texts()
    return settle(read)[1]


def search(page, engine: str, url: str, query: str) -> list[str]:
    return (material_search if engine == "material" else pagefind_search)(page, url, query)


def papers(titles: list[str]) -> list[str]:
    """The paper results among the titles (Material also finds theme and listing pages)."""
    return [title for title in titles if title in PAPERS]


ENGINES = pytest.mark.parametrize("engine_url, engine", [("material", "material"), ("pagefind", "pagefind")],
                                  indirect=["engine_url"])


@ENGINES
def test_two_words_narrow_the_results(page, engine_url, engine):
    # (Not "federated learning": a paper's themes are searched too, and both papers on
    # federated averaging are in the theme Federated Learning.)
    server = search(page, engine, engine_url, "server")
    phones = search(page, engine, engine_url, "phones")
    both = search(page, engine, engine_url, "server phones")
    assert set(papers(server)) == {SPARSE, AVERAGING}
    assert set(papers(phones)) == {TYPING, AVERAGING}
    assert papers(both) == [AVERAGING]
    assert len(both) < len(server) and len(both) < len(phones)


@ENGINES
def test_a_quoted_phrase_matches_as_written(page, engine_url, engine):
    # "Updates are sparse" (Typing) holds both words, not the phrase.
    assert set(papers(search(page, engine, engine_url, "sparse updates"))) == {SPARSE, TYPING}
    assert papers(search(page, engine, engine_url, '"sparse updates"')) == [SPARSE]


@ENGINES
def test_a_hyphenated_term_stays_whole(page, engine_url, engine):
    # Ranking says "non-convex" and "IID sampling": both parts, never the term.
    assert papers(search(page, engine, engine_url, "non-IID")) == [SPARSE]
    marks = page.locator("mark").all_inner_texts()
    assert "non-IID" in marks and "non" not in [mark.lower() for mark in marks]
    # A part finds the word, and marks it whole.
    assert papers(search(page, engine, engine_url, "convex")) == [RANKING]
    assert "non-convex" in page.locator("mark").all_inner_texts()


@ENGINES
def test_a_word_only_the_curators_note_has_finds_its_paper(page, engine_url, engine):
    assert papers(search(page, engine, engine_url, "wombat")) == [AVERAGING]


@ENGINES
def test_a_title_match_ranks_above_an_abstract_match(page, engine_url, engine):
    # Typing's abstract says "keyboards" three times and comes first in the listing.
    assert papers(search(page, engine, engine_url, "keyboards")) == [AVERAGING, TYPING]
    if engine == "material":  # Enter opens the first result shown
        page.locator(".md-search__input").press("Enter")
        expect(page.locator("h1").first).to_have_text(AVERAGING)


def lines(locator) -> float:
    """How many lines of text an element shows."""
    return locator.evaluate("el => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_material_result_shows_title_byline_themes_and_a_short_snippet(browser, material_url, width, scheme):
    context = browser.new_context(viewport=WIDTHS[width], color_scheme=scheme)
    page = context.new_page()
    try:
        assert papers(material_search(page, material_url, "accuracy")) == [SPARSE]
        item = page.locator(".md-search-result__item").filter(has_text=SPARSE).first
        article = item.locator("article").first
        assert article.inner_text().count(SPARSE) == 1
        expect(article.locator(".catalog-result__byline")).to_have_text(re.compile(
            r"^\s*2025 · Priya Raman, Tomás Herrera, Kwame Mensah, Sofia Lindgren, Hiroshi Tanaka, Amara Nwosu$"))
        expect(article.locator(".md-tag")).to_have_text(["Federated Learning"])
        snippet = article.locator(".catalog-result__snippet")
        expect(snippet.locator("mark")).to_have_text(["accuracy"])
        assert lines(snippet) <= 2.05
        assert lines(article.locator(".catalog-result__byline")) <= 1.05
        order = article.evaluate("el => [...el.children].map(c => c.className || c.tagName)")
        assert [name for name in order if name in ("H1", "catalog-result__byline", "md-tags", "catalog-result__snippet")] \
            == ["H1", "catalog-result__byline", "md-tags", "catalog-result__snippet"]
        assert item.bounding_box()["height"] < 200
        for part in (snippet, article.locator(".catalog-result__byline")):
            box = part.bounding_box()
            assert box["x"] + box["width"] <= WIDTHS[width]["width"] + 0.5  # nothing runs off the screen
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_pagefind_result_shows_title_byline_themes_and_a_short_excerpt(browser, pagefind_url, width, scheme):
    context = browser.new_context(viewport=WIDTHS[width], color_scheme=scheme)
    page = context.new_page()
    try:
        assert papers(pagefind_search(page, pagefind_url, "accuracy")) == [SPARSE]
        result = page.locator(".catalog-search__results > li").first
        assert result.inner_text().count(SPARSE) == 1
        byline = result.locator(".catalog-result__byline")
        expect(byline).to_have_text(
            "2025 · Priya Raman, Tomás Herrera, Kwame Mensah, Sofia Lindgren, Hiroshi Tanaka, Amara Nwosu")
        expect(result.locator(".catalog-result__themes > li")).to_have_text(["Federated Learning"])
        excerpt = result.locator(".catalog-result__snippet")
        expect(excerpt.locator("mark")).to_have_text(["accuracy"])
        assert "Federated Learning with" not in excerpt.inner_text() and "2025" not in excerpt.inner_text()
        assert lines(excerpt) <= 2.05
        assert lines(byline) <= 1.05
        title, byline_y, themes, snippet = (result.locator(selector).bounding_box()["y"] for selector in (
            ".catalog-result__title", ".catalog-result__byline", ".catalog-result__themes", ".catalog-result__snippet"))
        assert title < byline_y < themes < snippet
        assert result.bounding_box()["height"] < 200
        for part in (result, excerpt, byline):
            box = part.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[width]["width"] + 0.5  # nothing runs off the screen
        # Nothing makes the page scroll sideways (the theme filter's long names included).
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
        for field in page.locator(".catalog-search__field").all():
            box = field.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[width]["width"]
        if width == "phone":  # the results use the width of the screen, without an indent of their own
            assert result.bounding_box()["width"] >= WIDTHS[width]["width"] - 2 * 17
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_pagefind_search_by_author_shows_the_match_in_the_byline(browser, pagefind_url, width):
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    try:
        assert papers(pagefind_search(page, pagefind_url, "Nwosu")) == [SPARSE]
        byline = page.locator(".catalog-result__byline").first
        expect(byline.locator("mark")).to_have_text(["Nwosu"])
        mark = byline.locator("mark").bounding_box()
        box = byline.bounding_box()
        assert box["y"] <= mark["y"] and mark["y"] + mark["height"] <= box["y"] + box["height"] + 0.5  # not cut off
        assert mark["x"] + mark["width"] <= WIDTHS[width]["width"]
        assert lines(byline) <= 2.05
    finally:
        context.close()


def test_pagefind_filters_and_a_phrase_ranked_title_first_are_in_the_address(page, pagefind_url):
    # Pagefind scores every result of a phrase alike; the page ranks them by the words unquoted.
    # Typing's abstract holds "mobile keyboards" and comes first in the listing.
    assert papers(pagefind_search(page, pagefind_url, '"mobile keyboards"')) == [AVERAGING, TYPING]
    expect(page.locator(".catalog-search__message")).to_have_text('2 papers match "mobile keyboards"')
    expect(page.locator(".catalog-result__snippet mark").last).to_have_text("keyboards")
    page.locator(".catalog-search__year").select_option("2024")
    expect(page.locator(".catalog-result__title")).to_have_text([TYPING])
    expect(page).to_have_url(re.compile(r"\?q=%22mobile\+keyboards%22&year=2024$"))
    page.reload()
    expect(page.locator(".catalog-search__year")).to_have_value("2024", timeout=15000)
    expect(page.locator(".catalog-result__title")).to_have_text([TYPING], timeout=15000)
    page.locator(".catalog-search__theme").select_option("Information Retrieval & Search")
    expect(page.locator(".catalog-search__message")).to_have_text('No paper matches "mobile keyboards"')
    expect(page.locator(".catalog-search__results > li")).to_have_count(0)
    assert page.problems == []


def test_the_index_waits_until_the_visitor_goes_for_search(page, material_url):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(material_url + "papers/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert not [url for url in requests if url.endswith("/search/search_index.json")]
    assert papers(material_search(page, material_url, "wombat")) == [AVERAGING]
    assert [url for url in requests if url.endswith("/search/search_index.json")]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.skip(f"axe-core is missing at {AXE}: run bash .ci/test (it installs it with npm)")
    return AXE.read_text(encoding="utf-8")


@ENGINES
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violation_with_results_open(browser, engine_url, engine, axe_source, width, scheme):
    context = browser.new_context(viewport=WIDTHS[width], color_scheme=scheme)
    page = context.new_page()
    try:
        assert set(papers(search(page, engine, engine_url, "federated"))) == {SPARSE, AVERAGING}
        assert axe_violations(page, axe_source) == []
    finally:
        context.close()


def test_material_results_show_hostile_authors_literally(page, hostile_url):
    page.add_init_script("window.__ran = []; window.alert = (m) => window.__ran.push(String(m));")
    titles = material_search(page, hostile_url, "Mallory")
    assert titles and "Neural Operator Title" in titles[0]
    byline = page.locator(".catalog-result__byline").first
    expect(byline).to_contain_text('<script>alert("author-script")</script> Mallory, O\'Brien "Quote" & Co')
    expect(page.locator(".md-search-result__item h1").first).to_have_text(
        "{{ 7 * 7 }} and {% raw %}Jinja{% endraw %} in a Neural Operator Title")
    assert page.evaluate("window.__ran") == []


def test_pagefind_results_show_hostile_text_literally(page, hostile_pagefind_url):
    page.add_init_script("window.__ran = []; window.alert = (m) => window.__ran.push(String(m));")
    pagefind_search(page, hostile_pagefind_url, "Attack")
    result = page.locator(".catalog-search__results > li").first
    expect(result.locator(".catalog-result__title")).to_have_text('<script>alert("title-script")</script> Local Learning Attack')
    expect(result.locator(".catalog-result__snippet")).to_contain_text('<script>alert("abstract-script")</script>')
    pagefind_search(page, hostile_pagefind_url, "Mallory")
    expect(page.locator(".catalog-result__byline").first).to_have_text(
        'No date · <script>alert("author-script")</script> Mallory, O\'Brien "Quote" & Co')
    expect(page.locator(".catalog-result__title").first).to_have_text(
        "{{ 7 * 7 }} and {% raw %}Jinja{% endraw %} in a Neural Operator Title")
    # Entities written in a listing stay as written, in the title and in the snippet.
    pagefind_search(page, hostile_pagefind_url, "entities")
    result = page.locator(".catalog-search__results > li").first
    expect(result.locator(".catalog-result__title")).to_have_text(
        "<a href=\"javascript:alert('anchor')\">Click</a> &amp; &lt;b&gt; entities")
    expect(result.locator(".catalog-result__snippet")).to_contain_text("Entities &amp; &lt;b&gt;bold&lt;/b&gt;")
    assert page.locator(".catalog-search__results script, .catalog-search__results img, "
                        ".catalog-search__results a[href^='javascript']").count() == 0
    assert page.evaluate("window.__ran") == []
