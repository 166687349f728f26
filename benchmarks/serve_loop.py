"""The curator's loop, measured as a person meets it: save a file, wait until the browser shows it.

For each size, a real ``catalog serve`` runs on a synthetic catalog (``synthesize.py``) and a
real Chromium page (Debian's chromium, through Playwright) shows the page that lists the edited
paper. The script then saves a changed title into a listing and times how long, from the save,
until that page shows the new title (the server rebuilds, the page reloads). It does the same
with a bare ``mkdocs serve`` of as many plain Markdown pages (the baseline of ``run.py``),
editing one page's title. It also measures the first build of ``catalog serve`` (from start to
the first answer) and the server's CPU use while idle.

Usage: .venv/bin/python benchmarks/serve_loop.py [--sizes seeds,2000,10000] [--edits 3]
Prints a table and writes ``benchmarks/results/serve_loop.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import OUT, ROOT, make_baseline, make_project, progress  # noqa: E402
from synthesize import synthesize  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
RESULTS = HERE / "results" / "serve_loop.json"
IDLE_SECONDS = 10.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time an edit under catalog serve, to the browser.")
    parser.add_argument("--sizes", default="seeds,2000,10000")
    parser.add_argument("--edits", type=int, default=3, help="edits timed per size (the median is reported)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds allowed for a build or a change")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    runs = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in args.sizes.split(","):
            runs.append(measure_size(size.strip(), args, browser))
        browser.close()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"runs": runs}, indent=2) + "\n", encoding="utf-8")
    print(format_table(runs))
    return 0


def measure_size(size: str, args: argparse.Namespace, browser) -> dict:
    """Serve one size with the catalog, then its baseline, timing edits in the browser."""
    if size in ("seeds", "364"):
        seeds = ROOT / "seeds"
    else:
        seeds = OUT / f"serve-seeds-{size}"
        if not seeds.is_dir():
            progress(f"{size}: synthesizing")
            synthesize(int(size), seeds)
    project = make_project(seeds, OUT / f"serve-project-{size}")
    progress(f"{size}: generating the Markdown tree once, to choose the edits and make the baseline")
    subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "generate", "--no-cache", "--out",
                    str(project / "build" / "docs")], check=True, capture_output=True)
    edits = [("listing", listing_edit)] * args.edits + [("abstract", abstract_edit), ("themes.yml", themes_edit),
                                                         ("template", template_edit)]
    catalog = serve_and_edit(project, catalog_command(project), edits, args, browser, f"{size} catalog")
    baseline = make_baseline(project / "build" / "docs" / "catalog.json", OUT / f"serve-baseline-{size}")
    bare = serve_and_edit(baseline, bare_command(baseline), [("page", page_edit)] * args.edits, args, browser,
                          f"{size} baseline")
    papers = json.loads((project / "build" / "docs" / "catalog.json").read_text(encoding="utf-8"))["papers"]
    return {"size": size, "papers": len(papers), "catalog": catalog, "baseline": bare}


def catalog_command(project: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "--root", str(project), "serve"]


def bare_command(project: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "--livereload"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_and_edit(project: Path, command: list[str], edits: list, args: argparse.Namespace, browser,
                   label: str) -> dict:
    """Start a server, wait for its first build, time each (kind, edit) in the browser, stop it."""
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=f"http://127.0.0.1:{port}/")
    log_path = project / "serve.log"
    progress(f"{label}: first build under serve")
    started = time.monotonic()
    with log_path.open("w") as log:
        process = subprocess.Popen(command + ["--dev-addr", f"127.0.0.1:{port}"], cwd=project, env=env,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/", args.timeout)
        first_build = time.monotonic() - started
        # The address it serves at, with the site's path ("Serving on http://127.0.0.1:PORT/path/").
        base = re.search(r"Serving on (\S+)", log_path.read_text(encoding="utf-8", errors="replace")).group(1)
        base = base if base.endswith("/") else base + "/"
        time.sleep(2)
        idle = idle_cpu(process.pid)
        page = browser.new_page()
        timings: dict[str, list[float]] = {}
        for number, (kind, edit) in enumerate(edits):
            url, old, new, save = edit(project, number)
            page.goto(base + url)
            page.wait_for_function("t => document.body.innerText.includes(t)", arg=old, timeout=args.timeout * 1000)
            time.sleep(1)
            saved = time.monotonic()
            save()
            page.wait_for_function("t => document.body.innerText.includes(t)", arg=new, timeout=args.timeout * 1000)
            timings.setdefault(kind, []).append(round(time.monotonic() - saved, 2))
            progress(f"{label}: {kind} edit {number + 1} visible after {timings[kind][-1]} s")
            settle(log_path, args.timeout)
        page.close()
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    text = log_path.read_text(encoding="utf-8", errors="replace")
    first_kind = edits[0][0]
    searches = [float(seconds) for seconds in re.findall(r"search index updated in ([0-9.]+) s", text)]
    return {"first_build_s": round(first_build, 1), "edit_s": timings[first_kind],
            "edit_median_s": statistics.median(timings[first_kind]), "edits_by_kind": timings,
            "search_after_s": searches, "rebuild_lines": re.findall(r"catalog: rebuilt in [^\n]*", text),
            "idle_cpu_percent": idle, "builds": text.count("Building documentation")}


def settle(log_path: Path, timeout: float) -> None:
    """Wait until the server is idle again: a rebuild's Pagefind run (if any) done, then two seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log_path.read_text(encoding="utf-8", errors="replace")
        rebuilt, indexed = text.count("catalog: rebuilt in"), text.count("search index updated in")
        if "search with pagefind" not in text or indexed >= rebuilt:
            break
        time.sleep(0.5)
    time.sleep(2)


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urlopen(url, timeout=2):
                return
        except (URLError, ConnectionError, OSError):
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def idle_cpu(pid: int) -> float:
    """Return the CPU the server's process group used while idle, as a percentage of one core."""
    before = group_cpu_ticks(pid)
    time.sleep(IDLE_SECONDS)
    return round(100 * (group_cpu_ticks(pid) - before) / CLOCK_TICKS / IDLE_SECONDS, 1)


def group_cpu_ticks(pid: int) -> int:
    """Sum user and system CPU ticks of the process and its children (from /proc)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pid:  # the process group the server leads (start_new_session)
            total += int(fields[11]) + int(fields[12])  # utime and stime
    return total


def listing_edit(project: Path, number: int):
    """Change the title of a paper in a listing; return the listing's page, which shows it, and the change."""
    docs = project / "build" / "docs"
    papers = json.loads((docs / "catalog.json").read_text(encoding="utf-8"))["papers"]
    paper = papers[number * 7 % len(papers)]
    source = paper["sources"][0]
    listing = project / "seeds" / source["listing"]
    text = listing.read_text(encoding="utf-8")
    old = paper["title"]
    assert old in text, (old, listing)
    new = f"{old} (edited {number + 1})"
    page = next(path for path in sorted((docs / "listings").glob("*.md")) if path.name != "index.md"
                and f'>{old}<' in path.read_text(encoding="utf-8").replace("&amp;", "&"))
    return f"listings/{page.stem}/", old, new, lambda: listing.write_text(text.replace(old, new, 1), encoding="utf-8")


def abstract_edit(project: Path, number: int):
    """Change a sentence of a paper's abstract; return the paper's page, which shows it, and the change."""
    docs = project / "build" / "docs"
    papers = json.loads((docs / "catalog.json").read_text(encoding="utf-8"))["papers"]
    paper = papers[(number * 11 + 3) % len(papers)]  # not one whose title a listing edit changed
    listing = project / "seeds" / paper["sources"][0]["listing"]
    text = listing.read_text(encoding="utf-8")
    start = text.index(paper["title"])
    old = next(word for word in paper["abstract"].split() if len(word) > 6 and word.isalpha() and word in text[start:])
    new = f"{old}-edited{number + 1}"
    at = text.index(old, start)  # in this paper's abstract, after its title
    edited = text[:at] + new + text[at + len(old):]
    return paper["url"], old, new, lambda: listing.write_text(edited, encoding="utf-8")


def themes_edit(project: Path, number: int):
    """Rename the first theme in themes.yml; the themes page shows the new name."""
    themes = project / "themes.yml"
    text = themes.read_text(encoding="utf-8")
    old = re.search(r"^    name: (.+)$", text, re.MULTILINE).group(1).strip()
    new = f"{old} renamed{number + 1}"
    return "themes/", old, new, lambda: themes.write_text(text.replace(f"name: {old}", f"name: {new}", 1),
                                                          encoding="utf-8")


def template_edit(project: Path, number: int):
    """Change a heading of the paper page template; every paper page shows it."""
    template = project / "site_templates" / "paper.md.j2"
    text = template.read_text(encoding="utf-8")
    docs = project / "build" / "docs"
    papers = json.loads((docs / "catalog.json").read_text(encoding="utf-8"))["papers"]
    paper = papers[len(papers) // 2 + 1]  # one the listing and abstract edits left alone
    old, new = "Related papers", f"Related papers, edit {number + 1}"
    return paper["url"], old, new, lambda: template.write_text(text.replace(old, new, 1), encoding="utf-8")


def page_edit(project: Path, number: int):
    """Change the title of one plain page of the baseline."""
    page = sorted((project / "docs" / "papers").glob("*.md"))[number]
    text = page.read_text(encoding="utf-8")
    old = text.splitlines()[0].removeprefix("# ")
    new = f"{old} (edited {number + 1})"
    return f"papers/{page.stem}/", old, new, lambda: page.write_text(text.replace(old, new, 1), encoding="utf-8")


def format_table(runs: list[dict]) -> str:
    lines = ["| papers | first build under serve s | listing edit → visible s (median) | abstract edit s | "
             "themes.yml edit s | template edit s | search index after s | idle CPU % | builds | "
             "bare mkdocs serve: first build s | page edit → visible s | idle CPU % | ratio |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for run in runs:
        catalog, bare = run["catalog"], run["baseline"]
        kinds = catalog.get("edits_by_kind", {})
        ratio = catalog["edit_median_s"] / bare["edit_median_s"] if bare["edit_median_s"] else float("nan")
        one = lambda kind: f"{statistics.median(kinds[kind]):.1f}" if kinds.get(kind) else "–"  # noqa: E731
        search = f"{statistics.median(catalog['search_after_s']):.1f}" if catalog.get("search_after_s") else "–"
        lines.append(f"| {run['papers']:,} | {catalog['first_build_s']} | {catalog['edit_median_s']:.1f} "
                     f"({', '.join(map(str, catalog['edit_s']))}) | {one('abstract')} | {one('themes.yml')} | "
                     f"{one('template')} | {search} | {catalog['idle_cpu_percent']} | {catalog['builds']} | "
                     f"{bare['first_build_s']} | {bare['edit_median_s']:.1f} | {bare['idle_cpu_percent']} | {ratio:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
