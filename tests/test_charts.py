"""Tests for the statistics charts: bars, text alternatives, escaping and raw-HTML safety."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from generator.catalog_index import index_catalog
from generator.charts import count_years, render_stats_charts, render_year_chart
from generator.models import Catalog, Link, Paper, SourceRef, Theme

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'Graphs <script>alert("x")</script> & \'Trees\''


def make_paper(slug: str, published: str | None, themes: tuple[str, ...], code: bool = False) -> Paper:
    """Return a small paper with one source line."""
    links = (Link(f"https://github.com/x/{slug}", "code"),) if code else ()
    return Paper(key=slug, title=f"Title of {slug}", abstract="Some words.", sources=(SourceRef("a.txt", 1),),
                 published=published, links=links, id=slug, themes=themes)


def make_catalog() -> Catalog:
    """Return three themes (one with a hostile name) and five papers over 2021-2024."""
    themes = (Theme("graphs", HOSTILE, "d"), Theme("vision", "Vision", "d"), Theme("empty", "Empty", "d"))
    papers = (
        make_paper("a", "2021-03-01", ("graphs",), code=True),
        make_paper("b", "2024-01-02", ("graphs", "vision")),
        make_paper("c", "2024-05-06", ("vision",), code=True),
        make_paper("d", None, ("vision", "graphs")),
        make_paper("e", None, ()),
    )
    return Catalog(papers=papers, listings=(), themes=themes)


def parse_svg(block: str) -> ET.Element:
    """Parse the figure of a chart as XML and return its SVG element."""
    figure = ET.fromstring(block)
    return figure.find(f"{SVG}svg")


def test_count_years_fills_empty_years():
    papers = make_catalog().papers
    assert count_years(papers) == (("2021", 1), ("2022", 0), ("2023", 0), ("2024", 2))


def test_year_chart_has_one_bar_per_year_and_names_undated():
    svg = parse_svg(render_stats_charts(index_catalog(make_catalog())).years)
    bars = svg.findall(f".//{SVG}rect[@class='chart-bar']")
    assert len(bars) == 4
    assert [bar.find(f"{SVG}title").text for bar in bars][-1] == "2024: 2 papers"
    assert "2 papers without a date" in svg.find(f"{SVG}desc").text


def test_theme_and_code_charts_have_one_bar_per_theme():
    charts = render_stats_charts(index_catalog(make_catalog()))
    for block in (charts.themes, charts.code_share):
        assert len(parse_svg(block).findall(f".//{SVG}rect[@class='chart-bar']")) == 3
    titles = [rect.find(f"{SVG}title").text for rect in parse_svg(charts.code_share).iter(f"{SVG}rect")]
    assert titles == [f"{HOSTILE}: 33% (1 of 3)", "Vision: 33% (1 of 3)", "Empty: no papers"]


def test_every_chart_has_role_title_desc_and_a_data_table():
    charts = render_stats_charts(index_catalog(make_catalog()))
    for block in (charts.years, charts.themes, charts.overlap, charts.code_share):
        svg = parse_svg(block)
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert svg.find(f"{SVG}title").get("id") == title_id
        assert svg.find(f"{SVG}desc").get("id") == desc_id
        assert ET.fromstring(block).find("details/table") is not None


def test_heat_map_counts_shared_papers_with_tooltips():
    svg = parse_svg(render_stats_charts(index_catalog(make_catalog())).overlap)
    cells = svg.findall(f".//{SVG}rect[@class='chart-cell']")
    assert len(cells) == 9
    tooltips = {cell.find(f"{SVG}title").text for cell in cells}
    assert f"{HOSTILE} and Vision: 2 shared papers" in tooltips
    assert f"{HOSTILE}: 3 papers" in tooltips
    assert "Vision and Empty: 0 shared papers" in tooltips


def test_hostile_theme_names_are_escaped():
    charts = render_stats_charts(index_catalog(make_catalog()))
    for block in (charts.themes, charts.overlap, charts.code_share):
        assert "<script>" not in block
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Trees&#x27;" in block


def test_charts_are_one_raw_html_block():
    charts = render_stats_charts(index_catalog(make_catalog()))
    for block in (charts.years, charts.themes, charts.overlap, charts.code_share,
                  render_year_chart(make_catalog().papers)):
        assert block.startswith("<figure")
        assert "\n\n" not in block.strip()
        assert not re.search(r"^\s", block, re.MULTILINE)


def test_small_year_chart_describes_its_numbers():
    svg = parse_svg(render_year_chart(make_catalog().papers[:3]))
    assert len(svg.findall(f".//{SVG}rect[@class='chart-bar']")) == 4
    assert svg.find(f"{SVG}desc").text == "Papers per year. 2021: 1, 2022: 0, 2023: 0, 2024: 2."


def test_charts_of_an_empty_catalog_render():
    charts = render_stats_charts(index_catalog(Catalog(papers=(), listings=(), themes=())))
    assert "no dated papers" in charts.years
    for block in (charts.years, charts.themes, charts.overlap, charts.code_share):
        parse_svg(block)


def test_small_year_chart_captions_undated_papers_and_skips_undated_themes():
    block = render_year_chart(make_catalog().papers)
    assert "<figcaption>Papers per year; 2 papers without a date not shown.</figcaption>" in block
    assert render_year_chart(make_catalog().papers[3:]) == ""
    assert render_year_chart(()) == ""
