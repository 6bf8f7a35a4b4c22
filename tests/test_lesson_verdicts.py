"""Lesson verdicts a teacher can trust: programs that do not do the task fail, whatever their text.

Each lesson has programs a pupil would plausibly hand in that do not do what the
lesson asks: a distance measured once and typed in, an out-and-back for a
square, a sensor made but never read while driving. Each must fail, on the
criterion that says why. A lesson that teaches a sensor is judged on more than
one field, so a program tuned to the lesson's own field fails on another.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from brickclass.classroom.judging import check_program
from brickclass.classroom.judging.path import corners, sides
from brickclass.language.verdict import finding_text
from brickclass.lessons import find_lesson, load_library
from tests.runner import run_source

ROVER = """\
from pybricks.hubs import PrimeHub
from pybricks.parameters import Direction, Port
from pybricks.pupdevices import ColorSensor, ForceSensor, Motor, UltrasonicSensor
from pybricks.robotics import DriveBase
from pybricks.tools import multitask, run_task, wait

hub = PrimeHub()
robot = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), wheel_diameter=56, axle_track=112)
arm = Motor(Port.C)
eyes = UltrasonicSensor(Port.D)
eye = ColorSensor(Port.E)
bumper = ForceSensor(Port.F)
"""

# lesson -> (what the pupil did, the program after the rover's set-up, a criterion that must fail)
WRONG: dict[str, list[tuple[str, str, str]]] = {
    "01-drive": [
        ("centimetres instead of millimetres", "robot.straight(50)", "moved"),
        ("backwards", "robot.straight(-500)", "moved"),
    ],
    "02-turn": [
        ("a left turn", "robot.turn(-90)\nrobot.straight(300)", "turned"),
        ("drives first, then turns", "robot.straight(300)\nrobot.turn(90)", "moved"),
    ],
    "03-square": [
        ("out and back", "robot.straight(600)\nrobot.straight(-600)", "square"),
        ("a 400 × 200 rectangle", "for i in range(2):\n    robot.straight(400)\n    robot.turn(90)\n"
                                 "    robot.straight(200)\n    robot.turn(90)", "square"),
        ("three sides", "for i in range(3):\n    robot.straight(300)\n    robot.turn(90)", "square"),
        ("turns of 45°", "for i in range(4):\n    robot.straight(300)\n    robot.turn(45)", "square"),
    ],
    "04-wait": [
        ("seconds instead of milliseconds", "robot.drive(150, 0)\nwait(2)\nrobot.stop()", "distance"),
        ("straight() at its own speed, then a wait", "robot.straight(300)\nwait(500)", "speed"),
        ("twice as fast for half the time", "robot.drive(300, 0)\nwait(1000)\nrobot.stop()", "time"),
    ],
    "05-arm": [
        ("only up", "arm.run_target(300, 90)", "arm"),
        ("only down", "arm.run_angle(300, -90)", "arm"),
    ],
    "06-stop-at-line": [
        ("a distance measured once, one unused reading", "eye.reflection()\nrobot.straight(840)", "line"),
        ("a time measured once", "robot.drive(150, 0)\nwait(5530)\nrobot.stop()", "line"),
        ("reads while driving, but stops by distance",
         "robot.drive(150, 0)\nwhile robot.distance() < 840:\n    eye.reflection()\nrobot.stop()", "line"),
    ],
    "07-follow-line": [
        ("the route driven from memory",
         "robot.straight(880)\nrobot.turn(-11)\nrobot.straight(200)\nrobot.turn(-26)\nrobot.straight(200)\n"
         "robot.turn(-29)\nrobot.straight(197)\nrobot.turn(-21)\nrobot.straight(330)", "near"),
        ("bang-bang steering so hard it zig-zags off the line",
         "while robot.distance() < 1800:\n    if eye.reflection() < 49:\n        robot.drive(100, 40)\n"
         "    else:\n        robot.drive(100, -40)\nrobot.stop()", "near"),
    ],
    "08-distance-sensor": [
        ("the starter with a longer distance", "robot.straight(1690)", "wall"),
        ("reads once standing, then drives that far", "robot.straight(eyes.distance() - 200)", "sensor"),
        ("a time measured once", "robot.drive(200, 0)\nwait(8450)\nrobot.stop()", "wall"),
        ("reads while driving, but stops by distance",
         "robot.drive(200, 0)\nwhile robot.distance() < 1690:\n    eyes.distance()\nrobot.stop()", "wall"),
        ("stops in the right place, then crashes where the wall is nearer",
         "robot.drive(200, 0)\nwhile eyes.distance() > 200:\n    pass\nrobot.stop()\nif robot.distance() < 1000:\n"
         "    print(1 / 0)", "finished"),
    ],
    "09-bumper": [
        ("drives a distance into the wall, then back", "robot.straight(1890)\nrobot.straight(-100)", "sensor"),
        ("a time measured once", "robot.drive(150, 0)\nwait(12600)\nrobot.stop()\nrobot.straight(-100)", "sensor"),
        ("forgets to back away", "robot.drive(150, 0)\nwhile not bumper.pressed():\n    wait(10)\nrobot.stop()",
         "back"),
    ],
    "10-functions": [
        ("the inside angle instead of the turn", "def side():\n    robot.straight(300)\n    robot.turn(60)\n\n"
                                                 "for i in range(3):\n    side()", "triangle"),
        ("square corners", "def side():\n    robot.straight(300)\n    robot.turn(90)\n\nfor i in range(3):\n    side()",
         "triangle"),
        ("sides too short", "def side():\n    robot.straight(100)\n    robot.turn(120)\n\nfor i in range(3):\n    side()",
         "triangle"),
    ],
    "11-variables": [
        ("the diameter instead of the circumference", "robot.straight(3 * 56)", "turns"),
        ("one wheel turn", "robot.straight(3.1416 * 56)", "turns"),
        ("a guess", "robot.straight(500)", "turns"),
    ],
    "12-gyro": [
        ("the square without the gyro", "for i in range(4):\n    robot.straight(300)\n    robot.turn(90)", "gyro"),
        ("the gyro switched on after driving", "for i in range(4):\n    robot.straight(300)\n    robot.turn(90)\n"
                                               "robot.use_gyro(True)", "square"),
    ],
    "13-multitask": [
        ("arm first, then drive", "arm.run_target(300, 0)\nrobot.straight(400)\narm.run_target(300, 90)", "together"),
        ("drive first, then the arm", "robot.straight(400)\narm.run_target(300, 0)", "sweep"),
    ],
}
# Whole programs: the moon lessons, and the robot with wheels of unknown size.
LESSONS = Path("lessons")
WRONG_FILES: dict[str, list[tuple[str, str, str]]] = {
    "14-moon-1": [("the route without lowering the arm", (LESSONS / "14-moon-1" / "solution.py").read_text(
        encoding="utf-8").replace("arm.run_until_stalled(-200, duty_limit=30)\n", ""), "score")],
    "15-moon-2": [("the level 1 route", (LESSONS / "14-moon-1" / "solution.py").read_text(encoding="utf-8"), "score")],
    "16-moon-3": [("one row of panels", (LESSONS / "15-moon-2" / "solution.py").read_text(encoding="utf-8"), "score")],
    "17-real-hub": [
        ("a shorter distance instead of the wheel size",
         (LESSONS / "17-real-hub" / "starter.py").read_text(encoding="utf-8").replace("straight(1000)", "straight(911)"),
         "measure"),
        ("the wheel size scaled the wrong way",
         (LESSONS / "17-real-hub" / "starter.py").read_text(encoding="utf-8").replace("wheel_diameter=56",
                                                                                      "wheel_diameter=51"), "metre"),
    ],
    # More wrong programs and wrong moons: tests/test_own_moon_lesson.py.
    "18-my-moon": [("the route without lowering the arm", (LESSONS / "18-my-moon" / "solution.py").read_text(
        encoding="utf-8").replace("arm.run_until_stalled(-200, duty_limit=30)\n", ""), "swept")],
}
CASES = [(lesson, what, ROVER + body + "\n", fails) for lesson, cases in WRONG.items() for what, body, fails in cases] + \
    [(lesson, what, source, fails) for lesson, cases in WRONG_FILES.items() for what, source, fails in cases]
SENSOR_LESSONS = ["06-stop-at-line", "07-follow-line", "08-distance-sensor", "09-bumper", "12-gyro"]


def _check(tmp_path: Path, lesson_id: str, source: str):
    lesson = find_lesson(lesson_id)
    program = tmp_path / "pupil.py"
    program.write_text(source, encoding="utf-8")
    if lesson.own_field is not None:  # a lesson on the pupil's own moon: the lesson's example moon
        shutil.copyfile(lesson.folder / lesson.own_field, tmp_path / lesson.own_field)
    return check_program(lesson, program)


def test_every_lesson_has_wrong_programs_that_must_fail():
    assert {lesson.id for lesson in load_library()} == set(WRONG) | set(WRONG_FILES)


@pytest.mark.slow
@pytest.mark.parametrize("lesson_id, what, source, fails", CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_a_program_that_does_not_do_the_task_fails(tmp_path, lesson_id, what, source, fails):
    verdict = _check(tmp_path, lesson_id, source)
    assert not verdict.passed, what
    failed = {criterion.id for criterion in verdict.criteria if not criterion.passed}
    assert fails in failed, (what, failed)


@pytest.mark.parametrize("lesson_id", [lesson.id for lesson in load_library()])
def test_every_lesson_asks_for_a_program_that_ends_without_an_error(lesson_id):
    assert {"finished", "finish_within"} & {criterion.kind for criterion in find_lesson(lesson_id).criteria}


@pytest.mark.parametrize("lesson_id", SENSOR_LESSONS)
def test_a_lesson_that_teaches_a_sensor_is_judged_on_more_than_one_field(lesson_id):
    lesson = find_lesson(lesson_id)
    assert len(lesson.fields) >= 2
    assert len(set(lesson.fields)) == len(lesson.fields)


@pytest.mark.slow
@pytest.mark.parametrize("lesson_id, body", [
    ("06-stop-at-line", "robot.drive(150, 0)\nwhile robot.distance() < 840:\n    eye.reflection()\nrobot.stop()"),
    ("08-distance-sensor", "robot.drive(200, 0)\nwhile robot.distance() < 1690:\n    eyes.distance()\nrobot.stop()"),
])
def test_a_distance_measured_on_the_lessons_field_passes_there_and_fails_on_another(tmp_path, lesson_id, body):
    verdict = _check(tmp_path, lesson_id, ROVER + body + "\n")
    on_own_field = [criterion.findings[0].passed for criterion in verdict.criteria]
    assert all(on_own_field), "tuned to the lesson's own field, it does the task there"
    assert not verdict.passed
    assert any(criterion.failed_on for criterion in verdict.criteria)
    assert all(0 not in criterion.failed_on for criterion in verdict.criteria)


class TestShapes:
    """A shape is judged from the path on the table, not from the commands that drew it."""

    @staticmethod
    def _walk(*moves: tuple[float, float]) -> list[tuple[float, float, float]]:
        """Poses every 50 ms for drives (mm, 0) and turns in place (0, degrees), at 200 mm/s and 90°/s."""
        import math

        x, y, heading = 1000.0, 500.0, 90.0
        poses = [(x, y, heading)]
        for distance, turn in moves:
            steps = max(1, round(abs(distance) / 10)) if distance else max(1, round(abs(turn) / 4.5))
            for _ in range(steps):
                if distance:
                    x += distance / steps * math.sin(math.radians(heading))
                    y += distance / steps * math.cos(math.radians(heading))
                else:
                    heading += turn / steps
                poses.append((x, y, heading))
            for _ in range(3):  # the robot settles between moves
                poses.append((x, y, heading))
        return poses

    def test_a_square_has_four_equal_sides_and_four_right_turns_the_same_way(self):
        drawn = sides(self._walk(*[(300, 0), (0, 90)] * 4))
        assert [round(side.length) for side in drawn] == [300] * 4
        assert [round(turn) for turn in corners(drawn, closed=True)] == [90] * 4

    def test_out_and_back_is_two_sides_with_a_half_turn_between(self):
        drawn = sides(self._walk((600, 0), (-600, 0)))
        assert len(drawn) == 2
        assert abs(round(corners(drawn, closed=False)[0])) == 180

    def test_a_side_driven_in_two_pieces_is_one_side(self):
        drawn = sides(self._walk((150, 0), (150, 0), (0, 90), (300, 0)))
        assert [round(side.length) for side in drawn] == [300, 300]


@pytest.mark.slow
def test_the_run_records_when_a_sensor_was_read_while_the_robot_moved(tmp_path):
    made_only = run_source(tmp_path, ROVER + "robot.straight(300)\n", name="made.py")
    once = run_source(tmp_path, ROVER + "eye.reflection()\nrobot.straight(300)\n", name="once.py")
    polled = run_source(tmp_path, ROVER + "robot.drive(150, 0)\nwhile robot.distance() < 300:\n"
                                          "    eye.reflection()\nrobot.stop()\n", name="polled.py")
    assert "ColorSensor:E" not in made_only.sensor_reads
    assert once.sensor_reads["ColorSensor:E"] == {"still": 1, "moving": 0}
    assert polled.sensor_reads["ColorSensor:E"]["moving"] > 100


@pytest.mark.slow
def test_the_drive_base_reports_what_it_measured(tmp_path):
    result = run_source(tmp_path, ROVER + "robot.straight(250)\nrobot.turn(90)\n")
    assert result.odometry == {"distance_mm": pytest.approx(250, abs=3), "angle_deg": pytest.approx(90, abs=3)}


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "brickclass", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "BRICKCLASS_HOME": str(tmp_path / "home")})


@pytest.mark.slow
def test_check_names_the_field_where_it_failed_and_why_in_swedish(tmp_path):
    program = tmp_path / "linje.py"
    program.write_text(ROVER + "print('hej från roboten')\neye.reflection()\nrobot.straight(840)\n", encoding="utf-8")
    checked = _cli(tmp_path, "lessons", "check", "6", str(program), "--lang", "sv")
    assert checked.returncode == 1
    out = checked.stdout
    # The program's own output, then the fields and the verdict, all in Swedish.
    assert "hej från roboten" in out
    assert "Kontrollerat på 3 banor" in out
    assert "✗ 2. Linjer 3: stanna vid en närmare linje" in out
    assert "på ”Linjer 3: stanna vid en närmare linje”: stannade 391 mm därifrån" in out
    assert "läst 0 gånger medan roboten rörde sig" in out
    assert f"brickclass lessons run 06-stop-at-line {program} --field 2" in out
    assert "(finished)" not in out and "(error)" not in out


@pytest.mark.slow
def test_check_in_json_holds_every_field_as_keys_and_values(tmp_path):
    program = tmp_path / "wall.py"
    program.write_text(ROVER + "robot.straight(1690)\n", encoding="utf-8")
    report = json.loads(_cli(tmp_path, "lessons", "check", "08-distance-sensor", str(program), "--json").stdout)
    assert report["passed"] is False
    assert [f["mission"] for f in report["fields"]] == ["lesson-wall:1", "lesson-wall:2", "lesson-wall:3"]
    wall = next(c for c in report["criteria"] if c["id"] == "wall")
    assert [f["passed"] for f in wall["findings"]] == [True, False, False]
    assert wall["findings"][1]["why"] == "wall" and isinstance(wall["findings"][1]["values"]["mm"], int)


@pytest.mark.slow
def test_run_drives_the_program_on_the_lessons_field(tmp_path):
    program = tmp_path / "stop.py"
    program.write_text((LESSONS / "06-stop-at-line" / "solution.py").read_text(encoding="utf-8"), encoding="utf-8")
    for field, line_x in ((1, 1200), (3, 1650)):
        ran = _cli(tmp_path, "lessons", "run", "06", str(program), "--field", str(field), "--headless", "--lang", "en")
        assert ran.returncode == 0, ran.stderr
        x = int(ran.stdout.split("x = ")[1].split(" mm")[0])
        assert abs(x + 60 - line_x) <= 30  # the colour sensor is 60 mm ahead of the axle


def test_every_finding_has_words_in_both_languages():
    from brickclass.language import catalogue

    for lang in ("en", "sv"):
        whys = {key.split(".")[2] for key in catalogue(lang) if key.startswith("lessons.detail.")}
        assert whys == {key.split(".")[2] for key in catalogue("en") if key.startswith("lessons.detail.")}
    assert finding_text("reads", {"count": 1}, "sv") == "läst 1 gång medan roboten rörde sig"
    assert finding_text("seconds", {"seconds": 2.5}, "sv") == "2,5 s"
    assert finding_text("status", {"status": "error"}, "sv") == "programmet stannade med ett fel"
    assert finding_text("status", {"status": "finished"}, "en", passed=True) == ""


def test_every_finding_the_judge_can_give_has_words():
    import re

    from brickclass.language import catalogue

    source = Path("brickclass/classroom/judging/criteria.py").read_text(encoding="utf-8")
    whys = set(re.findall(r'Finding\([^,()]+(?:\([^()]*\))?[^,()]*, "(\w+)"', source))
    assert {"drove", "reads", "corners", "odometry", "status"} <= whys
    for lang in ("en", "sv"):
        assert {f"lessons.detail.{why}" for why in whys} <= set(catalogue(lang))
