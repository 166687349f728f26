"""What the local papers API knows about the fixture listings, and how its lookup file is made.

``tests/data/fixture_seeds/lookup.yml`` is not written by hand: it is what ``catalog lookup``
writes when the stand-in (``hf_server.py``) answers with these papers, and
``test_lookup.py::test_the_fixture_lookup_file_is_what_the_stand_in_answers`` checks that it
still is. Regenerate it with ``python tests/fixture_hub.py`` and review the diff.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))
sys.path.insert(0, str(Path(__file__).parent))

from hf_server import FakePaper, PapersServer  # noqa: E402

DATA = Path(__file__).parent / "data"
FIXTURE_SEEDS = DATA / "fixture_seeds"
FETCHED = "2026-12-01"
PAPERS = (
    # A sure match by title and abstract: nine authors (the page folds them), a code repository.
    FakePaper("2401.10001", "Local Learning with Auxiliary Networks",
              "We train each block with a local loss and an auxiliary network, avoiding backpropagation "
              "through the whole model.",
              ("Ana Núñez", "Bo Li", "Chidi Okafor", "Dana Cohen", "Eero Virtanen", "Fatima Zahra", "Gao Wei",
               "Hanna Schmidt", "Ivan Petrov"),
              "2024-01-18T17:00:00.000Z", 42, github_repo="https://github.com/example/local-aux-official"),
    # A sure match with a project page and names outside ASCII.
    FakePaper("2503.10002", "Vision Transformers with Local Attention",
              "We restrict self-attention to local windows in vision transformers and add a global token.",
              ("Zoë Müller", "Łukasz Nowak", "Sōta Yamamoto"), "2025-03-14T09:30:00.000Z", 7,
              project_page="https://example.org/local-vit/"),
    # A near miss: listed for the curator to confirm, never applied.
    FakePaper("2501.10003", "Towards Graph Neural Networks at Scale",
              "A survey of systems for training graph neural networks on very large graphs.", ("Rui Costa",)),
    # The same title with another abstract: another paper, never applied.
    FakePaper("2402.10004", "Federated Learning under Non-IID Data",
              "We count migrating birds from radar images collected over ten years at three stations.",
              ("Pat Poe",)),
)


def make_fixture_lookup(target: Path) -> None:
    """Run ``catalog lookup`` on a copy of the fixture listings against the stand-in; write its file to ``target``."""
    from generator.cli import main

    with tempfile.TemporaryDirectory() as work:
        project = Path(work)
        shutil.copytree(FIXTURE_SEEDS, project / "seeds", ignore=shutil.ignore_patterns("lookup.yml"))
        shutil.copy2(DATA / "fixture_themes.yml", project / "themes.yml")
        server = PapersServer(PAPERS).start()
        saved = {name: os.environ.get(name) for name in ("HF_ENDPOINT", "HF_HOME", "NO_PROXY")}
        os.environ.update(HF_ENDPOINT=server.endpoint, HF_HOME=str(project / "hf_home"), NO_PROXY="127.0.0.1")
        try:
            status = main(["--root", str(project), "lookup", "--rate", "50", "--today", FETCHED])
        finally:
            server.stop()
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        if status != 0:
            raise SystemExit(f"catalog lookup exited with {status}")
        shutil.copy2(project / "seeds" / "lookup.yml", target)


if __name__ == "__main__":
    make_fixture_lookup(FIXTURE_SEEDS / "lookup.yml")
    print(f"wrote {FIXTURE_SEEDS / 'lookup.yml'}")
