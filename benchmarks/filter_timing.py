"""How fast the all-papers filter answers in a real browser, on a built site.

``run.py`` calls :func:`measure_filter` on each size's built site: it serves ``site/`` over
HTTP, opens ``papers/`` in Debian's Chromium (driven by Playwright), types a word into the
filter, and times, inside the page, how long until the filter has drawn its rows (the script
fires ``catalog-filter-drawn``) and the next frame is painted. The first query includes the
fetch and parsing of the filter's data file (``papers/filter.json``), which the page loads only
when the filter is first used; it is reported on its own (``first_painted_ms``) and in the
slowest. Then a few more words, a sort, and the cleared box. Run on its own:
``python benchmarks/filter_timing.py benchmarks/out/project-10000/site``.
"""

from __future__ import annotations

import functools
import gzip
import json
import statistics
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
QUERIES = ("learning", "graph", "federated", "a", "zzzz-no-match", "neural network", "")
TIME_ONE_QUERY = """async ([query, sort]) => {
  const form = document.querySelector("form.catalog-filter");
  const input = form.querySelector("input[name=text]");
  const count = form.querySelector(".catalog-filter-count");
  const started = performance.now();
  const drawn = new Promise(resolve => form.addEventListener("catalog-filter-drawn", resolve, {once: true}));
  if (sort) {
    document.querySelector(`#paper-table th[data-sort=${sort}] button`).click();
  } else {
    input.value = query;
    input.dispatchEvent(new Event("input", {bubbles: true}));
  }
  await drawn;
  const filtered = performance.now();
  await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return {filter_ms: filtered - started, painted_ms: performance.now() - started, count: count.textContent,
          rows: document.querySelectorAll("#paper-table tbody tr").length};
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
            steps = [(query, "") for query in QUERIES[:-1]] + [("", "title"), ("", "upvotes"), (QUERIES[-1], "")]
            timings = [page.evaluate(TIME_ONE_QUERY, list(step)) for step in steps]
            data_file = site / "papers" / page.get_attribute("form.catalog-filter", "data-filter-data")
            browser.close()
    finally:
        server.shutdown()
    data = data_file.read_bytes()  # filter.json.gz from compact_exports_from papers on
    papers = len(json.loads(gzip.decompress(data) if data_file.suffix == ".gz" else data)["papers"])
    data_bytes = len(data)
    painted = [timing["painted_ms"] for timing in timings]
    return {"status": "ok", "rows": papers, "page_rows": rows, "data_bytes": data_bytes,
            "steps": [query or f"sort by {sort}" if sort else query for query, sort in steps],
            "first_painted_ms": round(painted[0], 1),
            "median_painted_ms": round(statistics.median(painted), 1), "slowest_painted_ms": round(max(painted), 1),
            "slowest_filter_ms": round(max(timing["filter_ms"] for timing in timings), 1),
            "painted_ms": [round(value, 1) for value in painted],
            "filter_ms": [round(timing["filter_ms"], 1) for timing in timings],
            "counts": [timing["count"] for timing in timings], "drawn_rows": [timing["rows"] for timing in timings]}


class QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without logging each request."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Say nothing."""


if __name__ == "__main__":
    print(json.dumps(measure_filter(Path(sys.argv[1])), indent=2))
