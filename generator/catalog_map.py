"""Draw the catalog map: every placed paper as a linked point of one inline SVG, in named clusters.

The positions come from the layout stage (``layout.py``); the clusters, their names and the
points' spatial order from ``map_clusters.py``; this module draws them. Above ``MAX_POINTS``
papers the map draws a sample, chosen by a hash of the paper id so that it does not change when
other papers come or go. Each point's link carries its themes (as numbers into the legend) and
year, so the page's script can highlight a theme and show a point's details without other data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import numpy as np

from .addresses import paper_source, url_of
from .charts import escape_text
from .layout import HEIGHT, WIDTH
from .map_clusters import Cluster, TextWords, cluster_points
from .models import Catalog, Theme

# Enough to see the catalog's shape; each point weighs about 300 bytes and three DOM nodes.
MAX_POINTS = 3_000
POINT_RADIUS = 4
# Mid-lightness colours (from Kelly's colours of maximum contrast) that read on white and on
# Material's slate background; themes past the sixteenth reuse them in order, which is why the
# page also lets a visitor highlight one theme.
PALETTE = (
    "#0067a5", "#e25822", "#008856", "#be0032", "#875692", "#f6a600", "#2b9fd8", "#b3446c",
    "#8db600", "#e68fac", "#a1caf1", "#c2b280", "#8f7fd6", "#f99379", "#dcd300", "#44b7a8",
)
UNSORTED_COLOUR = "#9e9e9e"
# A label's size in drawing units when the map is drawn about 780 pixels wide (a laptop), used
# to keep labels apart; the page's script hides any that still overlap at the width it has.
CHAR_UNITS, LINE_UNITS, LABEL_PADDING = 9.0, 26.0, 14.0
PHONE_LABELS = 5  # the largest clusters' labels are the ones a narrow screen shows
# How far, in label heights, a label may move off its cluster's centre to find a spot without dots.
LABEL_SHIFTS = (0, -1, 1, -2, 2, -3, 3)
# What stands for a paper's id in the map's pattern of paper links ("../papers/{id}/"), from which
# the page's script finds the point that ``?paper=<id>`` asks for; no slug has braces (a link
# quotes them, so the slot is put back as it is written).
ID_SLOT = "{id}"


@dataclass(frozen=True, slots=True)
class MapPoint:
    """One paper on the map: where it is drawn, its page's URL, its themes (none if unsorted), its year."""

    paper: str
    title: str
    url: str
    themes: tuple[str, ...]
    year: int | None
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One line of the legend: a theme, its colour, its number in the points' ``data-t``, how many
    drawn points have it at all (``points``) and as first theme (``coloured``)."""

    theme: str
    name: str
    colour: str
    index: int
    points: int
    coloured: int


@dataclass(frozen=True, slots=True)
class MapLabel:
    """A cluster's name where the map shows it; ``minor`` labels are left out on narrow screens.

    ``cluster`` is the cluster's number (from 1) in the map's order of clusters.
    """

    text: str
    x: float
    y: float
    papers: int
    minor: bool
    cluster: int = 0


@dataclass(frozen=True, slots=True)
class CatalogMap:
    """What the map page shows: the map's HTML, the legend, the labels, how many papers were drawn of all."""

    html: str
    legend: tuple[LegendEntry, ...]
    labels: tuple[MapLabel, ...]
    drawn: int
    papers: int


def render_catalog_map(catalog: Catalog, link: Callable[[str], str],
                       words_of: Callable[[str], TextWords] | None = None) -> CatalogMap:
    """Draw the placed papers; ``link`` turns a page URL into a link from the map page; ``words_of``
    gives the words of a text its cluster names read (see :func:`map_clusters.cluster_points`)."""
    placed = [paper for paper in catalog.papers if paper.position is not None]
    abstracts = {paper.id: paper.abstract for paper in placed}
    points = sample_points(tuple(MapPoint(paper.id, paper.title, link(paper.url), paper.themes, paper.year,
                                          *paper.position) for paper in placed))
    positions = np.array([(point.x, point.y) for point in points], dtype=np.float64).reshape(-1, 2)
    clusters = cluster_points(positions, [f"{point.title} {abstracts[point.paper]}" for point in points],
                              max(WIDTH, HEIGHT), words_of)
    numbers = theme_numbers(catalog.themes)
    colours = theme_colours(catalog.themes)
    legend = make_legend(points, catalog.themes, colours, numbers)
    labels = place_labels(clusters, positions)
    html = render_map_html(points, clusters, labels, colours, numbers, len(catalog.papers),
                           link(url_of(paper_source(ID_SLOT))).replace(quote(ID_SLOT), ID_SLOT))
    return CatalogMap(html=html, legend=legend, labels=labels, drawn=len(points), papers=len(catalog.papers))


def map_inputs(catalog: Catalog) -> tuple:
    """Return everything :func:`render_catalog_map` reads, to know when the last map still holds."""
    return (catalog.themes, tuple((paper.id, paper.title, paper.abstract, paper.url, paper.themes, paper.year,
                                   paper.position) for paper in catalog.papers))


def drawn_papers(catalog: Catalog) -> frozenset[str]:
    """Return the ids of the papers the map draws: every placed paper, or the sample of them."""
    return sample_ids([paper.id for paper in catalog.papers if paper.position is not None])


def sample_points(points: tuple[MapPoint, ...], limit: int | None = None) -> tuple[MapPoint, ...]:
    """Keep at most ``limit`` (else ``MAX_POINTS``) points: those whose paper id hashes lowest; keep input order."""
    if len(points) <= (MAX_POINTS if limit is None else limit):
        return points
    kept = sample_ids([point.paper for point in points], limit)
    return tuple(point for point in points if point.paper in kept)


def sample_ids(ids: list[str], limit: int | None = None) -> frozenset[str]:
    """Return the ``limit`` (else ``MAX_POINTS``) ids that hash lowest, all of them when there are no more."""
    limit = MAX_POINTS if limit is None else limit
    if len(ids) <= limit:
        return frozenset(ids)
    return frozenset(paper for _, paper in sorted((stable_hash(paper), paper) for paper in ids)[:limit])


def stable_hash(text: str) -> str:
    """Return a hash of the text that is the same on every run (unlike ``hash``)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def theme_numbers(themes: tuple[Theme, ...]) -> dict[str, int]:
    """Number the themes in taxonomy order, unsorted ('') last: the numbers the points carry."""
    numbers = {theme.id: index for index, theme in enumerate(themes)}
    numbers[""] = len(themes)
    return numbers


def theme_colours(themes: tuple[Theme, ...]) -> dict[str, str]:
    """Give each theme its palette colour by its place in the taxonomy; unsorted is grey."""
    colours = {theme.id: PALETTE[index % len(PALETTE)] for index, theme in enumerate(themes)}
    colours[""] = UNSORTED_COLOUR
    return colours


def point_themes(point: MapPoint, numbers: dict[str, int]) -> tuple[str, ...]:
    """Return the point's known themes, first theme first; ('',) when it has none."""
    known = tuple(theme for theme in point.themes if theme in numbers)
    return known or ("",)


def make_legend(points: tuple[MapPoint, ...], themes: tuple[Theme, ...], colours: dict[str, str],
                numbers: dict[str, int]) -> tuple[LegendEntry, ...]:
    """List the themes of at least one point, in taxonomy order, unsorted last, counting every point of each."""
    every: dict[str, int] = {}
    first: dict[str, int] = {}
    for point in points:
        own = point_themes(point, numbers)
        first[own[0]] = first.get(own[0], 0) + 1
        for theme in own:
            every[theme] = every.get(theme, 0) + 1
    named = [(theme.id, theme.name) for theme in themes] + [("", "No theme")]
    return tuple(LegendEntry(theme, name, colours[theme], numbers[theme], every[theme], first.get(theme, 0))
                 for theme, name in named if every.get(theme))


def place_labels(clusters: tuple[Cluster, ...], positions: np.ndarray | None = None) -> tuple[MapLabel, ...]:
    """Place the named clusters' labels, largest cluster first, off the labels before and off the dots.

    Each label is tried at its cluster's centre and up to ``LABEL_SHIFTS`` label heights above and
    below it, and half its width to either side; it goes where it covers the fewest of the points at
    ``positions``, the nearest such place first. A label that overlaps an earlier one wherever it is
    tried stays at its cluster's centre and is ``minor``, as are all but the ``PHONE_LABELS`` largest.
    (The page's script places them again for the size the map is drawn at.)
    """
    points = np.zeros((0, 2)) if positions is None else np.asarray(positions, dtype=np.float64).reshape(-1, 2)
    boxes: list[tuple[float, float, float, float]] = []
    labels = []
    numbers = {id(cluster): number for number, cluster in enumerate(clusters, start=1)}
    for cluster in sorted(clusters, key=lambda cluster: (-len(cluster.members), cluster.y, cluster.x)):
        if not cluster.terms:
            continue
        text = " \u00b7 ".join(cluster.terms)
        width = len(text) * CHAR_UNITS + LABEL_PADDING
        best = None
        for box in label_boxes(cluster.x, cluster.y, width):
            if any(overlaps(box, other) for other in boxes):
                continue
            covered = int(np.count_nonzero((points[:, 0] > box[0]) & (points[:, 0] < box[2])
                                           & (points[:, 1] > box[1]) & (points[:, 1] < box[3])))
            if best is None or covered < best[0]:
                best = (covered, box)
        number = numbers[id(cluster)]
        if best is None:
            x = min(max(cluster.x, width / 2), WIDTH - width / 2)
            labels.append(MapLabel(text, round(x, 1), round(cluster.y, 1), len(cluster.members), True, number))
            continue
        box = best[1]
        boxes.append(box)
        labels.append(MapLabel(text, round((box[0] + box[2]) / 2, 1), round((box[1] + box[3]) / 2, 1),
                               len(cluster.members), len(labels) >= PHONE_LABELS, number))
    return tuple(labels)


def label_boxes(x: float, y: float, width: float) -> list[tuple[float, float, float, float]]:
    """Return the boxes a label ``width`` units wide may take near (x, y), nearest first, inside the drawing."""
    tried = sorted(((abs(shift), abs(side), shift, side) for shift in LABEL_SHIFTS for side in (0, -1, 1)))
    boxes = []
    for _, _, shift, side in tried:
        left = min(max(x + side * width / 2, width / 2), WIDTH - width / 2) - width / 2
        top = min(max(y + shift * LINE_UNITS, LINE_UNITS / 2), HEIGHT - LINE_UNITS / 2) - LINE_UNITS / 2
        boxes.append((left, top, left + width, top + LINE_UNITS))
    return boxes


def overlaps(first: tuple[float, float, float, float], second: tuple[float, float, float, float]) -> bool:
    """Say whether two boxes (left, top, right, bottom) overlap."""
    return first[0] < second[2] and second[0] < first[2] and first[1] < second[3] and second[1] < first[3]


def render_map_html(points: tuple[MapPoint, ...], clusters: tuple[Cluster, ...], labels: tuple[MapLabel, ...],
                    colours: dict[str, str], numbers: dict[str, int], papers: int, paper_link: str = "") -> str:
    """Draw the map: the SVG of points grouped by cluster, then the cluster labels over it.

    The drawing is a group of links, not an image: an image's children are hidden from assistive
    technology, and links must not be. Points come cluster by cluster in spatial order, so Tab
    moves to a nearby point. The labels are HTML over the SVG, so their text keeps its size on a
    phone; they are hidden from screen readers, which hear each cluster's name on its group.
    The SVG is left out of the Tab order (``tabindex="-1"``: Chromium makes it a stop of its own
    otherwise), so the first Tab into the map lands on a point. ``paper_link`` is the link to a
    paper's page with ``ID_SLOT`` for its id.
    """
    shown = "every paper" if len(points) == papers else f"{len(points)} of {papers} papers, a fixed sample"
    desc = (f"Map of {shown}: papers with similar titles and abstracts are drawn close together, "
            f"coloured by their first theme, in {len(clusters)} clusters named by their most distinctive words. "
            f"Each point links to its paper.")
    styles = "".join(f".catalog-map .c{numbers[theme]}{{fill:{colour}}}"
                     for theme, colour in sorted(colours.items(), key=lambda item: numbers[item[0]]))
    lines = [f'<div class="catalog-map" data-search-exclude="true" data-paper-link="{escape_text(paper_link)}">',
             '<div class="map-canvas">',
             f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
             f'height="{HEIGHT}" style="display:block;width:100%;height:auto" role="group" tabindex="-1" '
             f'aria-labelledby="catalog-map-title catalog-map-desc">',
             '<title id="catalog-map-title">Map of the catalog</title>',
             f'<desc id="catalog-map-desc">{escape_text(desc)}</desc>',
             f"<style>{styles}</style>",
             f'<rect class="map-frame" width="{WIDTH}" height="{HEIGHT}"/>']
    for number, cluster in enumerate(clusters, start=1):
        name = ", ".join(cluster.terms) or "unnamed"
        size = len(cluster.members)
        lines.append(f'<g role="group" data-cluster="{number}" aria-label="Cluster {number} of {len(clusters)}: '
                     f'{escape_text(name)}; {size} paper{"s" if size != 1 else ""}">')
        lines += [render_point(points[member], numbers) for member in cluster.members]
        lines.append("</g>")
    lines.append("</svg>")
    lines.append('<div class="map-labels" aria-hidden="true">')
    lines += [f'<span class="map-label{" map-label--minor" if label.minor else ""}" data-cluster="{label.cluster}" '
              f'style="left:{label.x / WIDTH * 100:.2f}%;top:{label.y / HEIGHT * 100:.2f}%">{escape_text(label.text)}</span>'
              for label in labels]
    lines += ["</div>", "</div>", "</div>"]
    return "\n".join(lines) + "\n"


def render_point(point: MapPoint, numbers: dict[str, int]) -> str:
    """Draw one paper as a linked circle with its title as tooltip, its themes' numbers and year as data."""
    own = [numbers[theme] for theme in point_themes(point, numbers)]
    year = f' data-y="{point.year}"' if point.year is not None else ""
    return (f'<a href="{escape_text(point.url)}" data-t="{" ".join(map(str, own))}"{year}>'
            f'<circle cx="{point.x:g}" cy="{point.y:g}" r="{POINT_RADIUS}" class="c{own[0]}">'
            f"<title>{escape_text(point.title)}</title></circle></a>")
