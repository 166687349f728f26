"""Read and write ``seeds/lookup.yml``: what ``catalog lookup`` found about the catalog's papers.

The file is the only thing the build takes from the network, and it takes it offline: the
lookup writes it, the build reads it, and a person reviews it in a diff. One entry per paper
asked about, sorted by title key, each with the source it came from and the day it was fetched:

.. code-block:: yaml

    papers:
    - title: Attention Is All You Need     # the catalog's title of the paper asked about
      source: huggingface
      fetched: '2026-12-01'
      match: exact                         # exact | candidates | none
      arxiv_id: '1706.03762'
      authors: [Ashish Vaswani, Noam Shazeer]
      published: '2017-06-12'
      upvotes: 12
      code: https://github.com/tensorflow/tensor2tensor
      project_page: https://example.org/
    - title: Some Paper
      source: huggingface
      fetched: '2026-12-01'
      match: candidates                    # near misses, for the curator to confirm
      candidates:
      - {arxiv_id: '2401.00001', title: Towards Some Paper}

Only ``exact`` entries give facts to the build; ``candidates`` are reported so the curator can
confirm one (by writing its arXiv id in ``papers.yml``); ``none`` records that the source was
asked and knew nothing, so the next run does not ask again unless ``--refresh``.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .models import Problem, Severity
from .normalize import title_key
from .yaml_file import PlainLoader, compose_file, mapping_value, node_value

LOOKUP_FILE = "lookup.yml"
MATCHES = ("exact", "candidates", "none")
HEADER = ("# Facts about the catalog's papers, fetched by `catalog lookup`. Written by the tool, one\n"
          "# entry per paper asked about, sorted; do not edit: correct a fact in papers.yml, which wins.\n")
FACT_KEYS = ("arxiv_id", "authors", "published", "upvotes", "code", "project_page")
ENTRY_KEYS = ("title", "source", "fetched", "match", *FACT_KEYS, "candidates")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A paper the source knows that may be the one asked about: its arXiv id and title."""

    arxiv_id: str
    title: str


@dataclass(frozen=True, slots=True)
class LookupEntry:
    """What one source said, on one day, about one paper of the catalog (``line`` in the file)."""

    title: str
    source: str
    fetched: str
    match: str
    arxiv_id: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    upvotes: int | None = None
    code: str | None = None
    project_page: str | None = None
    candidates: tuple[Candidate, ...] = ()
    line: int = 0

    @property
    def key(self) -> str:
        """Return the title key the entry is filed under (``normalize.title_key``)."""
        return title_key(self.title)

    @property
    def origin(self) -> str:
        """Say where the entry's facts came from, as ``catalog.json`` records it."""
        return f"lookup: {self.source} {self.fetched}"


@dataclass(frozen=True, slots=True)
class LookupFile:
    """The entries of a lookup file, and the problems found reading it."""

    entries: tuple[LookupEntry, ...] = ()
    problems: tuple[Problem, ...] = field(default=())


def read_lookup(path: Path) -> LookupFile:
    """Read a lookup file; a missing file is empty, a broken one an error, a bad entry a warning."""
    name = path.name
    root, errors = compose_file(path, PlainLoader)
    if errors:
        return LookupFile(problems=errors)
    if root is None:
        return LookupFile()
    items = mapping_value(root, "papers")
    if not isinstance(items, yaml.SequenceNode):
        return LookupFile(problems=(Problem(name, root.start_mark.line + 1, Severity.ERROR,
                                            "must hold 'papers:', a list of entries; not used"),))
    entries, problems = [], []
    for node in items.value:
        entry = read_entry(name, node, problems)
        if entry is not None:
            entries.append(entry)
    return LookupFile(tuple(entries), tuple(problems))


def read_entry(name: str, node: yaml.Node, problems: list[Problem]) -> LookupEntry | None:
    """Read one entry; one that lacks its title, source, day or match is skipped with a warning."""
    line = node.start_mark.line + 1
    data = node_value(node)
    if not isinstance(data, dict):
        problems.append(Problem(name, line, Severity.WARNING, "entry is not a mapping; skipped"))
        return None
    missing = [key for key in ("title", "source", "fetched", "match") if not data.get(key)]
    if missing or data.get("match") not in MATCHES:
        reason = f"lacks {', '.join(missing)}" if missing else f"has match '{data.get('match')}', not one of {', '.join(MATCHES)}"
        problems.append(Problem(name, line, Severity.WARNING, f"entry {reason}; skipped"))
        return None
    authors = data.get("authors") or ()
    upvotes = data.get("upvotes")
    candidates = tuple(Candidate(str(item.get("arxiv_id", "")), str(item.get("title", "")))
                       for item in data.get("candidates") or () if isinstance(item, dict))
    return LookupEntry(
        title=str(data["title"]), source=str(data["source"]), fetched=str(data["fetched"]), match=data["match"],
        arxiv_id=text_or_none(data.get("arxiv_id")),
        authors=tuple(str(author) for author in authors) if isinstance(authors, list) else (),
        published=text_or_none(data.get("published")),
        upvotes=upvotes if isinstance(upvotes, int) and not isinstance(upvotes, bool) else None,
        code=text_or_none(data.get("code")), project_page=text_or_none(data.get("project_page")),
        candidates=candidates, line=line)


def text_or_none(value: object) -> str | None:
    """Return a value as text (a YAML date too), or None when it is empty."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def entry_data(entry: LookupEntry) -> dict:
    """Return an entry as the plain data written to the file, empty facts left out."""
    data: dict = {"title": entry.title, "source": entry.source, "fetched": entry.fetched, "match": entry.match}
    if entry.arxiv_id:
        data["arxiv_id"] = entry.arxiv_id
    if entry.authors:
        data["authors"] = list(entry.authors)
    for key in ("published", "upvotes", "code", "project_page"):
        value = getattr(entry, key)
        if value is not None:
            data[key] = value
    if entry.candidates:
        data["candidates"] = [{"arxiv_id": candidate.arxiv_id, "title": candidate.title}
                              for candidate in entry.candidates]
    return data


def sort_key(entry: LookupEntry) -> tuple[str, str, str]:
    """Order entries by title key, then title and arXiv id, so the file's order is its content's."""
    return (entry.key, entry.title, entry.arxiv_id or "")


def render_lookup(entries: tuple[LookupEntry, ...] | list[LookupEntry]) -> str:
    """Return the text of a lookup file holding the entries, sorted; the same entries give the same bytes."""
    body = yaml.safe_dump({"papers": [entry_data(entry) for entry in sorted(entries, key=sort_key)]},
                          allow_unicode=True, sort_keys=False, width=100_000, default_flow_style=False)
    return HEADER + body


def write_lookup(path: Path, entries: tuple[LookupEntry, ...] | list[LookupEntry]) -> None:
    """Write the lookup file at once (a temporary file renamed over it), so a crash never halves it."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(render_lookup(entries), encoding="utf-8")
    os.replace(temporary, path)
