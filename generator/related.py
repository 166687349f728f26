"""Find each paper's most related papers (placeholder until the themes issue)."""

from __future__ import annotations

from .models import Paper


def find_related(papers: tuple[Paper, ...], count: int, min_score: float) -> tuple[Paper, ...]:
    """Set ``Paper.related`` (placeholder: none yet)."""
    return papers
