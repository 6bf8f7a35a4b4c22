"""Starting the hub process, fenced off from the rest of the computer.

Pupil code is untrusted. It runs in a fresh process that imports only the
hub's modules, in a throw-away folder, with a minimal environment. Every
system gets the same portable part (``simulator/hub_process.py``: the channel
over the process's standard input and output, the watchdog, the wall-clock
limit, the output cap, killing it with everything it started), and each
operating system adds its own fence on top:

* Linux and macOS (``posix_limits``): process, memory, CPU, file-size and
  open-file limits, its own process group. Linux adds the confinement layer
  (``confine``: Landlock, a private network, death with the world).
* Windows (``windows_job``): a Job Object with memory, CPU time and process
  limits that ends everything in it when the world ends.

``BRICKCLASS_SANDBOX=posix`` switches the Linux-only layer off, so CI can run
the fault suite through the path macOS takes. The world process never runs
pupil code and never unpickles anything the hub process sends.
"""

from __future__ import annotations

import compileall
import functools
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

HUB_DIR = Path(__file__).parent / "hub"
BOOT_SCRIPT = HUB_DIR / "boot.py"

IS_WINDOWS = sys.platform == "win32"
# The environment variable, and its value, that leave out the Linux-only layer.
SANDBOX_MODE_VARIABLE = "BRICKCLASS_SANDBOX"
POSIX_MODE = "posix"


@dataclass(frozen=True)
class Limits:
    """What one pupil program may use."""

    memory_bytes: int = 768 * 1024 * 1024
    cpu_seconds: int = 300
    file_bytes: int = 1024 * 1024
    open_files: int = 64
    # Processes the program may start on top of what the user already runs (Linux, macOS).
    extra_processes: int = 8
    # The operating system's own confinement layer (Linux: Landlock and namespaces).
    confine: bool = True


class Containment(Protocol):
    """One operating system's fence around one hub process."""

    # True when the hub process must watch the world's process itself and end with it
    # (the system does not tie the two together, or might not).
    hub_watches_world: bool
    # True when the watchdog must ask ``overrun`` (a limit the system does not hold).
    overrun_needs_asking: bool

    def popen_options(self) -> dict[str, Any]:
        """Extra arguments for ``subprocess.Popen``."""

    def adopt(self, process: subprocess.Popen[bytes]) -> None:
        """Fence in a process just started (before the pupil's program runs)."""

    def overrun(self, process: subprocess.Popen[bytes]) -> str | None:
        """A limit the system did not hold that the process went past ("memory"), or None."""

    def kill_all(self, process: subprocess.Popen[bytes]) -> None:
        """End the process and everything it started."""

    def close(self) -> None:
        """Let go of what the fence holds (after the process has ended)."""


def linux_layer_wanted(limits: Limits) -> bool:
    """Whether this run gets the Linux-only layer (off in the POSIX mode, as on macOS)."""
    return limits.confine and os.environ.get(SANDBOX_MODE_VARIABLE, "").lower() != POSIX_MODE


def containment_for(limits: Limits, workdir: Path) -> Containment:
    """The fence this operating system puts around a hub process."""
    if IS_WINDOWS:
        from brickclass.simulator.windows_job import JobContainment

        return JobContainment(limits)
    from brickclass.simulator.posix_limits import PosixContainment

    return PosixContainment(limits, workdir, linux_layer=linux_layer_wanted(limits))


def interpreter() -> str:
    """The Python that runs the hub process.

    On Windows a virtual environment's python.exe is a launcher that starts the
    real interpreter as a second process; the hub process needs nothing from the
    environment (``-I -S``), so it is started from the real one directly.
    """
    if IS_WINDOWS:
        base = getattr(sys, "_base_executable", "") or ""
        if base and os.path.isfile(base):
            return base
    return sys.executable


def byte_compile(folder: Path) -> bool:
    """Write the .pyc files of the modules in ``folder`` that lack one or whose source changed.

    False when some could not be written (a folder we may not write to): those
    are compiled from source as they load, as before.
    """
    try:
        return bool(compileall.compile_dir(folder, quiet=2))
    except OSError:
        return False


@functools.cache
def byte_compile_hub() -> bool:
    """The hub's modules compiled once per world process, before the first hub process starts.

    The hub process may write nothing (``-B``), so an editable install, whose
    modules pip never byte-compiles, would compile every hub module from source
    again in every run (~40 ms of an empty program's ~280 ms here). A wheel
    install already has them; then this only looks at their times.
    """
    return byte_compile(HUB_DIR)


def hub_command(*, world_pid: int | None = None) -> list[str]:
    # -I: isolated (no user site, no environment, script dir not on the path),
    # -S: no site-packages at all, -B: write no .pyc files.
    command = [interpreter(), "-I", "-S", "-B", str(BOOT_SCRIPT)]
    if world_pid is not None:
        command += ["--world-pid", str(world_pid)]
    return command


def hub_environment(workdir: Path) -> dict[str, str]:
    """Only what Python needs: no user paths, tokens or proxies leak in."""
    common = {
        "PYTHONHASHSEED": "0",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUTF8": "1",
    }
    if IS_WINDOWS:
        # Python on Windows needs SystemRoot to start (its random numbers come from there).
        system_root = os.environ.get("SYSTEMROOT", r"C:\Windows")
        return common | {
            "SYSTEMROOT": system_root,
            "PATH": os.path.join(system_root, "System32"),
            "TEMP": str(workdir),
            "TMP": str(workdir),
            "USERPROFILE": str(workdir),
        }
    return common | {
        "PATH": "/usr/bin:/bin",
        "HOME": str(workdir),
        "TMPDIR": str(workdir),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }


def protections() -> dict[str, bool]:
    """What confines a run on this computer (for the teacher and the tests).

    ``process_limits``: memory, CPU and process limits; ``file_system``: the run
    cannot read or write files outside its folder; ``network_tcp`` and
    ``private_network``: it cannot reach the network; ``signals``: it cannot
    signal processes outside the run; ``dies_with_world``: it ends when the world does.
    """
    limits = Limits()
    if IS_WINDOWS:
        return {"process_limits": True, "file_system": False, "network_tcp": False, "signals": False,
                "private_network": False, "dies_with_world": True}
    from brickclass.simulator import confine

    linux = confine.IS_LINUX and linux_layer_wanted(limits)
    abi = confine.landlock_abi() if linux else 0
    return {
        "process_limits": True,
        "file_system": abi >= 1,
        "network_tcp": abi >= 4,
        "signals": abi >= 6,
        "private_network": linux and confine.private_network_allowed(),
        "dies_with_world": True,
    }
