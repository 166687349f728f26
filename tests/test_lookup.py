"""Tests for ``catalog lookup``: the real command and the real HfApi client against a local papers API."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hf_server import FakePaper, PapersServer
from sitebuild import DATA
from generator.cli import main
from generator.lookup_file import LOOKUP_FILE, read_lookup

DAY = "2026-12-01"
ATTENTION = ("The dominant sequence transduction models are based on complex recurrent or convolutional "
             "neural networks. We propose a new simple network architecture, the Transformer, based solely "
             "on attention mechanisms.")
EXPERTS = ("We route each token to a few experts out of many and train the router with a balancing loss. "
           "The model matches a dense one at a fraction of the compute on four language benchmarks.")
AUDIO = ("We generate audio waveforms with a diffusion model conditioned on text, and measure quality with "
         "listening tests on speech and music.")
CONTRASTIVE = ("Pairs of images and captions are pulled together and unrelated ones pushed apart, which gives "
               "features that transfer to detection and segmentation.")
UNHEARD = ("Nobody indexed this paper anywhere, so every search for it comes back empty handed and the lookup "
           "must say so plainly.")
WIDGETS = ("We build widgets out of qubits and count how long they last before decoherence sets in, on three "
           "kinds of hardware.")


def bib_entry(key: str, title: str, abstract: str, eprint: str = "") -> str:
    arxiv = f"  eprint = {{{eprint}}},\n  archivePrefix = {{arXiv}},\n" if eprint else ""
    return (f"@article{{{key},\n  title = {{{title}}},\n  author = {{Doe, Jane}},\n  year = {{2024}},\n"
            f"{arxiv}  abstract = {{{abstract}}},\n}}\n\n")


SEEDS = "".join((
    bib_entry("vaswani", "Attention Is All You Need", ATTENTION, eprint="1706.03762v5"),  # asked by id
    bib_entry("experts", "Sparse Mixtures of Experts for Language", EXPERTS),  # same title and abstract
    bib_entry("audio", "Diffusion Models for Audio", AUDIO),  # only "Towards Diffusion Models for Audio"
    bib_entry("contrast", "Contrastive Pretraining", CONTRASTIVE),  # same title, another abstract
    bib_entry("unheard", "An Unheard Of Result", UNHEARD),  # nothing found
    bib_entry("widgets", "Quantum Widgets", WIDGETS, eprint="2402.99999"),  # an id the source does not know
))
PAPERS = (
    FakePaper("1706.03762", "Attention Is All You Need", ATTENTION[:120], ("Ashish Vaswani", "Noam Shazeer"),
              "2017-06-12T17:57:34.000Z", 97, github_repo="https://github.com/tensorflow/tensor2tensor"),
    FakePaper("2401.00002", "Sparse Mixtures of Experts for Language", EXPERTS, ("Jane Doe", "Ann Roe"),
              "2024-01-02T00:00:00Z", 5, project_page="https://moe.example.org/"),
    FakePaper("2401.00003", "Towards Diffusion Models for Audio", "A survey of sound synthesis methods, old and new.",
              ("Rick Roe",)),
    FakePaper("2401.00004", "Contrastive Pretraining",
              "We count the birds of the Amazon basin from satellite images over ten years of observations.",
              ("Pat Poe",)),
)
# Requests a full run makes: a search per paper without an id, a paper page per id and per sure match.
FULL_RUN_REQUESTS = 7
SUMMARY = "asked 6 papers: 2 exact, 2 with candidates, 2 unknown; written to seeds/lookup.yml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "papers.bib").write_text(SEEDS, encoding="utf-8")
    (root / "themes.yml").write_text((DATA / "fixture_themes.yml").read_text(encoding="utf-8"), encoding="utf-8")
    # huggingface_hub keeps caches in HF_HOME; a test never touches the real one.
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf_home"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    return root


@pytest.fixture
def hub(monkeypatch):
    server = PapersServer(PAPERS).start()
    monkeypatch.setenv("HF_ENDPOINT", server.endpoint)
    yield server
    server.stop()


def lookup(project: Path, *options: str) -> int:
    """Run ``catalog lookup`` in this process, at a pace that keeps the tests quick."""
    return main(["--root", str(project), "lookup", "--today", DAY, "--rate", "100", *options])


def entries_by_title(project: Path) -> dict:
    lookup_file = read_lookup(project / "seeds" / LOOKUP_FILE)
    assert lookup_file.problems == ()
    return {entry.title: entry for entry in lookup_file.entries}


def lookup_text(project: Path) -> str:
    return (project / "seeds" / LOOKUP_FILE).read_text(encoding="utf-8")


def run_command(project: Path, *options: str, env: dict | None = None) -> subprocess.Popen:
    """Start ``python -m generator lookup`` as a user would, in its own process."""
    command = [sys.executable, "-m", "generator", "--root", str(project), "lookup", "--today", DAY, "--rate", "100"]
    return subprocess.Popen(command + list(options), env=env or dict(os.environ),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_sure_matches_are_applied_with_every_fact(project: Path, hub: PapersServer, capsys):
    assert lookup(project) == 0
    assert capsys.readouterr().out.splitlines()[-1] == SUMMARY
    entries = entries_by_title(project)
    attention = entries["Attention Is All You Need"]
    assert (attention.match, attention.arxiv_id, attention.authors, attention.published, attention.upvotes,
            attention.code, attention.source, attention.fetched) == (
        "exact", "1706.03762", ("Ashish Vaswani", "Noam Shazeer"), "2017-06-12", 97,
        "https://github.com/tensorflow/tensor2tensor", "huggingface", DAY)
    experts = entries["Sparse Mixtures of Experts for Language"]
    assert (experts.match, experts.arxiv_id, experts.authors, experts.published, experts.project_page) == (
        "exact", "2401.00002", ("Jane Doe", "Ann Roe"), "2024-01-02", "https://moe.example.org/")
    # The known id is asked by id, with no search; a sure search match is completed from its page.
    assert "/api/papers/1706.03762" in hub.requests
    assert not any("Attention" in path for path in hub.requests)
    assert "/api/papers/2401.00002" in hub.requests
    assert hub.count() == FULL_RUN_REQUESTS


def test_a_near_miss_is_a_candidate_never_applied(project: Path, hub: PapersServer):
    assert lookup(project) == 0
    audio = entries_by_title(project)["Diffusion Models for Audio"]
    assert audio.match == "candidates"
    assert [(candidate.arxiv_id, candidate.title) for candidate in audio.candidates] == [
        ("2401.00003", "Towards Diffusion Models for Audio")]
    assert (audio.arxiv_id, audio.authors, audio.published) == (None, (), None)


def test_the_same_title_with_another_abstract_is_not_applied(project: Path, hub: PapersServer):
    assert lookup(project) == 0
    contrastive = entries_by_title(project)["Contrastive Pretraining"]
    assert contrastive.match == "candidates"
    assert [candidate.arxiv_id for candidate in contrastive.candidates] == ["2401.00004"]
    assert (contrastive.arxiv_id, contrastive.authors) == (None, ())


def test_nothing_found_and_an_unknown_id_are_none(project: Path, hub: PapersServer):
    assert lookup(project) == 0
    entries = entries_by_title(project)
    assert entries["An Unheard Of Result"].match == "none"
    assert entries["Quantum Widgets"].match == "none"
    assert "/api/papers/2402.99999" in hub.requests


def test_the_file_is_sorted_and_the_same_answers_give_the_same_bytes(project: Path, hub: PapersServer,
                                                                     tmp_path: Path, capsys):
    assert lookup(project) == 0
    first = lookup_text(project)
    titles = [line.removeprefix("- title: ") for line in first.splitlines() if line.startswith("- title: ")]
    assert titles == sorted(titles, key=str.casefold) and len(titles) == 6
    assert lookup(project, "--refresh") == 0
    assert lookup_text(project) == first
    other = tmp_path / "other"
    (other / "seeds").mkdir(parents=True)
    (other / "seeds" / "papers.bib").write_text(SEEDS, encoding="utf-8")
    assert lookup(other) == 0
    assert lookup_text(other) == first


def test_a_429_waits_as_long_as_retry_after_says(project: Path, hub: PapersServer, capsys):
    hub.rate_limit(2, retry_after=1, after=1)
    started = time.monotonic()
    assert lookup(project) == 0
    assert time.monotonic() - started >= 1.9
    assert capsys.readouterr().out.splitlines()[-1] == SUMMARY
    assert hub.count() == FULL_RUN_REQUESTS + 2


def test_a_timeout_a_dropped_connection_and_a_503_are_retried(project: Path, hub: PapersServer, capsys):
    hub.stall(1, seconds=2.0)
    hub.drop(1, after=1)
    hub.fail(1, after=1)
    assert lookup(project, "--timeout", "0.5") == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == SUMMARY
    assert captured.err == ""
    assert hub.count() == FULL_RUN_REQUESTS + 3


def test_an_answer_that_is_not_json_is_a_warning_by_place_and_asked_again(project: Path, hub: PapersServer,
                                                                          capsys):
    hub.garble(1)  # the first paper asked, in title-key order: An Unheard Of Result
    assert lookup(project) == 0
    captured = capsys.readouterr()
    line = SEEDS.splitlines().index("@article{unheard,") + 1
    assert captured.err.startswith(f"seeds/papers.bib:{line}: warning: {hub.endpoint} gave an answer about "
                                   "'An Unheard Of Result' that cannot be read (JSONDecodeError: ")
    assert captured.err.endswith("; nothing new is recorded for it: the next run asks again, or --refresh "
                                 "if it has an earlier entry\n")
    assert captured.out.splitlines()[-1] == ("asked 5 papers: 2 exact, 2 with candidates, 1 unknown; "
                                             "written to seeds/lookup.yml")
    asked_before = hub.count()
    assert lookup(project) == 0
    assert hub.requests[asked_before:] == ["/api/papers/search?q=An+Unheard+Of+Result&limit=10"]


def test_requests_keep_to_the_rate(project: Path, hub: PapersServer):
    started = time.monotonic()
    assert main(["--root", str(project), "lookup", "--today", DAY, "--rate", "5"]) == 0
    assert time.monotonic() - started >= (FULL_RUN_REQUESTS - 1) / 5 - 0.05


def test_the_network_going_down_keeps_what_was_fetched_and_the_next_run_goes_on(
        project: Path, hub: PapersServer, monkeypatch, capsys):
    assert lookup(project) == 0
    expected = lookup_text(project)
    (project / "seeds" / LOOKUP_FILE).unlink()
    hub.go_down_after(3)
    assert lookup(project, "--tries", "2") == 1
    captured = capsys.readouterr()
    assert captured.err == (f"catalog: cannot reach {hub.endpoint}: Server disconnected without sending a response; "
                            "3 papers kept in seeds/lookup.yml; run again to go on\n")
    assert captured.out.splitlines()[-1] == ("asked 3 papers: 1 exact, 1 with candidates, 1 unknown; "
                                             "written to seeds/lookup.yml")
    assert sorted(entries_by_title(project)) == ["An Unheard Of Result", "Attention Is All You Need",
                                                  "Contrastive Pretraining"]
    back = PapersServer(PAPERS).start()
    try:
        monkeypatch.setenv("HF_ENDPOINT", back.endpoint)
        assert lookup(project) == 0
        assert capsys.readouterr().out.splitlines()[-1] == (
            "asked 3 papers: 1 exact, 1 with candidates, 1 unknown; written to seeds/lookup.yml")
        assert back.count() == 4  # two searches, the unknown id, and the sure match's page
        assert not any("Attention" in path or "Unheard" in path for path in back.requests)
    finally:
        back.stop()
    assert lookup_text(project) == expected


def test_ctrl_c_keeps_what_was_fetched_and_the_next_run_asks_only_the_rest(project: Path, hub: PapersServer):
    hub.stall(1, seconds=20, after=2)  # the third request hangs: Ctrl-C comes while it waits
    process = run_command(project)
    deadline = time.monotonic() + 30
    while hub.count() < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err.splitlines()[-1] == "catalog: interrupted; 2 papers kept in seeds/lookup.yml; run again to go on"
    assert "Traceback" not in err
    assert sorted(entries_by_title(project)) == ["An Unheard Of Result", "Attention Is All You Need"]
    asked_before = hub.count()
    assert lookup(project) == 0
    assert hub.count() - asked_before == FULL_RUN_REQUESTS - 2
    assert len(entries_by_title(project)) == 6


def test_nothing_listening_is_one_line_and_exit_one(project: Path, hub: PapersServer):
    hub.stop()  # the port is closed: every connection is refused
    process = run_command(project, "--tries", "2")
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert err == (f"catalog: cannot reach {hub.endpoint}: Connection refused; 0 papers kept in seeds/lookup.yml; "
                   "run again to go on\n")
    assert "Traceback" not in err
    assert not (project / "seeds" / LOOKUP_FILE).exists()


def test_a_second_run_asks_nothing_and_refresh_asks_every_paper_again(project: Path, hub: PapersServer, capsys):
    assert lookup(project) == 0
    first = lookup_text(project)
    assert lookup(project) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "asked 0 papers: 0 exact, 0 with candidates, 0 unknown; seeds/lookup.yml unchanged")
    assert hub.count() == FULL_RUN_REQUESTS
    assert lookup_text(project) == first
    assert main(["--root", str(project), "lookup", "--today", "2026-12-02", "--rate", "100", "--refresh"]) == 0
    # Every paper again; the build now knows the sure match's arXiv id, so that one is asked by id alone.
    assert hub.count() == 2 * FULL_RUN_REQUESTS - 1
    assert capsys.readouterr().out.splitlines()[-1] == SUMMARY
    assert {entry.fetched for entry in entries_by_title(project).values()} == {"2026-12-02"}


def test_entries_of_papers_not_asked_are_kept_and_refresh_leaves_out_papers_gone(project: Path, hub: PapersServer):
    assert lookup(project, "--limit", "2") == 0
    assert sorted(entries_by_title(project)) == ["An Unheard Of Result", "Attention Is All You Need"]
    gone = ("- title: A Paper Since Removed\n  source: huggingface\n  fetched: '2025-01-01'\n  match: exact\n"
            "  arxiv_id: '2301.00009'\n")
    path = project / "seeds" / LOOKUP_FILE
    path.write_text(lookup_text(project) + gone, encoding="utf-8")
    assert lookup(project, "--limit", "1") == 0  # a plain run keeps every entry it does not replace
    entries = entries_by_title(project)
    assert entries["A Paper Since Removed"].fetched == "2025-01-01" and len(entries) == 4
    assert lookup(project, "--refresh", "--limit", "1") == 0  # a refresh leaves out papers no longer there
    entries = entries_by_title(project)
    assert "A Paper Since Removed" not in entries
    assert entries["Attention Is All You Need"].match == "exact"
    assert entries["An Unheard Of Result"].match == "none" and len(entries) == 3


def test_a_confirmed_candidate_is_asked_again_by_its_id(project: Path, hub: PapersServer):
    assert lookup(project) == 0
    (project / "seeds" / "papers.yml").write_text(
        "papers:\n- paper: Diffusion Models for Audio\n  arxiv_id: '2401.00003'\n", encoding="utf-8")
    asked_before = hub.count()
    assert lookup(project) == 0
    assert hub.requests[asked_before:] == ["/api/papers/2401.00003"]
    audio = entries_by_title(project)["Diffusion Models for Audio"]
    assert (audio.match, audio.arxiv_id, audio.candidates) == ("exact", "2401.00003", ())


def test_a_lookup_file_it_cannot_read_is_left_alone(project: Path, hub: PapersServer, capsys):
    path = project / "seeds" / LOOKUP_FILE
    path.write_text("papers:\n- title: [unclosed\n", encoding="utf-8")
    assert lookup(project) == 1
    err = capsys.readouterr().err
    assert err.startswith("catalog: seeds/lookup.yml:") and "mend it or move it away first" in err
    assert path.read_text(encoding="utf-8") == "papers:\n- title: [unclosed\n"
    assert hub.count() == 0


def test_the_fixture_lookup_file_is_what_the_stand_in_answers(tmp_path: Path):
    """The fixture site's lookup.yml is made by the real command against the stand-in, not by hand."""
    from fixture_hub import FIXTURE_SEEDS, make_fixture_lookup

    made = tmp_path / "lookup.yml"
    make_fixture_lookup(made)
    assert made.read_bytes() == (FIXTURE_SEEDS / LOOKUP_FILE).read_bytes(), \
        "tests/data/fixture_seeds/lookup.yml is stale: run python tests/fixture_hub.py"


def test_a_corrected_arxiv_id_is_asked_again_and_unquoted_ids_stay_ids(project: Path, hub: PapersServer):
    """The curator corrects a sure match's id (unquoted, as people write it): the next run asks about that id."""
    assert lookup(project) == 0
    assert entries_by_title(project)["Sparse Mixtures of Experts for Language"].arxiv_id == "2401.00002"
    (project / "seeds" / "papers.yml").write_text(
        "papers:\n- paper: Sparse Mixtures of Experts for Language\n  arxiv_id: 2401.00030\n", encoding="utf-8")
    asked_before = hub.count()
    assert lookup(project) == 0
    assert hub.requests[asked_before:] == ["/api/papers/2401.00030"]  # not 2401.0003, as a float would be
    entry = entries_by_title(project)["Sparse Mixtures of Experts for Language"]
    assert (entry.match, entry.arxiv_id) == ("none", "2401.00030")
    asked_before = hub.count()
    assert lookup(project) == 0 and hub.count() == asked_before  # asked once, not on every run
