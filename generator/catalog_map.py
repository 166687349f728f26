"""Draw the catalog map: every placed paper as a linked point of one inline SVG.

The positions come from the layout stage (``layout.py``); this module only draws them. Above
``MAX_POINTS`` papers the map draws a sample, chosen by a hash of the paper id so that it does
not change when other papers come or go.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from .charts import escape_text
from .layout import HEIGHT, WIDTH
from .models import Catalog, Theme

MAX_POINTS = 8_000
POINT_RADIUS = 4
# Mid-lightness colours (from Kelly's colours of maximum contrast) that read on white and on
# Material's slate background; themes past the sixteenth reuse them in order.
PALETTE = (
    "#0067a5", "#e25822", "#008856", "#be0032", "#875692", "#f6a600", "#2b9fd8", "#b3446c",
    "#8db600", "#e68fac", "#a1caf1", "#c2b280", "#8f7fd6", "#f99379", "#dcd300", "#44b7a8",
)
UNSORTED_COLOUR = "#9e9e9e"


@dataclass(frozen=True, slots=True)
class MapPoint:
    """One paper on the map: where it is drawn, its page's URL, and the theme that colours it
    ('' if unsorted)."""

    paper: str
    title: str
    url: str
    theme: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One line of the legend: a theme, its colour and how many drawn points have it."""

    theme: str
    name: str
    colour: str
    points: int


@dataclass(frozen=True, slots=True)
class CatalogMap:
    """What the map page shows: the SVG, the legend, and how many papers were drawn of all."""

    svg: str
    legend: tuple[LegendEntry, ...]
    drawn: int
    papers: int


def render_catalog_map(catalog: Catalog, link: Callable[[str], str]) -> CatalogMap:
    """Draw the placed papers; ``link`` turns a page URL into a link from the map page."""
    points = sample_points(tuple(
        MapPoint(paper.id, paper.title, link(paper.url), paper.themes[0] if paper.themes else "", *paper.position)
        for paper in catalog.papers if paper.position is not None))
    colours = theme_colours(catalog.themes)
    legend = make_legend(points, catalog.themes, colours)
    svg = render_map_svg(points, colours, len(catalog.papers))
    return CatalogMap(svg=svg, legend=legend, drawn=len(points), papers=len(catalog.papers))


def sample_points(points: tuple[MapPoint, ...], limit: int = MAX_POINTS) -> tuple[MapPoint, ...]:
    """Keep at most ``limit`` points: those whose paper id hashes lowest; keep input order."""
    if len(points) <= limit:
        return points
    kept = set(sorted((stable_hash(point.paper), point.paper) for point in points)[:limit])
    return tuple(point for point in points if (stable_hash(point.paper), point.paper) in kept)


def stable_hash(text: str) -> str:
    """Return a hash of the text that is the same on every run (unlike ``hash``)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def theme_colours(themes: tuple[Theme, ...]) -> dict[str, str]:
    """Give each theme its palette colour by its place in the taxonomy; unsorted is grey."""
    colours = {theme.id: PALETTE[index % len(PALETTE)] for index, theme in enumerate(themes)}
    colours[""] = UNSORTED_COLOUR
    return colours


def make_legend(points: tuple[MapPoint, ...], themes: tuple[Theme, ...],
                colours: dict[str, str]) -> tuple[LegendEntry, ...]:
    """List the themes that colour at least one point, in taxonomy order, unsorted last."""
    counts: dict[str, int] = {}
    for point in points:
        counts[point.theme] = counts.get(point.theme, 0) + 1
    entries = [LegendEntry(theme.id, theme.name, colours[theme.id], counts[theme.id])
               for theme in themes if counts.get(theme.id)]
    if counts.get(""):
        entries.append(LegendEntry("", "No theme", UNSORTED_COLOUR, counts[""]))
    return tuple(entries)


def render_map_svg(points: tuple[MapPoint, ...], colours: dict[str, str], papers: int) -> str:
    """Draw the points, grouped by colour, each a link to its paper page with its title on hover.

    Unsorted points are drawn first, so theme colours lie on top. The drawing is a group of links,
    not an image: an image's children are hidden from assistive technology, and links must not be.
    """
    shown = "every paper" if len(points) == papers else f"{len(points)} of {papers} papers, a fixed sample"
    desc = (f"Map of {shown}: papers with similar titles and abstracts are drawn close together, "
            f"coloured by their first theme. Each point links to its paper.")
    lines = ['<div class="catalog-map" data-search-exclude="true">',
             f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
             f'height="{HEIGHT}" style="max-width:100%;height:auto" role="group" '
             f'aria-labelledby="catalog-map-title catalog-map-desc">',
             '<title id="catalog-map-title">Map of the catalog</title>',
             f'<desc id="catalog-map-desc">{escape_text(desc)}</desc>',
             f'<rect width="{WIDTH}" height="{HEIGHT}" style="fill:none;stroke:var(--md-default-fg-color--lightest)"/>']
    groups: dict[str, list[MapPoint]] = {theme: [] for theme in sorted(colours, key=lambda theme: theme != "")}
    for point in points:
        groups.setdefault(point.theme, []).append(point)
    for theme, members in groups.items():
        if members:
            lines.append(f'<g fill="{colours.get(theme, UNSORTED_COLOUR)}" fill-opacity="0.8">')
            lines += [render_point(point) for point in members]
            lines.append("</g>")
    lines += ["</svg>", "</div>"]
    return "\n".join(lines) + "\n"


def render_point(point: MapPoint) -> str:
    """Draw one paper as a short linked circle with its title as tooltip."""
    return (f'<a href="{escape_text(point.url)}">'
            f'<circle cx="{point.x:g}" cy="{point.y:g}" r="{POINT_RADIUS}"><title>{escape_text(point.title)}</title>'
            f"</circle></a>")
