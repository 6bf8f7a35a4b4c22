"""Find the programs of each suite in a checkout, run them, and judge how they ended.

Two suites:

- ``firmware``: pybricks-micropython's tests/virtualhub. Each program runs on
  the ``virtualhub`` robot and must finish and print exactly its ``.exp`` file.
- ``examples``: pybricks-api's examples/pup and examples/micropython. Each
  runs on the classroom rover with its devices moved to the rover's ports and
  must end as it would on a hub: finished, still running at the time limit, or
  with an error a hub gives for a robot without that part (OSError ENODEV for
  a missing device, ETIMEDOUT for a remote that never answers, ImportError for
  another hub's class). The rover is a lone hub: an example that talks to a
  second hub or a remote passes when it ends as it would with nobody there
  (broadcasting or listening until the time limit, or ETIMEDOUT). An
  AttributeError, TypeError, NameError or NotImplementedError means our API
  is wrong, and so does anything else.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from brickclass.conformance.ports import move_ports
from brickclass.robots.models import load_robot

EXAMPLES_ROBOT = "spike-rover"
EXAMPLES_MISSION = "practice"
EXAMPLES_TIME_LIMIT_S = 20.0
FIRMWARE_TIME_LIMIT_S = 120.0

# The hub classes of the Pybricks package; a program that imports one its hub
# lacks gets ImportError on a hub too.
HUB_CLASSES = {"PrimeHub", "InventorHub", "EssentialHub", "TechnicHub", "CityHub", "MoveHub", "VirtualHub", "EV3Brick",
               "NXTBrick"}
HUB_ERRNOS = {19: "ENODEV", 110: "ETIMEDOUT"}


@dataclass(frozen=True)
class Program:
    suite: str  # firmware | examples
    name: str  # path inside the suite, for reports
    path: Path
    expected_output: str | None = None  # firmware tests only


@dataclass(frozen=True)
class Verdict:
    program: Program
    passed: bool
    ending: str  # finished | running at the time limit | OSError ENODEV | … | what went wrong
    detail: str = ""


def firmware_programs(checkout: Path) -> list[Program]:
    root = checkout / "tests" / "virtualhub"
    if not root.is_dir():
        raise FileNotFoundError(f"{checkout} has no tests/virtualhub: is it a pybricks-micropython checkout?")
    return [Program("firmware", str(path.relative_to(root)), path, path.with_suffix(".py.exp").read_text("utf-8"))
            for path in sorted(root.rglob("*.py")) if path.with_suffix(".py.exp").exists()]


# Files among the examples that are not hub programs.
NOT_HUB_PROGRAMS = {
    "pup/hub_common/make_examples.py": "a script for the computer that writes the per-hub examples from the templates",
}


def example_programs(checkout: Path) -> list[Program]:
    root = checkout / "examples"
    if not (root / "pup").is_dir():
        raise FileNotFoundError(f"{checkout} has no examples/pup: is it a pybricks-api checkout?")
    found = [Program("examples", str(path.relative_to(root)), path)
             for folder in ("pup", "micropython") for path in sorted((root / folder).rglob("*.py"))]
    return [program for program in found if program.name not in NOT_HUB_PROGRAMS]


def checkout_commit(checkout: Path) -> str:
    """The commit a checkout is at (for the report), or "unknown" without git."""
    try:
        done = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short=9", "HEAD"],
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else "unknown"


def _simulate(program: Path, robot: str, mission: str | None, time_limit_s: float) -> dict:
    command = [sys.executable, "-m", "brickclass", "--lang", "en", "sim", str(program), "--robot", robot,
               "--headless", "--json", "--time-limit", str(time_limit_s)]
    if mission:
        command += ["--mission", mission]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        return {"status": "broken", "stdout": "", "error": {"type": "NoResult", "message": done.stderr[-2000:]}}


def judge_firmware(program: Program) -> Verdict:
    result = _simulate(program.path, "virtualhub", None, FIRMWARE_TIME_LIMIT_S)
    if result["status"] != "finished":
        error = result.get("error") or {}
        return Verdict(program, False, result["status"], f"{error.get('type')}: {error.get('message')}")
    if result["stdout"] != program.expected_output:
        return Verdict(program, False, "finished with other output",
                       f"expected {program.expected_output!r}, printed {result['stdout']!r}")
    return Verdict(program, True, "finished, output as expected")


def example_ending(result: dict) -> tuple[bool, str]:
    """Whether a run of an example ended as on a hub, and how it ended."""
    status = result["status"]
    if status == "finished":
        return True, "finished"
    if status == "timeout":
        return True, "running at the time limit"
    error = result.get("error") or {}
    kind, message = error.get("type", "?"), error.get("message", "")
    number = re.match(r"\[Errno (\d+)\]", message)
    errno = error.get("errno") or (int(number[1]) if number else None)
    if status == "error" and kind == "OSError" and errno in HUB_ERRNOS:
        return True, f"OSError {HUB_ERRNOS[errno]}"
    if status == "error" and kind == "ImportError" and any(name in message for name in HUB_CLASSES):
        return True, "ImportError (another hub's class)"
    if status == "stopped" and kind == "KeyboardInterrupt":
        return True, "KeyboardInterrupt raised by the program"
    first_line = message.strip().splitlines()[0] if message.strip() else ""
    return False, f"{status}: {kind}: {first_line} (line {error.get('line')})"


def judge_example(program: Program) -> Verdict:
    robot = load_robot(EXAMPLES_ROBOT)
    # Run as written: ``ThisHub`` is the rover's hub, as on any hub.
    source = move_ports(program.path.read_text("utf-8"), robot)
    with tempfile.TemporaryDirectory(prefix="brickclass-example-") as folder:
        # Keep the example's own folder name: some examples import a module beside them.
        copy = Path(folder) / program.path.name
        copy.write_text(source, encoding="utf-8")
        for sibling in program.path.parent.glob("*.py"):
            if sibling != program.path:
                (Path(folder) / sibling.name).write_text(sibling.read_text("utf-8"), encoding="utf-8")
        result = _simulate(copy, EXAMPLES_ROBOT, EXAMPLES_MISSION, EXAMPLES_TIME_LIMIT_S)
    passed, ending = example_ending(result)
    return Verdict(program, passed, ending, "" if passed else result.get("stdout", "")[-200:].strip())


def judge(program: Program) -> Verdict:
    return judge_firmware(program) if program.suite == "firmware" else judge_example(program)
