"""`brickclass sim FILE --watch`: each save of the program runs it again, in the window or in the terminal.

Editors save in different ways: in place, or by writing a new file and
renaming it over the old one (a moment without the file on some systems).
A run starts once a save has settled, never on a half-written file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pygame
import pytest

from brickclass.commands._watch import FileWatch


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0  # every look is a poll apart
        return self.now


def polls_until_change(watch: FileWatch, most: int = 6) -> int | None:
    for count in range(1, most + 1):
        if watch.changed():
            return count
    return None


def test_nothing_changes_until_the_file_is_saved(tmp_path):
    program = tmp_path / "p.py"
    program.write_text("print(1)\n")
    watch = FileWatch([program], clock=Clock())
    assert polls_until_change(watch) is None


def test_a_save_in_place_counts_once_it_has_settled(tmp_path):
    program = tmp_path / "p.py"
    program.write_text("print(1)\n")
    watch = FileWatch([program], clock=Clock())
    program.write_text("print(2)\n")
    # Seen once, then the same again: a settled save, reported once.
    assert polls_until_change(watch) == 2
    assert polls_until_change(watch) is None


def test_a_save_by_rename_with_a_moment_without_the_file(tmp_path):
    program = tmp_path / "p.py"
    program.write_text("print(1)\n")
    watch = FileWatch([program], clock=Clock())
    program.unlink()
    assert not watch.changed() and not watch.changed()  # missing: not a save yet
    fresh = tmp_path / "p.py.tmp"
    fresh.write_text("print(2)\n")
    os.replace(fresh, program)
    assert polls_until_change(watch) == 2


def test_a_file_still_being_written_waits(tmp_path):
    program = tmp_path / "p.py"
    program.write_text("print(1)\n")
    watch = FileWatch([program], clock=Clock())
    program.write_text("print(")
    assert not watch.changed()
    program.write_text("print(2)")  # still growing: not the same twice yet
    assert not watch.changed()
    assert watch.changed()


def test_saving_the_same_text_again_runs_again(tmp_path):
    """A pupil presses Ctrl+S to run again: that is a save, even with nothing changed."""
    program = tmp_path / "p.py"
    program.write_text("print(1)\n")
    watch = FileWatch([program], clock=Clock())
    stat = program.stat()
    os.utime(program, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    assert polls_until_change(watch) == 2


def test_the_mission_file_is_watched_too(tmp_path):
    program, field = tmp_path / "p.py", tmp_path / "moon.toml"
    program.write_text("pass\n")
    field.write_text("id = 'x'\n")
    watch = FileWatch([program, field], clock=Clock())
    field.write_text("id = 'y'\n")
    assert polls_until_change(watch) == 2


# --- in the terminal ----------------------------------------------------------------------

def _read_until(process: subprocess.Popen, needle: str, seen: list[str], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if needle in line:
            return
    raise AssertionError(f"{needle!r} never came; got:\n{''.join(seen)}")


@pytest.mark.slow
def test_headless_watch_prints_a_summary_for_each_save(tmp_path):
    program = tmp_path / "drive.py"
    program.write_text("print('first run')\n", encoding="utf-8")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    process = subprocess.Popen([sys.executable, "-m", "brickclass", "sim", str(program), "--watch", "--headless",
                                "--mission", "practice", "--lang", "en"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    seen: list[str] = []
    try:
        _read_until(process, "Waiting for the next save", seen)
        assert any("first run" in line for line in seen)
        assert any("The program finished" in line for line in seen)
        # An editor that saves by writing a new file and renaming it over the old one.
        fresh = tmp_path / "drive.py.new"
        fresh.write_text("print('second run')\nif True\n    pass\n", encoding="utf-8")
        os.replace(fresh, program)
        _read_until(process, "Waiting for the next save", seen)
        text = "".join(seen)
        assert "running it again" in text
        assert "SyntaxError" in text or "line 2" in text
        program.write_text("print('third run')\n", encoding="utf-8")
        _read_until(process, "third run", seen)
    finally:
        if sys.platform == "win32":
            process.terminate()
        else:
            process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    assert sys.platform == "win32" or process.returncode == 0


# --- in the window --------------------------------------------------------------------------

@pytest.mark.slow
def test_the_window_stays_open_runs_each_save_and_shows_errors(tmp_path):
    from brickclass.simulator.render.window import run_in_window
    from brickclass.simulator.run import RunOptions

    program = tmp_path / "drive.py"
    program.write_text("print('one')\n", encoding="utf-8")
    results: list = []
    displays: list = []
    saves = iter([
        "print('two')\nif True\n    print('never')\n",  # a syntax error: shown, the window stays
        "print('three')\n",
    ])

    def heard(result, source) -> None:
        results.append((result, source))
        displays.append(pygame.display.get_surface())

    def changed() -> bool:
        # Each time the window looks after a run has ended, the pupil has saved once more;
        # after the last save the pupil closes the window.
        if results and len(results) <= 2 and not _pending[0]:
            _pending[0] = True
            if len(results) == 2:  # the error run, as the window shows it while waiting
                pygame.image.save(pygame.display.get_surface(), str(tmp_path / "error.png"))
            program.write_text(next(saves), encoding="utf-8")
            return True
        if len(results) == 3:
            pygame.event.post(pygame.event.Event(pygame.QUIT))
        return False

    _pending = [False]

    def reset_pending(result, source) -> None:
        _pending[0] = False
        heard(result, source)

    last = run_in_window(RunOptions(program=program, mission="moon-sweeper:1", seed=3), speed=64,
                         changed=changed, on_result=reset_pending)
    assert [r.status for r, _ in results] == ["finished", "error", "finished"]
    assert [r.stdout.strip() for r, _ in results] == ["one", "", "three"]
    assert results[1][0].error["type"] == "SyntaxError" and "if True" in results[1][1]
    # The same mission and seed every time, and one window all along.
    assert {(r.mission, r.seed) for r, _ in results} == {("moon-sweeper:1", 3)}
    assert displays[0] is displays[1] is displays[2]
    assert last is results[-1][0]
    # The error was drawn in the window's panel, in the error colour.
    image = pygame.image.load(str(tmp_path / "error.png"))
    panel = [tuple(image.get_at((x, y)))[:3] for x in range(image.get_width() - 370, image.get_width() - 10, 2)
             for y in range(image.get_height() - 200, image.get_height() - 40, 2)]
    assert any(r > 230 and 100 < g < 140 and 80 < b < 120 for r, g, b in panel)
