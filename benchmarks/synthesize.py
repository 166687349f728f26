"""Synthesize a folder of realistic listings holding N distinct papers, for the benchmarks.

Titles recombine fragments of the seed titles, abstracts recombine seed sentences (an opening
sentence, middle sentences, a closing sentence), and listings come in the three shapes the
parser reads (flat, spaced, cards). About 15% of the records repeat a paper that an earlier
listing already holds, with the same metadata, as real search results overlap. Card listings
carry author counts, dates (without a year when the paper is from the capture year) and
sometimes upvotes. ``listings.yml`` gives every listing a title and a capture date.

The output is a pure function of N and --seed: the same arguments give byte-identical files.

Usage: python benchmarks/synthesize.py N OUTDIR [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.readers import read_listings

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
DUPLICATE_SHARE = 0.15
LISTING_SIZES = (100, 500)
SHAPES = ("flat", "spaced", "cards")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
OLDEST_PAPER = dt.date(2015, 1, 1)
NEWEST_PAPER = dt.date(2025, 5, 31)
FIRST_CAPTURE = dt.date(2025, 6, 1)
CAPTURE_DAYS = 200
TITLE_MAX_LENGTH = 200
SENTENCE_RE = re.compile(r"(?<=[a-z0-9)\]%][.!?])\s+(?=[A-Z])")
KEY_RE = re.compile(r"[\W_]+")
FLAT_HEADER = "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\nSubscribe"
SPACED_HEADER = ("new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
                 "byAK and the research community\n\n{page_date}\n\n")
CARDS_HEADER = ("new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
                "byAK and the research community\n\n{page_date}\n\n")
QUERIES = ("local learning", "global structure", "localized neural networks", "federated learning",
           "graph neural networks", "local and global features", "neural operators", "self-supervised")


@dataclass(frozen=True, slots=True)
class SeedText:
    """The material the seed listings offer: title parts and abstract sentences."""

    prefixes: tuple[str, ...]
    heads: tuple[tuple[str, ...], ...]
    tails: tuple[tuple[str, ...], ...]
    openings: tuple[str, ...]
    middles: tuple[str, ...]
    closings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SyntheticPaper:
    """One invented paper with the metadata a card would show."""

    title: str
    abstract: str
    authors: int
    published: dt.date


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and write the listings."""
    parser = argparse.ArgumentParser(description="Synthesize N papers' worth of listings.")
    parser.add_argument("count", type=int, help="number of distinct papers")
    parser.add_argument("outdir", type=Path, help="folder to write the listings and listings.yml into")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--seeds-dir", type=Path, default=SEEDS_DIR, help="the real seed listings to draw text from")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("N must be at least 1")
    files = synthesize(args.count, args.outdir, args.seed, args.seeds_dir)
    print(f"Wrote {files} listings with {args.count} papers to {args.outdir}", file=sys.stderr)
    return 0


def synthesize(count: int, outdir: Path, seed: int = 0, seeds_dir: Path = SEEDS_DIR) -> int:
    """Write listings holding ``count`` distinct papers into ``outdir``; return how many listings."""
    rng = random.Random(f"paper-catalog-benchmark:{count}:{seed}")
    text = read_seed_text(seeds_dir)
    papers = invent_papers(count, text, rng)
    layout = place_papers(count, rng)
    outdir.mkdir(parents=True, exist_ok=True)
    for stale in outdir.glob("*.txt"):
        stale.unlink()
    infos = []
    for index, paper_indexes in enumerate(layout):
        shape = SHAPES[rng.randrange(len(SHAPES))]
        captured = FIRST_CAPTURE + dt.timedelta(days=rng.randrange(CAPTURE_DAYS))
        name = f"{index:03d}_{hashlib.sha256(f'{seed}:{count}:{index}'.encode()).hexdigest()[:16]}.txt"
        listing = [papers[paper_index] for paper_index in paper_indexes]
        (outdir / name).write_text(render_listing(listing, shape, captured, rng), encoding="utf-8")
        infos.append((name, f"Search results: {QUERIES[rng.randrange(len(QUERIES))]} ({shape})", captured))
    (outdir / "listings.yml").write_text(render_infos(infos), encoding="utf-8")
    return len(layout)


def read_seed_text(seeds_dir: Path) -> SeedText:
    """Split the seed titles into fragments and the seed abstracts into sentences."""
    listings, _ = read_listings(seeds_dir)
    titles = sorted({record.title for listing in listings for record in listing.records})
    abstracts = sorted({record.abstract for listing in listings for record in listing.records if record.abstract})
    prefixes, heads, tails = set(), set(), set()
    for title in titles:
        prefix, _, body = title.rpartition(": ")
        if prefix and len(prefix.split()) <= 3:
            prefixes.add(prefix)
        words = tuple(body.split())
        for cut in range(1, len(words)):
            heads.add(words[:cut])
            tails.add(words[cut:])
    openings, middles, closings = set(), set(), set()
    for abstract in abstracts:
        sentences = [sentence for sentence in SENTENCE_RE.split(abstract) if len(sentence) > 30]
        if len(sentences) < 3:
            continue
        openings.add(sentences[0])
        middles.update(sentences[1:-1])
        closings.add(sentences[-1])
    return SeedText(tuple(sorted(prefixes)), tuple(sorted(heads)), tuple(sorted(tails)),
                    tuple(sorted(openings)), tuple(sorted(middles)), tuple(sorted(closings)))


def invent_papers(count: int, text: SeedText, rng: random.Random) -> list[SyntheticPaper]:
    """Invent ``count`` papers whose titles are all different once case and punctuation are folded."""
    papers: list[SyntheticPaper] = []
    keys: set[str] = set()
    span = (NEWEST_PAPER - OLDEST_PAPER).days
    while len(papers) < count:
        title = invent_title(text, rng, attempt=len(papers))
        key = KEY_RE.sub(" ", title.casefold()).strip()
        if key in keys:
            continue
        keys.add(key)
        authors = min(60, max(1, int(rng.lognormvariate(1.4, 0.6))))
        published = OLDEST_PAPER + dt.timedelta(days=int(span * rng.random() ** 0.5))
        papers.append(SyntheticPaper(title, invent_abstract(text, rng), authors, published))
    return papers


def invent_title(text: SeedText, rng: random.Random, attempt: int) -> str:
    """Join the start of one seed title to the end of another, sometimes behind a short name."""
    head = rng.choice(text.heads)
    tail = rng.choice(text.tails)
    words = list(head + tail)
    if rng.random() < 0.3:
        name = rng.choice(text.prefixes) if text.prefixes and rng.random() < 0.5 else acronym(words, rng)
        words = [f"{name}:"] + words
    title = " ".join(words)[:TITLE_MAX_LENGTH].rstrip(" :.")
    # The parser takes ". Capital" inside a line for an abstract; keep titles single-sentence.
    title = title.replace(". ", " ")
    return title[:1].upper() + title[1:]


def acronym(words: list[str], rng: random.Random) -> str:
    """Make a short name from the capitals of the title's words, as papers do (Local Learning → LL-3)."""
    letters = "".join(word[0] for word in words if word[:1].isupper()) or "X"
    return f"{letters[:6]}-{rng.randrange(2, 100)}" if rng.random() < 0.5 else letters[:6] + "Net"


def invent_abstract(text: SeedText, rng: random.Random) -> str:
    """Build an abstract: an opening sentence, three to eight middle sentences, a closing one."""
    middle = rng.sample(text.middles, k=min(len(text.middles), rng.randint(3, 8)))
    return " ".join([rng.choice(text.openings), *middle, rng.choice(text.closings)])


def place_papers(count: int, rng: random.Random) -> list[list[int]]:
    """Deal paper indexes into listings; about 15% of the slots repeat a paper from an earlier listing."""
    records = round(count / (1.0 - DUPLICATE_SHARE)) if count > 1 else 1
    sizes: list[int] = []
    while sum(sizes) < records:
        sizes.append(rng.randint(*LISTING_SIZES))
    sizes[-1] -= sum(sizes) - records
    if len(sizes) > 1 and sizes[-1] < LISTING_SIZES[0] // 2:
        sizes[-2] += sizes.pop()
    repeats = records - count
    repeat_slots = set(rng.sample(range(sizes[0], records), k=min(repeats, records - sizes[0])))
    layout: list[list[int]] = []
    next_paper, slot = 0, 0
    for size in sizes:
        listing: list[int] = []
        earlier = next_paper
        for _ in range(size):
            wants_repeat = slot in repeat_slots or next_paper >= count
            repeat = pick_repeat(earlier, set(listing), rng) if wants_repeat else None
            if repeat is not None:
                listing.append(repeat)
            elif next_paper < count:
                listing.append(next_paper)
                next_paper += 1
            slot += 1
        layout.append(listing)
    # Repeats that fell before any earlier paper existed leave papers undealt: add them at the end.
    layout[-1].extend(range(next_paper, count))
    return layout


def pick_repeat(earlier: int, taken: set[int], rng: random.Random) -> int | None:
    """Pick a paper an earlier listing holds and this one does not yet, or None."""
    for _ in range(20):
        candidate = rng.randrange(earlier) if earlier else None
        if candidate is None or candidate not in taken:
            return candidate
    return None


def render_listing(papers: list[SyntheticPaper], shape: str, captured: dt.date, rng: random.Random) -> str:
    """Write the text of one listing page, as a browser copy of it would read."""
    page_date = format_date(captured, captured, None)
    if shape == "flat":
        lines = [FLAT_HEADER + papers[0].title, papers[0].abstract]
        for paper in papers[1:]:
            lines += [paper.title, paper.abstract]
        return "\n".join(lines) + "\n"
    header = (CARDS_HEADER if shape == "cards" else SPACED_HEADER).format(page_date=page_date)
    blocks = []
    for paper in papers:
        block = f"{paper.title}\n\n{paper.abstract}\n"
        if shape == "cards":
            votes = rng.randrange(1, 200) if rng.random() < 0.3 else None
            block += f"\n  • {paper.authors} authors\n·\n{format_date(paper.published, captured, votes)}\n"
        blocks.append(block)
    return header + "\n".join(blocks)


def format_date(day: dt.date, captured: dt.date, votes: int | None) -> str:
    """Write a date as the page does: the year only when it is not the capture year; votes after."""
    text = f"{MONTHS[day.month - 1]} {day.day}"
    if day.year != captured.year:
        text += f", {day.year}"
    return text if votes is None else f"{text} {votes}"


def render_infos(infos: list[tuple[str, str, dt.date]]) -> str:
    """Write listings.yml: a title and a capture date per listing."""
    lines = ["# Synthetic listings for the benchmarks (benchmarks/synthesize.py)."]
    for name, title, captured in infos:
        lines += [f"{name}:", f'  title: "{title}"', f"  captured: {captured.isoformat()}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
