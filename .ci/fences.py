"""What fences a pupil's program on this computer, measured: each escape is tried for real.

    python .ci/fences.py            # this system's own fence
    BRICKCLASS_SANDBOX=posix python .ci/fences.py   # Linux without its Linux layer (as macOS)

Prints one line per fence, "held" or "not held" and what was seen. The hostile
programs are the fault suite's (tests/test_faults.py), which asserts what must
hold; this only reports, for README.md's table. Run from the repository folder.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from brickclass.simulator import sandbox
from brickclass.simulator.run import RunOptions, run_program
from tests.escapes import ESCAPE, WORLD, send_over_tcp, tcp_listener
from tests.processes import alive, gone_within
from tests.test_hub_process import BUSY
from tests.test_hub_process import WORLD as WORLD_WITH_HUB_PID

REPO = Path(__file__).resolve().parents[1]


def _run(folder: Path, source: str, **options) -> dict:
    path = folder / "program.py"
    path.write_text(source, encoding="utf-8")
    return run_program(RunOptions(program=path, mission="practice", **options)).to_json()


def read_outside(folder: Path) -> tuple[bool, str]:
    secret = Path(tempfile.mkdtemp(prefix="brickclass-secret-")) / "secret.txt"
    secret.write_text("teacher's password", encoding="utf-8")
    result = _run(folder, ESCAPE + f"print(real_open({str(secret)!r}).read())\n")
    leaked = "teacher's password" in result["stdout"]
    return not leaked, "read it" if leaked else str((result["error"] or {}).get("type"))


def write_outside(folder: Path) -> tuple[bool, str]:
    target = Path(tempfile.mkdtemp(prefix="brickclass-outside-")) / "pwned.txt"
    result = _run(folder, ESCAPE + f"real_open({str(target)!r}, 'w').write('pwned')\n")
    return not target.exists(), result["error"]["type"] if result["error"] else "written"


def network(folder: Path) -> tuple[bool, str]:
    with tcp_listener() as (port, received):
        _run(folder, send_over_tcp(port))
    return not received, "connected and sent" if received else "no connection"


def end_the_world(folder: Path) -> tuple[bool, str]:
    path = folder / "program.py"
    path.write_text(ESCAPE + "_find('kill')(_find('getppid')(), 9)\n", encoding="utf-8")
    world = subprocess.run([sys.executable, "-c", WORLD, str(path)], capture_output=True, text=True, cwd=REPO,
                           timeout=120)
    return world.returncode == 0, f"world exit code {world.returncode}"


def start_processes(folder: Path) -> tuple[bool, str, bool, str]:
    result = _run(folder, ESCAPE + """
sys = _find("sys")
subprocess = sys.modules["_frozen_importlib"]._gcd_import("subprocess")
try:
    print("child", subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"]).pid)
except OSError as error:
    print("refused", type(error).__name__)
""")
    words = result["stdout"].split()
    if "child" not in words:
        return True, "refused", True, "nothing started"
    child = int(words[words.index("child") + 1])
    gone = gone_within(child, 5)
    return False, "started", gone, "ended with the run" if gone else "still running"


def memory(folder: Path) -> tuple[bool, str]:
    started = time.monotonic()
    result = _run(folder, "hoard = []\nwhile True:\n    hoard.append(bytearray(100_000_000))\n")
    error = result["error"] or {}
    by = "the world's memory guard" if "MB of memory" in str(error.get("message")) else "the system's limit"
    held = result["status"] == "error" and error.get("type") in ("MemoryError", "HubCrash")
    return held, f"{error.get('type')} after {time.monotonic() - started:.1f} s, by {by}"


def endless_loop(folder: Path) -> tuple[bool, str]:
    result = _run(folder, "while True:\n    pass\n", watchdog_s=2.0)
    return result["error"] is not None and result["error"]["type"] == "Stuck", f"{result['status']} after watchdog"


def dies_with_world(folder: Path) -> tuple[bool, str]:
    path = folder / "busy.py"
    path.write_text(BUSY, encoding="utf-8")
    world = subprocess.Popen([sys.executable, "-c", WORLD_WITH_HUB_PID, str(path)], stdout=subprocess.PIPE, cwd=REPO)
    hub = int(world.stdout.readline())
    world.kill()
    world.wait()
    world.stdout.close()
    gone = gone_within(hub, 10)
    if not gone and alive(hub):
        os.kill(hub, 9)
    return gone, "ended with its world" if gone else "outlived its world"


def main() -> None:
    mode = os.environ.get(sandbox.SANDBOX_MODE_VARIABLE) or "native"
    print(f"Fences on {platform.system()} {platform.release()} ({mode} mode), "
          f"Python {platform.python_version()}:")
    with tempfile.TemporaryDirectory(prefix="brickclass-fences-") as folder_name:
        folder = Path(folder_name)
        rows = [("read files outside its folder", *read_outside(folder)),
                ("write files outside its folder", *write_outside(folder)),
                ("reach the network", *network(folder)),
                ("end the world process", *end_the_world(folder))]
        started, how, left, what = start_processes(folder)
        rows += [("start other processes", started, how), ("leave processes behind", left, what),
                 ("use memory past 768 MB", *memory(folder)),
                 ("loop without calling the hub", *endless_loop(folder)),
                 ("outlive a killed world", *dies_with_world(folder))]
    for fence, held, seen in rows:
        print(f"  {fence:<32} {'held' if held else 'NOT held':<9} ({seen})")


if __name__ == "__main__":
    main()
