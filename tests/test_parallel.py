"""Work spread over forked workers gives exactly what a serial run gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import build, parallel, render, themes
from test_golden import generated_files
from update_golden import golden_settings


def pieces_with_pids(start: int, stop: int) -> list[tuple[int, int]]:
    return [(index * index, os.getpid()) for index in range(start, stop)]


def use_two_workers(monkeypatch) -> None:
    """Fork two workers even when the test session runs other threads (the browser suite's server)."""
    monkeypatch.setattr(parallel, "worker_count", lambda: 2)
    monkeypatch.setattr(parallel, "can_fork", lambda: True)


def test_results_come_back_in_input_order_from_other_processes(monkeypatch):
    use_two_workers(monkeypatch)
    results = parallel.map_ranges(pieces_with_pids, 1000, serial_below=10)
    assert [value for value, _ in results] == [index * index for index in range(1000)]
    assert os.getpid() not in {pid for _, pid in results}


def test_small_inputs_and_one_worker_stay_in_this_process(monkeypatch):
    assert {pid for _, pid in parallel.map_ranges(pieces_with_pids, 5, serial_below=10)} == {os.getpid()}
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "1")
    assert {pid for _, pid in parallel.map_ranges(pieces_with_pids, 1000, serial_below=10)} == {os.getpid()}


def test_a_failing_worker_fails_the_call(monkeypatch):
    use_two_workers(monkeypatch)

    def fails(start: int, stop: int) -> list[int]:
        raise ValueError(f"piece {start}-{stop}")

    with pytest.raises(ValueError, match="piece"):
        parallel.map_ranges(fails, 100, serial_below=10)


def test_the_fixture_site_is_byte_identical_with_themes_and_pages_done_in_workers(tmp_path: Path, monkeypatch):
    settings, problems = golden_settings()
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "1")
    build.run(settings, problems, out_dir=tmp_path / "serial")
    use_two_workers(monkeypatch)
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "2")
    monkeypatch.setattr(themes, "PARALLEL_FROM", 2)
    monkeypatch.setattr(render, "PARALLEL_FROM", 2)
    used = []
    pids = tmp_path / "pids"
    pids.mkdir()
    original = parallel.map_ranges

    def traced(function, count, serial_below):
        used.append(count)

        def run(start, stop):  # leaves a file named by the process that ran the piece
            (pids / str(os.getpid())).touch()
            return function(start, stop)

        return original(run, count, serial_below)

    monkeypatch.setattr(themes, "map_ranges", traced)
    monkeypatch.setattr(render, "map_ranges", traced)
    build.run(settings, problems, out_dir=tmp_path / "parallel")
    assert len(used) == 2
    assert len({path.name for path in pids.iterdir()} - {str(os.getpid())}) >= 2, "pieces ran in the workers"
    assert generated_files(tmp_path / "serial") == generated_files(tmp_path / "parallel")


def test_a_process_with_other_threads_runs_serially(monkeypatch):
    import threading
    monkeypatch.setattr(parallel, "worker_count", lambda: 2)
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert {pid for _, pid in parallel.map_ranges(pieces_with_pids, 1000, serial_below=10)} == {os.getpid()}
    finally:
        release.set()
        thread.join()


def test_numeric_work_runs_in_threads_where_forking_is_not_safe(monkeypatch):
    """Under serve (other threads running) a function that releases the GIL runs in threads of
    this process: the results are a serial run's, in order, and a failing piece fails the call."""
    import threading
    monkeypatch.setattr(parallel, "worker_count", lambda: 2)
    monkeypatch.setattr(parallel, "can_fork", lambda: False)

    def pieces_with_threads(start: int, stop: int) -> list[tuple[int, str]]:
        return [(index * index, threading.current_thread().name) for index in range(start, stop)]

    results = parallel.map_ranges(pieces_with_threads, 1000, serial_below=10, releases_gil=True)
    assert [value for value, _ in results] == [index * index for index in range(1000)]
    assert {name for _, name in results} <= {f"catalog-worker_{number}" for number in range(2)}
    assert len({name for _, name in results}) == 2
    assert {name for _, name in parallel.map_ranges(pieces_with_threads, 1000, serial_below=10)} == {
        threading.current_thread().name}

    def fails(start: int, stop: int) -> list[int]:
        raise ValueError(f"piece {start}-{stop}")

    with pytest.raises(ValueError, match="piece"):
        parallel.map_ranges(fails, 100, serial_below=10, releases_gil=True)
