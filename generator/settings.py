"""Load the build settings: one frozen dataclass, read in one place.

Settings come from ``[tool.paper-catalog]`` in the project's ``pyproject.toml`` and from the
``paper-catalog`` plugin's options in ``mkdocs.yml`` (which win), then from command-line options
(which win over both). Every key is optional; ``OPTIONS`` lists them with the rule each value
must follow. A value of the wrong type stops the run with a ``SettingsError`` naming the file and
line; an unknown key in ``pyproject.toml`` is a warning (MkDocs itself warns about unknown plugin
options). Paths are relative to the project folder: the folder of ``mkdocs.yml``.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from difflib import get_close_matches
from pathlib import Path

import yaml

from .errors import SettingsError
from .models import Problem, Severity

TOOL_SECTION = "paper-catalog"
PLUGIN_NAME = "paper-catalog"
PYPROJECT_FILE = "pyproject.toml"
MKDOCS_FILE = "mkdocs.yml"
PACKAGE_DIR = Path(__file__).parent
SEARCH_ENGINES = ("material", "pagefind")
# Set by `catalog build --no-cache` and `catalog serve --no-cache` for the MkDocs process they become.
NO_CACHE_VARIABLE = "PAPER_CATALOG_NO_CACHE"
TOML_KEY_RE = re.compile(r"""^\s*["']?([A-Za-z0-9_-]+)["']?\s*=""")
TOML_TABLE_RE = re.compile(r"^\s*\[")


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the build reads, and the knobs of its stages."""

    root: Path
    seeds_dir: Path
    themes_file: Path
    templates_dir: Path
    strict: bool = False
    related_count: int = 5
    related_min_score: float = 0.10
    site_budget_mb: float = 500.0
    search_budget_mb: float = 5.0
    search: str = "material"
    cache: bool = True
    check_tags: bool = True
    site_url: str = ""
    site_name: str = "Paper Catalog"


def read_bool(value: object) -> bool:
    """Accept true or false."""
    if isinstance(value, bool):
        return value
    raise ValueError("is not true or false")


def read_count(value: object) -> int:
    """Accept a whole number of 0 or more."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise ValueError("is not a whole number of 0 or more")


def read_score(value: object) -> float:
    """Accept a number from 0 to 1."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
        return float(value)
    raise ValueError("is not a number from 0 to 1")


def read_size(value: object) -> float:
    """Accept a number of megabytes above 0."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return float(value)
    raise ValueError("is not a number of megabytes above 0")


def read_path(value: object) -> str:
    """Accept a non-empty path, relative to the project folder or absolute."""
    if isinstance(value, str) and value.strip():
        return value
    raise ValueError("is not a path")


def read_search(value: object) -> str:
    """Accept the name of a search engine the site can use."""
    if value in SEARCH_ENGINES:
        return str(value)
    raise ValueError(f"is not one of: {', '.join(SEARCH_ENGINES)}")


@dataclass(frozen=True, slots=True)
class Option:
    """One setting as a person writes it: its key, the Settings field it sets, and its rule."""

    key: str
    field: str
    read: Callable[[object], object]


OPTIONS = (
    Option("seeds", "seeds_dir", read_path),
    Option("themes", "themes_file", read_path),
    Option("templates", "templates_dir", read_path),
    Option("strict", "strict", read_bool),
    Option("related_count", "related_count", read_count),
    Option("related_min_score", "related_min_score", read_score),
    Option("site_budget_mb", "site_budget_mb", read_size),
    Option("search_budget_mb", "search_budget_mb", read_size),
    Option("search", "search", read_search),
    Option("cache", "cache", read_bool),
    Option("check_tags", "check_tags", read_bool),
)
OPTION_BY_KEY = {option.key: option for option in OPTIONS}
PATH_FIELDS = ("seeds_dir", "themes_file", "templates_dir")


@dataclass(frozen=True, slots=True)
class Source:
    """Setting values as one file gives them, with the line of each key (0 if unknown)."""

    file: str
    label: str
    values: dict[str, object]
    lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MkDocsFacts:
    """What the build takes from ``mkdocs.yml``: the site's address and name, the plugin's options."""

    site_url: str = ""
    site_name: str = ""
    options: Source | None = None


def default_settings(root: Path) -> Settings:
    """Return the settings for a project laid out as the README describes."""
    return Settings(root=root, seeds_dir=root / "seeds", themes_file=root / "themes.yml",
                    templates_dir=default_templates(root))


def default_templates(root: Path) -> Path:
    """Return the project's own ``site_templates/``, else the templates shipped with the package.

    Installed from a wheel, the templates are inside the package; in a source checkout (and an
    editable install) they are beside it.
    """
    for candidate in (root / "site_templates", PACKAGE_DIR / "site_templates", PACKAGE_DIR.parent / "site_templates"):
        if candidate.is_dir():
            return candidate
    return root / "site_templates"


def load_settings(root: Path, mkdocs: MkDocsFacts | None = None,
                  **overrides: object) -> tuple[Settings, tuple[Problem, ...]]:
    """Read ``[tool.paper-catalog]`` and the plugin's options, then apply non-None overrides.

    ``mkdocs`` is what the plugin hands over; without it, ``mkdocs.yml`` in ``root`` is read.
    Raises ``SettingsError`` for a value that breaks its option's rule.
    """
    root = root.resolve()
    problems: list[Problem] = []
    facts = mkdocs if mkdocs is not None else read_mkdocs_file(root / MKDOCS_FILE)
    changes: dict[str, object] = {}
    for source in (read_pyproject(root / PYPROJECT_FILE, problems), facts.options):
        if source is not None:
            changes.update(read_source(source, problems))
    if facts.site_url:
        changes["site_url"] = facts.site_url
    if facts.site_name:
        changes["site_name"] = facts.site_name
    changes.update({key: value for key, value in overrides.items() if value is not None})
    for name in PATH_FIELDS:
        if name in changes:
            changes[name] = (root / Path(str(changes[name]))).resolve()
    return replace(default_settings(root), **changes), tuple(problems)


def read_source(source: Source, problems: list[Problem]) -> dict[str, object]:
    """Check each value of a source against its option's rule; warn about unknown keys."""
    changes: dict[str, object] = {}
    for key, value in source.values.items():
        option = OPTION_BY_KEY.get(key.replace("-", "_"))
        line = source.lines.get(key, 0)
        if option is None:
            close = get_close_matches(key, OPTION_BY_KEY, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(OPTION_BY_KEY)})"
            problems.append(Problem(source.file, line, Severity.WARNING,
                                    f"{source.label} has unknown key '{key}'; ignored{hint}"))
            continue
        try:
            changes[option.field] = option.read(value)
        except ValueError as error:
            raise SettingsError(f"{source.label} {key} = {value!r} {error}", source.file, line) from None
    return changes


def read_pyproject(path: Path, problems: list[Problem]) -> Source | None:
    """Return the ``[tool.paper-catalog]`` table of a pyproject file, or None when there is none."""
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError as error:
        raise SettingsError(f"is not UTF-8 text: {error.reason}", path.name) from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"is not valid TOML: {error}", path.name) from None
    except OSError as error:
        raise SettingsError(f"cannot be read: {error.strerror}", path.name) from None
    tool = data.get("tool", {})
    section = tool.get(TOOL_SECTION) if isinstance(tool, dict) else None
    if section is None:
        return None
    if not isinstance(section, dict):
        raise SettingsError(f"tool.{TOOL_SECTION} must be a table of settings", path.name)
    return Source(path.name, f"[tool.{TOOL_SECTION}]", section, toml_key_lines(text, f"tool.{TOOL_SECTION}"))


def toml_key_lines(text: str, table: str) -> dict[str, int]:
    """Return the 1-based line of each plain key of a TOML table (tomllib keeps no lines)."""
    lines: dict[str, int] = {}
    inside = False
    header = re.compile(rf"^\s*\[\s*{re.escape(table)}\s*\]\s*(?:#.*)?$")
    for number, line in enumerate(text.splitlines(), start=1):
        if TOML_TABLE_RE.match(line):
            inside = bool(header.match(line))
            continue
        match = TOML_KEY_RE.match(line) if inside else None
        if match:
            lines.setdefault(match.group(1), number)
    return lines


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
MkDocsLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def read_mkdocs_file(path: Path) -> MkDocsFacts:
    """Read what the build needs from ``mkdocs.yml``, so the command line builds what MkDocs would.

    A file MkDocs itself would refuse is left to MkDocs to report; here it gives no facts.
    """
    if not path.is_file():
        return MkDocsFacts()
    try:
        text = path.read_text(encoding="utf-8")
        config = yaml.load(text, Loader=MkDocsLoader) or {}
        root = yaml.compose(text, Loader=MkDocsLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return MkDocsFacts()
    if not isinstance(config, dict):
        return MkDocsFacts()
    options = plugin_options(config.get("plugins"))
    source = None
    if options is not None:
        source = Source(path.name, f"plugins: {PLUGIN_NAME}:", options, plugin_option_lines(root))
    return MkDocsFacts(site_url=str(config.get("site_url") or ""), site_name=str(config.get("site_name") or ""),
                       options=source)


def plugin_options(plugins: object) -> dict[str, object] | None:
    """Return the options given to the paper-catalog plugin in a ``plugins`` list, or None if absent."""
    if isinstance(plugins, dict):  # MkDocs also accepts a mapping of plugin names to options
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        entries = [next(iter(entry.items())) if isinstance(entry, dict) and len(entry) == 1 else (entry, None)
                   for entry in plugins]
    else:
        entries = []
    for name, options in entries:
        if name == PLUGIN_NAME:
            return dict(options) if isinstance(options, dict) else {}
    return None


def plugin_option_lines(root: yaml.Node | None) -> dict[str, int]:
    """Return the 1-based line of each option of the paper-catalog plugin in a composed mkdocs.yml."""
    plugins = mapping_value(root, "plugins")
    entries = plugins.value if isinstance(plugins, (yaml.SequenceNode, yaml.MappingNode)) else []
    for entry in entries:
        pairs = [entry] if isinstance(plugins, yaml.MappingNode) else (
            entry.value if isinstance(entry, yaml.MappingNode) else [])
        for key, value in pairs:
            if key.value == PLUGIN_NAME and isinstance(value, yaml.MappingNode):
                return {option.value: option.start_mark.line + 1 for option, _ in value.value}
    return {}


def mapping_value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """Return the value node of a key in a mapping node, or None."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    return None
