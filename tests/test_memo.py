"""Tests for the memo serve's rebuilds keep: values reused only for equal inputs, same output as without."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from sitebuild import DATA, ROOT

from generator import addresses, build, render
from generator.memo import Memo, memo_table
from generator.render import list_template_is_memoizable, make_environment, paper_template_is_memoizable
from generator.settings import load_settings


def fixture_project(tmp_path: Path) -> Path:
    """Lay out a project of the fixture listings with the shipped themes and templates."""
    project = tmp_path / "project"
    shutil.copytree(DATA / "fixture_seeds", project / "seeds")
    shutil.copy2(ROOT / "themes.yml", project / "themes.yml")
    shutil.copytree(ROOT / "site_templates", project / "site_templates")
    return project


def test_a_table_keeps_only_what_the_last_build_used_and_forgets_it_under_another_context():
    memo = Memo()
    first = memo.table("stage", context="rules v1")
    assert first.get("a", lambda: 1) == 1 and first.get("b", lambda: 2) == 2
    second = memo.table("stage", context="rules v1")
    assert "a" in second and second.get("a", lambda: 99) == 1 and second.reused == 1
    third = memo.table("stage", context="rules v1")
    assert "a" in third and "b" not in third  # b was not used by the second build
    fourth = memo.table("stage", context="rules v2")
    assert "a" not in fourth and fourth.get("a", lambda: 3) == 3


def test_without_a_memo_a_table_keeps_nothing():
    table = memo_table(None, "stage")
    table.get("a", lambda: 1)
    assert "a" not in memo_table(None, "stage")


def test_a_rebuild_with_the_memo_makes_the_pages_a_build_without_it_makes(tmp_path: Path):
    project = fixture_project(tmp_path)
    settings, _ = load_settings(project, cache=False)
    memo = Memo()
    build.run(settings, memo=memo)
    listing = project / "seeds" / "01_flat.txt"
    listing.write_text(listing.read_text(encoding="utf-8").replace("Memory drops", "Memory falls"), encoding="utf-8")
    themes = project / "themes.yml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("FedAvg,", "FedAvg, auxiliary network,"),
                      encoding="utf-8")
    with_memo = build.run(settings, memo=memo)
    without = build.run(settings)
    assert with_memo.catalog == without.catalog
    assert with_memo.pages == without.pages
    assert memo.tables["listings"][1] and memo.tables["paper pages"][1]


def test_a_paper_template_that_reads_more_of_the_site_is_rendered_every_time(tmp_path: Path):
    shipped = ROOT / "site_templates" / "paper.md.j2"
    assert paper_template_is_memoizable(str(shipped))
    text = shipped.read_text(encoding="utf-8")
    for addition in ("{{ site.catalog.papers | length }}", "{% include 'other.md' %}", "{{ paper.position }}",
                     "{% for related in paper.related %}{{ related.score }}{% endfor %}", "{{ site }}"):
        custom = tmp_path / "paper.md.j2"
        custom.write_text(text + addition, encoding="utf-8")
        assert not paper_template_is_memoizable(str(custom)), addition


def test_a_list_template_that_reads_more_than_its_key_is_rendered_every_time(tmp_path: Path):
    shipped = make_environment(ROOT / "site_templates")
    for name in ("papers.md.j2", "theme.md.j2", "unsorted.md.j2", "listing.md.j2"):
        assert list_template_is_memoizable(shipped, name), name
    for addition in ("{{ site.paper_by_id | length }}", "{% for paper in papers %}{{ paper.related }}{% endfor %}",
                     "{{ papers[0].position }}", "{% include name_worked_out %}", "{{ site }}",
                     "{{ site.entries_by_listing.get('other.txt') }}"):
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        shutil.copytree(ROOT / "site_templates", folder)
        (folder / "partials" / "paper_table.html.j2").write_text(
            (folder / "partials" / "paper_table.html.j2").read_text(encoding="utf-8") + addition, encoding="utf-8")
        environment = make_environment(folder)
        assert not list_template_is_memoizable(environment, "theme.md.j2"), addition  # through its include
        assert list_template_is_memoizable(environment, "papers.md.j2")  # which does not include it
    # Words in the page's text are not reads: "site" in an attribute name, "related" in prose.
    (tmp_path / "words").mkdir()
    (tmp_path / "words" / "papers.md.j2").write_text('<a data-site-root="/">related papers</a>{# site #}', encoding="utf-8")
    assert list_template_is_memoizable(make_environment(tmp_path / "words"), "papers.md.j2")


def test_a_title_edit_renders_again_only_the_list_pages_that_show_the_paper(tmp_path: Path, monkeypatch):
    project = fixture_project(tmp_path)
    settings, _ = load_settings(project, cache=False)
    memo = Memo()
    first = build.run(settings, memo=memo)
    paper = next(paper for paper in first.catalog.papers if paper.themes and len(paper.sources) == 1)
    listing = project / "seeds" / paper.sources[0].listing
    listing.write_text(listing.read_text(encoding="utf-8").replace(paper.title, paper.title + " revised", 1),
                       encoding="utf-8")
    rendered: list[str] = []
    real = render.render_page
    monkeypatch.setattr(render, "render_page", lambda environment, template, source, *args, **values:
                        rendered.append(source) or real(environment, template, source, *args, **values))
    with_memo = build.run(settings, memo=memo)
    list_pages = {source for source in rendered if source == addresses.ALL_PAPERS or source.startswith(
        ("themes/", f"{addresses.ALL_PAPERS_FOLDER}/", "listings/")) and source not in (addresses.THEMES, addresses.LISTINGS)}
    pages = {page.path: page.text for page in with_memo.pages}
    showing = {path for path in list_pages if paper.title + " revised" in pages[path]}
    assert list_pages == showing  # every list page rendered again shows the edited paper…
    assert {theme for theme in paper.themes if any(path.startswith(f"themes/{theme}") for path in showing)} \
        == set(paper.themes)  # …its themes' pages, its listing's page and an all-papers page among them
    assert any(path.startswith("listings/") for path in showing) and addresses.ALL_PAPERS in showing
    monkeypatch.setattr(render, "render_page", real)
    assert with_memo.pages == build.run(settings).pages


def test_a_note_edited_keeps_the_related_papers_positions_and_map_and_a_word_recomputes_them(tmp_path: Path,
                                                                                               monkeypatch):
    """A curator's note changes no title, abstract or theme: the related papers, the map's
    positions and the map are the last build's. An abstract word computes them again, the
    related papers from the last search."""
    project = fixture_project(tmp_path)
    settings, _ = load_settings(project, cache=False)
    calls = []
    real_vectors, real_search, real_map = build.vectorize_papers, build.search_related, render.render_catalog_map
    monkeypatch.setattr(build, "vectorize_papers", lambda *args: calls.append("vectors") or real_vectors(*args))
    monkeypatch.setattr(build, "search_related", lambda *args: calls.append("full search") or real_search(*args))
    monkeypatch.setattr(render, "render_catalog_map", lambda *args: calls.append("map") or real_map(*args))
    memo = Memo()
    build.run(settings, memo=memo)
    assert calls == ["vectors", "full search", "map"]
    curator = project / "seeds" / "papers.yml"
    text = curator.read_text(encoding="utf-8")
    assert text.count("papers:") == 1
    curator.write_text(text.replace("papers:", "papers:\n- paper: Neural Operators for PDEs\n  note: Read it twice."),
                       encoding="utf-8")
    calls.clear()
    noted = build.run(settings, memo=memo)
    assert calls == []
    assert "Read it twice." in next(paper.notes for paper in noted.catalog.papers if paper.title == "Neural Operators for PDEs")
    without = build.run(settings)
    assert noted.catalog == without.catalog and noted.pages == without.pages
    calls.clear()
    listing = project / "seeds" / "01_flat.txt"
    listing.write_text(listing.read_text(encoding="utf-8").replace("Memory drops", "Memory falls"), encoding="utf-8")
    edited = build.run(settings, memo=memo)
    assert calls == ["vectors", "map"]  # the related papers searched again only where the word reaches
    assert edited.pages == build.run(settings).pages


def test_a_serve_started_from_the_cache_redoes_only_what_its_first_edit_changes(tmp_path: Path, monkeypatch):
    project = fixture_project(tmp_path)
    settings, _ = load_settings(project)
    assert settings.cache
    build.run(settings, memo=Memo())  # the first serve: builds, and saves its memo with the cache
    calls = []
    real_vectors = build.vectorize_papers
    monkeypatch.setattr(build, "vectorize_papers", lambda *args: calls.append("vectors") or real_vectors(*args))
    memo = Memo()  # serve started again: nothing changed, so the cache answers
    started = build.run(settings, memo=memo)
    assert started.reused and calls == []
    curator = project / "seeds" / "papers.yml"
    text = curator.read_text(encoding="utf-8")
    curator.write_text(text.replace("papers:", "papers:\n- paper: Neural Operators for PDEs\n  note: Read it twice.", 1),
                       encoding="utf-8")
    edited = build.run(settings, memo=memo)
    assert not edited.reused and calls == []  # the related papers came from the saved memo
    assert edited.pages == build.run(replace(settings, cache=False)).pages


def test_a_theme_renamed_matches_no_paper_again_and_shows_the_new_name(tmp_path: Path, monkeypatch):
    from generator import themes as theme_stage

    project = fixture_project(tmp_path)
    settings, _ = load_settings(project, cache=False)
    memo = Memo()
    build.run(settings, memo=memo)
    themes = project / "themes.yml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("name: Local & Backprop-Free Learning",
                                                                  "name: Local Learning, renamed", 1), encoding="utf-8")
    scored: list[str] = []
    real = theme_stage.score_paper
    monkeypatch.setattr(theme_stage, "score_paper", lambda paper, *args: scored.append(paper.id) or real(paper, *args))
    rendered: list[str] = []
    real_render = render.render_page
    monkeypatch.setattr(render, "render_page", lambda environment, template, source, *args, **values:
                        rendered.append(source) or real_render(environment, template, source, *args, **values))
    with_memo = build.run(settings, memo=memo)
    monkeypatch.setattr(render, "render_page", real_render)
    assert scored == []  # a name is not a rule: every paper keeps its matches
    pages = {page.path: page.text for page in with_memo.pages}
    assert "Local Learning, renamed" in pages["themes/index.md"]
    paper_pages = {paper.source for paper in with_memo.catalog.papers}
    again = paper_pages & set(rendered)
    # Only the paper pages that read the renamed theme are rendered again; each shows the new name.
    assert again and len(again) < len(paper_pages)
    assert all("Local Learning, renamed" in pages[path] for path in again)
    assert not any("Local Learning, renamed" in pages[path] for path in paper_pages - again)
    themes.write_text(themes.read_text(encoding="utf-8").replace("FedAvg,", "FedAvg, auxiliary network,"),
                      encoding="utf-8")
    build.run(settings, memo=memo)
    assert scored  # a phrase is: the papers are matched again
    monkeypatch.setattr(theme_stage, "score_paper", real)
    assert build.run(settings, memo=memo).pages == build.run(settings).pages


def test_a_kept_page_holds_while_every_entry_it_read_or_missed_is_as_it_was():
    from generator.render import NotedLookup, SiteReads

    lookup = NotedLookup({"a": 1, "c": 3}, lambda value: value)
    assert lookup["a"] == 1 and "b" not in lookup and lookup.get("z") is None
    found = (("x", tuple(lookup.noted.items())),)
    assert dict(found[0][1]) == {"a": 1, "b": None, "z": None}  # "c" was not read
    assert SiteReads.still_hold(found, {"x": {"a": 1, "c": 30}})  # a change it did not read
    assert not SiteReads.still_hold(found, {"x": {"a": 2, "c": 3}})  # one it read
    assert not SiteReads.still_hold(found, {"x": {"a": 1, "b": 2}})  # one it missed, now there
    list(lookup)  # going through all of it reads all of it
    assert not SiteReads.still_hold((("x", tuple(lookup.noted.items())),), {"x": {"a": 1, "c": 30}})
