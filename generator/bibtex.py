"""Write papers as BibTeX ``@misc`` entries, with TeX special characters escaped."""

from __future__ import annotations

import re

from .links import search_links
from .models import Paper

BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
SPECIALS_RE = re.compile("|".join(re.escape(char) for char in BIBTEX_SPECIALS))


def escape_bibtex(text: str) -> str:
    """Escape the characters TeX would read as commands or groups."""
    return SPECIALS_RE.sub(lambda match: BIBTEX_SPECIALS[match.group(0)], text)


def bibtex_entry(paper: Paper) -> str:
    """Return one ``@misc`` entry keyed by the paper's slug; the title keeps its capitals."""
    fields = [("title", "{" + escape_bibtex(paper.title) + "}")]
    if paper.year is not None:
        fields.append(("year", str(paper.year)))
    fields.append(("note", "Found via " + escape_bibtex(search_links(paper.title)[0][1])))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{paper.id},\n{body}\n}}\n"
