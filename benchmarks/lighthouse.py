"""Lighthouse (mobile) scores of a built catalog site: home, a paper, a theme and all papers.

Lighthouse comes from npm (installed into ``benchmarks/out/lighthouse`` on first use, a pinned
version that runs on Debian's Node.js 20) and drives Debian's Chromium (``CHROME_PATH``); no
browser is downloaded. The site is served from a local HTTP server that compresses text with
gzip as GitHub Pages does, so transfer sizes are the ones a visitor downloads. Lighthouse's
default preset is the mobile one: a phone-sized screen, a 4x slower CPU and a slow 4G network,
simulated. Each page is measured ``--runs`` times; the median run (by performance score) is kept.

Run: ``python benchmarks/lighthouse.py benchmarks/out/project-seeds/site --label seeds``; the
results are printed and merged into ``benchmarks/results/lighthouse.json`` under the label.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import statistics
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOOLS = HERE / "out" / "lighthouse"
LIGHTHOUSE_VERSION = "12.8.2"  # 13 needs Node.js 22; Debian's is 20
CHROMIUM = "/usr/bin/chromium"
RESULTS = HERE / "results" / "lighthouse.json"
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".bib", ".map")
AUDITS = ("total-blocking-time", "largest-contentful-paint", "first-contentful-paint", "cumulative-layout-shift",
          "dom-size", "total-byte-weight")


class GzipHandler(SimpleHTTPRequestHandler):
    """Serve files quietly; text files gzipped when the browser accepts it, as GitHub Pages does."""

    compress = True

    def log_message(self, format: str, *args: object) -> None:
        """Say nothing."""

    def send_head(self):
        """Send the file gzipped where that is what a static host would do; else as the base class does."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        if (not self.compress or not path.is_file() or path.suffix not in COMPRESSED
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return BytesIO(body)


def lighthouse_command() -> list[str]:
    """Return the command that runs Lighthouse, installing it from npm the first time."""
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if not binary.is_file():
        TOOLS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(TOOLS),
                        f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True)
    return [str(binary)]


def pages_of(site: Path) -> dict[str, str]:
    """Pick the measured pages of a built site: home, its first paper, its largest theme, all papers."""
    catalog_file = site / "catalog.json"
    if catalog_file.is_file():
        catalog = json.loads(catalog_file.read_text(encoding="utf-8"))
    else:
        catalog = json.loads(gzip.decompress((site / "catalog.json.gz").read_bytes()))
    paper = catalog["papers"][0]["url"]
    largest = max(catalog["themes"], key=lambda theme: (theme["papers"], theme["id"]))
    theme = f"themes/{largest['id']}/"
    return {"home": "", "paper": paper, "theme": theme, "all papers": "papers/"}


def run_once(command: list[str], url: str) -> dict:
    """Run Lighthouse on one address; return the scores and the audits a person waits on."""
    result = subprocess.run(
        [*command, url, "--output=json", "--output-path=stdout", "--quiet",
         "--only-categories=performance,accessibility",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"],
        capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, check=False)
    if result.returncode != 0:
        return {"error": (result.stderr.strip().splitlines() or ["lighthouse failed"])[-1]}
    report = json.loads(result.stdout)
    if report.get("runtimeError"):
        return {"error": report["runtimeError"].get("message", "runtime error")}
    measured = {"performance": round(report["categories"]["performance"]["score"] * 100),
                "accessibility": round(report["categories"]["accessibility"]["score"] * 100)}
    for audit in AUDITS:
        value = report["audits"].get(audit, {}).get("numericValue")
        measured[audit] = round(value, 3 if audit == "cumulative-layout-shift" else 0) if value is not None else None
    measured["failing accessibility audits"] = sorted(
        key for key, audit in report["audits"].items()
        if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0
        and key in {ref["id"] for ref in report["categories"]["accessibility"]["auditRefs"]})
    return measured


class PlainHandler(GzipHandler):
    """Serve every file as it is, without compression (a host that does not compress)."""

    compress = False


def measure(site: Path, runs: int, compress: bool = True) -> dict:
    """Serve ``site`` and measure each page ``runs`` times; keep the median run of each."""
    command = lighthouse_command()
    handler = GzipHandler if compress else PlainHandler
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results = {}
    try:
        for name, path in pages_of(site).items():
            attempts = [run_once(command, base + path) for _ in range(runs)]
            good = [attempt for attempt in attempts if "error" not in attempt]
            if not good:
                results[name] = {"path": path, "error": attempts[-1]["error"]}
                continue
            median = statistics.median_low(attempt["performance"] for attempt in good)
            chosen = next(attempt for attempt in good if attempt["performance"] == median)
            results[name] = {"path": path, **chosen, "performance runs": [attempt["performance"] for attempt in good]}
    finally:
        server.shutdown()
    return results


def main(argv: list[str] | None = None) -> int:
    """Measure a built site and record it under its label."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site/ folder (served from its root)")
    parser.add_argument("--label", required=True, help="the name of the measurement, e.g. seeds or 10000")
    parser.add_argument("--runs", type=int, default=3, help="runs per page (the median is kept)")
    parser.add_argument("--no-gzip", action="store_true",
                        help="serve files uncompressed (a host that does not compress; recorded as <label> uncompressed)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).is_file():
        print(f"no browser at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: not a built site (no index.html)", file=sys.stderr)
        return 2
    results = measure(args.site, args.runs, compress=not args.no_gzip)
    print(json.dumps(results, indent=2))
    recorded = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    recorded[args.label + (" uncompressed" if args.no_gzip else "")] = results
    RESULTS.write_text(json.dumps(recorded, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
