"""Run a script in an interpreter set up like the hub process, with no world behind it.

Our ``pybricks`` package can only be imported by a hub process, and its
top-level name clashes with the official stubs', so tests that need to look
at our classes themselves (their signatures, what they print when made) run
a script in a separate, isolated interpreter whose link to the world is a
stand-in: a hub alone on a desk, answering every request with nothing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HUB_DIR = Path(__file__).resolve().parents[1] / "simulator" / "hub"

_DESK = r'''
import sys
sys.path[:0] = [sys.argv[1] + "/site", sys.argv[1]]
from hubos import link


class DeskLink:
    # Every request is answered with nothing; each API call costs 40 µs.
    now = 0

    def __getattr__(self, name):
        return lambda *args, **kwargs: None

    # The sensors read since the last request (none here), and every reading: nothing.
    counting = []

    class Readings(dict):
        def __missing__(self, key):
            return None

    def fresh(self, obj):
        return self.Readings()

    def read(self, obj, key):
        return 0

    def spend(self):
        self.now += 40
        return self.now

    def now_ms(self):
        return self.now // 1000

    def wait_until(self, deadline_us):
        self.now = max(self.now, deadline_us)


link.install(DeskLink())
del DeskLink
'''


def run_on_desk(script: str, timeout: float = 60) -> str:
    """What ``script`` prints, run after the desk set-up; fails the test if it raises."""
    done = subprocess.run([sys.executable, "-I", "-S", "-c", _DESK + script, str(HUB_DIR)],
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return done.stdout
