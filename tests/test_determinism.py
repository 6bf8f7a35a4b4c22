"""Every registered mission and level gives the same run twice (program, robot, mission and seed alike),
bit for bit, as Gymnasium's tests do for every registered environment.

A graded run stores the mission's id, version and seed: running it again must
give the score it got. The program drives, turns, reads every sensor and moves
the arm, so the physics, the firmware, the sensors and the referee all take part.
"""

from __future__ import annotations

import pytest

from brickclass.simulator.missions import available_missions, load_mission
from brickclass.simulator.run import RunOptions, run_program

pytestmark = pytest.mark.slow

DRIVER = """\
from pybricks.parameters import Direction, Port
from pybricks.pupdevices import ColorSensor, ForceSensor, Motor, UltrasonicSensor
from pybricks.robotics import DriveBase
from pybricks.tools import wait

arm = Motor(Port.C)
eye = ColorSensor(Port.E)
ears = UltrasonicSensor(Port.D)
bumper = ForceSensor(Port.F)
robot = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), 56, 112)
arm.run_target(300, 0, wait=False)
robot.straight(300)
robot.turn(-75)
robot.drive(180, 20)
for _ in range(40):
    print(eye.reflection(), eye.hsv(), ears.distance(), bumper.force(), arm.angle())
    wait(25)
robot.stop()
arm.run_until_stalled(200, duty_limit=40)
"""

DESK = """\
from pybricks.parameters import Port
from pybricks.pupdevices import Motor
from pybricks.tools import wait

a = Motor(Port.A)
c = Motor(Port.C)
a.run_angle(500, 720, wait=False)
c.run_until_stalled(-300, duty_limit=50)
wait(400)
print(a.angle(), c.angle())
"""


def registered() -> list[str]:
    ids = []
    for mission_id in available_missions():
        levels = load_mission(mission_id).levels
        ids.extend([f"{mission_id}:{level}" for level in levels] or [mission_id])
    return ids


def _same_run_twice(tmp_path, source: str, mission: str, robot: str, seed: int, noise: bool = False) -> None:
    program = tmp_path / "program.py"
    program.write_text(source, encoding="utf-8")
    runs = []
    for _ in range(2):
        result = run_program(RunOptions(program=program, mission=mission, robot=robot, seed=seed, noise=noise,
                                        time_limit_s=6, trace=True))
        payload = result.to_json()
        payload.pop("wall_time_s")
        runs.append((payload, result.trace.to_bytes()))
    first, second = runs
    assert first[0]["status"] in ("finished", "timeout"), first[0]["error"]
    assert first[0] == second[0]
    assert first[1] == second[1]


def test_every_registered_mission_and_level_is_found():
    ids = registered()
    assert "moon-sweeper:1" in ids and "moon-sweeper:3" in ids and "practice" in ids and len(ids) >= 6


@pytest.mark.parametrize("mission", registered())
def test_the_same_run_twice_on_every_mission_and_level(tmp_path, mission):
    _same_run_twice(tmp_path, DRIVER, mission, "spike-rover", seed=11)


def test_the_same_run_twice_with_seeded_noise(tmp_path):
    _same_run_twice(tmp_path, DRIVER, "moon-sweeper:3", "spike-rover", seed=5, noise=True)


def test_the_same_run_twice_for_motors_on_the_desk(tmp_path):
    _same_run_twice(tmp_path, DESK, "desk", "virtualhub", seed=2)
