"""Tests for the orchestrator and its cache: nothing changed reuses the last build, any change rebuilds."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator import build, cache
from generator.cache import CACHE_FOLDER, KEPT_FILES, cache_file, dependency_versions, input_fingerprint
from generator.settings import load_settings
from sitebuild import DATA


def settings_for(tmp_path: Path, **overrides):
    shutil.copytree(DATA / "fixture_seeds", tmp_path / "seeds", dirs_exist_ok=True)
    shutil.copy2(DATA / "fixture_themes.yml", tmp_path / "themes.yml")
    return load_settings(tmp_path, **{"site_url": "https://example.org/", **overrides})


def test_a_second_build_with_nothing_changed_reuses_the_first_and_writes_nothing(tmp_path: Path):
    settings, problems = settings_for(tmp_path)
    first = build.run(settings, problems, out_dir=tmp_path / "out")
    assert not first.reused and cache_file(tmp_path, settings).is_file()
    second = build.run(settings, problems, out_dir=tmp_path / "out")
    assert second.reused and second.written.written == ()
    assert len(second.written.unchanged) == len(first.written.written)
    assert second.catalog == first.catalog and second.pages == first.pages


def test_an_edited_listing_rebuilds(tmp_path: Path):
    settings, problems = settings_for(tmp_path)
    build.run(settings, problems, out_dir=tmp_path / "out")
    listing = settings.seeds_dir / "01_flat.txt"
    listing.write_text(listing.read_text(encoding="utf-8").replace("Auxiliary Networks", "Auxiliary Heads"),
                       encoding="utf-8")
    again = build.run(settings, problems, out_dir=tmp_path / "out")
    assert not again.reused
    assert "Local Learning with Auxiliary Heads" in [paper.title for paper in again.catalog.papers]
    assert "catalog.json" in again.written.written


def test_a_deleted_page_is_written_again_and_a_broken_cache_rebuilds(tmp_path: Path):
    settings, problems = settings_for(tmp_path)
    build.run(settings, problems, out_dir=tmp_path / "out")
    (tmp_path / "out" / "about.md").unlink()
    again = build.run(settings, problems, out_dir=tmp_path / "out")
    assert again.reused and again.written.written == ("about.md",)
    cache_file(tmp_path, settings).write_bytes(b"not a cache")
    rebuilt = build.run(settings, problems, out_dir=tmp_path / "out")
    assert not rebuilt.reused and rebuilt.written.written == () and len(rebuilt.catalog.papers) == 6


def test_without_the_cache_nothing_is_saved_or_reused(tmp_path: Path):
    settings, problems = settings_for(tmp_path, cache=False)
    assert not build.run(settings, problems).reused
    assert not build.run(settings, problems).reused
    assert not (tmp_path / CACHE_FOLDER).exists()


def test_each_set_of_settings_keeps_its_own_cache_and_old_ones_go(tmp_path: Path):
    addresses = [f"http://127.0.0.1:{port}/" for port in range(8000, 8000 + KEPT_FILES + 1)]
    for site_url in addresses:  # a build, then serve sessions on other ports
        settings, problems = settings_for(tmp_path, site_url=site_url)
        assert not build.run(settings, problems).reused
    assert len(list((tmp_path / CACHE_FOLDER).glob("build-*.pickle"))) == KEPT_FILES
    settings, problems = settings_for(tmp_path, site_url=addresses[-2])
    assert build.run(settings, problems).reused  # switching back does not build again
    settings, problems = settings_for(tmp_path, site_url=addresses[0])
    assert not build.run(settings, problems).reused  # the oldest was removed


def test_an_input_that_cannot_be_read_builds_uncached_and_is_reported(tmp_path: Path):
    settings, problems = settings_for(tmp_path)
    # A file that even root cannot read: reading it fails with an input/output error.
    (settings.seeds_dir / "04_unreadable.txt").symlink_to("/proc/self/mem")
    assert input_fingerprint(settings, problems) is None
    report = build.run(settings, problems)
    # No build is saved (compiled templates may be: they are checked against their source).
    assert not report.reused and not list((tmp_path / CACHE_FOLDER).glob("build-*.pickle"))
    assert [(problem.listing, problem.message) for problem in report.catalog.problems
            if problem.listing == "04_unreadable.txt"] == [("04_unreadable.txt", "cannot be read: Input/output error")]


def test_the_fingerprint_covers_the_installed_dependencies_and_python(tmp_path: Path, monkeypatch):
    versions = dict(dependency_versions())
    # Direct and indirect requirements both count: a new numpy or markupsafe can change pages too.
    assert {"jinja2", "markupsafe", "scikit-learn", "numpy", "scipy", "python-slugify", "pylatexenc"} <= versions.keys()
    settings, problems = settings_for(tmp_path)
    before = input_fingerprint(settings, problems)
    assert before is not None
    monkeypatch.setattr(cache, "dependency_versions", lambda: (("jinja2", "99.0"),))
    assert input_fingerprint(settings, problems) != before
    monkeypatch.undo()
    monkeypatch.setattr(cache.sys, "version", "3.99.0")
    assert input_fingerprint(settings, problems) != before


def test_a_relative_project_folder_finds_its_own_seeds(monkeypatch, tmp_path: Path):
    (tmp_path / "project" / "seeds").mkdir(parents=True)
    (tmp_path / "project" / "pyproject.toml").write_text('[tool.paper-catalog]\nseeds = "seeds"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    settings, problems = load_settings(Path("project"))
    assert settings.seeds_dir == (tmp_path / "project" / "seeds").resolve() and problems == ()
