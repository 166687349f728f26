"""The fixture listings render to exactly the reviewed golden tree (tests/golden/).

After an intended change, regenerate it with ``python tests/update_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from generator import build
from generator.export import catalog_schema_text
from generator.write import MANIFEST
from update_golden import GOLDEN, golden_settings


def generated_files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file() and path.name != MANIFEST
            and path.relative_to(folder).parts[0] != "assets"}


def test_fixture_site_matches_the_golden_tree(tmp_path: Path):
    settings, problems = golden_settings()
    build.run(settings, problems, out_dir=tmp_path / "docs")
    produced, golden = generated_files(tmp_path / "docs"), generated_files(GOLDEN)
    assert sorted(produced) == sorted(golden)
    changed = [name for name in produced if produced[name] != golden[name]]
    assert changed == [], "run `python tests/update_golden.py` and review the diff"


def test_two_runs_give_byte_identical_output_and_the_second_rewrites_nothing(tmp_path: Path):
    settings, problems = golden_settings()
    first = build.run(settings, problems, out_dir=tmp_path / "one")
    second = build.run(settings, problems, out_dir=tmp_path / "one")
    assert second.written.written == () and len(second.written.unchanged) == len(first.written.written)
    build.run(settings, problems, out_dir=tmp_path / "two")
    assert generated_files(tmp_path / "one") == generated_files(tmp_path / "two")


def test_golden_catalog_json_is_valid_against_the_shipped_schema():
    catalog = json.loads((GOLDEN / "catalog.json").read_text(encoding="utf-8"))
    jsonschema.validate(catalog, json.loads(catalog_schema_text()))
    assert [paper["title"] for paper in catalog["papers"]][:2] == [
        "Local Learning with Auxiliary Networks", "Grassmann Class Representation for Transfer"]
