"""Search with Pagefind instead of Material's search plugin (``search = "pagefind"``).

Material's search index holds the text of every page in one JSON file that each visitor who
searches downloads whole: several MB at 10,000 papers. Pagefind indexes the built site in
chunks, and a query fetches only the chunks of its words. The paper template marks what is
indexed (``data-pagefind-body``, ``-filter``, ``-meta``, ``-weight``); the search page is the
theme's ``search/index.html``, which loads the Pagefind UI from the generated bundle. The
plugin turns Material's search off and runs :func:`index_site` after the build.
"""

from __future__ import annotations

import subprocess
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
