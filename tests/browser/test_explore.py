"""Charts, the map and the exports on the built fixture site."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from urllib.request import urlopen

import bibtexparser
from playwright.sync_api import expect


def test_statistics_page_shows_charts_with_text_alternatives(page, site_url):
    page.goto(site_url + "stats/")
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 4
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.locator("title").count() >= 1 and chart.locator("desc").count() >= 1
    assert page.problems == []


def test_map_points_link_to_every_paper(page, site_url, built_site):
    catalog = json.loads((built_site / "paper-catalog" / "catalog.json").read_text(encoding="utf-8"))
    page.goto(site_url + "map/")
    links = page.locator("svg a")
    expect(links).to_have_count(len(catalog["papers"]))
    href = links.first.get_attribute("href")
    links.first.dispatch_event("click")
    page.wait_for_url("**/papers/**")
    assert page.locator("h1.paper-title").count() == 1, href


def test_theme_page_has_a_year_chart_and_its_exports(page, site_url):
    page.goto(site_url + "themes/scientific-ml/")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    page.get_by_role("link", name="BibTeX").click()
    assert page.url.endswith("themes/scientific-ml.bib")


def test_exports_linked_from_home_parse_back(page, site_url, built_site):
    catalog = json.loads((built_site / "paper-catalog" / "catalog.json").read_text(encoding="utf-8"))
    ids = sorted(paper["id"] for paper in catalog["papers"])
    page.goto(site_url)
    hrefs = {link.inner_text(): link.get_attribute("href") for link in page.locator(".home-exports a").all()}
    def fetch(name):
        with urlopen(site_url + hrefs[name]) as response:
            assert response.status == 200
            return response.read().decode("utf-8-sig")  # papers.csv starts with a BOM, for spreadsheets
    keys = sorted(paper["citation_key"] for paper in catalog["papers"])
    assert sorted(row["id"] for row in csv.DictReader(io.StringIO(fetch("papers.csv")))) == ids
    assert sorted(entry.key for entry in bibtexparser.parse_string(fetch("papers.bib")).entries) == keys
    assert sorted(item["id"] for item in json.loads(fetch("papers.csl.json"))) == keys
    feed = ET.fromstring(fetch("Atom feed"))
    dated = [paper for paper in catalog["papers"] if paper["published"] or paper["added"]]
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == len(dated) >= 4
    assert json.loads(fetch("catalog.json"))["papers"] == catalog["papers"]
