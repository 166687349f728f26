"""Tests for the catalog command: exit codes, report lines and outputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sitebuild import DATA, ROOT
from generator.cli import main

ABSTRACT = "We study a thing in depth. It works well on three benchmarks and we explain why."


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(DATA / "fixture_seeds", tmp_path / "seeds")
    shutil.copy2(DATA / "fixture_themes.yml", tmp_path / "themes.yml")
    shutil.copytree(ROOT / "site_templates", tmp_path / "site_templates")
    return tmp_path


def test_check_prints_totals_and_exits_zero(project: Path, capsys):
    assert main(["--root", str(project), "check"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "seeds/01_flat.txt (hf-page reader, flat, 100% of lines understood): 3 read = 3 kept + 0 dropped" in out
    assert out[-1].startswith("Total: 8 records read = 8 kept + 0 dropped; 6 papers in 3 listings; 0 errors")
    assert not (project / "docs").exists()


def test_warnings_fail_only_in_strict_mode(project: Path, capsys):
    (project / "seeds" / "04_cut.txt").write_text(f"Title One\n{ABSTRACT}\nTitle Two\n", encoding="utf-8")
    assert main(["--root", str(project), "check"]) == 0
    assert main(["--root", str(project), "check", "--strict"]) == 1
    out = capsys.readouterr().out
    assert "seeds/04_cut.txt:3: warning: title has no abstract after it" in out
    assert "Aborted with" in out and "warnings in strict mode" in out


def test_an_unreadable_listing_is_an_error_but_the_rest_still_builds(project: Path, capsys):
    (project / "seeds" / "05_binary.txt").write_bytes(b"\x00\x01\x02")
    assert main(["--root", str(project), "generate"]) == 1
    out = capsys.readouterr().out
    assert "seeds/05_binary.txt: error: is binary (it holds NUL bytes), not a text listing" in out
    catalog = json.loads((project / "build" / "docs" / "catalog.json").read_text(encoding="utf-8"))
    assert len(catalog["papers"]) == 6


def test_generate_writes_catalog_json_to_the_chosen_folder(project: Path, capsys):
    assert main(["--root", str(project), "generate", "--out", "out"]) == 0
    catalog = json.loads((project / "out" / "catalog.json").read_text(encoding="utf-8"))
    assert [listing["records"] for listing in catalog["listings"]] == [3, 2, 3]
    assert "Wrote" in capsys.readouterr().out


def test_missing_seeds_folder_is_one_line_and_exit_one(tmp_path: Path, capsys):
    assert main(["--root", str(tmp_path), "check"]) == 1
    assert capsys.readouterr().err == f"catalog: {tmp_path / 'seeds'}: there is no seeds folder here\n"


def test_python_dash_m_runs_the_same_command(project: Path):
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "Total: 8 records read" in result.stdout
