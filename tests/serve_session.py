"""Build a project the way ``mkdocs serve`` does, once or after each of a series of edits.

``mkdocs serve`` loads the configuration again for every rebuild, keeps each plugin that has an
``on_startup`` event (the catalog's plugin among them) from one build to the next, and builds with
the serve address as the site's address. This script does the same in its own process, through
MkDocs' public ``load_config`` and ``build``, without the HTTP server and the file watcher, so a
test can compare what a rebuild leaves with a fresh build of the same inputs.

    python tests/serve_session.py PROJECT SITE_DIR [EDITS.json] [--fresh] [--wait-search]

EDITS.json is a list of edits, each a list of [file, old text, new text] replacements made
before one rebuild. Each build's site is copied to SITE_DIR/<n>. ``--fresh`` builds once, as a
new ``mkdocs build`` process would (no serve state), into SITE_DIR/0. ``--wait-search`` waits
after each rebuild until the plugin says its Pagefind index is in place. Prints one JSON line per
build: the catalog's log lines.
"""

from __future__ import annotations

import atexit
import json
import logging
import shutil
import sys
import threading
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

SERVE_URL = "http://127.0.0.1:8000/"


def main(argv: list[str]) -> int:
    fresh = "--fresh" in argv
    wait_search = "--wait-search" in argv  # a rebuild's Pagefind index comes after it: wait for it
    args = [arg for arg in argv if arg not in ("--fresh", "--wait-search")]
    project, out = Path(args[0]).resolve(), Path(args[1]).resolve()
    edits = json.loads(Path(args[2]).read_text(encoding="utf-8")) if len(args) > 2 else []
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())
    logging.getLogger("mkdocs.plugins.paper-catalog").addHandler(handler)
    logging.getLogger("mkdocs.plugins.paper-catalog").setLevel(logging.INFO)
    site = out / "serving"

    def config_for_shutdown():
        return load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))

    def build_once(number: int, first: bool) -> None:
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
        config.site_url = SERVE_URL  # as serve sets it
        if first:
            config.plugins.on_startup(command="build" if fresh else "serve", dirty=False)
        lines.clear()
        try:
            build(config, serve_url=SERVE_URL)
        except Abort as error:  # serve logs a failed build and goes on watching; so does this
            lines.append(f"ERROR: {error}")
            print(json.dumps(lines), flush=True)
            return
        waited = time.monotonic()
        while wait_search and not first and time.monotonic() - waited < 300 and \
                not any(line.startswith("catalog: search index updated") for line in lines):
            time.sleep(0.1)
        shutil.copytree(site, out / str(number))
        print(json.dumps(lines), flush=True)

    build_once(0, first=True)
    if not fresh:  # serve's HTTP server and watcher run in threads beside the rebuilds (the plugin sees them);
        # MkDocs starts them after its first build (mkdocs/commands/serve.py)
        threading.Thread(target=threading.Event().wait, daemon=True).start()
    atexit.register(lambda: config_for_shutdown().plugins.on_shutdown())
    for number, edit in enumerate(edits, start=1):
        for name, old, new in edit:
            path = project / name
            text = path.read_text(encoding="utf-8")
            if old not in text:
                raise SystemExit(f"{name}: {old!r} is not in it")
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
        build_once(number, first=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
