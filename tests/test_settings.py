"""Tests for the settings: where they are read, the rule of each value, and messages by place."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import SettingsError
from generator.models import Problem, Severity
from generator.plugin.site_config import read_site_config
from generator.settings import OPTIONS, load_settings

TABLE = "[project]\nname = 'x'\n\n[tool.paper-catalog]\n"


def write(path: Path, text: str) -> Path:
    if path.name == "mkdocs.yml":
        (path.parent / "docs").mkdir(exist_ok=True)  # MkDocs wants its docs folder
    path.write_text(text, encoding="utf-8")
    return path


def test_no_files_give_the_defaults_relative_to_the_project(tmp_path: Path):
    settings, problems = load_settings(tmp_path)
    assert (settings.seeds_dir, settings.themes_file) == (tmp_path / "seeds", tmp_path / "themes.yml")
    assert (settings.related_count, settings.search, settings.cache, settings.strict) == (5, "auto", True, False)
    assert settings.templates_dir.joinpath("paper.md.j2").is_file()  # the templates shipped with the package
    assert problems == ()


def test_pyproject_values_are_read_and_paths_resolved(tmp_path: Path):
    write(tmp_path / "pyproject.toml", TABLE + 'seeds = "lists"\nrelated_count = 3\nrelated_min_score = 0.2\n'
                                              'search = "pagefind"\ncache = false\n')
    settings, problems = load_settings(tmp_path)
    assert settings.seeds_dir == tmp_path / "lists"
    assert (settings.related_count, settings.related_min_score, settings.search, settings.cache) == (3, 0.2, "pagefind", False)
    assert problems == ()


@pytest.mark.parametrize(("line", "message"), [
    ('related_count = "five"', "[tool.paper-catalog] related_count = 'five' is not a whole number of 0 or more"),
    ("related_count = -1", "[tool.paper-catalog] related_count = -1 is not a whole number of 0 or more"),
    ("related_count = true", "[tool.paper-catalog] related_count = True is not a whole number of 0 or more"),
    ("related_min_score = 2", "[tool.paper-catalog] related_min_score = 2 is not a number from 0 to 1"),
    ('strict = "yes"', "[tool.paper-catalog] strict = 'yes' is not true or false"),
    ('search = "lunr"', "[tool.paper-catalog] search = 'lunr' is not one of: auto, material, pagefind"),
    ("site_budget_mb = 0", "[tool.paper-catalog] site_budget_mb = 0 is not a number of megabytes above 0"),
    ("seeds = 3", "[tool.paper-catalog] seeds = 3 is not a path"),
])
def test_a_value_of_the_wrong_type_stops_with_its_file_and_line(tmp_path: Path, line: str, message: str):
    write(tmp_path / "pyproject.toml", TABLE + "# comment\n" + line + "\n")
    with pytest.raises(SettingsError) as raised:
        load_settings(tmp_path)
    assert str(raised.value) == f"pyproject.toml:6: {message}"


def test_an_unknown_key_is_a_warning_with_its_line_and_a_hint(tmp_path: Path):
    write(tmp_path / "pyproject.toml", TABLE + "relatd_count = 3\ncolour = 'red'\n")
    _, problems = load_settings(tmp_path)
    assert problems[0] == Problem("pyproject.toml", 5, Severity.WARNING,
                                  "[tool.paper-catalog] has unknown key 'relatd_count'; ignored "
                                  "(did you mean 'related_count'?)")
    assert problems[1].line == 6 and problems[1].message.startswith(
        "[tool.paper-catalog] has unknown key 'colour'; ignored (known: seeds, themes, templates,")


def test_a_broken_pyproject_stops_with_its_name(tmp_path: Path):
    write(tmp_path / "pyproject.toml", "[tool.paper-catalog\n")
    with pytest.raises(SettingsError, match=r"^pyproject.toml: is not valid TOML: "):
        load_settings(tmp_path)
    write(tmp_path / "pyproject.toml", "[tool]\npaper-catalog = 3\n")
    with pytest.raises(SettingsError, match=r"^pyproject.toml: tool.paper-catalog must be a table of settings$"):
        load_settings(tmp_path)


def test_plugin_options_in_mkdocs_yml_win_over_pyproject_and_name_their_line(tmp_path: Path):
    write(tmp_path / "pyproject.toml", TABLE + "related_count = 3\n")
    write(tmp_path / "mkdocs.yml", "site_name: Reading group\nsite_url: https://example.org/rg/\ntheme: material\n"
                                   "plugins:\n  - search\n  - paper-catalog:\n      related_count: 2\n      seeds: lists\n")
    settings, _ = load_settings(tmp_path, read_site_config(tmp_path / "mkdocs.yml"))
    assert (settings.related_count, settings.seeds_dir) == (2, tmp_path / "lists")
    assert (settings.site_url, settings.site_name) == ("https://example.org/rg/", "Reading group")
    write(tmp_path / "mkdocs.yml", "site_name: x\nplugins:\n  - paper-catalog:\n      related_count: five\n")
    with pytest.raises(SettingsError) as raised:
        load_settings(tmp_path, read_site_config(tmp_path / "mkdocs.yml"))
    assert str(raised.value) == ("mkdocs.yml:4: plugins: paper-catalog: related_count = 'five' "
                                 "is not a whole number of 0 or more")


def test_mkdocs_yml_is_read_as_mkdocs_reads_it(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://example.org/from-env/")
    monkeypatch.setenv("COUNT", "3")
    write(tmp_path / "base.yml", "site_name: Base\nplugins:\n  - search\n  - paper-catalog:\n"
                                 "      related_count: !ENV [COUNT, 5]\n      related_min_score:\n")
    write(tmp_path / "mkdocs.yml", "INHERIT: base.yml\nsite_url: !ENV [SITE_URL, 'https://fallback/']\n")
    facts = read_site_config(tmp_path / "mkdocs.yml")
    assert (facts.site_url, facts.site_name) == ("https://example.org/from-env/", "Base")
    settings, _ = load_settings(tmp_path, facts)
    assert (settings.related_count, settings.related_min_score) == (3, 0.10)  # an empty option is not given


def test_what_mkdocs_warns_about_in_mkdocs_yml_is_a_problem_of_the_file(tmp_path: Path):
    write(tmp_path / "mkdocs.yml", "site_name: x\nplugins:\n  - paper-catalog:\n      relatd_count: 3\n")
    facts = read_site_config(tmp_path / "mkdocs.yml")
    assert [(problem.listing, problem.severity) for problem in facts.problems] == [("mkdocs.yml", Severity.WARNING)]
    assert "Unrecognised configuration name: relatd_count" in facts.problems[0].message
    _, problems = load_settings(tmp_path, facts)
    assert problems == facts.problems
    write(tmp_path / "mkdocs.yml", "site_name: x\ntheme: no-such-theme\n")
    with pytest.raises(SettingsError, match=r"^mkdocs.yml: MkDocs cannot read it: .*no-such-theme"):
        read_site_config(tmp_path / "mkdocs.yml")


def test_a_templates_folder_that_is_not_there_names_where_it_was_set(tmp_path: Path):
    write(tmp_path / "pyproject.toml", TABLE + 'templates = "nowhere"\n')
    with pytest.raises(SettingsError) as raised:
        load_settings(tmp_path)
    assert str(raised.value) == f"pyproject.toml:5: the templates folder {tmp_path / 'nowhere'} is not there"


def test_command_line_values_win_and_none_means_not_given(tmp_path: Path):
    write(tmp_path / "pyproject.toml", TABLE + "strict = true\n")
    settings, _ = load_settings(tmp_path, strict=None, related_count=7)
    assert (settings.strict, settings.related_count) == (True, 7)


def test_every_option_sets_a_settings_field():
    from dataclasses import fields

    from generator.settings import Settings
    names = {field.name for field in fields(Settings)}
    assert all(option.field in names for option in OPTIONS)
