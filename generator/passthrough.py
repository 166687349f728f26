"""Hand the generated HTML of a page to MkDocs without Markdown parsing it again.

Generated pages keep their listing text in raw HTML regions, marked in the templates::

    <!-- passthrough -->
    <div class="paper-abstract">…</div>
    <!-- /passthrough -->

To Markdown the markers are comments, so a page reads the same without this module. But
Python-Markdown runs Python's ``HTMLParser`` over every raw HTML region twice (MkDocs' anchor
check, then the block stash), which was most of MkDocs' time on a large catalog. The MkDocs
plugin therefore cuts the regions out before Markdown (:func:`cut`), leaving one placeholder
paragraph each, and puts them back into the page's HTML (:func:`restore`).

A region marked ``<!-- passthrough unindexed -->`` holds what search should not read (on a
paper page: everything but the title and the abstract). It is put back only after the search plugin has read
the page (``stage="unindexed"``), so search does not parse it at all.

Region text comes from Jinja with autoescape on: listing text cannot contain a marker, since
its ``<`` is written ``&lt;``. Nor can it collide with a placeholder: each page's placeholders
use a prefix that occurs nowhere in that page's Markdown. The plugin cuts only the pages the
generator made; a page a person adds to ``docs/`` is left to Markdown as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .errors import PassthroughError

REGION_RE = re.compile(r"^<!-- passthrough( unindexed)? -->\n(.*?)^<!-- /passthrough -->[ \t]*$", re.M | re.S)
ID_RE = re.compile(r"""\sid=["']([^"']+)["']""")


@dataclass(frozen=True, slots=True)
class Region:
    """One cut-out HTML region of a page, and whether search may read it."""

    html: str
    indexed: bool


@dataclass(frozen=True, slots=True)
class Cut:
    """A page's regions and the placeholder prefix that stands for them in its Markdown."""

    regions: tuple[Region, ...]
    prefix: str

    def placeholder(self, index: int) -> str:
        """Return the placeholder word of region ``index``."""
        return placeholder(self.prefix, index)

    def anchor_ids(self) -> set[str]:
        """Return the ``id`` attributes in the regions (links to them are checked by MkDocs)."""
        return {found for region in self.regions for found in ID_RE.findall(region.html)}


def placeholder(prefix: str, index: int) -> str:
    """Return the word that stands for region ``index`` of a page in its Markdown."""
    return f"{prefix}-{index}"


def cut(markdown: str) -> tuple[str, Cut]:
    """Replace each marked region of a page's Markdown by a placeholder paragraph."""
    prefix, attempt = "catalog-passthrough", 0
    while prefix in markdown:  # the page's own text says it: pick a prefix it does not contain
        attempt += 1
        prefix = f"catalog-passthrough{attempt}"
    regions: list[Region] = []

    def stash(match: re.Match[str]) -> str:
        regions.append(Region(html=match.group(2), indexed=match.group(1) is None))
        return f"\n{placeholder(prefix, len(regions) - 1)}\n"

    return REGION_RE.sub(stash, markdown), Cut(tuple(regions), prefix)


def restore(html: str, page_cut: Cut, stage: Literal["indexed", "unindexed"]) -> str:
    """Put regions back into a page's HTML.

    ``indexed``: every searchable region replaces its placeholder paragraph; unindexed ones
    become an HTML comment, which search skips. ``unindexed``: those comments become their regions.
    """
    for index, region in enumerate(page_cut.regions):
        name = page_cut.placeholder(index)
        if stage == "indexed":
            slot, content = f"<p>{name}</p>", region.html if region.indexed else f"<!--{name}-->"
        elif region.indexed:
            continue
        else:
            slot, content = f"<!--{name}-->", region.html
        if html.count(slot) != 1:
            raise PassthroughError(f"the HTML has {html.count(slot)} copies of placeholder '{slot}', expected 1")
        html = html.replace(slot, content.rstrip("\n"))
    return html
