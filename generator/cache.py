"""Skip a build whose inputs have not changed: the last build's catalog and pages, kept on disk.

The fingerprint covers everything that can change the output: the listings folder, the
taxonomy, the templates, the settings, the generator's own code, the Python version and the
version of every installed package the generator depends on (its requirements and theirs).
The cache is one file under the project's ``.cache/paper-catalog/`` (as Material's plugins keep
theirs in ``.cache/``), never in the docs or site folder; ``cache = false`` in the settings, or
``--no-cache``, turns it off. This module reads the inputs as bytes only to hash them;
``parse.py`` stays the only reader of what a listing says.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import sys
from dataclasses import replace
from importlib import metadata
from pathlib import Path

from .models import Catalog, Page, Problem
from .settings import Settings
from .write import write_atomically

PACKAGE_DIR = Path(__file__).parent
DISTRIBUTION = "paper-catalog"
CACHE_FILE = Path(".cache") / "paper-catalog" / "build.pickle"
FORMAT = 2
REQUIREMENT_NAME_RE = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
EXTRA_MARKER_RE = re.compile(r";.*\bextra\s*==")


def input_fingerprint(settings: Settings, settings_problems: tuple[Problem, ...] = ()) -> str:
    """Return a hash of every input of a build and of the code that turns them into pages."""
    digest = hashlib.sha256()
    digest.update(repr((FORMAT, replace(settings, strict=False, cache=True), settings_problems)).encode("utf-8"))
    digest.update(repr((sys.version, dependency_versions())).encode("utf-8"))
    for label, folder in (("seeds", settings.seeds_dir), ("templates", settings.templates_dir),
                          ("code", PACKAGE_DIR)):
        for path in files_below(folder):
            hash_file(digest, f"{label}/{path.relative_to(folder).as_posix()}", path)
    if settings.themes_file.is_file():
        hash_file(digest, "themes", settings.themes_file)
    return digest.hexdigest()


def dependency_versions() -> tuple[tuple[str, str], ...]:
    """Return (name, version) of every installed package the generator depends on, recursively.

    Without an installed ``paper-catalog`` distribution (the code run from a copy), every
    installed package counts, which can only make the cache miss more often.
    """
    installed = {normalize_name(dist.metadata["Name"] or ""): dist for dist in metadata.distributions()}
    if normalize_name(DISTRIBUTION) not in installed:
        return tuple(sorted((name, dist.version) for name, dist in installed.items()))
    found: dict[str, str] = {}
    pending = [normalize_name(DISTRIBUTION)]
    while pending:
        name = pending.pop()
        dist = installed.get(name)
        if dist is None or name in found:
            continue
        found[name] = dist.version
        for requirement in dist.requires or ():
            match = REQUIREMENT_NAME_RE.match(requirement)
            if match and not EXTRA_MARKER_RE.search(requirement):
                pending.append(normalize_name(match.group(1)))
    return tuple(sorted(found.items()))


def normalize_name(name: str) -> str:
    """Return a package name as PyPI compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def files_below(folder: Path) -> list[Path]:
    """Return the files under a folder in a stable order, leaving out bytecode caches."""
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts)


def hash_file(digest, name: str, path: Path) -> None:
    """Add a file's name, size and bytes to a digest."""
    data = path.read_bytes()
    digest.update(f"\0{name}\0{len(data)}\0".encode("utf-8"))
    digest.update(data)


def read_cache(root: Path, fingerprint: str) -> tuple[Catalog, tuple[Page, ...]] | None:
    """Return the catalog and pages the last build saved for these inputs, or None.

    The cache is a file this tool wrote (it is not committed); one that does not read back as
    (format, fingerprint, catalog, pages) is ignored.
    """
    path = root / CACHE_FILE
    try:
        state = path.read_bytes()
    except OSError:
        return None
    try:
        version, saved_fingerprint, catalog, pages = pickle.loads(state)  # noqa: S301 - our own file
    except (pickle.UnpicklingError, ValueError, TypeError, EOFError, AttributeError, ImportError):
        return None
    if version != FORMAT or saved_fingerprint != fingerprint or not isinstance(catalog, Catalog):
        return None
    return catalog, pages


def write_cache(root: Path, fingerprint: str, catalog: Catalog, pages: tuple[Page, ...]) -> None:
    """Save a build's catalog and pages under its fingerprint; a cache that cannot be written is skipped."""
    data = pickle.dumps((FORMAT, fingerprint, catalog, pages), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        write_atomically(root / CACHE_FILE, data)
    except OSError:
        return  # a read-only project still builds; it just cannot skip the next build
