"""Load the build settings: one frozen dataclass, read in one place.

Settings come from ``[tool.paper-catalog]`` in the project's ``pyproject.toml`` and from the
``paper-catalog`` plugin's options in ``mkdocs.yml`` (which win; ``plugin/site_config.py`` reads
them with MkDocs' own loader and hands them over as ``MkDocsFacts``), then from command-line
options (which win over both). Every key is optional; ``OPTIONS`` lists them with the rule each
value must follow. A value of the wrong type stops the run with a ``SettingsError`` naming the
file and line; an unknown key in ``pyproject.toml`` is a warning (MkDocs itself warns about
unknown plugin options). Paths are relative to the project folder: the folder of ``mkdocs.yml``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from difflib import get_close_matches
from pathlib import Path

from .errors import SettingsError
from .models import Problem, Severity

TOOL_SECTION = "paper-catalog"
PLUGIN_NAME = "paper-catalog"
PYPROJECT_FILE = "pyproject.toml"
PACKAGE_DIR = Path(__file__).parent
SEARCH_ENGINES = ("auto", "material", "pagefind")
# With search = "auto": Material's search below this many papers, Pagefind from it on. Material's
# index is about 1.5 KB a paper and every visitor downloads it whole (4.6 MB at 3,000 papers,
# the search budget's 5 MB soon after); Pagefind fetches a few fragments per query.
PAGEFIND_FROM = 3000
# From this many papers the exports are published gzipped and themes get no BibTeX file of their
# own: at 50,000 papers the plain exports are 400 MB and the themes' BibTeX files 150 MB, which
# with the pages would not fit GitHub Pages' 1 GB.
COMPACT_EXPORTS_FROM = 20000
# From this many catalog pages outside the nav, `mkdocs build` renders them in two processes
# (plugin/split.py): below it, forking and merging cost more than the second core gives.
SPLIT_FROM = 2000
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
    search: str = "auto"
    pagefind_from: int = PAGEFIND_FROM
    compact_exports_from: int = COMPACT_EXPORTS_FROM
    split_from: int = SPLIT_FROM
    minify_html: bool = True
    cache: bool = True
    check_tags: bool = True
    site_url: str = ""
    site_name: str = "Paper Catalog"

    def search_for(self, papers: int) -> str:
        """Return the search engine of a site of ``papers`` papers: the one set, or by size when "auto"."""
        if self.search != "auto":
            return self.search
        return "pagefind" if papers >= self.pagefind_from else "material"

    def compact_exports(self, papers: int) -> bool:
        """Tell whether a catalog of ``papers`` papers publishes its exports gzipped, without theme BibTeX files."""
        return papers >= self.compact_exports_from


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
    Option("pagefind_from", "pagefind_from", read_count),
    Option("compact_exports_from", "compact_exports_from", read_count),
    Option("split_from", "split_from", read_count),
    Option("minify_html", "minify_html", read_bool),
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
    """What the build takes from ``mkdocs.yml``: the site's address and name, the plugin's options,
    and what MkDocs warned about while reading the file (when MkDocs does not say it itself)."""

    site_url: str = ""
    site_name: str = ""
    options: Source | None = None
    problems: tuple[Problem, ...] = ()


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
    """Read ``[tool.paper-catalog]``, then the plugin's options, then apply non-None overrides.

    Raises ``SettingsError`` for a value that breaks its option's rule, or a templates folder
    that is not there.
    """
    root = root.resolve()
    facts = mkdocs or MkDocsFacts()
    problems: list[Problem] = list(facts.problems)
    changes: dict[str, object] = {}
    places: dict[str, tuple[str, int]] = {}
    for source in (read_pyproject(root / PYPROJECT_FILE, problems), facts.options):
        if source is not None:
            changes.update(read_source(source, problems, places))
    if facts.site_url:
        changes["site_url"] = facts.site_url
    if facts.site_name:
        changes["site_name"] = facts.site_name
    changes.update({key: value for key, value in overrides.items() if value is not None})
    for name in PATH_FIELDS:
        if name in changes:
            changes[name] = (root / Path(str(changes[name]))).resolve()
    settings = replace(default_settings(root), **changes)
    if not settings.templates_dir.is_dir():
        file, line = places.get("templates_dir", ("", 0))
        raise SettingsError(f"the templates folder {settings.templates_dir} is not there", file, line)
    return settings, tuple(problems)


def read_source(source: Source, problems: list[Problem], places: dict[str, tuple[str, int]]) -> dict[str, object]:
    """Check each value of a source against its option's rule; warn about unknown keys.

    ``places`` learns where each setting was given, for messages about it later.
    """
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
        places[option.field] = (source.file, line)
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
