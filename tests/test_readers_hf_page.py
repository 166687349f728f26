"""Tests for the Hugging Face page reader and for reading a seeds folder: shapes, chrome, records,
metadata and bad files."""

from __future__ import annotations

from pathlib import Path

from sitebuild import DATA
from generator.models import ListingInfo, Problem, Severity, SourceRef
from generator.readers import read_listing, read_listings
from generator.readers.text import decode_listing
from reading import detect_listing, parse_listing

FIXTURES = DATA / "fixture_seeds"
ABSTRACT = "We study a thing in depth. It works well on three benchmarks and we explain why."


def test_each_fixture_shape_is_detected_from_content():
    listings, problems = read_listings(FIXTURES)
    assert [(listing.file, listing.shape, len(listing.records)) for listing in listings] == [
        ("01_flat.txt", "flat", 3), ("02_spaced.txt", "spaced", 2), ("03_cards.txt", "cards", 3)]
    assert problems == ()


def test_flat_listing_drops_chrome_and_unglues_the_first_title():
    listing, _ = read_listing(FIXTURES / "01_flat.txt", ListingInfo())
    first = listing.records[0]
    assert first.title == "Local Learning with Auxiliary Networks"
    assert first.source == SourceRef("01_flat.txt", 3)
    assert [record.source.line for record in listing.records] == [3, 5, 7]


def test_cards_carry_authors_and_date_lines_with_their_places():
    listing, _ = read_listing(FIXTURES / "03_cards.txt", ListingInfo(title="Cards", captured="2025-12-10"))
    record = listing.records[1]
    assert (record.title, record.source.line) == ("Vision Transformers with Local Attention", 21)
    assert (record.authors_text, record.authors_line) == ("• 1 author", 25)
    assert (record.date_text, record.date_line) == ("Mar 15 12", 27)
    assert "Dec 10" not in [record.title for record in listing.records]  # the page's date is chrome
    assert (listing.title, listing.captured) == ("Cards", "2025-12-10")


def test_listings_yml_titles_and_capture_dates_are_read():
    listings, _ = read_listings(FIXTURES)
    assert [(listing.title, listing.captured) for listing in listings] == [
        ("Flat fixture listing", None), ("02_spaced", None), ("Cards fixture listing", "2025-12-10")]


def test_listings_yml_unknown_key_bad_date_and_unknown_file_warn(write_listing):
    write_listing("a.txt", f"Title One\n{ABSTRACT}\n")
    path = write_listing("listings.yml", "a.txt:\n  titel: x\n  captured: 2025-02-30\nmissing.txt:\n  title: y\n")
    _, problems = read_listings(path.parent)
    assert [(problem.listing, problem.line, problem.message) for problem in problems] == [
        ("listings.yml", 2, "'a.txt': unknown key 'titel'; ignored (did you mean 'title'?)"),
        ("listings.yml", 3, "'a.txt': captured '2025-02-30' is not a YYYY-MM-DD date; not used"),
        ("listings.yml", 4, f"names 'missing.txt', which is not a listing in {path.parent}"),
    ]


def test_cut_off_listing_keeps_the_last_title_with_a_warning():
    listing, problems = parse_listing("cut.txt", f"Title One\n{ABSTRACT}\nTitle Two\n")
    assert [record.title for record in listing.records] == ["Title One", "Title Two"]
    assert listing.records[1].abstract == ""
    assert problems == [Problem("cut.txt", 3, Severity.WARNING,
                                "title has no abstract after it (is the listing cut off here?); kept without one")]


def test_title_without_abstract_mid_listing_does_not_shift_later_pairs():
    text = f"Title One\nTitle Two\n{ABSTRACT}\nTitle Three\n{ABSTRACT}\n"
    listing, problems = parse_listing("mid.txt", text)
    assert [(record.title, bool(record.abstract)) for record in listing.records] == [
        ("Title One", False), ("Title Two", True), ("Title Three", True)]
    assert [problem.line for problem in problems] == [1]


def test_metadata_line_with_nothing_before_it_is_reported():
    text = "Subscribe\n\n  • 3 authors\n·\nFeb 2, 2024\n\nTitle One\n\n" + ABSTRACT + "\n"
    listing, problems = parse_listing("stray.txt", text)
    assert [record.title for record in listing.records] == ["Title One"]
    assert [str(problem.line) + " " + problem.message for problem in problems] == [
        "3 metadata line '• 3 authors' has no paper before it; ignored",
        "5 metadata line 'Feb 2, 2024' has no paper before it; ignored",
    ]


def test_crlf_and_cr_line_endings_keep_line_numbers():
    for newline in ("\r\n", "\r"):
        text = newline.join(["Subscribe", "", "Title One", "", ABSTRACT, "", "Title Two", "", ABSTRACT])
        listing, _ = parse_listing("x.txt", text)
        assert [record.source.line for record in listing.records] == [3, 7]
        assert listing.shape == "spaced"


def test_utf8_bom_is_dropped_and_latin1_is_decoded_with_a_warning():
    text, problems = decode_listing("bom.txt", "\ufeffTitle\nAbstract\n".encode("utf-8"))
    assert text.startswith("Title") and problems == []
    text, problems = decode_listing("latin.txt", "Fréchet means\n".encode("cp1252"))
    assert text == "Fréchet means\n"
    assert problems == [Problem("latin.txt", 0, Severity.WARNING,
                                "is not UTF-8; decoded as cp1252 (save it as UTF-8 to be sure)")]


def test_empty_and_binary_files_are_errors_naming_the_file(write_listing, seeds_dir: Path):
    write_listing("empty.txt", "  \n\n")
    write_listing("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write_listing("good.txt", f"Title One\n{ABSTRACT}\n")
    listings, problems = read_listings(seeds_dir)
    assert [(listing.file, listing.shape, len(listing.records)) for listing in listings] == [
        ("binary.txt", "unknown", 0), ("empty.txt", "unknown", 0), ("good.txt", "flat", 1)]
    assert [(problem.listing, problem.severity, problem.message) for problem in problems] == [
        ("binary.txt", Severity.ERROR, "is binary (it holds NUL bytes), not a text listing"),
        ("empty.txt", Severity.ERROR, "is empty: no records to read"),
    ]


def test_chrome_only_file_is_refused():
    listing, problems = detect_listing("chrome.txt", "new\n\nSubscribe\n")
    assert listing.records == ()
    assert [(problem.line, problem.severity) for problem in problems] == [(0, Severity.ERROR)]
    assert problems[0].message.startswith("looks like none of: hf-page, ")


def test_a_short_abstract_before_a_very_long_title_keeps_the_pairs():
    long_title = "A Very Long Title " + "about local learning " * 20
    text = f"Title One\nA short abstract without a second sentence\n{long_title}\n{ABSTRACT}\n"
    listing, problems = parse_listing("long.txt", text)
    assert [(record.title, record.abstract) for record in listing.records] == [
        ("Title One", "A short abstract without a second sentence"), (long_title.strip(), ABSTRACT)]
    assert problems == []
