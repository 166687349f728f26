"""Build the fixture site once per session, serve it under a sub-path, and drive Debian's chromium."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sitebuild import DATA, build_site, make_project

CHROMIUM = "/usr/bin/chromium"
PREFIX = "paper-catalog"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without logging every request."""

    def log_message(self, format, *args):  # noqa: A002 - the base class names it so
        return


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve a folder on a free loopback port in a background thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def build_served_site(work: Path, seeds: Path) -> Path:
    """Build a site from a folder of listings; return the folder that holds it under PREFIX."""
    project = make_project(seeds, work / "project")
    result = build_site(project, f"http://127.0.0.1/{PREFIX}/")
    assert result.returncode == 0, result.stdout + result.stderr
    served = work / "served"
    served.mkdir()
    shutil.copytree(project / "site", served / PREFIX)
    return served


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Build the fixture listings into a site once per session."""
    return build_served_site(tmp_path_factory.mktemp("site"), DATA / "fixture_seeds")


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """Serve the built site under ``/paper-catalog/`` and return its base URL."""
    server, base = serve(built_site)
    yield f"{base}/{PREFIX}/"
    server.shutdown()


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """Build the hostile listings (HTML, script, Markdown, Jinja, TeX in titles) once per session."""
    return build_served_site(tmp_path_factory.mktemp("hostile"), DATA / "hostile_seeds")


@pytest.fixture(scope="session")
def hostile_url(hostile_site: Path):
    """Serve the hostile site under ``/paper-catalog/`` and return its base URL."""
    server, base = serve(hostile_site)
    yield f"{base}/{PREFIX}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Launch Debian's chromium through Playwright (never a downloaded browser)."""
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """Open a fresh page that records console errors and failed requests in ``page.problems``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = watch_problems(context.new_page())
    yield page
    context.close()


def watch_problems(page):
    """Record the page's console errors, script errors and dialogs (dismissed) in ``page.problems``."""
    page.problems = []
    page.on("console", lambda message: page.problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("dialog", lambda dialog: (page.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    return page


def axe_violations(page, axe_source: str) -> list[str]:
    """Run axe-core on the page as it is now; return each violation (any impact) as one line."""
    page.add_script_tag(content=axe_source)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{violation['id']} ({violation['impact']}): {violation['help']} — "
            + "; ".join(node["target"][0] for node in violation["nodes"][:3])
            for violation in results["violations"]]
