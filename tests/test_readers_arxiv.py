"""Tests for the arXiv reader on small hand-written fixtures: the e-mail digest, a listing page and a
search results page copied as text, and a plain list of ids and URLs. Each entry gives one record
with its fields and its title's line; the pages' chrome never becomes a record or part of one."""

from __future__ import annotations

import re

import pytest

from sitebuild import DATA
from generator.readers import choose_reading
from generator.readers.reading import Reading

FIXTURES = DATA / "readers" / "arxiv"
ALL = sorted(path.name for path in FIXTURES.glob("*.txt"))
CHROME_RE = re.compile(r"https?://|arXiv:|^(?:Title|Authors?|Abstract|Comments|Subjects|Categories|Date)\s*:|"
                       r"Showing \d|Submitted \d|▽|Skip to main content|Advanced Search|Privacy Policy|"
                       r"Next 1 2|About Help|Total of \d+ entries|entries per page", re.IGNORECASE)


def read_fixture(name: str) -> Reading:
    """Read a fixture as the seeds folder is read: its reader chosen by content."""
    choice = choose_reading(name, (FIXTURES / name).read_text(encoding="utf-8"))
    assert choice.reading is not None, choice.problems
    assert choice.problems == ()
    return choice.reading


def test_digest_reads_wrapped_titles_and_authors_and_the_abstract_between_separators():
    reading = read_fixture("digest.txt")
    assert (reading.reader, reading.variant, reading.problems) == ("arxiv", "digest", ())
    first, second = reading.records
    assert first.title == "Long Context Retrieval with Learned Memory Tokens for Efficient Question Answering"
    assert first.abstract == ("We present a retrieval method that stores long contexts in learned memory tokens. "
                              "It answers questions faster than full attention.")
    assert first.authors == ("Alice Zhang", "Bob Kumar", "Carla Diaz", "Dan Evans")
    assert (first.date_text, first.date_line) == ("Mon, 4 Mar 2024 19:02:11 GMT", 19)
    assert (first.arxiv_id, first.doi, first.venue, first.authors_text) == ("2403.01234", None, None, None)
    assert first.links == ("https://arxiv.org/abs/2403.01234",)
    assert second.title == "Parsing Legal Text with Small Models"
    assert second.abstract.startswith("Small language models parse legal text")
    assert (second.authors, second.date_text, second.date_line) == (("Erin Fox",), "Mon, 4 Mar 2024 21:40:05 GMT", 35)
    assert (second.arxiv_id, second.doi) == ("2403.01299", "10.1234/jlnlp.2024.3")
    assert second.venue == "Journal of Legal NLP 3 (2024) 10-20"
    assert [record.source.line for record in reading.records] == [21, 37]


def test_listing_page_reads_labelled_entries_and_the_abstract_after_subjects():
    reading = read_fixture("listing.txt")
    assert (reading.reader, reading.variant, reading.problems) == ("arxiv", "page", ())
    assert [record.title for record in reading.records] == [
        "Gradient Noise Shapes Generalization in Wide Networks",
        "Federated Learning with Stale Clients: A Careful Look at Convergence",
        "Image Tokenizers Are Secretly Compressors",
    ]
    assert [record.arxiv_id for record in reading.records] == ["2403.02001", "2403.02017", "2403.01555"]
    assert [record.authors for record in reading.records] == [
        ("Priya Natarajan", "Tomás Ortega"), ("Omar Haddad", "Yuki Tanaka"), ("Lena Vogel",)]
    assert reading.records[0].abstract == ("We show that gradient noise acts as an implicit regularizer in wide "
                                           "networks. Experiments on three datasets confirm the theory.")
    assert reading.records[1].abstract == ("Clients that report stale gradients slow federated training down; "
                                           "we bound how much.")
    assert reading.records[2].abstract == "Image tokenizers learn a code that compresses images nearly as well as JPEG."
    assert [(record.date_text, record.doi, record.venue) for record in reading.records] == [(None, None, None)] * 3
    assert [record.source.line for record in reading.records] == [9, 16, 22]


def test_search_page_takes_the_title_after_the_categories_and_the_submitted_date():
    reading = read_fixture("search.txt")
    assert (reading.reader, reading.problems) == ("arxiv", ())
    first, second = reading.records
    assert (first.title, second.title) == ("Diffusion Policies for Dexterous Manipulation",
                                           "Video Diffusion Models as World Simulators")
    assert (first.arxiv_id, second.arxiv_id) == ("2405.01234", "2404.09876")
    assert (first.authors, second.authors) == (("Ana Lima", "Ben Okafor", "Chen Wei"), ("Dara Quinn",))
    assert first.abstract == ("We train diffusion policies for dexterous manipulation from a few demonstrations. "
                              "The policies transfer to real hands")
    assert second.abstract == "Video diffusion models can simulate simple physics. We measure how well"
    assert [(record.date_text, record.date_line) for record in reading.records] == [
        ("3 May, 2024", 23), ("15 April, 2024", 30)]
    assert [record.source.line for record in reading.records] == [20, 27]


def test_plain_list_of_ids_and_urls_gives_one_untitled_record_per_id():
    reading = read_fixture("ids.txt")
    assert (reading.reader, reading.variant, reading.problems) == ("arxiv", "id list", ())
    assert [(record.source.line, record.arxiv_id) for record in reading.records] == [
        (1, "2401.01234"), (2, "2312.00001"), (3, "2205.00003"), (4, "2310.06825")]
    assert [record.title for record in reading.records] == [""] * 4
    assert reading.records[1].links == ("https://arxiv.org/abs/2312.00001",)


@pytest.mark.parametrize("name", ALL)
def test_no_chrome_in_titles_or_abstracts(name):
    for record in read_fixture(name).records:
        assert not CHROME_RE.search(record.title), record.title
        assert not CHROME_RE.search(record.abstract), record.abstract


@pytest.mark.parametrize("name", ALL)
def test_record_lines_point_at_the_title_line(name):
    lines = (FIXTURES / name).read_text(encoding="utf-8").split("\n")
    for record in read_fixture(name).records:
        line = lines[record.source.line - 1]
        if record.title:
            assert " ".join(record.title.split()[:4]) in line, (record.title, line)
        else:
            assert record.arxiv_id in line
