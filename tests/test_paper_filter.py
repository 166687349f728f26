"""Tests for the all-papers filter's data file: its rows, its words, its stable bytes."""

from __future__ import annotations

import json

from generator.catalog_index import index_catalog
from generator.models import Catalog, Link, Listing, Paper, SourceRef, Theme
from generator.paper_filter import FIELDS, decode_numbers, encode_numbers, render_filter_data, searchable_words


def paper(index: int, **values) -> Paper:
    defaults = dict(key=f"p{index}", title=f"Paper {index}", abstract="An abstract.",
                    sources=(SourceRef("a.txt", index + 1),), id=f"paper-{index}")
    return Paper(**(defaults | values))


def data_of(*papers: Paper) -> dict:
    catalog = Catalog(papers=papers, listings=(Listing("a.txt", "flat", (), "A", slug="a"),),
                      themes=(Theme("fl", "Federated <Learning>", ""),))
    page = render_filter_data(index_catalog(catalog))
    assert page.path == "papers/filter.json"
    return json.loads(page.text)


def rows_by_title(data: dict) -> dict[str, dict]:
    """Each paper's row by title, its words read back from the vocabulary."""
    rows = {row[1]: dict(zip(data["fields"], row)) for row in data["papers"]}
    for row in rows.values():
        row["words"] = " ".join(data["vocabulary"][number] for number in decode_numbers(row["words"]))
    return rows


def test_every_paper_has_a_row_with_what_the_filter_shows_and_searches():
    data = data_of(
        paper(0, title="FedAvg Revisited", published="2024-03-01", themes=("fl",), upvotes=12, status="key",
              authors=("Ana Núñez", "Bo Li"), links=(Link("https://github.com/x/y", "code"),),
              abstract="We study FedAvg on non-IID clients.", notes="Compare with the quokka paper."),
        paper(1, title="Undated", abstract=""))
    assert data["fields"] == list(FIELDS)
    rows = rows_by_title(data)
    assert rows["FedAvg Revisited"] == {
        "url": "papers/paper-0/", "title": "FedAvg Revisited", "authors": "Ana Núñez, Bo Li", "date": "2024-03-01",
        "themes": ["fl"], "code": "https://github.com/x/y", "status": "key", "upvotes": 12,
        "words": "clients compare non-iid paper quokka study"}
    assert rows["Undated"] | {"words": ""} == {
        "url": "papers/paper-1/", "title": "Undated", "authors": "", "date": "", "themes": [], "code": "",
        "status": "", "upvotes": None, "words": ""}
    assert data["themes"] == [["fl", "Federated <Learning>", "themes/fl/"], ["unsorted", "Unsorted", "themes/unsorted/"]]
    assert data["statuses"]["key"] == "Key paper"
    assert data["vocabulary"] == ["clients", "compare", "non-iid", "paper", "quokka", "study"]


def test_rows_are_newest_first_with_undated_papers_last():
    data = data_of(paper(0, published="2023"), paper(1), paper(2, published="2025-01-02"), paper(3, published="2024-06"))
    assert [row[0] for row in data["papers"]] == ["papers/paper-2/", "papers/paper-3/", "papers/paper-0/",
                                                  "papers/paper-1/"]


def test_words_are_lower_cased_unique_sorted_and_keep_hyphenated_terms_whole():
    words = searchable_words("The Non-IID data, the DATA and a TRANSFORMER's x y_z ___ of Local-to-Global.")
    assert words == ["data", "local-to-global", "non-iid", "transformer's", "y_z"]


def test_words_already_in_the_title_or_authors_are_left_out():
    assert searchable_words("graph learning at scale by Smith", {"graph", "smith"}) == ["learning", "scale"]


def test_hostile_text_is_kept_as_text_in_json():
    title = '<script>alert("x")</script> {{ 7 * 7 }} </script>'
    data = data_of(paper(0, title=title, notes="<img src=x onerror=alert(1)>"))
    assert data["papers"][0][1] == title
    assert {"img", "onerror", "src"} <= set(rows_by_title(data)[title]["words"].split())


def test_the_same_catalog_gives_the_same_bytes_whatever_the_input_order():
    papers = [paper(index, published=f"2024-01-{index + 1:02d}", abstract=f"word{index} shared words") for index in range(5)]
    catalog = Catalog(papers=tuple(papers), listings=(), themes=())
    reordered = Catalog(papers=tuple(reversed(papers)), listings=(), themes=())
    first = render_filter_data(index_catalog(catalog)).text
    assert first == render_filter_data(index_catalog(reordered)).text


def test_numbers_are_written_compactly_and_read_back():
    assert encode_numbers([0, 1, 40]) == "AB1H"
    assert encode_numbers([]) == ""
    numbers = [3, 31, 32, 33, 1000, 1031, 40000, 10_000_000]
    assert decode_numbers(encode_numbers(numbers)) == numbers
    assert len(encode_numbers(list(range(0, 7000, 60)))) == 2 * len(range(0, 7000, 60)) - 1  # a gap of 60: two digits


def test_with_a_memo_only_changed_papers_have_their_words_found_again():
    from dataclasses import replace

    from generator.memo import Memo
    papers = tuple(paper(index, published=f"2024-01-{index + 1:02d}", abstract=f"alpha{index} beta") for index in range(3))
    memo = Memo()
    first = Catalog(papers=papers, listings=(), themes=())
    memo.start()
    assert render_filter_data(index_catalog(first), memo).text == render_filter_data(index_catalog(first)).text
    edited = Catalog(papers=(replace(papers[0], notes="gamma"),) + papers[1:], listings=(), themes=())
    memo.start()
    text = render_filter_data(index_catalog(edited), memo).text
    assert text == render_filter_data(index_catalog(edited)).text
    assert memo.tables["filter words"][1] and len(memo.tables["filter words"][1]) == 3
    assert "gamma" in json.loads(text)["vocabulary"]
