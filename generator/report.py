"""Format the build report: problems by place, grouped when identical, then the totals."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .catalog_index import CatalogIndex
from .models import Problem, Severity
from .lookup_file import LOOKUP_FILE
from .readers import CLAIMED, NOT_LISTINGS

GROUP_AFTER = 3
QUOTED_RE = re.compile(r"'[^']*'")


@dataclass(frozen=True, slots=True)
class ListingTotals:
    """Records read from one listing, and where each of them went."""

    file: str
    shape: str
    reader: str
    coverage: float
    read: int
    kept: int
    dropped: int


def listing_totals(index: CatalogIndex) -> tuple[ListingTotals, ...]:
    """Count, per listing, records read, kept in the catalog and dropped."""
    totals = []
    for listing in index.catalog.listings:
        kept = len(index.entries_by_listing.get(listing.file, ()))
        totals.append(ListingTotals(listing.file, listing.shape, listing.reader, listing.coverage,
                                    len(listing.records), kept,
                                    len(listing.records) - kept))
    return tuple(totals)


def problem_place(problem: Problem, seeds_label: str, labels: dict[str, str] | None = None) -> str:
    """Name a problem's place: ``seeds/x.txt:118``, or the file alone for whole-file problems.

    Listings are named by file name in problems; ``labels`` maps other file names (the taxonomy)
    to the path a person would open.
    """
    in_seeds = problem.listing.lower().endswith(CLAIMED) or problem.listing in NOT_LISTINGS
    path = f"{seeds_label}/{problem.listing}" if in_seeds else (labels or {}).get(problem.listing, problem.listing)
    return f"{path}:{problem.line}" if problem.line else path


def format_problem(problem: Problem, seeds_label: str, labels: dict[str, str] | None = None) -> str:
    """Return one problem as ``place: severity: message``."""
    return f"{problem_place(problem, seeds_label, labels)}: {problem.severity.value}: {problem.message}"


def grouped_problems(problems: tuple[Problem, ...], seeds_label: str,
                     labels: dict[str, str] | None = None) -> list[tuple[Severity, str]]:
    """Return (severity, line) for the problems worth a line each, in order.

    Identical problems (the same message but for its quoted parts) get a line each up to
    ``GROUP_AFTER``; the rest of them one ``… and N more`` line. INFO problems get none.
    """
    reported = [(problem, group_key(problem)) for problem in problems if problem.severity is not Severity.INFO]
    sizes = Counter(key for _, key in reported)
    seen: Counter[tuple[Severity, str]] = Counter()
    lines: list[tuple[Severity, str]] = []
    for problem, key in reported:
        seen[key] += 1
        if seen[key] <= GROUP_AFTER:
            lines.append((problem.severity, format_problem(problem, seeds_label, labels)))
        if seen[key] == GROUP_AFTER and sizes[key] > GROUP_AFTER:
            lines.append((problem.severity, f"  … and {sizes[key] - GROUP_AFTER} more {problem.severity.value}s "
                                            "like this (all are listed in catalog.json)"))
    return lines


def format_report(index: CatalogIndex, seeds_label: str, strict: bool,
                  labels: dict[str, str] | None = None) -> list[str]:
    """Return the report lines: problems (identical ones grouped), then totals per listing and overall."""
    lines = [line for _, line in grouped_problems(index.catalog.problems, seeds_label, labels)]
    for total in listing_totals(index):
        how = (f"{total.reader} reader, {total.shape}, {round(total.coverage * 1000) // 10}% of lines understood" if total.reader
               else "not read")
        lines.append(f"{seeds_label}/{total.file} ({how}): {total.read} read = "
                     f"{total.kept} kept + {total.dropped} dropped")
    lines += lookup_lines(index, seeds_label)
    lines.append(summary_line(index))
    problems = index.catalog.problems
    errors = sum(1 for problem in problems if problem.severity is Severity.ERROR)
    warnings = sum(1 for problem in problems if problem.severity is Severity.WARNING)
    if strict and warnings and not errors:
        lines.append(f"Aborted with {warnings} warnings in strict mode")
    return lines


def lookup_lines(index: CatalogIndex, seeds_label: str) -> list[str]:
    """Say how many papers took facts from the lookup file, and list its near misses to confirm."""
    papers = index.catalog.papers
    looked_up = sum(1 for paper in papers if any(origin.startswith("lookup:") for _, origin in paper.origins))
    notes = [problem for problem in index.catalog.problems
             if problem.listing == LOOKUP_FILE and problem.severity is Severity.INFO]
    if not looked_up and not notes:
        return []
    undated = sum(1 for paper in papers if not paper.published)
    lines = [f"{seeds_label}/{LOOKUP_FILE}: facts for {looked_up} of {len(papers)} papers; "
             f"{undated} still without a date"]
    lines += [f"  {problem_place(problem, seeds_label)}: {problem.message}" for problem in notes]
    return lines


def summary_line(index: CatalogIndex) -> str:
    """Return the report's last line: records read, kept and dropped, papers, errors and warnings."""
    catalog = index.catalog
    totals = listing_totals(index)
    read, kept = sum(total.read for total in totals), sum(total.kept for total in totals)
    errors = sum(1 for problem in catalog.problems if problem.severity is Severity.ERROR)
    warnings = sum(1 for problem in catalog.problems if problem.severity is Severity.WARNING)
    return (f"Total: {read} records read = {kept} kept + {read - kept} dropped; "
            f"{len(catalog.papers)} papers in {len(catalog.listings)} listings; {errors} errors, {warnings} warnings")


def group_key(problem: Problem) -> tuple[Severity, str]:
    """Return what identical problems share: the severity and the message with quoted parts blanked."""
    return problem.severity, QUOTED_RE.sub("'…'", problem.message)


def label_for(path: Path, root: Path) -> str:
    """Show a path relative to the project folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)
