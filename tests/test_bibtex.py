"""Tests for BibTeX entries: fields that parse back, authors that round-trip, and stable citation keys."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from dataclasses import replace

import bibtexparser
import pytest
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

from generator.bibtex import (BIBTEX_SPECIALS, bibtex_entries, bibtex_entry, bibtex_fields, citation_keys, escape_bibtex,
                              render_bibliography, suffixed_key)
from generator.models import Link, Paper, SourceRef, Theme

NASTY = r"Ünïcödé & 100% $x$ #1 a_b {c} ~d ^e \f — 量子 }{\\ 50%"
UNESCAPE_RE = re.compile("|".join(re.escape(value) for value in BIBTEX_SPECIALS.values()))
UNESCAPE = {value: key for key, value in BIBTEX_SPECIALS.items()}
THEMES = {"graphs": Theme("graphs", "Graph learning", "d"), "vision": Theme("vision", "Vision & images", "d")}
AUTHORS = ("Ashish Vaswani", "Ludwig van Beethoven", "Søren Højsgaard", "Łukasz Kaiser", "José García-López",
           "OpenAI", "Martin Luther King", "Rock and Roll", "A {B} \\c", "张伟")


def make_paper(slug: str, title: str = "A title", published: str | None = "2024-02-03", **fields) -> Paper:
    """Return a paper with one source line and any other fields given."""
    fields.setdefault("sources", (SourceRef("a.txt", 1),))
    return Paper(key=slug, title=title, abstract=fields.pop("abstract", "x"), published=published, id=slug, **fields)


def full_paper() -> Paper:
    """Return a paper that knows every fact an entry writes."""
    return make_paper("attention", "Attention Is All You Need", "2017-06-12", authors=AUTHORS,
                      abstract="We propose\nthe Transformer: 100% attention.", arxiv_id="1706.03762",
                      doi="10.48550/arXiv.1706.03762", themes=("graphs", "vision"),
                      links=(Link("https://example.org/paper.pdf", "paper"),))


def unescape_bibtex(text: str) -> str:
    """Undo ``escape_bibtex`` exactly (the test's inverse of the escape table)."""
    return UNESCAPE_RE.sub(lambda match: UNESCAPE[match.group(0)], text)


def parse_entries(text: str) -> dict[str, dict[str, str]]:
    """Parse BibTeX and return key -> field -> value, braces around a value taken off."""
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    return {entry.key: {field.key: strip_braces(field.value) for field in entry.fields} for entry in library.entries}


def strip_braces(value: str) -> str:
    """Take off the braces that enclose a whole value (one pair, two around a title)."""
    while value.startswith("{") and value.endswith("}") and balanced(value[1:-1]):
        value = value[1:-1]
    return value


def balanced(text: str) -> bool:
    """Tell whether braces balance in text, never closing more than were opened."""
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def parsed_authors(entry_text: str) -> list[str]:
    """Parse one entry's author field as BibTeX names and return them as ``First von Last`` text."""
    library = bibtexparser.parse_string(entry_text, append_middleware=[SeparateCoAuthors(), SplitNameParts()])
    return [unescape_bibtex(strip_braces(parts.merge_first_name_first))
            for parts in library.entries[0].fields_dict["author"].value]


def test_escape_round_trips_every_special_character():
    assert unescape_bibtex(escape_bibtex(NASTY)) == NASTY


def test_escaped_braces_stay_balanced():
    assert balanced(escape_bibtex("a { b }} c {"))


def test_entry_parses_back_to_every_field():
    fields = parse_entries(bibtex_entry(full_paper(), "vaswani2017attention", THEMES))["vaswani2017attention"]
    assert list(fields) == ["author", "title", "year", "month", "eprint", "archivePrefix", "doi", "url", "abstract",
                            "keywords"]
    assert fields["title"] == "Attention Is All You Need"
    assert (fields["year"], fields["month"]) == ("2017", "jun")
    assert (fields["eprint"], fields["archivePrefix"]) == ("1706.03762", "arXiv")
    assert fields["doi"] == "10.48550/arXiv.1706.03762"
    assert fields["url"] == "https://arxiv.org/abs/1706.03762"
    assert unescape_bibtex(fields["abstract"]) == "We propose the Transformer: 100% attention."
    assert unescape_bibtex(fields["keywords"]) == "Graph learning, Vision & images"


def test_month_is_an_unquoted_macro():
    entry = bibtex_entry(make_paper("p", published="2023-11"), "k")
    assert "  month = nov,\n" in entry
    library = bibtexparser.parse_string(entry)
    assert library.entries[0].fields_dict["month"].value == "nov"


def test_authors_round_trip_as_bibtex_names():
    entry = bibtex_entry(full_paper(), "k", THEMES)
    assert entry.splitlines()[1] == (
        "  author = {Vaswani, Ashish and van Beethoven, Ludwig and Højsgaard, Søren and Kaiser, Łukasz and "
        "García-López, José and OpenAI and King, Martin Luther and {Rock and Roll} and "
        "{A \\textbraceleft{}B\\textbraceright{} \\textbackslash{}c} and 张伟},")
    assert parsed_authors(entry) == list(AUTHORS)


def test_hostile_titles_parse_back_as_written():
    titles = {f"p{index}": title for index, title in
              enumerate((NASTY, "}{\\", "100% sure", "a } b", "{", "\\", "%comment", "@misc{x,"))}
    papers = tuple(make_paper(slug, title) for slug, title in titles.items())
    text = render_bibliography(papers, bibtex_entries(papers, {slug: slug for slug in titles}, THEMES))
    assert {key: unescape_bibtex(fields["title"]) for key, fields in parse_entries(text).items()} == titles


def test_url_is_arxiv_then_a_paper_link_and_note_only_without_either():
    linked = make_paper("p", links=(Link("https://example.org/code", "code"), Link("https://x.org/p.pdf", "paper")))
    assert parse_entries(bibtex_entry(linked, "k"))["k"]["url"] == "https://x.org/p.pdf"
    project_only = make_paper("q", "Neural Operators", links=(Link("https://example.org/site", "project"),))
    fields = parse_entries(bibtex_entry(project_only, "k"))["k"]
    assert "url" not in fields
    assert fields["note"] == "Found via https://huggingface.co/papers?q=Neural+Operators"
    with_doi = make_paper("r", doi="10.1000/a_b%7B")
    assert parse_entries(bibtex_entry(with_doi, "k"))["k"].keys() == {"title", "year", "month", "doi", "abstract"}


def test_verbatim_fields_percent_encode_what_would_break_the_entry():
    paper = make_paper("p", links=(Link("https://x.org/a b{c}\\d", "paper"),))
    assert parse_entries(bibtex_entry(paper, "k"))["k"]["url"] == "https://x.org/a%20b%7Bc%7D%5Cd"


def test_bare_entry_keeps_the_page_format():
    assert bibtex_entry(make_paper("p", "Neural Operators for PDEs", None, abstract=""), "operators") == (
        "@misc{operators,\n  title = {{Neural Operators for PDEs}},\n"
        "  note = {Found via https://huggingface.co/papers?q=Neural+Operators+for+PDEs}\n}\n")


def test_entry_without_a_key_takes_the_base_key():
    assert bibtex_entry(full_paper()).startswith("@misc{vaswani2017attention,\n")


@pytest.mark.parametrize(("authors", "title", "published", "key"), [
    (("Ashish Vaswani",), "Attention Is All You Need", "2017-06-12", "vaswani2017attention"),
    (("Rishi Bommasani",), "On the Opportunities and Risks of Foundation Models", "2021", "bommasani2021opportunities"),
    (("Ludwig van Beethoven",), "Towards a Symphony", "1808-12", "beethoven1808symphony"),
    (("Søren Højsgaard",), "Graphical Models", None, "hojsgaardndgraphical"),
    (("Łukasz Kaiser",), "Self-Supervised Learning", "2020", "kaiser2020self"),
    (("张伟",), "量子 Computing", "2024", "zhangwei2024liang"),
    (("José García-López",), "2 Things", "2024", "garcialopez2024things"),
    ((), "Attention Is All You Need", "2017", "attention2017all"),
    ((), "The Transformer", "2017", "transformer2017"),
    ((), "🚀🚀", None, "papernd"),
    (("{Broken",), "Title", "2020", "broken2020title"),
])
def test_base_keys_are_lastname_year_word(authors, title, published, key):
    paper = make_paper("slug", title, published, authors=authors)
    assert citation_keys((paper,)) == {"slug": key}


def test_papers_sharing_a_base_key_keep_the_first_seen_bare():
    early = make_paper("early", "Deep Learning", "2015", authors=("Yann LeCun",), added="2024-01-02",
                       sources=(SourceRef("b.txt", 9),))
    later = make_paper("later", "Deep Learning", "2015", authors=("Yann LeCun",), added="2024-03-01",
                       sources=(SourceRef("a.txt", 1),))
    undated = make_paper("undated", "Deep Nets", "2015", authors=("Yann LeCun",), sources=(SourceRef("a.txt", 2),))
    keys = citation_keys((undated, later, early))
    assert keys == {"early": "lecun2015deep", "later": f"lecun2015deep-{sha1('later')[:4]}",
                    "undated": f"lecun2015deep-{sha1('undated')[:4]}"}


def test_without_added_days_the_first_source_line_wins():
    first = make_paper("first", "Deep", "2015", authors=("Y L",), sources=(SourceRef("a.txt", 2),))
    second = make_paper("second", "Deep", "2015", authors=("Y L",), sources=(SourceRef("a.txt", 10),))
    assert citation_keys((second, first))["first"] == "l2015deep"


def test_a_newcomer_never_changes_an_existing_key():
    catalog = tuple(make_paper(f"p{index}", "Graph Networks", "2020", authors=("Ada Lovelace",),
                               added="2024-01-01", sources=(SourceRef("a.txt", index + 1),)) for index in range(20))
    before = citation_keys(catalog)
    newcomer = make_paper("new", "Graph Networks", "2020", authors=("Ada Lovelace",), added="2024-06-01",
                          sources=(SourceRef("0-first.txt", 1),))
    after = citation_keys((newcomer,) + catalog)
    assert {paper_id: after[paper_id] for paper_id in before} == before
    assert after["new"] == f"lovelace2020graph-{sha1('new')[:4]}"
    assert len(set(after.values())) == len(after)


def test_keys_stay_unique_when_suffixes_meet():
    assert suffixed_key("k", "id", {"k", f"k-{sha1('id')[:4]}"}) == f"k-{sha1('id')[:6]}"
    papers = tuple(make_paper(f"paper-{index}", "Same Title", "2020", authors=("Ann Lee",),
                              sources=(SourceRef("a.txt", index + 1),)) for index in range(2000))
    keys = citation_keys(papers)
    assert len(set(keys.values())) == 2000
    assert keys == citation_keys(tuple(reversed(papers)))


def test_bibliography_uses_the_keys_given_and_parses_back():
    papers = tuple(make_paper(f"p{index}", f"{NASTY} {index}", None if index % 2 else "2023-01-01",
                              authors=AUTHORS[index:index + 2]) for index in range(5))
    keys = citation_keys(papers)
    parsed = parse_entries(render_bibliography(papers, bibtex_entries(papers, keys, THEMES)))
    assert list(parsed) == [keys[paper.id] for paper in papers]
    assert [unescape_bibtex(fields["title"]) for fields in parsed.values()] == [paper.title for paper in papers]


def test_empty_bibliography_is_empty():
    assert render_bibliography((), {}) == ""


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="the bibtex program is not installed")
def test_real_bibtex_warns_only_about_the_paper_without_authors(tmp_path):
    papers = (full_paper(),) + tuple(
        replace(make_paper(f"p{index}", title, published, authors=AUTHORS[index:index + 3]),
                arxiv_id="2401.0000" + str(index) if index % 2 else None)
        for index, (title, published) in enumerate(((NASTY, "2024-05-06"), ("}{\\ 100%", "2021"),
                                                    ("Plain title", None), ("Ünïcödé ~ ^", "2019-12"))))
    papers += (make_paper("anon", "Nobody Wrote This", "2020"),)
    keys = citation_keys(papers)
    bibliography = render_bibliography(papers, bibtex_entries(papers, keys, THEMES))
    (tmp_path / "papers.bib").write_text(bibliography, encoding="utf-8")
    citations = "".join(f"\\citation{{{keys[paper.id]}}}\n" for paper in papers)
    (tmp_path / "cite.aux").write_text(citations + "\\bibstyle{plain}\n\\bibdata{papers}\n", encoding="utf-8")
    result = subprocess.run(["bibtex", "cite"], cwd=tmp_path, capture_output=True, text=True, check=False)
    log = (tmp_path / "cite.blg").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, log
    warnings = [line for line in log.splitlines() if line.startswith("Warning--")]
    assert warnings and all(line.endswith(f" in {keys['anon']}") for line in warnings), log
    assert (tmp_path / "cite.bbl").read_text(encoding="utf-8").count("\\bibitem") == len(papers)


def sha1(text: str) -> str:
    """Return the hex SHA-1 of text, as keys' suffixes use it."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="the bibtex program is not installed")
def test_real_bibtex_on_the_fixture_catalog_warns_only_about_papers_without_authors(tmp_path):
    """The fixture's papers.bib as a build writes it (two papers have authors from its lookup file)."""
    from sitebuild import DATA

    from generator import build
    from generator.catalog_index import index_catalog
    from generator.settings import load_settings

    shutil.copytree(DATA / "fixture_seeds", tmp_path / "seeds")
    shutil.copy2(DATA / "fixture_themes.yml", tmp_path / "themes.yml")
    settings, problems = load_settings(tmp_path, cache=False)
    report = build.run(settings, problems)
    bibliography = next(page.text for page in report.pages if page.path == "papers.bib")
    keys = index_catalog(report.catalog).citation_keys
    assert all(f"@misc{{{key}," in bibliography for key in keys.values())
    authored = {keys[paper.id] for paper in report.catalog.papers if paper.authors}
    assert len(authored) == 2
    (tmp_path / "papers.bib").write_text(bibliography, encoding="utf-8")
    citations = "".join(f"\\citation{{{key}}}\n" for key in keys.values())
    (tmp_path / "cite.aux").write_text(citations + "\\bibstyle{plain}\n\\bibdata{papers}\n", encoding="utf-8")
    result = subprocess.run(["bibtex", "cite"], cwd=tmp_path, capture_output=True, text=True, check=False)
    log = (tmp_path / "cite.blg").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, log
    warned = {line.rsplit(" in ", 1)[-1] for line in log.splitlines() if line.startswith("Warning--")}
    assert warned and not warned & authored, log


def test_a_comma_in_a_theme_name_does_not_split_its_keyword():
    from generator.csl import csl_item

    themes = {"compression": Theme("compression", "Pruning, Quantization & Compression", "d"), **THEMES}
    paper = make_paper("p", themes=("compression", "graphs"))
    fields = dict(bibtex_fields(paper, themes))
    assert unescape_bibtex(fields["keywords"].strip("{}")) == "Pruning Quantization & Compression, Graph learning"
    assert csl_item(paper, "p2024title", themes)["keyword"] == "Pruning Quantization & Compression, Graph learning"
