"""The package as pip installs it from a wheel: every subpackage of generator/ is listed."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_installed():
    """A subpackage missing from pyproject's list works in an editable install and breaks in a wheel."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(path.parent.relative_to(ROOT).parts) for path in (ROOT / "generator").rglob("__init__.py")}
    assert found - listed == set(), f"not in [tool.setuptools] packages: {sorted(found - listed)}"
