"""Read a BibTeX file (as Zotero, JabRef or Google Scholar export it, or as written by hand).

bibtexparser (v2) splits the file into entries, resolves ``@string`` macros, reads month
names and splits author lists; each field is then turned from TeX into Unicode by pylatexenc
(accents, ``{F}``-style capital protection, ``--`` dashes; math between dollar signs is kept as
written). An entry gives the title, the authors, year and month, the abstract, the DOI, the URL,
the arXiv id (``eprint`` with ``archivePrefix = arXiv``, an ``arxiv`` field, or an arXiv
reference in ``journal``, ``note`` or ``url``), the venue (journal, booktitle, publisher or school)
and the keywords. A malformed entry is an error at its line and is dropped; an entry reusing a
key, or with no title, is reported at its line.
"""

from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser.middlewares.parsestack import default_parse_stack
from bibtexparser.middlewares import MonthIntMiddleware, NormalizeFieldKeys, SeparateCoAuthors
from bibtexparser.middlewares.names import parse_single_name_into_parts
from bibtexparser.library import Library
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ImplicitComment, ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text

from ..fields import arxiv_id_in
from ..models import Problem, RawRecord, Severity, SourceRef
from .reading import Reading

NAME = "bibtex"
EXTENSIONS = (".bib", ".bibtex")
ENTRY_START_RE = re.compile(r"^\s*@[A-Za-z]+\s*[{(]", re.M)
MONTH_MACROS = {name[:3].lower(): name for name in ("January", "February", "March", "April", "May", "June", "July",
                                                   "August", "September", "October", "November", "December")}
VENUE_FIELDS = ("journal", "booktitle", "series", "publisher", "school", "institution", "howpublished")
SKIPPED_TYPES = ("comment", "preamble", "string")
KEYWORD_SPLIT_RE = re.compile(r"\s*[;,]\s*")
ERROR_REASON_RE = re.compile(r"syntactical error in bibtex:\s*(.*)", re.S | re.I)
LINE_IN_REASON_RE = re.compile(r"\s*\(line \d+\)|\s*on line \d+")
# bibtexparser logs each block it cannot parse; this reader reports those itself, by line.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False
TEX_TO_TEXT = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=False)


def sniff(text: str) -> bool:
    """Rule out a file with no ``@type{`` entry start."""
    return bool(ENTRY_START_RE.search(text))


def read(name: str, text: str) -> Reading:
    """Read the entries of a BibTeX file into records."""
    stack = [*default_parse_stack(allow_inplace_modification=True), NormalizeFieldKeys(), SeparateCoAuthors(),
             MonthIntMiddleware()]
    library = bibtexparser.parse_string(text, parse_stack=stack)
    macros = {block.key.lower(): str(block.value) for block in library.strings}
    records: list[RawRecord] = []
    problems: list[Problem] = []
    understood: set[int] = set()
    for block in library.blocks:
        first = (block.start_line or 0) + 1
        span = set(range(first, first + (block.raw or "").count("\n") + 1))
        if isinstance(block, ImplicitComment):
            understood |= {first + offset for offset, line in enumerate((block.raw or "").split("\n"))
                           if line.strip().startswith("%")}
            continue
        entry = block
        if isinstance(block, DuplicateBlockKeyBlock):
            previous = (block.previous_block.start_line or 0) + 1
            problems.append(Problem(name, first, Severity.WARNING,
                                    f"key '{block.key}' was used before, at line {previous}; read as another entry"))
            entry = parsed_alone(block.ignore_error_block, library, stack)  # the stack skipped it
        elif isinstance(block, ParsingFailedBlock):
            entry = block.ignore_error_block
            if not isinstance(entry, Entry) or "title" not in entry.fields_dict:
                problems.append(Problem(name, first, Severity.ERROR,
                                        f"entry is not well-formed BibTeX ({failure_reason(block.error)}); dropped"))
                understood |= span  # read as an entry, and reported
                continue
        understood |= span  # an entry, an @string, @preamble or @comment
        if isinstance(entry, Entry) and entry.entry_type.lower() not in SKIPPED_TYPES:
            record = entry_record(name, first, join_concatenations(entry, macros), problems)
            if record is not None:
                records.append(record)
    lines = sum(1 for line in text.split("\n") if line.strip())
    return Reading(NAME, tuple(records), tuple(problems), len(understood), lines, "entries")


def parsed_alone(entry: Entry, library: Library, stack: list) -> Entry:
    """Run the parse stack over one entry it skipped (a reused key), with the file's macros."""
    alone = Library([*library.strings, entry])
    for middleware in stack:
        alone = middleware.transform(library=alone)
    return alone.entries[0] if alone.entries else entry


def join_concatenations(entry: Entry, macros: dict[str, str]) -> Entry:
    """Resolve ``jmlr # { (Special Issue)}``: bibtexparser resolves a value that is one macro, not
    a ``#`` concatenation of macros, quoted and braced parts and numbers."""
    for item in entry.fields:
        if isinstance(item.value, str) and "#" in item.value:
            parts = top_level_parts(item.value)
            if len(parts) > 1:
                item.value = "".join(resolved_part(part, macros) for part in parts)
    return entry


def top_level_parts(value: str) -> list[str]:
    """Split a field value at the ``#`` outside braces and quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:index].strip())
            start = index + 1
    parts.append(value[start:].strip())
    return parts


def resolved_part(part: str, macros: dict[str, str]) -> str:
    """Return one part of a concatenation: a braced or quoted text, a number or a macro's value."""
    if len(part) >= 2 and ((part[0] == "{" and part[-1] == "}") or (part[0] == '"' and part[-1] == '"')):
        return part[1:-1]
    return macros.get(part.lower(), MONTH_MACROS.get(part.lower(), part))


def failure_reason(error: Exception) -> str:
    """Return the part of bibtexparser's message that says what is wrong, without its (0-based) lines."""
    message = getattr(error, "abort_reason", None) or str(error)
    match = ERROR_REASON_RE.search(message)
    reason = match.group(1) if match else message
    return LINE_IN_REASON_RE.sub("", " ".join(reason.split())).rstrip(".") or "unreadable"


def entry_record(name: str, line: int, entry: Entry, problems: list[Problem]) -> RawRecord | None:
    """Return one entry as a record; an entry without a title is reported and dropped."""
    fields = {key.lower(): field.value for key, field in entry.fields_dict.items()}
    title = text_of(fields.get("title"))
    if not title:
        problems.append(Problem(name, line, Severity.ERROR, f"entry '{entry.key}' has no title; dropped"))
        return None
    urls = [url for url in (text_of(fields.get("url")),) if url]
    return RawRecord(
        SourceRef(name, line), title, text_of(fields.get("abstract")),
        date_text=entry_date(fields), date_line=line,
        authors=tuple(author_name(author) for author in names_of(fields.get("author") or fields.get("editor"))),
        arxiv_id=entry_arxiv_id(fields), doi=text_of(fields.get("doi")) or None, links=tuple(urls),
        venue=next((text_of(fields[key]) for key in VENUE_FIELDS if text_of(fields.get(key))), None),
        keywords=tuple(word for word in KEYWORD_SPLIT_RE.split(text_of(fields.get("keywords"))) if word),
    )


def text_of(value: object) -> str:
    """Return a field's value as Unicode text: TeX decoded, white space folded."""
    if value is None:
        return ""
    text = str(value)
    if "\\" in text or "{" in text or "--" in text or "~" in text:
        text = TEX_TO_TEXT.latex_to_text(text)
    return " ".join(text.split())


def names_of(value: object) -> list[str]:
    """Return the names of an author field, split on ``and`` (by bibtexparser, or here for a raw field)."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(name) for name in value]
    return [part for part in re.split(r"\s+and\s+", str(value)) if part.strip()]


def author_name(name: str) -> str:
    """Return a BibTeX name (``Last, First`` or ``First Last``) as ``First Last`` in Unicode."""
    try:
        parts = parse_single_name_into_parts(name, strict=False)
        merged = parts.merge_first_name_first
    except (ValueError, IndexError):
        merged = name
    return text_of(merged)


def entry_date(fields: dict[str, object]) -> str | None:
    """Return the entry's year, and month when it gives one, as ``YYYY`` or ``YYYY-MM``; else its ``date``."""
    year = text_of(fields.get("year"))
    if year and len(year) == 5 and year[:4].isdigit() and year[4].isalpha():
        year = year[:4]  # 2023a: the second 2023 paper of a bibliography's author
    if not year:
        return text_of(fields.get("date")) or None
    month = fields.get("month")
    if isinstance(month, int) and 1 <= month <= 12 and year.isdigit():
        return f"{year}-{month:02d}"
    return year


def entry_arxiv_id(fields: dict[str, object]) -> str | None:
    """Return the arXiv id an entry gives, in any of the places exporters put it."""
    prefix = text_of(fields.get("archiveprefix") or fields.get("eprinttype")).lower()
    eprint = text_of(fields.get("eprint"))
    if eprint and (prefix == "arxiv" or arxiv_id_in(f"arXiv:{eprint}")):
        return eprint
    for key in ("arxiv", "arxivid"):
        if text_of(fields.get(key)):
            return text_of(fields.get(key))
    for key in ("journal", "note", "url", "howpublished", "volume"):
        found = arxiv_id_in(text_of(fields.get(key)).replace("abs/", "arxiv.org/abs/"))
        if found:
            return found
    return None
