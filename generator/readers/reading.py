"""What a reader returns: the records it read, its problems, and how much of the file it understood."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Problem, RawRecord


@dataclass(frozen=True, slots=True)
class Reading:
    """One reader's reading of one file.

    ``understood`` counts the non-blank lines the reader accounted for (records, metadata, and
    what it recognised as page chrome or syntax), ``lines`` the file's non-blank lines. The
    detector keeps the reading that understood the most; ``variant`` names how the file was
    written, for the report; ``captured`` the day the file says it was saved (a capture tool's
    front matter), used when ``seeds/listings.yml`` gives none.
    """

    reader: str
    records: tuple[RawRecord, ...]
    problems: tuple[Problem, ...]
    understood: int
    lines: int
    variant: str = ""
    captured: str | None = None

    @property
    def coverage(self) -> float:
        """Return the share of the file's non-blank lines the reader understood (0 to 1)."""
        return min(1.0, self.understood / self.lines) if self.lines else 0.0
