"""Read the YAML files of ``seeds/`` that speak about papers (``papers.yml``, ``lookup.yml``).

One place turns a file into a YAML node tree: a missing file is empty, and a file that is not
UTF-8, cannot be read or is not valid YAML is one error naming the file (and the line, where
YAML gives one), never an exception. The loaders keep values as written, so the readers check
them and name their lines.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .models import Problem, Severity


class PlainLoader(yaml.SafeLoader):
    """YAML's safe loader without its timestamp rule: a date stays the text it was written as
    (``2025-13-01`` is ours to report, not an exception from the YAML library)."""


PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class TextLoader(yaml.SafeLoader):
    """YAML's safe loader reading every scalar as the text it is written as (only ``~`` and an
    empty value are null): ``arxiv_id: 2310.10010`` stays that id, not the number 2310.1001."""


TextLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def compose_file(path: Path, loader: type[yaml.SafeLoader]) -> tuple[yaml.Node | None, tuple[Problem, ...]]:
    """Return a file's YAML node tree (None when the file is missing or empty), or the error
    that kept it from being read, named by the file's name."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, ()
    except UnicodeDecodeError as error:
        return None, (Problem(name, 0, Severity.ERROR, f"is not UTF-8 text ({error.reason}); not used"),)
    except OSError as error:
        return None, (Problem(name, 0, Severity.ERROR, f"cannot be read: {error.strerror}; not used"),)
    try:
        return yaml.compose(text, Loader=loader), ()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        return None, (Problem(name, mark.line + 1 if mark else 0, Severity.ERROR,
                              f"is not valid YAML ({reason}); not used"),)


def mapping_value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """Return the value node of ``key`` in a mapping node, or None."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if key_node.value == key:
            return value_node
    return None


def node_value(node: yaml.Node, loader: type[yaml.SafeLoader] = PlainLoader) -> object:
    """Return the plain value of a composed node, dates as text (every scalar, with ``TextLoader``)."""
    return yaml.load(yaml.serialize(node), Loader=loader)
