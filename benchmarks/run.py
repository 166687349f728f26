"""Benchmark the generator and the MkDocs build at several catalog sizes; compare with the targets.

For each size: synthesize the listings (``seeds`` means the real seed listings), lay out a
project copy like ``tests/sitebuild.make_project``, then, each in a fresh process
(``measure.py``) so each has its own peak RSS:

1. a full generator run, as the MkDocs plugin makes it (pages in memory), timed stage by stage;
2. ``mkdocs build``, whose plugin finds nothing changed and takes the generator's cached
   build (the MkDocs part is timed on its own); above ``--generator-only-above`` a second
   generator run stands in for the plugin's;
3. a bare baseline: the same papers as plain Markdown (title and abstract), same theme and
   search plugin, no hook, built with ``mkdocs build`` in the same session.

Prints Markdown tables and writes the record to ``benchmarks/results/latest.json``.

Usage: python benchmarks/run.py [--sizes seeds,2000,10000,50000] [--generator-only-above N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from filter_timing import measure_filter
from synthesize import synthesize
from targets import evaluate_targets

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
RESULTS = HERE / "results"
PROJECT_FILES = ("mkdocs.yml", "themes.yml", "pyproject.toml")
PROJECT_FOLDERS = ("site_templates",)
GENERATED_CATALOG = Path("site") / "catalog.json"  # the catalog the MkDocs build published
DEFAULT_SIZES = "seeds,2000,10000,50000"
SEEDS_PAPERS = 364
BASELINE_CONFIG = """site_name: Baseline
site_url: https://example.github.io/baseline/
theme:
  name: material
  font: false
plugins:
  - search
nav:
  - Home: index.md
not_in_nav: |
  /papers/*
"""


SAMPLE_SECONDS = 0.05


def main(argv: list[str] | None = None) -> int:
    """Run every size, print the tables, write the JSON record."""
    parser = argparse.ArgumentParser(description="Benchmark the generator and mkdocs build.")
    parser.add_argument("--sizes", default=DEFAULT_SIZES,
                        help=f"comma-separated paper counts; 'seeds' or {SEEDS_PAPERS} = the real seeds "
                             f"(default {DEFAULT_SIZES})")
    parser.add_argument("--generator-only-above", type=int, default=None, metavar="N",
                        help="skip the MkDocs builds for sizes above N papers")
    parser.add_argument("--single-pass-above", type=int, default=None, metavar="N",
                        help="above N papers, run the generator only once, inside the MkDocs build "
                             "(its stage times and peak RSS come from the hook run; no regeneration measured)")
    parser.add_argument("--pagefind-sizes", default="2000,10000", metavar="SIZES",
                        help="comma-separated sizes that also get a build with search = \"pagefind\" "
                             "(default 2000,10000; '' for none)")
    parser.add_argument("--repeat", type=int, default=3, metavar="N",
                        help="full rounds (generator, MkDocs, baseline) per size, reported as medians (default 3)")
    parser.add_argument("--repeat-up-to", type=int, default=10000, metavar="PAPERS",
                        help="sizes above this many papers run one round (default 10000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed for the synthetic listings")
    parser.add_argument("--timeout", type=float, default=None, help="seconds allowed to each measured process")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json", help="where to write the JSON record")
    parser.add_argument("--merge-from", type=Path, action="append", default=[], metavar="RECORD",
                        help="also include the runs of an earlier record (for sizes measured separately)")
    args = parser.parse_args(argv)
    started = dt.datetime.now(dt.timezone.utc)
    runs = [run for path in args.merge_from for run in json.loads(path.read_text(encoding="utf-8"))["runs"]]
    for label in [part.strip() for part in args.sizes.split(",") if part.strip()]:
        runs.append(run_size(label, args))
        write_record(args.output, started, runs)  # keep what is done if a later size fails
    record = write_record(args.output, started, runs)
    print(format_report(record))
    return 0


def run_size(label: str, args: argparse.Namespace) -> dict:
    """Measure one size: generator, regeneration, MkDocs build, baseline and site sizes."""
    real_seeds = label in ("seeds", str(SEEDS_PAPERS))
    size = SEEDS_PAPERS if real_seeds else int(label)
    name = "seeds" if real_seeds else str(size)
    seeds = ROOT / "seeds" if real_seeds else OUT / f"seeds-{size}-{args.seed}"
    if not real_seeds:
        progress(f"{name}: synthesizing {size} papers")
        synthesize(size, seeds, args.seed)
    project = make_project(seeds, OUT / f"project-{name}")
    result: dict = {"size": name, "requested_papers": size, "real_seeds": real_seeds}
    with_mkdocs = args.generator_only_above is None or size <= args.generator_only_above
    if with_mkdocs and args.single_pass_above is not None and size > args.single_pass_above:
        progress(f"{name}: mkdocs build with nothing cached (its plugin makes the one generator run)")
        result["mkdocs"] = measure("mkdocs", project, args.timeout)
        result["generator"] = generator_from_hook(result["mkdocs"])
    else:
        rounds = args.repeat if size <= args.repeat_up_to else 1
        generator_runs, mkdocs_runs, baseline_runs = [], [], []
        baseline = None
        for round_number in range(1, rounds + 1):
            of = f" (round {round_number} of {rounds})" if rounds > 1 else ""
            if round_number > 1:  # each round is a full run: a fresh copy, no cache, no site/
                project = make_project(seeds, OUT / f"project-{name}-round-{round_number}")
            progress(f"{name}: full generator run{of}")
            generator_runs.append(measure("generator", project, args.timeout))
            if not with_mkdocs:
                continue
            progress(f"{name}: mkdocs build (its plugin reuses the generator's cached build){of}")
            mkdocs_runs.append(measure("mkdocs", project, args.timeout))
            if baseline is None and (project / GENERATED_CATALOG).is_file():
                baseline = make_baseline(project / GENERATED_CATALOG, OUT / f"baseline-{name}")
            if baseline is not None:
                progress(f"{name}: baseline mkdocs build{of}")
                baseline_runs.append(measure("baseline", baseline, args.timeout))
        result["generator"] = median_run(generator_runs, "seconds")
        if with_mkdocs:
            result["mkdocs"] = median_run(mkdocs_runs, "mkdocs_only_seconds")
            result["regenerate"] = (result["mkdocs"].get("hook_runs") or [{}])[0]
            if baseline_runs:
                result["baseline"] = median_run(baseline_runs, "seconds")
                result["rounds"] = [{"generator_seconds": generator.get("seconds"),
                                     "mkdocs_only_seconds": mkdocs.get("mkdocs_only_seconds"),
                                     "baseline_seconds": bare.get("seconds")}
                                    for generator, mkdocs, bare in zip(generator_runs, mkdocs_runs, baseline_runs)]
        else:
            progress(f"{name}: second generator run (nothing changed); no MkDocs above {args.generator_only_above}")
            result["regenerate"] = measure("generator", project, args.timeout)
    if with_mkdocs and (project / "site" / "catalog.json").is_file():
        result["site"] = measure_site(project / "site")
        progress(f"{name}: timing the all-papers filter in Chromium")
        result["filter"] = measure_filter(project / "site")
        if "baseline" not in result:  # the single-pass mode: one baseline build
            baseline = make_baseline(project / "site" / "catalog.json", OUT / f"baseline-{name}")
            progress(f"{name}: baseline mkdocs build")
            result["baseline"] = measure("baseline", baseline, args.timeout)
        result["baseline_site"] = measure_site(OUT / f"baseline-{name}" / "site")
        if name in [part.strip() for part in args.pagefind_sizes.split(",")]:
            progress(f"{name}: mkdocs build with search = \"pagefind\" (regenerates: the settings changed)")
            result["pagefind"] = measure_pagefind(project, args.timeout)
    progress(f"{name}: done")
    return result


def median_run(runs: list[dict], key: str) -> dict:
    """Return the run with the median ``key`` (the lower middle of an even count), with every
    run's value alongside; a failed run is returned as it is, so the failure is reported."""
    failed = next((run for run in runs if run.get("status", "ok") != "ok"), None)
    if failed is not None or len(runs) == 1:
        return failed or runs[0]
    ordered = sorted(runs, key=lambda run: run[key])
    return {**ordered[(len(ordered) - 1) // 2], "runs_" + key: [run[key] for run in runs]}


def measure_pagefind(project: Path, timeout: float | None) -> dict:
    """Build the project again with Pagefind search; measure the build and what one query downloads."""
    pyproject = project / "pyproject.toml"
    original = pyproject.read_text(encoding="utf-8")
    changed = original.replace("[tool.paper-catalog]\n", '[tool.paper-catalog]\nsearch = "pagefind"\n', 1)
    if changed == original:
        raise SystemExit(f"{pyproject}: no [tool.paper-catalog] section to set search = \"pagefind\" in")
    pyproject.write_text(changed, encoding="utf-8")
    try:
        build = measure("mkdocs", project, timeout)
    finally:
        pyproject.write_text(original, encoding="utf-8")
    sys.path.insert(0, str(ROOT))
    from generator.budgets import measure_site as measure_search  # noqa: PLC0415

    sizes = measure_search(project / "site", "pagefind")
    return {"mkdocs": build, "site_bytes": sizes.site_bytes, "one_query_bytes": sizes.search_bytes,
            "index_bytes": sizes.index_bytes, "bundle_bytes": sizes.bundle_bytes}


def generator_from_hook(mkdocs: dict) -> dict:
    """Describe the generator run made by the MkDocs hook as a generator measurement."""
    hook = (mkdocs.get("hook_runs") or [None])[0]
    if mkdocs.get("status") != "ok" or hook is None:
        return {"status": mkdocs.get("status", "no hook run"), "stages": mkdocs.get("stages", [])}
    return {**hook, "status": "ok", "stages": mkdocs.get("stages", []), "import_seconds": mkdocs.get("import_seconds"),
            "note": "the hook run of the MkDocs build; peak RSS is that process's peak when the hook finished"}


def progress(message: str) -> None:
    """Say on stderr what the benchmark is doing, with the time, for whoever polls the log."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def make_project(seeds: Path, target: Path) -> Path:
    """Lay out a project like tests/sitebuild.make_project: this repo's configuration, the given seeds
    (the generator and its plugin are the installed package's)."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, target / name)
    for name in PROJECT_FOLDERS:
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(seeds, target / "seeds")
    (target / "docs").mkdir()
    return target


def make_baseline(catalog_json: Path, target: Path) -> Path:
    """Lay out the bare baseline: one plain Markdown page (title, abstract) per paper of the catalog."""
    papers = json.loads(catalog_json.read_text(encoding="utf-8"))["papers"]
    shutil.rmtree(target, ignore_errors=True)
    (target / "docs" / "papers").mkdir(parents=True)
    (target / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    (target / "docs" / "index.md").write_text(f"# Baseline\n\n{len(papers)} papers.\n", encoding="utf-8")
    for paper in papers:
        page = f"# {paper['title']}\n\n{paper['abstract']}\n"
        (target / "docs" / "papers" / f"{paper['id']}.md").write_text(page, encoding="utf-8")
    return target


def measure(mode: str, project: Path, timeout: float | None) -> dict:
    """Run measure.py in a fresh process; return its JSON, plus the wall time seen from outside
    and the peak memory of that process and its workers, sampled from outside (see peak_pss_mb)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL="https://example.github.io/paper-catalog/")
    # Let the disk finish what the last measurement (or a deleted project) wrote, so that it is
    # not charged to this one: at 10,000 papers a build leaves about 300 MB to flush.
    os.sync()
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        process = subprocess.Popen([sys.executable, str(HERE / "measure.py"), mode, str(project)], env=env,
                                   stdout=stdout, stderr=stderr, text=True)
        peak_pss = 0.0
        while process.poll() is None:
            peak_pss = max(peak_pss, tree_pss_mb(process.pid))
            if timeout is not None and time.perf_counter() - started > timeout:
                process.kill()
                process.wait()
                stderr.seek(0)
                return {"status": f"timed out after {timeout:.0f} s", "stages": finished_stages(stderr.read())}
            time.sleep(SAMPLE_SECONDS)
        outside = time.perf_counter() - started
        stdout.seek(0)
        stderr.seek(0)
        out, err = stdout.read(), stderr.read()
    if process.returncode != 0:
        return {"status": f"exit {process.returncode}", "stages": finished_stages(err), "stderr": err[-2000:]}
    result = json.loads(out)
    result.setdefault("status", "ok")
    result["process_seconds"] = round(outside, 3)
    # Peak memory: the sampled peak of the process tree's PSS, or the process's own peak RSS if
    # that is higher (a short spike between two samples).
    result["rss_bound_mb"] = result.get("peak_rss_mb")
    result["peak_pss_mb"] = round(peak_pss, 1)
    result["peak_rss_mb"] = round(max(peak_pss, result.get("parent_peak_rss_mb") or 0.0), 1)
    return result


def tree_pss_mb(pid: int) -> float:
    """Return the proportional set size of a process and its children, in MB (0 if it is gone).

    PSS splits each shared page between the processes that map it, so the sum is what the tree
    really holds: forked workers share most of their parent's memory."""
    total_kb = 0
    for member in [pid] + child_pids(pid):
        try:
            with open(f"/proc/{member}/smaps_rollup", encoding="ascii") as stream:
                total_kb += next((int(line.split()[1]) for line in stream if line.startswith("Pss:")), 0)
        except (OSError, ValueError):
            continue  # the process ended meanwhile
    return total_kb / 1024


def child_pids(pid: int) -> list[int]:
    """Return the pids of a process's children (its forked workers, or Pagefind)."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if fields[1] == str(pid):
                children.append(int(entry.name))
    return children


def finished_stages(stderr: str | bytes | None) -> list[dict]:
    """Return the stage timings a stopped measure.py printed before it was stopped."""
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr or ""
    return [json.loads(line) for line in text.splitlines() if line.startswith('{"stage"')]


def measure_site(site: Path) -> dict:
    """Measure a built site: total bytes, search index, mean paper page, largest HTML page."""
    if not site.is_dir():
        return {}
    files = [path for path in site.rglob("*") if path.is_file()]
    html = [(path.stat().st_size, path) for path in files if path.suffix == ".html"]
    paper_pages = [size for size, path in html if path.parent.parent.name == "papers" and path.name == "index.html"]
    largest_size, largest_path = max(html, default=(0, site))
    index = site / "search" / "search_index.json"
    return {"bytes": sum(path.stat().st_size for path in files), "files": len(files),
            "html_files": len(html),
            "search_index_bytes": index.stat().st_size if index.is_file() else None,
            "paper_pages": len(paper_pages),
            "mean_paper_page_bytes": round(sum(paper_pages) / len(paper_pages)) if paper_pages else None,
            "largest_html_bytes": largest_size, "largest_html_path": str(largest_path.relative_to(site))}


def machine_info() -> dict:
    """Describe the machine: CPU model, cores, RAM, Python and MkDocs versions."""
    cpu = next((line.split(":", 1)[1].strip() for line in read_lines("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    mem_kb = next((int(line.split()[1]) for line in read_lines("/proc/meminfo") if line.startswith("MemTotal")), 0)
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "numpy", "scikit-learn", "jinja2"):
        try:
            from importlib.metadata import version  # noqa: PLC0415
            versions[package] = version(package)
        except Exception:  # noqa: BLE001 (a missing package is just not reported)
            versions[package] = None
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(mem_kb / 2**20, 1),
            "python": platform.python_version(), "platform": platform.platform(), "packages": versions}


def read_lines(path: str) -> list[str]:
    """Return the lines of a system file, or none where it does not exist."""
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def git_commit() -> str | None:
    """Return the commit the benchmark ran on, marked dirty when the tree has changes."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "generator", "site_templates",
                                "themes.yml", "mkdocs.yml"], cwd=ROOT, capture_output=True, text=True).stdout
        return commit + ("-dirty" if dirty.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return None


def write_record(path: Path, started: dt.datetime, runs: list[dict]) -> dict:
    """Write the JSON record of this session and return it."""
    record = {"started": started.isoformat(timespec="seconds"), "commit": git_commit(),
              "machine": machine_info(), "runs": sorted(runs, key=lambda run: run["requested_papers"]),
              "targets": evaluate_targets(runs)}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return record


def format_report(record: dict) -> str:
    """Return the Markdown tables: results per size, time per stage, targets."""
    from report import format_tables  # noqa: PLC0415

    return format_tables(record)


if __name__ == "__main__":
    sys.exit(main())
