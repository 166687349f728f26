"""The readers on real paper lists nobody on the project wrote (``../shared/real-inputs/``, read
from there, never copied in). Each test works out the truth from the file on its own terms and
asks for what the issue asks: at least 95% of the papers with the right title and the start of
the right abstract, and at most 3% junk records."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generator.models import Listing
from generator.normalize import normalize_records
from generator.merge import merge_duplicates
from generator.readers import choose_reading
from generator.readers.text import decode_listing

ROOT = Path(__file__).resolve().parent.parent
PLACES = [Path(os.environ["PAPER_CATALOG_REAL_INPUTS"])] if os.environ.get("PAPER_CATALOG_REAL_INPUTS") else []
PLACES += [ROOT.parent / "shared" / "real-inputs", Path("/work/shared/real-inputs")]
REAL = next((place for place in PLACES if (place / "README.md").is_file()), None)
pytestmark = pytest.mark.skipif(REAL is None, reason="../shared/real-inputs/ is not on this machine "
                                                     "(set PAPER_CATALOG_REAL_INPUTS to its folder)")
JUNK_RE = re.compile(r"https?://|^\W*$|^\d[\d\s,.]*$|\bauthors?\]|^\[|\]\[|^(?:upvote|subscribe|submitted by)\b",
                     re.IGNORECASE)


def folded(text: str) -> str:
    return " ".join(text.split())


def read_real(name: str):
    path = REAL / name
    text, _ = decode_listing(name, path.read_bytes())
    choice = choose_reading(name, text)
    assert choice.reading is not None, choice.problems
    return text, choice.reading


def score(records, truth: dict[str, tuple[str, str]], key) -> tuple[float, float]:
    """Return the share of true papers read right (title, abstract start) and the share of junk records."""
    right = 0
    found = {key(record): record for record in records}
    for paper_key, (title, abstract) in truth.items():
        record = found.get(paper_key)
        if record and folded(record.title) == folded(title) and folded(record.abstract).startswith(
                folded(abstract)[:60]):
            right += 1
    junk = [record for record in records if key(record) not in truth or JUNK_RE.search(record.title)]
    return right / len(truth), len(junk) / max(1, len(records))


def test_the_arxiv_digest_reads_every_entry_with_its_title_and_abstract():
    text, reading = read_real("arxiv-digest_first-150.txt")
    truth = {}
    for block in re.split(r"\n-{20,}\n", text):
        anchor = re.search(r"^arXiv:(\S+)", block, re.M)
        title = re.search(r"^Title: (.*(?:\n  .*)*)", block, re.M)
        abstract = re.search(r"\n\\\\\n(.*?)\n\\\\ \(", block, re.S)
        if anchor and title:
            truth[anchor.group(1)] = (title.group(1), abstract.group(1) if abstract else "")
    assert len(truth) == 150
    assert (reading.reader, reading.variant) == ("arxiv", "digest")
    right, junk = score(reading.records, truth, lambda record: record.arxiv_id)
    assert right >= 0.95 and junk <= 0.03, (right, junk)
    assert all(record.authors and record.date_text for record in reading.records)


def test_the_notes_app_export_of_a_papers_page_reads_every_paper():
    text, reading = read_real("hf-search_intercode-bash_notebook-export.md")
    lines = [line.strip() for line in text.split("\n")]
    truth = {}
    for index, line in enumerate(lines):
        match = re.fullmatch(r"https://huggingface\.co/papers/(\d{4}\.\d{4,5})", line)
        if match and match.group(1) not in truth:
            before = next(other for other in reversed(lines[:index]) if other)
            after = next(other for other in lines[index + 1:] if other)
            truth[match.group(1)] = (before, after)
    assert len(truth) == 107
    assert reading.reader == "hf-page"
    right, junk = score(reading.records, truth, lambda record: record.arxiv_id)
    assert right >= 0.95 and junk <= 0.03, (right, junk)
    assert all(record.date_text for record in reading.records)
    assert sum(1 for record in reading.records if record.authors_text) >= 95  # the others name an organisation


def test_the_book_bibliography_reads_every_entry_and_merges_the_papers_cited_twice():
    text, reading = read_real("d2l-en_d2l.bib")
    starts = [match.start() for match in re.finditer(r"^@(?!string|comment|preamble)\w+\s*\{", text, re.M | re.I)]
    assert len(starts) == len(reading.records) == 488
    assert reading.reader == "bibtex" and reading.problems == ()
    junk = [record for record in reading.records if JUNK_RE.search(record.title) or re.search(r"[{}\\]", record.title)]
    assert len(junk) <= 0.03 * len(reading.records), [record.title for record in junk][:10]
    lines = {text.count("\n", 0, start) + 1 for start in starts}
    assert {record.source.line for record in reading.records} == lines
    papers, _ = normalize_records((Listing("d2l-en_d2l.bib", reading.variant, reading.records, "d2l"),))
    merged, _ = merge_duplicates(papers)
    assert len(merged) == 488 - 12  # "12 papers cited under two keys" (the inputs' README)
