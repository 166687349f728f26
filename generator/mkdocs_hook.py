"""MkDocs hook: run the generator before MkDocs reads docs/, in ``build`` and ``serve``.

Catalog errors (records or files dropped) are logged as MkDocs warnings, so ``mkdocs build
--strict`` fails on them; catalog warnings (kept but guessed or changed) are logged as info
lines. ``catalog check --strict`` is the command that fails on those.
"""

from __future__ import annotations

import logging
from pathlib import Path

from material.plugins.tags.structure.tag import Tag
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from generator import build
from generator.models import Severity
from generator.report import format_problem, format_report, label_for
from generator.settings import load_settings
from generator.write import UnsafePathError

log = logging.getLogger("mkdocs.hooks.catalog")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Generate docs/ from the seeds, then feed the theme names to the tags plugin."""
    root = Path(config.config_file_path).parent
    settings, settings_problems = load_settings(root, docs_dir=config.docs_dir, site_url=config.site_url or "")
    try:
        report = build.run(settings, settings_problems)
    except (UnsafePathError, OSError) as error:
        raise Abort(f"catalog: {error}") from error
    seeds_label = Path(settings.seeds_dir).name
    labels = {settings.themes_file.name: label_for(settings.themes_file, root)}
    for problem in report.catalog.problems:
        line = format_problem(problem, seeds_label, labels)
        (log.warning if problem.severity is Severity.ERROR else log.info)(line)
    log.info(format_report(report.catalog, seeds_label, strict=False)[-1])
    if settings.strict and report.failed(strict=True):
        raise Abort("catalog: failed in strict mode (strict = true in [tool.paper-catalog])")
    tags_plugin = config.plugins.get("material/tags")
    if tags_plugin is not None:
        tags_plugin.config.tags_allowed.update(Tag(theme.name) for theme in report.catalog.themes)
    config.extra["theme_pages"] = {theme.name: f"themes/{theme.id}/" for theme in report.catalog.themes}
    return config
