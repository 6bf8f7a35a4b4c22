"""Which processor core a run's two processes share.

The world and the hub process take turns (lock step): one waits while the
other works. Waking a process on the other core costs ~80 µs here, on the
same core a few µs, so a headless run keeps both on one core: the world's
thread pins itself for the run (the hub process, started meanwhile,
inherits it) and lets go afterwards. A batch of runs gives each of its
worker processes a core of its own (``claim_core``), so two runs never
share one while another core idles.

This needs ``os.sched_setaffinity``: Linux has it. On Windows and macOS the
system places the processes itself (macOS offers no way to pin; Windows
could through its API, which we leave alone): runs are correct there, only
the hand-over is slower.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CAN_PIN = hasattr(os, "sched_setaffinity") and hasattr(os, "sched_getaffinity")


def _core_now() -> int | None:
    """The core this process runs on at this moment (Linux: field 39 of /proc/self/stat)."""
    try:
        with open("/proc/self/stat", "rb") as stat:
            fields = stat.read().rpartition(b")")[2].split()
        return int(fields[36])
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def one_core() -> Iterator[None]:
    """Keep this thread, and the processes it starts, on one core until the block ends."""
    if not CAN_PIN:
        yield
        return
    allowed = os.sched_getaffinity(0)
    if len(allowed) <= 1:
        yield  # already on one core (a batch worker)
        return
    core = _core_now()
    os.sched_setaffinity(0, {core if core in allowed else min(allowed)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, allowed)


def claim_core(counter: Any) -> None:
    """A batch worker's start: take the next core (``counter``: a shared multiprocessing Value)."""
    if not CAN_PIN:
        return
    with counter.get_lock():
        index = counter.value
        counter.value += 1
    cores = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cores[index % len(cores)]})
