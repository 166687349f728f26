"""The ``catalog`` command: generate, check, build, serve, themes."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import build
from .report import format_report, label_for
from .settings import Settings, load_settings
from .taxonomy import load_taxonomy
from .themes import format_unsorted, unsorted_papers
from .write import UnsafePathError


class CatalogError(Exception):
    """A failure the command reports in one line before exiting with status 1."""


def make_parser() -> argparse.ArgumentParser:
    """Describe the sub-commands and their options."""
    parser = argparse.ArgumentParser(prog="catalog", description="Build a browsable catalog of research papers from raw listings.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: the current one)")
    commands = parser.add_subparsers(dest="command", required=True)
    generate = commands.add_parser("generate", help="write the Markdown tree and catalog.json")
    check = commands.add_parser("check", help="parse and validate only; print the report")
    for sub in (generate, check):
        sub.add_argument("--seeds", type=Path, help="folder of listing files (default: seeds/)")
        sub.add_argument("--themes", type=Path, help="taxonomy file (default: themes.yml)")
        sub.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    generate.add_argument("--docs", type=Path, help="output folder (default: docs/)")
    site = commands.add_parser("build", help="generate docs/, then build the site with MkDocs (site/)")
    site.add_argument("--strict", action="store_true", help="fail on any MkDocs warning")
    serve = commands.add_parser("serve", help="generate docs/ and serve the site, rebuilding on every change")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: %(default)s)")
    themes = commands.add_parser("themes", help="show how papers were sorted into themes")
    themes.add_argument("--unsorted", action="store_true", help="list the papers no theme rule matched")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = make_parser().parse_args(argv)
    try:
        return run_command(args)
    except (CatalogError, UnsafePathError, OSError) as error:
        print(f"catalog: {error}", file=sys.stderr)
        return 1


def run_command(args: argparse.Namespace) -> int:
    """Dispatch a parsed command line."""
    root = args.root.resolve()
    if args.command in ("build", "serve"):
        return run_mkdocs(args, root)
    settings, settings_problems = load_settings(
        root, seeds_dir=getattr(args, "seeds", None), docs_dir=getattr(args, "docs", None),
        themes_file=getattr(args, "themes", None),
        strict=getattr(args, "strict", None) or None)
    if not settings.seeds_dir.is_dir():
        raise CatalogError(f"no seeds folder at {settings.seeds_dir}")
    if args.command == "themes":
        return show_themes(settings, args.unsorted)
    report = build.run(settings, settings_problems, write=args.command == "generate")
    seeds_label = label_for(settings.seeds_dir, root)
    labels = {settings.themes_file.name: label_for(settings.themes_file, root)}
    for line in format_report(report.catalog, seeds_label, settings.strict, labels):
        print(line)
    if report.written is not None:
        written = report.written
        print(f"Wrote {len(written.written)} files to {label_for(settings.docs_dir, root)}/ "
              f"({len(written.unchanged)} unchanged, {len(written.removed)} stale removed)")
    return 1 if report.failed(settings.strict) else 0


def run_mkdocs(args: argparse.Namespace, root: Path) -> int:
    """Run MkDocs on the project's mkdocs.yml; its hook runs the generator first."""
    config = root / "mkdocs.yml"
    if not config.is_file():
        raise CatalogError(f"no mkdocs.yml in {root}")
    command = [sys.executable, "-m", "mkdocs", args.command, "--config-file", str(config)]
    if args.command == "build" and args.strict:
        command.append("--strict")
    if args.command == "serve":
        # Some click releases turn MkDocs' live reload off by default; ask for it explicitly.
        command += ["--livereload", "--dev-addr", args.dev_addr]
    # Become MkDocs rather than wait for it, so that a signal that stops `catalog serve` stops
    # the server too instead of leaving it running on its own.
    os.chdir(root)
    os.execv(sys.executable, command)


def show_themes(settings: Settings, unsorted_only: bool) -> int:
    """Print theme sizes, or the unsorted papers with their most distinctive terms."""
    catalog = build.build_catalog(settings)
    taxonomy, _ = load_taxonomy(settings.themes_file)
    if unsorted_only:
        lines = format_unsorted(catalog.papers, taxonomy)
    else:
        counts = {theme.id: 0 for theme in catalog.themes}
        for paper in catalog.papers:
            for theme_id in paper.themes:
                counts[theme_id] += 1
        lines = [f"{count:5d}  {theme_id}" for theme_id, count in counts.items()]
        lines.append(f"{len(unsorted_papers(catalog.papers)):5d}  (unsorted)")
    for line in lines:
        print(line)
    return 0



if __name__ == "__main__":
    sys.exit(main())
