"""Write papers as BibTeX ``@misc`` entries, with TeX special characters escaped, under stable keys.

BibTeX counts braces in a field without looking at backslashes, so a lone ``\\{`` would leave
the entry unbalanced; braces are written as ``\\textbraceleft{}`` and ``\\textbraceright{}``,
which always balance. Text outside ASCII is kept as UTF-8, which biber and BibTeX 0.99d read.
``url``, ``doi`` and ``eprint`` are verbatim fields for biblatex, so they are written as they are,
with only braces, backslashes and spaces percent-encoded. An arXiv paper is an ``@misc`` with
``eprint`` and ``archivePrefix``, the form arXiv and biblatex recommend.

A citation key is ``lastnameYEARword`` (:func:`citation_keys` states the rule); the CSL-JSON
export uses the same keys, so a paper is cited alike from ``papers.bib``, a theme's ``.bib``
file, ``papers.csl.json`` and its own page.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache

from bibtexparser.middlewares.names import NameParts, parse_single_name_into_parts
from slugify import slugify

from .fields import ISO_DATE_RE
from .links import ARXIV_ABS, search_links
from .models import Paper, Theme

BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "&": r"\&",
    "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
SPECIALS_RE = re.compile("|".join(re.escape(char) for char in BIBTEX_SPECIALS))
WHITESPACE_RE = re.compile(r"\s+")
# Characters a verbatim field (url, doi, eprint) cannot hold as they are: they would unbalance
# the entry or end the value.
VERBATIM_UNSAFE_RE = re.compile(r"[{}\\\s]")
MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Words a key skips at the start of a title. Changing this list changes keys: keep it as it is.
STOP_WORDS = frozenset({
    "a", "an", "the", "on", "of", "towards", "toward", "to", "for", "in", "and", "or", "with", "via",
    "from", "by", "at", "as", "is", "are", "do", "does", "can", "what", "how", "why", "when", "into",
})
TITLE_WORDS_LOOKED_AT = 12  # a key needs at most two words; folding the whole title would waste time
SUFFIX_LENGTH = 4
UNDATED = "nd"
UNTITLED = "paper"
NEVER_ADDED = "9999"  # sorts a paper no listing dates after every dated one
# Authors recur across a catalog's papers; splitting each name once halves the time of papers.bib.
NAMES_CACHED = 65536


def escape_bibtex(text: str) -> str:
    """Escape the characters TeX would read as commands or groups, on one line."""
    return SPECIALS_RE.sub(lambda match: BIBTEX_SPECIALS[match.group(0)], WHITESPACE_RE.sub(" ", text))


def verbatim(value: str) -> str:
    """Percent-encode what a verbatim field cannot hold (braces, backslashes, whitespace)."""
    return VERBATIM_UNSAFE_RE.sub(lambda match: "".join(f"%{byte:02X}" for byte in match.group(0).encode()), value)


def citation_keys(papers: tuple[Paper, ...]) -> dict[str, str]:
    """Return every paper's citation key, by paper id, unique among the papers given.

    The base key is the ASCII-folded family name of the first author, the year (``nd`` when
    undated) and the first title word that is not a stop word: ``vaswani2017attention``. A paper
    without authors takes the first significant title word, the year and the second one
    (``attention2017all``); a title with no such word gives ``paper``. Among papers sharing a
    base key, the one first seen (earliest ``added`` day, then first source line) keeps the bare
    key; each other one gets ``-`` and the first four hex digits of the SHA-1 of its own id
    (``vaswani2017attention-3f2a``). A paper added later therefore never changes an existing
    paper's key, unless it is seen earlier (a listing captured before the others, added late).
    Base keys hold only ``a-z0-9``, so a suffixed key never meets a base key; two suffixes that
    meet are lengthened for the later paper. A key the curator pinned (``key:`` in papers.yml,
    ``Paper.citation_key``) is the paper's whatever else is added, and no other paper gets it.
    """
    keys: dict[str, str] = {}
    pinned: set[str] = set()
    for paper in sorted((paper for paper in papers if paper.citation_key), key=first_seen):
        key = paper.citation_key if paper.citation_key not in pinned else suffixed_key(
            paper.citation_key, paper.id, pinned)
        keys[paper.id] = key
        pinned.add(key)
    groups: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        if paper.id not in keys:
            groups[base_key(paper)].append(paper)
    for base, group in groups.items():
        first, *others = sorted(group, key=first_seen)
        taken = set(pinned)
        keys[first.id] = base if base not in taken else suffixed_key(base, first.id, taken)
        taken.add(keys[first.id])
        for paper in others:
            keys[paper.id] = suffixed_key(base, paper.id, taken)
            taken.add(keys[paper.id])
    return keys


def first_seen(paper: Paper) -> tuple[str, tuple, str]:
    """Order papers by when the catalog first held them: capture day, first source line, id."""
    return (paper.added or NEVER_ADDED, paper.sources[:1], paper.id)


def suffixed_key(base: str, paper_id: str, taken: set[str]) -> str:
    """Append a hash of the paper's id to a key, longer if a paper seen earlier has that one."""
    digest = hashlib.sha1(paper_id.encode("utf-8")).hexdigest()
    for length in range(SUFFIX_LENGTH, len(digest) + 1, 2):
        key = f"{base}-{digest[:length]}"
        if key not in taken:
            return key
    number = 2
    while f"{base}-{digest}-{number}" in taken:  # only two papers with one id come here
        number += 1
    return f"{base}-{digest}-{number}"


def base_key(paper: Paper) -> str:
    """Return ``lastnameYEARword``, or ``wordYEARword`` for a paper without authors."""
    words = title_words(paper.title)
    year = str(paper.year) if paper.year is not None else UNDATED
    family = fold(family_name(paper.authors[0])) if paper.authors else ""
    if family:
        return family + year + (words[0] if words else "")
    return (words[0] if words else UNTITLED) + year + (words[1] if len(words) > 1 else "")


def title_words(title: str) -> list[str]:
    """Return the title's first words that are neither stop words nor numbers, folded to ASCII."""
    head = " ".join(title.split()[:TITLE_WORDS_LOOKED_AT])
    return [word for word in slugify(head).split("-") if word and word not in STOP_WORDS and not word.isdigit()][:2]


def fold(text: str) -> str:
    """Return text transliterated to lowercase ASCII letters and digits only.

    python-slugify transliterates (``Łukasz`` → ``lukasz``, ``张`` → ``zhang``) where Unicode
    decomposition would drop the letter, and a key stays stable only if it is readable the first time.
    """
    return slugify(text, separator="")


def family_name(name: str) -> str:
    """Return the last-name part of an author's name (without ``von`` particles), or the whole name."""
    parts = split_name(name)
    return " ".join(parts.last) if parts is not None else name


def split_name(name: str) -> NameParts | None:
    """Split a ``First von Last`` name as BibTeX does; None when it cannot be split safely.

    A name with a brace or backslash, a word ``and`` (BibTeX's list separator), or no last
    name is kept whole: BibTeX gets it in braces, CSL as a literal.
    """
    if not name.strip() or any(char in name for char in "{}\\"):
        return None
    if any(word.lower() == "and" for word in name.split()):
        return None
    try:
        parts = parse_single_name_into_parts(name, strict=False)
    except (ValueError, IndexError):
        return None
    return parts if parts.last else None


@lru_cache(maxsize=NAMES_CACHED)
def bibtex_name(name: str) -> str:
    """Return one author as BibTeX writes a name: ``von Last, Jr, First``, or ``{Whole Name}``."""
    parts = split_name(name)
    if parts is None:
        return "{" + escape_bibtex(name.strip()) + "}"
    escaped = NameParts(*([escape_bibtex(word) for word in words] for words in
                          (parts.first, parts.von, parts.last, parts.jr)))
    return escaped.merge_last_name_first


def date_parts(published: str | None) -> tuple[int, ...]:
    """Return (year, month, day) as far as a ``YYYY[-MM[-DD]]`` date gives them; () when unknown."""
    match = ISO_DATE_RE.match(published or "")
    if match is None:
        return ()
    return tuple(int(part) for part in match.group("year", "month", "day") if part)


def citation_url(paper: Paper) -> str | None:
    """Return the address a citation points at: the arXiv abstract page, else the paper's own link."""
    if paper.arxiv_id:
        return ARXIV_ABS.format(id=paper.arxiv_id)
    return next((link.url for link in paper.links if link.kind == "paper"), None)


def theme_names(paper: Paper, themes: Mapping[str, Theme]) -> tuple[str, ...]:
    """Return the names of a paper's themes, in its order (an unknown theme by its id)."""
    return tuple(themes[theme].name if theme in themes else theme for theme in paper.themes)


def keyword_list(names: tuple[str, ...]) -> str:
    """Join theme names as a keyword list: BibTeX tools, Zotero and CSL split keywords at commas,
    so a comma inside a name ("Pruning, Quantization & Compression") becomes a space."""
    return ", ".join(" ".join(name.replace(",", " ").split()) for name in names)


def bibtex_fields(paper: Paper, themes: Mapping[str, Theme], abstract: bool = True) -> list[tuple[str, str]]:
    """Return an entry's fields as (name, value as written after ``=``), in the order written;
    without ``abstract`` the entry leaves the abstract out."""
    fields = []
    if paper.authors:
        fields.append(("author", "{" + " and ".join(bibtex_name(name) for name in paper.authors) + "}"))
    fields.append(("title", "{{" + escape_bibtex(paper.title) + "}}"))
    parts = date_parts(paper.published)
    if paper.year is not None:
        fields.append(("year", f"{{{paper.year}}}"))
    if len(parts) > 1:
        fields.append(("month", MONTH_MACROS[parts[1] - 1]))
    if paper.arxiv_id:
        fields += [("eprint", "{" + verbatim(paper.arxiv_id) + "}"), ("archivePrefix", "{arXiv}")]
    if paper.venue and not paper.venue.lower().startswith(("arxiv", "corr")):
        fields.append(("howpublished", "{" + escape_bibtex(paper.venue) + "}"))
    if paper.doi:
        fields.append(("doi", "{" + verbatim(paper.doi) + "}"))
    url = citation_url(paper)
    if url:
        fields.append(("url", "{" + verbatim(url) + "}"))
    if abstract and paper.abstract.strip():
        fields.append(("abstract", "{" + escape_bibtex(paper.abstract.strip()) + "}"))
    names = theme_names(paper, themes)
    if names:
        fields.append(("keywords", "{" + escape_bibtex(keyword_list(names)) + "}"))
    if not (url or paper.doi or paper.arxiv_id):
        fields.append(("note", "{Found via " + escape_bibtex(search_links(paper.title)[0][1]) + "}"))
    return fields


def bibtex_entry(paper: Paper, key: str = "", themes: Mapping[str, Theme] | None = None,
                 abstract: bool = True) -> str:
    """Return one ``@misc`` entry; ``key`` comes from :func:`citation_keys` of the whole catalog.

    Without a key the entry gets the paper's base key, which a paper sharing it may not have;
    ``themes`` (the index's ``theme_by_id``) names the ``keywords``. A paper page's Cite block
    leaves the abstract out (``abstract=False``): the page shows it already, and papers.bib has it.
    """
    fields = bibtex_fields(paper, themes if themes is not None else {}, abstract)
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{key or base_key(paper)},\n{body}\n}}\n"


def bibtex_entries(papers: tuple[Paper, ...], keys: Mapping[str, str],
                   themes: Mapping[str, Theme]) -> dict[str, str]:
    """Return every paper's entry by id, under its key from ``keys``, rendered once for every file."""
    return {paper.id: bibtex_entry(paper, keys[paper.id], themes) for paper in papers}


def render_bibliography(papers: tuple[Paper, ...], entries: Mapping[str, str]) -> str:
    """Return a BibTeX file of the papers, in the given order, from :func:`bibtex_entries`."""
    return "\n".join(entries[paper.id] for paper in papers)
