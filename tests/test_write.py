"""Tests for writing the output folder: atomic, unchanged files kept, stale files removed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.models import Page
from generator.errors import OutputError
from generator.write import write_pages


def test_unchanged_files_are_not_rewritten_and_stale_ones_are_removed(tmp_path: Path):
    out = tmp_path / "docs"
    first = write_pages(out, (Page("a.md", "A"), Page("papers/b.md", "B")))
    assert first.written == ("a.md", "papers/b.md")
    os.utime(out / "a.md", (1, 1))
    second = write_pages(out, (Page("a.md", "A"), Page("c.md", "C")))
    assert (second.written, second.unchanged, second.removed) == (("c.md",), ("a.md",), ("papers/b.md",))
    assert (out / "a.md").stat().st_mtime == 1
    assert not (out / "papers").exists()


def test_files_a_person_put_there_are_left_alone(tmp_path: Path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "mine.md").write_text("mine")
    write_pages(out, (Page("a.md", "A"),))
    write_pages(out, ())
    assert (out / "mine.md").read_text() == "mine"
    assert not (out / "a.md").exists()


def test_a_path_outside_the_output_folder_is_refused(tmp_path: Path):
    with pytest.raises(OutputError):
        write_pages(tmp_path / "docs", (Page("../../etc/passwd", "x"),))
    assert not (tmp_path / "etc").exists()
