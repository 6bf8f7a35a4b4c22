"""The world's clock on the hub process: it ends a run that waits too long.

The world reads the hub process's messages with plain blocking reads (the
cheapest round trip there is, and the same on every system). The limits that
need a clock live here instead, in one thread per run:

* **stuck**: the world has waited longer than ``stuck_s`` for the program's
  next request (a loop that never calls the hub);
* **wall**: the run as a whole took longer than ``wall_s`` of real time;
* **memory**: the fence reports a limit the operating system did not hold
  (``Containment.overrun``; asked every ``POLL_S`` where it is needed).

When one of them is reached the watchdog notes why and ends the hub process;
its ending ends the world's read (``hub_process``), and the run reports why.
The world marks when it starts and stops waiting, which costs it two
assignments per message.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

# How often a fence that cannot hold memory itself is asked (seconds).
POLL_S = 0.02


class Watchdog:
    """One run's time limits (and, where needed, its memory guard)."""

    def __init__(self, *, stuck_s: float, wall_s: float, end_hub: Callable[[], None],
                 overrun: Callable[[], str | None] | None = None) -> None:
        self.stuck_s = stuck_s
        self.reason: str | None = None  # stuck | wall | memory, once the watchdog has ended the hub
        self._deadline = time.monotonic() + wall_s
        self._end_hub = end_hub
        self._overrun = overrun
        self._waiting_since: float | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="hub-watchdog", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def waiting(self) -> None:
        """The world now waits for the hub process."""
        self._waiting_since = time.monotonic()

    def working(self) -> None:
        """The world has its message and works on it (world time does not count)."""
        self._waiting_since = None

    def stop(self) -> None:
        self._done.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=1.0)

    def _watch(self) -> None:
        while not self._done.is_set():
            now = time.monotonic()
            since = self._waiting_since
            if now >= self._deadline:
                return self._fire("wall")
            if since is not None and now - since >= self.stuck_s:
                return self._fire("stuck")
            if self._overrun is not None:
                over = self._overrun()
                if over is not None:
                    return self._fire(over)
            next_check = self._deadline if since is None else min(self._deadline, since + self.stuck_s)
            if since is None:
                next_check = min(next_check, now + self.stuck_s)
            pause = next_check - now
            if self._overrun is not None:
                pause = min(pause, POLL_S)
            self._done.wait(max(pause, 0.001))

    def _fire(self, reason: str) -> None:
        self.reason = reason
        self._end_hub()
