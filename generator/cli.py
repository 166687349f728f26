"""The ``catalog`` command: generate, check, build, serve, themes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import build
from .report import format_report
from .settings import load_settings
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
        sub.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    generate.add_argument("--docs", type=Path, help="output folder (default: docs/)")
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
    settings, settings_problems = load_settings(
        root, seeds_dir=getattr(args, "seeds", None), docs_dir=getattr(args, "docs", None),
        strict=getattr(args, "strict", None) or None)
    if not settings.seeds_dir.is_dir():
        raise CatalogError(f"no seeds folder at {settings.seeds_dir}")
    report = build.run(settings, settings_problems, write=args.command == "generate")
    seeds_label = label_for(settings.seeds_dir, root)
    for line in format_report(report.catalog, seeds_label, settings.strict):
        print(line)
    if report.written is not None:
        written = report.written
        print(f"Wrote {len(written.written)} files to {label_for(settings.docs_dir, root)}/ "
              f"({len(written.unchanged)} unchanged, {len(written.removed)} stale removed)")
    return 1 if report.failed(settings.strict) else 0


def label_for(path: Path, root: Path) -> str:
    """Show a path relative to the project folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
