"""Wall time to grade a class of 30 moon-mission submissions, run by hand:
`python benchmarks/grade_class.py [--app]`. Target (issue 8): under 15 s on 2 cores.

Measures the command line (`brickclass grade N`, a process of its own, as a
teacher runs it) and, with --app, the teacher's app (press g, wait for the
batch's last message).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from brickclass.classroom.gradebook import Gradebook

PROGRAMS = [Path("examples/sweeper_level1.py"), Path("examples/sweeper_timed.py"), Path("examples/sweeper_naive.py")]
PUPILS = 30


def class_of_30(path: Path) -> int:
    book = Gradebook(path)
    assignment = None
    for number in range(PUPILS):
        pupil, _ = book.add_pupil("6B", f"Pupil {number:02d}")
        if assignment is None:
            assignment = book.add_assignment("6B", "mission", "moon-sweeper", level=1, seed=0,
                                             titles={"en": "Moon 1", "sv": "Månen 1"})
        program = PROGRAMS[number % len(PROGRAMS)].read_text(encoding="utf-8")
        book.add_submission(assignment, pupil_id=pupil, team_id=None, filename=f"p{number}.py",
                            content=program + f"\n# pupil {number}\n")
    book.close()
    assert assignment is not None
    return assignment


def on_the_command_line(folder: Path) -> float:
    db = folder / "cli.sqlite3"
    assignment = class_of_30(db)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "brickclass", "grade", str(assignment), "--db", str(db), "--json"],
                   check=True, capture_output=True)
    return time.perf_counter() - started


def in_the_app(folder: Path) -> float:
    from brickclass.tui.app import make_app
    from brickclass.tui.screens.assignment_screen import AssignmentScreen

    db = folder / "app.sqlite3"
    assignment = class_of_30(db)

    async def grade() -> float:
        app = make_app(db)
        async with app.run_test(size=(130, 40)) as pilot:
            app.push_screen(AssignmentScreen(assignment))
            await pilot.pause()
            started = time.perf_counter()
            await pilot.press("g")
            await app.workers.wait_for_complete()
            await pilot.pause()
            return time.perf_counter() - started

    return asyncio.run(grade())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", action="store_true", help="also grade in the teacher's app")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        wall = on_the_command_line(Path(folder))
        print(f"brickclass grade: {PUPILS} moon-sweeper:1 submissions on {os.cpu_count()} cores in {wall:.1f} s "
              "(target < 15 s)")
        if args.app:
            wall = in_the_app(Path(folder))
            print(f"teacher app (g): {PUPILS} submissions in {wall:.1f} s")


if __name__ == "__main__":
    main()
