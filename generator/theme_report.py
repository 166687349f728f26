"""What ``catalog themes`` prints: papers per theme, or the unsorted papers and why.

For each paper no theme took, the report gives its place, its most distinctive words (TF-IDF
over its title, twice, and its abstract) and the theme it came closest to, to help a curator
write the next phrase of ``themes.yml``.
"""

from __future__ import annotations

from .catalog_index import UNSORTED_ID, CatalogIndex
from .models import Paper, ThemeMatch
from .related import make_vectorizer
from .taxonomy import Taxonomy
from .themes import Matcher, compile_matcher, score_paper

DISTINCTIVE_TERMS = 6


def format_theme_counts(index: CatalogIndex) -> list[str]:
    """Return one line per theme with its number of papers, then the unsorted count."""
    lines = [f"{len(index.papers_by_theme[theme.id]):5d}  {theme.id}" for theme in index.catalog.themes]
    lines.append(f"{len(index.papers_by_theme[UNSORTED_ID]):5d}  (unsorted)")
    return lines


def format_unsorted(index: CatalogIndex, taxonomy: Taxonomy) -> list[str]:
    """Return one line per unsorted paper: place, title, distinctive terms and the nearest theme."""
    papers = index.catalog.papers
    unsorted = index.papers_by_theme[UNSORTED_ID]
    terms = distinctive_terms(papers, DISTINCTIVE_TERMS)
    position = {paper.id: row for row, paper in enumerate(papers)}
    matcher = compile_matcher(taxonomy.themes)
    lines = [f"{len(unsorted)} of {len(papers)} papers have no theme"]
    for paper in unsorted:
        place = str(paper.sources[0]) if paper.sources else paper.id
        line = f"{place}: {paper.title} | terms: {', '.join(terms[position[paper.id]]) or '-'}"
        nearest = nearest_theme(paper, matcher, taxonomy)
        if nearest:
            line += (f" | nearest: {nearest.theme} {nearest.score:g} < {taxonomy.threshold:g} "
                     f"({', '.join(nearest.title_phrases + nearest.abstract_phrases)})")
        lines.append(line)
    return lines


def nearest_theme(paper: Paper, matcher: Matcher, taxonomy: Taxonomy) -> ThemeMatch | None:
    """Return the best-scoring theme match of a paper even below the threshold, or None."""
    best: ThemeMatch | None = None
    for match, exclusion in score_paper(paper, matcher, taxonomy.themes, taxonomy.title_weight):
        if match.score > 0 and exclusion is None and (best is None or match.score > best.score):
            best = match
    return best


def distinctive_terms(papers: tuple[Paper, ...], count: int) -> list[list[str]]:
    """Return, per paper, its ``count`` highest TF-IDF terms over title and abstract."""
    vectorizer = make_vectorizer()
    try:
        matrix = vectorizer.fit_transform(f"{paper.title}\n{paper.title}\n{paper.abstract}" for paper in papers)
    except ValueError:  # every text is empty or stop words only
        return [[] for _ in papers]
    vocabulary = vectorizer.get_feature_names_out()
    terms: list[list[str]] = []
    for row in matrix:
        ranked = sorted(zip(row.indices.tolist(), row.data.tolist()), key=lambda item: (-item[1], vocabulary[item[0]]))
        terms.append([str(vocabulary[index]) for index, _ in ranked[:count]])
    return terms
