"""Turn a page's text, however it was captured, into cells: one piece of text and its link each.

Captures of the same web page differ mostly in how they write links: a browser copy drops them,
a notes app puts each URL on its own line after its text, a Markdown scrape writes
``[text](url)`` (across lines, around whole abstracts, with avatars inside), a converter writes
``[text][31]`` with the URLs at the end, a text browser ``[31]text`` with a numbered list of
references. :func:`read_cells` undoes all of them: every link becomes one cell holding its
text (images and their alt text removed, hard line breaks joined) and its URL, and every other
non-blank line becomes a cell of its own. Each cell keeps the lines it came from, so a record
made of cells keeps its ``listing:line``.

Front matter, code fences, reference definitions and a text browser's list of references are
syntax, not content: they are counted as understood and make no cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

LINK_RE = re.compile(
    r"(?<!\\)(?P<image>!?)\["
    r"(?P<text>(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\]){0,6000})"
    r"\](?:\((?P<url><?[^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*>?)(?:\s+\"[^\"]*\")?\)|\[(?P<ref>[^\[\]\n]{1,40})\])",
    re.S,
)
IMAGE_RE = re.compile(r"!\[[^\[\]]*\]\([^()]*\)")
ALT_ONLY_RE = re.compile(r"^\s*(?:[-*+]\s*)?\[[^\[\]]*\]\s*$")
ALT_TEXT_RE = re.compile(r"\[[^\[\]]*\]\s*")  # an image's alt text left in a link's text: [logo]
HARD_BREAK_RE = re.compile(r"\\\\?\s*\n|\\\\(?=\s)|\\ ")
LIST_MARKER_RE = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])(?:\s+|$)", re.M)
HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})(?:\s+|$)")
HTML_TAG_RE = re.compile(r"</?(?:a|span|div|p|br|img|em|strong|b|i|sup|sub)\b[^>]*>", re.I)
# Markdown's escapes, but for those TeX reads too (\( \) \{ \} \_ \%), which normalize turns into text.
ESCAPE_RE = re.compile(r"\\([`*\[\].!|>~+])")
URL_LINE_RE = re.compile(r"^<?(https?://\S+?)>?$")
REFERENCE_DEFINITION_RE = re.compile(r"^\s{0,3}\[([^\]\n]{1,40})\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$")
REFERENCE_LIST_RE = re.compile(r"^\s*(\d{1,5})\.\s+(https?://\S+)\s*$")
REFERENCE_MARKER_RE = re.compile(r"\[(\d{1,5})\]")
FENCE_RE = re.compile(r"^\s*(?:```|~~~)")
WHITESPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Cell:
    """One piece of a page: its text, its link (or None), and the lines it spans.

    ``heading`` tells that its line was a Markdown heading; ``blank_before`` that a blank line
    (or the start of the text) comes before it; ``linked`` that it was a link's text.
    """

    line: int
    end: int
    text: str
    url: str | None = None
    heading: bool = False
    blank_before: bool = False
    linked: bool = False


@dataclass(frozen=True, slots=True)
class Cells:
    """The cells of a text, the lines its syntax took (understood), and its non-blank lines."""

    cells: tuple[Cell, ...]
    syntax_lines: frozenset[int]
    non_blank: frozenset[int]

    def understood(self, lines: set[int]) -> int:
        """Count the non-blank lines among ``lines`` and the syntax lines."""
        return len((lines | self.syntax_lines) & self.non_blank)


MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mdown")
MARKDOWN_LINK_RE = re.compile(r"\]\((?:https?://|/)")


def is_markdown(name: str, text: str) -> bool:
    """Tell a Markdown capture from text copied out of a browser: by its name, or by holding
    Markdown links to web pages. Text copied from a browser is literal: a ``#``, a ``<b>`` or a
    ``[x](y)`` in it is what the page showed, not syntax."""
    return name.lower().endswith(MARKDOWN_EXTENSIONS) or len(MARKDOWN_LINK_RE.findall(text, 0, 200_000)) >= 3


def read_cells(text: str, markdown: bool = True) -> Cells:
    """Split a captured page into cells (see the module's docstring); with ``markdown`` false the
    text is read literally, but for a text browser's numbered references."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    syntax = set(front_matter_lines(lines))
    references: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        match = REFERENCE_DEFINITION_RE.match(line)
        if match:
            references[match.group(1)] = match.group(2)
            syntax.add(number)
        elif FENCE_RE.match(line):
            syntax.add(number)
    syntax |= reference_list(lines, references)
    masked_lines = ["" if number in syntax else line for number, line in enumerate(lines, start=1)]
    cells = mark_blank_lines(list(split_cells("\n".join(masked_lines), references, markdown)), masked_lines)
    non_blank = frozenset(number for number, line in enumerate(lines, start=1) if line.strip())
    return Cells(tuple(cells), frozenset(syntax), non_blank)


CAPTURE_KEY_RE = re.compile(
    r"^\s*(?:exported|captured|scraped|fetched|saved|retrieved|crawled|date)(?:_at|At)?\s*:\s*[\"']?"
    r"(?P<date>\d{4}-\d{2}-\d{2})", re.IGNORECASE)


def capture_date(text: str) -> str | None:
    """Return the day a capture tool's YAML front matter says the page was saved, if it says."""
    lines = text[:8000].replace("\r\n", "\n").split("\n")
    for index in front_matter_lines(lines):
        match = CAPTURE_KEY_RE.match(lines[index - 1])
        if match:
            return match.group("date")
    return None


def front_matter_lines(lines: list[str]) -> range:
    """Return the lines of a YAML front matter block at the very start (``---`` … ``---``)."""
    if not lines or lines[0].strip() != "---":
        return range(0)
    for index in range(1, min(len(lines), 80)):
        if lines[index].strip() in ("---", "..."):
            return range(1, index + 2)
    return range(0)


def reference_list(lines: list[str], references: dict[str, str]) -> set[int]:
    """Read a text browser's numbered references (``31. https://…`` after "References")."""
    taken: set[int] = set()
    start = next((index for index in range(len(lines) - 1, -1, -1)
                  if lines[index].strip().lower() in ("references", "visible links")), None)
    if start is None:
        return taken
    taken.add(start + 1)
    for index in range(start + 1, len(lines)):
        match = REFERENCE_LIST_RE.match(lines[index])
        if match:
            references.setdefault(match.group(1), match.group(2))
            taken.add(index + 1)
        elif lines[index].strip():
            break
    return taken


def split_cells(text: str, references: dict[str, str], markdown: bool = True):
    """Yield the cells of a text whose syntax lines are already blanked out, in order."""
    if not markdown:
        yield from plain_cells(text, 1, references, markdown)
        return
    position, line = 0, 1
    for match in LINK_RE.finditer(text):
        before = text[position:match.start()]
        yield from plain_cells(before, line, references)
        line += before.count("\n")
        cell = link_cell(match, line, text, references)
        if cell is not None:
            yield cell
        line += match.group(0).count("\n")
        position = match.end()
    yield from plain_cells(text[position:], line, references)


def plain_cells(segment: str, first_line: int, references: dict[str, str], markdown: bool = True):
    """Yield one cell per non-blank piece of plain text between links (a piece per line)."""
    for offset, raw in enumerate(segment.split("\n")):
        heading = markdown and bool(HEADING_RE.match(raw))
        piece = clean_plain(HEADING_RE.sub("", raw)) if markdown else WHITESPACE_RE.sub(" ", raw).strip()
        if not piece:
            continue
        url = None
        found = URL_LINE_RE.match(piece)
        if found:
            url, piece = found.group(1), ""
        else:
            marker = REFERENCE_MARKER_RE.search(piece)
            if marker and marker.group(1) in references:
                url = references[marker.group(1)]
                piece = clean_plain(REFERENCE_MARKER_RE.sub(" ", piece))
        yield Cell(first_line + offset, first_line + offset, piece, url, heading)


def mark_blank_lines(cells: list[Cell], lines: list[str]) -> list[Cell]:
    """Set ``blank_before`` on each cell that opens its line after a blank line (or the start)."""
    marked: list[Cell] = []
    previous_line = 0
    for cell in cells:
        opens_line = cell.line != previous_line
        blank = opens_line and (cell.line == 1 or not lines[cell.line - 2].strip())
        marked.append(replace(cell, blank_before=blank) if blank else cell)
        previous_line = cell.end
    return marked


def link_cell(match: re.Match[str], line: int, text: str, references: dict[str, str]) -> Cell | None:
    """Return the cell of one link, or None for an image (its alt text is not content)."""
    if match.group("image"):
        return None
    url = match.group("url")
    if url is None:
        url = references.get(match.group("ref") or "")
    url = url.strip("<>") if url else None
    start_of_line = text.rfind("\n", 0, match.start()) + 1
    heading = bool(HEADING_RE.match(text[start_of_line:match.start()]))
    label = clean_link_text(match.group("text"))
    return Cell(line, line + match.group(0).count("\n"), label, url or None, heading, linked=True)


def clean_link_text(text: str) -> str:
    """Return a link's text as a reader sees it: no images, alt texts, list markers or hard breaks."""
    text = IMAGE_RE.sub(" ", text)
    text = ALT_TEXT_RE.sub(" ", text)
    text = HARD_BREAK_RE.sub(" ", text)
    text = LIST_MARKER_RE.sub(" ", text)
    return clean_plain(text)


def clean_plain(text: str) -> str:
    """Fold white space, drop inline HTML tags and Markdown escapes and emphasis markers, and a
    line that is only an image's alt text in brackets (``[logo]``, as some converters leave it)."""
    if ALT_ONLY_RE.match(text):
        return ""
    text = HTML_TAG_RE.sub(" ", text)
    text = HARD_BREAK_RE.sub(" ", text) if "\\" in text else text
    text = ESCAPE_RE.sub(r"\1", text)
    text = LIST_MARKER_RE.sub("", text, count=1)
    return WHITESPACE_RE.sub(" ", text).strip().strip("*_").strip()
