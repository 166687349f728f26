"""Tests for the orchestrator: a build with nothing changed is skipped, any change rebuilds."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator import build
from generator.settings import load_settings
from sitebuild import DATA, ROOT


def settings_for(tmp_path: Path):
    seeds = tmp_path / "seeds"
    shutil.copytree(DATA / "fixture_seeds", seeds)
    settings, problems = load_settings(ROOT, seeds_dir=seeds, docs_dir=tmp_path / "docs",
                                       themes_file=DATA / "fixture_themes.yml", site_url="https://example.org/")
    return settings, problems


def test_a_second_build_with_nothing_changed_renders_and_writes_nothing(tmp_path: Path):
    settings, problems = settings_for(tmp_path)
    first = build.run(settings, problems)
    second = build.run(settings, problems)
    assert second.written.written == () and len(second.written.unchanged) == len(first.written.written)
    assert second.catalog == first.catalog


def test_an_edited_listing_rebuilds(tmp_path: Path):
    settings, problems = settings_for(tmp_path)
    build.run(settings, problems)
    listing = settings.seeds_dir / "01_flat.txt"
    listing.write_text(listing.read_text(encoding="utf-8").replace("Auxiliary Networks", "Auxiliary Heads"),
                       encoding="utf-8")
    again = build.run(settings, problems)
    assert "Local Learning with Auxiliary Heads" in [paper.title for paper in again.catalog.papers]
    assert "catalog.json" in again.written.written


def test_a_deleted_page_or_a_broken_state_rebuilds(tmp_path: Path):
    settings, problems = settings_for(tmp_path)
    build.run(settings, problems)
    (settings.docs_dir / "about.md").unlink()
    assert build.run(settings, problems).written.written == ("about.md",)
    (settings.docs_dir / ".catalog-state").write_bytes(b"not a state")
    rebuilt = build.run(settings, problems)
    assert rebuilt.written.written == () and len(rebuilt.catalog.papers) == 6


def test_a_relative_project_folder_finds_its_own_seeds(monkeypatch, tmp_path: Path):
    (tmp_path / "project" / "seeds").mkdir(parents=True)
    (tmp_path / "project" / "pyproject.toml").write_text('[tool.paper-catalog]\nseeds = "seeds"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    settings, problems = load_settings(Path("project"))
    assert settings.seeds_dir == (tmp_path / "project" / "seeds").resolve() and problems == ()
