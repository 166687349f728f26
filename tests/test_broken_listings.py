"""Named broken listings (tests/data/broken_seeds): each problem is reported by place and nothing is lost."""

from __future__ import annotations

from sitebuild import DATA
from generator.build import build_catalog
from generator.readers.text import decode_listing
from reading import parse_listing
from generator.catalog_index import index_catalog
from generator.report import listing_totals
from generator.settings import load_settings

BROKEN = DATA / "broken_seeds"


def test_every_broken_listing_problem_is_named_by_place_and_totals_balance():
    settings, _ = load_settings(DATA, seeds_dir=BROKEN, themes_file=DATA / "fixture_themes.yml")
    catalog = build_catalog(settings)
    listing_problems = [f"{problem.listing}:{problem.line}: {problem.severity.value}: {problem.message}"
                        for problem in catalog.problems if problem.listing.endswith(".txt")]
    assert listing_problems == [
        "binary.txt:0: error: is binary (it holds NUL bytes), not a text listing",
        "broken.txt:3: warning: metadata line '• 4 authors' has no paper before it; ignored",
        "broken.txt:5: warning: metadata line 'Feb 2, 2024' has no paper before it; ignored",
        "broken.txt:13: warning: date 'Feb 30, 2024' is not a calendar date; left empty",
        "broken.txt:19: warning: title has no abstract after it (is the listing cut off here?); kept without one",
        "empty.txt:0: error: is empty: no records to read",
        "latin1.txt:0: warning: is not UTF-8; decoded as cp1252 (save it as UTF-8 to be sure)",
    ]
    totals = {total.file: (total.read, total.kept, total.dropped) for total in listing_totals(index_catalog(catalog))}
    assert totals == {"binary.txt": (0, 0, 0), "bom.txt": (1, 1, 0), "broken.txt": (3, 3, 0),
                      "empty.txt": (0, 0, 0), "latin1.txt": (2, 2, 0)}
    by_title = {paper.title: paper for paper in catalog.papers}
    assert by_title["Authors in the Singular"].authors_count == 1
    assert by_title["Authors in the Singular"].published is None
    assert "Fréchet Means on Manifolds" in by_title and "Café Learning" in by_title
    assert by_title["A Title in a File with a BOM"].sources[0].line == 1
    assert [paper.sources[0].line for paper in catalog.papers if paper.sources[0].listing == "latin1.txt"] == [1, 3]


def test_utf16_listings_are_decoded_with_a_warning():
    text, problems = decode_listing("wide.txt", "Title\nAbstract\n".encode("utf-16"))
    assert text == "Title\nAbstract\n"
    assert [problem.message for problem in problems] == ["is UTF-16; decoded (save it as UTF-8 to be sure)"]


def test_a_huge_listing_is_read_in_full(tmp_path):
    abstract = "We study a method at length. " * 40
    record = "A Title Number {index}\n" + abstract + "\n"
    text = "".join(record.format(index=index) for index in range(60_000))
    assert len(text) > 50_000_000
    listing, problems = parse_listing("huge.txt", text)
    assert len(listing.records) == 60_000 and problems == []
