"""Format a benchmark record as Markdown tables (run.py prints them; this script reprints a record).

Usage: python benchmarks/report.py [benchmarks/results/latest.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

MB = 2**20
DEFAULT_RECORD = Path(__file__).resolve().parent / "results" / "latest.json"


def format_tables(record: dict) -> str:
    """Return the machine line and the results, stages and targets tables."""
    machine = record["machine"]
    lines = [f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['ram_gb']} GB RAM, "
             f"Python {machine['python']}; commit {record.get('commit')}; started {record['started']}", ""]
    lines += [f"Note: {note}" for note in record.get("notes", [])]
    lines += [""] + results_table(record["runs"]) + [""] + stages_table(record["runs"]) + [""]
    lines += search_table(record["runs"])
    lines += targets_table(record["targets"])
    return "\n".join(lines)


def results_table(runs: list[dict]) -> list[str]:
    """One row per size: generator, regeneration, MkDocs, baseline and site numbers."""
    lines = ["| size | papers | generator s (CPU s) | gen peak MB | ms/paper | regen s (files rewritten) "
             "| mkdocs build s (of which plugin) | build peak MB | whole build s | baseline s | ratio "
             "| site MB | search index MB | mean paper page KB | largest HTML |",
             "|" + "---|" * 15]
    for run in runs:
        generator = run.get("generator") or {}
        regenerate = run.get("regenerate") or {}
        mkdocs, baseline, site = run.get("mkdocs") or {}, run.get("baseline") or {}, run.get("site") or {}
        ok = generator.get("status") == "ok"
        papers = generator.get("papers", 0)
        whole = generator["seconds"] + mkdocs["mkdocs_only_seconds"] if ok and mkdocs.get("status") == "ok" else None
        cells = [
            run["size"], papers or "–",
            f"{number(generator.get('seconds'))} ({number(generator.get('run_cpu_seconds'))})" if ok
            else generator.get("status", "–"),
            number(generator.get("peak_rss_mb"), 0), number(1000 * generator["seconds"] / papers if ok and papers else None),
            f"{number(regenerate.get('seconds'))} ({regenerate.get('files_written', '–')})",
            f"{number(mkdocs.get('seconds'))} ({number(mkdocs.get('hook_seconds'))})" if mkdocs else "skipped",
            number(mkdocs.get("peak_rss_mb"), 0), number(whole), number(baseline.get("seconds")),
            number(whole / baseline["seconds"], 2) if whole and baseline.get("seconds") else "–",
            number(site["bytes"] / MB if site else None, 1),
            number(site["search_index_bytes"] / MB if site.get("search_index_bytes") else None, 1),
            number(site["mean_paper_page_bytes"] / 1024 if site.get("mean_paper_page_bytes") else None, 1),
            f"{site['largest_html_bytes'] / 1024:.0f} KB `{site['largest_html_path']}`" if site else "–",
        ]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    return lines


def search_table(runs: list[dict]) -> list[str]:
    """One row per size built with both searches: Material's index against Pagefind's bundle."""
    rows = [run for run in runs if run.get("pagefind")]
    if not rows:
        return []
    lines = ["| size | Material index MB (every visitor) | Pagefind one query KB | Pagefind whole index MB "
             "| Pagefind bundle MB | mkdocs build with Pagefind s |", "|---|---|---|---|---|---|"]
    for run in rows:
        pagefind, site = run["pagefind"], run.get("site") or {}
        build = pagefind.get("mkdocs") or {}
        lines.append("| " + " | ".join([
            run["size"],
            number(site["search_index_bytes"] / MB if site.get("search_index_bytes") else None, 1),
            number(pagefind["one_query_bytes"] / 1024 if pagefind.get("one_query_bytes") else None, 0),
            number(pagefind["index_bytes"] / MB if pagefind.get("index_bytes") else None, 1),
            number(pagefind["bundle_bytes"] / MB if pagefind.get("bundle_bytes") else None, 1),
            number(build.get("seconds")) if build.get("status") == "ok" else str(build.get("status")),
        ]) + " |")
    return lines + [""]


def stages_table(runs: list[dict]) -> list[str]:
    """One row per stage of the full generator run: seconds, and peak RSS after it, per size."""
    sizes = [run["size"] for run in runs]
    lines = ["| stage | " + " | ".join(f"{size}: wall s / CPU s (peak MB)" for size in sizes) + " |",
             "|---|" + "---|" * len(sizes)]
    stages: dict[str, dict[str, str]] = {}
    for run in runs:
        generator = run.get("generator") or {}
        if "import_seconds" in generator:
            stages.setdefault("import generator", {})[run["size"]] = number(generator["import_seconds"], 2)
        for stage in generator.get("stages", []):
            stages.setdefault(stage["stage"], {})[run["size"]] = (
                f"{number(stage['seconds'], 2)} / {number(stage.get('cpu_seconds'), 2)} "
                f"({number(stage['peak_rss_mb'], 0)})")
    for stage, cells in stages.items():
        lines.append(f"| {stage} | " + " | ".join(cells.get(size, "–") for size in sizes) + " |")
    return lines


def targets_table(targets: list[dict]) -> list[str]:
    """One row per target with its measurement and status."""
    lines = ["| target | measured | status |", "|---|---|---|"]
    lines += [f"| {target['target']} | {target['measured']} | {target['status']} |" for target in targets]
    return lines


def number(value: float | None, digits: int = 1) -> str:
    """Format a number, or an en dash when there is none."""
    return "–" if value is None else f"{value:.{digits}f}"


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_RECORD
    print(format_tables(json.loads(path.read_text(encoding="utf-8"))))
