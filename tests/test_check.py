"""Before a real hub: `brickclass check` and `brickclass hub` say what would go wrong, in plain words."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from brickclass.checker import check_source
from robots.hub_link import HubProblem, RunOutcome, run_on_hub

PROGRAMS = sorted(Path("examples").glob("*.py")) + sorted(Path("lessons").glob("*/s*.py"))


@pytest.mark.parametrize("program", PROGRAMS, ids=str)
def test_every_example_and_lesson_program_is_ready_for_the_hub(program):
    assert check_source(program.read_text(encoding="utf-8"), program.name, program.parent) == []


def test_what_a_hub_lacks_is_found_with_its_line_and_a_hint():
    source = "import os\nfrom pybricks.tools import wait\nimport time\ntime.sleep(1)\nbig = 2**40\nsmall = 2**20\n"
    findings = {(f.line, f.kind) for f in check_source(source, lang="en")}
    assert findings == {(1, "module"), (3, "module"), (5, "integer")}
    hints = {f.line: f.hint for f in check_source(source, lang="sv")}
    assert "wait(1000)" in hints[3] and "heltal" in hints[5]


def test_math_is_spelled_umath_on_a_hub():
    (finding,) = check_source("import math\n", lang="en")
    assert "umath" in finding.hint
    assert check_source("import umath\nfrom urandom import randint\n") == []


def test_a_syntax_error_points_at_its_line():
    (finding,) = check_source("x = 1\nprint('hi'\n", lang="en")
    assert finding.kind == "syntax" and finding.line == 2


def test_the_programs_own_modules_may_be_imported(tmp_path):
    (tmp_path / "moves.py").write_text("def square():\n    pass\n", encoding="utf-8")
    assert check_source("import moves\nmoves.square()\n", folder=tmp_path) == []


def test_check_command_exit_codes(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import time\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "brickclass", "check", str(bad), "--json"], capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 1 and '"kind": "module"' in run.stdout
    good = subprocess.run([sys.executable, "-m", "brickclass", "check", "examples/square.py"], capture_output=True,
                          text=True, timeout=60)
    assert good.returncode == 0


def test_hub_without_bluetooth_or_hub_says_so_in_one_sentence():
    run = subprocess.run([sys.executable, "-m", "brickclass", "hub", "examples/square.py", "--timeout", "1"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith(("This computer has no Bluetooth", "No hub with Pybricks answered"))


def test_hub_refuses_a_program_that_would_fail_on_the_hub(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "brickclass", "hub", str(bad)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and "Fix these first" in run.stderr


class StandInBackend:
    """A backend that behaves like a hub (or a missing one) without any radio."""

    def __init__(self, find_error: BaseException | None = None, run_error: BaseException | None = None) -> None:
        self.find_error, self.run_error = find_error, run_error
        self.ran: list[Path] = []

    async def find(self, name, timeout):
        if self.find_error:
            raise self.find_error
        return object()

    async def run(self, device, program, on_output):
        if self.run_error:
            raise self.run_error
        self.ran.append(program)
        on_output("hello from the hub\n")
        await asyncio.sleep(0)
        return RunOutcome("finished")


def test_the_adapter_runs_the_program_and_streams_output(tmp_path):
    backend = StandInBackend()
    printed = []
    outcome = run_on_hub(Path("examples/square.py"), name="Rover", timeout=1, on_output=printed.append, backend=backend)
    assert outcome.stopped_by == "finished" and printed == ["hello from the hub\n"]
    assert backend.ran == [Path("examples/square.py")]


@pytest.mark.parametrize("error, reason", [
    (HubProblem("not_found"), "not_found"),
    (HubProblem("no_adapter"), "no_adapter"),
])
def test_the_adapter_passes_on_why_no_hub_was_reached(error, reason):
    with pytest.raises(HubProblem) as caught:
        run_on_hub(Path("examples/square.py"), name=None, timeout=1, on_output=print,
                   backend=StandInBackend(find_error=error))
    assert caught.value.reason == reason
