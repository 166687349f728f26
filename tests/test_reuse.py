"""Serve's rebuilds reuse unchanged pages, and leave exactly what a fresh build leaves.

Each test runs tests/serve_session.py: the builds ``mkdocs serve`` makes (configuration loaded
again per build, the plugin kept, the serve address), in a process of their own, after a
scripted series of edits; then a fresh build of the same inputs after each edit, compared byte
for byte, every file of the site.
"""

from __future__ import annotations

import filecmp
import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sitebuild import DATA, make_project

SESSION = Path(__file__).parent / "serve_session.py"
FIRST_LISTING = "seeds/01_flat.txt"
THIS_TITLE = "Grassmann Class Representation for Transfer"
EDITS = [
    # An abstract: the paper's page and the pages that quote it change; the rest is reused.
    [[FIRST_LISTING, "Memory drops by 14.2", "Memory falls by 14.2"]],
    # A title: the paper moves to a new address, its old page goes away.
    [[FIRST_LISTING, THIS_TITLE, "Grassmann Class Subspaces for Transfer Learning"]],
    # A new paper at the end of a listing; then a theme rule that takes it in.
    [[FIRST_LISTING, "Code is available at https://github.com/example/local-aux.",
      ("Code is available at https://github.com/example/local-aux.\nSparse Ternary Adapters\n"
       "We compress adapters to ternary weights and keep accuracy.")]],
    [["themes.yml", "strong: [federated learning, FedAvg, federated]",
      "strong: [federated learning, FedAvg, federated, sparse ternary adapters, ternary weights]"]],
    # The curator's file: a status badge on one paper.
    [["seeds/papers.yml", "papers:", "papers:\n- paper: Sparse Ternary Adapters\n  status: reading"]],
    # A template that wraps every page, and a page template.
    [["site_templates/overrides/main.html", "{% block extrahead %}\n{{ super() }}",
      "{% block extrahead %}\n{{ super() }}\n<meta name=\"catalog-test\" content=\"1\">"]],
    [["site_templates/paper.md.j2", "<!-- passthrough -->", "<!-- passthrough -->\n<!-- edited -->"]],
    # Nothing changed (an editor saving the same text).
    [[FIRST_LISTING, "Memory falls", "Memory falls"]],
    # Settings and configuration that change every page: minifying, the site's description.
    [["pyproject.toml", "[tool.paper-catalog]\n", "[tool.paper-catalog]\nminify_html = false\n"]],
    [["mkdocs.yml", "site_description: A browsable catalog", "site_description: A reading group's catalog"]],
    # A template broken, so the build fails (serve goes on), then mended.
    [["site_templates/paper.md.j2", "{% if paper.authors %}", "{% if paper.authors %"]],
    [["site_templates/paper.md.j2", "{% if paper.authors %", "{% if paper.authors %}"]],
]
FAILING = 11  # the edit whose build fails


def run_session(project: Path, out: Path, edits: list, fresh: bool = False,
                wait_search: bool = False) -> list[list[str]]:
    """Run the builds; return each build's catalog log lines."""
    arguments = [sys.executable, str(SESSION), str(project), str(out)]
    if edits:
        edits_file = out.parent / f"{out.name}-edits.json"
        edits_file.write_text(json.dumps(edits), encoding="utf-8")
        arguments.append(str(edits_file))
    arguments += (["--fresh"] if fresh else []) + (["--wait-search"] if wait_search else [])
    result = subprocess.run(arguments, capture_output=True, text=True,
                            check=False, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 0, result.stderr[-3000:]
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("[")]


def differences(left: Path, right: Path) -> list[str]:
    """Return the files that are not byte-identical (or not in both) under two folders."""
    found = []
    comparison = filecmp.dircmp(left, right)
    stack = [(comparison, "")]
    while stack:
        node, prefix = stack.pop()
        found += [f"{prefix}{name} (only one side)" for name in node.left_only + node.right_only]
        _, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.common_files, shallow=False)
        found += [f"{prefix}{name}" for name in mismatch + errors]
        stack += [(child, f"{prefix}{name}/") for name, child in node.subdirs.items()]
    return sorted(found)


def test_after_every_edit_the_served_site_equals_a_fresh_build(tmp_path: Path):
    served = make_project(DATA / "fixture_seeds", tmp_path / "served")
    (served / "seeds" / "papers.yml").read_text(encoding="utf-8").index("papers:")  # the edit's anchor
    logs = run_session(served, tmp_path / "serve", EDITS)
    assert len(logs) == len(EDITS) + 1
    assert any(line.startswith("ERROR:") for line in logs[FAILING]), logs[FAILING]
    rebuilt = [next((line for line in log if line.startswith("catalog: rebuilt in")), "") for log in logs[1:]]
    assert "unchanged pages reused" in rebuilt[0] and " 0 unchanged" not in rebuilt[0], rebuilt[0]
    # The wrapping template changes every page: none is reused; the next edit reuses again.
    assert " 0 unchanged pages reused" in rebuilt[5], rebuilt[5]
    assert " 0 unchanged pages reused" not in rebuilt[7], rebuilt[7]
    assert " 0 unchanged pages reused" in rebuilt[8] and " 0 unchanged pages reused" in rebuilt[9], rebuilt[8:10]
    for step in range(len(EDITS) + 1):
        if step == FAILING:
            continue
        state = make_project(DATA / "fixture_seeds", tmp_path / f"state-{step}")
        apply_edits(state, EDITS[:step])
        run_session(state, tmp_path / f"fresh-{step}", [], fresh=True)
        assert differences(tmp_path / "serve" / str(step), tmp_path / f"fresh-{step}" / "0") == [], f"after edit {step}"
        shutil.rmtree(state)
    new_paper = "papers/sparse-ternary-adapters/index.html"
    assert "themes/federated-learning/" in (tmp_path / "serve" / "4" / new_paper).read_text(encoding="utf-8")
    assert "paper-status--reading" in (tmp_path / "serve" / "5" / new_paper).read_text(encoding="utf-8")
    old_page = tmp_path / "serve" / "2" / "papers" / "grassmann-class-representation-for-transfer"
    assert not old_page.exists()  # the renamed paper's old address is gone


def apply_edits(project: Path, edits: list) -> None:
    """Make the edits as the session script does."""
    for edit in edits:
        for name, old, new in edit:
            path = project / name
            path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_a_plugin_the_catalog_does_not_know_turns_reuse_off(tmp_path: Path):
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("  - paper-catalog\n") == 1  # (the search plugin's line has options)
    config.write_text(text.replace("  - paper-catalog\n", "  - tags\n  - paper-catalog\n"), encoding="utf-8")
    logs = run_session(project, tmp_path / "serve", EDITS[:1])
    rebuilt = next(line for line in logs[1] if line.startswith("catalog: rebuilt in"))
    assert "every page rendered: the material/tags plugin may read every page" in rebuilt


def fragments_with(site: Path, text: bytes) -> int:
    """Count the pages of a Pagefind index whose indexed text holds ``text`` (fragments are gzipped)."""
    return sum(1 for path in (site / "pagefind" / "fragment").iterdir() if text in gzip.decompress(path.read_bytes()))


def test_with_pagefind_a_rebuild_shows_the_page_first_and_puts_the_new_index_in_place_after(tmp_path: Path):
    projects = [make_project(DATA / "fixture_seeds", tmp_path / name) for name in ("served", "state")]
    for project in projects:
        settings = project / "pyproject.toml"
        settings.write_text(settings.read_text(encoding="utf-8").replace(
            "[tool.paper-catalog]\n", "[tool.paper-catalog]\nsearch = \"pagefind\"\n"), encoding="utf-8")
    logs = run_session(projects[0], tmp_path / "serve", EDITS[:1], wait_search=True)
    assert any(line.startswith("catalog: search index updated in") for line in logs[1]), logs[1]
    apply_edits(projects[1], EDITS[:1])
    run_session(projects[1], tmp_path / "fresh", [], fresh=True)
    served, fresh = tmp_path / "serve" / "1", tmp_path / "fresh" / "0"
    # Pagefind's own files differ from run to run (their names are hashes of unordered data), so the
    # index is compared by what it holds; every other file byte for byte.
    assert [name for name in differences(served, fresh) if not name.startswith("pagefind/")] == []
    assert fragments_with(tmp_path / "serve" / "0", b"Memory falls") == 0
    assert fragments_with(served, b"Memory falls") == fragments_with(fresh, b"Memory falls") == 1
    assert len(list((served / "pagefind" / "fragment").iterdir())) == len(list((fresh / "pagefind" / "fragment").iterdir()))
    assert not (served / ".pagefind-next").exists()


def test_a_hook_in_mkdocs_yml_turns_reuse_off_without_a_traceback(tmp_path: Path):
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    (project / "hook.py").write_text("def on_page_markdown(markdown, **kwargs):\n    return markdown\n",
                                     encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - hook.py\n", encoding="utf-8")
    logs = run_session(project, tmp_path / "serve", EDITS[:1])
    rebuilt = next(line for line in logs[1] if line.startswith("catalog: rebuilt in"))
    assert "every page rendered:" in rebuilt and "hook.py" in rebuilt and "may read every page" in rebuilt, rebuilt


def test_the_pages_planned_as_in_the_nav_are_those_mkdocs_puts_in_it(tmp_path: Path):
    """Pages are left out of a rebuild before MkDocs makes the nav: nav_sources must name exactly
    the pages MkDocs' own nav holds, for a nav as configured (sections, links, "/" paths) and none."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files, InclusionLevel
    from mkdocs.structure.nav import get_navigation

    from generator.plugin.reuse import nav_sources

    (tmp_path / "docs").mkdir()
    for name in ("index.md", "a.md", "b.md", "c.md", "d.md"):
        (tmp_path / "docs" / name).write_text("# x\n", encoding="utf-8")
    nav = ("nav:\n  - Home: index.md\n  - Part:\n    - a.md\n    - Deep:\n      - Bee: /b.md\n"
           "  - Away: https://example.org/\n  - Gone: missing.md\n")
    for config_text in (nav, nav + "validation:\n  nav:\n    absolute_links: relative_to_docs\n", ""):
        (tmp_path / "mkdocs.yml").write_text("site_name: t\n" + config_text, encoding="utf-8")
        config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
        files = Files([File(name, str(tmp_path / "docs"), str(tmp_path / "site"), True, inclusion=inclusion)
                       for name, inclusion in (
            ("index.md", InclusionLevel.UNDEFINED), ("a.md", InclusionLevel.NOT_IN_NAV),
            ("b.md", InclusionLevel.UNDEFINED), ("c.md", InclusionLevel.NOT_IN_NAV), ("d.md", InclusionLevel.UNDEFINED))])
        planned = nav_sources(config, files)
        assert planned == {page.file.src_uri for page in get_navigation(files, config).pages}, config_text
    assert planned == {"index.md", "b.md", "d.md"}  # no nav configured: the pages not marked out of it
