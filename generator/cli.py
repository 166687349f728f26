"""The ``catalog`` command: check, generate, build, serve, themes, lookup."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

from . import build
from .catalog_index import index_catalog
from .errors import CatalogError
from .hf_papers import Pace
from .lookup import LookupInterrupted, LookupReport, LookupStopped, run_lookup
from .plugin.site_config import MKDOCS_FILE, read_site_config
from .report import format_problem, format_report, label_for
from .settings import NO_CACHE_VARIABLE, Settings, load_settings
from .taxonomy import load_taxonomy
from .theme_report import format_theme_counts, format_unsorted

ENGINES = ("mkdocs", "properdocs")
DEFAULT_OUT = Path("build") / "docs"
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INTERRUPTED_STATUS = 130  # 128 + SIGINT, as a shell reports a command stopped by Ctrl-C


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
    add_lookup_parser(commands)
    return parser


def add_lookup_parser(commands: argparse._SubParsersAction) -> None:
    """Describe ``catalog lookup`` and its options."""
    lookup = commands.add_parser(
        "lookup", help="ask Hugging Face Papers about papers not asked yet; write seeds/lookup.yml",
        description="Fetch arXiv ids, authors, dates, code, project pages and upvotes from Hugging Face Papers "
                    "(HF_ENDPOINT sets its address) into seeds/lookup.yml, which the build reads offline. "
                    "Stopped, it keeps what it fetched; run it again to go on.")
    defaults = Pace()
    lookup.add_argument("--refresh", action="store_true", help="ask about every paper again, replacing its entry")
    lookup.add_argument("--rate", type=positive_number, default=defaults.rate,
                        help="requests per second at most (default: %(default)s)")
    lookup.add_argument("--limit", type=whole_number, help="ask about N papers at most")
    lookup.add_argument("--timeout", type=positive_number, default=defaults.timeout,
                        help="seconds to wait for an answer (default: %(default)s)")
    lookup.add_argument("--tries", type=whole_number, default=defaults.tries,
                        help="tries per request before giving up, waiting longer after each (default: %(default)s)")
    lookup.add_argument("--today", type=iso_day, help="the day to record as fetched (default: today, in UTC)")


def positive_number(text: str) -> float:
    """Read a command-line number above 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not above 0")
    return value


def whole_number(text: str) -> int:
    """Read a command-line whole number of 1 or more."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return int(text)


def iso_day(text: str) -> str:
    """Read a calendar day written YYYY-MM-DD."""
    try:
        if DAY_RE.match(text):
            return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass  # the right shape, but not a calendar day
    raise argparse.ArgumentTypeError(f"'{text}' is not a day written YYYY-MM-DD")


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
    if args.command == "lookup":
        return look_up(settings, args)
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


def look_up(settings: Settings, args: argparse.Namespace) -> int:
    """Run ``catalog lookup``: print the summary, then why it stopped if it did."""
    pace = Pace(rate=args.rate, tries=args.tries, timeout=args.timeout)
    try:
        report = run_lookup(settings, refresh=args.refresh, limit=args.limit, pace=pace, today=args.today,
                            progress=sys.stderr.isatty())
    except LookupStopped as stopped:
        print_lookup_report(stopped.report, settings)
        print(f"catalog: {stopped}", file=sys.stderr)
        return 1
    except LookupInterrupted as interrupted:
        print_lookup_report(interrupted.report, settings)
        print(f"catalog: {interrupted}", file=sys.stderr)
        return INTERRUPTED_STATUS
    print_lookup_report(report, settings)
    return 0


def print_lookup_report(report: LookupReport, settings: Settings) -> None:
    """Print the problems a lookup met, then its one-line summary."""
    seeds_label = label_for(settings.seeds_dir, settings.root)
    for problem in report.problems:
        print(format_problem(problem, seeds_label), file=sys.stderr)
    print(report.summary())


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
