"""Bad settings and inputs: one clear line naming the place, never a Python traceback.

Each case runs the real commands in a fresh process, as a user would: ``catalog check`` and
``mkdocs build`` (the plugin), on a project laid out like the README's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.catalog_index import index_catalog
from generator.models import Catalog, Problem, Severity
from generator.report import format_report
from sitebuild import DATA, make_project


def run(command: list[str], project: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL="https://example.org/catalog/")
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


def check(project: Path, *options: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "generator", "--root", str(project), "check", *options], project)


def mkdocs_build(project: Path, *options: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), *options], project)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(DATA / "fixture_seeds", tmp_path / "project")


def set_setting(project: Path, line: str) -> None:
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace("[tool.paper-catalog]\n", f"[tool.paper-catalog]\n{line}\n"), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


@pytest.mark.parametrize("reserved", ["index", "unsorted"])
def test_a_theme_id_taken_by_a_generated_page_is_an_error_with_its_line(project: Path, reserved: str):
    themes = project / "themes.yml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("  - id: federated-learning", f"  - id: {reserved}", 1),
                      encoding="utf-8")
    line = line_of(themes, f"id: {reserved}")
    message = (f"themes.yml:{line}: error: theme id '{reserved}' is taken by a generated page "
               f"(themes/{reserved}.md); choose another id; theme dropped")
    result = check(project)
    assert result.returncode == 1 and message in result.stdout.splitlines()
    built = mkdocs_build(project)
    assert built.returncode == 0 and f"WARNING -  {message}" in built.stderr
    assert mkdocs_build(project, "--strict").returncode == 1


def test_a_setting_of_the_wrong_type_stops_with_one_line(project: Path):
    set_setting(project, 'related_count = "five"')
    line = line_of(project / "pyproject.toml", "related_count")
    message = f"catalog: pyproject.toml:{line}: [tool.paper-catalog] related_count = 'five' is not a whole number of 0 or more"
    result = check(project)
    assert (result.returncode, result.stderr) == (1, message + "\n")
    built = mkdocs_build(project)
    assert built.returncode == 1 and built.stdout.strip() == message


def test_an_unknown_setting_is_a_warning_that_fails_only_strict_runs(project: Path):
    set_setting(project, "relatd_count = 3")
    line = line_of(project / "pyproject.toml", "relatd_count")
    message = (f"pyproject.toml:{line}: warning: [tool.paper-catalog] has unknown key 'relatd_count'; ignored "
               "(did you mean 'related_count'?)")
    assert check(project).returncode == 0
    strict = check(project, "--strict")
    assert strict.returncode == 1 and message in strict.stdout.splitlines()


def test_a_missing_or_broken_themes_file_is_an_error_naming_it(project: Path):
    themes = project / "themes.yml"
    themes.unlink()
    result = check(project)
    assert result.returncode == 1 and "themes.yml: error: not found; no paper gets a theme" in result.stdout.splitlines()
    themes.write_text("threshold: 4\nthemes:\n  - id: [unclosed\n", encoding="utf-8")
    result = check(project)
    assert result.returncode == 1
    assert any(line.startswith("themes.yml:4: error: is not valid YAML: ") for line in result.stdout.splitlines())
    themes.unlink()
    themes.mkdir()
    result = check(project)
    assert "themes.yml: error: cannot be read: Is a directory; no paper gets a theme" in result.stdout.splitlines()
    assert mkdocs_build(project).returncode == 0  # the site still builds, every paper unsorted


def test_a_broken_listings_file_is_an_error_with_its_line_and_the_listings_still_build(project: Path):
    (project / "seeds" / "listings.yml").write_text("01_flat.txt:\n  title: [unclosed\n", encoding="utf-8")
    result = check(project)
    assert result.returncode == 1
    assert any(line.startswith("seeds/listings.yml:3: error: is not valid YAML (")
               and line.endswith("; its titles and capture dates are not used") for line in result.stdout.splitlines())
    assert "Total: 8 records read = 8 kept + 0 dropped" in result.stdout
    (project / "seeds" / "listings.yml").write_text("- a list\n", encoding="utf-8")
    assert ("seeds/listings.yml:1: error: must map listing file names to their title and captured date; "
            "its titles and capture dates are not used") in check(project).stdout.splitlines()


def test_an_unreadable_seeds_folder_stops_with_one_line(project: Path):
    shutil.rmtree(project / "seeds")
    (project / "seeds").write_text("not a folder", encoding="utf-8")
    message = f"catalog: {project / 'seeds'}: is not a folder of listings"
    result = check(project)
    assert (result.returncode, result.stderr) == (1, message + "\n")
    built = mkdocs_build(project)
    assert built.returncode == 1 and built.stdout.strip() == message


def test_a_listing_that_cannot_be_read_is_an_error_and_the_others_still_build(project: Path):
    (project / "seeds" / "04_folder.txt").mkdir()
    (project / "seeds" / "05_dangling.txt").symlink_to(project / "nowhere.txt")
    result = check(project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "seeds/04_folder.txt: error: cannot be read: Is a directory" in lines
    assert "seeds/05_dangling.txt: error: cannot be read: No such file or directory" in lines
    assert lines[-1].startswith("Total: 8 records read = 8 kept + 0 dropped; 6 papers in 5 listings; 2 errors, ")


def test_identical_warnings_are_grouped_in_one_pass():
    problems = tuple(Problem("a.txt", line, Severity.WARNING, f"date 'Feb {line}' is not readable; left empty")
                     for line in range(1, 16_001))
    lines = format_report(index_catalog(Catalog(papers=(), listings=(), themes=(), problems=problems)), "seeds",
                          strict=False)
    assert lines[:3] == [f"seeds/a.txt:{line}: warning: date 'Feb {line}' is not readable; left empty" for line in (1, 2, 3)]
    assert lines[3] == "  … and 15997 more warnings like this (all are listed in catalog.json)"
    assert len(lines) == 5


def test_a_broken_template_stops_with_its_file_and_line(project: Path):
    template = project / "site_templates" / "paper.md.j2"
    lines = template.read_text(encoding="utf-8").splitlines()
    lines[20] = lines[20] + " {{ paper.no_such_field }}"
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = "catalog: site_templates/paper.md.j2:21: cannot be rendered: 'generator.models.Paper object' has no attribute 'no_such_field'"
    result = run([sys.executable, "-m", "generator", "--root", str(project), "generate"], project)
    assert (result.returncode, result.stderr) == (1, message + "\n")
    built = mkdocs_build(project)
    assert built.returncode == 1 and built.stdout.strip() == message
    template.write_text("{% if %}\n", encoding="utf-8")
    result = run([sys.executable, "-m", "generator", "--root", str(project), "generate"], project)
    assert result.returncode == 1
    assert result.stderr.startswith("catalog: site_templates/paper.md.j2:1: is not a valid template: ")


def test_identical_problems_are_grouped_under_mkdocs_too(project: Path):
    built = mkdocs_build(project)
    assert built.returncode == 0
    phrases = [line for line in built.stderr.splitlines() if "matches no paper" in line]
    assert len(phrases) == 3 and "more warnings like this (all are listed in catalog.json)" in built.stderr


def test_an_image_among_the_assets_is_published_as_it_is(project: Path):
    image = bytes(range(256)) * 4  # not UTF-8 text
    (project / "site_templates" / "assets" / "logo.png").write_bytes(image)
    assert mkdocs_build(project, "--strict").returncode == 0
    assert (project / "site" / "assets" / "logo.png").read_bytes() == image
