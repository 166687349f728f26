"""Format the build report: problems by place, grouped when identical, then the totals."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .catalog_index import group_by_listing
from .models import Catalog, Problem, Severity
from .parse import LISTINGS_FILE

GROUP_AFTER = 3
QUOTED_RE = re.compile(r"'[^']*'")


@dataclass(frozen=True, slots=True)
class ListingTotals:
    """Records read from one listing, and where each of them went."""

    file: str
    shape: str
    read: int
    kept: int
    dropped: int


def listing_totals(catalog: Catalog) -> tuple[ListingTotals, ...]:
    """Count, per listing, records read, kept in the catalog and dropped."""
    entries = group_by_listing(catalog.papers)
    totals = []
    for listing in catalog.listings:
        kept = len(entries.get(listing.file, ()))
        totals.append(ListingTotals(listing.file, listing.shape, len(listing.records), kept,
                                    len(listing.records) - kept))
    return tuple(totals)


def problem_place(problem: Problem, seeds_label: str, labels: dict[str, str] | None = None) -> str:
    """Name a problem's place: ``seeds/x.txt:118``, or the file alone for whole-file problems.

    Listings are named by file name in problems; ``labels`` maps other file names (the taxonomy)
    to the path a person would open.
    """
    in_seeds = problem.listing.endswith(".txt") or problem.listing == LISTINGS_FILE
    path = f"{seeds_label}/{problem.listing}" if in_seeds else (labels or {}).get(problem.listing, problem.listing)
    return f"{path}:{problem.line}" if problem.line else path


def format_problem(problem: Problem, seeds_label: str, labels: dict[str, str] | None = None) -> str:
    """Return one problem as ``place: severity: message``."""
    return f"{problem_place(problem, seeds_label, labels)}: {problem.severity.value}: {problem.message}"


def format_report(catalog: Catalog, seeds_label: str, strict: bool,
                  labels: dict[str, str] | None = None) -> list[str]:
    """Return the report lines: problems (identical ones grouped), then totals per listing and overall."""
    lines: list[str] = []
    reported = [(problem, group_key(problem)) for problem in catalog.problems if problem.severity is not Severity.INFO]
    sizes = Counter(key for _, key in reported)
    seen: Counter[tuple[Severity, str]] = Counter()
    for problem, key in reported:
        seen[key] += 1
        if seen[key] <= GROUP_AFTER:
            lines.append(format_problem(problem, seeds_label, labels))
        elif seen[key] == GROUP_AFTER + 1:
            lines.append(f"  … and {sizes[key] - GROUP_AFTER} more {problem.severity.value}s like this "
                         f"(all are listed in catalog.json)")
    totals = listing_totals(catalog)
    for total in totals:
        lines.append(f"{seeds_label}/{total.file} ({total.shape}): {total.read} read = "
                     f"{total.kept} kept + {total.dropped} dropped")
    errors = sum(1 for problem in catalog.problems if problem.severity is Severity.ERROR)
    warnings = sum(1 for problem in catalog.problems if problem.severity is Severity.WARNING)
    read = sum(total.read for total in totals)
    kept = sum(total.kept for total in totals)
    lines.append(f"Total: {read} records read = {kept} kept + {read - kept} dropped; "
                 f"{len(catalog.papers)} papers in {len(catalog.listings)} listings; "
                 f"{errors} errors, {warnings} warnings")
    if strict and warnings and not errors:
        lines.append(f"Aborted with {warnings} warnings in strict mode")
    return lines


def group_key(problem: Problem) -> tuple[Severity, str]:
    """Return what identical problems share: the severity and the message with quoted parts blanked."""
    return problem.severity, QUOTED_RE.sub("'…'", problem.message)


def label_for(path: Path, root: Path) -> str:
    """Show a path relative to the project folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)
