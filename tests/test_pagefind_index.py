"""Running Pagefind on a folder (the plugin's switch to Pagefind is tested in test_plugin.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import PagefindError
from generator.pagefind_index import find_pagefind, index_site


def test_index_site_indexes_only_the_marked_content(tmp_path):
    page = tmp_path / "papers" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html lang="en"><body><h1 data-pagefind-body>Navier</h1>'
                    '<span data-pagefind-filter="year:2024"></span></body></html>', encoding="utf-8")
    (tmp_path / "index.html").write_text('<html lang="en"><body><h1>Home</h1></body></html>', encoding="utf-8")
    index_site(tmp_path, find_pagefind())
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()
    assert len(list((tmp_path / "pagefind" / "fragment").iterdir())) == 1


def test_index_site_reports_a_failing_binary(tmp_path):
    with pytest.raises(PagefindError, match="pagefind failed"):
        index_site(tmp_path, Path("/bin/false"))
