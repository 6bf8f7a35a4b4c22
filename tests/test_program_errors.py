"""Programs that go wrong: the pupil sees what, where, and what to do next."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from brickclass.simulator.run import RunOptions, run_program
from tests.runner import run_source


def test_a_typo_is_reported_with_its_line_and_a_hint(tmp_path):
    result = run_source(tmp_path, "from pybricks.tools import wait\nwait(10)\nwiat(100)\n")
    assert result.status == "error"
    assert result.error["type"] == "NameError"
    assert result.error["line"] == 3


def test_a_port_with_nothing_on_it_raises_enodev_as_on_a_hub(tmp_path):
    program = """
from pybricks.parameters import Port
from pybricks.pupdevices import Motor
try:
    Motor(Port.D)
except OSError as error:
    print("errno", error.errno)
Motor(Port.E)
"""
    result = run_source(tmp_path, program)
    assert "errno 19" in result.stdout
    assert result.error["type"] == "OSError"
    assert result.error["line"] == 8
    assert "not connected" in result.error["message"]


def test_modules_the_hub_does_not_have_cannot_be_imported(tmp_path):
    result = run_source(tmp_path, "import time\ntime.sleep(1)\n")
    assert result.status == "error"
    assert result.error["type"] == "ImportError"
    assert result.error["line"] == 1


def test_an_endless_loop_without_hub_calls_is_caught_by_the_watchdog(tmp_path):
    path = tmp_path / "loop.py"
    path.write_text("x = 0\nwhile True:\n    x += 1\n", encoding="utf-8")
    result = run_program(RunOptions(program=path, mission="practice", watchdog_s=1.0))
    assert result.status == "error"
    assert result.error["type"] == "Stuck"


def test_a_loop_that_never_waits_is_reported_with_its_line_after_the_robot_did_what_it_was_told(tmp_path):
    from tests.runner import ROVER_SETUP

    program = ROVER_SETUP + "robot.drive(100, 0)\nx = 0\nwhile True:\n    x += 1\n"
    result = run_source(tmp_path, program)
    assert result.status == "error"
    assert result.error["type"] == "Stuck"
    assert result.error["line"] in (ROVER_SETUP.count("\n") + 3, ROVER_SETUP.count("\n") + 4)
    # A hub's motors run on while its program spins: the robot drove meanwhile, and the time says so.
    assert result.sim_time_s == pytest.approx(2.5, abs=0.01)
    assert result.final_pose["x_mm"] - result.start_pose["x_mm"] > 200


def test_a_loop_that_only_repeats_a_command_runs_on_until_time_is_up_as_on_a_hub(tmp_path):
    result = run_source(tmp_path, "while True:\n    robot.drive(100, 0)\n", rover=True, time_limit_s=5)
    assert result.status == "timeout"
    assert result.sim_time_s == pytest.approx(5.0, abs=0.01)
    assert result.final_pose["x_mm"] - result.start_pose["x_mm"] == pytest.approx(480, abs=30)


def test_a_busy_polling_loop_ends_by_virtual_time(tmp_path):
    program = """
from pybricks.tools import StopWatch
watch = StopWatch()
count = 0
while watch.time() < 2000:
    count += 1
print(count, watch.time())
"""
    result = run_source(tmp_path, program)
    assert result.status == "finished", result.error
    count, elapsed = (float(w) for w in result.stdout.split())
    assert 2000 <= elapsed <= 2010
    # Each API call costs the hub a few tens of microseconds, so the loop ran thousands of times, not millions.
    assert 10_000 < count < 100_000


def test_time_runs_out_at_the_limit(tmp_path):
    program = "from pybricks.tools import wait\nwhile True:\n    wait(1000)\n"
    result = run_source(tmp_path, program, time_limit_s=3)
    assert result.status == "timeout"
    assert result.sim_time_s == pytest.approx(3.0, abs=0.01)


def test_sys_exit_stops_the_program_quietly(tmp_path):
    result = run_source(tmp_path, "print('bye')\nraise SystemExit\nprint('never')\n")
    assert result.stdout.strip().splitlines()[0] == "bye"
    assert "never" not in result.stdout


@pytest.mark.parametrize("lang, words", [("en", "Did you mean"), ("sv", "Menade du")])
def test_the_command_line_explains_errors_in_the_pupils_language(tmp_path, lang, words):
    program = tmp_path / "typo.py"
    program.write_text("from pybricks.tools import wait\nwiat(100)\n", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "brickclass", "sim", str(program), "--json", "--mission", "practice", "--lang", lang],
        capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode != 0
    payload = json.loads(completed.stdout)
    assert payload["status"] == "error"
    assert payload["error"]["line"] == 2
    assert words in payload["error"]["hint"]


def test_json_output_is_exactly_one_object(tmp_path):
    program = tmp_path / "hello.py"
    program.write_text("print('hej')\n", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "brickclass", "sim", str(program), "--json", "--mission", "practice"],
        capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    payload = json.loads(completed.stdout)
    assert payload["status"] == "finished"
    assert payload["stdout"] == "hej\n"
    assert payload["error"] is None
    for key in ("sim_time_s", "wall_time_s", "score", "max_score", "breakdown", "start_pose", "final_pose"):
        assert key in payload
    assert payload["start_pose"] == {"x_mm": 1181.0, "y_mm": 571.5, "heading_deg": 90.0}


def test_output_piped_into_a_reader_that_stops_early_ends_quietly(tmp_path):
    program = tmp_path / "chatty.py"
    program.write_text("for n in range(5000):\n    print('line', n)\n", encoding="utf-8")
    command = [sys.executable, "-m", "brickclass", "--lang", "en", "sim", str(program), "--mission", "practice",
               "--headless"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as run:
        assert run.stdout is not None and run.stderr is not None
        run.stdout.readline()
        run.stdout.close()  # like `| head -1`
        errors = run.stderr.read().decode()
        run.wait(timeout=300)
    assert "Traceback" not in errors
    assert run.returncode == 1
