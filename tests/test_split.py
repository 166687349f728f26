"""``mkdocs build`` in two processes (plugin/split.py) leaves exactly what one process leaves.

Each test builds a real site with ``split_from = 0`` (split whatever the size) and compares it,
every file byte for byte, with the same inputs built in one process; and a page that fails in
either process fails the build with a message, not a traceback.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.plugin.split import CaptureWarnings, SplitBuild
from sitebuild import DATA, make_project
from test_reuse import EDITS, apply_edits, differences, run_session

TABLE = "[tool.paper-catalog]\n"
SPLIT_LINE = "catalog pages outside the nav are rendered in a second process"


def project_with(tmp_path: Path, name: str, settings: str, seeds: Path = DATA / "fixture_seeds") -> Path:
    project = make_project(seeds, tmp_path / name)
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert text.count(TABLE) == 1
    pyproject.write_text(text.replace(TABLE, TABLE + settings), encoding="utf-8")
    return project


def build(project: Path) -> subprocess.CompletedProcess:
    """Build with --strict, with a temporary folder of its own (``<project>/tmp``, checked after)."""
    temporary = project / "tmp"
    temporary.mkdir(exist_ok=True)
    env = dict(os.environ, SITE_URL="http://127.0.0.1/paper-catalog/", NO_MKDOCS_2_WARNING="1",
               TMPDIR=str(temporary))
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
                          capture_output=True, text=True, check=False)


@pytest.mark.parametrize("search", ["material", "pagefind"])
def test_a_split_build_leaves_the_same_site_as_one_process(tmp_path: Path, search: str):
    engine = f'search = "{search}"\n'
    one = project_with(tmp_path, "one", engine + "split_from = 1000000\n")
    two = project_with(tmp_path, "two", engine + "split_from = 0\n")
    first, second = build(one), build(two)
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert SPLIT_LINE not in first.stderr
    assert "INFO    -  catalog: 18 of the 36 " + SPLIT_LINE in second.stderr
    found = differences(one / "site", two / "site")
    if search == "pagefind":  # Pagefind's own files differ from run to run (its issue #638)
        found = [name for name in found if not name.startswith("pagefind/")]
    assert found == []
    assert "Traceback" not in second.stderr
    # The pages of both processes are in the sitemap and (with Material's search) the search index.
    sitemap = (two / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<loc>") == (one / "site" / "sitemap.xml").read_text(encoding="utf-8").count("<loc>") > 40
    # Every icon a page refers to is in the sprite, whichever process rendered the page.
    sprite = (two / "site" / "assets" / "catalog-icons.svg").read_text(encoding="utf-8")
    symbols = set(re.findall(r'<symbol id="([^"]+)"', sprite))
    used = {name for page in (two / "site").rglob("*.html")
            for name in re.findall(r'catalog-icons\.svg#([^"\s>]+)', page.read_text(encoding="utf-8"))}
    assert used and used <= symbols
    # The second process leaves no folder or file behind.
    assert list((two / "tmp").iterdir()) == []


FAILING_BLOCK = '{% block extrahead %}\n{{ super() }}'


@pytest.mark.parametrize("where, condition", [
    # A page the main process renders; then every page the second process renders (its site
    # folder is its own, in the temporary folder).
    ("main", 'page and page.url == "themes/"'),
    ("second", '"catalog-split-site" in config.site_dir'),
])
def test_a_page_that_fails_in_either_process_fails_the_build_with_a_message(tmp_path: Path, where: str,
                                                                            condition: str):
    project = project_with(tmp_path, "project", "split_from = 0\n")
    main = project / "site_templates" / "overrides" / "main.html"
    text = main.read_text(encoding="utf-8")
    assert text.count(FAILING_BLOCK) == 1
    main.write_text(text.replace(FAILING_BLOCK, FAILING_BLOCK + f"\n{{% if {condition} %}}{{{{ no_such_helper() }}}}{{% endif %}}"),
                    encoding="utf-8")
    result = build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    place = f"a theme template failed at {main}:"
    if where == "second":
        assert f"catalog: rendering half of the pages in a second process failed: {place}" in output
    else:
        assert f"catalog: {place}" in output
    assert "'no_such_helper' is undefined" in output
    assert "Traceback" not in output
    assert list((project / "tmp").iterdir()) == []


def test_the_second_process_keeps_only_the_warnings_about_its_own_pages():
    capture = CaptureWarnings(frozenset({"index.md", "themes.md"}))
    logger = logging.getLogger("mkdocs.test_split")
    logger.addHandler(capture)
    try:
        capture.current = "papers/a.md"
        logger.warning("Doc file 'papers/a.md' contains a link to 'b.md', which is not found")
        logger.info("an info line is not a warning")
        capture.current = "index.md"  # the main process renders the nav's pages, and warns itself
        logger.warning("something while index.md is read")
        capture.current = ""
        logger.warning("Doc file 'themes.md' contains a link 'x.md#y', but there is no such anchor")
        logger.error("Doc file 'papers/c.md' contains a link 'x.md#y', but there is no such anchor")
    finally:
        logger.removeHandler(capture)
    assert capture.records == [
        ("mkdocs.test_split", logging.WARNING, "Doc file 'papers/a.md' contains a link to 'b.md', which is not found"),
        ("mkdocs.test_split", logging.ERROR, "Doc file 'papers/c.md' contains a link 'x.md#y', but there is no such anchor"),
    ]


def test_serve_splits_its_first_build_and_reuses_the_second_process_pages_after(tmp_path: Path):
    """The first build of a serve session splits; an abstract edit then reuses the pages either
    process rendered, and the served site equals a fresh build after each edit."""
    served = project_with(tmp_path, "served", "split_from = 0\n")
    logs = run_session(served, tmp_path / "serve", EDITS[:2])
    assert any(SPLIT_LINE in line for line in logs[0]), logs[0]
    assert not any(SPLIT_LINE in line for line in logs[1] + logs[2])
    rebuilt = next(line for line in logs[1] if line.startswith("catalog: rebuilt in"))
    rendered, reused = (int(number) for number in re.search(r"; (\d+) pages rendered, (\d+) unchanged pages reused",
                                                            rebuilt).groups())
    assert reused > 25 and rendered < 12, rebuilt  # the second process's pages are reused too
    for step in range(3):
        state = project_with(tmp_path, f"state-{step}", "split_from = 0\n")
        apply_edits(state, EDITS[:step])
        run_session(state, tmp_path / f"fresh-{step}", [], fresh=True)
        assert differences(tmp_path / "serve" / str(step), tmp_path / f"fresh-{step}" / "0") == [], f"after edit {step}"


@pytest.mark.parametrize("rebuild, dirty, pages, expected", [
    (True, False, 5000, "a serve rebuild"),
    (False, True, 5000, "a dirty build"),
    (False, False, 1999, "1999 pages (split from 2000)"),
])
def test_a_split_is_off_for_serve_rebuilds_dirty_builds_and_small_catalogs(rebuild, dirty, pages, expected):
    class Config:
        plugins: dict = {}
    assert SplitBuild().why_off(Config(), rebuild, dirty, pages, 2000) == expected
