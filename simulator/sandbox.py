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
from pathlib import Path

HUB_DIR = Path(__file__).parent / "hub"
BOOT_SCRIPT = HUB_DIR / "boot.py"


@dataclass(frozen=True)
class Limits:
    """What one pupil program may use."""

    memory_bytes: int = 768 * 1024 * 1024
    cpu_seconds: int = 300
    file_bytes: int = 1024 * 1024
    open_files: int = 64


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


def limit_process(limits: Limits) -> None:
    """Runs in the child before Python starts: operating-system limits."""
    for limit, value in (
        (resource.RLIMIT_AS, limits.memory_bytes),
        (resource.RLIMIT_CPU, limits.cpu_seconds),
        (resource.RLIMIT_FSIZE, limits.file_bytes),
        (resource.RLIMIT_CORE, 0),
    ):
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):
            pass
