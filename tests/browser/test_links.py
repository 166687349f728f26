"""Every internal href and src of every built page resolves, with the site served under a sub-path."""

from __future__ import annotations

from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlparse
from urllib.request import urlopen


class LinkCollector(HTMLParser):
    """Collect href and src attributes and element ids of one HTML page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


@lru_cache(maxsize=None)
def ids_of(html: str) -> frozenset[str]:
    """Return the element ids of a page, however its attributes are quoted (pages are minified)."""
    collector = LinkCollector()
    collector.feed(html)
    return frozenset(collector.ids)


@lru_cache(maxsize=None)
def fetch(url: str) -> tuple[int, str]:
    """Return the status and, for HTML, the text of a URL."""
    try:
        with urlopen(url, timeout=10) as response:
            body = response.read()
            kind = response.headers.get_content_type()
            return response.status, body.decode("utf-8") if kind == "text/html" else ""
    except HTTPError as error:
        return error.code, ""


def test_every_internal_link_and_anchor_resolves_under_the_sub_path(built_site: Path, site_url: str):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    site_root = urlparse(site_url)
    checked, broken = 0, []
    for path in pages:
        page_url = site_url + str(path.relative_to(built_site / "paper-catalog")).removesuffix("index.html")
        status, html = fetch(page_url)
        assert status == 200, page_url
        collector = LinkCollector()
        collector.feed(html)
        for link in collector.links:
            target = urljoin(page_url, link)
            parsed = urlparse(target)
            if parsed.netloc != site_root.netloc:
                continue
            assert parsed.path.startswith(site_root.path), f"{page_url} links outside the sub-path: {link}"
            checked += 1
            base, fragment = urldefrag(target)
            status, target_html = fetch(base)
            if status != 200:
                broken.append(f"{page_url} -> {link} ({status})")
            elif fragment and target_html and fragment not in ids_of(target_html):
                broken.append(f"{page_url} -> {link} (no anchor)")
    assert checked > 100
    assert broken == []


def test_the_404_page_leads_home_through_the_configured_site_url(built_site: Path):
    html = (built_site / "paper-catalog" / "404.html").read_text(encoding="utf-8")
    assert "<h1>Page not found</h1>" in html
    assert 'href="http://127.0.0.1/paper-catalog/"' in html
    assert 'href="http://127.0.0.1/paper-catalog/papers/"' in html
