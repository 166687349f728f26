"""Progress of a long build: MkDocs says nothing between collecting the files and its last line.

At 10,000 papers MkDocs reads and renders pages for half a minute or more without a word. From
``PROGRESS_FROM`` pages on, the plugin counts the pages as MkDocs reads them (``on_page_content``)
and writes them (``on_post_page``), and logs a line with a bar at every tenth of the way, the
time so far and an estimate of what is left:

    catalog: pages [######----]  60% (12,100 of 20,166 steps, 19 s, about 13 s left)

Each page counts twice (read, then written). Log lines, not a redrawn bar: they show the same in
a terminal, in CI logs and between MkDocs' own lines.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

PROGRESS_FROM = 1000  # pages rendered in one build; fewer go by without progress lines
STEPS = 10
BAR = 10


@dataclass
class Progress:
    """The pages one build reads and writes, and the tenths of the way already said."""

    total: int = 0  # steps: two per page rendered (read, written)
    done: int = 0
    said: int = 0
    started: float = 0.0

    def start(self, pages: int) -> None:
        """Begin counting a build that renders ``pages`` pages (silent below PROGRESS_FROM)."""
        self.total = 2 * pages if pages >= PROGRESS_FROM else 0
        self.done, self.said, self.started = 0, 0, time.monotonic()

    def step(self) -> str | None:
        """Count one page read or written; return a line to log when another tenth is done."""
        if not self.total:
            return None
        self.done += 1
        tenth = self.done * STEPS // self.total
        if tenth <= self.said:
            return None
        self.said = tenth
        return self.line()

    def line(self) -> str:
        """Say how far the build is, with a bar, the time so far and the time left."""
        share = self.done / self.total
        elapsed = time.monotonic() - self.started
        filled = round(share * BAR)
        left = f", about {elapsed * (1 - share) / share:.0f} s left" if 0 < share < 1 else ""
        return (f"catalog: pages [{'#' * filled}{'-' * (BAR - filled)}] {share:4.0%} "
                f"({self.done:,} of {self.total:,} steps, {elapsed:.0f} s{left})")
