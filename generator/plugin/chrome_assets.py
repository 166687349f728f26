"""Move the icons and scripts that every page's chrome repeats into files the browser caches.

Material writes its icons as inline SVG and its palette script inline, the same bytes on every
page: on a paper page the header, navigation and back-to-top button carry seven icons and a
script, about 2 KB of its 15 (at 50,000 papers, 100 MB of the site). The overrides pass those
parts through :meth:`ChromeAssets.externalize`, which puts each icon in one sprite file
(``assets/catalog-icons.svg``) and leaves ``<svg …><use href="…#id"></use></svg>`` in its place,
with the attributes it had, so Material's stylesheet sizes and colours it as before; an inline
script without attributes becomes ``<script src="…"></script>`` in the same place, run as
before, before the rest of the page is read. Ids and file names are digests of the content,
so the same theme gives the same files and a changed icon or script a new name.

The icons and scripts of a build are gathered as its pages render; the pages in the nav render
their chrome in every build (serve's rebuilds included), so the files always hold what the
pages refer to.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from markupsafe import Markup

ICONS_FILE = "catalog-icons.svg"
SCRIPT_PREFIX = "catalog-chrome-"
SVG_RE = re.compile(r"<svg\b([^>]*)>(.*?)</svg>", re.DOTALL)
VIEWBOX_RE = re.compile(r'\sviewBox="([^"]*)"')
XMLNS_RE = re.compile(r'\sxmlns="http://www\.w3\.org/2000/svg"')
INLINE_SCRIPT_RE = re.compile(r"<script>(.*?)</script>", re.DOTALL)


class ChromeAssets:
    """The icons and inline scripts of one build's chrome, by digest."""

    def __init__(self) -> None:
        self.icons: dict[str, str] = {}  # id -> <symbol>
        self.scripts: dict[str, str] = {}  # file name -> script text

    def externalize(self, html: str, assets_url: str) -> Markup:
        """Return a part of the chrome with its icons and inline scripts referring to the asset
        files; ``assets_url`` is the assets folder as this page links it (``../../assets/``)."""
        html = SVG_RE.sub(lambda match: self.refer_icon(match, assets_url), str(html))
        return Markup(INLINE_SCRIPT_RE.sub(lambda match: self.refer_script(match, assets_url), html))

    def refer_icon(self, match: re.Match, assets_url: str) -> str:
        """Keep an icon in the sprite; return the SVG that shows it from there (an icon without a
        viewBox, whose size the sprite could not keep, stays as it is)."""
        attributes, body = match.groups()
        viewbox = VIEWBOX_RE.search(attributes)
        if viewbox is None:
            return match.group(0)
        icon_id = "i" + digest(attributes + body)
        self.icons.setdefault(icon_id, f'<symbol id="{icon_id}" viewBox="{viewbox.group(1)}">{body}</symbol>')
        return f'<svg{XMLNS_RE.sub("", attributes)}><use href="{assets_url}{ICONS_FILE}#{icon_id}"></use></svg>'

    def refer_script(self, match: re.Match, assets_url: str) -> str:
        """Keep an inline script as a file; return the element that loads it in its place."""
        text = match.group(1)
        name = f"{SCRIPT_PREFIX}{digest(text)}.js"
        self.scripts.setdefault(name, text)
        return f'<script src="{assets_url}{name}"></script>'

    def write(self, site_dir: Path) -> None:
        """Write the sprite and the scripts into the site's assets folder."""
        folder = site_dir / "assets"
        folder.mkdir(parents=True, exist_ok=True)
        if self.icons:
            symbols = "\n".join(self.icons[icon_id] for icon_id in sorted(self.icons))
            sprite = f'<svg xmlns="http://www.w3.org/2000/svg">\n{symbols}\n</svg>\n'
            (folder / ICONS_FILE).write_text(sprite, encoding="utf-8")
        for name in sorted(self.scripts):
            (folder / name).write_text(self.scripts[name] + "\n", encoding="utf-8")


def digest(text: str) -> str:
    """Return a short digest of an icon's or script's text, for its id or file name."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
