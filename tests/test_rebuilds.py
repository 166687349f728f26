"""Tests for what serve's rebuild line names and which report lines it repeats."""

from __future__ import annotations

import os
from pathlib import Path

from generator.plugin.rebuilds import RebuildLog, changed_files, describe_changes, snapshot


def test_the_rebuild_names_the_files_that_changed(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("one", encoding="utf-8")
    (seeds / "b.txt").write_text("two", encoding="utf-8")
    (seeds / ".a.txt.swp").write_text("editor", encoding="utf-8")
    themes = tmp_path / "themes.yml"
    themes.write_text("themes: []\n", encoding="utf-8")
    rebuilds = RebuildLog()
    label = lambda path: str(path.relative_to(tmp_path))  # noqa: E731
    assert rebuilds.start(snapshot((seeds, themes)), label) is None  # the first build
    assert rebuilds.start(snapshot((seeds, themes)), label) == "nothing the catalog reads changed"
    (seeds / "a.txt").write_text("one, edited", encoding="utf-8")
    (seeds / ".a.txt.swp").write_text("editor again", encoding="utf-8")
    assert rebuilds.start(snapshot((seeds, themes)), label) == "seeds/a.txt changed"
    (seeds / "b.txt").unlink()
    os.utime(themes, ns=(1, 1))
    (seeds / "c.bib").write_text("@misc{x, title={X}}", encoding="utf-8")
    assert rebuilds.start(snapshot((seeds, themes)), label) == "seeds/b.txt, seeds/c.bib, themes.yml changed"


def test_more_than_three_files_are_counted():
    before = {f"/p/{name}": (1, 1) for name in "abcde"}
    after = {name: (2, 1) for name in before}
    assert describe_changes(changed_files(before, after), lambda path: path.name) == "a, b, c and 2 more changed"


def test_a_rebuild_prints_only_the_lines_it_did_not_print_last_time():
    rebuilds = RebuildLog()
    assert rebuilds.new_lines(["w1", "w2"], first=True) == (["w1", "w2"], 0)
    assert rebuilds.new_lines(["w1", "w2", "w3"], first=False) == (["w3"], 2)
    assert rebuilds.new_lines(["w1"], first=False) == ([], 1)
