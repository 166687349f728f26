"""A build with the example site address says so: the feed, the CSV and canonical links would lead nowhere."""

from __future__ import annotations

from pathlib import Path

from sitebuild import DATA, build_site, make_project


def test_the_example_address_is_a_warning_and_a_real_one_is_not(tmp_path: Path):
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    example = build_site(project, "https://example.github.io/paper-catalog/", strict=False)
    assert example.returncode == 0, example.stderr
    assert "WARNING -  catalog: site_url is https://example.github.io/paper-catalog/, an example address" in example.stderr
    assert "SITE_URL=https://<user>.github.io/<repo>/" in example.stderr
    strict = build_site(project, "https://example.github.io/paper-catalog/", strict=True)
    assert strict.returncode != 0  # publishing with it fails a strict build, as the Pages workflow runs
    real = build_site(project, "https://reading-group.github.io/papers/", strict=True)
    assert real.returncode == 0 and "example address" not in real.stderr, real.stderr
