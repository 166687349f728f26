"""Addresses the site links to: searches for a paper elsewhere, and page-to-page links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

from .models import Paper

SEARCH_SITES = (
    ("Hugging Face Papers", "https://huggingface.co/papers?q={query}"),
    ("arXiv", "https://arxiv.org/search/?query={query}&searchtype=title"),
    ("Google Scholar", "https://scholar.google.com/scholar?q={query}"),
)

ARXIV_ABS = "https://arxiv.org/abs/{id}"
ARXIV_PDF = "https://arxiv.org/pdf/{id}"
HF_PAPER = "https://huggingface.co/papers/{id}"
DOI_URL = "https://doi.org/{doi}"
LINK_LABELS = {"paper": "Paper", "code": "Code", "project": "Project page", "other": "Link"}
# Hosts whose link to an arXiv paper the arXiv and Hugging Face buttons already give.
ARXIV_HOSTS = ("arxiv.org/", "huggingface.co/papers/", "alphaxiv.org/")

SAFE_URL_CHARS = "/#?=&.-_~+"
SAFE_URL_RE = re.compile(r"[A-Za-z0-9/#?=&.\-_~+]*")


def search_links(title: str) -> tuple[tuple[str, str], ...]:
    """Return (site name, URL) pairs that search for a paper title on other sites."""
    return tuple((name, pattern.format(query=quote_plus(title))) for name, pattern in SEARCH_SITES)


@dataclass(frozen=True, slots=True)
class Button:
    """A link a paper page shows as a button: its label, address and whether it stands out."""

    label: str
    url: str
    primary: bool = False


def paper_buttons(paper: Paper) -> tuple[Button, ...]:
    """Return the buttons that take a reader to the paper: arXiv, PDF, Hugging Face, code, others.

    A paper with an arXiv id gets its arXiv page, its PDF and its Hugging Face page; the arXiv
    page, else the first code link, is the one primary button; listing links to arXiv itself are not repeated.
    """
    buttons: list[Button] = []
    if paper.arxiv_id:
        buttons += [Button("arXiv", ARXIV_ABS.format(id=paper.arxiv_id), primary=True),
                    Button("PDF", ARXIV_PDF.format(id=paper.arxiv_id)),
                    Button("Hugging Face", HF_PAPER.format(id=paper.arxiv_id))]
    if paper.doi:
        buttons.append(Button("DOI", DOI_URL.format(doi=quote(paper.doi, safe="/:;()._-")), primary=not buttons))
    code_seen = False
    for link in paper.links:
        if paper.arxiv_id and paper.arxiv_id in link.url and any(host in link.url for host in ARXIV_HOSTS):
            continue
        if paper.doi and link.url.lower().endswith(paper.doi.lower()) and "doi.org/" in link.url:
            continue
        if link.kind == "code":
            label = "Code" if not code_seen else "More code"
            buttons.append(Button(label, link.url, primary=not code_seen and not paper.arxiv_id and not paper.doi))
            code_seen = True
        else:
            buttons.append(Button(LINK_LABELS[link.kind], link.url))
    return tuple(buttons)


def pdf_url(paper: Paper) -> str | None:
    """Return the address of the paper's PDF: arXiv's when its id is known, else a link to a .pdf."""
    if paper.arxiv_id:
        return ARXIV_PDF.format(id=paper.arxiv_id)
    return next((link.url for link in paper.links if link.url.lower().split("?")[0].endswith(".pdf")), None)


def relative_url(from_url: str, to_url: str) -> str:
    """Return the link from one page's served URL to another's; both are relative to the site root.

    Directory URLs end in ``/`` (``papers/x/``); the home page is ``""``. The result works
    whatever sub-path the site is served under, because it never starts with ``/``. Computed on
    path segments: for site URLs (no ``..``, no leading ``/``) that is what ``posixpath.relpath``
    gives, without its ``abspath`` calls; a large catalog makes hundreds of thousands of links.
    """
    base = from_url if from_url.endswith("/") else from_url.rpartition("/")[0]  # a file's folder
    base_parts = [part for part in base.split("/") if part and part != "."]
    target_parts = [part for part in to_url.split("/") if part and part != "."]
    common = 0
    while common < len(base_parts) and common < len(target_parts) and base_parts[common] == target_parts[common]:
        common += 1
    target = "/".join([".."] * (len(base_parts) - common) + target_parts[common:]) or "."
    if to_url.endswith("/") or not to_url:
        target = "./" if target == "." else target + "/"
    return target if SAFE_URL_RE.fullmatch(target) else quote(target, safe=SAFE_URL_CHARS)
