"""Property-based tests: the parser never raises, and listings written in any shape read back the same."""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.models import Severity
from generator.normalize import normalize_records
from generator.normalize import title_key
from generator.readers import READERS, choose_reading
from generator.readers.hf_page import classified
from generator.readers.markdown import Cell
from generator.readers.text import ListingReadError, decode_listing
from reading import parse_listing

LETTER = st.characters(whitelist_categories=("Lu", "Ll", "Nd")).filter(
    lambda char: unicodedata.normalize("NFC", char) == char)
WORD = st.text(alphabet=LETTER, min_size=2, max_size=10)
TITLE = st.lists(WORD, min_size=2, max_size=10).map(lambda words: "T" + " ".join(words)).filter(
    lambda title: classified(Cell(1, 1, title))[1] == "text")
SENTENCE = st.lists(WORD, min_size=8, max_size=20).map(lambda words: "S" + " ".join(words) + ".")
FILLER = "This sentence pads a short abstract so that it reads as one. " * 5
ABSTRACT = st.lists(SENTENCE, min_size=2, max_size=6).map(lambda sentences: " ".join(sentences) + " " + FILLER.strip())
DATE = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2024, 12, 31))
PAPER = st.tuples(TITLE, ABSTRACT, st.integers(min_value=1, max_value=40), DATE)
PAPERS = st.lists(PAPER, min_size=1, max_size=8, unique_by=lambda paper: title_key(paper[0]))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_the_parser_never_raises_on_arbitrary_text(text):
    listing, problems = parse_listing("any.txt", text)
    assert all(problem.listing == "any.txt" for problem in problems)
    for record in listing.records:
        assert 1 <= record.source.line <= text.count("\n") + text.count("\r") + 1


# Text made of the pieces the readers look for, so that they get past sniffing and into parsing.
PIECES = st.sampled_from([
    "\n", "\n\n", " ", "[", "]", "(", ")", "](https://arxiv.org/abs/2401.01234)", "https://huggingface.co/papers/",
    "2401.0123", "### ", "- ", "1. ", "* ", "| a | b |\n|---|---|\n", "**", "`", "```\n", "<!--", "-->", "@article{",
    "@string{x = ", "title = {", "author = ", " and ", "}", "{", "\"", "=", ",", "\\\\\n", "arXiv:", "Title: ",
    "Authors: ", "Abstract: ", "Date: ", "Categories: cs.LG\n", "▽ More", "Submitted 3 May, 2024", "3 authors",
    "·", "Mar 12", "Upvote", "Subscribe", "\\'e", "$x$", "%", "#", "word ", "A Title Of A Paper ",
    "We propose a method and show results on benchmarks. ", "---\n", "\r\n", "\t", "\u00a0", "\ufeff",
])
SYNTAX_TEXT = st.lists(PIECES, max_size=80).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(SYNTAX_TEXT, st.text()), st.sampled_from(["any.txt", "any.md", "any.bib"]))
def test_no_reader_raises_on_arbitrary_text(text, name):
    lines = text.count("\n") + text.count("\r") + 1
    for reader in READERS:
        if not reader.sniff(text):
            continue
        reading = reader.read(name, text)
        assert 0.0 <= reading.coverage <= 1.0
        assert all(problem.listing == name for problem in reading.problems)
        for record in reading.records:
            assert (record.title.strip() or record.arxiv_id) and 1 <= record.source.line <= lines
    choice = choose_reading(name, text)
    assert (choice.reading is None) == bool(choice.problems)


@settings(max_examples=200)
@given(st.binary())
def test_decoding_arbitrary_bytes_gives_text_or_a_named_error(data):
    try:
        text, _ = decode_listing("any.txt", data)
    except ListingReadError as error:
        assert str(error)
    else:
        assert isinstance(text, str)


def write_flat(papers) -> str:
    lines = ["Get trending papers in your email inbox!"]
    for index, (title, abstract, _, _) in enumerate(papers):
        lines += [("Subscribe" if index == 0 else "") + title, abstract]
    return "\n".join(lines) + "\n"


def write_spaced(papers) -> str:
    blocks = ["new", "Subscribe", "byAK and the research community", "Mar 11"]
    for title, abstract, _, _ in papers:
        blocks += [title, abstract]
    return "\n\n".join(blocks) + "\n"


def write_cards(papers) -> str:
    blocks = ["new", "Subscribe", "Daily Papers", "Dec 10"]
    for title, abstract, authors, day in papers:
        noun = "author" if authors == 1 else "authors"
        blocks += [title, abstract, f"  • {authors} {noun}\n·\n{day.strftime('%b')} {day.day}, {day.year}"]
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=60, deadline=None)
@given(PAPERS, st.sampled_from(["flat", "spaced", "cards"]))
def test_a_catalog_written_in_any_shape_reads_back_to_the_same_papers(papers, shape):
    text = {"flat": write_flat, "spaced": write_spaced, "cards": write_cards}[shape](papers)
    listing, problems = parse_listing("round.txt", text)
    assert listing.shape == shape
    assert [problem for problem in problems if problem.severity is not Severity.INFO] == []
    read, normalize_problems = normalize_records((listing,))
    assert normalize_problems == ()
    assert [(paper.title, paper.abstract) for paper in read] == [(title, abstract) for title, abstract, _, _ in papers]
    if shape == "cards":
        assert [(paper.authors_count, paper.published) for paper in read] == [
            (authors, day.isoformat()) for _, _, authors, day in papers]
