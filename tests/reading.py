"""Read a listing's text the way the readers do, for tests that look at one listing."""

from __future__ import annotations

from generator.models import Listing, Problem
from generator.readers import choose_reading, hf_page


def parse_listing(name: str, text: str) -> tuple[Listing, list[Problem]]:
    """Read text with the Hugging Face page reader; return it as a listing, with its problems."""
    reading = hf_page.read(name, text)
    return Listing(name, reading.variant, reading.records, name, reader=reading.reader), list(reading.problems)


def detect_listing(name: str, text: str) -> tuple[Listing, list[Problem]]:
    """Read text with the reader the detector chooses (no records when it refuses the file)."""
    choice = choose_reading(name, text)
    if choice.reading is None:
        return Listing(name, "unknown", (), name), list(choice.problems)
    reading = choice.reading
    return (Listing(name, reading.variant, reading.records, name, reader=reading.reader),
            list(choice.problems) + list(reading.problems))
