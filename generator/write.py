"""Write pages into an output folder (``catalog generate``): atomically, only when changed, and tidy.

This is the only module that writes pages to disk; the MkDocs plugin hands them to MkDocs in
memory instead. A manifest of the files the last run wrote (``.catalog-files``) lets the next
run remove the pages of papers that left the catalog without touching any file a person put
there by hand, and lets the plugin recognise such a tree. A file whose bytes would not change
is not rewritten.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .models import Page
from .errors import OutputError

MANIFEST = ".catalog-files"


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What a write did: files written, left as they were, and removed as stale."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def write_pages(out_dir: Path, pages: tuple[Page, ...]) -> WriteResult:
    """Write every page under ``out_dir``; remove files the previous run wrote and this one did not."""
    out_dir.mkdir(parents=True, exist_ok=True)
    root = out_dir.resolve()
    written, unchanged = [], []
    for page in pages:
        target = safe_target(root, page.path)
        data = page.text if isinstance(page.text, bytes) else page.text.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            unchanged.append(page.path)
            continue
        write_atomically(target, data)
        written.append(page.path)
    current = sorted(page.path for page in pages)
    removed = remove_stale(root, read_manifest(root) - set(current))
    manifest = ("\n".join(current) + "\n").encode("utf-8")
    manifest_path = root / MANIFEST
    if not manifest_path.is_file() or manifest_path.read_bytes() != manifest:
        write_atomically(manifest_path, manifest)
    return WriteResult(tuple(written), tuple(unchanged), removed)


def safe_target(root: Path, relative: str) -> Path:
    """Return the absolute path of a page, refusing any path that leaves the output folder."""
    target = (root / relative).resolve()
    if root not in target.parents:
        raise OutputError(f"page path '{relative}' is outside {root}")
    return target


def write_atomically(target: Path, data: bytes | Callable[[BinaryIO], None]) -> None:
    """Write bytes to a temporary file beside the target, then rename it into place.

    ``data`` may also be a function that writes into the open file, for a file too big to hold
    twice in memory.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            if callable(data):
                data(stream)
            else:
                stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_manifest(root: Path) -> set[str]:
    """Return the paths the previous run wrote, or nothing on a first run."""
    path = root / MANIFEST
    if not path.is_file():
        return set()
    return {line for line in path.read_text(encoding="utf-8").splitlines() if line}


def remove_stale(root: Path, stale: set[str]) -> tuple[str, ...]:
    """Remove stale generated files, and folders they leave empty."""
    removed = []
    for relative in sorted(stale):
        try:
            target = safe_target(root, relative)
        except OutputError:
            continue
        if target.is_file():
            target.unlink()
            removed.append(relative)
        parent = target.parent
        while parent != root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    return tuple(removed)
