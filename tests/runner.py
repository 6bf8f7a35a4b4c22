"""Run a pupil program in the simulator from a test, the way `brickclass sim` does."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from brickclass.simulator.run import RunOptions, RunResult, run_program

ROVER_SETUP = """\
from pybricks.hubs import PrimeHub
from pybricks.parameters import Direction, Port, Stop
from pybricks.pupdevices import Motor, UltrasonicSensor, ColorSensor, ForceSensor
from pybricks.robotics import DriveBase
from pybricks.tools import StopWatch, multitask, run_task, wait

hub = PrimeHub()
left = Motor(Port.A, Direction.COUNTERCLOCKWISE)
right = Motor(Port.B)
robot = DriveBase(left, right, wheel_diameter=56, axle_track=112)
"""


def run_source(tmp_path: Path, source: str, *, name: str = "program.py", rover: bool = False,
               mission: str = "practice", **options: Any) -> RunResult:
    """Write ``source`` as a pupil's file and run it headless; returns the run's result."""
    code = textwrap.dedent(source)
    if rover:
        code = ROVER_SETUP + code
    path = tmp_path / name
    path.write_text(code, encoding="utf-8")
    return run_program(RunOptions(program=path, mission=mission, **options))


def printed_numbers(result: RunResult) -> list[float]:
    """Every number the program printed, in order."""
    numbers = []
    for word in result.stdout.replace(",", " ").split():
        try:
            numbers.append(float(word))
        except ValueError:
            pass
    return numbers
