"""What one build worked out that the next can take as it is: serve's rebuilds redo only what changed.

Under ``mkdocs serve`` the plugin keeps one :class:`Memo` from build to build and hands it to the
orchestrator. A stage asks its table for a value by a key that holds everything the value depends
on (a listing's name, bytes and settings; a record and its year rule; a paper's title and
abstract under one taxonomy), and computes only what it does not find. Keys are the inputs
themselves, never times or names alone, so a value taken from the memo is the value the stage
would compute: the output is the same as a build without a memo. Each build keeps only the
entries it used, so the memo never grows past one catalog's worth.

A build without a memo (``catalog build``, ``mkdocs build``) gets empty tables that keep nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")
K = TypeVar("K", bound=Hashable)
MISSING = object()


class MemoTable(Generic[V]):
    """One stage's values: those the last build kept, and those this build used or made."""

    def __init__(self, previous: dict[Hashable, V]) -> None:
        self.previous = previous
        self.current: dict[Hashable, V] = {}

    def __contains__(self, key: Hashable) -> bool:
        return key in self.current or key in self.previous

    def __getitem__(self, key: Hashable) -> V:
        if key not in self.current:
            self.current[key] = self.previous[key]
        return self.current[key]

    def __setitem__(self, key: Hashable, value: V) -> None:
        self.current[key] = value

    def take(self, key: Hashable) -> V | None:
        """Return the value kept for ``key`` (keeping it for the next build), or None when there is none."""
        value = self.find(key)
        return None if value is MISSING else value

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        """Return the value kept for ``key``, computing and keeping it when there is none."""
        value = self.find(key)
        if value is MISSING:
            value = self.current[key] = compute()
        return value

    def find(self, key: Hashable) -> object:
        """Return the value kept for ``key`` and keep it for the next build, or MISSING.

        Two dictionary lookups at most: a key holding papers is hashed field by field each time.
        """
        value = self.previous.get(key, MISSING)
        if value is MISSING:
            value = self.current.get(key, MISSING)
        if value is not MISSING:
            self.current[key] = value
        return value

    @property
    def reused(self) -> int:
        """Count the values this build took from the last one."""
        return sum(1 for key in self.current if key in self.previous)


class Memo:
    """The tables of every stage, kept on the plugin from one serve rebuild to the next."""

    def __init__(self) -> None:
        self.tables: dict[str, tuple[Hashable, dict]] = {}
        self.builds = 0  # the builds that used this memo, this one included

    def start(self) -> None:
        """Count a new build."""
        self.builds += 1

    def adopt(self, tables: dict[str, tuple[Hashable, dict]]) -> None:
        """Take the tables a build saved with the cache, as if this memo's last build had made them."""
        self.tables = dict(tables)

    def table(self, stage: str, context: Hashable = None) -> MemoTable:
        """Start this build's table of a stage; values kept under another ``context`` are dropped."""
        kept_context, previous = self.tables.get(stage, (None, {}))
        table: MemoTable = MemoTable(previous if kept_context == context else {})
        self.tables[stage] = (context, table.current)
        return table


def memoized(table: MemoTable[V], compute: Callable[[K], V]) -> Callable[[K], V]:
    """Return ``compute`` looking its argument up in ``table`` first, keeping what it computes there."""
    return lambda key: table.get(key, lambda: compute(key))


def memo_table(memo: Memo | None, stage: str, context: Hashable = None) -> MemoTable:
    """Return a stage's table in ``memo``, or an empty one that keeps nothing when there is no memo."""
    return memo.table(stage, context) if memo is not None else MemoTable({})
