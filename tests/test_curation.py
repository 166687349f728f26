"""Tests for the curator's file and the lookup file: who wins, what is matched, what is reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import build_catalog
from generator.lookup_file import Candidate, LookupEntry, write_lookup
from generator.models import Severity
from generator.settings import load_settings
from sitebuild import DATA

AUX = "local-learning-with-auxiliary-networks"
GRASSMANN = "Grassmann Class Representation for Transfer"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with the fixture listings and taxonomy."""
    shutil.copytree(DATA / "fixture_seeds", tmp_path / "seeds")
    shutil.copy2(DATA / "fixture_themes.yml", tmp_path / "themes.yml")
    return tmp_path


def catalog_of(project: Path):
    settings, problems = load_settings(project)
    catalog = build_catalog(settings, problems)
    return catalog, {paper.id: paper for paper in catalog.papers}


def curator(project: Path, text: str) -> None:
    (project / "seeds" / "papers.yml").write_text(text, encoding="utf-8")


def messages(catalog, file: str) -> list[tuple[int, str, str]]:
    return [(problem.line, problem.severity.value, problem.message)
            for problem in catalog.problems if problem.listing == file]


def exact(title: str, **facts) -> LookupEntry:
    return LookupEntry(title=title, source="huggingface", fetched="2026-11-30", match="exact", **facts)


def test_the_curator_beats_the_lookup_which_beats_the_listing(project: Path):
    write_lookup(project / "seeds" / "lookup.yml", [
        exact("Local Learning with Auxiliary Networks", arxiv_id="2401.00001", authors=("Ana Núñez", "Bo Li"),
              published="2024-01-03", upvotes=7, code="https://github.com/lookup/aux")])
    curator(project, f"papers:\n- paper: {AUX}\n  published: '2023-12'\n  code: https://github.com/curator/aux\n")
    catalog, papers = catalog_of(project)
    paper = papers[AUX]
    assert paper.arxiv_id == "2401.00001" and paper.authors == ("Ana Núñez", "Bo Li") and paper.authors_count == 2
    assert paper.published == "2023-12" and paper.upvotes == 7
    code = [link.url for link in paper.links if link.kind == "code"]
    assert code[0] == "https://github.com/curator/aux"  # the curator's first, then the lookup's and the listing's
    assert set(code) == {"https://github.com/curator/aux", "https://github.com/lookup/aux",
                         "https://github.com/example/local-aux"}
    origins = dict(paper.origins)
    assert origins["published"] == "papers.yml:3" and origins["code"] == "papers.yml:4"
    assert origins["authors"] == origins["arxiv_id"] == "lookup: huggingface 2026-11-30"
    assert origins["title"].startswith("01_flat.txt:")
    assert messages(catalog, "papers.yml") == [] and messages(catalog, "lookup.yml") == []


def test_notes_status_and_theme_edits(project: Path):
    _, before = catalog_of(project)
    original = before[AUX].themes
    assert original, "the fixture paper should have a theme to remove"
    curator(project, f"""papers:
- paper: {AUX}
  status: key
  note: |
    Read it with the group.
    <script>alert(1)</script> stays text.
  remove_themes: [{original[0]}]
  add_themes: [federated-learning]
""")
    _, papers = catalog_of(project)
    paper = papers[AUX]
    assert paper.status == "key"
    assert paper.notes == "Read it with the group.\n<script>alert(1)</script> stays text."
    assert original[0] not in paper.themes and "federated-learning" in paper.themes
    assert all(match.theme in paper.themes for match in paper.theme_matches)


def test_a_paper_is_named_by_id_arxiv_id_or_title(project: Path):
    write_lookup(project / "seeds" / "lookup.yml", [exact(GRASSMANN, arxiv_id="2402.00002")])
    curator(project, f"""papers:
- paper: arXiv:2402.00002
  status: read
- paper: "federated LEARNING under non-iid data"
  status: reading
- paper: {AUX}
  status: to-read
""")
    _, papers = catalog_of(project)
    statuses = {paper.title: paper.status for paper in papers.values() if paper.status}
    assert statuses == {GRASSMANN: "read", "Federated Learning under Non-IID Data": "reading",
                        "Local Learning with Auxiliary Networks": "to-read"}


def test_bad_entries_are_warnings_with_their_lines(project: Path):
    curator(project, f"""papers:
- paper: no-such-paper
  status: read
- paper: {AUX}
  status: done
  published: 2025-13-01
  arxiv_id: not-an-id
  colour: blue
  add_themes: [no-such-theme]
- paper: {AUX}
  note: twice
- just text
""")
    catalog, papers = catalog_of(project)
    found = messages(catalog, "papers.yml")
    lines = [line for line, severity, _ in found]
    assert all(severity == "warning" for _, severity, _ in found)
    assert lines == sorted(lines) and set(lines) == {2, 5, 6, 7, 8, 9, 10, 12}
    text = "\n".join(message for _, _, message in found)
    for part in ("'no-such-paper' names no paper", "status 'done' is not one of", "'2025-13-01' is not a date",
                 "'not-an-id' is not an arXiv id", "unknown key 'colour'", "'no-such-theme', which is not a theme",
                 "names local-learning-with-auxiliary-networks again (first at line 4)", "entry is not a mapping"):
        assert part in text
    assert papers[AUX].status is None and papers[AUX].notes == ""


@pytest.mark.parametrize("text, expected", [
    ("papers: [\n", "is not valid YAML"),
    ("- just a list\n", "must hold 'papers:'"),
    (b"\xff\xfe papers", "is not UTF-8 text"),
])
def test_a_broken_curator_file_is_one_error_and_the_build_goes_on(project: Path, text, expected):
    path = project / "seeds" / "papers.yml"
    path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text, encoding="utf-8")
    catalog, papers = catalog_of(project)
    found = messages(catalog, "papers.yml")
    assert len(found) == 1 and found[0][1] == "error" and expected in found[0][2]
    assert AUX in papers


def test_near_misses_are_reported_not_applied(project: Path):
    write_lookup(project / "seeds" / "lookup.yml", [
        LookupEntry(title=GRASSMANN, source="huggingface", fetched="2026-11-30", match="candidates",
                    candidates=(Candidate("2403.00003", "Towards Grassmann Class Representation for Transfer"),)),
        LookupEntry(title="A Paper Since Removed", source="huggingface", fetched="2026-11-30", match="none")])
    catalog, papers = catalog_of(project)
    grassmann = next(paper for paper in papers.values() if paper.title == GRASSMANN)
    assert grassmann.arxiv_id is None
    found = messages(catalog, "lookup.yml")
    assert [severity for _, severity, _ in found] == ["info", "info"]
    text = sorted(message for _, _, message in found)
    assert "no paper of the catalog any more" in text[0] and text[0].startswith("'A Paper Since Removed'")
    assert "may be arXiv:2403.00003" in text[1] and "not applied" in text[1]


def test_the_curator_and_lookup_files_are_not_read_as_listings(project: Path):
    curator(project, "papers: []\n")
    write_lookup(project / "seeds" / "lookup.yml", [])
    catalog, _ = catalog_of(project)
    assert {listing.file for listing in catalog.listings} == {"01_flat.txt", "02_spaced.txt", "03_cards.txt"}
    assert not [problem for problem in catalog.problems if problem.severity is not Severity.INFO
                and problem.listing in ("papers.yml", "lookup.yml")]


def test_dates_in_yaml_stay_text(project: Path):
    """YAML reads 2024-01-03 as a date, and 2024-13-03 as an exception; both stay ours to check."""
    (project / "seeds" / "lookup.yml").write_text(
        "papers:\n- title: Local Learning with Auxiliary Networks\n  source: huggingface\n"
        "  fetched: 2026-11-30\n  match: exact\n  published: 2024-01-03\n", encoding="utf-8")
    curator(project, f"papers:\n- paper: {AUX}\n  published: 2024-13-03\n")
    catalog, papers = catalog_of(project)
    assert papers[AUX].published == "2024-01-03"
    assert dict(papers[AUX].origins)["published"] == "lookup: huggingface 2026-11-30"
    assert any("'2024-13-03' is not a date" in message for _, _, message in messages(catalog, "papers.yml"))


def test_a_build_with_a_lookup_file_never_touches_the_network(project: Path, monkeypatch):
    """The lookup file is read offline: any connection attempt during a whole build fails the test."""
    import socket

    from generator import build

    write_lookup(project / "seeds" / "lookup.yml", [exact("Local Learning with Auxiliary Networks", arxiv_id="2401.00001")])
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("the build must not use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *args, **kwargs: refuse(None, args[0]))
    settings, problems = load_settings(project, cache=False)
    report = build.run(settings, problems)
    assert attempts == []
    assert {paper.id: paper.arxiv_id for paper in report.catalog.papers}[AUX] == "2401.00001"


def test_catalog_check_lists_the_candidates_to_confirm_and_the_undated(project: Path):
    from generator.catalog_index import index_catalog
    from generator.report import format_report

    shutil.copy2(DATA / "fixture_seeds" / "lookup.yml", project / "seeds" / "lookup.yml")
    catalog, papers = catalog_of(project)
    lines = format_report(index_catalog(catalog), "seeds", strict=False)
    undated = sum(1 for paper in papers.values() if not paper.published)
    assert f"seeds/lookup.yml: facts for 2 of 6 papers; {undated} still without a date" in lines
    confirm = [line for line in lines if "to accept one" in line]
    assert len(confirm) == 2 and any("arXiv:2501.10003 'Towards Graph Neural Networks at Scale'" in line
                                     for line in confirm)
    assert all(line.startswith("  seeds/lookup.yml:") for line in confirm)


def test_a_corrected_arxiv_id_keeps_the_other_papers_facts_out(project: Path):
    write_lookup(project / "seeds" / "lookup.yml", [
        exact("Local Learning with Auxiliary Networks", arxiv_id="2401.00001", authors=("Wrong Author",),
              published="2024-01-03", code="https://github.com/wrong/paper")])
    curator(project, f"papers:\n- paper: {AUX}\n  arxiv_id: 2401.00010\n")  # unquoted: YAML would make it a float
    catalog, papers = catalog_of(project)
    paper = papers[AUX]
    assert paper.arxiv_id == "2401.00010"
    assert paper.authors == () and paper.published is None
    assert "https://github.com/wrong/paper" not in [link.url for link in paper.links]
    assert any("about arXiv:2401.00001, but papers.yml says arXiv:2401.00010; not applied" in message
               for _, _, message in messages(catalog, "lookup.yml"))


def test_values_are_read_as_written_not_as_yaml_numbers_or_booleans(project: Path):
    curator(project, f"papers:\n- paper: {AUX}\n  note: yes\n  venue: 2024\n")
    catalog, papers = catalog_of(project)
    assert (papers[AUX].notes, papers[AUX].venue) == ("yes", "2024")
    assert messages(catalog, "papers.yml") == []


def test_a_lookup_entry_filed_under_the_curators_title_is_used(project: Path):
    write_lookup(project / "seeds" / "lookup.yml", [exact("Auxiliary Heads for Local Learning", arxiv_id="2401.00001")])
    curator(project, f"papers:\n- paper: {AUX}\n  title: Auxiliary Heads for Local Learning\n")
    catalog, papers = catalog_of(project)
    assert papers[AUX].title == "Auxiliary Heads for Local Learning" and papers[AUX].arxiv_id == "2401.00001"
    assert messages(catalog, "lookup.yml") == []


def test_a_confirmed_candidate_is_no_longer_offered(project: Path):
    write_lookup(project / "seeds" / "lookup.yml", [
        LookupEntry(title=GRASSMANN, source="huggingface", fetched="2026-11-30", match="candidates",
                    candidates=(Candidate("2403.00003", "Towards Grassmann Class Representation for Transfer"),))])
    curator(project, "papers:\n- paper: grassmann-class-representation-for-transfer\n  arxiv_id: '2403.00003'\n")
    catalog, papers = catalog_of(project)
    assert papers["grassmann-class-representation-for-transfer"].arxiv_id == "2403.00003"
    assert messages(catalog, "lookup.yml") == []


def test_two_papers_with_one_arxiv_id_are_a_warning(project: Path):
    curator(project, f"papers:\n- paper: {AUX}\n  arxiv_id: '2401.00001'\n"
                     "- paper: grassmann-class-representation-for-transfer\n  arxiv_id: '2401.00001'\n")
    catalog, _ = catalog_of(project)
    found = [(line, severity, message) for line, severity, message in messages(catalog, "papers.yml")]
    assert len(found) == 1 and found[0][1] == "warning" and found[0][0] == 3
    assert "arXiv:2401.00001 is the id of 2 papers" in found[0][2]


def test_a_curators_venue_and_doi_reach_the_page_and_the_bibtex(project: Path):
    from generator import build

    curator(project, f"papers:\n- paper: {AUX}\n  venue: NeurIPS 2024\n  doi: 10.5555/Local.Aux\n")
    settings, problems = load_settings(project, cache=False)
    pages = {page.path: page.text for page in build.run(settings, problems).pages}
    text = pages[f"papers/{AUX}.md"]
    assert '<span class="paper-venue">NeurIPS 2024</span>' in text and "doi:10.5555/local.aux" in text
    assert 'href="https://doi.org/10.5555/local.aux"' in text and 'doi: "10.5555/local.aux"' in text
    assert "howpublished = {NeurIPS 2024}" in pages["papers.bib"]


def test_a_pinned_citation_key_stays_whatever_is_added(project: Path):
    from generator.catalog_index import index_catalog

    curator(project, f"papers:\n- paper: {AUX}\n  key: aux2023aux\n- paper: neural-operators-for-pdes\n  key: 'bad key!'\n")
    catalog, papers = catalog_of(project)
    keys = index_catalog(catalog).citation_keys
    assert keys[AUX] == "aux2023aux" and list(keys.values()).count("aux2023aux") == 1
    assert any("'bad key!' is not a citation key" in message for _, _, message in messages(catalog, "papers.yml"))
    # A listing that sorts first, with a paper whose own key would be the pinned one: the pin holds.
    (project / "seeds" / "00_first.bib").write_text(
        "@misc{x, title={Aux Twenty Twenty-Three}, author={Aux, Ann}, year={2023}}\n", encoding="utf-8")
    catalog, papers = catalog_of(project)
    keys = index_catalog(catalog).citation_keys
    newcomer = next(paper.id for paper in papers.values() if paper.title == "Aux Twenty Twenty-Three")
    assert keys[AUX] == "aux2023aux" and keys[newcomer].startswith("aux2023aux-")
