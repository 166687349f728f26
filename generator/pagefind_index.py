"""Search with Pagefind instead of Material's search plugin (``search = "pagefind"``).

Material's search index holds the text of every page in one JSON file that each visitor who
searches downloads whole: several MB at 10,000 papers. Pagefind indexes the built site in
chunks, and a query fetches only the chunks of its words. The paper template marks what is
indexed (``data-pagefind-body``, ``-filter``, ``-meta``, ``-weight``); the search page is the
theme's ``search/index.html``, which loads the Pagefind UI from the generated bundle. The
plugin turns Material's search off and runs :func:`index_site` after the build.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from pathlib import Path

from .addresses import PAGEFIND_BUNDLE
from .errors import PagefindError


def find_pagefind() -> Path:
    """Return the Pagefind binary shipped by the ``pagefind[bin]`` package (or on PATH)."""
    try:
        from pagefind.service import get_executable
    except ImportError as error:
        raise PagefindError("search = \"pagefind\" needs the pagefind package: "
                            "pip install 'pagefind[bin]'") from error
    executable = get_executable()
    if executable is None:
        raise PagefindError("the pagefind package has no binary: pip install 'pagefind[bin]'")
    return executable


def index_site(site_dir: Path, executable: Path) -> str:
    """Index the built site into ``<site_dir>/pagefind/``; return Pagefind's summary lines."""
    command = [str(executable), "--site", str(site_dir), "--output-subdir", PAGEFIND_BUNDLE, "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise PagefindError(f"cannot run {executable}: {error}") from error
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or not (site_dir / PAGEFIND_BUNDLE / "pagefind.js").is_file():
        raise PagefindError(f"pagefind failed (exit {result.returncode}): {output[-2000:]}")
    return output


class BackgroundIndex:
    """Serve's rebuilds: index the site with Pagefind after the build, while the page already shows.

    Pagefind reads every page of the site (about 17 s at 10,000 papers), and a rebuild that
    renders a few pages should not wait for it. The last index stays in place (it finds the
    pages as they were) until the new one is complete in ``<site_dir>/.pagefind-next``, which
    then takes its place in two renames. A newer rebuild stops an indexing still running
    (:meth:`stop`), since what it indexes is about to change.
    """

    NEXT = ".pagefind-next"
    OLD = ".pagefind-old"

    def __init__(self, site_dir: Path, executable: Path, done) -> None:
        self.site_dir = site_dir
        self.done = done  # called with (seconds, error message or "") when the index is in place or failed
        self.started = time.monotonic()
        shutil.rmtree(site_dir / self.NEXT, ignore_errors=True)
        command = [str(executable), "--site", str(site_dir), "--output-subdir", self.NEXT, "--quiet"]
        # In a session of its own: Ctrl-C in serve's terminal stops it through stop(), not as a failure.
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True)
        self.thread = threading.Thread(target=self.wait, name="catalog-pagefind", daemon=True)
        self.stopped = False
        self.thread.start()

    def wait(self) -> None:
        """Wait for Pagefind; put its index in place of the last one, or report why not."""
        output, _ = self.process.communicate()
        if self.stopped:
            return
        fresh, current, old = self.site_dir / self.NEXT, self.site_dir / PAGEFIND_BUNDLE, self.site_dir / self.OLD
        if self.process.returncode != 0 or not (fresh / "pagefind.js").is_file():
            self.done(time.monotonic() - self.started,
                      f"pagefind failed (exit {self.process.returncode}): {(output or '').strip()[-500:]}")
            return
        try:
            shutil.rmtree(old, ignore_errors=True)
            if current.exists():
                current.rename(old)
            fresh.rename(current)
            shutil.rmtree(old, ignore_errors=True)
        except OSError as error:
            self.done(time.monotonic() - self.started, f"the new search index could not be put in place: {error}")
            return
        self.done(time.monotonic() - self.started, "")

    def stop(self) -> None:
        """Stop an indexing still running and wait for it; leave the site as it was."""
        self.stopped = True
        if self.process.poll() is None:
            self.process.terminate()
        self.thread.join()
        shutil.rmtree(self.site_dir / self.NEXT, ignore_errors=True)

    @property
    def running(self) -> bool:
        return self.thread.is_alive()
