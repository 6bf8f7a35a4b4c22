"""pybricks.tools: waiting, timing, multitasking and linear algebra.

Timing runs on the simulated hub's clock: ``wait(100)`` takes exactly 100 ms
of virtual time and a StopWatch reads that clock, just as on a hub.
"""

import builtins as _builtins

from hubos import aio as _aio
from hubos import link as _link
from hubos.args import get_int as _get_int
from pybricks._linalg import Matrix, cross, vector
from pybricks.parameters import Axis

multitask = _aio.multitask


def run_task(task=None):
    # The firmware names this argument "task" (pb_module_tools.c); the stubs say "coroutine".
    return _aio.run_task(task)


def wait(time):
    link = _link.get()
    duration = _get_int(time)
    at = link.spend()
    start_ms = at // 1000
    if not _aio.loop_active():
        # Outside the run loop the hub blocks right here.
        if duration > 0:
            link.wait_until((start_ms + duration) * 1000)
        return None
    if duration <= 0:
        return _aio.yield_once()
    end_us = (start_ms + duration) * 1000

    def expired():
        if link.now >= end_us:
            return True
        link.wake_at(end_us)
        return False

    return _aio.Operation(expired)


class StopWatch:
    """Measures time on the hub's clock, in whole milliseconds."""

    def __init__(self):
        self._link = _link.get()
        self._running = False
        self.reset()
        self.resume()

    def _now(self):
        return self._link.spend() // 1000

    def reset(self):
        self._start = self._now()
        self._stop = self._start
        self._paused = 0

    def time(self):
        if self._running:
            return self._now() - self._start - self._paused
        self._link.spend()
        return self._stop - self._start - self._paused

    def pause(self):
        now = self._now()
        if self._running:
            self._running = False
            self._stop = now

    def resume(self):
        now = self._now()
        if not self._running:
            self._running = True
            self._paused += now - self._stop

    def running(self):
        _link.get().spend()
        return self._running


def read_input_byte(last=False, chr=False):
    """The next byte typed into the hub's input, or None when there is none."""
    link = _link.get()
    byte = link.call("stdin", "read", [bool(last)])
    if byte is None:
        return None
    if not chr:
        return byte
    if byte < 32 or byte > 126:
        return None
    return _builtins.chr(byte)


def hub_menu(*symbols):
    """Let the user pick one of ``symbols`` with the hub's buttons."""
    from pybricks import _menu

    return _menu.run(symbols)


__all__ = [
    "wait",
    "StopWatch",
    "multitask",
    "run_task",
    "read_input_byte",
    "hub_menu",
    "Matrix",
    "vector",
    "cross",
    "Axis",
]
