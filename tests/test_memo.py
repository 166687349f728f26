"""Tests for the memo serve's rebuilds keep: values reused only for equal inputs, same output as without."""

from __future__ import annotations

import shutil
from pathlib import Path

from sitebuild import DATA, ROOT

from generator import build
from generator.memo import Memo, memo_table
from generator.render import paper_template_is_memoizable
from generator.settings import load_settings


def test_a_table_keeps_only_what_the_last_build_used_and_forgets_it_under_another_context():
    memo = Memo()
    first = memo.table("stage", context="rules v1")
    assert first.get("a", lambda: 1) == 1 and first.get("b", lambda: 2) == 2
    second = memo.table("stage", context="rules v1")
    assert "a" in second and second.get("a", lambda: 99) == 1 and second.reused == 1
    third = memo.table("stage", context="rules v1")
    assert "a" in third and "b" not in third  # b was not used by the second build
    fourth = memo.table("stage", context="rules v2")
    assert "a" not in fourth and fourth.get("a", lambda: 3) == 3


def test_without_a_memo_a_table_keeps_nothing():
    table = memo_table(None, "stage")
    table.get("a", lambda: 1)
    assert "a" not in memo_table(None, "stage")


def test_a_rebuild_with_the_memo_makes_the_pages_a_build_without_it_makes(tmp_path: Path):
    project = tmp_path / "project"
    shutil.copytree(DATA / "fixture_seeds", project / "seeds")
    shutil.copy2(ROOT / "themes.yml", project / "themes.yml")
    shutil.copytree(ROOT / "site_templates", project / "site_templates")
    settings, _ = load_settings(project, cache=False)
    memo = Memo()
    build.run(settings, memo=memo)
    listing = project / "seeds" / "01_flat.txt"
    listing.write_text(listing.read_text(encoding="utf-8").replace("Memory drops", "Memory falls"), encoding="utf-8")
    themes = project / "themes.yml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("FedAvg,", "FedAvg, auxiliary network,"),
                      encoding="utf-8")
    with_memo = build.run(settings, memo=memo)
    without = build.run(settings)
    assert with_memo.catalog == without.catalog
    assert with_memo.pages == without.pages
    assert memo.tables["listings"][1] and memo.tables["paper pages"][1]


def test_a_paper_template_that_reads_more_of_the_site_is_rendered_every_time(tmp_path: Path):
    shipped = ROOT / "site_templates" / "paper.md.j2"
    assert paper_template_is_memoizable(str(shipped))
    text = shipped.read_text(encoding="utf-8")
    for addition in ("{{ site.catalog.papers | length }}", "{% include 'other.md' %}", "{{ paper.position }}",
                     "{% for related in paper.related %}{{ related.score }}{% endfor %}", "{{ site }}"):
        custom = tmp_path / "paper.md.j2"
        custom.write_text(text + addition, encoding="utf-8")
        assert not paper_template_is_memoizable(str(custom)), addition
