"""Building the site with MkDocs: the theme names are the only tags allowed."""

from __future__ import annotations

from pathlib import Path

from sitebuild import DATA, build_site, make_project


def test_a_tag_that_is_not_a_theme_fails_the_build(tmp_path: Path):
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    (project / "docs" / "extra.md").write_text("---\ntags:\n  - Federated Learnin\n---\n\n# Extra\n", encoding="utf-8")
    result = build_site(project, "http://127.0.0.1/paper-catalog/", strict=False)
    assert result.returncode != 0
    assert "Tags not in allow list: Federated Learnin" in result.stdout + result.stderr


def test_the_theme_names_are_accepted_as_tags(tmp_path: Path):
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    (project / "docs" / "extra.md").write_text("---\ntags:\n  - Federated Learning\n---\n\n# Extra\n", encoding="utf-8")
    result = build_site(project, "http://127.0.0.1/paper-catalog/", strict=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "site" / "extra" / "index.html").is_file()


def test_mkdocs_rewrites_nothing_that_catalog_generate_just_wrote(tmp_path: Path):
    import os
    import subprocess
    import sys
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    env = dict(os.environ, SITE_URL="https://example.org/catalog/")
    subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "generate"], env=env,
                   check=True, capture_output=True)
    before = {path: path.stat().st_mtime_ns for path in (project / "docs").rglob("*") if path.is_file()}
    result = build_site(project, "https://example.org/catalog/")
    assert result.returncode == 0, result.stdout + result.stderr
    after = {path: path.stat().st_mtime_ns for path in (project / "docs").rglob("*") if path.is_file()}
    assert [str(path.relative_to(project)) for path in before if after.get(path) != before[path]] == []
