"""Draw the catalog's statistics as inline SVG charts, computed at build time.

Every chart is one raw HTML block for a Markdown page: a ``<figure>`` (block-level, so
Python-Markdown leaves its inside alone) with no blank line and no indented line in it. Colours
come from Material's CSS variables and ``currentColor``, so the charts follow the light and dark
schemes. Each SVG has ``role="img"``, a ``<title>`` and a ``<desc>``; the statistics charts also
carry their numbers as a table in a ``<details>`` block, which screen readers and keyboard users
can reach, unlike hover tooltips.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from .catalog_index import UNSORTED_ID, CatalogIndex
from .models import Paper, Theme

WHITESPACE_RE = re.compile(r"\s+")
# Characters XML 1.0 forbids; a listing could carry one, and it would make the SVG invalid.
XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
BAR_STYLE = 'style="fill:var(--md-primary-fg-color)"'
CELL_STYLE = 'style="fill:var(--md-accent-fg-color)"'
# A transparent fill (not none) keeps the cell hoverable, so its tooltip shows.
EMPTY_STYLE = 'style="fill:transparent;stroke:var(--md-default-fg-color--lightest)"'
SELF_STYLE = 'style="fill:var(--md-default-fg-color--light)"'
AXIS_STYLE = 'style="stroke:var(--md-default-fg-color--lighter)"'
TEXT_FILL = 'fill="currentColor"'
LABEL_CHARS = 42
ROW_HEIGHT = 22
CELL_SIZE = 18


@dataclass(frozen=True, slots=True)
class StatsCharts:
    """The Statistics page's charts as raw HTML blocks, with the totals its text quotes."""

    years: str
    themes: str
    overlap: str
    code_share: str
    papers: int
    undated: int
    unsorted: int


def render_stats_charts(index: CatalogIndex) -> StatsCharts:
    """Draw every chart of the Statistics page."""
    catalog = index.catalog
    years = count_years(catalog.papers)
    undated = sum(1 for paper in catalog.papers if paper.year is None)
    return StatsCharts(
        years=render_column_chart("chart-years", "Papers per year", years, undated, with_table=True),
        themes=render_bar_chart("chart-themes", "Papers per theme", count_themes(index), percent=False),
        overlap=render_heat_map("chart-overlap", catalog.themes, index.shared),
        code_share=render_bar_chart("chart-code", "Share of papers with code per theme",
                                    share_with_code(index), percent=True),
        papers=len(catalog.papers),
        undated=undated,
        unsorted=len(index.papers_by_theme[UNSORTED_ID]),
    )


def render_year_chart(papers: tuple[Paper, ...], chart_id: str = "chart-theme-years") -> str:
    """Draw a small papers-per-year chart (for a theme page) with a caption; '' when no paper has a date."""
    undated = sum(1 for paper in papers if paper.year is None)
    if undated == len(papers):
        return ""
    return render_column_chart(chart_id, "Papers per year", count_years(papers), undated,
                               with_table=False, height=120)


def count_years(papers: tuple[Paper, ...]) -> tuple[tuple[str, int], ...]:
    """Count dated papers per year, every year from the first to the last (empty years too)."""
    counts = Counter(paper.year for paper in papers if paper.year is not None)
    if not counts:
        return ()
    return tuple((str(year), counts.get(year, 0)) for year in range(min(counts), max(counts) + 1))


def count_themes(index: CatalogIndex) -> tuple[tuple[Theme, int, int], ...]:
    """Return (theme, papers in it, all papers) per theme, in taxonomy order."""
    total = len(index.catalog.papers)
    return tuple((theme, len(index.papers_by_theme[theme.id]), total) for theme in index.catalog.themes)


def share_with_code(index: CatalogIndex) -> tuple[tuple[Theme, int, int], ...]:
    """Return (theme, papers with a code link, papers in it) per theme, in taxonomy order."""
    rows = []
    for theme in index.catalog.themes:
        papers = index.papers_by_theme[theme.id]
        with_code = sum(1 for paper in papers if any(link.kind == "code" for link in paper.links))
        rows.append((theme, with_code, len(papers)))
    return tuple(rows)


def escape_text(text: object) -> str:
    """Escape text for XML content or a double-quoted attribute, on one line."""
    clean = XML_ILLEGAL_RE.sub("", WHITESPACE_RE.sub(" ", str(text))).strip()
    return html.escape(clean, quote=True)


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    """Cut a label to ``limit`` characters, ending with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def plural(count: int, word: str) -> str:
    """Return '1 paper' or '3 papers'."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def open_svg(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    """Return the opening lines of an accessible, scalable SVG chart."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" style="max-width:100%;height:auto" font-size="12" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape_text(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape_text(desc)}</desc>',
    ]


def wrap_figure(chart_id: str, lines: list[str], extra: str = "") -> str:
    """Close the SVG and wrap it (and its data table or caption) in one raw HTML block."""
    block = [f'<figure class="catalog-chart" id="{chart_id}" data-search-exclude="true">', *lines, "</svg>"]
    if extra:
        block.append(extra)
    block.append("</figure>")
    return "\n".join(block) + "\n"


def render_table(caption: str, headers: tuple[str, ...], rows: list[tuple[object, ...]]) -> str:
    """Return the chart's numbers as a collapsed HTML table, one line per row."""
    lines = ['<details class="chart-data">', f"<summary>{escape_text(caption)}</summary>", "<table>",
             "<thead><tr>" + "".join(f'<th scope="col">{escape_text(header)}</th>' for header in headers)
             + "</tr></thead>", "<tbody>"]
    for first, *rest in rows:
        lines.append(f'<tr><th scope="row">{escape_text(first)}</th>'
                     + "".join(f"<td>{escape_text(value)}</td>" for value in rest) + "</tr>")
    lines += ["</tbody>", "</table>", "</details>"]
    return "\n".join(lines)


def render_column_chart(chart_id: str, title: str, rows: tuple[tuple[str, int], ...], undated: int,
                        with_table: bool, height: int = 240) -> str:
    """Draw one vertical bar per (label, count) row, labels under the bars."""
    width = max(240, min(720, 40 * len(rows) + 40))
    plot_top, plot_bottom, left = 20, height - 24, 30
    step = (width - left - 10) / max(len(rows), 1)
    peak = max((count for _, count in rows), default=0) or 1
    label_every = max(1, round(len(rows) / 16))
    counts = ", ".join(f"{label}: {count}" for label, count in rows) or "no dated papers"
    desc = f"{title}. {counts}." + (f" {plural(undated, 'paper')} without a date are not shown." if undated else "")
    lines = open_svg(chart_id, width, height, title, desc)
    lines.append(f'<line x1="{left}" y1="{plot_bottom}" x2="{width - 10}" y2="{plot_bottom}" {AXIS_STYLE}/>')
    lines.append(f'<text x="{left - 4}" y="{plot_top + 4}" text-anchor="end" {TEXT_FILL}>{peak}</text>')
    for index, (label, count) in enumerate(rows):
        bar_height = (plot_bottom - plot_top) * count / peak
        x = left + index * step + step * 0.15
        lines.append(f'<rect class="chart-bar" x="{x:.1f}" y="{plot_bottom - bar_height:.1f}" '
                     f'width="{step * 0.7:.1f}" height="{bar_height:.1f}" {BAR_STYLE}>'
                     f"<title>{escape_text(label)}: {plural(count, 'paper')}</title></rect>")
        if index % label_every == 0:
            lines.append(f'<text x="{x + step * 0.35:.1f}" y="{height - 8}" text-anchor="middle" '
                         f"{TEXT_FILL}>{escape_text(label)}</text>")
    if with_table:
        return wrap_figure(chart_id, lines, render_table(f"{title}: data table", ("Year", "Papers"), list(rows)))
    note = f"; {plural(undated, 'paper')} without a date not shown" if undated else ""
    return wrap_figure(chart_id, lines, f"<figcaption>{escape_text(title + note)}.</figcaption>")


def render_bar_chart(chart_id: str, title: str, rows: tuple[tuple[Theme, int, int], ...],
                     percent: bool) -> str:
    """Draw one horizontal bar per theme: its count, or its share of ``total`` when ``percent``."""
    label_width, bar_space = 300, 300
    width, height = label_width + bar_space + 110, ROW_HEIGHT * len(rows) + 10
    values = [part / total if percent and total else part for _, part, total in rows]
    peak = 1.0 if percent else (max(values, default=0) or 1)
    shares = [f"{part / total:.0%}" if total else "-" for _, part, total in rows]
    texts = [f"{share} ({part} of {total})" if total else "no papers"
             for (_, part, total), share in zip(rows, shares)] if percent else [str(part) for _, part, _ in rows]
    desc = f"{title}. " + "; ".join(f"{theme.name}: {text}" for (theme, _, _), text in zip(rows, texts)) + "."
    lines = open_svg(chart_id, width, height, title, desc)
    for index, ((theme, _, _), value, text) in enumerate(zip(rows, values, texts)):
        y = 5 + index * ROW_HEIGHT
        name = escape_text(theme.name)
        lines.append(f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" {TEXT_FILL}>'
                     f"<title>{name}</title>{escape_text(shorten(theme.name))}</text>")
        lines.append(f'<rect class="chart-bar" x="{label_width}" y="{y + 3}" width="{bar_space * value / peak:.1f}" '
                     f'height="{ROW_HEIGHT - 6}" {BAR_STYLE}><title>{name}: {escape_text(text)}</title></rect>')
        lines.append(f'<text x="{label_width + bar_space * value / peak + 6:.1f}" y="{y + 15}" '
                     f"{TEXT_FILL}>{escape_text(text)}</text>")
    headers = ("Theme", "Share with code", "With code", "Papers") if percent else ("Theme", "Papers")
    table_rows = [(theme.name, share, part, total) if percent else (theme.name, part)
                  for (theme, part, total), share in zip(rows, shares)]
    return wrap_figure(chart_id, lines, render_table(f"{title}: data table", headers, table_rows))


def render_heat_map(chart_id: str, themes: tuple[Theme, ...], shared: dict[tuple[str, str], int]) -> str:
    """Draw the papers shared by each pair of themes; rows are named, columns numbered alike."""
    label_width, top = 300, 30
    size = len(themes)
    width, height = label_width + CELL_SIZE * size + 10, top + CELL_SIZE * size + 10
    peak = max((count for (first, second), count in shared.items() if first != second), default=0) or 1
    pairs = [(first, second, shared.get((first.id, second.id), 0))
             for index, first in enumerate(themes) for second in themes[index + 1:]]
    busiest = sorted((pair for pair in pairs if pair[2]), key=lambda pair: -pair[2])[:5]
    desc = (f"Theme overlap: papers shared by each pair of {size} themes, darker cells for more. "
            + ("Most shared: " + "; ".join(f"{a.name} and {b.name}: {count}" for a, b, count in busiest) + "."
               if busiest else "No paper is in two themes."))
    lines = open_svg(chart_id, width, height, "Theme overlap", desc)
    for index, theme in enumerate(themes):
        lines.append(f'<text x="{label_width + CELL_SIZE * index + CELL_SIZE / 2:.0f}" y="{top - 8}" '
                     f'text-anchor="middle" font-size="10" {TEXT_FILL}>{index + 1}</text>')
        lines.append(f'<text x="{label_width - 8}" y="{top + CELL_SIZE * index + 13}" text-anchor="end" '
                     f"{TEXT_FILL}><title>{escape_text(theme.name)}</title>{index + 1}. "
                     f"{escape_text(shorten(theme.name, LABEL_CHARS - 4))}</text>")
    cells = [(row, column, first, second, shared.get((first.id, second.id), 0))
             for row, first in enumerate(themes) for column, second in enumerate(themes)]
    # Cells are grouped by how they are painted, so each carries only its place and shade.
    for style, kind in ((EMPTY_STYLE, "empty"), (SELF_STYLE, "self"), (CELL_STYLE, "shared")):
        drawn = [render_cell(*cell, peak, label_width, top) for cell in cells if cell_kind(*cell) == kind]
        lines += [f"<g {style}>", *drawn, "</g>"] if drawn else []
    table = render_table("Theme overlap: data table (shared papers per pair of themes)",
                         ("Theme", "Other theme", "Shared papers"),
                         [(a.name, b.name, count) for a, b, count in pairs if count])
    return wrap_figure(chart_id, lines, table)


def cell_kind(row: int, column: int, first: Theme, second: Theme, count: int) -> str:
    """Tell how a heat map cell is painted: a theme's own size, shared papers, or nothing shared."""
    if row == column:
        return "self"
    return "shared" if count else "empty"


def render_cell(row: int, column: int, first: Theme, second: Theme, count: int, peak: int,
                left: int, top: int) -> str:
    """Draw one heat map cell with its tooltip, shaded by its count unless on the diagonal."""
    x, y = left + CELL_SIZE * column, top + CELL_SIZE * row
    if row == column:
        label, opacity = f"{first.name}: {plural(count, 'paper')}", ""
    else:
        label = f"{first.name} and {second.name}: {plural(count, 'shared paper')}"
        opacity = f' fill-opacity="{0.15 + 0.85 * count / peak:.2f}"' if count else ""
    return (f'<rect class="chart-cell" x="{x + 1}" y="{y + 1}" width="{CELL_SIZE - 2}" height="{CELL_SIZE - 2}"'
            f"{opacity}><title>{escape_text(label)}</title></rect>")
