"""`catalog build` with MkDocs or with ProperDocs, the maintained fork: the same site either way."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from sitebuild import DATA, make_project

# As the theme writes it, and as the minifier does (attributes sorted, quotes dropped where it can).
GENERATOR_META_RE = re.compile(rb'<meta (?:name="?generator"? content="[^"]*"|content="[^"]*" name="?generator"?)>')


def catalog_build(project: Path, *options: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL="https://example.org/catalog/")
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "build", "--strict", *options],
                          cwd=project, env=env, capture_output=True, text=True, check=False)


def site_files(site: Path) -> dict[str, bytes]:
    """Return every file of a built site; HTML without the generator's name, which names the engine."""
    return {str(path.relative_to(site)): GENERATOR_META_RE.sub(b"", path.read_bytes()) if path.suffix == ".html"
            else path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file() and path.suffix != ".gz"}


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path):
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    with_mkdocs = catalog_build(project)
    assert with_mkdocs.returncode == 0, with_mkdocs.stderr
    (project / "site").rename(project / "site-mkdocs")
    with_properdocs = catalog_build(project, "--engine", "properdocs")
    assert with_properdocs.returncode == 0, with_properdocs.stderr
    assert 'content="mkdocs-ProperDocs' in (project / "site" / "index.html").read_text(encoding="utf-8")
    mkdocs_site, properdocs_site = site_files(project / "site-mkdocs"), site_files(project / "site")
    assert len(mkdocs_site) > 40 and mkdocs_site.keys() == properdocs_site.keys()
    assert [name for name in mkdocs_site if mkdocs_site[name] != properdocs_site[name]] == []


def test_no_cache_builds_everything_again(tmp_path: Path):
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    assert catalog_build(project).returncode == 0
    [cache] = (project / ".cache" / "paper-catalog").glob("build-*.pickle")
    cache.write_bytes(b"a cache no build can read")
    again = catalog_build(project, "--no-cache")
    assert again.returncode == 0, again.stderr
    assert cache.read_bytes() == b"a cache no build can read"  # neither read nor written
