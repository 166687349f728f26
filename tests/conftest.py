"""Shared fixtures: write small listings into a temporary seeds folder."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def seeds_dir(tmp_path: Path) -> Path:
    """Return an empty seeds folder inside the test's temporary folder."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    return folder


@pytest.fixture
def write_listing(seeds_dir: Path):
    """Return a function that writes a listing (text or bytes) into the seeds folder."""

    def write(name: str, content: str | bytes) -> Path:
        path = seeds_dir / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write
