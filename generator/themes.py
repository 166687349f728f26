"""Assign papers to the curated themes of ``themes.yml``, and explain every assignment.

A theme's rules are phrases matched on word boundaries, case-insensitively, tolerant of
hyphens and plurals. A phrase in the title counts ``title_weight`` times its weight, once in
the abstract counts its weight; a theme whose total reaches ``threshold`` is assigned unless
one of its ``exclude`` phrases appears. A paper keeps at most ``max_themes`` themes, strongest
first, ties in file order.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from .memo import Memo, memo_table
from .models import Paper, Problem, Severity, Theme, ThemeMatch
from .parallel import map_ranges
from .taxonomy import Taxonomy, singular

RULE_WEIGHTS = (("strong", 2.0), ("phrases", 1.0))
WORD_SPLIT_RE = re.compile(r"[\s\-\u2010-\u2015]+")
WORD_SEPARATOR = r"[\s\-\u2010-\u2015]*"
WORD_RE = re.compile(r"\w+")
INWORD_HYPHEN_RE = re.compile(r"(?<=\w)[\-\u2010\u2011](?=\w)")
PARALLEL_FROM = 1000  # papers; fewer are matched in this process


@dataclass(frozen=True, slots=True, eq=False)
class PhraseRule:
    """One phrase of a theme, compiled once, by its index among the theme's strong then plain phrases."""

    theme: int
    index: int
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Matcher:
    """A taxonomy's phrases ready for matching: per theme (phrase, weight) and exclusions, and
    the phrase rules by the fixed letters of their first word (``by_head``; rules whose first
    word has other characters are in ``always``). ``word_rules`` remembers, per word of the
    texts seen, the rules that may start at it."""

    phrases: tuple[tuple[tuple[str, float], ...], ...]
    exclude: tuple[tuple[tuple[str, re.Pattern[str]], ...], ...]
    by_head: dict[str, tuple[PhraseRule, ...]]
    always: tuple[PhraseRule, ...]
    head_lengths: tuple[int, ...]
    word_rules: dict[str, tuple[PhraseRule, ...]]


def phrase_pattern(phrase: str) -> str:
    """Return the regex of a phrase in lowercase text: its words in order, any hyphen or space
    between, plurals allowed, whole words only.

    The pattern starts with the first word's letters and checks the word start right after them
    (a fixed-width lookbehind), so the regex engine can scan for those letters quickly.
    """
    parts = [word_parts(word) for word in WORD_SPLIT_RE.split(phrase.strip().lower()) if word]
    literal, ending = parts[0]
    head = re.escape(literal) + rf"(?<!\w[\s\S]{{{len(literal)}}})" + ending
    return WORD_SEPARATOR.join([head] + [re.escape(stem) + tail for stem, tail in parts[1:]]) + r"(?!\w)"


def word_parts(word: str) -> tuple[str, str]:
    """Return a word's fixed letters and the regex of its endings: ``*`` any, else singular or plural."""
    if word.endswith("*"):
        return word.rstrip("*"), r"\w*"
    word = singular(word)
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1], "(?:y|ies)"
    return word, "(?:s|es)?"


def compile_matcher(themes: tuple[Theme, ...]) -> Matcher:
    """Compile every phrase once and index it by the fixed letters of its first word."""
    weighted = tuple(tuple((phrase, weight) for key, weight in RULE_WEIGHTS for phrase in getattr(theme, key))
                     for theme in themes)
    by_head: dict[str, list[PhraseRule]] = {}
    always: list[PhraseRule] = []
    for theme_index, phrases in enumerate(weighted):
        for index, (phrase, _) in enumerate(phrases):
            rule = PhraseRule(theme_index, index, re.compile(phrase_pattern(phrase)))
            head = word_parts(WORD_SPLIT_RE.split(phrase.strip().lower())[0])[0]
            if head and WORD_RE.fullmatch(head):
                by_head.setdefault(head, []).append(rule)
            else:
                always.append(rule)
    exclude = tuple(tuple((phrase, re.compile(phrase_pattern(phrase))) for phrase in theme.exclude)
                    for theme in themes)
    return Matcher(weighted, exclude, {head: tuple(rules) for head, rules in by_head.items()}, tuple(always),
                   tuple(sorted({len(head) for head in by_head})), {})


def text_variants(text: str) -> tuple[str, ...]:
    """Return the text in lowercase, plus a copy without in-word hyphens ("back-propagation")."""
    lower = text.lower()
    joined = INWORD_HYPHEN_RE.sub("", lower)
    return (lower, joined) if joined != lower else (lower,)


def found_phrases(matcher: Matcher, variants: tuple[str, ...]) -> dict[int, set[int]]:
    """Return, per theme index, the indexes of its phrases found in any variant of a text.

    A phrase can only start where a word starts with its first letters, so each rule is tried
    only at such words (a dictionary lookup per word), and the time grows with the text, not
    with the number of phrases. A phrase found inside a longer one of the same theme ("language
    model" in "large language model") is not counted again; phrases that merely overlap
    ("class-incremental", "incremental learning") are.
    """
    found: dict[int, set[int]] = {}
    for text in variants:
        hits = sorted((match.start(), -match.end(), rule.theme, rule.index)
                      for rule, match in rule_matches(matcher, text))
        reach: dict[int, int] = {}
        for _, negative_end, theme, index in hits:
            if -negative_end > reach.get(theme, -1):
                found.setdefault(theme, set()).add(index)
                reach[theme] = -negative_end
    return found


def rule_matches(matcher: Matcher, text: str) -> list[tuple[PhraseRule, re.Match[str]]]:
    """Return every rule's matches in a text: the same ones ``rule.pattern.finditer(text)`` finds.

    A rule's match starts at a word that begins with the fixed letters of the rule's first word
    (see ``phrase_pattern``), so each rule is tried only at such words; a rule's next match is
    looked for after its last one, as finditer does.
    """
    matches: list[tuple[PhraseRule, re.Match[str]]] = []
    ends: dict[PhraseRule, int] = {}
    word_rules = matcher.word_rules
    for word in WORD_RE.finditer(text):
        letters = word.group()
        rules = word_rules.get(letters)
        if rules is None:
            rules = word_rules[letters] = rules_for_word(matcher, letters)
        if rules:
            start = word.start()
            for rule in rules:
                if start >= ends.get(rule, 0) and (match := rule.pattern.match(text, start)):
                    matches.append((rule, match))
                    ends[rule] = match.end()
    matches.extend((rule, match) for rule in matcher.always for match in rule.pattern.finditer(text))
    return matches


def rules_for_word(matcher: Matcher, word: str) -> tuple[PhraseRule, ...]:
    """Return the rules whose first word's fixed letters begin this word, in index order."""
    return tuple(rule for length in matcher.head_lengths if length <= len(word)
                 for rule in matcher.by_head.get(word[:length], ()))


def score_paper(paper: Paper, matcher: Matcher, themes: tuple[Theme, ...],
                title_weight: float) -> list[tuple[ThemeMatch, str | None]]:
    """Score the themes with a phrase in the paper, each with the exclusion that keeps it off (or None)."""
    title, abstract = text_variants(paper.title), text_variants(paper.abstract)
    in_title, in_abstract = found_phrases(matcher, title), found_phrases(matcher, abstract)
    scored: list[tuple[ThemeMatch, str | None]] = []
    for theme in sorted(set(in_title) | set(in_abstract)):
        phrases = matcher.phrases[theme]
        title_found, abstract_found = sorted(in_title.get(theme, ())), sorted(in_abstract.get(theme, ()))
        score = (title_weight * sum(phrases[index][1] for index in title_found)
                 + sum(phrases[index][1] for index in abstract_found))
        exclusion = next((phrase for phrase, pattern in matcher.exclude[theme]
                          if any(pattern.search(text) for text in title + abstract)), None)
        scored.append((ThemeMatch(theme=themes[theme].id, score=round(score, 6),
                                  title_phrases=tuple(phrases[index][0] for index in title_found),
                                  abstract_phrases=tuple(phrases[index][0] for index in abstract_found)),
                       exclusion))
    return scored


def rank_matches(matches: list[ThemeMatch], taxonomy: Taxonomy) -> tuple[ThemeMatch, ...]:
    """Keep the matches that pass the threshold, strongest first, ties in file order, at most max_themes."""
    order = {theme.id: index for index, theme in enumerate(taxonomy.themes)}
    passing = [match for match in matches if match.score >= taxonomy.threshold]
    passing.sort(key=lambda match: (-match.score, order[match.theme]))
    return tuple(passing[:taxonomy.max_themes])


def assign_themes(papers: tuple[Paper, ...], taxonomy: Taxonomy,
                  memo: Memo | None = None) -> tuple[tuple[Paper, ...], tuple[Problem, ...]]:
    """Give each paper its themes with the matches that explain them; warn about unused rules.

    A paper's matches depend on its title and abstract and on the taxonomy's rules alone; with a
    memo (serve's rebuilds) only papers whose title or abstract changed, or all after a change of
    the rules, are matched again (not after a theme's name or description is edited).
    """
    rules = matching_rules(taxonomy)
    table = memo_table(memo, "themes", rules)
    keys = [(paper.title, paper.abstract) for paper in papers]
    missing = [index for index, key in enumerate(keys) if key not in table]
    matchers = memo_table(memo, "theme matcher", rules)  # compiled once per set of rules
    matcher = matchers.get("matcher", lambda: compile_matcher(taxonomy.themes)) if missing else None

    def match_papers(start: int, stop: int) -> list[tuple[tuple[ThemeMatch, ...], frozenset[tuple[str, str]]]]:
        results = []
        for paper in (papers[index] for index in missing[start:stop]):
            matches: list[ThemeMatch] = []
            used: set[tuple[str, str]] = set()
            for match, exclusion in score_paper(paper, matcher, taxonomy.themes, taxonomy.title_weight):
                used.update((match.theme, phrase) for phrase in match.title_phrases + match.abstract_phrases)
                if exclusion:
                    used.add((match.theme, f"exclude:{exclusion}"))
                elif match.score > 0:
                    matches.append(match)
            results.append((rank_matches(matches, taxonomy), frozenset(used)))
        return results

    for index, result in zip(missing, map_ranges(match_papers, len(missing), serial_below=PARALLEL_FROM)):
        table[keys[index]] = result
    results = [table[key] for key in keys]
    assigned = tuple(replace(paper, themes=tuple(match.theme for match in kept), theme_matches=kept)
                     for paper, (kept, _) in zip(papers, results))
    used_rules = set().union(*(used for _, used in results))
    return assigned, report_assignment(assigned, taxonomy, used_rules)


def matching_rules(taxonomy: Taxonomy) -> Taxonomy:
    """Return the taxonomy as matching reads it: the themes' ids and phrases, the numbers; not the
    themes' names, descriptions or lines, nor the file's name."""
    return replace(taxonomy, file="", themes=tuple(replace(theme, name="", description="", line=0)
                                                     for theme in taxonomy.themes))


def report_assignment(papers: tuple[Paper, ...], taxonomy: Taxonomy,
                      used: set[tuple[str, str]]) -> tuple[Problem, ...]:
    """Warn about themes with no paper and rules that never matched; count the unsorted papers."""
    name = taxonomy.file
    counts = Counter(theme for paper in papers for theme in paper.themes)
    problems: list[Problem] = []
    for theme in taxonomy.themes:
        if not counts[theme.id]:
            problems.append(Problem(name, theme.line, Severity.WARNING, f"theme '{theme.id}' has no paper"))
        for phrase in theme.strong + theme.phrases:
            if (theme.id, phrase) not in used:
                problems.append(Problem(name, theme.line, Severity.WARNING,
                                        f"theme '{theme.id}': phrase '{phrase}' matches no paper"))
        for phrase in theme.exclude:
            if (theme.id, f"exclude:{phrase}") not in used:
                problems.append(Problem(name, theme.line, Severity.WARNING,
                                        f"theme '{theme.id}': exclusion '{phrase}' excludes no paper"))
    if papers and taxonomy.themes:
        sorted_count = sum(1 for paper in papers if paper.themes)
        problems.append(Problem(name, 0, Severity.INFO,
                                f"{sorted_count} of {len(papers)} papers have a theme "
                                f"({100 * sorted_count / len(papers):.1f}%); {len(papers) - sorted_count} unsorted"))
    return tuple(problems)
