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
from difflib import get_close_matches
from pathlib import Path

import yaml

from .models import Paper, Problem, Severity, Theme, ThemeMatch
from .related import distinctive_terms

TOP_KEYS = ("threshold", "title_weight", "max_themes", "themes")
THEME_KEYS = ("id", "name", "description", "phrases", "strong", "exclude")
RULE_WEIGHTS = (("strong", 2.0), ("phrases", 1.0))
THEME_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WORD_SPLIT_RE = re.compile(r"[\s\-\u2010-\u2015]+")
WORD_SEPARATOR = r"[\s\-\u2010-\u2015]*"
ES_PLURAL_RE = re.compile(r"(?:ss|ch|sh|x|z)es$")
S_PLURAL_RE = re.compile(r"[^sui]s$")
WORD_RE = re.compile(r"\w+")
PREFIX_LENGTH = 5
INWORD_HYPHEN_RE = re.compile(r"(?<=\w)[\-\u2010\u2011](?=\w)")


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The curated themes and the numbers that govern assignment."""

    themes: tuple[Theme, ...] = ()
    threshold: float = 4.0
    title_weight: float = 3.0
    max_themes: int = 4
    file: str = "themes.yml"


@dataclass(frozen=True, slots=True)
class PhraseRule:
    """One phrase of a theme, compiled once, by its index among the theme's strong then plain phrases."""

    theme: int
    index: int
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Matcher:
    """A taxonomy's phrases ready for matching: per theme (phrase, weight) and exclusions, and
    the phrase rules by (up to) the first PREFIX_LENGTH letters of their first word."""

    phrases: tuple[tuple[tuple[str, float], ...], ...]
    exclude: tuple[tuple[tuple[str, re.Pattern[str]], ...], ...]
    by_prefix: dict[str, tuple[PhraseRule, ...]]
    always: tuple[PhraseRule, ...]
    key_lengths: tuple[int, ...]


def load_taxonomy(path: Path) -> tuple[Taxonomy, tuple[Problem, ...]]:
    """Read the taxonomy file; a missing or broken file gives no themes and an error."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except FileNotFoundError:
        return Taxonomy(file=name), (Problem(name, 0, Severity.ERROR, "not found; no paper gets a theme"),)
    except (OSError, UnicodeDecodeError) as error:
        return Taxonomy(file=name), (Problem(name, 0, Severity.ERROR, f"cannot be read: {error}"),)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        return Taxonomy(file=name), (Problem(name, mark.line + 1 if mark else 0, Severity.ERROR,
                                             f"is not valid YAML: {reason}"),)
    if not isinstance(root, yaml.MappingNode):
        return Taxonomy(file=name), (Problem(name, 0, Severity.ERROR,
                                             "must be a mapping with a 'themes' list; no paper gets a theme"),)
    problems: list[Problem] = []
    return read_taxonomy(root, name, problems), tuple(problems)


def read_taxonomy(root: yaml.MappingNode, name: str, problems: list[Problem]) -> Taxonomy:
    """Turn the top-level mapping into a Taxonomy, warning about unknown keys and bad numbers."""
    values = read_mapping(root, TOP_KEYS, name, "", problems)
    taxonomy = Taxonomy(file=name)
    for key in ("threshold", "title_weight", "max_themes"):
        if key in values:
            taxonomy = replace(taxonomy, **{key: read_number(values[key], key, getattr(taxonomy, key), name, problems)})
    themes_node = values.get("themes")
    if not isinstance(themes_node, yaml.SequenceNode):
        problems.append(Problem(name, line_of(themes_node) if themes_node else 0, Severity.ERROR,
                                "'themes' must be a list of themes; no paper gets a theme"))
        return taxonomy
    themes: list[Theme] = []
    for node in themes_node.value:
        theme = read_theme(node, name, problems)
        if theme and any(known.id == theme.id for known in themes):
            problems.append(Problem(name, theme.line, Severity.ERROR,
                                    f"theme '{theme.id}' is defined twice; this one is dropped"))
        elif theme:
            themes.append(theme)
    return replace(taxonomy, themes=tuple(themes))


def read_number(node: yaml.Node, key: str, default: float, name: str, problems: list[Problem]) -> float:
    """Return a positive number (whole for ``max_themes``), or the default with a warning."""
    value = scalar_value(node)
    whole = key == "max_themes"
    if not isinstance(value, bool) and isinstance(value, int if whole else (int, float)) and value > 0:
        return int(value) if whole else float(value)
    problems.append(Problem(name, line_of(node), Severity.WARNING,
                            f"'{key}' must be a {'whole' if whole else 'positive'} number; using {default:g}"))
    return default


def read_theme(node: yaml.Node, name: str, problems: list[Problem]) -> Theme | None:
    """Turn one entry of the ``themes`` list into a Theme, or None when it has no valid id."""
    line = line_of(node)
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(name, line, Severity.ERROR, "a theme must be a mapping; dropped"))
        return None
    theme_id = scalar_value(read_mapping(node, (), name, "", []).get("id"))
    if not isinstance(theme_id, str) or not THEME_ID_RE.match(theme_id):
        problems.append(Problem(name, line, Severity.ERROR,
                                f"theme id {theme_id!r} is not lowercase words joined by '-'; theme dropped"))
        return None
    values = read_mapping(node, THEME_KEYS, name, f"theme '{theme_id}' ", problems)
    texts = {key: scalar_value(values.get(key)) for key in ("name", "description")}
    rules = {key: read_phrases(values.get(key), name, f"theme '{theme_id}': '{key}'", problems)
             for key in ("phrases", "strong", "exclude")}
    drop_equivalent(rules, f"theme '{theme_id}'", name, line, problems)
    if not rules["phrases"] and not rules["strong"]:
        problems.append(Problem(name, line, Severity.WARNING, f"theme '{theme_id}' has no phrases"))
    return Theme(id=theme_id, name=texts["name"] if isinstance(texts["name"], str) else theme_id,
                 description=texts["description"] if isinstance(texts["description"], str) else "",
                 phrases=rules["phrases"], strong=rules["strong"], exclude=rules["exclude"], line=line)


def drop_equivalent(rules: dict[str, tuple[str, ...]], owner: str, name: str, line: int,
                    problems: list[Problem]) -> None:
    """Drop phrases that match the same words as an earlier one (strong before plain), with a warning."""
    for kinds in (("strong", "phrases"), ("exclude",)):
        seen: dict[str, str] = {}
        for kind in kinds:
            kept: list[str] = []
            for phrase in rules[kind]:
                key = phrase_key(phrase)
                if key in seen:
                    problems.append(Problem(name, line, Severity.WARNING,
                                            f"{owner}: '{phrase}' is the same phrase as '{seen[key]}'; ignored"))
                else:
                    seen[key] = phrase
                    kept.append(phrase)
            rules[kind] = tuple(kept)


def read_mapping(node: yaml.MappingNode, known: tuple[str, ...], name: str, owner: str,
                 problems: list[Problem]) -> dict[str, yaml.Node]:
    """Return a mapping's value nodes by key, warning about keys not in ``known`` (if given)."""
    values: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if known and key not in known:
            close = get_close_matches(key, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(Problem(name, line_of(key_node), Severity.WARNING,
                                    f"{owner}has unknown key '{key}'; ignored{hint}"))
            continue
        values[key] = value_node
    return values


def read_phrases(node: yaml.Node | None, name: str, owner: str, problems: list[Problem]) -> tuple[str, ...]:
    """Return the non-empty, distinct strings of a phrase list, warning about anything else."""
    if node is None:
        return ()
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    phrases: list[str] = []
    for item in items:
        value = scalar_value(item)
        if not isinstance(value, str) or not WORD_SPLIT_RE.sub("", value):
            problems.append(Problem(name, line_of(item), Severity.WARNING,
                                    f"{owner} has {value!r}, which is not a phrase; ignored"))
        elif value.strip() in phrases:
            problems.append(Problem(name, line_of(item), Severity.WARNING,
                                    f"{owner} has '{value.strip()}' twice"))
        else:
            phrases.append(value.strip())
    return tuple(phrases)


def scalar_value(node: yaml.Node | None) -> object:
    """Return a scalar node's value as YAML types it (str, int, float, bool, None)."""
    if not isinstance(node, yaml.ScalarNode):
        return node
    return yaml.SafeLoader("").construct_object(node)


def line_of(node: yaml.Node) -> int:
    """Return the 1-based line where a YAML node starts."""
    return node.start_mark.line + 1


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


def singular(word: str) -> str:
    """Return a lowercase word without its plural ending (networks -> network, auxiliaries -> auxiliary)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if ES_PLURAL_RE.search(word):
        return word[:-2]
    if S_PLURAL_RE.search(word) and len(word) > 3:
        return word[:-1]
    return word


def phrase_key(phrase: str) -> str:
    """Return what two phrases share when they match the same words ("multi-modal", "multimodal")."""
    return "".join(singular(word) for word in WORD_SPLIT_RE.split(phrase.strip().lower()) if word)


def compile_matcher(themes: tuple[Theme, ...]) -> Matcher:
    """Compile every phrase once and index it by the first letters of its first word."""
    weighted = tuple(tuple((phrase, weight) for key, weight in RULE_WEIGHTS for phrase in getattr(theme, key))
                     for theme in themes)
    by_prefix: dict[str, list[PhraseRule]] = {}
    always: list[PhraseRule] = []
    for theme_index, phrases in enumerate(weighted):
        for index, (phrase, _) in enumerate(phrases):
            rule = PhraseRule(theme_index, index, re.compile(phrase_pattern(phrase)))
            key = word_parts(WORD_SPLIT_RE.split(phrase.strip().lower())[0])[0][:PREFIX_LENGTH]
            if key and WORD_RE.fullmatch(key):
                by_prefix.setdefault(key, []).append(rule)
            else:
                always.append(rule)
    exclude = tuple(tuple((phrase, re.compile(phrase_pattern(phrase))) for phrase in theme.exclude)
                    for theme in themes)
    return Matcher(weighted, exclude, {key: tuple(rules) for key, rules in by_prefix.items()}, tuple(always),
                   tuple(sorted({len(key) for key in by_prefix})))


def text_variants(text: str) -> tuple[str, ...]:
    """Return the text in lowercase, plus a copy without in-word hyphens ("back-propagation")."""
    lower = text.lower()
    joined = INWORD_HYPHEN_RE.sub("", lower)
    return (lower, joined) if joined != lower else (lower,)


def found_phrases(matcher: Matcher, variants: tuple[str, ...]) -> dict[int, set[int]]:
    """Return, per theme index, the indexes of its phrases found in any variant of a text.

    Only phrases whose first letters start some word of the text are tried, so the time grows
    with the text, not with the number of phrases. A phrase found inside a longer one of the same
    theme ("language model" in "large language model") is not counted again; phrases that merely
    overlap ("class-incremental", "incremental learning") are.
    """
    found: dict[int, set[int]] = {}
    for text in variants:
        words = set(WORD_RE.findall(text))
        prefixes = {word[:length] for word in words for length in matcher.key_lengths} & matcher.by_prefix.keys()
        rules = [rule for key in sorted(prefixes) for rule in matcher.by_prefix[key]] + list(matcher.always)
        hits = sorted((match.start(), -match.end(), rule.theme, rule.index)
                      for rule in rules for match in rule.pattern.finditer(text))
        reach: dict[int, int] = {}
        for _, negative_end, theme, index in hits:
            if -negative_end > reach.get(theme, -1):
                found.setdefault(theme, set()).add(index)
                reach[theme] = -negative_end
    return found


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


def assign_themes(papers: tuple[Paper, ...], taxonomy: Taxonomy) -> tuple[tuple[Paper, ...], tuple[Problem, ...]]:
    """Give each paper its themes with the matches that explain them; warn about unused rules."""
    matcher = compile_matcher(taxonomy.themes)
    used: set[tuple[str, str]] = set()
    assigned: list[Paper] = []
    for paper in papers:
        matches: list[ThemeMatch] = []
        for match, exclusion in score_paper(paper, matcher, taxonomy.themes, taxonomy.title_weight):
            used.update((match.theme, phrase) for phrase in match.title_phrases + match.abstract_phrases)
            if exclusion:
                used.add((match.theme, f"exclude:{exclusion}"))
            elif match.score > 0:
                matches.append(match)
        kept = rank_matches(matches, taxonomy)
        assigned.append(replace(paper, themes=tuple(match.theme for match in kept), theme_matches=kept))
    return tuple(assigned), report_assignment(tuple(assigned), taxonomy, used)


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


def related_themes(papers: tuple[Paper, ...], themes: tuple[Theme, ...]) -> dict[str, tuple[tuple[str, int], ...]]:
    """Return, per theme id, the other themes sharing papers with it: most shared first, then by id."""
    shared: dict[str, Counter[str]] = {theme.id: Counter() for theme in themes}
    for paper in papers:
        for theme in paper.themes:
            if theme in shared:
                shared[theme].update(other for other in paper.themes if other != theme and other in shared)
    return {theme_id: tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
            for theme_id, counts in shared.items()}


def unsorted_papers(papers: tuple[Paper, ...]) -> tuple[Paper, ...]:
    """Return the papers that got no theme, in catalog order."""
    return tuple(paper for paper in papers if not paper.themes)


def format_unsorted(papers: tuple[Paper, ...], taxonomy: Taxonomy) -> list[str]:
    """Return one line per unsorted paper: place, title, distinctive terms and the nearest theme."""
    unsorted = unsorted_papers(papers)
    terms = distinctive_terms(papers, 6)
    position = {id(paper): index for index, paper in enumerate(papers)}
    matcher = compile_matcher(taxonomy.themes)
    lines = [f"{len(unsorted)} of {len(papers)} papers have no theme"]
    for paper in unsorted:
        place = str(paper.sources[0]) if paper.sources else paper.id
        line = f"{place}: {paper.title} | terms: {', '.join(terms[position[id(paper)]]) or '-'}"
        nearest = nearest_theme(paper, matcher, taxonomy)
        if nearest:
            line += (f" | nearest: {nearest.theme} {nearest.score:g} < {taxonomy.threshold:g} "
                     f"({', '.join(nearest.title_phrases + nearest.abstract_phrases)})")
        lines.append(line)
    return lines


def nearest_theme(paper: Paper, matcher: Matcher, taxonomy: Taxonomy) -> ThemeMatch | None:
    """Return the best-scoring theme match of a paper even below the threshold, or None."""
    best: ThemeMatch | None = None
    for match, exclusion in score_paper(paper, matcher, taxonomy.themes, taxonomy.title_weight):
        if match.score > 0 and exclusion is None and (best is None or match.score > best.score):
            best = match
    return best
