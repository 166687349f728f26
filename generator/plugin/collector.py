"""Python's cyclic garbage collector held off while serve rebuilds, and run once when it is idle.

A rebuild at 10,000 papers makes a new catalog and a new set of MkDocs files and pages beside the
ones the serve memo keeps: enough new objects that the collector's full pass, which walks every
object the process holds, ran three times a rebuild, a second in all (measured with
``gc.callbacks``). Reference counting still frees nearly everything at once; only the objects that
refer to each other wait for the collector. So under serve the plugin holds automatic collection
from the start of a rebuild (``on_pre_build``) and runs one full collection ``IDLE_SECONDS``
after it ends, unless another rebuild has begun: one pass while the person reads the page, not
three while they wait for it.
"""

from __future__ import annotations

import gc
import threading

IDLE_SECONDS = 3.0


class IdleCollector:
    """Holds automatic garbage collection during rebuilds and collects after them, when idle."""

    def __init__(self) -> None:
        self.held = False
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def hold(self) -> None:
        """A rebuild starts: no automatic collection until it is over (and a pending one is dropped)."""
        with self.lock:
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None
            if not self.held and gc.isenabled():
                gc.disable()
                self.held = True

    def release(self, delay: float = IDLE_SECONDS) -> None:
        """A rebuild is over: collect once ``delay`` seconds from now, then collect automatically again."""
        with self.lock:
            if not self.held:
                return
            if self.timer is not None:
                self.timer.cancel()
            self.timer = threading.Timer(delay, self.collect)
            self.timer.daemon = True
            self.timer.name = "catalog-idle-collect"
            self.timer.start()

    def collect(self) -> None:
        """Run the held collection and give collection back to Python (unless a rebuild began since)."""
        with self.lock:
            if self.timer is None or threading.current_thread() is not self.timer:
                return  # a newer rebuild cancelled or replaced this one
            self.timer = None
            gc.collect()
            gc.enable()
            self.held = False

    def stop(self) -> None:
        """The server stops: no collection pending, collection as Python does it."""
        with self.lock:
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None
            if self.held:
                gc.enable()
                self.held = False
