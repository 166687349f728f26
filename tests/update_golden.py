"""Regenerate the golden tree: ``python tests/update_golden.py``, then review the diff in git."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

from generator import build  # noqa: E402
from generator.settings import load_settings  # noqa: E402
from generator.write import MANIFEST  # noqa: E402

ROOT = Path(__file__).parent.parent
FIXTURE_SEEDS = ROOT / "tests" / "data" / "fixture_seeds"
FIXTURE_THEMES = ROOT / "tests" / "data" / "fixture_themes.yml"
GOLDEN = ROOT / "tests" / "golden"
SITE_URL = "https://example.github.io/paper-catalog/"


def golden_settings():
    """Settings that build the fixture listings with this repo's themes and templates, uncached."""
    settings, problems = load_settings(ROOT, seeds_dir=FIXTURE_SEEDS, themes_file=FIXTURE_THEMES,
                                       site_url=SITE_URL, cache=False)
    return settings, problems


def main() -> None:
    """Write the fixture catalog's Markdown tree and catalog.json into tests/golden/."""
    shutil.rmtree(GOLDEN, ignore_errors=True)
    settings, problems = golden_settings()
    report = build.run(settings, problems, out_dir=GOLDEN)
    (GOLDEN / MANIFEST).unlink()
    # The assets are copied verbatim from site_templates/assets; the golden tree holds what is rendered.
    shutil.rmtree(GOLDEN / "assets")
    print(f"wrote {len(report.written.written)} files to {GOLDEN}")


if __name__ == "__main__":
    main()
