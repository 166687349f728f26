"""Tests for slugs: short, ASCII, unique, safe."""

from __future__ import annotations

import re

from generator.models import Paper, SourceRef
from generator.normalize import title_key
from generator.slugs import assign_slugs

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def papers_for(*titles: str) -> tuple[Paper, ...]:
    return tuple(Paper(key=title_key(title), title=title, abstract="", sources=(SourceRef("s.txt", line),))
                 for line, title in enumerate(titles, start=1))


def test_slugs_are_short_ascii_and_safe():
    titles = ("Local Learning: A Survey", "Ünïcödé Fréchet Means", "../../etc/passwd", "x" * 600,
              "深度学习的局部学习", "🚀🔥", "index")
    slugged, _ = assign_slugs(papers_for(*titles))
    slugs = [paper.id for paper in slugged]
    assert slugs[:3] == ["local-learning-a-survey", "unicode-frechet-means", "etc-passwd"]
    assert all(SLUG_RE.match(slug) and len(slug) <= 80 for slug in slugs)
    assert len(set(slugs)) == len(slugs)
    assert slugs[5].startswith("paper-") and slugs[6].startswith("index-")


def test_titles_that_slugify_alike_get_stable_suffixes_and_a_warning():
    slugged, problems = assign_slugs(papers_for("Café Learning", "Cafe Learning"))
    first, second = (paper.id for paper in slugged)
    assert first != second and first.startswith("cafe-learning-") and second.startswith("cafe-learning-")
    assert [problem.message for problem in problems] == [
        "titles at s.txt:1, s.txt:2 share the slug 'cafe-learning'; each got a suffix"]
    again, _ = assign_slugs(tuple(reversed(papers_for("Café Learning", "Cafe Learning"))))
    assert {paper.title: paper.id for paper in again} == {paper.title: paper.id for paper in slugged}
