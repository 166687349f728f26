"""Read the curated taxonomy, ``themes.yml``, and report what is wrong with it by line.

The file gives ``threshold``, ``title_weight`` and ``max_themes`` and a list of themes, each with
an ``id``, ``name``, ``description``, ``strong`` and plain ``phrases`` and ``exclude`` phrases.
Two phrases that match the same words ("multi-modal", "multimodal") are reported and one is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import get_close_matches
from pathlib import Path

import yaml

from .addresses import RESERVED_THEME_IDS, theme_source
from .models import Problem, Severity, Theme

WORD_SPLIT_RE = re.compile(r"[\s\-\u2010-\u2015]+")
TOP_KEYS = ("threshold", "title_weight", "max_themes", "themes")
THEME_KEYS = ("id", "name", "description", "phrases", "strong", "exclude")
THEME_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ES_PLURAL_RE = re.compile(r"(?:ss|ch|sh|x|z)es$")
S_PLURAL_RE = re.compile(r"[^sui]s$")


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The curated themes and the numbers that govern assignment."""

    themes: tuple[Theme, ...] = ()
    threshold: float = 4.0
    title_weight: float = 3.0
    max_themes: int = 4
    file: str = "themes.yml"


def load_taxonomy(path: Path) -> tuple[Taxonomy, tuple[Problem, ...]]:
    """Read the taxonomy file; a missing or broken file gives no themes and an error."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except FileNotFoundError:
        return Taxonomy(file=name), (Problem(name, 0, Severity.ERROR, "not found; no paper gets a theme"),)
    except UnicodeDecodeError as error:
        return Taxonomy(file=name), (Problem(name, 0, Severity.ERROR,
                                             f"is not UTF-8 text ({error.reason}); no paper gets a theme"),)
    except OSError as error:
        return Taxonomy(file=name), (Problem(name, 0, Severity.ERROR,
                                             f"cannot be read: {error.strerror}; no paper gets a theme"),)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        return Taxonomy(file=name), (Problem(name, mark.line + 1 if mark else 0, Severity.ERROR,
                                             f"is not valid YAML: {reason}; no paper gets a theme"),)
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
    if theme_id in RESERVED_THEME_IDS:
        problems.append(Problem(name, line, Severity.ERROR,
                                f"theme id '{theme_id}' is taken by a generated page ({theme_source(theme_id)}); "
                                "choose another id; theme dropped"))
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
