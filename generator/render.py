"""Render the catalog into Markdown pages with the Jinja2 templates of ``site_templates/``."""

from __future__ import annotations

from .models import Catalog, Page
from .settings import Settings


class DuplicatePathError(Exception):
    """Two pages would be written to the same path."""


def render_site(catalog: Catalog, settings: Settings) -> tuple[Page, ...]:
    """Render every Markdown page of the site (placeholder until the site issue)."""
    return ()


def check_unique_paths(pages: tuple[Page, ...]) -> None:
    """Refuse two pages with the same output path."""
    seen: set[str] = set()
    for page in pages:
        if page.path in seen:
            raise DuplicatePathError(f"two pages would be written to '{page.path}'")
        seen.add(page.path)
