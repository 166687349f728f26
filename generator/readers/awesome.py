"""Read an awesome-list: a Markdown README that lists papers as bullets (or table rows) with links.

A list item (``-``, ``*``, ``+`` or ``1.``) or a table row is a paper when it links to one: to
arXiv, OpenReview, a DOI, the ACL Anthology, a proceedings site, a PDF, or through a link named
``paper``, ``pdf`` or ``arXiv``. Its title is the text of its paper link, unless that text only
names the link (``[paper]``, ``[PDF]``); then the item's bold text, or its text before the first
link, with a leading ``[CVPR 2023]`` taken as the venue. A venue and year written in the item
(``NeurIPS 2023``, ``(ICLR'22)``, ``2021``) are kept, GitHub links as its code, and the headings
above it as its section, a hint for themes. Items that link to no paper (tools, datasets, other
lists) are understood and left out, as are headings, badges and the table of contents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..fields import DOI_RE, arxiv_id_in
from ..models import Problem, RawRecord, Severity, SourceRef
from .markdown import IMAGE_RE, LINK_RE, clean_link_text, clean_plain
from .reading import Reading

NAME = "awesome-list"
EXTENSIONS = (".md", ".markdown")
ITEM_RE = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d{1,4}[.)])\s+(?P<text>.+)$")
HEADING_RE = re.compile(r"^\s{0,3}(?P<level>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
TABLE_ROW_RE = re.compile(r"^\s*\|.*\|\s*$")
TABLE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
RULE_RE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
HTML_LINE_RE = re.compile(r"^\s*</?[a-zA-Z][^>]*>.*$|^\s*<!--.*$|^\s*-->\s*$")
QUOTE_RE = re.compile(r"^\s*>")
BARE_URL_RE = re.compile(r"(?<![(<\[])https?://[^\s)>\]\"']+")
PAPER_HOSTS = ("arxiv.org", "openreview.net", "doi.org", "aclanthology.org", "aclweb.org", "semanticscholar.org",
               "proceedings.neurips.cc", "papers.nips.cc", "neurips.cc", "proceedings.mlr.press", "mlr.press",
               "openaccess.thecvf.com", "ecva.net", "dl.acm.org", "ieeexplore.ieee.org", "link.springer.com",
               "ojs.aaai.org", "aaai.org", "ijcai.org", "jmlr.org", "biorxiv.org", "medrxiv.org", "sciencedirect.com",
               "nature.com", "science.org", "pnas.org", "researchgate.net", "papers.ssrn.com", "huggingface.co/papers",
               "alphaxiv.org", "iclr.cc", "icml.cc", "cvf.com", "aclanthology", "proceedings.", "papers.")
GENERIC_LINK_RE = re.compile(r"^(?:\[?\s*)?(?:paper|pdf|arxiv|link|abs|abstract|openreview|doi|html|url|official|"
                             r"project|code|github|website|page|demo|video|slides|blog|poster|bibtex|cite|"
                             r"paper\s*link|arxiv\s*link|\d{4})(?:\s*\]?)?$", re.IGNORECASE)
CODE_HOSTS = ("github.com", "gitlab.com", "codeberg.org", "bitbucket.org")
VENUES = ("NeurIPS", "NIPS", "ICML", "ICLR", "CVPR", "ICCV", "ECCV", "ACL", "EMNLP", "NAACL", "EACL", "COLING",
          "AAAI", "IJCAI", "KDD", "WWW", "SIGIR", "WSDM", "CIKM", "TPAMI", "TIP", "TNNLS", "JMLR", "TMLR", "MICCAI",
          "CoRL", "RSS", "ICRA", "IROS", "WACV", "BMVC", "AISTATS", "UAI", "COLT", "ICASSP", "INTERSPEECH", "TACL",
          "Nature", "Science", "arXiv", "CoRR", "ACM MM", "MM", "ICDE", "VLDB", "SIGMOD", "OSDI", "SOSP", "MLSys",
          "ICDM", "SDM", "ECML", "IJCV", "TOG", "SIGGRAPH", "CHI", "UIST", "ICSE", "FSE", "ASE", "PLDI", "POPL")
VENUE_RE = re.compile(r"(?<![\w])(?P<venue>" + "|".join(re.escape(venue) for venue in VENUES)
                      + r")(?:\s*(?:Workshop|Findings|Oral|Spotlight|Poster))?[\s'’-]*(?P<year>(?:19|20)?\d{2})?(?![\w])")
YEAR_RE = re.compile(r"(?<![\w.])(?P<year>(?:19|20)\d{2})(?![\w.])")
BOLD_RE = re.compile(r"\*\*(?P<text>[^*]+)\*\*|__(?P<alt>[^_]+)__")
LEADING_TAG_RE = re.compile(r"^\s*[\[(【](?P<tag>[^\])】]{2,40})[\])】]\s*")
SEPARATORS = " -–—:|,.;·[]()"
NUMBERING_RE = re.compile(r"^\s*\d{1,4}[.)]\s+")
EMPTY_BRACKETS_RE = re.compile(r"[\[(]\s*[\])]|[\[(]\s*$")
THING_COLUMN_RE = re.compile(r"^(?:name|dataset|datasets|benchmark|benchmarks|tool|tools|model|models|library|repo|"
                             r"repository|project|resource|file|files|author|authors)\b", re.IGNORECASE)
GENERIC_TITLE_RE = re.compile(r"^(?:links?|paper|papers|pdf|arxiv|code|abs|more|details|here|[a-z]+\.[A-Z]{2}|"
                              r"https?://\S+|[\W\d_]+)$", re.IGNORECASE)


def sniff(text: str) -> bool:
    """Rule out a file with fewer than three list items or table rows, or fewer than three links."""
    items = links = 0
    for line in text.split("\n"):
        items += bool(ITEM_RE.match(line) or TABLE_ROW_RE.match(line))
        links += "](http" in line or "](<http" in line
        if items >= 3 and links >= 3:
            return True
    return False


@dataclass(frozen=True, slots=True)
class Block:
    """A piece of a Markdown file: a heading, a list item (with its continuation lines), a table
    row, a paragraph, or syntax (rule, comment, fence, badges); ``line`` to ``end``."""

    kind: str
    line: int
    end: int
    text: str
    level: int = 0


def read(name: str, text: str) -> Reading:
    """Read the papers an awesome-list names, each with its section."""
    records: list[RawRecord] = []
    titled_by_heading: set[int] = set()
    headings: list[tuple[int, str]] = []
    header: list[str] | None = None
    pending: tuple[int, str] | None = None  # a heading that may title the item under it
    understood: set[int] = set()
    problems: list[Problem] = []
    lines = text.split("\n")
    for block in markdown_blocks(lines):
        span = {number for number in range(block.line, block.end + 1) if lines[number - 1].strip()}
        if block.kind == "unclosed":
            problems.append(Problem(name, block.line, Severity.WARNING,
                                    f"{block.text} is never closed; the lines after it are read as the list"))
        if block.kind != "paragraph":
            understood |= span
        if block.kind == "heading":
            title = NUMBERING_RE.sub("", clean_plain(strip_links(block.text)))
            headings = [(level, other) for level, other in headings if level < block.level]
            headings.append((block.level, title))
            pending = (block.line, title)
        elif block.kind == "table-header":
            header = [clean_plain(strip_links(cell)).lower() for cell in table_cells(block.text)]
        elif block.kind in ("item", "table-row"):
            body = block.text if block.kind == "item" else table_body(block.text, header)
            found = item_record(name, block.line, body, section_of(headings), pending, problems) if body else None
            if found is not None:
                record, from_heading = found
                if record.date_text and block.end > block.line:  # the line of a multi-line item that has the year
                    record = replace(record, date_line=next(
                        (number for number in range(block.line, block.end + 1)
                         if record.date_text in lines[number - 1]), block.line))
                records.append(record)
                if from_heading:
                    titled_by_heading.add(len(records) - 1)
                pending = None  # a heading titles only the first paper item under it
        elif block.kind == "paragraph" and len(records) - 1 in titled_by_heading and not records[-1].abstract \
                and len(block.text) >= 200:
            records[-1] = replace(records[-1], abstract=clean_plain(block.text))  # the paper's abstract
            understood |= span
    non_blank = sum(1 for line in lines if line.strip())
    return Reading(NAME, tuple(records), tuple(problems), len(understood), non_blank, "list")


def markdown_blocks(lines: list[str]):
    """Yield the blocks of a Markdown file in order (see ``Block``)."""
    index = 0
    while index < len(lines):
        line, number = lines[index], index + 1
        stripped = line.strip()
        if not stripped:
            index += 1
            continue
        if stripped.startswith(("```", "~~~")):
            end = next((position for position in range(index + 1, len(lines))
                        if lines[position].strip().startswith(stripped[:3])), None)
            yield Block("fence", number, end + 1, "") if end is not None else Block("unclosed", number, number,
                                                                                    "the code fence")
            index = (end if end is not None else index) + 1
            continue
        if stripped.startswith("<!--"):
            end = next((position for position in range(index, len(lines)) if "-->" in lines[position]), None)
            yield Block("comment", number, end + 1, "") if end is not None else Block("unclosed", number, number,
                                                                                      "the HTML comment")
            index = (end if end is not None else index) + 1
            continue
        heading = HEADING_RE.match(line)
        if heading:
            yield Block("heading", number, number, heading.group("text"), len(heading.group("level")))
            index += 1
            continue
        if TABLE_ROW_RE.match(line):
            following = lines[index + 1] if index + 1 < len(lines) else ""
            kind = "rule" if TABLE_RULE_RE.match(line) else (
                "table-header" if TABLE_RULE_RE.match(following) else "table-row")
            yield Block(kind, number, number, line)
            index += 1
            continue
        if RULE_RE.match(line) or HTML_LINE_RE.match(line) or QUOTE_RE.match(line) or (
                badge_line(line) and not ITEM_RE.match(line)):
            yield Block("syntax", number, number, line)
            index += 1
            continue
        item = ITEM_RE.match(line)
        end = index
        while end + 1 < len(lines) and continues(lines[end + 1]):
            end += 1
        first = item.group("text") if item else stripped
        parts = [first] + [part.strip() for part in lines[index + 1:end + 1]]
        text = " ".join(part.rstrip("\\").strip() for part in parts)
        yield Block("item" if item else "paragraph", number, end + 1, text)
        index = end + 1


def continues(line: str) -> bool:
    """Tell whether a line goes on with the block above it (not blank, not a new block)."""
    return bool(line.strip()) and not (ITEM_RE.match(line) or HEADING_RE.match(line) or TABLE_ROW_RE.match(line)
                                       or HTML_LINE_RE.match(line) or line.strip().startswith(("```", "~~~", "<!--")))


def table_cells(line: str) -> list[str]:
    """Return the cells of a table row."""
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def table_body(line: str, header: list[str] | None) -> str | None:
    """Write a table row as a list item would be: its title cell in bold, then the other cells.

    The title is the column headed "title"; a table of named things (datasets, benchmarks,
    tools) without a title column lists no papers.
    """
    cells = table_cells(line)
    column = None
    if header:
        column = next((index for index, name in enumerate(header) if "title" in name), None)
        if column is None and THING_COLUMN_RE.match(header[0]):
            return None
    if column is None or column >= len(cells):
        column = next((index for index, cell in enumerate(cells)
                       if clean_plain(strip_links(cell)) and not LINK_RE.fullmatch(cell.strip())), None)
    if column is None:
        return None
    title = clean_plain(strip_links(cells[column]))
    rest = " ".join(cell for index, cell in enumerate(cells) if index != column)
    return f"**{title}** {rest} {cells[column] if LINK_RE.search(cells[column]) else ''}".strip()


def section_of(headings: list[tuple[int, str]]) -> str | None:
    """Return the innermost heading below the list's own title (level 1), or None."""
    named = [title for level, title in headings if level > 1 and title]
    return named[-1] if named else None


def badge_line(line: str) -> bool:
    """Tell whether a line holds only images and links (badges, a logo, a navigation bar)."""
    rest = IMAGE_RE.sub("", line)
    rest = LINK_RE.sub("", rest)
    return not clean_plain(rest).strip(SEPARATORS)


def strip_links(text: str) -> str:
    """Replace every Markdown link in text by its text."""
    return LINK_RE.sub(lambda match: "" if match.group("image") else match.group("text"), text)


def item_record(name: str, line: int, body: str, section: str | None, heading: tuple[int, str] | None,
                problems: list[Problem]) -> tuple[RawRecord, bool] | None:
    """Return a list item as a paper record (and whether its heading titled it), or None when it
    links to no paper.

    An item that names no title of its own (``- links: [abs](…) | [pdf](…)``) under a heading
    takes the heading as its title: such lists give each paper a heading.
    """
    links = [(clean_link_text(match.group("text")), (match.group("url") or "").strip("<>"), match.span())
             for match in LINK_RE.finditer(body) if not match.group("image") and match.group("url")]
    links += [("", url, (0, 0)) for url in BARE_URL_RE.findall(strip_links(body))]
    paper_links = [(text, url, span) for text, url, span in links if is_paper_link(text, url)]
    if not paper_links:
        return None
    title = item_title(body, paper_links)
    from_heading = False
    if (not title or GENERIC_TITLE_RE.match(title)) and heading is not None:
        title, from_heading = heading[1], True
    if not title or GENERIC_TITLE_RE.match(title):
        problems.append(Problem(name, line, Severity.WARNING,
                                f"item links to a paper ({paper_links[0][1][:80]}) but names no title; skipped"))
        return None
    plain = clean_plain(strip_links(IMAGE_RE.sub(" ", body)))
    venue, year = item_venue(plain.replace(title, " "), body)  # "On the Nature of …" names no venue
    paper_urls = [url for _, url, _ in paper_links]
    code = [url for _, url, _ in links if host_of(url) in CODE_HOSTS]
    doi = next((match.group("doi") for url in paper_urls for match in [DOI_RE.search(url)] if match), None)
    record = RawRecord(SourceRef(name, heading[0] if from_heading else line), title, "", date_text=year,
                       date_line=line if year else None,
                       arxiv_id=next((found for url in paper_urls if (found := arxiv_id_in(url))), None), doi=doi,
                       links=tuple(dict.fromkeys(paper_urls + code)), venue=venue, section=section)
    return record, from_heading


def is_paper_link(text: str, url: str) -> bool:
    """Tell whether a link leads to a paper: a paper host, a PDF, or a link named for the paper
    (on arXiv, a paper's own page, not a listing or a search)."""
    address = url.lower()
    if not address.startswith(("http://", "https://")):
        return False
    if "arxiv.org" in address or "huggingface.co/papers" in address:
        return arxiv_id_in(url) is not None
    if any(host in address for host in PAPER_HOSTS) or address.split("?", 1)[0].endswith(".pdf"):
        return True
    return bool(re.match(r"^\[?\s*(?:paper|pdf|arxiv)\b", text, re.IGNORECASE)) and host_of(url) not in CODE_HOSTS


def host_of(url: str) -> str:
    """Return a URL's host without ``www.``."""
    return url.split("//", 1)[-1].split("/", 1)[0].lower().removeprefix("www.")


def item_title(body: str, paper_links: list[tuple[str, str, tuple[int, int]]]) -> str:
    """Return the title of a paper item (see the module docstring)."""
    text, _, _ = paper_links[0]
    if text and not GENERIC_LINK_RE.match(text) and len(text.split()) >= 2:
        return tidy_title(text)
    bold = BOLD_RE.search(body)
    if bold:
        return tidy_title(clean_plain(strip_links(bold.group("text") or bold.group("alt"))))
    start = min((span[0] for _, _, span in paper_links if span != (0, 0)), default=len(body))
    before = clean_plain(strip_links(IMAGE_RE.sub(" ", body[:start])))
    before = EMPTY_BRACKETS_RE.sub(" ", LEADING_TAG_RE.sub("", before)).strip()
    if not before:
        words = [link_text for link_text, _, _ in paper_links if link_text and not GENERIC_LINK_RE.match(link_text)]
        before = words[0] if words else ""
    # "Title. Authors. Venue 2021." keeps the part before the first full stop that ends a sentence.
    head = re.split(r"(?<=[a-z0-9)])\.\s+(?=[A-Z])", before, maxsplit=1)[0]
    return tidy_title(head)


def tidy_title(text: str) -> str:
    """Trim quotes, separators and a trailing venue in brackets from a title."""
    text = text.strip().strip("\"'“”‘’").strip(SEPARATORS).strip()
    text = re.sub(r"\s*[\[(](?:[^\])]*\d{4}[^\])]*)[\])]\s*$", "", text)
    return text.strip(SEPARATORS).strip() if len(text) >= 3 else ""


def item_venue(plain: str, body: str) -> tuple[str | None, str | None]:
    """Return the venue (with its year) and the year an item writes, if any."""
    match = VENUE_RE.search(plain) or VENUE_RE.search(LEADING_TAG_RE.match(body).group("tag")
                                                      if LEADING_TAG_RE.match(body) else "")
    year = None
    venue = None
    if match:
        venue = match.group("venue")
        digits = match.group("year")
        if digits:
            year = digits if len(digits) == 4 else f"20{digits}"
            venue = f"{venue} {year}"
    if year is None:
        found = YEAR_RE.search(plain)
        year = found.group("year") if found else None
    return venue, year
