"""Give each paper the facts its listings lack, and the curator the last word.

Two files of ``seeds/`` speak about papers rather than list them. ``lookup.yml`` holds what
``catalog lookup`` fetched (arXiv id, authors, date, code, project page, upvotes; see
``lookup_file.py``); ``papers.yml`` is the curator's own:

.. code-block:: yaml

    papers:
    - paper: attention-is-all-you-need   # its id (slug), arXiv id or title
      arxiv_id: '1706.03762'             # set or correct any fact
      authors: [Ashish Vaswani, Noam Shazeer]
      published: '2017-06-12'
      code: https://github.com/tensorflow/tensor2tensor
      add_themes: [transformers]
      remove_themes: [vision]
      status: key                        # to-read | reading | read | key
      note: The paper that started it.

The curator's word beats the lookup, which beats the listings. Only the lookup's sure matches
(``match: exact``) give facts; its near misses are reported for the curator to confirm. Every
fact keeps where it came from in ``Paper.origins``. An entry that names no paper, or a value of
the wrong kind, is a warning with its line; the build never touches the network.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from difflib import get_close_matches
from pathlib import Path

import yaml

from .fields import ARXIV_ID_RE, DOI_RE, ISO_DATE_RE
from .lookup_file import LOOKUP_FILE, LookupEntry, read_lookup
from .models import Link, Listing, Paper, Problem, Severity
from .normalize import title_key
from .yaml_file import TextLoader, compose_file, mapping_value, node_value

CURATOR_FILE = "papers.yml"
STATUSES = ("to-read", "reading", "read", "key")
STATUS_LABELS = {"to-read": "To read", "reading": "Reading", "read": "Read", "key": "Key paper"}
TEXT_FACTS = ("title", "abstract", "venue")
FACT_KEYS = ("arxiv_id", "doi", "authors", "published", "code", "project_page", *TEXT_FACTS)
# A citation key the curator pins: what BibTeX and biber accept in a key.
CITATION_KEY_RE = re.compile(r"[A-Za-z0-9_:./+-]{1,80}")
ENTRY_KEYS = ("paper", *FACT_KEYS, "key", "add_themes", "remove_themes", "status", "note")
# The facts whose origin catalog.json records, in its order.
ORIGIN_FACTS = ("title", "abstract", "authors", "published", "arxiv_id", "doi", "venue", "upvotes",
                "code", "project_page", "status", "notes")


@dataclass(frozen=True, slots=True)
class CuratorEntry:
    """One entry of ``papers.yml``: the paper it names, the facts it sets, and their lines."""

    paper: str
    line: int
    facts: dict[str, object] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    add_themes: tuple[str, ...] = ()
    remove_themes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Curation:
    """What the two files say, matched to papers: the theme edits wait for the themes stage."""

    theme_edits: dict[str, CuratorEntry]
    problems: tuple[Problem, ...]


def curate_papers(papers: tuple[Paper, ...], listings: tuple[Listing, ...],
                  seeds_dir: Path) -> tuple[tuple[Paper, ...], Curation]:
    """Apply the lookup's sure facts, then the curator's, to every paper they name.

    The curator may name a paper by the arXiv id the lookup found for it, and the lookup files a
    paper under the title the curator gave it; a lookup entry about another arXiv id than the one
    the curator gives is not applied (the next ``catalog lookup`` asks about the curator's).
    """
    problems: list[Problem] = []
    lookup = read_lookup(seeds_dir / LOOKUP_FILE)
    problems.extend(lookup.problems)
    entries = read_curator_file(seeds_dir / CURATOR_FILE, problems)
    captured = {listing.file: listing.captured for listing in listings if listing.captured}
    papers = tuple(with_origins(paper, replace(paper, added=min(
        (captured[source.listing] for source in paper.sources if source.listing in captured), default=None)))
        for paper in papers)
    finder = PaperFinder(papers)
    matched, unmatched = match_lookup(lookup.entries, finder, problems)
    finder.add_arxiv_ids({entry.arxiv_id: paper_id for paper_id, entry in matched.items()
                          if entry.match == "exact" and entry.arxiv_id})
    curated = match_curator(entries, finder, problems)
    curated_titles = {title_key(str(entry.facts["title"])): paper_id for paper_id, entry in curated.items()
                      if "title" in entry.facts}
    for entry in unmatched:
        paper_id = curated_titles.get(entry.key)
        if paper_id is not None and paper_id not in matched:
            matched[paper_id] = entry
        else:
            problems.append(Problem(LOOKUP_FILE, entry.line, Severity.INFO,
                                    f"'{entry.title}' is no paper of the catalog any more; catalog lookup "
                                    "--refresh leaves it out"))
    result = []
    for paper in papers:
        entry, curator = matched.get(paper.id), curated.get(paper.id)
        corrected = curator.facts.get("arxiv_id") if curator else None
        if entry is not None and entry.match == "exact" and corrected and entry.arxiv_id != corrected:
            problems.append(Problem(LOOKUP_FILE, entry.line, Severity.INFO,
                                    f"'{paper.title}' ({paper.id}): these facts are about arXiv:{entry.arxiv_id}, "
                                    f"but {CURATOR_FILE} says arXiv:{corrected}; not applied (catalog lookup "
                                    "asks about the curator's)"))
            entry = None
        if entry is not None and entry.match == "candidates" and entry.candidates and not corrected:
            options = "; ".join(f"arXiv:{candidate.arxiv_id} '{candidate.title}'" for candidate in entry.candidates)
            problems.append(Problem(LOOKUP_FILE, entry.line, Severity.INFO,
                                    f"'{paper.title}' ({paper.id}) may be {options}: not applied; to accept one, "
                                    f"give the paper its arxiv_id in {CURATOR_FILE}"))
        if entry is not None and entry.match == "exact":
            paper = apply_lookup(paper, entry)
        if curator is not None:
            paper = apply_curator(paper, curator)
        result.append(paper)
    problems.extend(shared_arxiv_ids(result))
    theme_edits = {paper_id: entry for paper_id, entry in curated.items() if entry.add_themes or entry.remove_themes}
    return tuple(result), Curation(theme_edits, tuple(problems))


def shared_arxiv_ids(papers: list[Paper]) -> list[Problem]:
    """Warn about two papers that end up with one arXiv id (a wrong id in papers.yml, most likely)."""
    by_id: dict[str, list[Paper]] = {}
    for paper in papers:
        if paper.arxiv_id:
            by_id.setdefault(paper.arxiv_id, []).append(paper)
    problems = []
    for arxiv_id, group in sorted(by_id.items()):
        if len(group) > 1:
            origins = ", ".join(f"{paper.id} ({dict(paper.origins).get('arxiv_id', '?')})" for paper in group)
            first = dict(group[0].origins).get("arxiv_id", "")
            place = first if first.startswith(CURATOR_FILE) else f"{CURATOR_FILE}:0"
            name, _, line = place.partition(":")
            problems.append(Problem(name, int(line or 0), Severity.WARNING,
                                    f"arXiv:{arxiv_id} is the id of {len(group)} papers: {origins}; "
                                    "one of them is wrong"))
    return problems


def edit_themes(papers: tuple[Paper, ...], curation: Curation, theme_ids: tuple[str, ...]) -> tuple[
        tuple[Paper, ...], tuple[Problem, ...]]:
    """Add and remove the themes the curator named, after the rules have given theirs."""
    problems: list[Problem] = []
    known = set(theme_ids)
    order = {theme_id: index for index, theme_id in enumerate(theme_ids)}
    result = []
    for paper in papers:
        entry = curation.theme_edits.get(paper.id)
        if entry is None:
            result.append(paper)
            continue
        themes = list(paper.themes)
        for key, names in (("add_themes", entry.add_themes), ("remove_themes", entry.remove_themes)):
            for name in names:
                if name not in known:
                    close = get_close_matches(name, theme_ids, n=1)
                    hint = f"; did you mean '{close[0]}'?" if close else ""
                    problems.append(Problem(CURATOR_FILE, entry.lines.get(key, entry.line), Severity.WARNING,
                                            f"'{entry.paper}': {key} names '{name}', which is not a theme{hint}"))
        added = [name for name in entry.add_themes if name in known and name not in themes]
        themes = [theme for theme in themes if theme not in entry.remove_themes]
        # The rules' themes keep their rank; the curator's come after them, in the taxonomy's order.
        themes += sorted((name for name in added if name not in entry.remove_themes), key=order.__getitem__)
        matches = tuple(match for match in paper.theme_matches if match.theme in themes)
        result.append(replace(paper, themes=tuple(themes), theme_matches=matches,
                              origins=paper.origins + (("themes", f"{CURATOR_FILE}:{entry.line}"),)))
    return tuple(result), tuple(problems)


class PaperFinder:
    """Find the papers a file names: by id, by arXiv id, or by title (normalized)."""

    def __init__(self, papers: tuple[Paper, ...]) -> None:
        self.by_id = {paper.id: paper for paper in papers}
        self.by_arxiv: dict[str, list[Paper]] = {}
        self.by_title: dict[str, list[Paper]] = {}
        for paper in papers:
            if paper.arxiv_id:
                self.by_arxiv.setdefault(paper.arxiv_id, []).append(paper)
            self.by_title.setdefault(title_key(paper.title), []).append(paper)

    def add_arxiv_ids(self, ids: dict[str, str]) -> None:
        """Also find papers by arXiv ids found for them elsewhere (the lookup's), by paper id."""
        for arxiv_id, paper_id in ids.items():
            papers = self.by_arxiv.setdefault(arxiv_id, [])
            if all(paper.id != paper_id for paper in papers):
                papers.append(self.by_id[paper_id])

    def find(self, name: str) -> list[Paper]:
        """Return the papers ``name`` may mean: one, several (ambiguous) or none."""
        if name in self.by_id:
            return [self.by_id[name]]
        arxiv = ARXIV_ID_RE.fullmatch(name.strip().removeprefix("arXiv:").removeprefix("arxiv:").strip())
        if arxiv and arxiv.group("id") in self.by_arxiv:
            return self.by_arxiv[arxiv.group("id")]
        return self.by_title.get(title_key(name), [])


def match_lookup(entries: tuple[LookupEntry, ...], finder: PaperFinder,
                 problems: list[Problem]) -> tuple[dict[str, LookupEntry], list[LookupEntry]]:
    """Match each lookup entry to its paper (by arXiv id, then title); return the matches by
    paper id and the entries that name no paper by the listings' facts."""
    found: dict[str, LookupEntry] = {}
    unmatched: list[LookupEntry] = []
    for entry in entries:
        papers = finder.by_arxiv.get(entry.arxiv_id or "", []) if entry.arxiv_id else []
        papers = papers or finder.by_title.get(entry.key, [])
        if not papers:
            unmatched.append(entry)
            continue
        if len(papers) > 1:
            ids = ", ".join(paper.id for paper in papers)
            problems.append(Problem(LOOKUP_FILE, entry.line, Severity.WARNING,
                                    f"'{entry.title}' could be any of {ids}; not used (name the paper's arXiv id "
                                    f"in {CURATOR_FILE})"))
            continue
        if papers[0].id not in found or entry.match == "exact":
            found[papers[0].id] = entry
    return found, unmatched


def apply_lookup(paper: Paper, entry: LookupEntry) -> Paper:
    """Take the lookup's facts over the listings' ones; its links join the listing's."""
    facts: dict[str, object] = {}
    if entry.arxiv_id and ARXIV_ID_RE.fullmatch(entry.arxiv_id):
        facts["arxiv_id"] = entry.arxiv_id
    if entry.authors:
        facts["authors"] = entry.authors
        facts["authors_count"] = len(entry.authors)
    if entry.published and ISO_DATE_RE.match(entry.published):
        facts["published"] = entry.published
    if entry.upvotes is not None:
        facts["upvotes"] = entry.upvotes
    links = paper.links
    for kind, url in (("project", entry.project_page), ("code", entry.code)):
        if url:
            # The lookup's link goes before the listing's: buttons and exports take the first of a kind.
            links = (Link(url, kind),) + tuple(link for link in links if link.url != url)
            facts["code" if kind == "code" else "project_page"] = url
    changed = replace(paper, links=links, **{key: value for key, value in facts.items()
                                             if key not in ("code", "project_page")})
    return with_origins(changed, changed, {key: entry.origin for key in facts if key != "authors_count"})


def apply_curator(paper: Paper, entry: CuratorEntry) -> Paper:
    """Take the curator's facts over everything else."""
    facts = dict(entry.facts)
    origins = {("notes" if key == "note" else key): f"{CURATOR_FILE}:{entry.lines[key]}" for key in facts
               if key != "key"}
    values: dict[str, object] = {}
    for key, value in facts.items():
        if key in ("code", "project_page"):
            continue
        values[{"note": "notes", "key": "citation_key"}.get(key, key)] = value
    if "authors" in values:
        values["authors_count"] = len(values["authors"])  # type: ignore[arg-type]
    links = paper.links
    for key, kind in (("code", "code"), ("project_page", "project")):
        if key in facts:
            url = str(facts[key])
            # The curator's link goes first: buttons and exports take the first link of a kind.
            links = (Link(url, kind),) + tuple(
                link for link in links if link.url != url)
    changed = replace(paper, links=links, **values)
    return with_origins(changed, changed, origins)


def with_origins(before: Paper, after: Paper, given: dict[str, str] | None = None) -> Paper:
    """Record where each fact of ``after`` came from: ``given`` for the ones just set, the
    paper's first listing line for facts a listing gave (when no origin is known yet)."""
    origins = dict(before.origins)
    if given is None:
        place = str(before.sources[0])
        for fact in ORIGIN_FACTS:
            if fact not in origins and has_fact(after, fact):
                origins[fact] = place
    else:
        origins.update(given)
    ordered = tuple((fact, origins[fact]) for fact in (*ORIGIN_FACTS, "themes") if fact in origins)
    return replace(after, origins=ordered)


def has_fact(paper: Paper, fact: str) -> bool:
    """Tell whether a paper holds a value for a fact."""
    if fact == "code":
        return any(link.kind == "code" for link in paper.links)
    if fact == "project_page":
        return any(link.kind == "project" for link in paper.links)
    value = getattr(paper, fact)
    return value not in (None, "", ())


def match_curator(entries: list[CuratorEntry], finder: PaperFinder, problems: list[Problem]) -> dict[str, CuratorEntry]:
    """Match each curator entry to the one paper it names; warn about the others by line."""
    matched: dict[str, CuratorEntry] = {}
    for entry in entries:
        papers = finder.find(entry.paper)
        if not papers:
            close = get_close_matches(entry.paper, list(finder.by_id), n=1, cutoff=0.75)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.append(Problem(CURATOR_FILE, entry.line, Severity.WARNING,
                                    f"'{entry.paper}' names no paper of the catalog (give its id, arXiv id or "
                                    f"title){hint}; ignored"))
            continue
        if len(papers) > 1:
            problems.append(Problem(CURATOR_FILE, entry.line, Severity.WARNING,
                                    f"'{entry.paper}' could be any of {', '.join(paper.id for paper in papers)}; "
                                    "name it by id; ignored"))
            continue
        paper = papers[0]
        if paper.id in matched:
            problems.append(Problem(CURATOR_FILE, entry.line, Severity.WARNING,
                                    f"'{entry.paper}' names {paper.id} again (first at line "
                                    f"{matched[paper.id].line}); this entry is ignored"))
            continue
        matched[paper.id] = entry
    return matched


def read_curator_file(path: Path, problems: list[Problem]) -> list[CuratorEntry]:
    """Read ``papers.yml`` into entries, each value checked; a broken file is one error."""
    root, errors = compose_file(path, TextLoader)
    problems.extend(errors)
    if root is None:
        return []
    items = mapping_value(root, "papers")
    if not isinstance(items, yaml.SequenceNode):
        problems.append(Problem(CURATOR_FILE, root.start_mark.line + 1, Severity.ERROR,
                                "must hold 'papers:', a list of entries each naming a 'paper:'; not used"))
        return []
    entries = []
    for node in items.value:
        entry = read_curator_entry(node, problems)
        if entry is not None:
            entries.append(entry)
    return entries


def read_curator_entry(node: yaml.Node, problems: list[Problem]) -> CuratorEntry | None:
    """Read one entry; a value of the wrong kind is left out with a warning naming its line."""
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(CURATOR_FILE, line, Severity.WARNING,
                                "entry is not a mapping (paper: …, then the facts to set); ignored"))
        return None
    values: dict[str, tuple[object, int]] = {}
    for key_node, value_node in node.value:
        key, key_line = str(key_node.value), key_node.start_mark.line + 1
        if key not in ENTRY_KEYS:
            close = get_close_matches(key, ENTRY_KEYS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(ENTRY_KEYS)}"
            problems.append(Problem(CURATOR_FILE, key_line, Severity.WARNING, f"unknown key '{key}'; ignored ({hint})"))
            continue
        values[key] = (node_value(value_node, TextLoader), key_line)
    name = values.get("paper", (None, line))[0]
    if not isinstance(name, (str, int, float)) or not str(name).strip():
        problems.append(Problem(CURATOR_FILE, line, Severity.WARNING,
                                "entry names no paper (paper: its id, arXiv id or title); ignored"))
        return None
    facts: dict[str, object] = {}
    lines: dict[str, int] = {}
    themes: dict[str, tuple[str, ...]] = {}
    for key, (value, key_line) in values.items():
        if key == "paper":
            continue
        checked = check_value(key, value)
        if isinstance(checked, Rejected):
            problems.append(Problem(CURATOR_FILE, key_line, Severity.WARNING,
                                    f"'{name}': {key} {checked.reason}; ignored"))
            continue
        lines[key] = key_line
        if key in ("add_themes", "remove_themes"):
            themes[key] = checked  # type: ignore[assignment]
        else:
            facts[key] = checked
    return CuratorEntry(paper=str(name).strip(), line=line, facts=facts, lines=lines,
                        add_themes=themes.get("add_themes", ()), remove_themes=themes.get("remove_themes", ()))


@dataclass(frozen=True, slots=True)
class Rejected:
    """Why a curator's value cannot be used."""

    reason: str


def check_value(key: str, value: object) -> object:
    """Return a curator's value in the form the catalog keeps, or ``Rejected`` saying why not."""
    if key in ("add_themes", "remove_themes", "authors"):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(item, str) and item.strip() for item in items):
            return Rejected("must be a list of names")
        return tuple(" ".join(item.split()) for item in items)
    if isinstance(value, dt.date):
        value = value.isoformat()
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
        return Rejected("must be one value written as text")
    text = str(value).strip()
    if key == "arxiv_id":
        match = ARXIV_ID_RE.fullmatch(text.removeprefix("arXiv:").removeprefix("arxiv:").strip())
        return match.group("id") if match else Rejected(f"'{text}' is not an arXiv id (such as 1706.03762)")
    if key == "doi":
        match = DOI_RE.fullmatch(text.removeprefix("https://doi.org/"))
        return match.group("doi").lower() if match else Rejected(f"'{text}' is not a DOI (such as 10.1000/xyz)")
    if key == "published":
        return text if is_iso_date(text) else Rejected(f"'{text}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    if key in ("code", "project_page"):
        return text if text.startswith(("https://", "http://")) else Rejected(f"'{text}' is not an http(s) address")
    if key == "key":
        return text if CITATION_KEY_RE.fullmatch(text) else Rejected(
            f"'{text}' is not a citation key (letters, digits and _:./+- only)")
    if key == "status":
        return text if text in STATUSES else Rejected(f"'{text}' is not one of {', '.join(STATUSES)}")
    if key in ("note", "abstract"):
        return str(value).strip()
    return " ".join(text.split())


def is_iso_date(text: str) -> bool:
    """Tell whether text is a real year, month or day written ISO-style."""
    match = ISO_DATE_RE.match(text)
    if not match or len(text) not in (4, 7, 10):
        return False
    try:
        dt.date(int(match.group("year")), int(match.group("month") or 1), int(match.group("day") or 1))
    except ValueError:
        return False
    return True
