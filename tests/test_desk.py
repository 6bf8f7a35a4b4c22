"""A hub with motors on a desk (the virtual hub): its own mission, a summary of the
motors instead of a pose, and a picture of the hub with a dial per motor."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import textwrap

import pygame
import pytest

from brickclass.robots.models import load_robot
from brickclass.simulator.missions import default_mission_for, load_mission
from brickclass.simulator.render.desk import dials, on_dial
from brickclass.simulator.render.draw import FieldPainter
from brickclass.simulator.render.picture import PICTURE_SCALE, save_png
from brickclass.simulator.trace import Trace
from tests.runner import printed_numbers, run_source

pytestmark = pytest.mark.slow

# C swings to a quarter turn clockwise, E a quarter turn the other way; the
# program prints what every motor reads, in port order.
TURN_C_AND_E = """\
from pybricks.parameters import Port
from pybricks.pupdevices import Motor

a, b, c, e, f = (Motor(p) for p in (Port.A, Port.B, Port.C, Port.E, Port.F))
c.run_target(500, 90)
e.run_target(500, -90)
f.reset_angle(10)
print(a.angle(), b.angle(), c.angle(), e.angle(), f.angle())
"""

JUST_PRINT = 'print("hello")\n'


def brickclass(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "brickclass", *args], capture_output=True, text=True, timeout=300)


def is_pointer_red(pixel) -> bool:
    r, g, b = tuple(pixel)[:3]
    return r > 150 and g < 90 and b < 90


def dial_point(robot_id: str, mission_id: str, port: str, angle: float, reach: float, scale: float):
    """The pixel ``reach`` (share of the radius) out along ``angle`` on ``port``'s dial."""
    robot, mission = load_robot(robot_id), load_mission(mission_id)
    dial = next(d for d in dials(robot, mission.field.size) if d.port == port)
    painter = FieldPainter(mission, robot, scale)
    return painter.to_px(*on_dial(dial, angle, reach)), painter.to_px(*dial.center)


@pytest.fixture(scope="module")
def quarter_turns(tmp_path_factory):
    """`brickclass sim` of TURN_C_AND_E on the virtual hub: its JSON and its picture."""
    folder = tmp_path_factory.mktemp("desk")
    program = folder / "quarter.py"
    program.write_text(TURN_C_AND_E, encoding="utf-8")
    picture = folder / "end.png"
    done = brickclass("sim", str(program), "--robot", "virtualhub", "--json", "--png", str(picture),
                      "--trace", str(folder / "run.trace"))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), picture, folder / "run.trace"


# --- which mission -----------------------------------------------------------------


def test_a_robot_that_does_not_drive_gets_the_desk_and_a_rover_the_moon():
    assert default_mission_for(load_robot("virtualhub")) == "desk"
    assert default_mission_for(load_robot("spike-rover")) == "moon-sweeper"


def test_a_run_without_a_mission_picks_the_robots_own(tmp_path):
    on_desk = run_source(tmp_path, JUST_PRINT, robot="virtualhub", mission=None)
    on_moon = run_source(tmp_path, JUST_PRINT, mission=None)
    assert on_desk.mission == "desk" and on_desk.status == "finished"
    assert on_moon.mission.startswith("moon-sweeper")


def test_brickclass_sim_picks_the_desk_for_the_virtual_hub_only(tmp_path):
    program = tmp_path / "hello.py"
    program.write_text(JUST_PRINT, encoding="utf-8")
    missions = {}
    for robot in ("virtualhub", "spike-rover"):
        done = brickclass("sim", str(program), "--robot", robot, "--json")
        assert done.returncode == 0, done.stderr
        missions[robot] = json.loads(done.stdout)["mission"]
    assert missions["virtualhub"] == "desk"
    assert missions["spike-rover"].startswith("moon-sweeper")
    # A mission the teacher names wins.
    done = brickclass("sim", str(program), "--robot", "virtualhub", "--mission", "practice", "--json")
    assert json.loads(done.stdout)["mission"] == "practice"


def test_a_rover_can_still_drive_on_the_desk(tmp_path):
    result = run_source(tmp_path, "robot.straight(200)\n", rover=True, mission="desk")
    assert result.status == "finished", result.error
    assert result.final_pose["x_mm"] - result.start_pose["x_mm"] == pytest.approx(200, abs=15)
    assert result.max_score == 0


@pytest.mark.parametrize("lang, title", [("en", "Desk"), ("sv", "Skrivbord")])
def test_the_desk_is_listed_and_shown(lang, title):
    listed = brickclass("--lang", lang, "missions")
    assert any(line.split()[:2] == ["desk", title] for line in listed.stdout.splitlines())
    shown = brickclass("--lang", lang, "missions", "show", "desk")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(title)
    assert "1400 × 1000" in shown.stdout and "300 s" in shown.stdout


# --- what the run tells ----------------------------------------------------------------


def test_the_json_says_what_each_motor_reads_as_the_program_printed(quarter_turns):
    result, _, _ = quarter_turns
    assert result["status"] == "finished", result["error"]
    printed = [int(n) for n in result["stdout"].split()]
    assert printed[:2] == [123, 0] and printed[4] == 10
    assert printed[2] == pytest.approx(90, abs=2) and printed[3] == pytest.approx(-90, abs=2)
    assert result["motors"] == dict(zip("ABCEF", printed))
    assert result["drives"] is False
    # The keys graders and lessons read are all still there.
    assert {"score", "max_score", "breakdown", "final_pose", "start_pose", "stdout"} <= set(result)


def test_a_rovers_json_has_its_motors_too(tmp_path):
    result = run_source(tmp_path, "robot.straight(100)\nprint(left.angle(), right.angle())\n", rover=True)
    assert result.drives is True
    assert [result.motors["A"], result.motors["B"]] == printed_numbers(result)


@pytest.mark.parametrize("lang, motors, pose", [
    ("en", "Motors: A 123°, B 0°, C {c}°, E {e}°, F 45°", "The robot ended at"),
    ("sv", "Motorer: A 123°, B 0°, C {c}°, E {e}°, F 45°", "Roboten slutade på"),
])
def test_the_summary_lists_the_motors_instead_of_a_pose(tmp_path, lang, motors, pose):
    program = tmp_path / "swing.py"
    program.write_text(textwrap.dedent("""\
        from pybricks.parameters import Port
        from pybricks.pupdevices import Motor
        c, e = Motor(Port.C), Motor(Port.E)
        c.run_target(500, 90)
        e.run_target(500, -90)
        print(c.angle(), e.angle())
    """), encoding="utf-8")
    done = brickclass("--lang", lang, "sim", str(program), "--robot", "virtualhub", "--headless")
    assert done.returncode == 0, done.stderr
    c, e = done.stdout.split()[:2]
    assert abs(int(c) - 90) <= 2 and abs(int(e) + 90) <= 2
    assert motors.format(c=c, e=e) in done.stdout
    assert pose not in done.stdout
    # Nothing to score on a desk, so no score line either.
    assert "0 of" not in done.stdout and "0 av" not in done.stdout


def test_a_rovers_summary_still_says_where_it_ended(tmp_path):
    program = tmp_path / "hello.py"
    program.write_text(JUST_PRINT, encoding="utf-8")
    done = brickclass("--lang", "en", "sim", str(program), "--headless")
    assert "The robot ended at x = 200 mm, y = 200 mm, heading 90°." in done.stdout
    assert "Motors:" not in done.stdout


# --- what the pupil sees ----------------------------------------------------------------


def test_the_picture_shows_the_hub_and_a_dial_per_motor(quarter_turns):
    _, picture, _ = quarter_turns
    image = pygame.image.load(str(picture))
    mat = tuple(image.get_at((30, 30)))[:3]
    assert mat == (0xC8, 0xAA, 0x80)
    for port in "ABCEF":
        _, center = dial_point("virtualhub", "desk", port, 0, 0, PICTURE_SCALE)
        face = dial_point("virtualhub", "desk", port, 200, 0.5, PICTURE_SCALE)[0]
        assert tuple(image.get_at(face))[:3] != mat, port
    # The hub sits in the middle: light body, green status light in the centre button.
    middle = FieldPainter(load_mission("desk"), load_robot("virtualhub"), PICTURE_SCALE).to_px(700, 470)
    r, g, b = tuple(image.get_at(middle))[:3]
    assert g > 200 and r < 80 and b < 80


@pytest.mark.parametrize("port, angle, elsewhere", [("C", 90, 0), ("E", -90, 90), ("F", 45, -45), ("A", 123, 0)])
def test_each_pointer_points_where_its_motor_turned(quarter_turns, port, angle, elsewhere):
    _, picture, _ = quarter_turns
    image = pygame.image.load(str(picture))
    there, _ = dial_point("virtualhub", "desk", port, angle, 0.6, PICTURE_SCALE)
    not_there, _ = dial_point("virtualhub", "desk", port, elsewhere, 0.6, PICTURE_SCALE)
    assert is_pointer_red(image.get_at(there))
    assert not is_pointer_red(image.get_at(not_there))


def test_the_pointer_shows_the_shaft_even_after_reset_angle(tmp_path):
    # reset_angle changes what the motor reads, not where its shaft points.
    result = run_source(tmp_path, """
        from pybricks.parameters import Port
        from pybricks.pupdevices import Motor
        c = Motor(Port.C)
        c.run_target(500, 90)
        c.reset_angle(0)
        print(c.angle())
    """, robot="virtualhub", mission=None, trace=True)
    assert result.motors["C"] == 0 == printed_numbers(result)[0]
    shaft, reads = result.trace.frames[-1].motors["C"]
    assert shaft == pytest.approx(90, abs=2) and reads == 0
    picture = tmp_path / "reset.png"
    save_png(result.trace, picture)
    image = pygame.image.load(str(picture))
    there, _ = dial_point("virtualhub", "desk", "C", 90, 0.6, PICTURE_SCALE)
    assert is_pointer_red(image.get_at(there))


def test_the_window_turns_the_dials_as_the_motors_turn(tmp_path):
    from brickclass.simulator.render.window import SCALE, run_in_window
    from brickclass.simulator.run import RunOptions

    program = tmp_path / "quarter.py"
    program.write_text(TURN_C_AND_E, encoding="utf-8")
    screenshot = tmp_path / "window.png"
    result = run_in_window(RunOptions(program=program, robot="virtualhub"), speed=64, linger=False,
                           screenshot=str(screenshot))
    assert result.status == "finished", result.error
    image = pygame.image.load(str(screenshot))
    for port, angle, elsewhere in (("C", 90, 180), ("E", -90, 0)):
        there, _ = dial_point("virtualhub", "desk", port, angle, 0.6, SCALE)
        not_there, _ = dial_point("virtualhub", "desk", port, elsewhere, 0.6, SCALE)
        assert is_pointer_red(image.get_at(there)), port
        assert not is_pointer_red(image.get_at(not_there)), port


# --- traces, new and old ---------------------------------------------------------------------


def test_the_trace_keeps_the_motor_angles_and_the_light(quarter_turns):
    result, _, trace_file = quarter_turns
    last = Trace.load(trace_file).frames[-1]
    assert {port: reads for port, (_, reads) in last.motors.items()} == result["motors"]
    assert last.light == (120, 100, 100)  # green while a program runs


def _version_1_trace(mission: str, robot: str, pose: list[float]) -> bytes:
    """A trace as brickclass saved them before frames had motors and a light."""
    frames = [[t, pose, None, False, [], [], "hi\n" if t == 0 else "", 0] for t in (0, 50, 100)]
    data = {"format": "brickclass-trace", "version": 1, "mission": mission, "robot": robot, "seed": 0,
            "result": {"score": 0}, "frames": frames}
    return gzip.compress(json.dumps(data).encode("utf-8"))


@pytest.mark.parametrize("mission, robot, pose", [("desk", "virtualhub", [700, 500, 90]),
                                                  ("practice", "spike-rover", [1181, 571.5, 90])])
def test_a_trace_saved_before_motor_angles_still_plays(tmp_path, mission, robot, pose):
    from brickclass.simulator.render.replay import replay

    old = tmp_path / "old.trace"
    old.write_bytes(_version_1_trace(mission, robot, pose))
    trace = Trace.load(old)
    assert [f.motors for f in trace.frames] == [{}, {}, {}]
    assert trace.frames[-1].light is None
    save_png(trace, tmp_path / "old.png")
    assert pygame.image.load(str(tmp_path / "old.png")).get_size()[0] > 500
    shown = replay(trace, speed=64, linger=False, screenshot=str(tmp_path / "replay.png"))
    assert shown is trace.frames[-1]
    done = brickclass("replay", str(old), "--png", str(tmp_path / "cli.png"))
    assert done.returncode == 0, done.stderr


def test_a_trace_from_a_newer_brickclass_is_refused_kindly(tmp_path):
    future = tmp_path / "future.trace"
    future.write_bytes(gzip.compress(json.dumps({"format": "brickclass-trace", "version": 99}).encode("utf-8")))
    with pytest.raises(ValueError, match="version 99 is not supported"):
        Trace.load(future)
