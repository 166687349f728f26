"""The ``catalog`` command: check, generate, build, serve, themes."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import build
from .catalog_index import index_catalog
from .errors import CatalogError
from .plugin.site_config import MKDOCS_FILE, read_site_config
from .report import format_report, label_for
from .settings import NO_CACHE_VARIABLE, Settings, load_settings
from .taxonomy import load_taxonomy
from .theme_report import format_theme_counts, format_unsorted

ENGINES = ("mkdocs", "properdocs")
DEFAULT_OUT = Path("build") / "docs"


def make_parser() -> argparse.ArgumentParser:
    """Describe the sub-commands and their options."""
    parser = argparse.ArgumentParser(prog="catalog", description="Build a browsable catalog of research papers from raw listings.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: the current one)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="read and check the listings; print the report")
    generate = commands.add_parser("generate", help="write the Markdown tree, catalog.json and the exports to a folder")
    for sub in (generate, check):
        sub.add_argument("--seeds", type=Path, help="folder of listing files (default: seeds/)")
        sub.add_argument("--themes", type=Path, help="taxonomy file (default: themes.yml)")
        sub.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    generate.add_argument("--out", type=Path, default=DEFAULT_OUT,
                          help="folder to write into (default: %(default)s); for other site engines, or to read the Markdown")
    site = commands.add_parser("build", help="build the site into site/ with MkDocs and the catalog's plugin")
    site.add_argument("--strict", action="store_true",
                      help="fail on any MkDocs warning (a catalog error is one; catalog warnings fail with strict = true)")
    serve = commands.add_parser("serve", help="serve the site, rebuilding on every change")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: %(default)s)")
    for sub in (site, serve):
        sub.add_argument("--engine", choices=ENGINES, default="mkdocs",
                         help="the site engine: MkDocs, or ProperDocs, its maintained fork (default: %(default)s)")
    for sub in (generate, site, serve):
        sub.add_argument("--no-cache", action="store_true", help="build everything again, even if nothing changed")
    themes = commands.add_parser("themes", help="show how papers were sorted into themes")
    themes.add_argument("--unsorted", action="store_true", help="list the papers no theme rule matched")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = make_parser().parse_args(argv)
    try:
        return run_command(args)
    except CatalogError as error:
        print(f"catalog: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"catalog: {where}{error.strerror or error}", file=sys.stderr)
        return 1


def run_command(args: argparse.Namespace) -> int:
    """Dispatch a parsed command line."""
    root = args.root.resolve()
    if args.command in ("build", "serve"):
        return run_engine(args, root)
    settings, settings_problems = load_settings(
        root, read_site_config(root / MKDOCS_FILE),
        seeds_dir=getattr(args, "seeds", None), themes_file=getattr(args, "themes", None),
        strict=getattr(args, "strict", None) or None, cache=False if getattr(args, "no_cache", False) else None)
    if args.command == "themes":
        return show_themes(settings, args.unsorted)
    if args.command == "check":
        report = build.BuildReport(build.build_catalog(settings, settings_problems))
    else:
        report = build.run(settings, settings_problems, out_dir=(root / args.out).resolve())
    seeds_label = label_for(settings.seeds_dir, root)
    labels = {settings.themes_file.name: label_for(settings.themes_file, root)}
    for line in format_report(index_catalog(report.catalog), seeds_label, settings.strict, labels):
        print(line)
    if report.reused:
        print("Nothing the build reads changed since the last one: its pages were reused (--no-cache builds them again)")
    if report.written is not None:
        written = report.written
        print(f"Wrote {len(written.written)} files to {label_for(root / args.out, root)}/ "
              f"({len(written.unchanged)} unchanged, {len(written.removed)} stale removed)")
    return 1 if report.failed(settings.strict) else 0


def run_engine(args: argparse.Namespace, root: Path) -> int:
    """Become MkDocs (or ProperDocs) on the project's mkdocs.yml; the catalog's plugin does the rest."""
    config = root / MKDOCS_FILE
    if not config.is_file():
        raise CatalogError(f"no {MKDOCS_FILE} in {root}")
    command = [sys.executable, "-m", args.engine, args.command, "--config-file", str(config)]
    if args.command == "build" and args.strict:
        command.append("--strict")
    if args.command == "serve":
        # Some click releases turn MkDocs' live reload off by default; ask for it explicitly.
        command += ["--livereload", "--dev-addr", args.dev_addr]
    if args.no_cache:
        os.environ[NO_CACHE_VARIABLE] = "1"
    # Become MkDocs rather than wait for it, so that a signal that stops `catalog serve` reaches
    # the server itself; the plugin makes SIGTERM as clean as Ctrl-C.
    os.chdir(root)
    os.execv(sys.executable, command)


def show_themes(settings: Settings, unsorted_only: bool) -> int:
    """Print theme sizes, or the unsorted papers with their most distinctive terms."""
    index = index_catalog(build.build_catalog(settings))
    if unsorted_only:
        taxonomy, _ = load_taxonomy(settings.themes_file)
        lines = format_unsorted(index, taxonomy)
    else:
        lines = format_theme_counts(index)
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
