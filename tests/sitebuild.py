"""Build a real site from a folder of listings, the way a user's project would, for the tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
PROJECT_FILES = ("mkdocs.yml", "themes.yml", "pyproject.toml")
PROJECT_FOLDERS = ("site_templates",)


def make_project(seeds: Path, target: Path) -> Path:
    """Lay out a project in ``target``: this repo's configuration and templates, the given seeds.

    The generator and its MkDocs plugin are the installed package's, as in a user's project.
    """
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, target / name)
    for name in PROJECT_FOLDERS:
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(seeds, target / "seeds")
    (target / "docs").mkdir()
    return target


def build_site(project: Path, site_url: str, strict: bool = True) -> subprocess.CompletedProcess:
    """Run ``mkdocs build`` (``--strict`` unless told otherwise); the plugin builds the catalog."""
    env = dict(os.environ, SITE_URL=site_url, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")]
    return subprocess.run(command + (["--strict"] if strict else []),
                          cwd=project, env=env, capture_output=True, text=True, check=False)
