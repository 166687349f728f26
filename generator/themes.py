"""Assign papers to the curated themes of ``themes.yml`` (placeholder until the themes issue)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .models import Paper, Problem, Theme


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The curated themes and the numbers that govern assignment."""

    themes: tuple[Theme, ...] = ()


def load_taxonomy(path: Path) -> tuple[Taxonomy, tuple[Problem, ...]]:
    """Read the taxonomy file (placeholder: no themes yet)."""
    return Taxonomy(), ()


def assign_themes(papers: tuple[Paper, ...], taxonomy: Taxonomy) -> tuple[tuple[Paper, ...], tuple[Problem, ...]]:
    """Give each paper its themes (placeholder: none yet)."""
    return papers, ()
