"""Tests for BibTeX entries: escaping that parses back to the same text, and unique keys."""

from __future__ import annotations

import re

import bibtexparser

from generator.bibtex import (BIBTEX_SPECIALS, bibtex_entry, bibtex_key, escape_bibtex, render_bibliography,
                              unique_keys)
from generator.models import Paper, SourceRef

NASTY = r"Ünïcödé & 100% $x$ #1 a_b {c} ~d ^e \f — 量子"
UNESCAPE_RE = re.compile("|".join(re.escape(value) for value in BIBTEX_SPECIALS.values()))
UNESCAPE = {value: key for key, value in BIBTEX_SPECIALS.items()}


def make_paper(slug: str, title: str = "A title", published: str | None = "2024-02-03") -> Paper:
    """Return a paper with one source line."""
    return Paper(key=slug, title=title, abstract="x", sources=(SourceRef("a.txt", 1),),
                 published=published, id=slug)


def unescape_bibtex(text: str) -> str:
    """Undo ``escape_bibtex`` exactly (the test's inverse of the escape table)."""
    return UNESCAPE_RE.sub(lambda match: UNESCAPE[match.group(0)], text)


def parse_titles(text: str) -> dict[str, str]:
    """Parse BibTeX with bibtexparser and return key -> title as written before escaping."""
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    return {entry.key: unescape_bibtex(entry.fields_dict["title"].value[1:-1]) for entry in library.entries}


def test_escape_round_trips_every_special_character():
    assert unescape_bibtex(escape_bibtex(NASTY)) == NASTY


def test_escaped_braces_stay_balanced():
    escaped = escape_bibtex("a { b }} c {")
    depth = 0
    for char in escaped:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0


def test_entry_parses_back_with_its_title_and_year():
    entry = bibtex_entry(make_paper("nasty-paper", NASTY))
    assert parse_titles(entry) == {"nasty-paper": NASTY}
    library = bibtexparser.parse_string(entry)
    assert library.entries[0].entry_type == "misc"
    assert library.entries[0].fields_dict["year"].value == "2024"


def test_entry_keeps_the_page_format():
    assert bibtex_entry(make_paper("p", "Neural Operators for PDEs")) == (
        "@misc{p,\n  title = {{Neural Operators for PDEs}},\n  year = {2024},\n"
        "  note = {Found via https://huggingface.co/papers?q=Neural+Operators+for+PDEs}\n}\n")


def test_keys_are_safe_and_unique():
    assert bibtex_key(make_paper("a b,{c}")) == "a-b-c"
    papers = (make_paper("x"), make_paper("x"), make_paper("x-2"), make_paper(""))
    assert unique_keys(papers) == ["x", "x-2", "x-2-2", "paper"]


def test_bibliography_parses_back_to_every_paper():
    papers = tuple(make_paper(f"p{index}", f"{NASTY} {index}", None if index % 2 else "2023-01-01")
                   for index in range(5))
    assert parse_titles(render_bibliography(papers)) == {paper.id: paper.title for paper in papers}


def test_empty_bibliography_is_empty():
    assert render_bibliography(()) == ""
