"""What set off a rebuild under ``mkdocs serve``, and which of its report lines are new.

MkDocs' watcher says only that something changed. Before each build the plugin takes a snapshot
of what the catalog reads (the listings, the taxonomy, the templates, the settings files) as
each file's modification time and size; the difference from the last build's snapshot names the
files that set the rebuild off. A rebuild prints only the report lines it did not print last
time, and counts the others, so an edit's own warnings stand out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

SHOWN_CHANGES = 3  # files named in the rebuild line; the rest are counted


def snapshot(paths: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """Return each file under the given files and folders with its modification time and size
    (hidden files and folders left out: editors' swap files, the cache)."""
    found: dict[str, tuple[int, int]] = {}
    for path in paths:
        try:
            files = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        except OSError:
            continue
        for file in files:
            if file != path and any(part.startswith(".") for part in file.relative_to(path).parts):
                continue
            try:
                stat = file.stat()
            except OSError:
                continue
            if file.is_file():
                found[str(file)] = (stat.st_mtime_ns, stat.st_size)
    return found


def changed_files(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    """Return the files added, removed or changed between two snapshots, sorted."""
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def describe_changes(files: list[str], label) -> str:
    """Say which files changed: up to ``SHOWN_CHANGES`` by name, then how many more."""
    if not files:
        return "nothing the catalog reads changed"
    names = [label(Path(name)) for name in files[:SHOWN_CHANGES]]
    more = f" and {len(files) - SHOWN_CHANGES} more" if len(files) > SHOWN_CHANGES else ""
    return f"{', '.join(names)}{more} changed"


@dataclass
class RebuildLog:
    """What the last build saw and printed, kept on the plugin from one build to the next."""

    inputs: dict[str, tuple[int, int]] | None = None
    printed: set[str] = field(default_factory=set)
    cause: str = ""
    search: str = ""  # the search engine the last build said it used

    def start(self, current: dict[str, tuple[int, int]], label) -> str | None:
        """Take the new snapshot; return what set the rebuild off, or None on the first build."""
        previous, self.inputs = self.inputs, current
        self.cause = "" if previous is None else describe_changes(changed_files(previous, current), label)
        return None if previous is None else self.cause

    def new_lines(self, lines: list[str], first: bool) -> tuple[list[str], int]:
        """Return the report lines to print (all on a first build, else those not printed last
        time) and how many were left out as printed before."""
        shown = lines if first else [line for line in lines if line not in self.printed]
        self.printed = set(lines)
        return shown, len(lines) - len(shown)
