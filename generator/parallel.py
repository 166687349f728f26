"""Spread a stage's independent work over the machine's cores.

Matching themes and rendering pages treat each paper on its own, and on a catalog of thousands
of papers they are most of the generator's time. :func:`map_ranges` cuts ``range(count)`` into
contiguous pieces and runs a function on each piece in forked worker processes: a worker sees
the parent's data as it was at the fork, so inputs are never pickled, only results come back.
Results are joined in input order, so the output is the same, byte for byte, as a serial run.

Small inputs, a single core, or a platform other than Linux run serially in the process, and
so does a process that runs other Python threads: forking copies only the calling thread, and a
lock another thread holds (``mkdocs serve`` rebuilds while its server threads run) would never
be released in the worker. There, a function whose time goes to NumPy and SciPy's compiled
loops (the related-papers search), which let other threads run, runs in threads of the process
instead. ``PAPER_CATALOG_WORKERS=1`` forces a serial run (for profiling, or a memory-tight
machine).

Workers never outlive the call: the pool is terminated when the call ends, however it ends
(an error, Ctrl-C, or SIGTERM turned into KeyboardInterrupt by the plugin); they ignore Ctrl-C
(the parent stops them), and Linux stops them if the parent dies without cleaning up.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
WORKERS_VARIABLE = "PAPER_CATALOG_WORKERS"
PIECES_PER_WORKER = 4
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>

# In a worker process only: the job of the map_ranges call that forked it (set by start_worker).
_worker_job: Callable[[int, int], Sequence[object]] | None = None


def worker_count() -> int:
    """Return how many processes to use: the CPUs this process may run on, unless overridden."""
    setting = os.environ.get(WORKERS_VARIABLE, "").strip()
    if setting.isdigit() and int(setting) > 0:
        return int(setting)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_ranges(function: Callable[[int, int], Sequence[T]], count: int, serial_below: int,
               releases_gil: bool = False) -> list[T]:
    """Return ``function(0, count)`` as one list, computed piecewise, in parallel when it pays.

    ``function(start, stop)`` must return one result per index of its range and depend only on
    data that existed before this call; below ``serial_below`` items it runs in this process.
    A function that ``releases_gil`` (its time goes to NumPy and SciPy's compiled loops, which
    let other threads run) runs in threads of this process where forking is not safe (the
    rebuilds of ``mkdocs serve``); any other runs serially there.
    """
    workers = min(worker_count(), max(1, count // max(1, serial_below // 2)))
    if workers < 2 or count < serial_below:
        return list(function(0, count))
    pieces = workers * PIECES_PER_WORKER
    bounds = [count * index // pieces for index in range(pieces + 1)]
    if not can_fork():
        if not releases_gil:
            return list(function(0, count))
        with ThreadPoolExecutor(workers, thread_name_prefix="catalog-worker") as threads:
            parts = list(threads.map(lambda start, stop: list(function(start, stop)), bounds[:-1], bounds[1:]))
        return joined(parts, count)
    context = multiprocessing.get_context("fork")
    # Leaving the block terminates the pool: at once, whether the map finished or raised.
    # Ctrl-C or SIGTERM while the pool is being made could leave it half made, and its shutdown
    # hanging: they wait until it is whole, and then stop it as they would at any other moment.
    # (Unblocking runs the handlers of what was held back, so it happens inside the block.)
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        pool = context.Pool(workers, initializer=start_worker, initargs=(function, os.getpid()))
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        raise
    with pool:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        parts = pool.starmap(run_piece, zip(bounds[:-1], bounds[1:]), chunksize=1)
    return joined(parts, count)


def joined(parts: Sequence[Sequence[T]], count: int) -> list[T]:
    """Return the pieces' results as one list, in input order, checking there is one per item."""
    results: list[T] = [result for part in parts for result in part]
    if len(results) != count:
        raise RuntimeError(f"parallel map returned {len(results)} results for {count} items")
    return results


def can_fork() -> bool:
    """Tell whether forking workers is safe here: Linux, and no other Python thread running."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def start_child() -> int:
    """Fork this process; return the child's pid in the parent, 0 in the child.

    The child ignores Ctrl-C (the parent stops it), stops at SIGTERM, and dies with the parent.
    Only where :func:`can_fork` says it is safe.
    """
    parent = os.getpid()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        pid = os.fork()
    finally:
        if os.getpid() == parent:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    if pid == 0:
        set_up_child(parent)
    return pid


def start_worker(function: Callable[[int, int], Sequence[object]], parent: int) -> None:
    """Set a freshly forked worker up: its job, default signals, and death with its parent."""
    global _worker_job
    _worker_job = function
    set_up_child(parent)


def set_up_child(parent: int) -> None:
    """Give a forked process default signals and death with its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler: a worker just stops
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # forked while the parent held them back
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # a C library without prctl: the pool's termination still applies
        return
    if os.getppid() != parent:  # the parent died before the death signal was set
        os._exit(1)


def run_piece(start: int, stop: int) -> list[object]:
    """Run the worker's job on one piece."""
    if _worker_job is None:
        raise RuntimeError("run_piece runs only in a worker that start_worker set up")
    return list(_worker_job(start, stop))
