"""Read a site's ``mkdocs.yml`` as MkDocs does, for what the catalog takes from it.

``catalog check`` and ``catalog generate`` must build what ``mkdocs build`` would, so they read
``mkdocs.yml`` with MkDocs' own loader (``INHERIT``, ``!ENV`` and ``!relative`` included) and
take the same facts the plugin takes from its configuration: the site's address and name, and
the plugin's options, each with its line in the file for messages.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import yaml
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from generator.errors import SettingsError
from generator.models import Problem, Severity
from generator.settings import OPTION_BY_KEY, PLUGIN_NAME, MkDocsFacts, Source

MKDOCS_FILE = "mkdocs.yml"


class CollectProblems(logging.Handler):
    """Keep what MkDocs logs while it loads a configuration, as problems of that file."""

    def __init__(self, file: str) -> None:
        super().__init__(logging.WARNING)
        self.file = file
        self.problems: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        severity = Severity.ERROR if record.levelno >= logging.ERROR else Severity.WARNING
        self.problems.append(Problem(self.file, 0, severity, record.getMessage()))


def read_site_config(config_file: Path) -> MkDocsFacts:
    """Load ``mkdocs.yml`` with MkDocs' loader and return its facts; no file gives none.

    What MkDocs warns about while loading (an unknown option, say) comes back as the file's
    problems; a file MkDocs refuses stops the run with MkDocs' first reason.
    """
    if not config_file.is_file():
        return MkDocsFacts()
    logger = logging.getLogger("mkdocs")
    collect = CollectProblems(config_file.name)
    logger.addHandler(collect)
    try:
        config = load_config(str(config_file))
    except (MkDocsException, OSError, yaml.YAMLError) as error:
        reasons = [problem.message for problem in collect.problems if problem.severity is Severity.ERROR]
        raise SettingsError(f"MkDocs cannot read it: {reasons[0] if reasons else error}", config_file.name) from None
    finally:
        logger.removeHandler(collect)
    plugin = config.plugins.get(PLUGIN_NAME)
    facts = site_facts(config, plugin.config if plugin is not None else None)
    return replace(facts, problems=tuple(collect.problems))


def site_facts(config: MkDocsConfig, options: Config | None) -> MkDocsFacts:
    """Return the site's address and name, and the catalog plugin's options if it is listed."""
    config_file = Path(config.config_file_path)
    source = None
    if options is not None:
        # MkDocs itself warns about an unknown option; an option left empty is not given.
        values = {key: value for key, value in options.items() if key in OPTION_BY_KEY and value is not None}
        source = Source(config_file.name, f"plugins: {PLUGIN_NAME}:", values, option_lines(config_file))
    return MkDocsFacts(site_url=config.site_url or "", site_name=config.site_name or "", options=source)


def option_lines(config_file: Path) -> dict[str, int]:
    """Return the 1-based line of each of the catalog plugin's options in a ``mkdocs.yml``."""
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
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
