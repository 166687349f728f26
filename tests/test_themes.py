"""Tests for loading the taxonomy and assigning papers to themes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.models import Paper, Problem, Severity, SourceRef, Theme, ThemeMatch
from generator.taxonomy import Taxonomy, load_taxonomy
from generator.themes import assign_themes, compile_matcher, rule_matches, text_variants

ROOT = Path(__file__).parent.parent


def paper(title: str, abstract: str = "", paper_id: str = "p", line: int = 1) -> Paper:
    return Paper(key=title.lower(), title=title, abstract=abstract, sources=(SourceRef("x.txt", line),),
                 id=paper_id)


def taxonomy(*themes: Theme, threshold: float = 4, title_weight: float = 3, max_themes: int = 4) -> Taxonomy:
    return Taxonomy(themes=themes, threshold=threshold, title_weight=title_weight, max_themes=max_themes)


def theme(theme_id: str, phrases=(), strong=(), exclude=()) -> Theme:
    return Theme(id=theme_id, name=theme_id.title(), description="", phrases=tuple(phrases),
                 strong=tuple(strong), exclude=tuple(exclude), line=7)


def themes_of(papers: tuple[Paper, ...]) -> list[tuple[str, ...]]:
    return [item.themes for item in papers]


def test_phrases_match_whole_words_only():
    rules = taxonomy(theme("graphs", strong=["graph"]), theme("gans", strong=["GAN"]), threshold=2)
    assigned, _ = assign_themes((paper("Graphical models of organs", "a graphical organ"),
                                 paper("A graph of GANs", "")), rules)
    assert themes_of(assigned) == [(), ("graphs", "gans")]


@pytest.mark.parametrize("text", ["Auxiliary Networks", "auxiliary-network", "AUXILIARY NETWORK",
                                  "auxiliarynetwork", "auxiliaries network"])
def test_phrases_tolerate_case_hyphens_and_plurals(text):
    rules = taxonomy(theme("local", strong=["auxiliary network"]), threshold=2)
    assigned, _ = assign_themes((paper(f"Training with {text}"),), rules)
    assert assigned[0].themes == ("local",)


@pytest.mark.parametrize("phrase, text", [("backprop-free", "a backprop free rule"),
                                          ("backpropagation", "without back-propagation"),
                                          ("back-propagation", "without backpropagation"),
                                          ("quantiz*", "quantized weights")])
def test_hyphens_work_both_ways_and_star_matches_any_ending(phrase, text):
    assigned, _ = assign_themes((paper("t", text),), taxonomy(theme("t", strong=[phrase]), threshold=2))
    assert assigned[0].themes == ("t",)


def test_title_counts_title_weight_times_and_matches_explain_the_score():
    rules = taxonomy(theme("fl", phrases=["client"], strong=["federated learning"]))
    assigned, _ = assign_themes((paper("Federated Learning at scale", "Each client trains; clients talk."),), rules)
    assert assigned[0].theme_matches == (ThemeMatch(theme="fl", score=3 * 2 + 1,
                                                    title_phrases=("federated learning",),
                                                    abstract_phrases=("client",)),)


def test_threshold_needs_corroboration_for_plain_phrases():
    rules = taxonomy(theme("fl", phrases=["client", "server", "non-IID", "aggregation"], strong=["FedAvg"]))
    assigned, _ = assign_themes((paper("t", "client, server and non-IID data"),
                                 paper("t", "client, server, non-iid data, aggregation"),
                                 paper("t", "FedAvg alone"), paper("t", "FedAvg with a server"),
                                 paper("Client drift", ""), paper("Client drift", "with clients")), rules)
    assert themes_of(assigned) == [(), ("fl",), (), (), (), ("fl",)]


def test_phrase_inside_a_longer_phrase_is_not_counted_twice():
    rules = taxonomy(theme("llm", strong=["large language model", "language model"]))
    assigned, _ = assign_themes((paper("t", "A large language model."),), rules)
    assert assigned[0].theme_matches == ()
    assigned, _ = assign_themes((paper("t", "A large language model is a language model."),), rules)
    assert assigned[0].theme_matches[0].abstract_phrases == ("large language model", "language model")


def test_an_exclusion_keeps_the_theme_off():
    rules = taxonomy(theme("graphs", strong=["graph generation"], exclude=["scene graph"]), threshold=2)
    assigned, _ = assign_themes((paper("Scene graph generation"), paper("Graph generation")), rules)
    assert themes_of(assigned) == [(), ("graphs",)]


def test_at_most_max_themes_strongest_first_ties_in_file_order():
    rules = taxonomy(*(theme(name, strong=[name]) for name in ("alpha", "beta", "gamma", "delta", "omega")),
                     threshold=2, max_themes=4)
    assigned, _ = assign_themes((paper("omega delta", "alpha beta gamma delta omega"),), rules)
    assert assigned[0].themes == ("delta", "omega", "alpha", "beta")
    assert [match.score for match in assigned[0].theme_matches] == [8, 8, 2, 2]


def test_a_theme_with_no_paper_and_a_phrase_matching_nothing_are_warnings():
    rules = taxonomy(theme("fl", strong=["federated learning", "FedProx"]), theme("empty", strong=["zebra"]))
    _, problems = assign_themes((paper("Federated learning"),), rules)
    assert problems == (
        Problem("themes.yml", 7, Severity.WARNING, "theme 'fl': phrase 'FedProx' matches no paper"),
        Problem("themes.yml", 7, Severity.WARNING, "theme 'empty' has no paper"),
        Problem("themes.yml", 7, Severity.WARNING, "theme 'empty': phrase 'zebra' matches no paper"),
        Problem("themes.yml", 0, Severity.INFO, "1 of 1 papers have a theme (100.0%); 0 unsorted"),
    )


def test_an_exclusion_that_excludes_nothing_is_a_warning():
    rules = taxonomy(theme("fl", strong=["federated learning"], exclude=["zebra"]))
    _, problems = assign_themes((paper("Federated learning"),), rules)
    assert Problem("themes.yml", 7, Severity.WARNING, "theme 'fl': exclusion 'zebra' excludes no paper") in problems


def write_taxonomy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "themes.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_taxonomy_reads_numbers_themes_and_lines(tmp_path):
    path = write_taxonomy(tmp_path, "threshold: 3\ntitle_weight: 2.5\nmax_themes: 2\nthemes:\n"
                                    "  - id: fl\n    name: Federated\n    description: Clients.\n"
                                    "    strong: [federated learning]\n    phrases: [client]\n    exclude: [x]\n")
    loaded, problems = load_taxonomy(path)
    assert problems == ()
    assert (loaded.threshold, loaded.title_weight, loaded.max_themes) == (3.0, 2.5, 2)
    assert loaded.themes == (Theme(id="fl", name="Federated", description="Clients.", phrases=("client",),
                                   strong=("federated learning",), exclude=("x",), line=5),)


def test_unknown_keys_and_bad_values_are_warnings_with_lines(tmp_path):
    path = write_taxonomy(tmp_path, "treshold: 3\nmax_themes: two\nthemes:\n"
                                    "  - id: fl\n    name: F\n    phrase: [client]\n    strong: [fl, 3, FL]\n")
    loaded, problems = load_taxonomy(path)
    assert problems == (
        Problem("themes.yml", 1, Severity.WARNING, "has unknown key 'treshold'; ignored (did you mean 'threshold'?)"),
        Problem("themes.yml", 2, Severity.WARNING, "'max_themes' must be a whole number; using 4"),
        Problem("themes.yml", 6, Severity.WARNING,
                "theme 'fl' has unknown key 'phrase'; ignored (did you mean 'phrases'?)"),
        Problem("themes.yml", 7, Severity.WARNING, "theme 'fl': 'strong' has 3, which is not a phrase; ignored"),
        Problem("themes.yml", 4, Severity.WARNING, "theme 'fl': 'FL' is the same phrase as 'fl'; ignored"),
    )
    assert loaded.themes[0].strong == ("fl",)


def test_invalid_themes_are_dropped_with_an_error(tmp_path):
    path = write_taxonomy(tmp_path, "themes:\n  - id: Bad Id\n  - id: ok\n    strong: [a]\n"
                                    "  - id: ok\n    strong: [b]\n  - just text\n")
    loaded, problems = load_taxonomy(path)
    assert [item.id for item in loaded.themes] == ["ok"]
    assert problems == (
        Problem("themes.yml", 2, Severity.ERROR,
                "theme id 'Bad Id' is not lowercase words joined by '-'; theme dropped"),
        Problem("themes.yml", 5, Severity.ERROR, "theme 'ok' is defined twice; this one is dropped"),
        Problem("themes.yml", 7, Severity.ERROR, "a theme must be a mapping; dropped"),
    )


def test_missing_or_broken_file_is_an_error(tmp_path):
    assert load_taxonomy(tmp_path / "themes.yml") == (
        Taxonomy(), (Problem("themes.yml", 0, Severity.ERROR, "not found; no paper gets a theme"),))
    loaded, problems = load_taxonomy(write_taxonomy(tmp_path, "themes:\n  - id: [unclosed\n"))
    assert loaded.themes == ()
    assert [(problem.line, problem.severity) for problem in problems] == [(3, Severity.ERROR)]
    assert problems[0].message.startswith("is not valid YAML: ")
    _, problems = load_taxonomy(write_taxonomy(tmp_path, "- a list\n"))
    assert problems == (Problem("themes.yml", 0, Severity.ERROR,
                                "must be a mapping with a 'themes' list; no paper gets a theme"),)


def test_bundled_taxonomy_loads_cleanly_and_sorts_at_least_95_percent_of_the_seeds():
    from generator.merge import merge_duplicates
    from generator.normalize import normalize_records
    from generator.readers import read_listings
    from generator.slugs import assign_slugs

    loaded, problems = load_taxonomy(ROOT / "themes.yml")
    assert problems == ()
    assert len(loaded.themes) == 26
    listings, _ = read_listings(ROOT / "seeds")
    papers, _ = normalize_records(listings)
    papers, _ = assign_slugs(merge_duplicates(papers)[0])
    assigned, problems = assign_themes(papers, loaded)
    assert [problem for problem in problems if problem.severity is not Severity.INFO] == []
    assert sum(1 for item in assigned if item.themes) / len(assigned) >= 0.95
    assert all(len(item.themes) <= loaded.max_themes for item in assigned)


def every_rule_everywhere(matcher, text: str) -> list[tuple[int, int, int, int]]:
    """The plain way to find the matches: each rule's finditer over the whole text."""
    rules = [rule for rules in matcher.by_head.values() for rule in rules] + list(matcher.always)
    return sorted((match.start(), match.end(), rule.theme, rule.index)
                  for rule in rules for match in rule.pattern.finditer(text))


def matches_found(matcher, text: str) -> list[tuple[int, int, int, int]]:
    return sorted((match.start(), match.end(), rule.theme, rule.index) for rule, match in rule_matches(matcher, text))


def test_trying_rules_only_at_their_words_finds_what_every_rule_everywhere_finds_on_the_seeds():
    from generator.normalize import normalize_records
    from generator.readers import read_listings

    matcher = compile_matcher(load_taxonomy(ROOT / "themes.yml")[0].themes)
    papers, _ = normalize_records(read_listings(ROOT / "seeds")[0])
    texts = [text for item in papers for text in text_variants(item.title) + text_variants(item.abstract)]
    assert sum(1 for text in texts if every_rule_everywhere(matcher, text)) > len(papers)  # the check has matches
    assert [matches_found(matcher, text) for text in texts] == [every_rule_everywhere(matcher, text) for text in texts]


PHRASES = ["graph", "graph neural network", "language model", "large language model", "model", "gan",
           "auxiliary network", "quantiz*", "c++ code", "back-propagation", "3d", "x x"]
WORDS = ["graph", "graphs", "graphical", "neural", "network", "networks", "language", "languages", "model",
         "models", "large", "gan", "gans", "organ", "auxiliary", "auxiliaries", "quantized", "c++", "code",
         "back", "propagation", "backpropagation", "3d", "x", "xx"]


@settings(max_examples=300, deadline=None)
@example([("x", " "), ("x", " "), ("x", " ")])  # a phrase overlapping itself: finditer finds it once
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", "-", "", ", ", "\u2010"])), max_size=25))
def test_trying_rules_only_at_their_words_finds_what_every_rule_everywhere_finds(parts):
    matcher = compile_matcher((theme("a", phrases=PHRASES[:6], strong=PHRASES[6:]), theme("b", phrases=PHRASES[::-1])))
    text = "".join(word + separator for word, separator in parts)
    assert matches_found(matcher, text) == every_rule_everywhere(matcher, text)
