"""The size budgets: measuring a built site, the messages, and a strict build that passes one."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from types import SimpleNamespace

from generator.budgets import MB, SiteSizes, check_budgets, format_size, format_sizes, measure_site
from generator.plugin.plugin import CatalogPlugin
from generator.settings import load_settings
from sitebuild import DATA, build_site, make_project

TABLE = "[tool.paper-catalog]\n"


def write_file(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)


def test_material_search_counts_the_whole_site_and_its_json_index(tmp_path):
    write_file(tmp_path / "index.html", 1000)
    write_file(tmp_path / "papers" / "a" / "index.html", 500)
    write_file(tmp_path / "search" / "search_index.json", 300)
    assert measure_site(tmp_path, "material") == SiteSizes(1800, 300, "search/search_index.json")


def test_pagefind_counts_what_one_word_query_fetches_and_reports_the_whole_index(tmp_path):
    write_file(tmp_path / "index.html", 1000)
    write_file(tmp_path / "pagefind" / "pagefind-entry.json", 1)
    write_file(tmp_path / "pagefind" / "pagefind.en_3.pf_meta", 3)
    write_file(tmp_path / "pagefind" / "filter" / "en_2.pf_filter", 20)
    write_file(tmp_path / "pagefind" / "index" / "en_1.pf_index", 200)
    write_file(tmp_path / "pagefind" / "index" / "en_5.pf_index", 300)
    write_file(tmp_path / "pagefind" / "fragment" / "en_4.pf_fragment", 4000)
    write_file(tmp_path / "pagefind" / "pagefind.js", 50000)
    sizes = measure_site(tmp_path, "pagefind")
    assert sizes == SiteSizes(55524, 324, "pagefind/ (one-word query)", 524, 54524)
    assert format_sizes(sizes, 500, 5) == ("site 54.2 KB (budget 500 MB), search index pagefind/ (one-word query) "
                                           "0.3 KB (budget 5 MB) (whole index 0.5 KB, bundle 53.2 KB)")


def test_a_missing_site_or_index_measures_zero(tmp_path):
    assert measure_site(tmp_path / "nothing", "material") == SiteSizes(0, 0, "search/search_index.json")


def test_sizes_within_budget_give_no_message_and_one_info_line():
    sizes = SiteSizes(3 * MB, 512 * 1024, "search/search_index.json")
    assert check_budgets(sizes, 500, 5) == ()
    assert format_sizes(sizes, 500, 5) == ("site 3.00 MB (budget 500 MB), search index search/search_index.json "
                                           "512.0 KB (budget 5 MB)")


def test_each_budget_passed_gives_one_message():
    sizes = SiteSizes(int(2.5 * MB), 6 * MB, "search/search_index.json")
    assert check_budgets(sizes, 2, 5) == (
        "the site is 2.50 MB, over its budget of 2 MB (site_budget_mb in [tool.paper-catalog])",
        "the search index search/search_index.json is 6.00 MB, over its budget of 5 MB "
        "(search_budget_mb in [tool.paper-catalog]); search = \"pagefind\" keeps it small",
    )


def test_format_size_uses_kb_below_one_mb():
    assert format_size(1536) == "1.5 KB"
    assert format_size(MB + MB // 2) == "1.50 MB"


def test_the_plugin_warns_under_mkdocs_when_a_budget_is_passed(tmp_path, caplog):
    (tmp_path / "pyproject.toml").write_text(TABLE + "site_budget_mb = 0.001\n", encoding="utf-8")
    site = tmp_path / "site"
    write_file(site / "index.html", 2000)
    write_file(site / "search" / "search_index.json", 100)
    plugin = CatalogPlugin()
    plugin.settings, _ = load_settings(tmp_path)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        plugin.on_post_build(config=SimpleNamespace(site_dir=str(site)))
    assert [(record.name, record.levelname, record.getMessage()) for record in caplog.records] == [
        ("mkdocs.plugins.paper-catalog", "WARNING", "the site is 2.1 KB, over its budget of 0.001 MB "
                                                    "(site_budget_mb in [tool.paper-catalog])"),
        ("mkdocs.plugins.paper-catalog", "INFO", "site 2.1 KB (budget 0.001 MB), search index "
                                                 "search/search_index.json 0.1 KB (budget 5 MB)"),
    ]


def test_a_strict_build_fails_on_a_tiny_search_budget(tmp_path):
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(TABLE, TABLE + "search_budget_mb = 0.001\n"),
                         encoding="utf-8")
    result = build_site(project, "http://127.0.0.1/paper-catalog/")
    assert result.returncode == 1
    assert re.search(r"WARNING +- +the search index search/search_index\.json is [\d.]+ KB, over its budget "
                     r"of 0\.001 MB", result.stderr)
    assert "Aborted with 1 warnings in strict mode" in result.stdout
