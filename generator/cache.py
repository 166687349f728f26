"""Skip a build whose inputs have not changed: the last build's catalog and pages, kept on disk.

The fingerprint covers everything that can change the output: the listings folder, the
taxonomy, the templates, the settings, the generator's own code, the Python version and the
version of every installed package the generator depends on (its requirements and theirs).
The cache lives under the project's ``.cache/paper-catalog/`` (as Material's plugins keep
theirs in ``.cache/``), never in the docs or site folder: one file per set of settings, so that
``mkdocs serve`` (whose site address is the local one) and ``mkdocs build`` do not undo each
other's, and at most ``KEPT_FILES`` of them. Each file starts with its fingerprint, which is
checked before anything else is read. ``cache = false`` in the settings, or ``--no-cache``, turns
it off. This module reads the inputs as bytes only to hash them; ``parse.py`` stays the only
reader of what a listing says, and an input that cannot be read makes the build run uncached,
so that the reader reports it.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import re
import sys
from dataclasses import replace
from importlib import metadata
from pathlib import Path

from jinja2.bccache import Bucket, FileSystemBytecodeCache

from .models import Catalog, Page, Problem
from .settings import Settings
from .write import write_atomically

PACKAGE_DIR = Path(__file__).parent
DISTRIBUTION = "paper-catalog"
CACHE_FOLDER = Path(".cache") / "paper-catalog"
KEPT_FILES = 3
MAGIC = b"paper-catalog build cache\n"
FORMAT = 4
REQUIREMENT_NAME_RE = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
EXTRA_MARKER_RE = re.compile(r";.*\bextra\s*==")


def input_fingerprint(settings: Settings, settings_problems: tuple[Problem, ...] = ()) -> str | None:
    """Return a hash of every input of a build and of the code that turns them into pages.

    None when an input cannot be read: the build then runs uncached and reports it.
    """
    digest = hashlib.sha256()
    digest.update(repr((FORMAT, settings_key(settings), settings_problems)).encode("utf-8"))
    digest.update(repr((sys.version, dependency_versions())).encode("utf-8"))
    try:
        for label, folder in (("seeds", settings.seeds_dir), ("templates", settings.templates_dir),
                              ("code", PACKAGE_DIR)):
            for path in files_below(folder):
                hash_file(digest, f"{label}/{path.relative_to(folder).as_posix()}", path)
        if settings.themes_file.is_file():
            hash_file(digest, "themes", settings.themes_file)
    except OSError:
        return None
    return digest.hexdigest()


def settings_key(settings: Settings) -> str:
    """Return the settings as they bear on the output (strictness and the cache itself do not)."""
    return repr(replace(settings, strict=False, cache=True, check_tags=True))


def cache_file(root: Path, settings: Settings) -> Path:
    """Return the cache file of one set of settings."""
    name = hashlib.sha256(settings_key(settings).encode("utf-8")).hexdigest()[:16]
    return root / CACHE_FOLDER / f"build-{name}.pickle"


@functools.cache
def dependency_versions() -> tuple[tuple[str, str], ...]:
    """Return (name, version) of every installed package the generator depends on, recursively.

    Worked out once per process (0.1 s, and serve fingerprints every rebuild): the packages a
    process runs are the ones it imported, whatever is installed over them later.

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


def read_cache(path: Path, fingerprint: str) -> tuple[Catalog, tuple[Page, ...], dict] | None:
    """Return the catalog, pages and memo tables a build saved for these inputs, or None.

    The file is one this tool wrote (it is not committed); its fingerprint is compared before
    the rest is read, and a file that does not read back as (format, catalog, pages, memo tables)
    is ignored. The memo tables are empty unless a serve build saved them.
    """
    header = MAGIC + fingerprint.encode("ascii") + b"\n"
    try:
        with path.open("rb") as stream:
            if stream.read(len(header)) != header:
                return None
            version, catalog, pages, tables = pickle.load(stream)  # noqa: S301 - our own file, fingerprint checked
    except (OSError, pickle.UnpicklingError, ValueError, TypeError, EOFError, AttributeError, ImportError):
        return None
    if version != FORMAT or not isinstance(catalog, Catalog) or not isinstance(tables, dict):
        return None
    return catalog, pages, tables


def write_cache(path: Path, fingerprint: str, catalog: Catalog, pages: tuple[Page, ...],
                tables: dict | None = None) -> None:
    """Save a build's catalog, pages and memo tables under its fingerprint; keep the newest KEPT_FILES caches.

    ``tables`` (a serve build's memo) let a serve started from this cache redo only what its
    first edit changes; they share most of their values with the catalog and pages, which one
    pickle stores once. A cache that cannot be written is skipped: a read-only project still
    builds, it just cannot skip its next build.
    """
    def dump(stream) -> None:  # streamed: at 50,000 papers the cache is about a gigabyte
        stream.write(MAGIC + fingerprint.encode("ascii") + b"\n")
        pickle.dump((FORMAT, catalog, pages, tables or {}), stream, protocol=pickle.HIGHEST_PROTOCOL)

    try:
        write_atomically(path, dump)
        others = sorted((other for other in path.parent.glob("build-*.pickle") if other != path),
                        key=lambda other: other.stat().st_mtime, reverse=True)
        for stale in others[KEPT_FILES - 1:]:
            stale.unlink()
    except OSError:
        return


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's compiled templates, kept in ``.cache/paper-catalog/templates`` from one build to the next.

    Jinja checks each entry against its template's source, so an edited template is compiled
    again. Compiling Material's and the catalog's templates is about half a second of every
    build. A folder that cannot be written only means the templates are compiled every time.
    """

    def __init__(self, root: Path) -> None:
        folder = root / CACHE_FOLDER / "templates"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass
        super().__init__(str(folder))

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            return

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return
