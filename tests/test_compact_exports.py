"""From `compact_exports_from` papers the exports and the filter's data are published gzipped and themes
get no BibTeX file."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from generator import build
from generator.addresses import EXPORTS, PAPER_FILTER_DATA
from generator.settings import load_settings
from sitebuild import DATA, ROOT


def project_with(tmp_path: Path, option: str) -> Path:
    project = tmp_path / "project"
    shutil.copytree(DATA / "fixture_seeds", project / "seeds")
    shutil.copy2(ROOT / "themes.yml", project / "themes.yml")
    shutil.copytree(ROOT / "site_templates", project / "site_templates")
    (project / "pyproject.toml").write_text(f"[tool.paper-catalog]\n{option}", encoding="utf-8")
    return project


def pages_of(project: Path) -> dict[str, str | bytes]:
    settings, _ = load_settings(project, cache=False)
    return {page.path: page.text for page in build.run(settings).pages}


def test_a_large_catalog_publishes_gzipped_exports_holding_the_same_bytes(tmp_path: Path):
    plain = pages_of(project_with(tmp_path / "plain", ""))
    compact = pages_of(project_with(tmp_path / "compact", "compact_exports_from = 6\n"))  # the fixture has 6 papers
    for name in (*EXPORTS, PAPER_FILTER_DATA):
        assert name not in compact
        assert gzip.decompress(compact[f"{name}.gz"]) == plain[name].encode("utf-8")
    assert 'data-filter-data="filter.json.gz"' in compact["papers/index.md"]
    assert 'data-filter-data="filter.json"' in plain["papers/index.md"]
    assert any(path.startswith("themes/") and path.endswith(".bib") for path in plain)
    assert not any(path.endswith(".bib") for path in compact)
    # The pages link what is there.
    assert 'href="papers.bib.gz">papers.bib.gz</a>' in compact["index.md"]
    assert "catalog.json.gz" in compact["about.md"] and "published gzipped" in compact["about.md"]
    theme_page = compact["themes/federated-learning.md"]
    assert "../../papers.bib.gz" in theme_page and ".bib\"" not in theme_page
    assert pages_of(project_with(tmp_path / "again", "compact_exports_from = 6\n")) == compact  # same bytes


def test_below_the_size_the_exports_stay_plain(tmp_path: Path):
    pages = pages_of(project_with(tmp_path, "compact_exports_from = 7\n"))
    assert all(name in pages for name in EXPORTS) and not any(path.endswith(".gz") for path in pages)
