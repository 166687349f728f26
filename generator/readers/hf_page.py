"""Read a Hugging Face Papers page (daily, trending or search results), however it was captured.

A browser copy gives plain lines in one of three shapes: ``flat`` (title line, abstract line,
…), ``spaced`` (the same with blank lines between) and ``cards`` (spaced, plus per paper an
author count such as ``• 7 authors``, a ``·`` and a date line). Other tools write the same page
with its links (``markdown.read_cells`` turns any of them into cells): a Markdown heading
``### [Title](…/papers/2410.05434)``, the abstract as a link's text, each URL on its own line
after its text, ``- 3 authors](…)``, ``[Upvote 117](…)``, an organisation where the author
count would be. The page's navigation, footer, sign-in links and counts are recognised as
such and never become a title or an abstract.

A record starts at a title: a heading, a line linked to a paper's page, a line followed by its
paper's URL, or a line followed by an abstract. The abstract is the text after it; the counts,
dates, code links and the arXiv id (from a ``huggingface.co/papers/<id>`` or arXiv link) after
it are its metadata. A title with no abstract is kept (with a warning) only where it is plainly
a paper: it links to one, an author count follows it, or, in a plain copy, the next line starts
a paper or the listing ends.

What is not such a page is not read as one. Where a capture links papers to their pages, every
paper on it does, so a record without an arXiv id is not a paper. A capture without such links
needs titles that read as titles (not sentences of prose) and some sign of the site (its chrome,
an author count) or abstracts that read as abstracts (long, in a paper's words) in most of its
records; otherwise it gives no records,
and the detector refuses it rather than fill the catalog with prose cut into pairs. A line that
reads as a label and its value (``URL: …``, ``Captured (UTC): …``, a capture tool's header) is
neither a title nor an abstract.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..fields import ARXIV_ID_RE, AUTHORS_COUNT_RE, CARD_DATE_RE, arxiv_id_in
from ..models import Problem, RawRecord, Severity, SourceRef
from .markdown import Cell, capture_date, is_markdown, read_cells
from .reading import Reading

NAME = "hf-page"
EXTENSIONS = (".txt", ".md", ".markdown", ".html.md")
CHROME_RE = re.compile(
    r"^(?:new|subscribe|daily papers|trending papers|papers|daily|weekly|monthly|hugging face|models|datasets|"
    r"spaces|buckets(?: new)?|docs|enterprise|pricing|log in|login|sign up|website|tasks|huggingchat|"
    r"collections|languages|organizations|community|blog|posts|learn|discord|forum|github|solutions|"
    r"team & enterprise|hugging face pro|enterprise support|inference providers|inference endpoints|"
    r"storage buckets|system theme|company|tos|privacy|about|jobs|careers|terms of service|privacy policy|"
    r"search|previous|next|load more|see all|view all|upvote|arxiv page|submitted by|by|ak|akhaliq|"
    r"and the research community|by\s*ak and the research community|menu|more|copy|share|"
    r"get trending papers in your email inbox.*|trending papers ranked by .*|daily papers - hugging face|"
    r"search papers.*|the ai community building the future.*|[-–—|•·]+)$",
    re.IGNORECASE,
)
GLUED_CHROME_RE = re.compile(r"^Subscribe(?=[^\s a-z])")
VOTES_RE = re.compile(r"^(?:\[-\]\s*)?(?:upvote\s*)?(?:-|\d[\d,.]*k?)?$", re.IGNORECASE)
CODE_LINK_RE = re.compile(r"^(?:github|gitlab|code)\b", re.IGNORECASE)
CODE_HOSTS = ("github.com", "gitlab.com", "codeberg.org", "bitbucket.org")
LOGIN_PAPER_RE = re.compile(r"huggingface\.co/login\?next=%2Fpapers%2F(?P<id>[^&%#]+)", re.IGNORECASE)
HF_URL_RE = re.compile(r"^https?://(?:www\.)?huggingface\.co(?:/|$)", re.IGNORECASE)
PAPER_URL_RE = re.compile(r"(?:huggingface\.co/papers/|arxiv\.org/(?:abs|pdf)/)(?P<id>[^/?#\s]+)(?![^#\s]*#community)",
                          re.IGNORECASE)
# A full stop that ends a sentence (not "vs." or "et al."), then the next sentence.
SENTENCE_BREAK_RE = re.compile(r"[a-z0-9)\]%](?<!vs)(?<!\bal)\.\s+[A-Z]")
ABSTRACT_MIN_LENGTH = 250
WRAPPED_LENGTH = 130  # a capture wrapped at a fixed width has (nearly) no line longer than this
META = ("authors", "dot", "date", "votes", "comments", "code", "paper-url")
# Link texts that name a link, not a paper: an awesome-list's [arXiv] or [PDF] is not a title.
GENERIC_LINK_RE = re.compile(r"^(?:paper|pdf|arxiv|link|abs|abstract|html|code|github|project|page|website)$",
                             re.IGNORECASE)
SITE_SIGNS_RE = re.compile(r"get trending papers|daily papers|trending papers|subscribe|upvote|submitted by|"
                           r"and the research community|hugging face", re.IGNORECASE)
RESEARCH_WORDS_RE = re.compile(r"\b(?:we|our|us|this paper|this work|stud(?:y|ies|ied)|propose[sd]?|present(?:s|ed)?|"
                               r"introduce[sd]?|show(?:s|n|ed)?|results?|experiments?|methods?|models?|approach(?:es)?|"
                               r"frameworks?|benchmarks?|datasets?|tasks?|training|performance|algorithms?|"
                               r"networks?|learning)\b", re.IGNORECASE)
NOT_TITLE_RE = re.compile(r"https?://|\barXiv:\s*\d|\\\\|\s(?:Authors?|Title|Abstract|Categories|Comments|"
                          r"Subjects|Date)\s*:\s")
CARD_SHARE = 0.5  # of the records that must show an abstract, an author count or a date, as a card does
TITLE_SHARE = 0.8  # of a plain copy's titles that must read as titles, not as sentences of prose
RESEARCH_SHARE = 0.5  # of a plain copy's abstracts, with no sign of the site, that must read as papers
# A capture tool's header ("URL: …", "Captured (UTC): …"): a known label, or any label whose value
# is only an address, a date or a number. A title such as "InterCode: Standardizing …" is neither.
LABEL_RE = re.compile(r"^(?P<label>[A-Z][\w ()/-]{0,30}?)\s*:\s*(?P<value>.*)$")
KNOWN_LABELS = frozenset(("url", "source url", "source", "title", "page title", "captured", "captured (utc)",
                          "retrieved", "date", "command", "status", "statuscode", "status code", "transport",
                          "completeness", "exported", "type", "source id", "notebook id", "published", "description",
                          "tags", "category", "image", "generated from", "extraction", "source html",
                          "source sha256", "saved", "saved from", "clipped", "clipped from", "author"))
LABEL_VALUE_RE = re.compile(r"^(?:<?https?://\S+>?|[\d\s:.,/+TZ()-]+(?:utc|gmt)?)$", re.IGNORECASE)


@dataclass(slots=True)
class Draft:
    """A record being read: its title cell, then what follows it."""

    title: Cell
    abstract: list[Cell] = field(default_factory=list)
    authors: Cell | None = None
    date: Cell | None = None
    arxiv_id: str | None = None
    links: list[str] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)


def sniff(text: str) -> bool:
    """Rule nothing out: any page of lines may be a browser copy of a papers page."""
    return True


def read(name: str, text: str) -> Reading:
    """Read the records of a Hugging Face Papers page; see the module docstring."""
    parsed = read_cells(text, is_markdown(name, text))
    cells = mark_submitters_and_organisations(skip_page_header([classified(cell) for cell in parsed.cells]))
    plain = not any(paper_id(cell.url or "") for cell, _ in cells)  # no paper linked to its page
    join = joins_lines(cells)
    records, problems, used = assemble(name, cells, plain, join)
    understood = {line for cell, kind in cells if kind in ("chrome", "org", "votes", "comments", "dot", "paper-url")
                  for line in range(cell.line, cell.end + 1)}
    return Reading(NAME, tuple(records), tuple(problems), parsed.understood(understood | used),
                   len(parsed.non_blank), variant(cells, plain, join), capture_date(text))


def code_repository(url: str) -> bool:
    """Tell whether a URL is a code repository (``github.com/owner/repo``), not the host's own
    page or an organisation's (a footer's ``github.com/huggingface``)."""
    host, _, path = url.split("//", 1)[-1].partition("/")
    return host.lower().removeprefix("www.") in CODE_HOSTS and len([part for part in path.split("/") if part]) >= 2


def classified(cell: Cell) -> tuple[Cell, str]:
    """Say what a cell is: chrome, one of the META kinds, or text."""
    text = GLUED_CHROME_RE.sub("", cell.text) if cell.text.startswith("Subscribe") else cell.text
    if text != cell.text:
        cell = Cell(cell.line, cell.end, text, cell.url, cell.heading, cell.blank_before, cell.linked)
    url = cell.url or ""
    if not text.strip("[]() "):  # nothing, or a bracket a cut-off link left behind
        return cell, "paper-url" if paper_id(url) else "chrome"
    if AUTHORS_COUNT_RE.match(text):
        return cell, "authors"
    if CARD_DATE_RE.match(text):
        return cell, "date"
    if text == "·" or text.startswith("· "):
        return cell, "dot"
    if "#community" in url and text.replace(",", "").isdigit():
        return cell, "comments"
    if VOTES_RE.match(text) and (not url or LOGIN_PAPER_RE.search(url) or not cell.linked):
        return cell, "votes"
    if url and code_repository(url) and (CODE_LINK_RE.match(text) or len(text) < 25):
        return cell, "code"
    if text.lower() == "arxiv page" and arxiv_id_in(url):
        return cell, "paper-url"
    if CHROME_RE.match(text) or (url and HF_URL_RE.match(url) and not paper_id(url) and len(text) < 80):
        return cell, "chrome"
    label = LABEL_RE.match(text)
    if label and len(text) < 200 and not cell.heading and (
            label.group("label").lower() in KNOWN_LABELS or LABEL_VALUE_RE.match(label.group("value"))):
        return cell, "label"
    return cell, "text"


def paper_id(url: str) -> str | None:
    """Return the arXiv id a paper link names (Hugging Face's paper page, arXiv, a sign-in detour)."""
    if not url or "#community" in url:
        return None
    login = LOGIN_PAPER_RE.search(url)
    if login:
        bare = ARXIV_ID_RE.fullmatch(login.group("id"))
        return bare.group("id") if bare else None
    return arxiv_id_in(url)


def skip_page_header(cells: list[tuple[Cell, str]]) -> list[tuple[Cell, str]]:
    """Treat the page's own date (a date among the page's chrome, before anything else) as chrome."""
    for index, (cell, kind) in enumerate(cells):
        if kind == "date":
            return cells[:index] + [(cell, "chrome")] + cells[index + 1:]
        if kind not in ("chrome", "votes", "paper-url"):
            return cells
    return cells


def joins_lines(cells: list[tuple[Cell, str]]) -> bool:
    """Tell whether consecutive text lines are one paragraph: the capture is wrapped at a fixed
    width, or separates its blocks by blank lines (so that lines without one between belong together)."""
    texts = [cell for cell, kind in cells if kind == "text" and not cell.linked]
    long = [cell for cell in texts if len(cell.text) >= 60]
    wrapped = len(long) >= 5 and sum(len(cell.text) > WRAPPED_LENGTH for cell in long) <= 0.05 * len(long)
    spaced = len(texts) >= 4 and sum(cell.blank_before for cell in texts) >= 0.6 * len(texts)
    return wrapped or spaced


def variant(cells: list[tuple[Cell, str]], plain: bool, join: bool) -> str:
    """Name how the page was captured, for the report."""
    if not plain:
        return "linked" if any(cell.linked and paper_id(cell.url or "") for cell, _ in cells) else "links on lines"
    if any(kind in ("authors", "dot") for _, kind in cells):
        return "cards"
    texts = [cell for cell, kind in cells if kind == "text"]
    return "spaced" if any(cell.blank_before for cell in texts[1:]) else "flat"


def looks_like_abstract(text: str) -> bool:
    """Tell an abstract from a title: long, or several sentences."""
    return len(text) >= ABSTRACT_MIN_LENGTH or bool(SENTENCE_BREAK_RE.search(text))


def mark_submitters_and_organisations(cells: list[tuple[Cell, str]]) -> list[tuple[Cell, str]]:
    """Mark the user after "Submitted by", and a name before a card's ``·``, as not paper text."""
    marked = list(cells)
    for index, (cell, kind) in enumerate(marked):
        if kind != "text":
            continue
        previous = next((marked[position] for position in range(index - 1, -1, -1) if marked[position][0].text), None)
        following = next_kind(marked, index)
        if previous is not None and previous[1] == "chrome" and previous[0].text.lower() == "submitted by" \
                and len(cell.text) < 60:
            marked[index] = (cell, "chrome")
        elif following is not None and (following[1] == "dot" or (
                following[1] != "authors" and following[0].text.startswith("·"))) \
                and len(cell.text) < 120 and not looks_like_abstract(cell.text):
            marked[index] = (cell, "org")
    return marked


def strong_title(cells: list[tuple[Cell, str]], index: int, plain: bool) -> bool:
    """Tell whether a text cell is a title whatever comes before it: a heading (linked to its paper
    where the capture has links), a short line linked to a paper, or a line followed by its paper's URL."""
    cell, _ = cells[index]
    linked_paper = bool(cell.url and paper_id(cell.url)) and not GENERIC_LINK_RE.match(cell.text)
    if cell.heading and linked_paper and len(cell.text) < ABSTRACT_MIN_LENGTH:
        return True
    if looks_like_abstract(cell.text):
        return False
    if cell.heading and plain:
        return True
    if linked_paper:
        return True
    following = next_kind(cells, index)
    return following is not None and following[1] == "paper-url"


def next_kind(cells: list[tuple[Cell, str]], index: int) -> tuple[Cell, str] | None:
    """Return the next cell after ``index`` that is not chrome."""
    for position in range(index + 1, len(cells)):  # no slice: this runs once per cell
        cell, kind = cells[position]
        if kind != "chrome":
            return cell, kind
    return None


def next_text(cells: list[tuple[Cell, str]], index: int) -> tuple[int, Cell] | None:
    """Return the next paper-text cell after ``index`` (chrome skipped), or None if metadata comes first."""
    for position in range(index + 1, len(cells)):
        cell, kind = cells[position]
        if kind == "chrome":
            continue
        return (position, cell) if kind == "text" else None
    return None


def starts_next_record(cells: list[tuple[Cell, str]], index: int, join: bool) -> bool:
    """Tell whether the cell where an abstract is expected is really the next record's title.

    It is when it reads as a title, the text after it reads as an abstract, and the text after
    that does not (it is a title again, or the listing ends). Looking two ahead keeps a short
    abstract followed by a very long title from being read the wrong way round.
    """
    cell, _ = cells[index]
    following = next_text(cells, index)
    if looks_like_abstract(cell.text) or following is None or not looks_like_abstract(following[1].text):
        return False
    if join and not following[1].blank_before:
        return False  # the text after it goes on from it: it opens a wrapped abstract
    after = next_text(cells, following[0])
    return after is None or not looks_like_abstract(after[1].text)


def assemble(name: str, cells: list[tuple[Cell, str]], plain: bool,
             join: bool) -> tuple[list[RawRecord], list[Problem], set[int]]:
    """Group the cells into records; return them, their problems and the lines they used."""
    drafts: list[Draft] = []
    problems: list[Problem] = []
    current: Draft | None = None
    pending_id: str | None = None
    for index, (cell, kind) in enumerate(cells):
        if kind == "label":
            continue
        if kind in ("chrome", "org", "dot", "comments"):
            if current is not None and kind != "chrome":
                current.cells.append(cell)
            continue
        if kind == "text":
            following = next_kind(cells, index)
            next_page = paper_id(following[0].url or "") if following and following[1] == "paper-url" else None
            own_page = current is not None and current.arxiv_id and current.arxiv_id in (
                paper_id(cell.url or ""), next_page)  # the abstract, linked or followed by its paper's page
            strong = strong_title(cells, index, plain) and not (own_page and not current.abstract and not cell.heading)
            open_card = current is not None and current.authors is None and current.date is None
            if open_card and not strong and not current.abstract:
                if join and not cell.blank_before and not current.title.linked and not looks_like_abstract(cell.text) \
                        and len(current.title.text) + len(cell.text) < ABSTRACT_MIN_LENGTH:
                    current.title = joined(current.title, cell)  # a title wrapped onto a second line
                    continue
                if not starts_next_record(cells, index, join):
                    current.abstract.append(cell)
                    continue
            elif open_card and not strong and join and not cell.blank_before:
                current.abstract.append(cell)  # the next line of a wrapped abstract
                continue
            if strong or plain or not looks_like_abstract(cell.text):
                own = None if GENERIC_LINK_RE.match(cell.text) else paper_id(cell.url or "")
                current = Draft(cell, arxiv_id=own or pending_id)
                pending_id = None
                drafts.append(current)
            continue
        if kind == "paper-url":
            found = paper_id(cell.url or "")
            closed = current is not None and (current.date is not None or current.authors is not None)
            if current is not None and (current.arxiv_id is None and not LOGIN_PAPER_RE.search(cell.url or "")
                                        or (current.arxiv_id == found and not closed)):
                # the paper's URL, in its card or after it; a sign-in link goes before the next title
                current.arxiv_id = found
                current.cells.append(cell)
            else:
                pending_id = found
            continue
        if kind == "votes":
            found = paper_id(cell.url or "")
            if found and (current is None or current.arxiv_id != found):
                pending_id = found
            elif current is not None:
                current.cells.append(cell)
            continue
        attach_metadata(name, current, cell, kind, problems)
    records, used = finish(name, drafts, plain, problems)
    abstracts = [record.abstract for record in records if record.abstract]
    carded = sum(1 for record in records if len(record.abstract) >= 80 or record.authors_text or record.date_text)
    if carded < CARD_SHARE * len(records):
        return [], [], set()  # mostly titles alone, as a list of links has them: a papers page shows more
    titled = sum(1 for record in records if not sentence_like(record.title))
    if plain and records and (titled < TITLE_SHARE * len(records) or (
            not site_signs(cells) and sum(map(research_like, abstracts)) < RESEARCH_SHARE * max(1, len(abstracts)))):
        return [], [], set()
    return records, problems, used


def site_signs(cells: list[tuple[Cell, str]]) -> bool:
    """Tell whether a plain copy shows it is a papers page: the site's chrome, or a card's metadata."""
    return any((kind == "chrome" and SITE_SIGNS_RE.search(cell.text)) or kind == "authors" for cell, kind in cells)


def sentence_like(title: str) -> bool:
    """Tell whether a title reads as prose or another format's syntax: it ends a sentence or holds
    the end of one, or it holds an address, an ``arXiv:`` id, a ``Label:`` after its start or TeX breaks."""
    return title.endswith(".") or bool(SENTENCE_BREAK_RE.search(title) or NOT_TITLE_RE.search(title))


def research_like(abstract: str) -> bool:
    """Tell whether text reads as a paper's abstract: long enough, and in a paper's words."""
    return len(abstract) >= 80 and len(RESEARCH_WORDS_RE.findall(abstract)) >= 2


def joined(first: Cell, second: Cell) -> Cell:
    """Return one cell of two lines of the same paragraph."""
    return Cell(first.line, second.end, f"{first.text} {second.text}", first.url or second.url, first.heading,
                first.blank_before, first.linked)


def attach_metadata(name: str, draft: Draft | None, cell: Cell, kind: str, problems: list[Problem]) -> None:
    """Give a metadata cell to the record it follows; an author count or date with none is reported."""
    if draft is None:
        if kind in ("authors", "date"):
            problems.append(Problem(name, cell.line, Severity.WARNING,
                                    f"metadata line '{cell.text}' has no paper before it; ignored"))
        return
    if kind == "authors":
        if draft.authors is not None:
            problems.append(Problem(name, cell.line, Severity.WARNING,
                                    f"metadata line '{cell.text}' has no paper before it; ignored"))
            return
        draft.authors = cell
    elif kind == "date":
        if draft.date is not None:
            problems.append(Problem(name, cell.line, Severity.WARNING,
                                    f"metadata line '{cell.text}' has no paper before it; ignored"))
            return
        draft.date = cell
    elif kind == "code" and cell.url:
        draft.links.append(cell.url)
    draft.cells.append(cell)


def finish(name: str, drafts: list[Draft], plain: bool, problems: list[Problem]) -> tuple[list[RawRecord], set[int]]:
    """Turn drafts into records; a title without abstract is kept only where it is plainly a paper
    (see the module docstring): in a plain flat or spaced copy, a title with nothing after it
    before the next title or the end of the listing; in a copy of cards, one with its card, or
    the last title of a copy that stops there."""
    cards = any(draft.authors is not None for draft in drafts)
    records: list[RawRecord] = []
    used: set[int] = set()
    for position, draft in enumerate(drafts):
        abstract = " ".join(cell.text for cell in draft.abstract)
        if not plain and draft.arxiv_id is None:
            continue  # where the page has links, a paper links to its own page
        if not abstract:
            bare = draft.date is None and not draft.cells and not draft.title.text.endswith(":")
            last = position == len(drafts) - 1 and (not cards or len(draft.title.text.split()) >= 3)
            if not (draft.arxiv_id or draft.authors is not None or (plain and bare and (last or not cards))):
                continue
            problems.append(Problem(name, draft.title.line, Severity.WARNING,
                                    "title has no abstract after it (is the listing cut off here?); kept without one"))
        links = tuple(dict.fromkeys(url for url in (
            [cell.url for cell in [draft.title, *draft.abstract] if cell.url and not paper_id(cell.url)]
            + draft.links)))
        records.append(RawRecord(
            SourceRef(name, draft.title.line), draft.title.text, abstract,
            authors_text=draft.authors.text if draft.authors else None,
            authors_line=draft.authors.line if draft.authors else None,
            date_text=draft.date.text if draft.date else None, date_line=draft.date.line if draft.date else None,
            arxiv_id=draft.arxiv_id, links=links))
        for cell in [draft.title, *draft.abstract, *draft.cells]:
            used.update(range(cell.line, cell.end + 1))
    return records, used
