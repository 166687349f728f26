"""Measure one run in this (fresh) process and print the numbers as JSON on stdout.

``run.py`` starts this script once per measurement, so each has its own peak RSS:

* ``generator PROJECT``: ``generator.build.run`` on the project, timed stage by stage;
* ``mkdocs PROJECT``: ``mkdocs build`` in this process (as ``python -m mkdocs build`` would
  run it), timing the generator run that the paper-catalog plugin makes when MkDocs collects
  its files (a cache hit when the generator measurement ran just before, on the same inputs);
* ``baseline PROJECT``: ``mkdocs build`` of a project without the generator.

Stages are timed by wrapping the public stage functions where ``generator.build`` calls them,
so the pipeline measured is the real one, run once. A stage the orchestrator no longer calls
under that name shows up as missing rather than as a wrong number.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import sys
import time
from pathlib import Path

STAGES = ("read_listings", "normalize_records", "merge_duplicates", "assign_slugs", "load_taxonomy",
          "assign_themes", "vectorize_papers", "search_related", "place_papers", "render_outputs", "write_cache")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def main(argv: list[str] | None = None) -> int:
    """Run the requested measurement and print it as one JSON object."""
    parser = argparse.ArgumentParser(description="Measure one generator or MkDocs run (used by run.py).")
    parser.add_argument("mode", choices=("generator", "mkdocs", "baseline"))
    parser.add_argument("project", type=Path)
    args = parser.parse_args(argv)
    project = args.project.resolve()
    # As `python -m mkdocs` run in the project folder would (the generator is the installed package).
    sys.path.insert(0, str(project))
    os.chdir(project)
    timings: list[dict] = []
    if args.mode == "baseline":
        result = measure_mkdocs(project, None)
    else:
        started = time.perf_counter()
        from generator import build  # noqa: PLC0415 (timed on purpose)
        import_seconds = time.perf_counter() - started
        wrap_stages(build, timings)
        result = measure_generator(build, project) if args.mode == "generator" else measure_mkdocs(project, build)
        result.update(import_seconds=round(import_seconds, 3))
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    result.update(stages=timings, peak_rss_mb=round(workers_bound_mb(), 1), cpu_seconds=round(time.process_time(), 3),
                  parent_peak_rss_mb=round(peak_rss_mb(), 1),
                  worker_peak_rss_mb=round(workers.ru_maxrss / 1024, 1),
                  worker_cpu_seconds=round(workers.ru_utime + workers.ru_stime, 3))
    json.dump(result, sys.stdout)
    return 0


def wrap_stages(build, timings: list[dict]) -> None:
    """Replace each stage function that ``generator.build`` calls with a timed wrapper."""
    for name in STAGES:
        function = getattr(build, name, None)
        if function is not None:
            setattr(build, name, timed(name, function, timings))


def timed(name: str, function, timings: list[dict]):
    """Return ``function`` wrapped to record its wall time, RSS after it and the peak RSS so far."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = function(*args, **kwargs)
        timing = {"stage": name, "seconds": round(time.perf_counter() - started, 4),
                  "cpu_seconds": round(time.process_time() - cpu_started, 4),
                  "rss_after_mb": round(current_rss_mb(), 1), "peak_rss_mb": round(peak_rss_mb(), 1)}
        timings.append(timing)
        # One line per stage on stderr, so a run stopped by the timeout still tells how far it got.
        print(json.dumps(timing), file=sys.stderr, flush=True)
        return result
    return wrapper


def measure_generator(build, project: Path) -> dict:
    """Run the generator once on the project, as the MkDocs plugin runs it (pages kept in memory,
    the cache written), and describe what it did."""
    from generator.plugin.site_config import read_site_config  # noqa: PLC0415
    from generator.settings import load_settings  # noqa: PLC0415

    settings, problems = load_settings(project, read_site_config(project / "mkdocs.yml"))
    started, cpu_started = time.perf_counter(), time.process_time()
    report = build.run(settings, problems)
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 3), "run_cpu_seconds": round(time.process_time() - cpu_started, 3),
            "papers": len(report.catalog.papers),
            "records": sum(len(listing.records) for listing in report.catalog.listings),
            "listings": len(report.catalog.listings), "errors": report.errors, "warnings": report.warnings,
            "reused": report.reused, "files_written": 0}  # pages stay in memory, as in the plugin


def measure_mkdocs(project: Path, build) -> dict:
    """Run ``mkdocs build`` in this process; time the whole build and the generator run of its plugin."""
    from mkdocs.__main__ import cli  # noqa: PLC0415

    hook_runs: list[dict] = []
    if build is not None:
        original_run = build.run

        @functools.wraps(original_run)
        def timed_run(*args, **kwargs):
            started, cpu_started = time.perf_counter(), time.process_time()
            report = original_run(*args, **kwargs)
            hook_runs.append({"seconds": round(time.perf_counter() - started, 3),
                              "run_cpu_seconds": round(time.process_time() - cpu_started, 3),
                              "papers": len(report.catalog.papers), "peak_rss_mb": round(peak_rss_mb(), 1),
                              "reused": report.reused, "files_written": 0})  # the plugin writes no file
            return report

        build.run = timed_run
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    started = time.perf_counter()
    try:
        cli.main(["build", "--quiet", "-f", str(project / "mkdocs.yml")], standalone_mode=False)
        status = "ok"
    except SystemExit as error:
        status = f"exit {error.code}"
    seconds = time.perf_counter() - started
    hook_seconds = sum(run["seconds"] for run in hook_runs)
    return {"status": status, "seconds": round(seconds, 3), "hook_seconds": round(hook_seconds, 3),
            "mkdocs_only_seconds": round(seconds - hook_seconds, 3), "hook_runs": hook_runs}


def current_rss_mb() -> float:
    """Return this process's resident set size now, in MB."""
    with open("/proc/self/statm", encoding="ascii") as stream:
        return int(stream.read().split()[1]) * PAGE_SIZE / 2**20


def peak_rss_mb() -> float:
    """Return this process's peak resident set size so far, in MB (Linux reports KB). Its forked
    workers are not in it: run.py samples the memory of the whole process tree from outside."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def workers_bound_mb() -> float:
    """Return an upper bound of the memory with workers: this process's peak plus the largest
    child's peak once per worker the generator may use (workers share the parent's pages until
    they write them, and the largest child may be Pagefind, so this is on the high side)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    try:
        from generator import parallel  # noqa: PLC0415
        workers = parallel.worker_count() if children else 0
    except ImportError:  # the baseline project has no generator
        workers = 0
    return peak_rss_mb() + workers * children / 1024


if __name__ == "__main__":
    sys.exit(main())
