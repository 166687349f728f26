"""Tests for the catalog map: one link per paper, deterministic placement, colours, legend, clusters and sampling."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from generator.catalog_map import (MAX_POINTS, PALETTE, UNSORTED_COLOUR, MapPoint, overlaps, place_labels,
                                   render_catalog_map, sample_points)
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
    """Return twelve papers about three topics, placed on the map: one without a theme, one with two
    (vision, then graphs), one with a hostile title; abstracts also use words every paper uses."""
    themes = tuple(Theme(topic, f"{topic.title()} & <co>", "d") for topic in TOPICS)
    papers = []
    for index in range(12):
        topic = list(TOPICS)[index % 3]
        themes_of = () if index == 11 else ("vision", "graphs") if index == 4 else (topic,)
        title = f'Paper {index} on {topic} <b>"&"</b>' if index == 0 else f"Paper {index} on {topic}"
        papers.append(Paper(key=str(index), title=title, abstract=f"{TOPICS[topic]} we propose a novel model study number {index}",
                            sources=(SourceRef("a.txt", index + 1),), id=f"paper-{index:02d}", themes=themes_of))
    papers = tuple(papers)
    return Catalog(papers=place_papers(papers, vectorize_papers(papers)), listings=(), themes=themes)


def map_svg(catalog: Catalog) -> ET.Element:
    """Return the map's SVG element, parsed."""
    return next(ET.fromstring(render_catalog_map(catalog, MAP_LINK).html).iter(f"{SVG}svg"))


def test_map_has_one_link_per_paper_to_its_page():
    catalog = make_catalog()
    svg = map_svg(catalog)
    links = [link.get("href") for link in svg.iter(f"{SVG}a")]
    assert sorted(links) == sorted(f"../papers/{paper.id}/" for paper in catalog.papers)
    titles = {link.find(f"{SVG}circle/{SVG}title").text for link in svg.iter(f"{SVG}a")}
    assert 'Paper 0 on graphs <b>"&"</b>' in titles


def test_map_is_deterministic():
    assert render_catalog_map(make_catalog(), MAP_LINK) == render_catalog_map(make_catalog(), MAP_LINK)


def test_similar_papers_are_placed_together():
    points = {paper.id: paper.position for paper in make_catalog().papers}

    def distance(first: str, second: str) -> float:
        return ((points[first][0] - points[second][0]) ** 2 + (points[first][1] - points[second][1]) ** 2) ** 0.5

    assert distance("paper-00", "paper-03") < distance("paper-00", "paper-01")


def test_points_are_coloured_by_first_theme_and_the_legend_counts_every_theme():
    catalog_map = render_catalog_map(make_catalog(), MAP_LINK)
    svg = next(ET.fromstring(catalog_map.html).iter(f"{SVG}svg"))
    styles = svg.find(f"{SVG}style").text
    assert f".c0{{fill:{PALETTE[0]}}}" in styles and f".c3{{fill:{UNSORTED_COLOUR}}}" in styles
    drawn = {link.get("href"): (link.get("data-t"), link.find(f"{SVG}circle").get("class")) for link in svg.iter(f"{SVG}a")}
    assert drawn["../papers/paper-04/"] == ("1 0", "c1")  # vision first, then graphs: coloured as vision
    assert drawn["../papers/paper-11/"] == ("3", "c3")  # no theme: the unsorted number
    assert [(entry.theme, entry.index, entry.points, entry.coloured) for entry in catalog_map.legend] == [
        ("graphs", 0, 5, 4), ("vision", 1, 4, 4), ("speech", 2, 3, 3), ("", 3, 1, 1)]


def test_map_is_escaped_and_one_raw_html_block():
    text = render_catalog_map(make_catalog(), MAP_LINK).html
    assert "<b>" not in text and "&lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;" in text
    assert "\n\n" not in text.strip()
    assert not re.search(r"^\s", text, re.MULTILINE)


def test_coordinates_stay_inside_the_drawing():
    for paper in make_catalog().papers:
        x, y = paper.position
        assert 0 <= x <= 1000 and 0 <= y <= 700
        assert round(x, 1) == x


def test_sample_is_stable_and_capped():
    points = tuple(MapPoint(f"p{index}", "t", f"p{index}/", (), None, 0.0, 0.0) for index in range(50))
    sample = sample_points(points, limit=20)
    assert len(sample) == 20
    assert sample == sample_points(tuple(reversed(points)), limit=20)[::-1]
    with_one_more = sample_points(points + (MapPoint("extra", "t", "extra/", (), None, 0.0, 0.0),), limit=20)
    assert len(set(sample) - set(with_one_more)) <= 1
    assert 2_000 <= MAX_POINTS <= 4_000  # enough to see the shape, light enough for one page on a phone


def test_tiny_catalogs_render():
    for count in (0, 1, 2):
        catalog = make_catalog()
        papers = catalog.papers[:count]
        small = Catalog(papers=place_papers(papers, vectorize_papers(papers)), listings=(), themes=catalog.themes)
        catalog_map = render_catalog_map(small, MAP_LINK)
        assert catalog_map.drawn == count
        ET.fromstring(catalog_map.html)


def test_clusters_are_labelled_on_the_map_and_points_come_cluster_by_cluster():
    catalog_map = render_catalog_map(make_catalog(), MAP_LINK)
    root = ET.fromstring(catalog_map.html)
    groups = [group for group in root.iter(f"{SVG}g") if group.get("role") == "group"]
    assert len(groups) == 3
    topic_of_group = []
    for group in groups:
        topics = {link.get("href").removeprefix("../papers/paper-").rstrip("/") for link in group.iter(f"{SVG}a")}
        topic_of_group.append({list(TOPICS)[int(number) % 3] for number in topics})
        assert re.fullmatch(r"Cluster \d of 3: [a-z]+(, [a-z]+)?; 4 papers", group.get("aria-label"))
    assert all(len(topics) == 1 for topics in topic_of_group)
    spans = [span.text for span in root.iter("span") if "map-label" in span.get("class", "")]
    assert spans == [label.text for label in catalog_map.labels] and len(spans) == 3
    words = {word for text in TOPICS.values() for word in text.split()}
    assert all(set(text.split(" \u00b7 ")) <= words for text in spans)


def test_labels_do_not_overlap_and_the_small_ones_are_minor():
    from generator.map_clusters import Cluster
    clusters = tuple(Cluster(tuple(range(size)), ("federated", "clients"), 500.0, 300.0)
                     for size in (40, 30, 20, 10, 9, 8, 7))
    labels = place_labels(clusters)
    assert [label.papers for label in labels] == [40, 30, 20, 10, 9, 8, 7]
    placed = [label for label in labels if not label.minor]
    boxes = [(label.x - 80, label.y - 12, label.x + 80, label.y + 12) for label in placed]
    assert len(placed) >= 3
    assert not any(overlaps(first, second) for index, first in enumerate(boxes) for second in boxes[index + 1:])
    assert labels[-1].minor


def test_the_svg_is_no_tab_stop_and_the_map_knows_how_to_link_a_paper():
    catalog_map = render_catalog_map(make_catalog(), MAP_LINK)
    root = ET.fromstring(catalog_map.html)
    svg = next(root.iter(f"{SVG}svg"))
    assert svg.get("tabindex") == "-1" and svg.get("aria-labelledby") == "catalog-map-title catalog-map-desc"
    pattern = root.get("data-paper-link")
    assert pattern == "../papers/{id}/"
    hrefs = {link.get("href") for link in svg.iter(f"{SVG}a")}
    assert {pattern.replace("{id}", paper.id) for paper in make_catalog().papers} == hrefs


def test_labels_go_where_they_cover_the_fewest_points():
    from generator.map_clusters import Cluster
    import numpy as np
    # A dense row of points through the cluster's centre: the label moves off it, up first.
    positions = np.array([(400.0 + 5 * index, 300.0) for index in range(40)])
    labels = place_labels((Cluster(tuple(range(40)), ("federated", "clients"), 500.0, 300.0),), positions)
    (label,) = labels
    half_width = (len(label.text) * 9.0 + 14.0) / 2
    covered = [(x, y) for x, y in positions if abs(x - label.x) < half_width and abs(y - label.y) < 13]
    assert covered == [] and label.x == 500.0 and label.y == 274.0
    assert place_labels((Cluster(tuple(range(40)), ("federated", "clients"), 500.0, 300.0),))[0].y == 300.0
