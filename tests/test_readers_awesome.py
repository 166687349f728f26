"""Tests for the awesome-list reader: bullets, numbered items with a leading venue tag, items over
several lines, tables (one of papers, one of datasets), and what lists hold besides papers: badges,
a table of contents, HTML comments, code fences, tools and links to other lists.

Each fixture in ``tests/data/readers/awesome/`` is read as the detector reads it. Every test lists
all titles with their lines, so a badge, a contents entry, a tool or a dataset that became a record
(or a paper that was lost) fails it.
"""

from __future__ import annotations

import pytest

from sitebuild import DATA
from generator.readers import choose_reading
from generator.readers.reading import Reading

FIXTURES = DATA / "readers" / "awesome"


def read(name: str) -> Reading:
    """Return the reading the detector keeps for a fixture; it must be the awesome-list reader's."""
    choice = choose_reading(name, (FIXTURES / name).read_text(encoding="utf-8"))
    assert choice.problems == ()
    assert choice.reading is not None
    assert (choice.reading.reader, choice.reading.variant) == ("awesome-list", "list")
    assert choice.reading.problems == ()
    return choice.reading


def column(reading: Reading, field: str) -> list:
    """Return one field of every record, in order."""
    return [getattr(record, field) for record in reading.records]


def titles(reading: Reading) -> list[tuple[int, str]]:
    """Return each record's line and title."""
    return [(record.source.line, record.title) for record in reading.records]


def test_bullets_skip_badges_contents_and_prose_and_keep_sections():
    reading = read("bullets.md")
    assert titles(reading) == [
        (16, "A Survey of Backpropagation-Free Training"),
        (20, "On the Nature of Forward Gradients"),
        (21, "Signal Propagation Without Feedback Weights"),
        (25, "Greedy Layerwise Training of Vision Transformers"),
        (26, "Prompting with {{ x }} Placeholders in Local Losses"),
    ]
    assert column(reading, "section") == ["Surveys", "Forward-Only Training", "Forward-Only Training",
                                          "Greedy Layerwise", "Greedy Layerwise"]
    assert column(reading, "arxiv_id") == ["2301.04561", "2302.11223", None, "2311.05678", "2310.09876"]
    assert column(reading, "links") == [
        ("https://arxiv.org/abs/2301.04561",),
        ("https://arxiv.org/abs/2302.11223", "https://github.com/example/fwdgrad"),
        ("https://openreview.net/forum?id=AbC123xyz", "https://github.com/example/sigprop"),
        ("https://arxiv.org/abs/2311.05678",),
        ("https://arxiv.org/abs/2310.09876",),
    ]
    assert column(reading, "abstract") == [""] * 5


def test_bullets_venue_comes_after_the_title_not_from_a_word_in_it():
    reading = read("bullets.md")
    # "On the Nature of Forward Gradients" is an ICLR paper, not one in Nature.
    assert column(reading, "venue") == ["arXiv 2023", "ICLR 2023", "NeurIPS 2023", "CVPR 2024", "EMNLP 2023"]
    assert [(record.date_text, record.date_line) for record in reading.records] == [
        ("2023", 16), ("2023", 20), ("2023", 21), ("2024", 25), ("2023", 26)]


def test_numbered_items_take_the_leading_tag_as_venue_and_the_text_as_title():
    reading = read("numbered.md")
    assert titles(reading) == [
        (5, "Token Merging for Fast Dense Prediction"),
        (6, "Window Attention for Object Detection at Scale"),
        (7, "Sparse Token Routing in Vision Backbones"),
        (11, "Shifted Patch Pruning for Mobile Devices"),
    ]
    assert column(reading, "venue") == ["CVPR 2023", "ICCV 2023", "NeurIPS 2023", "ECCV 2022"]
    assert column(reading, "date_text") == ["2023", "2023", "2023", "2022"]
    assert column(reading, "section") == ["2023", "2023", "2023", "2022"]
    assert column(reading, "arxiv_id") == ["2303.01234", None, "2305.04321", None]
    assert column(reading, "links") == [
        ("https://arxiv.org/abs/2303.01234", "https://github.com/example/tome-dense"),
        ("https://openaccess.thecvf.com/content/ICCV2023/papers/Doe_Window_Attention_ICCV_2023_paper.pdf",),
        ("https://arxiv.org/pdf/2305.04321.pdf",),  # the project page is not the paper's code
        ("https://www.ecva.net/papers/eccv_2022/papers_ECCV/papers/136710001.pdf", "https://github.com/example/spp"),
    ]


def test_items_over_several_lines_are_one_paper_each():
    reading = read("multiline.md")
    assert titles(reading) == [
        (5, "Elastic Anchors for Continual Learning"),
        (9, "Replay-Free Consolidation via Synaptic Noise"),
        (15, "Generative Replay with Frozen Diffusion Priors"),
    ]
    assert column(reading, "section") == ["Regularization", "Regularization", "Replay"]
    assert column(reading, "venue") == ["ICLR 2024", "NeurIPS 2022", "CVPR 2023"]
    assert column(reading, "arxiv_id") == [None, "2209.07654", "2303.11122"]
    assert column(reading, "links") == [
        ("https://openreview.net/forum?id=Xy12ab", "https://github.com/example/elastic-anchors"),
        ("https://arxiv.org/abs/2209.07654",),
        ("https://arxiv.org/abs/2303.11122", "https://github.com/example/frozen-replay"),
    ]


def test_items_over_several_lines_date_their_year_by_its_own_line():
    reading = read("multiline.md")
    assert [(record.date_text, record.date_line) for record in reading.records] == [
        ("2024", 7), ("2022", 11), ("2023", 17)]


def test_table_with_a_title_column_gives_papers_and_a_table_of_datasets_none():
    reading = read("tables.md")
    assert titles(reading) == [
        (7, "Message Passing on Hypergraphs with Attention"),
        (8, "Graph Transformers Without Positional Encodings"),
        (9, "Scalable Spectral Clustering for Sparse Graphs"),
    ]  # nothing from the Datasets table (lines 15-16), though its rows link to papers
    assert column(reading, "section") == ["Papers"] * 3
    assert column(reading, "venue") == ["KDD 2023", "ICML 2022", "NeurIPS 2021"]
    assert column(reading, "date_text") == ["2023", "2022", "2021"]
    assert column(reading, "doi") == ["10.1145/3580305.3599999", None, None]
    assert column(reading, "arxiv_id") == [None, "2206.01357", None]
    assert column(reading, "links") == [
        ("https://dl.acm.org/doi/10.1145/3580305.3599999", "https://github.com/example/hyperattn"),
        ("https://arxiv.org/abs/2206.01357",),
        ("https://proceedings.neurips.cc/paper/2021/file/abc123-Paper.pdf",),
    ]


def test_items_in_html_comments_and_code_fences_are_not_papers():
    reading = read("hidden.md")
    assert titles(reading) == [
        (5, "Dual-Path State Space Models for Speech Separation"),
        (6, "Unsupervised Separation with Mixture Invariant Priors"),
        (13, "Target Speaker Extraction in Reverberant Rooms"),
    ]
    assert column(reading, "arxiv_id") == ["2404.01111", "2311.02222", "2309.03333"]
    assert column(reading, "venue") == ["ICASSP 2024", "INTERSPEECH 2023", "INTERSPEECH 2023"]
    assert column(reading, "section") == ["Papers"] * 3


def test_tools_and_other_lists_are_not_papers():
    reading = read("tools.md")
    assert titles(reading) == [
        (5, "Denoising Diffusion with Learned Noise Schedules"),
        (6, "Consistency Distillation for Audio Generation"),
        (7, "Latent Flow Matching for Video Synthesis"),
    ]
    assert column(reading, "section") == ["Papers"] * 3
    assert column(reading, "venue") == ["NeurIPS 2023", None, "ICLR 2024"]
    assert column(reading, "date_text") == ["2023", None, "2024"]
    assert column(reading, "links") == [
        ("https://arxiv.org/abs/2306.01111",),
        ("https://arxiv.org/abs/2310.02222", "https://github.com/example/cd-audio"),
        ("https://openreview.net/forum?id=LfM2024v",),
    ]


@pytest.mark.parametrize("name", ["bullets.md", "numbered.md", "multiline.md", "tables.md", "hidden.md", "tools.md"])
def test_no_markdown_syntax_or_url_in_any_title(name: str):
    for record in read(name).records:
        assert not any(junk in record.title for junk in ("](", "[", "**", "*", "|", "http", "\\")), record.title


def test_an_unclosed_fence_is_reported_and_the_papers_after_it_are_read():
    text = ("- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n\n```python\nprint('x')\n\n"
            "- [Deep Residual Learning for Image Recognition](https://arxiv.org/abs/1512.03385)\n"
            "- [Adam: A Method for Stochastic Optimization](https://arxiv.org/abs/1412.6980)\n")
    choice = choose_reading("fence.md", text)
    assert [record.title for record in choice.reading.records] == [
        "Attention Is All You Need", "Deep Residual Learning for Image Recognition",
        "Adam: A Method for Stochastic Optimization"]
    assert [(problem.line, "never closed" in problem.message) for problem in choice.reading.problems] == [(3, True)]


def test_a_paper_item_without_a_title_is_reported_not_dropped_silently():
    text = ("- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
            "- [Deep Residual Learning for Image Recognition](https://arxiv.org/abs/1512.03385)\n"
            "- [arXiv](https://arxiv.org/abs/1412.6980)\n")
    reading = choose_reading("untitled.md", text).reading
    assert len(reading.records) == 2
    assert [(problem.line, "names no title" in problem.message) for problem in reading.problems] == [(3, True)]


def test_a_heading_titles_only_the_first_paper_item_under_it():
    text = ("## Learned Optimizers at Scale\n\n- links: [abs](https://arxiv.org/abs/2009.11243)\n"
            "- [Deep Residual Learning for Image Recognition](https://arxiv.org/abs/1512.03385)\n"
            "- [pdf](https://arxiv.org/pdf/1412.6980)\n")
    reading = choose_reading("headed.md", text).reading
    assert [(record.source.line, record.title) for record in reading.records] == [
        (1, "Learned Optimizers at Scale"), (4, "Deep Residual Learning for Image Recognition")]
    assert [problem.line for problem in reading.problems] == [5]
