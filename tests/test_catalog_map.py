"""Tests for the catalog map: one link per paper, deterministic placement, colours and sampling."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from generator.catalog_map import MAX_POINTS, PALETTE, UNSORTED_COLOUR, MapPoint, render_catalog_map, sample_points
from generator.layout import place_papers
from generator.models import Catalog, Paper, SourceRef, Theme
from generator.related import vectorize_papers
from generator.render import link_from

MAP_LINK = link_from("map/")

SVG = "{http://www.w3.org/2000/svg}"
TOPICS = {
    "graphs": "graph neural message passing nodes edges molecules",
    "vision": "image pixels convolution segmentation detection camera",
    "speech": "audio speech waveform speaker acoustic phoneme",
}


def make_catalog() -> Catalog:
    """Return twelve papers about three topics, placed on the map: one without a theme, one with a hostile title."""
    themes = tuple(Theme(topic, f"{topic.title()} & <co>", "d") for topic in TOPICS)
    papers = []
    for index in range(12):
        topic = list(TOPICS)[index % 3]
        themes_of = () if index == 11 else (topic,)
        title = f'Paper {index} on {topic} <b>"&"</b>' if index == 0 else f"Paper {index} on {topic}"
        papers.append(Paper(key=str(index), title=title, abstract=f"{TOPICS[topic]} study number {index}",
                            sources=(SourceRef("a.txt", index + 1),), id=f"paper-{index:02d}", themes=themes_of))
    papers = tuple(papers)
    return Catalog(papers=place_papers(papers, vectorize_papers(papers)), listings=(), themes=themes)


def test_map_has_one_link_per_paper_to_its_page():
    catalog = make_catalog()
    svg = ET.fromstring(render_catalog_map(catalog, MAP_LINK).svg).find(f"{SVG}svg")
    links = [link.get("href") for link in svg.iter(f"{SVG}a")]
    assert sorted(links) == sorted(f"../papers/{paper.id}/" for paper in catalog.papers)
    titles = {link.find(f"{SVG}circle/{SVG}title").text for link in svg.iter(f"{SVG}a")}
    assert 'Paper 0 on graphs <b>"&"</b>' in titles


def test_map_is_deterministic():
    assert render_catalog_map(make_catalog(), MAP_LINK).svg == render_catalog_map(make_catalog(), MAP_LINK).svg


def test_similar_papers_are_placed_together():
    points = {paper.id: paper.position for paper in make_catalog().papers}

    def distance(first: str, second: str) -> float:
        return ((points[first][0] - points[second][0]) ** 2 + (points[first][1] - points[second][1]) ** 2) ** 0.5

    assert distance("paper-00", "paper-03") < distance("paper-00", "paper-01")


def test_points_are_coloured_by_first_theme_with_a_legend():
    catalog_map = render_catalog_map(make_catalog(), MAP_LINK)
    svg = ET.fromstring(catalog_map.svg).find(f"{SVG}svg")
    colours = [group.get("fill") for group in svg.iter(f"{SVG}g")]
    assert colours == [UNSORTED_COLOUR, PALETTE[0], PALETTE[1], PALETTE[2]]
    assert [(entry.theme, entry.points) for entry in catalog_map.legend] == [
        ("graphs", 4), ("vision", 4), ("speech", 3), ("", 1)]


def test_map_is_escaped_and_one_raw_html_block():
    text = render_catalog_map(make_catalog(), MAP_LINK).svg
    assert "<b>" not in text and "&lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;" in text
    assert "\n\n" not in text.strip()
    assert not re.search(r"^\s", text, re.MULTILINE)


def test_coordinates_stay_inside_the_drawing():
    for paper in make_catalog().papers:
        x, y = paper.position
        assert 0 <= x <= 1000 and 0 <= y <= 700
        assert round(x, 1) == x


def test_sample_is_stable_and_capped():
    points = tuple(MapPoint(f"p{index}", "t", f"p{index}/", "", 0.0, 0.0) for index in range(50))
    sample = sample_points(points, limit=20)
    assert len(sample) == 20
    assert sample == sample_points(tuple(reversed(points)), limit=20)[::-1]
    with_one_more = sample_points(points + (MapPoint("extra", "t", "extra/", "", 0.0, 0.0),), limit=20)
    assert len(set(sample) - set(with_one_more)) <= 1
    assert 2_000 <= MAX_POINTS <= 8_000  # enough to see the shape, light enough for one page


def test_tiny_catalogs_render():
    for count in (0, 1, 2):
        catalog = make_catalog()
        papers = catalog.papers[:count]
        small = Catalog(papers=place_papers(papers, vectorize_papers(papers)), listings=(), themes=catalog.themes)
        catalog_map = render_catalog_map(small, MAP_LINK)
        assert catalog_map.drawn == count
        ET.fromstring(catalog_map.svg)
