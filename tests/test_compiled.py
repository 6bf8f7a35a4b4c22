"""The simulator's hot modules, compiled or pure: the same run either way, bit for bit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from brickclass.simulator import compiled

ROOT = Path(__file__).resolve().parents[1]


def _sim_json(args: tuple[str, ...], pure: bool) -> dict:
    env = dict(os.environ)
    env.pop(compiled.PURE_SWITCH, None)
    if pure:
        env[compiled.PURE_SWITCH] = "1"
    done = subprocess.run([sys.executable, "-m", "brickclass", "sim", *args, "--headless", "--json"],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    result = json.loads(done.stdout)
    result.pop("wall_time_s")
    return result


def _status(pure: bool) -> str:
    env = dict(os.environ)
    env.pop(compiled.PURE_SWITCH, None)
    if pure:
        env[compiled.PURE_SWITCH] = "1"
    code = "from brickclass.simulator.compiled import STATUS; print(STATUS.compiled, STATUS.why_pure)"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env).stdout.strip()


@pytest.mark.skipif(not compiled.STATUS.compiled, reason="this install runs the simulator as pure Python")
@pytest.mark.slow
@pytest.mark.parametrize("program, mission, seed", [
    ("examples/sweeper_good.py", "moon-sweeper:3", 0),  # line following, the brush, pebbles, the gyro
    ("examples/stop_at_wall.py", "moon-sweeper:2", 4),  # the distance sensor and a wall
])
def test_a_run_is_the_same_compiled_and_pure(program, mission, seed):
    args = (program, "--mission", mission, "--seed", str(seed), "--time-limit", "25")
    assert _status(pure=True) == "False asked"
    assert _sim_json(args, pure=False) == _sim_json(args, pure=True)


@pytest.mark.skipif(shutil.which("cc") is None and shutil.which("gcc") is None and shutil.which("cl") is None,
                    reason="no C compiler here: the build installs pure Python")
def test_where_a_compiler_is_the_install_runs_compiled():
    # A hot module that stopped compiling (say, a type mypyc refuses) turns the
    # build quietly pure; this is where that is noticed.
    if os.environ.get(compiled.PURE_SWITCH) == "1":
        pytest.skip("pure Python asked for")
    assert _status(pure=False).startswith("True"), compiled.STATUS
