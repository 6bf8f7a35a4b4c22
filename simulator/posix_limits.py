"""The hub process's fence on Linux and macOS: resource limits and its own process group.

``resource`` exists only on POSIX systems, so this module is imported only
there (``sandbox.containment_for``). Limits are set in the child between fork
and exec, so they hold from the interpreter's first instruction:

* memory (address space), CPU seconds, file size, open files, no core dumps;
* processes: what the user runs now plus a few (``RLIMIT_NPROC`` counts all of
  the user's processes);
* its own session and process group, so ending the run ends everything the
  program started, and Ctrl-C in the terminal reaches only the world.

On Linux the confinement layer (``confine``) follows: Landlock, a private
network and a parent-death signal. Without it (macOS, or the POSIX mode on
Linux) the hub process watches the world's process id itself (``boot.py``).
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from brickclass.simulator import confine
from brickclass.simulator.sandbox import HUB_DIR, Limits


class PosixContainment:
    """rlimits, a process group of its own and, on Linux, the confinement layer."""

    def __init__(self, limits: Limits, workdir: Path, *, linux_layer: bool) -> None:
        self.limits = limits
        self.workdir = workdir
        self.linux_layer = linux_layer and confine.IS_LINUX
        # Linux's parent-death signal ties the two together; elsewhere the hub process watches.
        self.hub_watches_world = not self.linux_layer
        self.overrun_needs_asking = False

    def popen_options(self) -> dict[str, Any]:
        limits, workdir, linux_layer = self.limits, self.workdir, self.linux_layer
        processes_now = processes_of_this_user()
        world_pid = os.getpid()
        return {
            "start_new_session": True,
            "preexec_fn": lambda: limit_process(limits, workdir, processes_now, world_pid if linux_layer else None),
        }

    def adopt(self, process: subprocess.Popen[bytes]) -> None:
        return None  # everything was set up before exec

    def overrun(self, process: subprocess.Popen[bytes]) -> str | None:
        return None  # the kernel holds every limit itself

    def kill_all(self, process: subprocess.Popen[bytes]) -> None:
        # The whole process group: children the program forked may outlive the hub process.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def close(self) -> None:
        return None


def limit_process(limits: Limits, workdir: Path | None = None, processes_now: int = 0,
                  world_pid: int | None = None) -> None:
    """Runs in the child between fork and exec: limits, then the Linux layer when asked."""
    for limit, value in (
        (resource.RLIMIT_AS, limits.memory_bytes),
        (resource.RLIMIT_CPU, limits.cpu_seconds),
        (resource.RLIMIT_FSIZE, limits.file_bytes),
        (resource.RLIMIT_NOFILE, limits.open_files),
        (resource.RLIMIT_NPROC, processes_now + limits.extra_processes),
        (resource.RLIMIT_CORE, 0),
    ):
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):
            pass
    if world_pid is not None and workdir is not None:
        confine.private_network()
        confine.landlock(readable=[*confine.python_paths(), str(HUB_DIR)], writable=[str(workdir)])
        confine.die_with_parent(world_pid)


@cache
def processes_of_this_user() -> int:
    """How many processes the user runs now (RLIMIT_NPROC counts them all)."""
    uid = os.getuid()
    count = 0
    try:
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    if entry.stat().st_uid == uid:
                        count += 1
                except OSError:
                    pass
    except OSError:
        return 256  # no /proc (macOS): a generous count
    return count
