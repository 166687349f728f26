"""The failures that stop a run, each named by its place.

A problem with one record or one file is a ``Problem`` (``models.py``): it is reported and the
run goes on. What is here stops the run instead: a setting that cannot be used, an input folder
that cannot be read, an output that cannot be written. The command line and the MkDocs plugin
turn any of them into one line (``place: what is wrong``) and exit status 1, never a traceback.
"""

from __future__ import annotations


class CatalogError(Exception):
    """A failure that stops a run; ``str()`` is one line: the place, then what is wrong."""

    def __init__(self, message: str, file: str = "", line: int = 0) -> None:
        super().__init__(message, file, line)  # all three, so the error crosses a process boundary whole
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.file and self.line else self.file
        return f"{place}: {self.message}" if place else self.message


class SettingsError(CatalogError):
    """A setting has the wrong type or a value the build cannot use."""


class InputError(CatalogError):
    """An input folder or file cannot be read at all."""


class OutputError(CatalogError):
    """An output cannot be written: a path outside its folder, or two pages on one path."""


class TemplateError(CatalogError):
    """A template of the templates folder cannot be read or rendered."""


class PassthroughError(CatalogError):
    """A region cut out of a page's Markdown could not be put back into its HTML."""


class PagefindError(CatalogError):
    """Pagefind is missing or could not index the site."""
