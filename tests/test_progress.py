"""Tests for the progress lines of a long build."""

from __future__ import annotations

from generator.plugin.progress import PROGRESS_FROM, Progress


def test_a_long_build_says_each_tenth_once_with_a_bar():
    progress = Progress()
    progress.start(PROGRESS_FROM)
    lines = [line for line in (progress.step() for _ in range(2 * PROGRESS_FROM)) if line]
    assert len(lines) == 10
    assert lines[0].startswith("catalog: pages [#---------]  10% (200 of 2,000 steps,")
    assert "about" in lines[0] and "left" in lines[0]
    assert lines[-1].startswith("catalog: pages [##########] 100% (2,000 of 2,000 steps,")
    assert "left" not in lines[-1]


def test_a_short_build_says_nothing():
    progress = Progress()
    progress.start(PROGRESS_FROM - 1)
    assert not any(progress.step() for _ in range(2 * PROGRESS_FROM))
