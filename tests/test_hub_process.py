"""The hub process's life: how it starts, talks, is timed and ends, on every system.

The channel is plain pipes with length-framed messages; a watchdog ends a
program that never calls the hub, or a run that takes too long; and a hub
process never outlives its world, however the world ends.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from brickclass.simulator import sandbox
from brickclass.simulator.hub.hubos.protocol import END_FRAME, MAX_MESSAGE_BYTES, Channel, ChannelClosed, ProtocolError
from tests.escapes import ESCAPE
from tests.processes import alive, gone_within
from tests.runner import run_source

WINDOWS = sys.platform == "win32"
REPO = Path(__file__).resolve().parents[1]

# A world process of its own, so the test can kill it: it prints the hub
# process's id once the program is inside its endless loop.
WORLD = textwrap.dedent("""
    import sys, threading, time
    from pathlib import Path
    from brickclass.simulator.run import Run, RunOptions

    run = Run(RunOptions(program=Path(sys.argv[1]), mission="practice", watchdog_s=600, wall_limit_s=600))

    def tell():
        while run.hub is None or run.hub.process is None or run.session.state.requests < 1:
            time.sleep(0.01)
        print(run.hub.process.pid, flush=True)

    threading.Thread(target=tell, daemon=True).start()
    run.execute()
""")

BUSY = "from pybricks.tools import wait\nwait(10)\nwhile True:\n    pass\n"


def _modes() -> list[str]:
    return ["native"] if WINDOWS else ["native", "posix"]


@pytest.mark.parametrize("mode", _modes())
def test_the_hub_process_ends_when_its_world_is_killed(tmp_path, mode):
    """A world killed mid-run (the teacher closes the terminal) takes its busy hub process with it."""
    program = tmp_path / "busy.py"
    program.write_text(BUSY, encoding="utf-8")
    env = dict(os.environ)
    env.pop(sandbox.SANDBOX_MODE_VARIABLE, None)
    if mode == "posix":
        env[sandbox.SANDBOX_MODE_VARIABLE] = sandbox.POSIX_MODE
    world = subprocess.Popen([sys.executable, "-c", WORLD, str(program)], stdout=subprocess.PIPE, cwd=REPO, env=env)
    hub_pid = None
    try:
        line = world.stdout.readline()
        assert line.strip(), "the world never reported its hub process"
        hub_pid = int(line)
        assert alive(hub_pid)
        world.kill()
        world.wait(timeout=30)
        assert gone_within(hub_pid, 10), "the hub process outlived its world"
    finally:
        if world.poll() is None:
            world.kill()
        world.stdout.close()
        if hub_pid is not None and alive(hub_pid):  # do not leave a busy loop behind a failed test
            os.kill(hub_pid, 9)


def test_a_run_that_takes_too_long_in_real_time_ends_with_the_wall_clock_error(tmp_path):
    result = run_source(tmp_path, """
        from pybricks.tools import wait
        while True:
            wait(1)
    """, time_limit_s=10_000, wall_limit_s=1.0)
    assert result.status == "error"
    assert result.error["type"] == "WallClock"


def test_a_loop_that_never_calls_the_hub_is_stopped_by_the_watchdog(tmp_path):
    result = run_source(tmp_path, "print('going')\nwhile True:\n    pass\n", watchdog_s=0.5)
    assert result.status == "error"
    assert result.error["type"] == "Stuck"


def test_a_program_that_ends_its_own_process_is_a_crash_with_what_it_said(tmp_path):
    program = ESCAPE + """
_find("sys").__stderr__.write("going down\\n")
_find("sys").__stderr__.flush()
_find("_exit")(5)
"""
    result = run_source(tmp_path, program)
    assert result.status == "error"
    assert result.error["type"] == "HubCrash"
    assert "going down" in result.error["message"]


def test_a_hub_process_that_cannot_start_is_a_crash_with_why(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "interpreter", lambda: str(tmp_path / "no-python-here"))
    result = run_source(tmp_path, "print('hello')\n")
    assert result.status == "error"
    assert result.error["type"] == "HubCrash"
    assert result.error["message"].startswith("The hub process could not start:")


def _hub_modules(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*.py") if "__pycache__" not in path.parts]


def test_the_hub_modules_are_byte_compiled_for_the_hub_process_which_may_write_none(tmp_path):
    import importlib.util
    import shutil

    hub = tmp_path / "hub"
    shutil.copytree(sandbox.HUB_DIR, hub, ignore=shutil.ignore_patterns("__pycache__"))
    assert sandbox.byte_compile(hub)
    compiled = [Path(importlib.util.cache_from_source(str(path))) for path in _hub_modules(hub)]
    assert len(compiled) > 30 and all(path.is_file() for path in compiled)
    # A module edited after that is compiled again, not left to the hub process.
    link = hub / "hubos" / "link.py"
    cached = Path(importlib.util.cache_from_source(str(link)))
    before = cached.read_bytes()
    link.write_text(link.read_text(encoding="utf-8") + "\nEDITED = 1\n", encoding="utf-8")
    os.utime(link, (link.stat().st_atime, link.stat().st_mtime + 5))
    assert sandbox.byte_compile(hub)
    assert cached.read_bytes() != before


def test_a_hub_folder_whose_cache_cannot_be_written_is_left_as_it_is(tmp_path):
    hub = tmp_path / "hub"
    hub.mkdir()
    (hub / "module.py").write_text("X = 1\n", encoding="utf-8")
    # A file where the cache folder would go: no .pyc can be written, for root too.
    (hub / "__pycache__").write_text("", encoding="utf-8")
    assert sandbox.byte_compile(hub) is False


def test_starting_a_hub_process_compiles_the_hub_modules_first(tmp_path, monkeypatch):
    asked: list[bool] = []
    monkeypatch.setattr("brickclass.simulator.hub_process.byte_compile_hub", lambda: asked.append(True) or True)
    result = run_source(tmp_path, "print('hello')\n")
    assert result.status == "finished" and asked == [True]


class TestTheChannel:
    """Messages between the two processes: framed by length, ended by an empty frame."""

    @staticmethod
    def _pair() -> tuple[Channel, Channel]:
        a_read, b_write = os.pipe()
        b_read, a_write = os.pipe()
        return Channel(a_read, a_write), Channel(b_read, b_write)

    def test_messages_arrive_whole_and_in_order(self):
        world, hub = self._pair()
        try:
            hub.send({"t": 40, "out": "hej åäö ★\n"})
            hub.send({"t": 80})
            assert world.receive() == {"t": 40, "out": "hej åäö ★\n"}
            assert world.receive() == {"t": 80}
        finally:
            world.close()
            hub.close()

    def test_a_message_bigger_than_the_pipe_goes_through_in_pieces(self):
        import threading

        world, hub = self._pair()
        text = "x" * 300_000
        sender = threading.Thread(target=hub.send, args=({"out": text},))
        sender.start()
        try:
            assert world.receive()["out"] == text
        finally:
            sender.join()
            world.close()
            hub.close()

    def test_an_empty_frame_ends_the_conversation(self):
        world, hub = self._pair()
        try:
            hub.send({"t": 1})
            os.write(hub._wfd, END_FRAME)
            assert world.receive() == {"t": 1}
            with pytest.raises(ChannelClosed):
                world.receive()
        finally:
            world.close()
            hub.close()

    def test_a_closed_pipe_ends_the_conversation(self):
        world, hub = self._pair()
        hub.close()
        with pytest.raises(ChannelClosed):
            world.receive()
        world.close()

    @pytest.mark.parametrize("frame", [
        (MAX_MESSAGE_BYTES + 1).to_bytes(4, "big"),
        (3).to_bytes(4, "big") + b"[1]",
        (4).to_bytes(4, "big") + b"\xff{}\xfe",
    ])
    def test_anything_but_a_framed_json_object_is_a_protocol_error(self, frame):
        world, hub = self._pair()
        try:
            os.write(hub._wfd, frame)
            with pytest.raises(ProtocolError):
                world.receive()
        finally:
            world.close()
            hub.close()


@pytest.mark.skipif(not WINDOWS, reason="Job Objects are Windows'")
class TestTheWindowsJob:
    """The hub process's fence on Windows: a Job Object the world holds the only handle to."""

    @staticmethod
    def _sleeper() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])

    def test_closing_the_job_ends_every_process_in_it(self):
        from brickclass.simulator.windows_job import Job, JobLimits

        job = Job(JobLimits(memory_bytes=256 << 20, cpu_seconds=30))
        sleeper = self._sleeper()
        try:
            job.adopt(int(sleeper._handle))
            assert job.usage().processes_active == 1
            job.close()
            assert gone_within(sleeper.pid, 5)
        finally:
            sleeper.kill()

    def test_a_run_is_fenced_in_its_own_job(self, tmp_path):
        from brickclass.simulator.windows_job import JobContainment

        containment = sandbox.containment_for(sandbox.Limits(), tmp_path)
        assert isinstance(containment, JobContainment) and containment.job is not None
        sleeper = self._sleeper()
        try:
            containment.adopt(sleeper)
            assert containment.overrun(sleeper) is None  # a sleeping Python is far below 768 MB
            containment.kill_all(sleeper)
            assert gone_within(sleeper.pid, 5)
        finally:
            containment.close()
            sleeper.kill()
