"""Tests for normalizing records: text, TeX, links, dates and counts."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.models import Link, Listing, Problem, RawRecord, Severity, SourceRef
from generator.normalize import (YearRule, clean_text, extract_links, normalize_record,
                                 normalize_records, title_key)

CAPTURED = YearRule(dt.date(2025, 12, 10), None, "capture date")
INFERRED = YearRule(None, 2025, "the year after 2024, the newest year this listing writes")


def record(date_text=None, authors_text=None, title="A Title", abstract="An abstract.") -> RawRecord:
    return RawRecord(SourceRef("c.txt", 10), title, abstract, authors_text, 14 if authors_text else None,
                     date_text, 16 if date_text else None)


@pytest.mark.parametrize(("raw", "clean"), [
    (r"memory to 14.2\% of", "memory to 14.2% of"),
    (r"T\'yr-the-Pruner", "Týr-the-Pruner"),
    (r"conditional Fr\'echet variance", "conditional Fréchet variance"),
    (r"study of {\it asynchronous} Local-SGD", "study of asynchronous Local-SGD"),
    (r"(I) \textbf{L}azy learning", "(I) Lazy learning"),
    (r"we introduce \textit{DiffuseKronA}, a", "we introduce DiffuseKronA, a"),
    (r"(Model \(\times\) Attribution)", "(Model × Attribution)"),
    (r"ten Q\&As of SNNs", "ten Q&As of SNNs"),
    ("the ``Summary'' of", "the \u201cSummary\u201d of"),
    (r"(i.e.~points in the manifold)", "(i.e. points in the manifold)"),
    (r"Polyak-\L ojasiewicz condition", "Polyak-Łojasiewicz condition"),
    (r"parts, \ie, harmony", "parts, i.e., harmony"),
    (r"to test \algopt and found", "to test algopt and found"),
    ("cost 5% less and $5 more in {0,1}", "cost 5% less and $5 more in {0,1}"),
    ("  spaced\u00a0 out\ttext \n", "spaced out text"),
    ("Cafe\u0301 zero\u200bwidth", "Café zerowidth"),
])
def test_clean_text_makes_tex_readable_and_leaves_plain_text_alone(raw, clean):
    assert clean_text(raw) == clean


def test_title_key_ignores_case_punctuation_and_unicode_forms():
    assert title_key("Federated Learning: Non-IID Data") == title_key("federated learning   non iid data")
    assert title_key("Ｆｕｌｌ width") == title_key("full width")
    assert title_key("Local Learning") != title_key("Global Learning")


def test_links_are_extracted_trimmed_and_classified():
    abstract = ("Code is available at https://github.com/ChenxiangMA/AugLocal. Project page: "
                "https://example.github.io/gcr/, models (https://huggingface.co/org/model); "
                "see https://arxiv.org/abs/2401.00001 and https://gitlab.com/a/b). Also github.com/x/y.")
    assert extract_links(abstract) == (
        Link("https://github.com/ChenxiangMA/AugLocal", "code"),
        Link("https://example.github.io/gcr/", "project"),
        Link("https://huggingface.co/org/model", "code"),
        Link("https://arxiv.org/abs/2401.00001", "paper"),
        Link("https://gitlab.com/a/b", "code"),
        Link("https://github.com/x/y", "code"),
    )


def test_only_http_urls_become_links():
    assert extract_links("javascript:alert(1) and ftp://host/x and data:text/html,hi") == ()


def test_glued_code_sentence_gets_its_space_back():
    paper, _ = normalize_record(record(abstract="on platforms.Code is available at https://github.com/a/b."), CAPTURED)
    assert paper.abstract == "on platforms. Code is available at https://github.com/a/b."
    assert paper.links == (Link("https://github.com/a/b", "code"),)


def test_full_dates_upvotes_and_authors_are_typed():
    paper, problems = normalize_record(record("Jun 12, 2024 2", "• 7 authors"), CAPTURED)
    assert (paper.published, paper.upvotes, paper.authors_count) == ("2024-06-12", 2, 7)
    assert problems == []


def test_singular_author_line_counts_one():
    paper, _ = normalize_record(record(authors_text="• 1 author"), CAPTURED)
    assert paper.authors_count == 1


def test_yearless_date_takes_the_latest_year_on_or_before_the_capture_date():
    assert normalize_record(record("Mar 15 1"), CAPTURED)[0].published == "2025-03-15"
    assert normalize_record(record("Dec 20"), CAPTURED)[0].published == "2024-12-20"


def test_inferred_year_is_a_warning_naming_the_place():
    paper, problems = normalize_record(record("Jul 14 1"), INFERRED)
    assert paper.published == "2025-07-14"
    assert problems == [Problem("c.txt", 16, Severity.WARNING,
                                "date 'Jul 14 1' has no year; took 2025 (the year after 2024, the newest year "
                                "this listing writes); set 'captured' for c.txt in seeds/listings.yml to be sure")]


def test_impossible_date_is_left_empty_with_a_warning():
    paper, problems = normalize_record(record("Feb 30, 2024"), CAPTURED)
    assert paper.published is None
    assert problems == [Problem("c.txt", 16, Severity.WARNING, "date 'Feb 30, 2024' is not a calendar date; left empty")]


def test_unreadable_author_count_is_a_warning():
    paper, problems = normalize_record(record(authors_text="• many authors"), CAPTURED)
    assert paper.authors_count is None
    assert problems[0].message == "author count '• many authors' is not a number; left empty"


def test_title_without_letters_is_dropped_as_an_error():
    paper, problems = normalize_record(record(title="— · —"), CAPTURED)
    assert paper is None
    assert problems == [Problem("c.txt", 10, Severity.ERROR, "title '— · —' has no letters or digits; record dropped")]


def test_year_inference_falls_back_to_other_listings_then_gives_up():
    dated = Listing("a.txt", "cards", (record("May 1, 2023"),), "a")
    yearless = Listing("b.txt", "cards", (record("May 1"),), "b")
    papers, problems = normalize_records((dated, yearless))
    assert [paper.published for paper in papers] == ["2023-05-01", "2024-05-01"]
    assert "newest year any listing writes" in problems[0].message
    papers, problems = normalize_records((yearless,))
    assert papers[0].published is None
    assert problems[0].message.startswith("date 'May 1' has no year and none can be inferred")
