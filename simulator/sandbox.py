"""Starting the hub process, fenced off from the rest of the computer.

Pupil code is untrusted. It runs in a fresh process that imports only the
hub's modules, in a throw-away folder, with a minimal environment and
operating-system limits (see ``limit_process``). The world process never runs
pupil code and never unpickles anything the hub process sends.
"""

from __future__ import annotations

import os
import resource
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from brickclass.simulator import confine

HUB_DIR = Path(__file__).parent / "hub"
BOOT_SCRIPT = HUB_DIR / "boot.py"


@dataclass(frozen=True)
class Limits:
    """What one pupil program may use."""

    memory_bytes: int = 768 * 1024 * 1024
    cpu_seconds: int = 300
    file_bytes: int = 1024 * 1024
    open_files: int = 64
    # Processes the program may start on top of what the user already runs.
    extra_processes: int = 8
    confine: bool = True


def hub_command(program: Path, name: str, seed: int, hub_class: str, hub_name: str,
                read_fd: int, write_fd: int) -> list[str]:
    # -I: isolated (no user site, no environment, script dir not on the path),
    # -S: no site-packages at all, -B: write no .pyc files.
    return [
        sys.executable, "-I", "-S", "-B", str(BOOT_SCRIPT),
        str(read_fd), str(write_fd), str(program), name, str(seed), hub_class, hub_name,
    ]


def hub_environment(workdir: Path) -> dict[str, str]:
    """Only what Python needs: no user paths, tokens or proxies leak in."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(workdir),
        "TMPDIR": str(workdir),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def limit_process(limits: Limits, workdir: Path | None = None, processes_now: int = 0) -> None:
    """Runs in the child between fork and exec: operating-system limits and confinement."""
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
    if limits.confine and workdir is not None:
        confine.private_network()
        confine.landlock(readable=[*confine.python_paths(), str(HUB_DIR)], writable=[str(workdir)])


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
        return 256
    return count


def protections() -> dict[str, bool]:
    """What confines a run on this computer (for the teacher and the tests)."""
    abi = confine.landlock_abi()
    return {
        "process_limits": hasattr(resource, "RLIMIT_AS"),
        "file_system": abi >= 1,
        "network_tcp": abi >= 4,
        "signals": abi >= 6,
        "private_network": confine.IS_LINUX and _userns_allowed(),
    }


@cache
def _userns_allowed() -> bool:
    pid = os.fork()
    if pid == 0:
        os._exit(0 if confine.private_network() else 1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0
