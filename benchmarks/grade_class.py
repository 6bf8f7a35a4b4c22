"""Wall time to grade a class of 30 moon-mission submissions, run by hand:
`python benchmarks/grade_class.py`. Target (issue 8): under 15 s on 2 cores.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from brickclass.gradebook import Gradebook  # noqa: E402
from brickclass.grading import grade  # noqa: E402

PROGRAMS = [Path("examples/sweeper_level1.py"), Path("examples/sweeper_timed.py"), Path("examples/sweeper_naive.py")]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        book = Gradebook(Path(folder) / "bench.sqlite3")
        assignment = None
        for number in range(30):
            pupil, _ = book.add_pupil("6B", f"Pupil {number:02d}")
            if assignment is None:
                assignment = book.add_assignment("6B", "mission", "moon-sweeper", level=1, seed=0, title="Moon 1")
            program = PROGRAMS[number % len(PROGRAMS)].read_text(encoding="utf-8")
            book.add_submission(assignment, pupil_id=pupil, team_id=None, filename=f"p{number}.py",
                                content=program + f"\n# pupil {number}\n")
        started = time.perf_counter()
        summary = grade(book, assignment)
        wall = time.perf_counter() - started
        simulated = sum(outcome["time_s"] or 0 for _, outcome in summary.done)
        print(f"graded {len(summary.done)} moon-sweeper:1 submissions on {os.cpu_count()} cores in {wall:.1f} s "
              f"({simulated:.0f} simulated s, {simulated / wall:.0f}× real time overall; target < 15 s)")


if __name__ == "__main__":
    main()
