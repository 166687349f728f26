"""Give every paper a stable, short, ASCII slug that is safe as a file name.

python-slugify turns the title into lowercase ASCII words joined by hyphens (at most 80
characters, cut at a word boundary). A title that leaves nothing (emoji only, say) becomes
``paper-<hash>``. When two papers would share a slug, each of them gets a suffix made from a
hash of its own title key, so the suffix does not depend on which listing was read first.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import replace

from slugify import slugify

from .addresses import RESERVED_LISTING_SLUGS, RESERVED_PAPER_SLUGS
from .models import Listing, Paper, Problem, Severity

MAX_SLUG_LENGTH = 80
HASH_LENGTH = 8


def assign_slugs(papers: tuple[Paper, ...]) -> tuple[tuple[Paper, ...], tuple[Problem, ...]]:
    """Set ``Paper.id`` on every paper; collisions get hash suffixes and a warning."""
    by_slug: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        by_slug[base_slug(paper)].append(paper)
    slug_of: dict[str, str] = {}
    problems: list[Problem] = []
    for slug, group in sorted(by_slug.items()):
        if len(group) == 1 and slug not in RESERVED_PAPER_SLUGS:
            slug_of[group[0].key] = slug
            continue
        for paper in group:
            slug_of[paper.key] = suffixed_slug(slug, paper.key)
        if len(group) > 1:
            places = ", ".join(str(paper.sources[0]) for paper in group)
            first = group[0].sources[0]
            problems.append(Problem(first.listing, first.line, Severity.WARNING,
                                    f"titles at {places} share the slug '{slug}'; each got a suffix"))
    return tuple(replace(paper, id=slug_of[paper.key]) for paper in papers), tuple(problems)


def base_slug(paper: Paper) -> str:
    """Slugify the title; fall back to a hash of the key when nothing is left."""
    slug = slugify(paper.title, max_length=MAX_SLUG_LENGTH, word_boundary=True)
    return slug or f"paper-{key_hash(paper.key)}"


def suffixed_slug(slug: str, key: str) -> str:
    """Append the key's hash to a slug, keeping the whole within the length limit."""
    head = slug[: MAX_SLUG_LENGTH - HASH_LENGTH - 1].rstrip("-")
    return f"{head}-{key_hash(key)}"


def key_hash(key: str) -> str:
    """Return a short, stable hash of a title key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def assign_listing_slugs(listings: tuple[Listing, ...]) -> tuple[Listing, ...]:
    """Set ``Listing.slug`` from each file name; names that slugify alike (or to a reserved
    name) get a suffix made from a hash of the file name."""
    bases = {listing.file: slugify(listing.file.rsplit(".", 1)[0], max_length=MAX_SLUG_LENGTH)
             or f"listing-{key_hash(listing.file)}" for listing in listings}
    counts: dict[str, int] = defaultdict(int)
    for base in bases.values():
        counts[base] += 1
    slugged = []
    for listing in listings:
        base = bases[listing.file]
        unique = counts[base] == 1 and base not in RESERVED_LISTING_SLUGS
        slugged.append(replace(listing, slug=base if unique else suffixed_slug(base, listing.file)))
    return tuple(slugged)
