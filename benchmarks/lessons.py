"""Wall time of `brickclass lessons check` for each lesson's solution, run by hand:
`python benchmarks/lessons.py`. A lesson that teaches a sensor runs on every one of
its fields, so its check costs one run per field; the table shows how many.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from brickclass.classroom.judging import check_program
from brickclass.lessons import load_library


def main(repeats: int = 3) -> None:
    total = 0.0
    print(f"{'lesson':<20} {'fields':>6} {'check (s)':>10} {'per field':>10}")
    for lesson in load_library():
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            verdict = check_program(lesson, lesson.solution)
            times.append(time.perf_counter() - started)
            assert verdict.passed, lesson.id
        best = min(times)
        total += best
        fields = len(lesson.fields)
        print(f"{lesson.id:<20} {fields:>6} {best:>10.2f} {best / fields:>10.2f}")
    print(f"{'all lessons':<20} {'':>6} {total:>10.2f}   (best of {repeats})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
