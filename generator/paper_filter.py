"""The data of the all-papers filter: one compact JSON file with what it needs of every paper.

The all-papers pages show a slice of the catalog each; their filter (``assets/catalog.js``)
searches the whole catalog, so it fetches this file (``addresses.PAPER_FILTER_DATA``) on the
first use of the filter. The file holds, per paper and newest first (the order of the pages),
one array::

    [url, title, authors, date, themes, code_url, status, upvotes, words]

``url`` is relative to the site root; ``authors`` the names joined with ", "; ``date`` the ISO
date as precise as known, or ""; ``themes`` the theme ids (empty for an unsorted paper);
``code_url`` and ``status`` "" when there is none; ``upvotes`` a number or null. ``words``
are the searchable words of the abstract and the curator's notes, as numbers into the file's
``vocabulary`` (every such word of the catalog, each once, sorted): lower-cased, each once per
paper, without the words already in the title or the authors and without the short common words
(:data:`STOP_WORDS`) that would match nearly every paper. A hyphenated term (``non-iid``) stays
one word, and a word is found by any part of it, as the filter matches substrings. The numbers
are written in ascending order as :func:`encode_numbers` says: the first, then each one's
distance from the one before, in a variable-length base-32 code, a fifth of the size of the
words themselves. Beside the papers, ``themes`` gives each theme's id, name and URL and
``statuses`` each reading status's label. The JSON is written with sorted keys and no spaces,
so the same catalog always gives the same bytes.
"""

from __future__ import annotations

import json
import re
from functools import partial

from .addresses import PAPER_FILTER_DATA, UNSORTED, url_of
from .catalog_index import UNSORTED_ID, CatalogIndex
from .curation import STATUS_LABELS
from .memo import Memo, memo_table
from .models import Page, Paper
from .parallel import map_ranges

FORMAT_VERSION = 1
PARALLEL_FROM = 4000  # papers from which a build finds their words in worker processes
FIELDS = ("url", "title", "authors", "date", "themes", "code", "status", "upvotes", "words")
WORD_RE = re.compile(r"\w+(?:[-']\w+)*")
STOP_WORDS = frozenset(
    "a an and are as at be been by can for from has have in into is it its of on or our that the their them "
    "these this to was we were which with".split())


# A number is written in groups of five bits, most significant first: every group but the last
# as a character of MORE_DIGITS, the last as one of LAST_DIGITS (none needs escaping in JSON).
MORE_DIGITS = "0123456789abcdefghijklmnopqrstuv"
LAST_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&*"
# The codes of the small numbers, worked out once: nearly every distance between two words is one.
SMALL_CODES = tuple(LAST_DIGITS[value] if value < 32 else MORE_DIGITS[value >> 5] + LAST_DIGITS[value & 31]
                    for value in range(1024))


def render_filter_data(index: CatalogIndex, memo: Memo | None = None) -> Page:
    """Render the filter's data file for the whole catalog, newest first.

    With a memo (serve's rebuilds), a paper's words are found again only when its title,
    authors, abstract or notes changed, and encoded again only then or when the vocabulary did.
    """
    themes = [[theme.id, theme.name, theme.url] for theme in index.catalog.themes]
    themes.append([UNSORTED_ID, "Unsorted", url_of(UNSORTED)])
    newest = index.newest
    keys = [(paper.title, paper.authors, paper.abstract, paper.notes) for paper in newest]
    if memo is None:  # a build: the words of every paper, found on every core
        words = map_ranges(lambda start, stop: [paper_words(paper) for paper in newest[start:stop]],
                           len(newest), serial_below=PARALLEL_FROM)
    else:
        table = memo_table(memo, "filter words")
        words = [table.get(key, partial(paper_words, paper)) for key, paper in zip(keys, newest)]
    vocabulary = sorted(set().union(*words))
    number_of = {word: number for number, word in enumerate(vocabulary)}
    codes = memo_table(memo, "filter codes", tuple(vocabulary))  # a word's number is its place in the vocabulary
    rows = [filter_row(paper, codes.get(key, lambda own=own: encode_numbers(sorted(number_of[word] for word in own))))
            for paper, key, own in zip(newest, keys, words)]
    data = {"version": FORMAT_VERSION, "fields": list(FIELDS), "themes": themes, "statuses": dict(STATUS_LABELS),
            "vocabulary": vocabulary, "papers": rows}
    return Page(PAPER_FILTER_DATA, json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")


def filter_row(paper: Paper, words: str) -> list:
    """Return one paper's row of the data file (the order of :data:`FIELDS`), with its encoded words."""
    code = next((link.url for link in paper.links if link.kind == "code"), "")
    return [paper.url, paper.title, ", ".join(paper.authors), paper.published or "", list(paper.themes), code,
            paper.status or "", paper.upvotes, words]


def paper_words(paper: Paper) -> list[str]:
    """Return the words of a paper's abstract and notes that its title and authors do not already hold."""
    known = set(WORD_RE.findall(f"{paper.title} {' '.join(paper.authors)}".lower()))
    return searchable_words(f"{paper.abstract} {paper.notes}", known)


def searchable_words(text: str, known: set[str] = frozenset()) -> list[str]:
    """Return the words of ``text`` the filter searches: lower-cased, each once, sorted, without
    stop words, one-letter words and the ``known`` ones (already searched in the title or authors)."""
    words = set(WORD_RE.findall(text.lower()))
    return sorted(word for word in words
                  if len(word) > 1 and word not in STOP_WORDS and word not in known and word.replace("_", ""))


def encode_numbers(numbers: list[int]) -> str:
    """Write ascending numbers as the first and then the distances between them, each in the
    five-bit groups of MORE_DIGITS and LAST_DIGITS (``[0, 1, 40]`` is ``A`` ``B`` ``1H``)."""
    text = []
    previous = 0
    for number in numbers:
        value, previous = number - previous, number
        if value < len(SMALL_CODES):
            text.append(SMALL_CODES[value])
            continue
        groups = [value & 31]
        while value > 31:
            value >>= 5
            groups.append(value & 31)
        text.extend(MORE_DIGITS[group] for group in reversed(groups[1:]))
        text.append(LAST_DIGITS[groups[0]])
    return "".join(text)


def decode_numbers(text: str) -> list[int]:
    """Read back what :func:`encode_numbers` wrote (the script does the same in the browser)."""
    numbers: list[int] = []
    value = 0
    for char in text:
        if char in LAST_DIGITS:
            numbers.append((numbers[-1] if numbers else 0) + value * 32 + LAST_DIGITS.index(char))
            value = 0
        else:
            value = value * 32 + MORE_DIGITS.index(char)
    return numbers
