"""Tests for the Hugging Face page reader on pages captured by tools other than a browser copy: a
Markdown scraper, Markdown with reference links, a notes app's export, a text browser's dump, a
copy hard-wrapped at a fixed width, and one with each paper's URL on its own line.

Each fixture in ``tests/data/readers/hf_page/`` is read as the detector reads it. Every test lists
all titles with their lines, so page chrome, counts, URLs or Markdown syntax that became a record
(or a record that was lost) fails it.
"""

from __future__ import annotations

import pytest

from sitebuild import DATA
from generator.readers import choose_reading
from generator.readers.reading import Reading

FIXTURES = DATA / "readers" / "hf_page"


def read(name: str) -> Reading:
    """Return the reading the detector keeps for a fixture; it must not refuse the file."""
    choice = choose_reading(name, (FIXTURES / name).read_text(encoding="utf-8"))
    assert choice.problems == ()
    assert choice.reading is not None
    return choice.reading


def column(reading: Reading, *fields: str) -> list:
    """Return one field (or a tuple of fields) of every record, in order."""
    if len(fields) == 1:
        return [getattr(record, fields[0]) for record in reading.records]
    return [tuple(getattr(record, field) for field in fields) for record in reading.records]


def titles(reading: Reading) -> list[tuple[int, str]]:
    """Return each record's title line and title."""
    return [(record.source.line, record.title) for record in reading.records]


def test_markdown_scrape_reads_headings_and_drops_menu_footer_and_card_chrome():
    reading = read("scraped.md")
    assert (reading.reader, reading.variant) == ("hf-page", "linked")
    assert titles(reading) == [
        (22, "Sparse Local Updates for Streaming Graph Networks"),
        (44, "Local Attention Windows for Long Document Transformers"),
        (60, "Federated Distillation with Noisy Client Labels"),
        (80, "Curvature-Aware Learning Rate Warmup"),
    ]
    assert column(reading, "arxiv_id") == ["2401.01234", "2401.02345", "2401.03456", "2401.04567"]
    assert reading.problems == ()


def test_markdown_scrape_joins_hard_line_breaks_and_escapes_in_abstracts():
    first, second, third, fourth = read("scraped.md").records
    assert first.abstract == ("We study graph neural networks on graphs whose edges change a few at a time. "
                              "Our method updates only the neighbourhood of each change and matches full "
                              "retraining on three benchmarks while using a tenth of the compute.")
    assert second.abstract == ("We restrict self-attention to sliding local windows and add a few global tokens. "
                               "The model reads documents of sixteen thousand tokens on one GPU. "
                               "On three summarization benchmarks it beats dense attention at a third of the cost.")
    assert third.abstract.startswith("Clients in federated learning often hold noisy labels. We propose a distillation "
                                     "scheme that weighs")
    assert fourth.abstract.startswith("Warmup schedules are tuned by hand. We show")


def test_markdown_scrape_reads_both_author_counts_and_skips_the_organisation():
    reading = read("scraped.md")
    assert column(reading, "authors_text", "authors_line") == [
        ("4 authors", 28), ("· 5 authors", 48), (None, None), ("2 authors", 86)]
    assert column(reading, "date_text", "date_line") == [
        ("Published on Jan 9, 2024", 32), ("Jan 8", 52), ("Jan 9", 70), ("Published on Jan 7, 2024", 90)]


def test_markdown_scrape_keeps_a_card_code_link_but_not_the_footer_github():
    reading = read("scraped.md")
    assert column(reading, "links") == [("https://github.com/example-lab/sparse-stream",), (), (), ()]


def test_reference_style_links_resolve_to_paper_pages():
    reading = read("reference_links.md")
    assert (reading.reader, reading.variant) == ("hf-page", "linked")
    assert titles(reading) == [
        (14, "Self-Correcting Code Agents with Unit Test Feedback"),
        (23, "Tokenizer-Free Speech Language Models"),
        (32, "Retrieval Heads in Long Context Models"),
    ]
    assert column(reading, "arxiv_id") == ["2402.01111", "2402.02222", "2401.17333"]
    assert reading.records[0].abstract.startswith("Code agents repeat their mistakes. We let an agent run")
    assert reading.records[2].abstract.endswith("and the heads appear early in pretraining.")
    assert column(reading, "authors_text", "authors_line") == [("3 authors", 18), ("6 authors", 27), ("4 authors", 36)]
    assert column(reading, "date_text", "date_line") == [
        ("· Published on Feb 2, 2024", 19), ("· Published on Feb 1, 2024", 28), ("· Published on Jan 30, 2024", 37)]
    assert column(reading, "links") == [(), (), ()]
    assert reading.problems == ()


def test_notes_export_skips_its_header_and_reads_urls_on_their_own_lines():
    reading = read("notes_export.txt")
    assert (reading.reader, reading.variant) == ("hf-page", "links on lines")
    assert titles(reading) == [
        (12, "Contrastive Pretraining for Tabular Anomaly Detection"),
        (21, "Mixture-of-Depths Routing for Speech Recognition"),
        (31, "Probing Spatial Reasoning in Vision Language Models"),
    ]
    assert column(reading, "arxiv_id") == ["2403.01111", "2403.02222", "2403.03333"]
    assert reading.problems == ()


def test_notes_export_abstracts_counts_organisations_and_dates():
    reading = read("notes_export.txt")
    abstracts = column(reading, "abstract")
    assert abstracts[0].startswith("Tabular anomaly detectors need labels that are rarely available.")
    assert abstracts[1].startswith("Not every audio frame needs the full network.")
    # A one-sentence abstract, followed by its link on the next line, is still an abstract.
    assert abstracts[2] == ("We build a benchmark of questions about left, right, above and behind in photos and "
                            "find that vision language models answer them at chance level unless the objects "
                            "are named in the prompt.")
    assert column(reading, "authors_text", "authors_line") == [("• 4 authors", 16), (None, None), ("• 9 authors", 35)]
    assert column(reading, "date_text", "date_line") == [("Mar 4", 18), ("Mar 4", 28), ("Mar 3", 37)]
    assert column(reading, "links") == [(), (), ()]


def test_text_browser_dump_resolves_numbered_references():
    reading = read("lynx_dump.txt")
    assert (reading.reader, reading.variant) == ("hf-page", "links on lines")
    assert titles(reading) == [
        (13, "Quantized Optimizers Without Loss of Accuracy"),
        (25, "Scene Graphs from Egocentric Video for Robot Task Planning"),
        (37, "Measuring Data Contamination in Code Benchmarks"),
    ]
    assert column(reading, "arxiv_id") == ["2404.01234", "2404.02345", "2404.03456"]
    assert reading.records[0].abstract == (
        "Optimizer states take more memory than the weights of large models. We quantize them to four bits "
        "with a per-block scale and an error feedback term, and train language models to the same loss as "
        "with full precision states on up to seven billion parameters.")
    assert reading.records[2].abstract.startswith("Benchmarks for code generation leak into training data.")
    assert column(reading, "authors_text", "authors_line") == [("• 5 authors", 20), ("• 3 authors", 32),
                                                                ("• 2 authors", 44)]
    assert column(reading, "date_text", "date_line") == [
        ("Published on Apr 2, 2024", 22), ("Published on Apr 1, 2024", 34), ("Published on Mar 31, 2024", 46)]
    assert reading.problems == ()


def test_hard_wrapped_titles_and_abstracts_are_joined():
    reading = read("wrapped.txt")
    assert (reading.reader, reading.variant) == ("hf-page", "spaced")
    assert titles(reading) == [
        (7, "Learning to Compress Prompts for Retrieval-Augmented Generation with Small Language Models"),
        (16, "Robust Visual Odometry Under Motion Blur"),
        (23, "A Benchmark for Multilingual Table Question Answering Across Thirty Languages"),
    ]
    assert column(reading, "abstract")[0] == (
        "Retrieval-augmented generation feeds long documents to the model, which makes inference slow. We train "
        "a small language model to compress the retrieved passages into a few soft tokens and show that answers "
        "keep their accuracy on four question answering benchmarks while the prompt shrinks by a factor of twenty.")
    assert column(reading, "abstract")[1].startswith("Visual odometry fails when the camera moves fast and frames "
                                                     "blur. We model the blur")
    assert column(reading, "abstract")[2].endswith("mostly on questions that need arithmetic over several cells.")
    assert column(reading, "arxiv_id") == [None, None, None]
    assert reading.problems == ()


def test_url_on_its_own_line_after_each_title_gives_the_arxiv_id():
    reading = read("url_lines.txt")
    assert (reading.reader, reading.variant) == ("hf-page", "links on lines")
    assert titles(reading) == [
        (5, "Sparse Autoencoders Find Monosemantic Features in Protein Models"),
        (9, "Diffusion Policies for Dexterous In-Hand Rotation"),
        (13, "Long-Horizon Forecasting with State Space Models"),
        (17, "Evaluating Factuality of Summaries with Question Generation"),
    ]
    assert column(reading, "arxiv_id") == ["2405.01111", "2405.02222", "2405.03333", "2405.04444"]
    assert column(reading, "abstract")[0].startswith("We train sparse autoencoders on the activations")
    assert column(reading, "abstract")[3].endswith("better with human judgements than entailment metrics.")
    assert column(reading, "links") == [(), (), (), ()]
    assert reading.problems == ()


def test_hostile_titles_in_a_text_copy_stay_literal():
    reading = read("hostile.txt")
    assert (reading.reader, reading.variant) == ("hf-page", "spaced")
    assert titles(reading) == [
        (5, "<script>alert(1)</script> Sparse Attention for Speech Models"),
        (9, "{{ x }} Templates for Prompt Tuning"),
        (13, "**Bold** Claims in Contrastive Learning"),
    ]
    assert column(reading, "abstract")[2].startswith("We revisit claims about contrastive learning")


@pytest.mark.parametrize("name", ["scraped.md", "reference_links.md", "notes_export.txt", "lynx_dump.txt",
                                  "wrapped.txt", "url_lines.txt"])
def test_no_link_syntax_url_or_count_in_any_title_or_abstract(name: str):
    for record in read(name).records:
        for text in (record.title, record.abstract):
            assert not any(junk in text for junk in ("](", "][", "http", "\\", "authors", "Upvote", "[-]")), text


def test_a_paper_url_after_its_card_belongs_to_that_paper_not_the_next():
    text = (DATA / "readers" / "hf_page" / "urls_after_cards.md").read_text(encoding="utf-8")
    reading = choose_reading("urls_after_cards.md", text).reading
    assert [(record.source.line, record.title, record.arxiv_id) for record in reading.records] == [
        (1, "Paper One About Things", "2401.00001"), (11, "Paper Two About Stuff", "2401.00002")]
