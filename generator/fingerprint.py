"""Fingerprint everything a build reads, so that a build with nothing changed can be skipped.

The fingerprint covers the listings folder, the taxonomy, the templates, the settings and the
generator's own code. This module reads those files as bytes only to hash them; ``parse.py``
stays the only reader of what a listing says.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import replace
from importlib import metadata
from pathlib import Path

from .models import Catalog, Problem
from .settings import Settings

PACKAGE_DIR = Path(__file__).parent
FORMAT = 1


def input_fingerprint(settings: Settings, settings_problems: tuple[Problem, ...] = ()) -> str:
    """Return a hash of every input of a build and of the code that turns them into pages."""
    digest = hashlib.sha256()
    digest.update(repr((FORMAT, replace(settings, strict=False), settings_problems)).encode("utf-8"))
    digest.update(metadata.version("scikit-learn").encode("utf-8"))
    for label, folder in (("seeds", settings.seeds_dir), ("templates", settings.templates_dir),
                          ("code", PACKAGE_DIR)):
        for path in files_below(folder):
            hash_file(digest, f"{label}/{path.relative_to(folder).as_posix()}", path)
    if settings.themes_file.is_file():
        hash_file(digest, "themes", settings.themes_file)
    return digest.hexdigest()


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


def pack_state(fingerprint: str, catalog: Catalog) -> bytes:
    """Serialize the fingerprint with the catalog it produced."""
    return pickle.dumps((FORMAT, fingerprint, catalog), protocol=pickle.HIGHEST_PROTOCOL)


def unpack_catalog(state: bytes | None, fingerprint: str) -> Catalog | None:
    """Return the saved catalog if the state was written by this build format for these inputs.

    The state file is one this tool wrote into the output folder (which is not committed); a
    state that does not read back as (format, fingerprint, catalog) is ignored.
    """
    if not state:
        return None
    try:
        version, saved_fingerprint, catalog = pickle.loads(state)  # noqa: S301 - our own output
    except (pickle.UnpicklingError, ValueError, TypeError, EOFError, AttributeError, ImportError):
        return None
    if version != FORMAT or saved_fingerprint != fingerprint or not isinstance(catalog, Catalog):
        return None
    return catalog
