"""The map page in Chromium: theme picker, details on tap and focus, spatial Tab order, labels, phone."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from conftest import axe_violations, build_served_site, serve, watch_problems
from playwright.sync_api import expect
from sitebuild import ROOT
from test_accessibility import AXE
from test_hostile import TITLES as HOSTILE_TITLES

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
POINTS = "svg a[data-t]"
# The first point whose centre is not covered by another: where a tap lands on that point.
TOPMOST_POINT = """() => {
  for (const link of document.querySelectorAll("svg a[data-t]")) {
    const box = link.querySelector("circle").getBoundingClientRect();
    const x = box.x + box.width / 2, y = box.y + box.height / 2;
    if (y < 80 || y > innerHeight - 10) { continue; }
    const hit = document.elementFromPoint(x, y);
    if (hit && hit.closest("a") === link) { return {x, y, title: link.querySelector("title").textContent}; }
  }
  return null;
}"""
FOCUSED_PLACE = """() => { const circle = document.activeElement.querySelector("circle");
  return circle ? [Number(circle.getAttribute("cx")), Number(circle.getAttribute("cy"))] : null; }"""


@pytest.fixture(scope="module")
def seeds_site(tmp_path_factory) -> Path:
    """Build the bundled seeds (hundreds of papers, many with several themes): clusters need a real catalog."""
    return build_served_site(tmp_path_factory.mktemp("seeds"), ROOT / "seeds")


@pytest.fixture(scope="module")
def seeds_url(seeds_site: Path):
    """Serve the bundled seeds' site under ``/paper-catalog/`` and return its base URL."""
    server, base = serve(seeds_site)
    yield f"{base}/paper-catalog/"
    server.shutdown()


def catalog_of(site: Path) -> dict:
    return json.loads((site / "paper-catalog" / "catalog.json").read_text(encoding="utf-8"))


def theme_second_in_some(catalog: dict) -> tuple[str, str, int, int]:
    """Return a theme some papers have after their first: its id, name, papers with it, papers with it first."""
    for theme in catalog["themes"]:
        every = sum(theme["id"] in paper["themes"] for paper in catalog["papers"])
        first = sum(paper["themes"][:1] == [theme["id"]] for paper in catalog["papers"])
        if every > first > 0:
            return theme["id"], theme["name"], every, first
    raise AssertionError("no theme comes second in any paper")


def open_page(browser, url: str, viewport: dict, scheme: str = "light", **options):
    """Open a page in a fresh context that records script errors in ``page.problems``."""
    context = browser.new_context(viewport=viewport, color_scheme=scheme, **options)
    page = watch_problems(context.new_page())
    page.goto(url)
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_picking_a_theme_highlights_every_paper_of_it_and_fades_the_rest(browser, seeds_url, seeds_site, scheme):
    theme, name, expected, first = theme_second_in_some(catalog_of(seeds_site))
    page = open_page(browser, seeds_url + "map/", DESKTOP, scheme)
    expect(page.locator(".map-js-only")).to_be_visible()
    expect(page.locator(".map-legend-note")).to_contain_text("so a colour can stand for more than one theme")
    option = page.locator(f"#map-theme option[value={theme}]")
    assert option.inner_text().endswith(f"({expected})")
    page.get_by_label("Highlight a theme").select_option(theme)
    chosen = page.locator(f"{POINTS}.is-chosen")
    expect(chosen).to_have_count(expected)
    expect(page.locator(".map-highlight circle")).to_have_count(expected)
    expect(page.locator(".map-picker-status")).to_contain_text(f"{expected} papers of {name} highlighted; {first} of them")
    faded = page.locator(f"{POINTS}:not(.is-chosen) circle").first.evaluate("circle => getComputedStyle(circle).fillOpacity")
    ring = page.locator(".map-highlight circle").first.evaluate("circle => getComputedStyle(circle).fillOpacity")
    assert float(faded) < 0.3 and float(ring) == 1.0
    assert page.url.endswith(f"map/?theme={theme}")
    legend_button = page.get_by_role("button", name=f"Highlight {name} on the map")
    expect(legend_button).to_have_attribute("aria-pressed", "true")
    legend_button.click()  # a pressed legend button turns the highlight off
    expect(chosen).to_have_count(0)
    assert "theme=" not in page.url
    page.goto(seeds_url + f"map/?theme={theme}")  # a shared link opens with the theme highlighted
    expect(chosen).to_have_count(expected)
    expect(page.get_by_label("Highlight a theme")).to_have_value(theme)
    assert page.problems == []
    page.context.close()


def test_words_light_up_the_titles_that_have_them_within_the_theme(page, seeds_url, seeds_site):
    catalog = catalog_of(seeds_site)
    theme, name, _, _ = theme_second_in_some(catalog)
    word = "local"
    titled = [paper for paper in catalog["papers"] if word in paper["title"].lower()]
    in_theme = [paper for paper in titled if theme in paper["themes"]]
    assert len(titled) > len(in_theme) > 0
    page.goto(seeds_url + "map/")
    page.get_by_label("Find in titles").fill(word.upper())
    chosen = page.locator(f"{POINTS}.is-chosen")
    expect(chosen).to_have_count(len(titled))
    expect(page.locator(".map-picker-status")).to_have_text(
        f"{len(titled)} papers with \u201c{word}\u201d in the title highlighted.")
    page.get_by_label("Highlight a theme").select_option(theme)  # both: titles with the word, of the theme
    expect(chosen).to_have_count(len(in_theme))
    assert f"theme={theme}" in page.url and f"q={word}" in page.url
    page.goto(page.url)
    expect(chosen).to_have_count(len(in_theme))
    expect(page.get_by_label("Find in titles")).to_have_value(word)
    page.get_by_label("Find in titles").fill("zzzz-no-such-title")
    expect(chosen).to_have_count(0)
    expect(page.locator(".map-picker-status")).to_contain_text("search the whole catalog")
    assert page.problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_tap_on_a_phone_shows_the_title_and_a_second_tap_opens_the_paper(browser, seeds_url, scheme):
    page = open_page(browser, seeds_url + "map/", PHONE, scheme, has_touch=True, is_mobile=True)
    page.locator(".catalog-map svg").scroll_into_view_if_needed()
    target = page.evaluate(TOPMOST_POINT)
    assert target is not None
    page.touchscreen.tap(target["x"], target["y"])
    panel = page.locator(".map-panel")
    expect(panel).to_be_visible()
    expect(panel.locator(".map-panel-title")).to_have_text(target["title"])
    assert page.url.endswith("map/")
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    dot = page.locator(f"{POINTS}.is-current circle").bounding_box()  # the panel may have scrolled the page
    page.touchscreen.tap(dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2)
    page.wait_for_url("**/papers/**")
    assert page.locator("h1.paper-title").inner_text().strip() == target["title"]
    assert page.problems == []
    page.context.close()


def test_dots_are_big_enough_to_tap_and_the_map_fits_a_phone(browser, seeds_url):
    page = open_page(browser, seeds_url + "map/", PHONE, has_touch=True, is_mobile=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    svg = page.locator(".catalog-map svg").bounding_box()
    assert svg["x"] >= 0 and svg["x"] + svg["width"] <= PHONE["width"] and svg["width"] > 300
    # The tap target is the dot and its transparent stroke: its diameter in CSS pixels.
    target = page.locator(POINTS).first.evaluate("""link => { const circle = link.querySelector("circle");
      const style = getComputedStyle(circle), scale = circle.ownerSVGElement.getBoundingClientRect().width / 1000;
      return (2 * parseFloat(style.r) + parseFloat(style.strokeWidth)) * scale; }""")
    assert target >= 8
    dot = page.locator(POINTS).first.locator("circle").bounding_box()
    assert dot["width"] >= 4  # the visible dot (was 2.9 px)
    page.context.close()


def test_keyboard_focus_shows_the_title_and_arrows_move_to_a_neighbour(page, seeds_url):
    page.goto(seeds_url + "map/")
    first = page.locator(POINTS).first
    first.focus()
    panel = page.locator(".map-panel")
    expect(panel).to_be_visible()
    expect(panel.locator(".map-panel-title")).to_have_text(first.locator("title").text_content())
    page.keyboard.press("Tab")
    second = page.locator(POINTS).nth(1)
    expect(panel.locator(".map-panel-title")).to_have_text(second.locator("title").text_content())
    # From a dot in the thick of the map (the first may have no dot to its right: then it stays).
    page.locator(POINTS).nth(page.evaluate("""() => { const places = [...document.querySelectorAll("svg a[data-t] circle")]
      .map(circle => [Number(circle.getAttribute("cx")) - 300, Number(circle.getAttribute("cy")) - 450]);
      const far = places.map(([x, y]) => x * x + y * y); return far.indexOf(Math.min(...far)); }""")).focus()
    start = page.evaluate(FOCUSED_PLACE)
    page.keyboard.press("ArrowRight")
    moved = page.evaluate(FOCUSED_PLACE)
    assert moved is not None and moved[0] > start[0]
    page.keyboard.press("ArrowUp")
    above = page.evaluate(FOCUSED_PLACE)
    assert above is not None and above[1] < moved[1]
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert page.problems == []


def test_a_skip_link_leads_past_the_map(page, seeds_url):
    page.goto(seeds_url + "map/")
    page.get_by_label("Zoom to a cluster").focus()  # the last control before the map
    page.keyboard.press("Tab")
    skip = page.locator(".map-skip")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    skip.press("Enter")
    assert page.url.endswith("#legend")


def test_tab_order_follows_the_map_not_the_catalog(page, seeds_url, seeds_site):
    catalog = catalog_of(seeds_site)
    page.goto(seeds_url + "map/")
    place = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll("svg a[data-t]")].map(link =>
      [link.getAttribute("href").split("/").slice(-2)[0],
       [Number(link.querySelector("circle").getAttribute("cx")), Number(link.querySelector("circle").getAttribute("cy"))]]))""")
    page.locator(POINTS).first.focus()
    visited = [page.evaluate(FOCUSED_PLACE)]
    for _ in range(min(40, len(place) - 1)):
        page.keyboard.press("Tab")
        visited.append(page.evaluate(FOCUSED_PLACE))
    assert None not in visited and len({tuple(step) for step in visited}) > 20

    def mean_step(places: list) -> float:
        return sum(math.dist(first, second) for first, second in zip(places, places[1:])) / (len(places) - 1)

    in_catalog_order = [place[paper["id"]] for paper in catalog["papers"]]
    assert mean_step(visited) < 0.5 * mean_step(in_catalog_order)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_cluster_labels_are_visible_apart_and_readable(browser, seeds_url, viewport, scheme):
    page = open_page(browser, seeds_url + "map/", viewport, scheme)
    labels = page.locator(".map-label:not(.is-culled)")
    shown = [label for label in labels.all() if label.is_visible()]
    assert len(shown) >= 2
    boxes = [label.bounding_box() for label in shown]
    svg = page.locator(".catalog-map svg").bounding_box()
    for index, box in enumerate(boxes):
        assert svg["x"] - 1 <= box["x"] and box["x"] + box["width"] <= svg["x"] + svg["width"] + 1
        for other in boxes[index + 1:]:
            assert not (box["x"] < other["x"] + other["width"] and other["x"] < box["x"] + box["width"]
                        and box["y"] < other["y"] + other["height"] and other["y"] < box["y"] + box["height"])
    size = shown[0].evaluate("label => parseFloat(getComputedStyle(label).fontSize)")
    assert size >= 11  # label text keeps a readable size however small the map is drawn
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.context.close()


def test_without_javascript_the_map_still_links_every_paper(browser, site_url, built_site):
    page = open_page(browser, site_url + "map/", PHONE, java_script_enabled=False)
    expect(page.locator(POINTS)).to_have_count(len(catalog_of(built_site)["papers"]))
    expect(page.locator(".map-picker")).to_be_hidden()
    expect(page.locator(".map-js-only")).to_be_hidden()  # no word of controls that are not there
    assert page.locator(".map-label").first.is_visible()
    expect(page.get_by_role("link", name="All papers").first).to_be_visible()
    page.context.close()


def test_hostile_titles_show_literally_in_the_panel(page, hostile_url):
    page.goto(hostile_url + "map/")
    panel = page.locator(".map-panel")
    shown = []
    for index in range(page.locator(POINTS).count()):
        page.locator(POINTS).nth(index).focus()
        shown.append(panel.locator(".map-panel-title").inner_text())
        assert panel.locator("script, img, iframe, b, style").count() == 0
    assert sorted(shown) == sorted(HOSTILE_TITLES)
    assert page.problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_with_a_theme_highlighted_and_the_panel_open(browser, seeds_url, seeds_site, scheme):
    if not AXE.is_file():
        pytest.skip(f"axe-core is missing at {AXE}")
    theme = theme_second_in_some(catalog_of(seeds_site))[0]
    page = open_page(browser, seeds_url + f"map/?theme={theme}", DESKTOP, scheme)
    page.locator(f"{POINTS}.is-chosen").first.focus()
    expect(page.locator(".map-panel")).to_be_visible()
    assert axe_violations(page, AXE.read_text(encoding="utf-8")) == []
    page.context.close()


# The screen places of the dots the map shows (centre, radius with the tap stroke), of one cluster or all.
DOTS_SHOWN = """(cluster) => {
  const svg = document.querySelector(".catalog-map svg"), frame = svg.getBoundingClientRect();
  const links = cluster ? svg.querySelectorAll(`g[data-cluster="${cluster}"] a[data-t]`) : svg.querySelectorAll("a[data-t]");
  return [...links].map(link => {
    const circle = link.querySelector("circle"), box = circle.getBoundingClientRect(), style = getComputedStyle(circle);
    const scale = frame.width / svg.viewBox.baseVal.width;
    return {x: box.x + box.width / 2, y: box.y + box.height / 2, r: box.width / 2,
            target: (2 * parseFloat(style.r) + parseFloat(style.strokeWidth)) * scale};
  }).filter(dot => dot.x >= frame.left && dot.x <= frame.right && dot.y >= frame.top && dot.y <= frame.bottom);
}"""
LARGEST_CLUSTER = """() => [...document.querySelectorAll(".catalog-map g[data-cluster]")]
  .sort((a, b) => b.querySelectorAll("a").length - a.querySelectorAll("a").length)[0].getAttribute("data-cluster")"""


def median_gap(dots: list[dict]) -> float:
    """Return the median distance, in pixels, from a dot to its nearest neighbour."""
    gaps = sorted(min(math.dist((dot["x"], dot["y"]), (other["x"], other["y"])) for other in dots if other is not dot)
                  for dot in dots)
    return gaps[len(gaps) // 2]


def view_box(page) -> list[float]:
    return [float(value) for value in page.locator(".catalog-map svg").get_attribute("viewBox").split()]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_zooming_to_a_cluster_spreads_its_dots_apart_to_tap(browser, seeds_url, viewport):
    phone = viewport is PHONE
    page = open_page(browser, seeds_url + "map/", viewport, has_touch=phone, is_mobile=phone)
    cluster = page.evaluate(LARGEST_CLUSTER)
    before = page.evaluate(DOTS_SHOWN, cluster)
    expect(page.get_by_role("button", name="Zoom out")).to_be_disabled()
    name = page.locator(f'.map-label[data-cluster="{cluster}"]').text_content()
    page.get_by_label("Zoom to").select_option(label=name)
    after = page.evaluate(DOTS_SHOWN, cluster)
    assert len(after) == len(before)  # the whole cluster is in the view
    assert median_gap(after) >= 1.8 * median_gap(before) and median_gap(after) >= 7
    assert min(dot["target"] for dot in after) >= 10
    page.get_by_role("button", name="Zoom in").click()  # closer still, round the cluster's middle
    closer = page.evaluate(DOTS_SHOWN, cluster)
    assert median_gap(closer) >= 12 and min(dot["target"] for dot in closer) >= 10
    assert max(dot["r"] for dot in after) < 4 * max(dot["r"] for dot in before)  # dots grow less than the drawing
    assert page.evaluate("getComputedStyle(document.querySelector('.catalog-map svg')).overflow") == "hidden"
    expect(page.locator(f'.map-label[data-cluster="{cluster}"]')).to_be_visible()
    page.get_by_role("button", name="Whole map").click()
    assert view_box(page) == [0, 0, 1000, 700]
    page.get_by_role("button", name="Zoom in").click()
    assert view_box(page)[2] == 500
    page.get_by_role("button", name="Zoom out").click()
    assert view_box(page) == [0, 0, 1000, 700]
    assert page.problems == []
    page.context.close()


def test_a_wheel_with_ctrl_zooms_round_the_pointer_and_a_drag_pans_without_opening(page, seeds_url):
    page.goto(seeds_url + "map/")
    page.locator(".catalog-map svg").scroll_into_view_if_needed()
    box = page.locator(".catalog-map svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.5)
    page.mouse.wheel(0, 120)  # no Ctrl: the page scrolls, the map stays whole
    page.wait_for_timeout(300)
    assert view_box(page) == [0, 0, 1000, 700]
    box = page.locator(".catalog-map svg").bounding_box()
    x, y = box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.75
    page.mouse.move(x, y)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    left, top, width, height = view_box(page)
    assert width == pytest.approx(500, abs=1) and height == pytest.approx(350, abs=1)
    assert left + 0.25 * width == pytest.approx(250, abs=1) and top + 0.75 * height == pytest.approx(525, abs=1)
    start = page.url
    dot = page.evaluate(TOPMOST_POINT)
    page.mouse.move(dot["x"], dot["y"])
    page.mouse.down()
    page.mouse.move(dot["x"] - 100, dot["y"] - 50, steps=5)
    page.mouse.up()
    assert page.url == start  # a drag that began on a dot did not follow its link
    moved = view_box(page)
    assert moved[0] > left and moved[1] > top and moved[2] == width
    assert page.problems == []


def test_a_pinch_zooms_a_phone_map(browser, seeds_url):
    page = open_page(browser, seeds_url + "map/", PHONE, has_touch=True, is_mobile=True)
    page.get_by_role("button", name="Zoom in").click()  # zoomed, the map takes the gestures
    page.locator(".catalog-map svg").scroll_into_view_if_needed()
    box = page.locator(".catalog-map svg").bounding_box()
    session = page.context.new_cdp_session(page)
    centre_x, centre_y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    def touch(kind: str, spread: float) -> None:
        session.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [] if kind == "touchEnd" else [
            {"x": centre_x - spread, "y": centre_y, "id": 1}, {"x": centre_x + spread, "y": centre_y, "id": 2}]})

    touch("touchStart", 20)
    for spread in (30, 40, 50, 60):
        touch("touchMove", spread)
    touch("touchEnd", 60)
    assert view_box(page)[2] == pytest.approx(500 / 3, rel=0.05)
    assert page.problems == []
    page.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_labels_take_no_taps_have_a_halo_and_small_ones_cover_no_dot(browser, seeds_url, viewport, scheme):
    page = open_page(browser, seeds_url + "map/", viewport, scheme)
    page.locator(".catalog-map svg").scroll_into_view_if_needed()
    dots = page.evaluate(DOTS_SHOWN, None)
    shown = [label for label in page.locator(".map-label:not(.is-culled)").all() if label.is_visible()]
    assert len(shown) >= (8 if viewport is DESKTOP else 5)
    covered = 0
    for label in shown:
        box = label.bounding_box()
        under = [dot for dot in dots if box["x"] - dot["r"] < dot["x"] < box["x"] + box["width"] + dot["r"]
                 and box["y"] - dot["r"] < dot["y"] < box["y"] + box["height"] + dot["r"]]
        if "map-label--minor" in label.get_attribute("class"):
            assert under == [], label.text_content()
        covered += len(under)
        hit = page.evaluate("([x, y]) => !document.elementFromPoint(x, y).closest('.map-label')",
                            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
        assert hit  # a tap on a label reaches what is under it
        halo = label.evaluate("label => getComputedStyle(label).textShadow")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background in halo  # the halo is the page's own colour, light or dark
    # On the seeds the big clusters' labels touch 11 dots at 1280 px and 37 at 390 px (more on a
    # phone, where a label is a larger part of the map); zooming in spreads them.
    assert covered <= (15 if viewport is DESKTOP else 45)
    page.context.close()


def test_arrow_keys_go_to_a_near_dot_in_their_direction_or_stay(page, seeds_url):
    page.goto(seeds_url + "map/")
    places = page.evaluate("""() => [...document.querySelectorAll("svg a[data-t] circle")].map(circle =>
      [Number(circle.getAttribute("cx")), Number(circle.getAttribute("cy"))])""")
    keys = {"ArrowRight": (1, 0), "ArrowLeft": (-1, 0), "ArrowUp": (0, -1), "ArrowDown": (0, 1)}
    stays = 0
    for index in range(0, len(places), 9):
        for key, (dx, dy) in keys.items():
            page.locator(POINTS).nth(index).focus()
            start = places[index]
            page.keyboard.press(key)
            end = page.evaluate(FOCUSED_PLACE)

            def along_across(place):
                ax, ay = place[0] - start[0], place[1] - start[1]
                return ax * dx + ay * dy, abs(ax * dy - ay * dx)

            cone = [place for place in places if place != start and 0 < along_across(place)[0]
                    and along_across(place)[1] <= along_across(place)[0]]
            if not cone:
                assert end == start, (start, key)
                stays += 1
                continue
            along, across = along_across(end)
            assert 0 < along and across <= along, (start, key, end)  # within 45 degrees of the key
            assert math.dist(start, end) <= 2 * min(math.dist(start, place) for place in cone), (start, key, end)
    assert stays > 0  # the corners' dots stay put
    assert page.problems == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_one_tab_goes_from_the_skip_link_to_the_first_dot_and_the_map_keeps_its_name(browser, seeds_url, viewport):
    page = open_page(browser, seeds_url + "map/", viewport)
    page.locator(".map-skip").focus()
    page.keyboard.press("Tab")
    expect(page.locator(POINTS).first).to_be_focused()
    expect(page.get_by_role("group", name="Map of the catalog")).to_have_attribute(
        "aria-labelledby", "catalog-map-title catalog-map-desc")
    description = page.locator(".catalog-map svg").evaluate(
        "svg => document.getElementById('catalog-map-desc').textContent")
    assert "papers with similar titles and abstracts are drawn close together" in description
    page.keyboard.press("Shift+Tab")
    expect(page.locator(".map-skip")).to_be_focused()  # and back again, with no stop between
    page.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_see_on_map_opens_the_map_on_the_paper(browser, seeds_url, seeds_site, viewport, scheme):
    paper = catalog_of(seeds_site)["papers"][7]
    page = open_page(browser, seeds_url + f"papers/{paper['id']}/", viewport, scheme)
    page.get_by_role("link", name="See this paper on the map").click()
    page.wait_for_url(f"**/map/?paper={paper['id']}")
    target = page.locator(f"{POINTS}.is-target")
    expect(target).to_have_count(1)
    expect(target).to_be_focused()
    panel = page.locator(".map-panel")
    expect(panel).to_be_visible()
    expect(panel.locator(".map-panel-title")).to_have_text(paper["title"])
    dot = target.locator("circle").bounding_box()
    svg = page.locator(".catalog-map svg").bounding_box()
    assert svg["x"] <= dot["x"] and dot["x"] + dot["width"] <= svg["x"] + svg["width"] + 1
    assert svg["y"] <= dot["y"] and dot["y"] + dot["height"] <= svg["y"] + svg["height"] + 1
    assert 0 <= dot["y"] <= viewport["height"]  # scrolled to
    ring = target.locator("circle").evaluate("circle => getComputedStyle(circle).stroke")
    assert ring != "rgba(0, 0, 0, 0)" and ring != "none"
    assert (view_box(page)[2] < 1000) == (viewport is PHONE)  # a phone's map opens zoomed in round it
    page.goto(seeds_url + "map/?paper=no-such-paper")
    expect(page.locator(".map-picker-status")).to_have_text("That paper is not drawn on this map.")
    assert page.problems == []
    page.context.close()
