"""Tests for the garbage collection serve holds during a rebuild and runs once after it."""

from __future__ import annotations

import gc
import time

from generator.plugin.collector import IdleCollector


def test_a_rebuild_holds_collection_and_it_runs_once_when_idle():
    assert gc.isenabled()
    collector = IdleCollector()
    passes: list[int] = []

    def count(phase, info):
        if phase == "stop" and info["generation"] == 2:
            passes.append(1)

    gc.callbacks.append(count)
    try:
        collector.hold()
        assert not gc.isenabled()
        collector.release(delay=0.2)
        assert not gc.isenabled()  # not yet: the person is looking at the page
        collector.hold()  # a new rebuild before the idle pass: the pass waits for the end of this one
        time.sleep(0.4)
        assert not gc.isenabled() and not passes
        collector.release(delay=0.1)
        deadline = time.monotonic() + 5
        while not gc.isenabled() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert gc.isenabled() and len(passes) >= 1
    finally:
        gc.callbacks.remove(count)
        collector.stop()
    assert gc.isenabled()


def test_stopping_gives_collection_back_and_drops_the_pending_pass():
    collector = IdleCollector()
    collector.hold()
    collector.release(delay=30)
    collector.stop()
    assert gc.isenabled() and collector.timer is None
    collector.release()  # nothing held: nothing scheduled
    assert collector.timer is None


def test_a_process_that_had_collection_off_keeps_it_off():
    gc.disable()
    try:
        collector = IdleCollector()
        collector.hold()
        collector.release(delay=0.01)
        time.sleep(0.1)
        assert not gc.isenabled() and collector.timer is None
        collector.stop()
        assert not gc.isenabled()
    finally:
        gc.enable()
