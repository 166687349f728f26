"""Placeholder reader (bibtex)."""

from __future__ import annotations

from .reading import Reading

NAME = "bibtex"
EXTENSIONS = (".bib", ".bibtex")


def sniff(text: str) -> bool:
    """Rule every file out (not written yet)."""
    return False


def read(name: str, text: str) -> Reading:
    """Read nothing."""
    return Reading(NAME, (), (), 0, 1)
