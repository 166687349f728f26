"""Switching the site from Material's search to Pagefind, and running Pagefind on a folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config

from generator.pagefind_index import PagefindError, find_pagefind, index_site, use_pagefind

ROOT = Path(__file__).parent.parent


def test_use_pagefind_removes_material_search_and_its_events():
    config = load_config(str(ROOT / "mkdocs.yml"))
    search = config.plugins["material/search"]
    use_pagefind(config)
    assert "material/search" not in config.plugins
    assert all(getattr(handler, "__self__", None) is not search
               for handlers in config.plugins.events.values() for handler in handlers)
    assert "material/tags" in config.plugins
    assert "search/index.html" in config.theme.static_templates
    assert config.extra["pagefind_search"] == "search/"


def test_index_site_indexes_only_the_marked_content(tmp_path):
    page = tmp_path / "papers" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html lang="en"><body><h1 data-pagefind-body>Navier</h1>'
                    '<span data-pagefind-filter="year:2024"></span></body></html>', encoding="utf-8")
    (tmp_path / "index.html").write_text('<html lang="en"><body><h1>Home</h1></body></html>', encoding="utf-8")
    index_site(tmp_path, find_pagefind())
    assert (tmp_path / "pagefind" / "pagefind-ui.js").is_file()
    assert len(list((tmp_path / "pagefind" / "fragment").iterdir())) == 1


def test_index_site_reports_a_failing_binary(tmp_path):
    with pytest.raises(PagefindError, match="pagefind failed"):
        index_site(tmp_path, Path("/bin/false"))
