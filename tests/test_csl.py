"""Tests for the CSL-JSON export: valid against the official schema, every fact in its CSL variable."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.bibtex import citation_keys
from generator.csl import csl_item, csl_name, render_csl
from generator.models import Link, Paper, SourceRef, Theme

SCHEMA = json.loads((Path(__file__).parent / "data" / "csl-data.json").read_text(encoding="utf-8"))
THEMES = {"graphs": Theme("graphs", "Graph learning", "d"), "vision": Theme("vision", "Vision", "d")}
HOSTILE = 'Ünïcödé <i>x</i> "q" }{\\ 100% 量子'


def make_paper(slug: str, title: str = "A title", published: str | None = "2024-02-03", **fields) -> Paper:
    """Return a paper with one source line and any other fields given."""
    return Paper(key=slug, title=title, abstract=fields.pop("abstract", "An abstract."),
                 sources=(SourceRef("a.txt", 1),), published=published, id=slug, **fields)


def papers() -> tuple[Paper, ...]:
    """Return a preprint, a journal paper, a bare paper and one with hostile text."""
    return (
        make_paper("attention", "Attention Is All You Need", "2017-06-12",
                   authors=("Ashish Vaswani", "Ludwig van Beethoven", "OpenAI"), arxiv_id="1706.03762",
                   doi="10.48550/arXiv.1706.03762", themes=("graphs", "vision")),
        make_paper("journal", "Deep Learning", "2015-05", authors=("Yann LeCun",), venue="Nature",
                   arxiv_id="1501.00001", links=(Link("https://doi.org/10.1038/nature14539", "paper"),)),
        make_paper("bare", "Bare\npaper", None, abstract=""),
        make_paper("hostile", HOSTILE, "2020", authors=("Zoë {Ångström}", "Rock and Roll"), venue="arXiv preprint"),
    )


def render_items() -> list[dict]:
    """Render the test papers and parse the JSON back."""
    return json.loads(render_csl(papers(), citation_keys(papers()), THEMES))


def test_export_is_valid_against_the_csl_data_schema():
    jsonschema.validate(render_items(), SCHEMA, cls=jsonschema.Draft7Validator)


def test_schema_rejects_what_csl_does_not_know():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "article", "arxiv": "1"}], SCHEMA, cls=jsonschema.Draft7Validator)


def test_preprint_is_written_as_zotero_writes_one():
    assert render_items()[0] == {
        "id": "vaswani2017attention", "type": "article", "title": "Attention Is All You Need",
        "author": [{"family": "Vaswani", "given": "Ashish"},
                   {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
                   {"literal": "OpenAI"}],
        "issued": {"date-parts": [[2017, 6, 12]]}, "publisher": "arXiv", "number": "arXiv:1706.03762",
        "DOI": "10.48550/arXiv.1706.03762", "URL": "https://arxiv.org/abs/1706.03762",
        "abstract": "An abstract.", "keyword": "Graph learning, Vision",
    }


def test_paper_with_a_venue_is_a_journal_article():
    assert render_items()[1] == {
        "id": "lecun2015deep", "type": "article-journal", "title": "Deep Learning",
        "author": [{"family": "LeCun", "given": "Yann"}], "issued": {"date-parts": [[2015, 5]]},
        "container-title": "Nature", "note": "arXiv:1501.00001", "URL": "https://arxiv.org/abs/1501.00001",
        "abstract": "An abstract.",
    }


def test_bare_paper_has_only_what_it_knows():
    assert render_items()[2] == {"id": "barendpaper", "type": "article", "title": "Bare paper"}


def test_hostile_text_and_unsplittable_names_are_kept_as_written():
    item = render_items()[3]
    assert item["type"] == "article" and "container-title" not in item  # arXiv is no venue
    assert item["title"] == HOSTILE
    assert item["author"] == [{"literal": "Zoë {Ångström}"}, {"literal": "Rock and Roll"}]
    assert item["issued"] == {"date-parts": [[2020]]}


@pytest.mark.parametrize(("name", "csl"), [
    ("Søren Højsgaard", {"family": "Højsgaard", "given": "Søren"}),
    ("José García-López", {"family": "García-López", "given": "José"}),
    ("Jean de la Fontaine", {"family": "Fontaine", "given": "Jean", "non-dropping-particle": "de la"}),
    ("King, Jr., Martin Luther", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
    ("张伟", {"literal": "张伟"}),
    ("  ", {"literal": ""}),
])
def test_names_split_as_bibtex_splits_them(name, csl):
    assert csl_name(name) == csl


def test_ids_are_the_citation_keys():
    keys = citation_keys(papers())
    assert [item["id"] for item in render_items()] == [keys[paper.id] for paper in papers()]
    assert csl_item(papers()[0], "given-key", THEMES)["id"] == "given-key"


def test_output_is_deterministic_and_ends_with_a_newline():
    text = render_csl(papers(), citation_keys(papers()), THEMES)
    assert text == render_csl(papers(), citation_keys(papers()), THEMES)
    assert text.endswith("]\n") and text.startswith("[\n  {\n    \"id\": ")
    assert render_csl((), {}, THEMES) == "[]\n"
