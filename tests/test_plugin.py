"""The MkDocs plugin in a site of one's own, its options, and its use of Material's public settings."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import material.templates
import pytest
from mkdocs.config import load_config

from generator.plugin.chrome import compact_config, insert_before, replace_once
from sitebuild import DATA, ROOT, make_project

OWN_CONFIG = """site_name: Reading group
site_url: https://example.org/reading-group/
theme:
  name: material
plugins:
  - search
  - paper-catalog
"""
MATERIAL = Path(material.templates.__file__).parent
OVERRIDES = ROOT / "site_templates" / "overrides"
# Templates of ours that take the place of Material's of the same name, written for the catalog.
OWN_TEMPLATES = {"404.html": "the catalog's own not-found page", "partials/tags.html": "chips that lead to theme pages"}


def mkdocs(project: Path, *arguments: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("SITE_URL", None)
    return subprocess.run([sys.executable, "-m", "mkdocs", *arguments, "-f", str(project / "mkdocs.yml")],
                          cwd=project, env=env, capture_output=True, text=True, check=False)


def own_site(tmp_path: Path, config: str = OWN_CONFIG) -> Path:
    """Lay out a site the way someone with their own MkDocs site would: no templates, no pyproject."""
    project = tmp_path / "reading-group"
    shutil.copytree(DATA / "fixture_seeds", project / "seeds")
    shutil.copy2(DATA / "fixture_themes.yml", project / "themes.yml")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Our reading group\n\nWe meet on Fridays.\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


def test_a_site_of_ones_own_gets_the_catalog_by_adding_the_plugin(tmp_path: Path):
    project = own_site(tmp_path)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "We meet on Fridays." in home  # their own home page wins over the catalog's
    assert len(list((site / "papers").glob("*/index.html"))) == 6
    paper = (site / "papers" / "neural-operators-for-pdes" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="?\.\./\.\./assets/catalog\.css"?[ >]', paper) and "paper-abstract" in paper
    assert "<p>catalog-passthrough" not in paper and "{ data-search-exclude }" not in paper
    # The nav MkDocs makes lists the catalog's index pages, not every paper.
    assert re.search(r'href="?\.\./\.\./themes/"?[ >]', paper) and "../../papers/federated" not in paper
    for folder in ("themes", "listings", "papers", "map", "stats", "tags", "about"):
        assert (site / folder / "index.html").is_file(), folder
    assert not any((project / "docs").glob("papers"))


def related_counts(site: Path) -> list[int]:
    """Return how many related papers each paper page of a built site lists."""
    counts = []
    for page in sorted((site / "papers").glob("*/index.html")):
        html = page.read_text(encoding="utf-8")
        related = html[re.search(r'class="?paper-related"?[ >]', html).start():]
        counts.append(related[:related.index("</div>")].count("<li>"))
    return counts


def test_the_plugins_options_in_mkdocs_yml_are_the_settings(tmp_path: Path):
    options = "  - paper-catalog:\n      seeds: lists\n      related_min_score: 0.0\n      related_count: {count}\n"
    counts = {}
    for count in (2, 5):
        project = own_site(tmp_path / str(count), OWN_CONFIG.replace("  - paper-catalog\n", options.format(count=count)))
        (project / "seeds").rename(project / "lists")
        result = mkdocs(project, "build", "--strict")
        assert result.returncode == 0, result.stderr
        counts[count] = related_counts(project / "site")
    assert max(counts[2]) == 2 and max(counts[5]) > 2


def test_an_unknown_option_is_mkdocs_own_warning(tmp_path: Path):
    project = own_site(tmp_path, OWN_CONFIG.replace("  - paper-catalog\n", "  - paper-catalog:\n      relatd_count: 1\n"))
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 1
    assert "Plugin 'paper-catalog' option 'relatd_count': Unrecognised configuration name: relatd_count" in result.stderr


@pytest.mark.parametrize(("change", "message"), [
    ("use_directory_urls: false\n", "catalog: the catalog's pages link to each other as folders: "
                                    "set use_directory_urls: true in mkdocs.yml"),
    ("theme:\n  name: mkdocs\n", "catalog: the catalog's pages are made for Material for MkDocs: "
                                 "set theme: name: material in mkdocs.yml"),
])
def test_a_site_the_pages_cannot_fit_is_refused_in_one_line(tmp_path: Path, change: str, message: str):
    config = OWN_CONFIG.replace("theme:\n  name: material\n", "") + change
    result = mkdocs(own_site(tmp_path, config), "build")
    assert result.returncode == 1 and result.stdout.strip() == message
    assert "Traceback" not in result.stderr


def test_pagefind_switches_material_search_off_by_its_own_option(tmp_path: Path, monkeypatch):
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(
        "[tool.paper-catalog]\n", '[tool.paper-catalog]\nsearch = "pagefind"\n'), encoding="utf-8")
    monkeypatch.chdir(project)
    config = load_config(str(project / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    search = config.plugins["material/search"]
    assert search.config.enabled is False  # still there: its own setting keeps it quiet
    assert "search/index.html" in config.theme.static_templates
    assert config.theme.dirs[0] == str(project / "site_templates" / "overrides")


def test_every_override_of_a_material_template_wraps_the_installed_one():
    """An override that shares a Material template's name includes Material's own, so nothing is copied."""
    for path in sorted(OVERRIDES.rglob("*.html")):
        name = path.relative_to(OVERRIDES).as_posix()
        if not (MATERIAL / name).is_file() or name in OWN_TEMPLATES:
            continue
        text = path.read_text(encoding="utf-8")
        wraps = f'"material/{name}"' in text or (name == "main.html" and '{% extends "base.html" %}' in text)
        assert wraps, f"{name} replaces Material's template instead of wrapping it"


def test_the_places_the_overrides_change_are_in_the_installed_material():
    search = (MATERIAL / "partials" / "search.html").read_text(encoding="utf-8")
    assert search.count('data-md-component="search" role="dialog">') == 1
    assert "</nav>" in (MATERIAL / "partials" / "header.html").read_text(encoding="utf-8")
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    for block in ("styles", "libs", "fonts", "analytics", "footer", "config", "scripts"):
        assert re.search(r"\{%\s*block " + block + r"\s*%\}", base), block


def test_a_changed_material_template_fails_loudly():
    from mkdocs.exceptions import PluginError
    assert replace_once("<a><b>", "<b>", "<c>") == "<a><c>"
    assert insert_before("<nav></nav><nav></nav>", "</nav>", "<x>") == "<nav><x></nav><nav></nav>"
    with pytest.raises(PluginError, match="this Material release is not supported yet"):
        replace_once("<a>", "<b>", "<c>")
    with pytest.raises(PluginError, match="this Material release is not supported yet"):
        insert_before("<a>", "</nav>", "<x>")


CONFIG_SCRIPT = ('<script id="__config" type="application/json">{"base": "../..", "features": [], "translations": '
                 '{"clipboard.copy": "Copy", "search.result.none": "No matching documents", "select.version": '
                 '"Select version"}, "search": "w.js", "note": "\\u003c/script\\u003e \\u0026 it\\u0027s"}</script>')


def test_materials_configuration_is_written_without_spaces_and_without_a_search_it_does_not_run():
    with_search = compact_config("<p></p>" + CONFIG_SCRIPT, material_search=True)
    assert with_search == ('<p></p><script id="__config" type="application/json">{"base":"../..","features":[],'
                           '"translations":{"clipboard.copy":"Copy","search.result.none":"No matching documents",'
                           '"select.version":"Select version"},"search":"w.js",'
                           '"note":"\\u003c/script\\u003e \\u0026 it\\u0027s"}</script>')
    without = compact_config(CONFIG_SCRIPT, material_search=False)
    assert '"translations":{"clipboard.copy":"Copy","select.version":"Select version"}' in without
    assert "search.result" not in without


def test_a_configuration_script_that_is_not_json_fails_loudly():
    from mkdocs.exceptions import PluginError
    for html in ('<script id="__config" type="application/json">{"base": </script>', "<p></p>", CONFIG_SCRIPT * 2):
        with pytest.raises(PluginError, match="this Material release is not supported yet"):
            compact_config(html, material_search=True)


def test_a_navigation_without_one_list_of_pages_fails_loudly():
    from mkdocs.exceptions import PluginError

    from generator.plugin.chrome import drop_nav_list
    nav = '<nav class="md-nav"><label class="md-nav__title">Site</label>\n<ul class="md-nav__list" data-md-scrollfix><li>a</li></ul></nav>'
    assert drop_nav_list(nav) == '<nav class="md-nav"><label class="md-nav__title">Site</label></nav>'
    for html in ('<nav class="md-nav"><ul class="md-nav__list"></ul></nav>', nav.replace("</nav>", "") * 2):
        with pytest.raises(PluginError, match="this Material release is not supported yet"):
            drop_nav_list(html)
