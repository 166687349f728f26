"""The records that flow between pipeline stages.

Every record is a frozen dataclass; a stage returns new records (``dataclasses.replace``)
instead of changing the ones it was given. Each record that stands for a paper carries the
``SourceRef`` places it was read from, so every fact on a page traces back to a listing line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .addresses import listing_source, paper_source, theme_source, url_of


class Severity(str, Enum):
    """How bad a problem is: ERROR drops a record, WARNING keeps it changed or guessed."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True, order=True)
class SourceRef:
    """A place in a listing: the file name and the 1-based line of a record's title."""

    listing: str
    line: int

    def __str__(self) -> str:
        return f"{self.listing}:{self.line}"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with the input, named by its place (line 0 means the whole file)."""

    listing: str
    line: int
    severity: Severity
    message: str

    def sort_key(self) -> tuple[str, int, str, str]:
        """Order problems by place, then severity and text, for a stable report."""
        return (self.listing, self.line, self.severity.value, self.message)


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One paper as a listing wrote it: text as written, each field's format already undone by
    its reader (names split, links resolved) but nothing checked or interpreted yet.

    ``authors_text`` is an author count as written (``• 7 authors``), ``date_text`` a date as
    written (``Feb 27, 2024``, ``Mar 15``, ``2019-03``, ``18 Dec 2025``), each with its line;
    ``links`` are URLs the listing gives for the paper besides its text (its page, its code);
    ``section`` is the heading it stood under.
    """

    source: SourceRef
    title: str
    abstract: str = ""
    authors_text: str | None = None
    authors_line: int | None = None
    date_text: str | None = None
    date_line: int | None = None
    authors: tuple[str, ...] = ()
    arxiv_id: str | None = None
    doi: str | None = None
    links: tuple[str, ...] = ()
    venue: str | None = None
    keywords: tuple[str, ...] = ()
    section: str | None = None


@dataclass(frozen=True, slots=True)
class ListingInfo:
    """What a curator says about a listing in ``seeds/listings.yml``."""

    title: str | None = None
    captured: str | None = None
    reader: str | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    """One listing file: its shape, its records as read, and what the curator said of it.

    ``shape`` says how its reader found it written (``cards``, ``linked``, ``digest``…),
    ``reader`` which reader read it and ``coverage`` the share of its lines the reader
    understood; ``slug`` names its page, given with the papers' slugs
    (``slugs.assign_listing_slugs``).
    """

    file: str
    shape: str
    records: tuple[RawRecord, ...]
    title: str
    captured: str | None = None
    slug: str = ""
    reader: str = ""
    coverage: float = 0.0

    @property
    def source(self) -> str:
        """Return the path of the listing's page in the docs tree."""
        return listing_source(self.slug)

    @property
    def url(self) -> str:
        """Return the page address relative to the site root."""
        return url_of(self.source)


@dataclass(frozen=True, slots=True, order=True)
class Link:
    """A URL of a paper (given by its listing or found in its abstract), with its kind: the paper
    itself (``paper``: arXiv, a DOI, a PDF), its ``code``, its ``project`` page, or ``other``."""

    url: str
    kind: str


@dataclass(frozen=True, slots=True)
class ThemeMatch:
    """Why a paper is in a theme: the phrases that matched, where, and the total score."""

    theme: str
    score: float
    title_phrases: tuple[str, ...]
    abstract_phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Related:
    """A paper related to another one, with its similarity score."""

    paper: str
    score: float


@dataclass(frozen=True, slots=True)
class Paper:
    """One work in the catalog, possibly merged from several listing records.

    ``notes`` and ``status`` (``to-read``, ``reading``, ``read``, ``key``) come from the
    curator's file; ``added`` is the earliest capture day of the listings that hold it;
    ``citation_key`` is a key the curator pinned (else ``bibtex.citation_keys`` makes one);
    ``origins`` says, per fact (``authors``, ``arxiv_id``…), where its value came from: a
    ``listing:line``, ``lookup: huggingface 2026-12-01`` or the curator file's ``papers.yml:7``.
    """

    key: str
    title: str
    abstract: str
    sources: tuple[SourceRef, ...]
    authors_count: int | None = None
    published: str | None = None
    upvotes: int | None = None
    links: tuple[Link, ...] = ()
    id: str = ""
    themes: tuple[str, ...] = ()
    theme_matches: tuple[ThemeMatch, ...] = ()
    related: tuple[Related, ...] = ()
    position: tuple[float, float] | None = None
    authors: tuple[str, ...] = ()
    arxiv_id: str | None = None
    doi: str | None = None
    venue: str | None = None
    keywords: tuple[str, ...] = ()
    section: str | None = None
    notes: str = ""
    status: str | None = None
    added: str | None = None
    origins: tuple[tuple[str, str], ...] = ()
    citation_key: str | None = None

    @property
    def source(self) -> str:
        """Return the path of the paper's page in the docs tree."""
        return paper_source(self.id)

    @property
    def url(self) -> str:
        """Return the page address relative to the site root, as the built site serves it."""
        return url_of(self.source)

    @property
    def year(self) -> int | None:
        """Return the publication year, or None when the date is unknown."""
        return int(self.published[:4]) if self.published else None


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme of the curated taxonomy, with the rules that assign papers to it.

    ``phrases`` count once, ``strong`` phrases twice, and any ``exclude`` phrase keeps the
    theme off a paper; ``line`` is where the theme starts in ``themes.yml`` (0 if unknown).
    """

    id: str
    name: str
    description: str
    phrases: tuple[str, ...] = ()
    strong: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    line: int = 0

    @property
    def source(self) -> str:
        """Return the path of the theme's page in the docs tree."""
        return theme_source(self.id)

    @property
    def url(self) -> str:
        """Return the page address relative to the site root."""
        return url_of(self.source)


@dataclass(frozen=True, slots=True)
class Catalog:
    """Everything the renderers need: papers, listings, themes and the problems found."""

    papers: tuple[Paper, ...]
    listings: tuple[Listing, ...]
    themes: tuple[Theme, ...]
    problems: tuple[Problem, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Page:
    """One output file: its path relative to the output folder and its full text (bytes for a
    file copied as it is, such as an image among the assets)."""

    path: str
    text: str | bytes
