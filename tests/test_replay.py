"""Saved runs: the trace keeps the run, replay shows it again, a broken file is refused kindly."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

from brickclass.simulator.render.replay import replay
from brickclass.simulator.trace import Trace

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def saved_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("replay")
    trace_file = folder / "run.trace"
    completed = subprocess.run(
        [sys.executable, "-m", "brickclass", "sim", "examples/sweeper_level1.py", "--mission", "moon-sweeper:1",
         "--json", "--trace", str(trace_file)],
        capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout), trace_file


def test_the_trace_ends_where_the_run_ended(saved_run):
    result, trace_file = saved_run
    trace = Trace.load(trace_file)
    last = trace.frames[-1]
    final = result["final_pose"]
    assert last.pose[0] == pytest.approx(final["x_mm"], abs=0.2)
    assert last.pose[1] == pytest.approx(final["y_mm"], abs=0.2)
    assert last.pose[2] % 360 == pytest.approx(final["heading_deg"], abs=0.2)
    assert last.score == result["score"]
    assert trace.result["score"] == result["score"]
    # Every cell of the level-1 panel was swept clean, and the trace knows it.
    assert all(v == 0 for row in last.dust[0] for v in row)
    assert "".join(f.printed for f in trace.frames) == result["stdout"]


def test_replay_plays_to_the_final_state(saved_run, tmp_path):
    _, trace_file = saved_run
    trace = Trace.load(trace_file)
    shown = replay(trace, speed=64, linger=False, screenshot=str(tmp_path / "replay.png"))
    assert shown is trace.frames[-1]
    assert (tmp_path / "replay.png").stat().st_size > 10_000


def test_replay_to_png_from_the_command_line(saved_run, tmp_path):
    _, trace_file = saved_run
    picture = tmp_path / "end.png"
    completed = subprocess.run([sys.executable, "-m", "brickclass", "replay", str(trace_file), "--png", str(picture)],
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("content", [b"not a trace", gzip.compress(b'{"format": "something else"}')])
def test_a_broken_trace_file_gets_a_clear_message(tmp_path, content):
    broken = tmp_path / "broken.trace"
    broken.write_bytes(content)
    completed = subprocess.run([sys.executable, "-m", "brickclass", "replay", str(broken), "--lang", "sv"],
                               capture_output=True, text=True, timeout=60)
    assert completed.returncode == 2
    assert "går inte att spela upp" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_a_run_on_a_pupils_own_field_replays_with_its_file(tmp_path):
    from brickclass.simulator.missions.design import FieldDesign, new_field

    field = tmp_path / "my-moon.toml"
    FieldDesign(new_field("My moon")).save(field)
    trace_file = tmp_path / "run.trace"
    done = subprocess.run([sys.executable, "-m", "brickclass", "sim", "examples/square.py", "--mission", str(field),
                           "--json", "--trace", str(trace_file)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    # The trace names the field by its id; without the file, replay says how to give it.
    lost = subprocess.run([sys.executable, "-m", "brickclass", "replay", str(trace_file), "--png",
                           str(tmp_path / "a.png")], capture_output=True, text=True, timeout=120)
    assert lost.returncode == 2 and "--mission" in lost.stderr and "Traceback" not in lost.stderr
    found = subprocess.run([sys.executable, "-m", "brickclass", "replay", str(trace_file), "--png",
                            str(tmp_path / "b.png"), "--mission", str(field)], capture_output=True, text=True,
                           timeout=120)
    assert found.returncode == 0, found.stderr
    assert (tmp_path / "b.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
