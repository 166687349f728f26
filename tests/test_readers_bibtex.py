"""Tests for the BibTeX reader on small hand-written fixtures, one per way a .bib file is written:
Zotero and Google Scholar/JabRef exports, hand-written macros, and the broken files (a malformed
entry, a reused key, a missing title) that must be reported at their line without losing the rest."""

from __future__ import annotations

import re

import pytest

from sitebuild import DATA
from generator.models import Severity
from generator.readers import choose_reading
from generator.readers.reading import Reading

FIXTURES = DATA / "readers" / "bibtex"
ALL = sorted(path.name for path in FIXTURES.glob("*.bib"))


def read_fixture(name: str) -> Reading:
    """Read a fixture as the seeds folder is read: its reader chosen by content."""
    choice = choose_reading(name, (FIXTURES / name).read_text(encoding="utf-8"))
    assert choice.reading is not None, choice.problems
    assert choice.problems == ()
    return choice.reading


def problems_of(reading: Reading) -> list[tuple[int, Severity]]:
    """Return the problems of a reading as (line, severity)."""
    return [(problem.line, problem.severity) for problem in reading.problems]


@pytest.mark.parametrize("name", ALL)
def test_every_bibtex_fixture_is_read_by_the_bibtex_reader(name):
    reading = read_fixture(name)
    assert (reading.reader, reading.variant) == ("bibtex", "entries")


def test_zotero_export_decodes_tex_and_reads_every_field():
    reading = read_fixture("zotero.bib")
    first, second = reading.records
    assert first.title == "Causal Representation Learning from Multiple Views"
    assert first.abstract == ("Learning causal variables from raw observations is hard. "
                              "We show that several views of the same scene make them identifiable.")
    assert first.authors == ("Bernd Schölkopf", "Claire Lefèvre", "Andrew Y. Ng")
    assert (first.authors_text, first.date_text, first.date_line) == (None, "2024-02", 2)
    assert (first.arxiv_id, first.doi) == (None, "10.5555/jmlr.2024.0001")
    assert first.venue == "Journal of Machine Learning Research"
    assert first.keywords == ("Causality", "Representation learning", "Identifiability")
    assert first.links == ("https://jmlr.example.org/papers/v25/23-0001.html",)

    assert second.title == "Sparse Attention for Long Documents: A Study in Études"
    assert second.abstract.startswith("We propose a sparse attention pattern for long documents.")
    assert second.authors == ("Jean Dupré", "Lucía García")
    assert (second.date_text, second.arxiv_id, second.doi) == ("2023-11", "2311.04567", "10.48550/arXiv.2311.04567")
    assert second.venue == "arXiv"
    assert second.keywords == ("Computer Science - Computation and Language", "Computer Science - Machine Learning")
    assert [record.source.line for record in reading.records] == [2, 20]
    assert reading.problems == ()


def test_scholar_and_jabref_entries_with_booktitle_and_quoted_values():
    reading = read_fixture("scholar.bib")
    scholar, jabref = reading.records
    assert (scholar.title, scholar.venue) == ("Graph neural networks for molecule property prediction",
                                              "Proceedings of the 39th International Conference on Machine Learning")
    assert scholar.authors == ("Li Chen", "Mei Wang", "José García")
    assert (scholar.date_text, scholar.doi, scholar.abstract, scholar.keywords) == ("2022", None, "", ())
    assert (jabref.title, jabref.venue) == ("Contrastive Pretraining for Speech Recognition", "Proc. Interspeech 2021")
    assert jabref.authors == ("Soo-Jin Kim", "Min Park")
    assert (jabref.date_text, jabref.doi) == ("2021-08", "10.21437/Interspeech.2021-100")
    assert [record.source.line for record in reading.records] == [1, 10]
    assert reading.problems == ()


def test_string_macros_are_resolved_and_comment_preamble_give_no_record():
    reading = read_fixture("macros.bib")
    assert [record.title for record in reading.records] == ["Attention Is All You Need", "A Survey of Attention"]
    assert [record.venue for record in reading.records] == [
        "Advances in Neural Information Processing Systems", "Journal of Machine Learning Research (Special Issue)"]
    assert [record.authors for record in reading.records] == [("Ashish Vaswani", "Noam Shazeer"), ("Kim Lee",)]
    assert [record.date_text for record in reading.records] == ["2017", "2019"]
    assert [record.arxiv_id for record in reading.records] == [None, "1901.00001"]
    assert [record.source.line for record in reading.records] == [8, 15]
    assert (reading.coverage, reading.problems) == (1.0, ())


def test_malformed_entry_is_an_error_at_its_line_and_later_entries_are_read():
    reading = read_fixture("malformed.bib")
    assert [record.title for record in reading.records] == ["The First Good Paper", "The Second Good Paper"]
    assert [record.authors for record in reading.records] == [("Ann Alpha",), ("Gus Gamma",)]
    assert [record.source.line for record in reading.records] == [1, 13]
    assert problems_of(reading) == [(7, Severity.ERROR)]
    message = reading.problems[0].message
    assert "not well-formed BibTeX" in message and "dropped" in message
    assert "Unexpected block start" in message  # says what is wrong, not just "unreadable"


def test_reused_key_is_a_warning_at_its_line_and_both_entries_are_read_alike():
    reading = read_fixture("duplicate_keys.bib")
    first, second = reading.records
    assert (first.title, second.title) == ("Learning Rates for Deep Networks", "Batch Sizes for Deep Networks")
    assert [record.source.line for record in reading.records] == [1, 8]
    assert problems_of(reading) == [(8, Severity.WARNING)]
    assert "key 'smith2020' was used before, at line 1" in reading.problems[0].message
    # The second entry is read exactly as the first one: names split and turned, month read.
    assert second.authors == first.authors == ("Sam Smith", "Jo Jones")
    assert second.date_text == first.date_text == "2020-03"


def test_entry_without_title_is_reported_and_dropped():
    reading = read_fixture("no_title.bib")
    assert [(record.title, record.source.line) for record in reading.records] == [("A Paper With a Title", 7)]
    assert reading.records[0].authors == ("Sue Somebody",)
    assert problems_of(reading) == [(1, Severity.ERROR)]
    assert "entry 'untitled2021' has no title; dropped" in reading.problems[0].message


def test_year_with_a_letter_suffix_gives_the_year():
    reading = read_fixture("year_suffix.bib")
    assert [(record.title, record.date_text) for record in reading.records] == [
        ("Scaling Laws for Retrieval", "2023"), ("Scaling Laws for Reranking", "2023")]
    assert [record.venue for record in reading.records] == ["Transactions on Machine Learning Research"] * 2
    assert [record.source.line for record in reading.records] == [1, 8]
    assert reading.problems == ()


def test_math_in_a_title_is_kept_as_written():
    (record,) = read_fixture("math_title.bib").records
    assert record.title == "An $O(n)$ Algorithm for Sparse Cuts in $k$-Regular Graphs"
    assert (record.authors, record.date_text, record.venue) == (("Rhea Tarjan",), "1999", "Journal of Algorithms")


@pytest.mark.parametrize("name", ALL)
def test_record_lines_point_at_the_start_of_their_entry(name):
    lines = (FIXTURES / name).read_text(encoding="utf-8").split("\n")
    for record in read_fixture(name).records:
        start = record.source.line - 1
        assert re.match(r"\s*@[A-Za-z]+\{", lines[start]), (record.title, lines[start])
        entry = lines[start:next((index for index in range(start + 1, len(lines)) if lines[index].startswith("@")),
                                 len(lines))]
        assert any(re.match(r"\s*title\s*=", line, re.I) for line in entry)
        assert record.title.split()[0].strip("{$") in " ".join(entry)
