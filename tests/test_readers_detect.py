"""Tests for choosing a reader by content: files no reader understands are refused by name,
give no records, and leave the other listings to build; listings.yml can name the reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import DATA
from generator.models import Severity
from generator.readers import READER_NAMES, choose_reading, read_listings

REFUSED = DATA / "readers" / "refused"
PAPER = ("Local Learning with Auxiliary Networks\n"
         "We train each layer with its own small network instead of backpropagating through the whole "
         "model. It matches end-to-end training on three benchmarks and uses far less memory.\n")


@pytest.mark.parametrize("name", sorted(path.name for path in REFUSED.iterdir()))
def test_prose_programs_numbers_and_other_sites_are_refused_by_name(name):
    choice = choose_reading(name, (REFUSED / name).read_text(encoding="utf-8"))
    assert choice.reading is None
    [problem] = choice.problems
    assert (problem.listing, problem.line, problem.severity) == (name, 0, Severity.ERROR)
    assert problem.message.startswith("looks like none of: " + ", ".join(READER_NAMES))
    assert "closest: " in problem.message or "found no paper in it" in problem.message


def test_a_refusal_names_the_closest_reader_and_how_much_it_understood():
    text = (REFUSED / "arxiv_entry_in_notes.txt").read_text(encoding="utf-8")  # one entry, thirty lines of notes
    [problem] = choose_reading("notes.txt", text).problems
    assert "closest: arxiv, 23% of lines understood" in problem.message


def test_a_refused_file_does_not_stop_the_other_listings(tmp_path: Path):
    (tmp_path / "good.txt").write_text(PAPER, encoding="utf-8")
    (tmp_path / "program.txt").write_text((REFUSED / "program.txt").read_text(encoding="utf-8"), encoding="utf-8")
    listings, problems = read_listings(tmp_path)
    assert [(listing.file, listing.reader, len(listing.records)) for listing in listings] == [
        ("good.txt", "hf-page", 1), ("program.txt", "", 0)]
    assert [(problem.listing, problem.severity) for problem in problems] == [("program.txt", Severity.ERROR)]


def test_every_claimed_extension_is_read_from_seeds(tmp_path: Path):
    (tmp_path / "a.md").write_text("- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
                                   "- [Deep Residual Learning](https://arxiv.org/abs/1512.03385)\n"
                                   "- [Adam: A Method for Stochastic Optimization](https://arxiv.org/abs/1412.6980)\n",
                                   encoding="utf-8")
    (tmp_path / "b.bib").write_text("@article{k, title = {A Paper}, year = 2020}\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text(PAPER, encoding="utf-8")
    (tmp_path / "notes.csv").write_text("not,a,listing\n", encoding="utf-8")
    listings, problems = read_listings(tmp_path)
    assert [(listing.file, listing.reader, len(listing.records)) for listing in listings] == [
        ("a.md", "awesome-list", 3), ("b.bib", "bibtex", 1), ("c.txt", "hf-page", 1)]
    assert [(problem.listing, problem.severity) for problem in problems] == [("notes.csv", Severity.WARNING)]
    assert problems[0].message.startswith("is not read: no reader claims it")


def test_listings_yml_forces_a_reader(tmp_path: Path):
    ids = "2401.01234\n2312.00001\n"
    (tmp_path / "ids.txt").write_text(ids, encoding="utf-8")
    (tmp_path / "listings.yml").write_text("ids.txt:\n  reader: arxiv\n", encoding="utf-8")
    listings, problems = read_listings(tmp_path)
    assert [(listing.reader, [record.arxiv_id for record in listing.records]) for listing in listings] == [
        ("arxiv", ["2401.01234", "2312.00001"])]


def test_a_forced_reader_that_reads_nothing_is_an_error(tmp_path: Path):
    (tmp_path / "prose.md").write_text((REFUSED / "prose.md").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "listings.yml").write_text("prose.md:\n  reader: bibtex\n", encoding="utf-8")
    listings, problems = read_listings(tmp_path)
    assert listings[0].records == ()
    assert [(problem.listing, problem.severity) for problem in problems] == [("prose.md", Severity.ERROR)]
    assert "bibtex reader" in problems[0].message
