"""Hand the generated HTML of a page to MkDocs without Markdown parsing it again.

Generated pages keep their listing text in raw HTML regions, marked in the templates::

    <!-- passthrough -->
    <div class="paper-abstract">…</div>
    <!-- /passthrough -->

To Markdown the markers are comments, so a page reads the same without this module. But
Python-Markdown runs Python's ``HTMLParser`` over every raw HTML region twice (MkDocs' anchor
check, then the block stash), which was most of MkDocs' time on a large catalog. The MkDocs
hook therefore cuts the regions out before Markdown (:func:`cut`), leaving one placeholder
paragraph each, and puts them back into the page's HTML (:func:`restore`).

A region marked ``<!-- passthrough unindexed -->`` holds what search leaves out anyway
(related papers, search links, BibTeX). It is put back only after the search plugin has read
the page (``stage="unindexed"``), so search does not parse it at all.

Region text comes from Jinja with autoescape on: listing text cannot contain a marker, since
its ``<`` is written ``&lt;``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

REGION_RE = re.compile(r"^<!-- passthrough( unindexed)? -->\n(.*?)^<!-- /passthrough -->[ \t]*$", re.M | re.S)
PLACEHOLDER = "catalog-passthrough-{index}"


class PassthroughError(Exception):
    """A placeholder left in a page's Markdown is missing from its HTML."""


@dataclass(frozen=True, slots=True)
class Region:
    """One cut-out HTML region of a page, and whether search may read it."""

    html: str
    indexed: bool


def cut(markdown: str) -> tuple[str, tuple[Region, ...]]:
    """Replace each marked region of a page's Markdown by a placeholder paragraph."""
    regions: list[Region] = []

    def stash(match: re.Match[str]) -> str:
        regions.append(Region(html=match.group(2), indexed=match.group(1) is None))
        return f"\n{PLACEHOLDER.format(index=len(regions) - 1)}\n"

    return REGION_RE.sub(stash, markdown), tuple(regions)


def restore(html: str, regions: tuple[Region, ...], stage: Literal["indexed", "unindexed"]) -> str:
    """Put regions back into a page's HTML.

    ``indexed``: every searchable region replaces its placeholder paragraph; unindexed ones
    become an HTML comment, which search skips. ``unindexed``: those comments become their regions.
    """
    for index, region in enumerate(regions):
        name = PLACEHOLDER.format(index=index)
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
