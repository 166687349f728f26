"""`catalog serve`: editing a listing rebuilds the site once and the open browser page reloads."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import pytest
from playwright.sync_api import expect

from sitebuild import DATA, make_project

OLD_TITLE = "Local Learning with Auxiliary Networks"
NEW_TITLE = "Local Learning with Auxiliary Heads"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urlopen(url, timeout=2):
                return
        except (URLError, ConnectionError, OSError):
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


@pytest.fixture
def served_project(tmp_path: Path):
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    port = free_port()
    temporary = tmp_path / "tmp"  # where serve makes its site folder (and its rebuilds their stash)
    temporary.mkdir()
    env = dict(os.environ, SITE_URL=f"http://127.0.0.1:{port}/", NO_MKDOCS_2_WARNING="1", TMPDIR=str(temporary))
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(project), "serve",
                                "--dev-addr", f"127.0.0.1:{port}"], cwd=project, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/", 90)
        yield project, f"http://127.0.0.1:{port}/", tmp_path / "serve.log"
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
    with pytest.raises(URLError):
        urlopen(f"http://127.0.0.1:{port}/", timeout=2)
    assert list(temporary.iterdir()) == [], "serve leaves no temporary folder behind"


def test_editing_a_listing_rebuilds_once_and_reloads_the_browser(page, served_project):
    project, url, log = served_project
    page.goto(url + "listings/01-flat/")
    expect(page.locator("td a").first).to_have_text(OLD_TITLE)
    time.sleep(3)
    text = log.read_text()
    assert text.count("Building documentation") == 1 and "Reloading browsers" not in text, text
    reloads = []
    # A reload is a new document in the main frame (counted when it commits; its load follows).
    page.on("framenavigated", lambda frame: reloads.append(time.monotonic()) if frame == page.main_frame else None)
    listing = project / "seeds" / "01_flat.txt"
    listing.write_text(listing.read_text(encoding="utf-8").replace(OLD_TITLE, NEW_TITLE), encoding="utf-8")
    expect(page.locator("td a").first).to_have_text(NEW_TITLE, timeout=60000)
    page.wait_for_load_state("load", timeout=30000)  # and the reloaded page finishes loading
    time.sleep(6)  # long enough for a second rebuild, set off by the first one's writes, to show
    text = log.read_text()
    assert text.count("Building documentation") == 2, f"one edit must cause exactly one rebuild:\n{text}"
    assert text.count("Reloading browsers") == 1 and len(reloads) == 1, (reloads, text)
    # The terminal says what set the rebuild off and how long it took.
    assert "catalog: rebuilding: seeds/01_flat.txt changed" in text, text
    assert re.search(r"catalog: rebuilt in \d+\.\d s \(seeds/01_flat\.txt changed; 6 papers built again; "
                     r"\d+ pages rendered, [1-9]\d* unchanged pages reused\)", text), text
    assert list((project / "docs").iterdir()) == [], "the plugin writes nothing into the watched docs folder"


def test_stopping_catalog_serve_stops_the_server(served_project):
    _, url, _ = served_project
    with urlopen(url, timeout=5) as response:
        assert response.status == 200
