"""Stopping `catalog serve`, even in the middle of its first build, leaves nothing behind.

SIGTERM (what `kill`, systemd and CI runners send) must be as clean as Ctrl-C (SIGINT): no
forked generator worker left running, no MkDocs temporary site folder left in the temp folder.
The catalog is big enough (2,000 papers) for the first build to fork its workers, and the
signal is sent while they run.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitebuild import DATA, ROOT, make_project

sys.path.insert(0, str(ROOT / "benchmarks"))
from run import child_pids  # noqa: E402
from synthesize import synthesize  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def processes_mentioning(text: str) -> list[int]:
    """Return the pids whose command line names ``text`` (the server and its forked workers do)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.fixture(scope="module")
def big_seeds(tmp_path_factory) -> Path:
    seeds = tmp_path_factory.mktemp("seeds-2000")
    synthesize(2000, seeds, 0)
    return seeds


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_serve_during_its_first_build_leaves_nothing_behind(tmp_path: Path, big_seeds: Path, stop):
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    shutil.rmtree(project / "seeds")
    shutil.copytree(big_seeds, project / "seeds")
    temp = tmp_path / "temp"
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp), NO_MKDOCS_2_WARNING="1", PAPER_CATALOG_WORKERS="2",
               SITE_URL="http://127.0.0.1/")
    log = (tmp_path / "serve.log").open("w")
    # As in a terminal, Ctrl-C is not ignored (a shell starts background jobs with SIGINT ignored).
    process = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(project), "serve", "--no-cache",
                                "--dev-addr", f"127.0.0.1:{free_port()}"], cwd=project, env=env,
                               stdout=log, stderr=subprocess.STDOUT,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 180
        while not child_pids(process.pid):
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "the first build forked no worker"
            time.sleep(0.01)
        assert [path.name[:7] for path in temp.iterdir()] == ["mkdocs_"]  # MkDocs' temporary site
        process.send_signal(stop)
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
        log.close()
    deadline = time.monotonic() + 10
    while processes_mentioning(str(project)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_mentioning(str(project)) == [], "a worker outlived the server"
    assert list(temp.iterdir()) == [], "the temporary site folder was left behind"
    assert "Traceback" not in (tmp_path / "serve.log").read_text()
