"""Tests over the real bundled seeds: totals, places and clean text."""

from __future__ import annotations

import re

import pytest

from sitebuild import ROOT
from generator.build import build_catalog
from generator.normalize import clean_text, title_key
from generator.readers.hf_page import GLUED_CHROME_RE
from generator.catalog_index import index_catalog
from generator.report import listing_totals
from generator.settings import load_settings

TEX_RESIDUE = (r"\%", r"\textbf", r"\textit", r"{\it", r"\'", r"\&")


@pytest.fixture(scope="module")
def seed_catalog():
    settings, problems = load_settings(ROOT)
    return build_catalog(settings, problems)


def test_seed_totals_balance(seed_catalog):
    totals = listing_totals(index_catalog(seed_catalog))
    assert sum(total.read for total in totals) == 427
    assert all(total.read == total.kept + total.dropped for total in totals)
    assert sum(total.dropped for total in totals) == 0
    assert len(seed_catalog.papers) == 364
    assert {listing.shape for listing in seed_catalog.listings} == {"flat", "spaced", "cards"}


def test_every_source_line_holds_its_title(seed_catalog):
    lines = {listing.file: (ROOT / "seeds" / listing.file).read_text(encoding="utf-8").splitlines()
             for listing in seed_catalog.listings}
    for paper in seed_catalog.papers:
        for source in paper.sources:
            raw = GLUED_CHROME_RE.sub("", lines[source.listing][source.line - 1].strip())
            assert title_key(clean_text(raw)) == paper.key, f"{source} does not hold '{paper.title}'"


def test_no_tex_residue_in_any_abstract_or_title(seed_catalog):
    for paper in seed_catalog.papers:
        for residue in TEX_RESIDUE:
            assert residue not in paper.abstract and residue not in paper.title, (paper.sources[0], residue)


def test_seed_ids_are_unique_and_dates_iso(seed_catalog):
    ids = [paper.id for paper in seed_catalog.papers]
    assert len(set(ids)) == len(ids)
    dated = [paper.published for paper in seed_catalog.papers if paper.published]
    assert dated and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) for date in dated)


def test_code_links_are_found_in_the_seeds(seed_catalog):
    urls = {link.url: link.kind for paper in seed_catalog.papers for link in paper.links}
    assert urls["https://github.com/ChenxiangMA/AugLocal"] == "code"
    assert not any(url.endswith((".", ",", ")", ";")) for url in urls)


def test_seed_catalog_json_is_valid_against_the_shipped_schema(seed_catalog):
    import json

    import jsonschema

    from generator.export import catalog_schema_text, render_catalog_json
    from generator.catalog_index import index_catalog
    data = json.loads(render_catalog_json(index_catalog(seed_catalog)).text)
    jsonschema.validate(data, json.loads(catalog_schema_text()))
    assert len(data["papers"]) == 364 and sum(item["records"] for item in data["listings"]) == 427


def test_catalog_json_is_the_text_the_standard_json_module_writes(seed_catalog):
    import json

    from generator.export import catalog_data, render_catalog_json
    from generator.catalog_index import index_catalog
    index = index_catalog(seed_catalog)
    text = render_catalog_json(index).text
    assert text == json.dumps(catalog_data(index), ensure_ascii=False, indent=2) + "\n"
    assert "\u00e9" in text or "\u00fc" in text or "\u2013" in text  # non-ASCII written as is, like ensure_ascii=False
