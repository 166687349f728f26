"""How fast the all-papers filter answers in a real browser, on a built site.

``run.py`` calls :func:`measure_filter` on each size's built site: it serves ``site/`` over
HTTP, opens ``papers/`` in Debian's Chromium (driven by Playwright), types a word into the
filter, and times, inside the page, how long until the table is filtered and the next frame is
painted. It repeats that for a few words and the cleared box, and reports the median and the
slowest. Run on its own: ``python benchmarks/filter_timing.py benchmarks/out/project-10000/site``.
"""

from __future__ import annotations

import functools
import json
import statistics
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
QUERIES = ("learning", "graph", "federated", "a", "zzzz-no-match", "")
TIME_ONE_QUERY = """async (query) => {
  const form = document.querySelector("form.catalog-filter");
  const input = form.querySelector("input[name=text]");
  const count = form.querySelector(".catalog-filter-count");
  const started = performance.now();
  input.value = query;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  const filtered = performance.now();
  await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return {filter_ms: filtered - started, painted_ms: performance.now() - started, count: count.textContent};
}"""


def measure_filter(site: Path) -> dict:
    """Time the all-papers filter on a built site; return milliseconds, or why it was not measured."""
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415
    except ImportError:
        return {"status": "playwright is not installed (pip install -e '.[test]')"}
    if not Path(CHROMIUM).is_file():
        return {"status": f"no browser at {CHROMIUM} (apt-get install chromium)"}
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/papers/")
            page.wait_for_selector("form.catalog-filter:not([hidden])")
            rows = page.locator("#paper-table tbody tr").count()
            timings = [page.evaluate(TIME_ONE_QUERY, query) for query in QUERIES]
            browser.close()
    finally:
        server.shutdown()
    painted = [timing["painted_ms"] for timing in timings]
    return {"status": "ok", "rows": rows, "queries": list(QUERIES),
            "median_painted_ms": round(statistics.median(painted), 1), "slowest_painted_ms": round(max(painted), 1),
            "slowest_filter_ms": round(max(timing["filter_ms"] for timing in timings), 1),
            "counts": [timing["count"] for timing in timings]}


class QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without logging each request."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Say nothing."""


if __name__ == "__main__":
    print(json.dumps(measure_filter(Path(sys.argv[1])), indent=2))
