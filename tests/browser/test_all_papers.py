"""The all-papers filter: finds across the whole catalog, filters, sorts, keeps its view in the URL,
fits a phone, reads without JavaScript, shows hostile text literally; desktop and phone, light and dark."""

from __future__ import annotations

import functools
import json
import shutil
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import PREFIX, QuietHandler, axe_violations, build_served_site, serve, watch_problems
from generator.paper_filter import decode_numbers
from generator.readers import read_listings
from generator.render import PAPERS_PER_PAGE
from sitebuild import DATA, build_site, make_project
from test_accessibility import AXE
from test_hostile import TITLES

BENCHMARKS = Path(__file__).parent.parent.parent / "benchmarks"
SYNTHETIC_PAPERS = 250  # three pages of PAPERS_PER_PAGE rows
NOTED = 25  # synthetic papers the curator's file gives a note with NOTE_WORD
NOTE_WORD = "zebrafish"
VIEWS = [pytest.param((width, scheme), id=f"{width}px-{scheme}") for width in (1280, 390) for scheme in ("light", "dark")]
ROWS = "#paper-table tbody tr"
TITLE_LINKS = "#paper-table tbody td.title > a"


@pytest.fixture(scope="session")
def synthetic_site(tmp_path_factory) -> Path:
    """Build 250 synthetic papers (three all-papers pages), 25 of them with a curator's note."""
    sys.path.insert(0, str(BENCHMARKS))
    import synthesize  # noqa: PLC0415 - it lives in benchmarks/
    work = tmp_path_factory.mktemp("synthetic")
    seeds = work / "seeds"
    synthesize.synthesize(SYNTHETIC_PAPERS, seeds)
    listings, _ = read_listings(seeds)
    titles = sorted({record.title for listing in listings for record in listing.records})
    noted = titles[::len(titles) // NOTED][:NOTED]
    entries = "".join(f"- paper: {json.dumps(title)}\n  note: Read with the {NOTE_WORD} group.\n" for title in noted)
    (seeds / "papers.yml").write_text("papers:\n" + entries, encoding="utf-8")
    return build_served_site(work, seeds)


@pytest.fixture(scope="session")
def synthetic_url(synthetic_site: Path):
    server, base = serve(synthetic_site)
    yield f"{base}/paper-catalog/"
    server.shutdown()


@pytest.fixture(scope="session")
def compact_site(tmp_path_factory) -> Path:
    """The fixture listings built as a large catalog is: the filter's data published gzipped."""
    work = tmp_path_factory.mktemp("compact")
    project = make_project(DATA / "fixture_seeds", work / "project")
    settings = project / "pyproject.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("[tool.paper-catalog]\n", "[tool.paper-catalog]\ncompact_exports_from = 0\n", 1),
                        encoding="utf-8")
    result = build_site(project, f"http://127.0.0.1/{PREFIX}/")
    assert result.returncode == 0, result.stdout + result.stderr
    shutil.copytree(project / "site", work / "served" / PREFIX)
    return work / "served"


class UnpackingHandler(QuietHandler):
    """Serve a .gz file as some hosts do: with Content-Encoding: gzip, so the browser unpacks it."""

    def end_headers(self):
        if self.path.split("?")[0].endswith(".gz"):
            self.send_header("Content-Encoding", "gzip")
        super().end_headers()


@pytest.fixture
def view(browser, request):
    """Open a page at the width and colour scheme of the test's ``width`` and ``scheme``."""
    width, scheme = request.param if hasattr(request, "param") else (1280, "light")
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = watch_problems(context.new_page())
    yield page
    assert page.problems == []
    context.close()


def filter_data(site: Path) -> list[dict]:
    """The papers of the site's filter data file, each with its words read back as text."""
    data = json.loads((site / "paper-catalog" / "papers" / "filter.json").read_text(encoding="utf-8"))
    papers = [dict(zip(data["fields"], row)) for row in data["papers"]]
    for paper in papers:
        paper["words"] = " ".join(data["vocabulary"][number] for number in decode_numbers(paper["words"]))
    return papers


def type_filter(page, text: str) -> None:
    page.locator(".catalog-filter input[name=text]").fill(text)


def shown_titles(page) -> list[str]:
    return page.locator(TITLE_LINKS).all_inner_texts()


def assert_fits(page) -> None:
    """Nothing sticks out sideways: not the page, not the table out of its box."""
    widths = page.evaluate("""() => {
      const table = document.getElementById("paper-table");
      const box = table.closest(".catalog-table").getBoundingClientRect();
      const own = table.getBoundingClientRect();
      return {scroll: document.scrollingElement.scrollWidth, inner: innerWidth,
              left: own.left - box.left, right: box.right - own.right,
              wider: Array.from(table.querySelectorAll("tr")).filter(row => row.scrollWidth > row.clientWidth + 1).length};
    }""")
    assert widths["scroll"] <= widths["inner"], widths
    assert widths["left"] >= -0.5 and widths["right"] >= -0.5 and widths["wider"] == 0, widths


@pytest.mark.parametrize("view", VIEWS, indirect=True)
def test_finds_by_author_abstract_word_and_note(view, site_url):
    page = view
    page.goto(site_url + "papers/")
    type_filter(page, "nunez")  # "Núñez", typed without accents
    expect(page.locator(TITLE_LINKS)).to_have_text(["Local Learning with Auxiliary Networks"])
    expect(page.locator(".catalog-filter-count")).to_have_text("1 of 6 papers")
    type_filter(page, "Virtanen")  # the fifth author: not shown in the row, still found
    expect(page.locator(TITLE_LINKS)).to_have_text(["Local Learning with Auxiliary Networks"])
    type_filter(page, "navier-stokes")  # a word of the abstract only
    expect(page.locator(TITLE_LINKS)).to_have_text(["Neural Operators for PDEs"])
    type_filter(page, "quokka")  # the curator's note only
    expect(page.locator(TITLE_LINKS)).to_have_text(["Vision Transformers with Local Attention"])
    type_filter(page, "quokka swin")  # every word is required
    expect(page.locator(ROWS)).to_have_count(1)
    type_filter(page, "quokka graphs")
    expect(page.locator(ROWS)).to_have_count(0)
    expect(page.locator(".catalog-filter-count")).to_have_text("0 of 6 papers")
    expect(page.locator(".catalog-filter-count")).to_have_attribute("aria-live", "polite")
    assert_fits(page)
    type_filter(page, "")
    expect(page.locator(ROWS)).to_have_count(6)
    expect(page.locator(".catalog-filter-count")).to_have_text("6 papers")
    assert urlsplit(page.url).query == ""


@pytest.mark.parametrize("view", VIEWS, indirect=True)
def test_finds_across_every_page_and_shows_more_on_demand(view, synthetic_site, synthetic_url):
    page = view
    papers = filter_data(synthetic_site)
    assert len(papers) == SYNTHETIC_PAPERS
    page.goto(synthetic_url + "all-papers/page-3/")
    assert shown_titles(page) == own_titles(synthetic_site)
    own = set(own_titles(synthetic_site))
    type_filter(page, NOTE_WORD)
    expect(page.locator(".catalog-filter-count")).to_have_text(f"{NOTED} of {SYNTHETIC_PAPERS} papers")
    found = shown_titles(page)
    assert sorted(found) == sorted(paper["title"] for paper in papers if NOTE_WORD in paper["words"].split())
    assert set(found) - own, "only the page's own rows were searched"
    expect(page.locator(".catalog-pager")).to_have_count(2)
    for index in range(2):
        expect(page.locator(".catalog-pager").nth(index)).to_be_hidden()
    word = "neural"
    expected = [paper["title"] for paper in papers
                if word in f"{paper['title']}\n{paper['authors']}\n{paper['words']}".lower()]
    assert len(expected) > PAPERS_PER_PAGE
    type_filter(page, word)
    expect(page.locator(".catalog-filter-count")).to_have_text(f"{len(expected)} of {SYNTHETIC_PAPERS} papers")
    expect(page.locator(ROWS)).to_have_count(100)
    more = page.locator("button.catalog-more")
    expect(more).to_have_text(f"Show {min(100, len(expected) - 100)} more ({len(expected) - 100} not shown)")
    more.click()
    expect(page.locator(ROWS)).to_have_count(min(200, len(expected)))
    assert shown_titles(page) == expected[:200]  # newest first, as the data file lists them
    assert_fits(page)
    type_filter(page, "")
    expect(page.locator(TITLE_LINKS)).to_have_text(own_titles(synthetic_site))
    expect(more).to_be_hidden()
    expect(page.locator(".catalog-pager").first).to_be_visible()


def own_titles(site: Path) -> list[str]:
    """The titles page 3 lists as built: the oldest papers, in the order of the data file."""
    return [paper["title"] for paper in filter_data(site)[2 * PAPERS_PER_PAGE:]]


@pytest.mark.parametrize("view", VIEWS, indirect=True)
def test_theme_year_no_date_code_and_status_filters(view, site_url):
    page = view
    page.goto(site_url + "papers/")
    form = page.locator(".catalog-filter")
    form.locator("select[name=year]").select_option("none")
    expect(page.locator(TITLE_LINKS)).to_have_text(["Federated Learning under Non-IID Data",
                                                    "Grassmann Class Representation for Transfer"])
    form.locator("input[name=code]").check()
    expect(page.locator(TITLE_LINKS)).to_have_text(["Federated Learning under Non-IID Data"])
    form.locator("select[name=year]").select_option("")
    form.locator("select[name=theme]").select_option("local-learning")
    expect(page.locator(TITLE_LINKS)).to_have_text(["Local Learning with Auxiliary Networks"])
    form.locator("input[name=code]").uncheck()
    form.locator("select[name=theme]").select_option("")
    form.locator("select[name=status]").select_option("key")
    expect(page.locator(TITLE_LINKS)).to_have_text(["Vision Transformers with Local Attention"])
    assert parse_qs(urlsplit(page.url).query) == {"status": ["key"]}
    assert_fits(page)


@pytest.mark.parametrize("view", VIEWS, indirect=True)
def test_columns_sort_by_title_date_and_upvotes(view, site_url):
    page = view
    page.goto(site_url + "papers/")
    headers = page.locator("#paper-table thead th")
    title, date, upvotes = (page.locator(f"#paper-table th[data-sort={name}]") for name in ("title", "date", "upvotes"))
    expect(date).to_have_attribute("aria-sort", "descending")
    newest = shown_titles(page)
    title.get_by_role("button", name="Title").click()
    expect(title).to_have_attribute("aria-sort", "ascending")
    expect(date).not_to_have_attribute("aria-sort", "descending")
    expect(page.locator(TITLE_LINKS)).to_have_text(sorted(newest, key=str.lower))
    assert parse_qs(urlsplit(page.url).query) == {"sort": ["title"]}
    title.get_by_role("button").click()
    expect(title).to_have_attribute("aria-sort", "descending")
    expect(page.locator(TITLE_LINKS)).to_have_text(sorted(newest, key=str.lower, reverse=True))
    assert parse_qs(urlsplit(page.url).query) == {"sort": ["title"], "order": ["desc"]}
    upvotes.get_by_role("button").click()
    expect(upvotes).to_have_attribute("aria-sort", "descending")
    expect(page.locator(TITLE_LINKS).nth(0)).to_have_text("Local Learning with Auxiliary Networks")  # 42
    expect(page.locator(TITLE_LINKS).nth(1)).to_have_text("Vision Transformers with Local Attention")  # 7
    date.get_by_role("button").click()  # back to newest first: the page's own rows
    expect(date).to_have_attribute("aria-sort", "descending")
    expect(page.locator(TITLE_LINKS)).to_have_text(newest)
    date.get_by_role("button").click()
    expect(page.locator(TITLE_LINKS)).to_have_text(  # oldest first; undated papers stay last
        ["Local Learning with Auxiliary Networks", "Neural Operators for PDEs", "Graph Neural Networks at Scale",
         "Vision Transformers with Local Attention", "Federated Learning under Non-IID Data",
         "Grassmann Class Representation for Transfer"])
    assert headers.count() == 5
    assert_fits(page)


@pytest.mark.parametrize("view", VIEWS, indirect=True)
def test_the_view_round_trips_through_the_url(view, browser, site_url):
    page = view
    page.goto(site_url + "papers/?text=learning&code=1&sort=title&order=desc")
    form = page.locator(".catalog-filter")
    expect(form.locator("input[name=text]")).to_have_value("learning")
    expect(form.locator("input[name=code]")).to_be_checked()
    expect(page.locator("#paper-table th[data-sort=title]")).to_have_attribute("aria-sort", "descending")
    expect(page.locator(TITLE_LINKS)).to_have_text(["Local Learning with Auxiliary Networks",
                                                    "Federated Learning under Non-IID Data"])
    form.locator("select[name=year]").select_option("none")
    type_filter(page, "federated")
    expect(page.locator(TITLE_LINKS)).to_have_text(["Federated Learning under Non-IID Data"])
    shared = page.url
    assert parse_qs(urlsplit(shared).query) == {"text": ["federated"], "year": ["none"], "code": ["1"],
                                                "sort": ["title"], "order": ["desc"]}
    assert urlsplit(shared).path == "/paper-catalog/papers/"
    other = browser.new_context().new_page()
    other.goto(shared)
    expect(other.locator(TITLE_LINKS)).to_have_text(["Federated Learning under Non-IID Data"])
    expect(other.locator("#__search")).not_to_be_checked()  # Material's search stays closed (it opens on ?q=)
    expect(other.locator(".catalog-filter select[name=year]")).to_have_value("none")
    other.context.close()


def test_a_page_without_a_view_in_its_url_does_not_fetch_the_data_until_the_filter_is_used(page, site_url):
    fetched = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(site_url + "papers/")
    page.wait_for_load_state("networkidle")
    assert "/paper-catalog/papers/filter.json" not in fetched
    page.locator(".catalog-filter input[name=text]").focus()
    page.wait_for_load_state("networkidle")
    assert "/paper-catalog/papers/filter.json" in fetched


@pytest.mark.parametrize("unpacked_by", ["script", "browser"])
def test_a_compact_site_filters_from_its_gzipped_data(view, compact_site, unpacked_by):
    site = compact_site / PREFIX / "papers"
    assert (site / "filter.json.gz").is_file() and not (site / "filter.json").exists()
    handler = QuietHandler if unpacked_by == "script" else UnpackingHandler
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(compact_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = view
        fetched = []
        page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/{PREFIX}/papers/")
        type_filter(page, "nunez")
        expect(page.locator(TITLE_LINKS)).to_have_text(["Local Learning with Auxiliary Networks"])
        expect(page.locator(".catalog-filter-count")).to_have_text("1 of 6 papers")
        type_filter(page, "quokka")  # the curator's note only: every field came through
        expect(page.locator(TITLE_LINKS)).to_have_text(["Vision Transformers with Local Attention"])
        assert f"/{PREFIX}/papers/filter.json.gz" in fetched
    finally:
        server.shutdown()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_without_javascript_the_pages_and_pager_list_every_paper(browser, synthetic_site, synthetic_url, width, scheme):
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900},
                                  color_scheme=scheme)
    page = context.new_page()
    page.goto(synthetic_url + "papers/")
    expect(page.locator(".catalog-filter")).to_be_hidden()
    pager = page.locator(".catalog-pager").first
    links = [pager.locator("a").nth(index).get_attribute("href") for index in range(pager.locator("a").count())]
    assert links == ["../all-papers/page-2/", "../all-papers/page-3/"]
    titles = shown_titles(page)
    for link in links:
        page.goto(synthetic_url + "papers/" + link)
        expect(page.locator(ROWS).first).to_be_visible()
        titles += shown_titles(page)
        assert_fits(page)
    assert titles == [paper["title"] for paper in filter_data(synthetic_site)]
    context.close()


@pytest.mark.parametrize("view", VIEWS, indirect=True)
def test_hostile_titles_show_literally_in_the_rows_the_filter_draws(view, hostile_url):
    page = view
    page.goto(hostile_url + "papers/?sort=title")
    expect(page.locator(".catalog-filter-count")).to_have_text(f"{len(TITLES)} papers")
    expect(page.locator(ROWS)).to_have_count(len(TITLES))
    assert sorted(shown_titles(page)) == sorted(TITLES)
    assert page.locator("#paper-table tbody script, #paper-table tbody img, #paper-table tbody style").count() == 0
    type_filter(page, "attack")
    expect(page.locator(TITLE_LINKS)).to_have_text([TITLES[0]])
    assert_fits(page)


@pytest.mark.parametrize("view", VIEWS, indirect=True)
def test_axe_finds_nothing_in_a_filtered_sorted_view(view, site_url):
    page = view
    page.goto(site_url + "papers/?text=learning&sort=upvotes")
    expect(page.locator(ROWS)).to_have_count(2)
    assert axe_violations(page, AXE.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("view", [pytest.param((390, "light"), id="390px-light")], indirect=True)
def test_on_a_phone_every_link_of_the_table_and_pager_is_a_finger_high(view, synthetic_url):
    page = view
    page.goto(synthetic_url + "papers/")
    heights = page.locator("#paper-table tbody a, .catalog-pager a").evaluate_all(
        "links => links.map(link => link.getBoundingClientRect().height)")
    assert len(heights) > PAPERS_PER_PAGE and min(heights) >= 24


def test_the_form_shows_without_waiting_for_the_script_so_the_table_does_not_move_later(browser, site_url):
    context = browser.new_context()
    context.route("**/assets/catalog.js", lambda route: route.abort())
    page = context.new_page()
    page.goto(site_url + "papers/")
    expect(page.locator(".catalog-filter")).to_be_visible()  # not shown by catalog.js, which never ran
    expect(page.locator(ROWS)).to_have_count(6)
    context.close()


@pytest.mark.parametrize("view", VIEWS, indirect=True)
def test_the_first_click_on_a_found_paper_opens_it(view, site_url):
    # Typed, then clicked at once with the box still focused: the box's "change" as it loses
    # focus must not redraw the rows under the click (it did, and the click landed on nothing).
    page = view
    page.goto(site_url + "papers/")
    box = page.locator(".catalog-filter input[name=text]")
    box.click()
    page.keyboard.type("quokka")
    link = page.locator(TITLE_LINKS).first
    expect(link).to_have_text("Vision Transformers with Local Attention")
    expect(box).to_be_focused()
    link.click()
    page.wait_for_url("**/papers/vision-transformers-with-local-attention/")
