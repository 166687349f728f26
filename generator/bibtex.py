"""Write papers as BibTeX ``@misc`` entries, with TeX special characters escaped.

BibTeX counts braces in a field without looking at backslashes, so a lone ``\\{`` would leave
the entry unbalanced; braces are written as ``\\textbraceleft{}`` and ``\\textbraceright{}``,
which always balance. Text outside ASCII is kept as UTF-8, which biber and BibTeX 0.99d read.
"""

from __future__ import annotations

import re

from .links import search_links
from .models import Paper

BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "&": r"\&",
    "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
SPECIALS_RE = re.compile("|".join(re.escape(char) for char in BIBTEX_SPECIALS))
# Characters BibTeX and biber accept in a citation key; anything else becomes a hyphen.
KEY_UNSAFE_RE = re.compile(r"[^A-Za-z0-9_:./+-]+")
WHITESPACE_RE = re.compile(r"\s+")


def escape_bibtex(text: str) -> str:
    """Escape the characters TeX would read as commands or groups, on one line."""
    return SPECIALS_RE.sub(lambda match: BIBTEX_SPECIALS[match.group(0)], WHITESPACE_RE.sub(" ", text))


def bibtex_key(paper: Paper) -> str:
    """Return the citation key of a paper: its slug, with any character keys cannot hold replaced."""
    return KEY_UNSAFE_RE.sub("-", paper.id).strip("-") or "paper"


def bibtex_entry(paper: Paper, key: str = "") -> str:
    """Return one ``@misc`` entry keyed by the paper's slug; the title keeps its capitals."""
    fields = [("title", "{" + escape_bibtex(paper.title) + "}")]
    if paper.year is not None:
        fields.append(("year", str(paper.year)))
    fields.append(("note", "Found via " + escape_bibtex(search_links(paper.title)[0][1])))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key or bibtex_key(paper)},\n{body}\n}}\n"


def render_bibliography(papers: tuple[Paper, ...]) -> str:
    """Return a BibTeX file of the papers, in the given order, every key unique."""
    keys = unique_keys(papers)
    return "\n".join(bibtex_entry(paper, keys[index]) for index, paper in enumerate(papers))


def unique_keys(papers: tuple[Paper, ...]) -> list[str]:
    """Return one key per paper; a key already taken gets ``-2``, ``-3``… in paper order."""
    taken: set[str] = set()
    keys = []
    for paper in papers:
        key, number = bibtex_key(paper), 1
        while key in taken:
            number += 1
            key = f"{bibtex_key(paper)}-{number}"
        taken.add(key)
        keys.append(key)
    return keys
