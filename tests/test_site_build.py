"""Building the site with MkDocs: the theme names are the only tags allowed."""

from __future__ import annotations

from pathlib import Path

from sitebuild import DATA, build_site, make_project


def test_a_tag_that_is_not_a_theme_fails_the_build(tmp_path: Path):
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    (project / "docs" / "extra.md").write_text("---\ntags:\n  - Federated Learnin\n---\n\n# Extra\n", encoding="utf-8")
    result = build_site(project, "http://127.0.0.1/paper-catalog/", strict=False)
    assert result.returncode != 0
    assert ("catalog: extra.md: tag 'Federated Learnin' is not a theme of themes.yml "
            "(did you mean 'Federated Learning'?)") in result.stderr


def test_the_theme_names_are_accepted_as_tags(tmp_path: Path):
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    (project / "docs" / "extra.md").write_text("---\ntags:\n  - Federated Learning\n---\n\n# Extra\n", encoding="utf-8")
    result = build_site(project, "http://127.0.0.1/paper-catalog/", strict=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "site" / "extra" / "index.html").is_file()


def add_to_nav(project: Path, entry: str) -> None:
    """Add a page a person wrote to the nav of the project's mkdocs.yml, as the README says to."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - About: about.md\n", f"  - About: about.md\n  - {entry}\n"), encoding="utf-8")


def test_a_build_writes_nothing_into_docs_and_builds_the_pages_written_there(tmp_path: Path):
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    notes = project / "docs" / "notes.md"
    notes.write_text("# Reading group notes\n\nWe meet on Fridays.\n", encoding="utf-8")
    add_to_nav(project, "Notes: notes.md")
    before = {path: path.stat().st_mtime_ns for path in (project / "docs").rglob("*")}
    result = build_site(project, "https://example.org/catalog/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert {path: path.stat().st_mtime_ns for path in (project / "docs").rglob("*")} == before
    assert "We meet on Fridays." in (project / "site" / "notes" / "index.html").read_text(encoding="utf-8")
    assert len(list((project / "site" / "papers").glob("*/index.html"))) == 6


def test_a_tree_catalog_generate_wrote_into_docs_is_left_out_with_one_warning(tmp_path: Path):
    import os
    import subprocess
    import sys
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "generate", "--out", "docs"],
                   env=dict(os.environ), check=True, capture_output=True)
    (project / "docs" / "about.md").write_text("# Stale about page\n", encoding="utf-8")
    (project / "docs" / "mine.md").write_text("# My own page\n", encoding="utf-8")
    add_to_nav(project, "Mine: mine.md")
    result = build_site(project, "https://example.org/catalog/", strict=False)
    assert result.returncode == 0, result.stdout + result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "docs/ holds" in warnings[0] and "catalog generate --out" in warnings[0]
    assert "Stale about page" not in (project / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert "My own page" in (project / "site" / "mine" / "index.html").read_text(encoding="utf-8")


def test_pages_outside_the_nav_share_one_navigation_and_its_links_resolve(tmp_path: Path):
    import re
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    set_options(project, "minify_html = false\n")  # the regions below are found by their indented HTML
    result = build_site(project, "http://127.0.0.1/paper-catalog/")
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"

    def navigation(path: Path) -> str:
        html = path.read_text(encoding="utf-8")
        return html[html.index('<nav class="md-tabs'):html.index('<div class="md-sidebar md-sidebar--secondary"')]

    papers = sorted((site / "papers").glob("*/index.html"))
    themes = sorted(path for path in (site / "themes").glob("*/index.html"))
    assert len(papers) > 2 and len(themes) > 2
    assert len({navigation(path) for path in papers}) == 1 and len({navigation(path) for path in themes}) == 1
    for page in (papers[0], themes[0], site / "stats" / "index.html"):
        for href in re.findall(r'href="([^"#]+)"', navigation(page)):
            target = (page.parent / href).resolve()
            assert (target / "index.html").is_file() or target.is_file(), f"{page}: {href}"
        tabs = dict((label.strip(), (page.parent / href).resolve()) for href, label in
                    re.findall(r'<a href="([^"]+)" class="md-tabs__link">\s*([^<]+?)\s*</a>', navigation(page)))
        expected = {"Home": "", "Themes": "themes", "Listings": "listings", "All papers": "papers", "Map": "map",
                    "Statistics": "stats", "Tags": "tags", "About": "about"}
        assert tabs == {label: (site / folder).resolve() for label, folder in expected.items()}, page
    # Outside the nav the drawer shows the tabs, so its own list of the same links is left out.
    assert '<nav class="md-tabs catalog-drawer-tabs"' in navigation(papers[0]) and "md-nav__list" not in navigation(papers[0])
    assert '<nav class="md-tabs"' in navigation(site / "stats" / "index.html")
    assert 'class="md-nav__list"' in navigation(site / "stats" / "index.html")
    assert "md-tabs__item--active" not in navigation(papers[0])
    assert "md-tabs__item--active" in navigation(site / "stats" / "index.html")


def test_rendering_the_chrome_once_per_folder_changes_no_page(tmp_path: Path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.plugin import plugin as plugin_module
    from generator.plugin.chrome import ChromeCache

    site_url = "http://127.0.0.1/paper-catalog/"
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    result = build_site(project, site_url)
    assert result.returncode == 0, result.stdout + result.stderr
    # The same build with the cache off: every page renders its whole chrome.
    monkeypatch.chdir(project)
    monkeypatch.setenv("SITE_URL", site_url)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "uncached"))
    keys: list[object] = []

    class Uncached(ChromeCache):
        def key(self, part, page, nav):
            keys.append(part)
            return None

    monkeypatch.setattr(plugin_module, "ChromeCache", Uncached)
    build(config)
    assert {"nav", "tabs", "header", "styles", "footer", "config", "scripts"} <= set(keys)

    def pages(site: Path) -> dict[str, bytes]:
        return {str(path.relative_to(site)): path.read_bytes() for path in site.rglob("*.html")}

    cached, uncached = pages(project / "site"), pages(tmp_path / "uncached")
    assert len(cached) > 30 and cached.keys() == uncached.keys()
    assert [page for page in cached if cached[page] != uncached[page]] == []


def set_options(project: Path, lines: str) -> None:
    """Add settings to the project's ``[tool.paper-catalog]`` table."""
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace("[tool.paper-catalog]\n", "[tool.paper-catalog]\n" + lines), encoding="utf-8")


def test_search_auto_takes_pagefind_from_the_size_it_is_given(tmp_path: Path):
    small = make_project(DATA / "fixture_seeds", tmp_path / "small")
    result = build_site(small, "http://127.0.0.1/paper-catalog/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (small / "site" / "search" / "search_index.json").is_file() and not (small / "site" / "pagefind").exists()
    assert 'search with material (6 papers; search = "auto" takes Pagefind from 3000)' in result.stderr
    large = make_project(DATA / "fixture_seeds", tmp_path / "large")
    set_options(large, "pagefind_from = 6\n")
    result = build_site(large, "http://127.0.0.1/paper-catalog/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (large / "site" / "search" / "search_index.json").exists()
    assert (large / "site" / "pagefind" / "pagefind.js").is_file()
    assert (large / "site" / "search" / "index.html").is_file()
    assert "search with pagefind (6 papers" in result.stderr


def test_pages_are_minified_unless_told_not_to(tmp_path: Path):
    minified = make_project(DATA / "fixture_seeds", tmp_path / "minified")
    plain = make_project(DATA / "fixture_seeds", tmp_path / "plain")
    set_options(plain, "minify_html = false\n")
    for project in (minified, plain):
        result = build_site(project, "http://127.0.0.1/paper-catalog/")
        assert result.returncode == 0, result.stdout + result.stderr
    page = "papers/vision-transformers-with-local-attention/index.html"
    small, large = ((project / "site" / page).read_text(encoding="utf-8") for project in (minified, plain))
    assert "\n  " in large and "\n  " not in small.split("<pre", 1)[0]
    assert len(small) < 0.85 * len(large)
    for text in ("Vision Transformers with Local Attention", "Zoë Müller", "@misc{muller2025vision,"):
        assert text in small


def test_the_sitemap_lists_every_page_once_without_the_build_day(tmp_path: Path):
    import gzip
    from xml.etree import ElementTree
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    result = build_site(project, "https://example.org/catalog/")
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == text
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = ElementTree.fromstring(text).findall(f"{namespace}url")
    assert all([child.tag for child in url] == [f"{namespace}loc"] for url in urls)  # no <lastmod>
    locs = [url.find(f"{namespace}loc").text for url in urls]
    folders = [page.parent.relative_to(site).as_posix() for page in site.rglob("index.html")]
    pages = ["https://example.org/catalog/" + ("" if folder == "." else folder + "/") for folder in folders]
    assert sorted(locs) == sorted(pages)
    assert text.count("\n<url><loc>") == len(locs)  # one line a page
