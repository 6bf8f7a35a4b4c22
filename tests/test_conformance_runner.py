"""The conformance runner (``python -m brickclass.conformance``) judges fairly.

The real suites live in the Pybricks repositories and are not in CI (no
GitHub there), so these tests give the runner small checkouts of our own
making and check each judging rule on its own.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from brickclass.conformance.ports import move_ports
from brickclass.conformance.suites import checkout_commit, example_ending
from brickclass.robots.models import load_robot

ROOT = Path(__file__).resolve().parents[1]


def test_sensors_move_to_the_ports_where_the_rover_has_them():
    rover = load_robot("spike-rover")  # colour on E, distance on D, force on F
    source = (
        "eye = ColorSensor(Port.A)\n"
        "again = ColorSensor(Port.A)\n"
        "sonar = UltrasonicSensor(Port.C)\n"
        "wheel = Motor(Port.B)\n"
        "light = ColorDistanceSensor(Port.B)\n"
    )
    moved = move_ports(source, rover).splitlines()
    assert moved[0] == "eye = ColorSensor(Port.E)"
    assert moved[1] == "again = ColorSensor(Port.E)"  # same port before, same port after
    assert moved[2] == "sonar = UltrasonicSensor(Port.D)"
    assert moved[3] == "wheel = Motor(Port.B)"  # the rover has a motor there already
    # A device the rover does not have keeps its port and meets ENODEV.
    assert moved[4] == "light = ColorDistanceSensor(Port.B)"


def test_two_motors_on_different_ports_stay_on_different_ports():
    rover = load_robot("spike-rover")
    moved = move_ports("a = Motor(Port.E)\nb = Motor(Port.F)\nc = Motor(Port.E)\n", rover).splitlines()
    ports = [line[-2] for line in moved]
    assert ports[0] == ports[2] and ports[0] != ports[1]
    assert set(ports) <= {"A", "B", "C"}


def test_a_folder_that_is_not_a_git_checkout_has_an_unknown_commit(tmp_path):
    assert checkout_commit(tmp_path) == "unknown"


def _error(kind, message, status="error"):
    return {"status": status, "error": {"type": kind, "message": message, "line": 3}}


def test_endings_a_hub_gives_pass_and_api_mistakes_fail():
    assert example_ending({"status": "finished"}) == (True, "finished")
    assert example_ending({"status": "timeout"})[0]
    assert example_ending(_error("OSError", "[Errno 19] ENODEV"))[0]
    assert example_ending(_error("OSError", "[Errno 110] ETIMEDOUT"))[0]
    assert example_ending(_error("ImportError", "can't import name TechnicHub"))[0]
    assert example_ending(_error("KeyboardInterrupt", "", status="stopped"))[0]
    for kind in ("AttributeError", "TypeError", "NameError", "NotImplementedError"):
        passed, ending = example_ending(_error(kind, "something of ours is missing"))
        assert not passed and kind in ending and "line 3" in ending
    assert not example_ending(_error("OSError", "[Errno 5] EIO"))[0]
    assert not example_ending(_error("ImportError", "no module named os"))[0]


def _checkouts(tmp_path: Path) -> tuple[Path, Path]:
    firmware = tmp_path / "firmware"
    tests = firmware / "tests" / "virtualhub" / "timing"
    tests.mkdir(parents=True)
    (tests / "exact.py").write_text("from pybricks.tools import wait, StopWatch\nw = StopWatch()\nwait(70)\n"
                                    "print(w.time())\n")
    (tests / "exact.py.exp").write_text("70\n")
    (tests / "wrong.py").write_text("print('hello')\n")
    (tests / "wrong.py.exp").write_text("goodbye\n")
    api = tmp_path / "api"
    pup = api / "examples" / "pup" / "color_sensor"
    pup.mkdir(parents=True)
    (pup / "reflection.py").write_text("from pybricks.pupdevices import ColorSensor\nfrom pybricks.parameters "
                                       "import Port\nprint(ColorSensor(Port.A).reflection())\n")
    (pup / "typo.py").write_text("from pybricks.pupdevices import ColorSensor\nfrom pybricks.parameters "
                                 "import Port\nColorSensor(Port.A).reflektion()\n")
    hub_common = api / "examples" / "pup" / "hub_common"
    hub_common.mkdir()
    # The official hub examples are written for any hub: ThisHub is the running one.
    (hub_common / "light_off.py").write_text("# ThisHub = MoveHub CityHub\nfrom pybricks.hubs import ThisHub\n"
                                             "hub = ThisHub()\nhub.light.off()\nprint(type(hub).__name__)\n")
    (api / "examples" / "micropython").mkdir(parents=True)
    return firmware, api


def test_the_runner_reports_each_program_and_fails_when_one_does(tmp_path):
    firmware, api = _checkouts(tmp_path)
    done = subprocess.run([sys.executable, "-m", "brickclass.conformance", "--firmware", str(firmware),
                           "--api", str(api), "-v"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    lines = done.stdout.splitlines()
    assert done.returncode == 1, done.stdout + done.stderr
    assert any(line.startswith("PASS firmware  timing/exact.py") for line in lines)
    assert any(line.startswith("FAIL firmware  timing/wrong.py") for line in lines)
    assert any(line.startswith("PASS examples  pup/color_sensor/reflection.py") for line in lines)
    assert any(line.startswith("FAIL examples  pup/color_sensor/typo.py") and "AttributeError" in line
               for line in lines)
    assert any(line.startswith("PASS examples  pup/hub_common/light_off.py") and line.endswith(" finished")
               for line in lines)
    assert "firmware: 1 of 2 end as on a hub (at unknown)" in lines
    assert "examples: 2 of 3 end as on a hub (at unknown)" in lines


def test_the_runner_says_when_a_folder_is_not_a_checkout(tmp_path):
    done = subprocess.run([sys.executable, "-m", "brickclass.conformance", "--firmware", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "is it a pybricks-micropython checkout?" in done.stderr
    assert "Traceback" not in done.stderr
