"""Load the build settings: one frozen dataclass, read in one place.

Settings come from ``[tool.paper-catalog]`` in the project's ``pyproject.toml`` (all optional)
and from command-line options, which win. Paths are relative to the project folder.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

import yaml

from .models import Problem, Severity

TOOL_SECTION = "paper-catalog"
MKDOCS_FILE = "mkdocs.yml"


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the build reads and writes, and the knobs of its stages."""

    root: Path
    seeds_dir: Path
    docs_dir: Path
    themes_file: Path
    templates_dir: Path
    strict: bool = False
    related_count: int = 5
    related_min_score: float = 0.10
    site_budget_mb: float = 500.0
    search_budget_mb: float = 5.0
    search: str = "material"
    site_url: str = ""


def default_settings(root: Path) -> Settings:
    """Return the settings for a project laid out as the README describes."""
    return Settings(
        root=root,
        seeds_dir=root / "seeds",
        docs_dir=root / "docs",
        themes_file=root / "themes.yml",
        templates_dir=root / "site_templates",
    )


def load_settings(root: Path, **overrides: object) -> tuple[Settings, tuple[Problem, ...]]:
    """Read ``[tool.paper-catalog]`` from pyproject.toml, then apply non-None overrides."""
    root = root.resolve()
    settings = default_settings(root)
    problems: list[Problem] = []
    values = read_tool_section(root / "pyproject.toml", problems)
    known = {field.name: field for field in fields(Settings)} 
    changes: dict[str, object] = {}
    for key, value in sorted(values.items()):
        name = key.replace("-", "_")
        name = {"seeds": "seeds_dir", "docs": "docs_dir", "themes": "themes_file", "templates": "templates_dir"}.get(name, name)
        if name not in known or name == "root":
            problems.append(Problem("pyproject.toml", 0, Severity.WARNING,
                                    f"[tool.{TOOL_SECTION}] has unknown key '{key}'; ignored"))
            continue
        changes[name] = root / str(value) if name.endswith(("_dir", "_file")) else value
    if "site_url" not in overrides or overrides["site_url"] is None:
        changes["site_url"] = read_site_url(root / MKDOCS_FILE)
    changes.update({key: value for key, value in overrides.items() if value is not None})
    for name in ("seeds_dir", "docs_dir", "themes_file", "templates_dir"):
        if name in changes:
            changes[name] = (root / Path(str(changes[name]))).resolve()
    if changes.get("search", settings.search) not in ("material", "pagefind"):
        problems.append(Problem("pyproject.toml", 0, Severity.WARNING,
                                f"search '{changes['search']}' is not 'material' or 'pagefind'; using material"))
        changes["search"] = "material"
    return replace(settings, **changes), tuple(problems)


class MkDocsLoader(yaml.SafeLoader):
    """A YAML loader that knows MkDocs' ``!ENV`` tag and ignores other Python tags."""


def construct_env(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """Read ``!ENV NAME`` or ``!ENV [NAME, …, default]`` as MkDocs does."""
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node)
    for name in names[:-1] if len(names) > 1 else names:
        if str(name) in os.environ:
            return os.environ[str(name)]
    return names[-1] if len(names) > 1 else None


MkDocsLoader.add_constructor("!ENV", construct_env)
MkDocsLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_site_url(path: Path) -> str:
    """Return ``site_url`` from mkdocs.yml, so that the CLI writes the same links as MkDocs' hook."""
    if not path.is_file():
        return ""
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=MkDocsLoader) or {}
    except (yaml.YAMLError, UnicodeDecodeError):
        return ""
    return str(config.get("site_url") or "") if isinstance(config, dict) else ""


def read_tool_section(path: Path, problems: list[Problem]) -> dict[str, object]:
    """Return the ``[tool.paper-catalog]`` table of a pyproject file, or an empty one."""
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        problems.append(Problem(path.name, 0, Severity.ERROR, f"cannot be read: {error}"))
        return {}
    section = data.get("tool", {}).get(TOOL_SECTION, {})
    return section if isinstance(section, dict) else {}
