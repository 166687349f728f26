"""axe-core finds no serious or critical accessibility violation on the main kinds of page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

AXE = Path(__file__).parent.parent.parent / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ("", "papers/vision-transformers-with-local-attention/", "themes/federated-learning/",
         "listings/03-cards/", "papers/", "stats/", "map/")


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        message = f"axe-core is missing at {AXE}: run bash .ci/test (it installs it with npm)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_violations(page, site_url, axe_source, path, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(content=axe_source)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{violation['id']} ({violation['impact']}): {violation['help']} — "
               + "; ".join(node["target"][0] for node in violation["nodes"][:3])
               for violation in results["violations"] if violation["impact"] in ("serious", "critical")]
    assert serious == []
