"""Is a process still running? The same question on Linux, macOS and Windows."""

from __future__ import annotations

import os
import sys
import time

_STILL_ACTIVE = 259
_QUERY_LIMITED_INFORMATION = 0x1000


def alive(pid: int) -> bool:
    """True while the process runs (a zombie waiting to be reaped counts as gone)."""
    if sys.platform == "win32":
        import _winapi

        try:
            handle = _winapi.OpenProcess(_QUERY_LIMITED_INFORMATION, False, pid)
        except OSError:
            return False
        try:
            return _winapi.GetExitCodeProcess(handle) == _STILL_ACTIVE
        finally:
            _winapi.CloseHandle(handle)
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False
    except OSError:  # no /proc (macOS)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def gone_within(pid: int, seconds: float) -> bool:
    """Wait up to ``seconds`` for the process to end; True if it did."""
    deadline = time.monotonic() + seconds
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
