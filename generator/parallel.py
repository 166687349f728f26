"""Spread a stage's independent work over the machine's cores.

Matching themes and rendering pages treat each paper on its own, and on a catalog of thousands
of papers they are most of the generator's time. :func:`map_ranges` cuts ``range(count)`` into
contiguous pieces and runs a function on each piece in forked worker processes: a worker sees
the parent's data as it was at the fork, so inputs are never pickled, only results come back.
Results are joined in input order, so the output is the same, byte for byte, as a serial run.

Small inputs, a single core, or a platform other than Linux run serially in the process, and
so does a process that runs other Python threads: forking copies only the calling thread, and a
lock another thread holds (``mkdocs serve`` rebuilds while its server threads run) would never
be released in the worker. ``PAPER_CATALOG_WORKERS=1`` forces a serial run (for profiling, or a
memory-tight machine).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
WORKERS_VARIABLE = "PAPER_CATALOG_WORKERS"
PIECES_PER_WORKER = 4

# The job of the running map_ranges call, read by the forked workers.
_job: Callable[[int, int], Sequence[object]] | None = None
# The most workers any call has used in this process (the benchmark reads it).
most_workers_used = 0


def worker_count() -> int:
    """Return how many processes to use: the CPUs this process may run on, unless overridden."""
    setting = os.environ.get(WORKERS_VARIABLE, "").strip()
    if setting.isdigit() and int(setting) > 0:
        return int(setting)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_ranges(function: Callable[[int, int], Sequence[T]], count: int, serial_below: int) -> list[T]:
    """Return ``function(0, count)`` as one list, computed piecewise, in parallel when it pays.

    ``function(start, stop)`` must return one result per index of its range and depend only on
    data that existed before this call; below ``serial_below`` items it runs in this process.
    """
    global _job, most_workers_used
    workers = min(worker_count(), max(1, count // max(1, serial_below // 2)))
    if workers < 2 or count < serial_below or not can_fork():
        return list(function(0, count))
    most_workers_used = max(most_workers_used, workers)
    pieces = workers * PIECES_PER_WORKER
    bounds = [count * index // pieces for index in range(pieces + 1)]
    _job = function
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            parts = pool.map(run_piece, bounds[:-1], bounds[1:])
            results: list[T] = []
            for part in parts:
                results.extend(part)
    finally:
        _job = None
    if len(results) != count:
        raise RuntimeError(f"parallel map returned {len(results)} results for {count} items")
    return results


def can_fork() -> bool:
    """Tell whether forking workers is safe here: Linux, and no other Python thread running."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def run_piece(start: int, stop: int) -> list[object]:
    """Run the current job on one piece (in a worker)."""
    assert _job is not None, "map_ranges sets the job before forking"
    return list(_job(start, stop))
