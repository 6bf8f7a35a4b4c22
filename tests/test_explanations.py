"""What a pupil reads when their program goes wrong: the line, and one next step, in sv or en."""

from __future__ import annotations

import pytest

from brickclass.commands.sim import result_payload
from brickclass.language import set_language
from tests.runner import ROVER_SETUP, run_source

pytestmark = pytest.mark.slow

CASES = {
    "syntax": ("print('hello'\nprint('again')\n", 1),
    "name-misspelt": ("motor_speed = 300\nprint(motor_sped)\n", 2),
    "enodev": ("from pybricks.pupdevices import Motor\nfrom pybricks.parameters import Port\nMotor(Port.E)\n", 3),
    "await-forgotten": (
        "from pybricks.pupdevices import UltrasonicSensor\nfrom pybricks.parameters import Port\n"
        "from pybricks.tools import run_task\neyes = UltrasonicSensor(Port.D)\n\nasync def main():\n"
        "    if eyes.distance() < 100:\n        print('near')\n\nrun_task(main())\n", 7),
    "await-not-awaitable": (
        "from pybricks.tools import run_task\n\nasync def main():\n    await print('hi')\n\nrun_task(main())\n", 4),
    "wrong-arguments": (ROVER_SETUP + "robot.straight(100, 200, 300, 400, 500)\n", ROVER_SETUP.count("\n") + 1),
    "ebusy": (ROVER_SETUP + "second_robot = DriveBase(left, right, 56, 112)\n", ROVER_SETUP.count("\n") + 1),
    "import-missing": ("import time\ntime.sleep(1)\n", 1),
    "recursion": ("def dig(n):\n    return dig(n + 1)\n\ndig(0)\n", 2),
}


@pytest.mark.parametrize("expected", sorted(CASES))
def test_each_common_mistake_gets_its_own_explanation_in_both_languages(tmp_path, expected):
    source, line = CASES[expected]
    result = run_source(tmp_path, source)
    assert result.status == "error"
    texts = {}
    for lang in ("en", "sv"):
        set_language(lang)
        error = result_payload(result, source)["error"]
        assert error["explanation_id"] == expected, error
        assert error["line"] == line
        assert error["hint"] and error["title"]
        texts[lang] = error["hint"]
    set_language("en")
    assert texts["en"] != texts["sv"]


def test_a_syntax_error_shows_the_line_with_a_caret(tmp_path):
    source = "x = (1 +\n"
    result = run_source(tmp_path, source)
    error = result_payload(result, source)["error"]
    assert error["caret"].splitlines()[0] == "x = (1 +"
    assert error["caret"].splitlines()[1].strip() == "^"


def test_running_out_of_time_and_memory_and_never_waiting_are_explained(tmp_path):
    from brickclass.simulator.run import RunOptions, run_program

    cases = {
        "stuck": ("while True:\n    pass\n", {"watchdog_s": 1.0}),
        "memory": ("hoard = []\nwhile True:\n    hoard.append(bytearray(50_000_000))\n", {}),
    }
    for expected, (source, options) in cases.items():
        path = tmp_path / f"{expected}.py"
        path.write_text(source, encoding="utf-8")
        result = run_program(RunOptions(program=path, mission="practice", **options))
        assert result_payload(result, source)["error"]["explanation_id"] == expected
