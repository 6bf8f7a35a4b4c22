"""Grades as a spreadsheet teachers can open in Excel, in the teacher's language.

Excel in Sweden expects ';' between columns, a decimal comma, and reads
UTF-8 only with a byte-order mark, so that is what is written. Column names
and statuses are the reader's words (``export`` catalogue); the values are
the gradebook's data. The export of the gradebook and the quick-mode
grading of a folder write through the same table writer.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from brickclass.classroom.gradebook import RUBRIC_CRITERIA, Gradebook
from brickclass.classroom.graded_run import GradedRun
from brickclass.classroom.grading import Job
from brickclass.classroom.standings import standings
from brickclass.language import number, t

Cell = str | int | float | None
GRADEBOOK_COLUMNS = ("pupil", "class", "team", "assignment", "file", "points", "max_points", "stars", "runs",
                     "best_time_s", "status", *RUBRIC_CRITERIA)
QUICK_COLUMNS = ("pupil", "file", "status", "points", "max_points", "stars", "time_s", "hub_problems")


def gradebook_rows(book: Gradebook, assignment_ids: Sequence[int], lang: str) -> list[dict[str, Cell]]:
    """One row per pupil and assignment, as one consistent moment of the gradebook."""
    rows: list[dict[str, Cell]] = []
    with book.snapshot():
        for assignment_id in assignment_ids:
            for standing in standings(book, assignment_id):
                best = standing.best
                counts = standing.counts
                rows.append({
                    "pupil": standing.pupil.name, "class": standing.assignment.class_name,
                    "team": standing.pupil.team or "", "assignment": standing.assignment.title_in(lang),
                    "file": counts.filename if counts is not None else None,
                    "points": best.score if best else None, "max_points": best.max_score if best else None,
                    "stars": best.stars if best else None, "runs": standing.runs,
                    "best_time_s": best.time_s if best else None, "status": standing.status,
                    **{criterion: standing.marks.get(criterion) for criterion in RUBRIC_CRITERIA},
                })
    return rows


def quick_rows(results: Sequence[tuple[Job, GradedRun]]) -> list[dict[str, Cell]]:
    """One row per program graded in quick mode (a folder, no gradebook)."""
    return [{"pupil": job.who, "file": job.filename, "status": run.status, "points": run.score,
             "max_points": run.max_score, "stars": run.stars, "time_s": run.time_s,
             "hub_problems": None if run.hub_warnings is None else len(run.hub_warnings)}
            for job, run in results]


def cell_text(column: str, value: Cell, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return number(value, lang, 2)
    if column == "status":
        return t(f"export.status.{value}", lang)
    return str(value)


def write_csv(rows: Sequence[dict[str, Cell]], columns: Sequence[str], out: Path, lang: str) -> None:
    """The rows as ';'-separated UTF-8 with a byte-order mark, headed in the reader's language."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([t(f"export.columns.{column}", lang) for column in columns])
    for row in rows:
        writer.writerow([cell_text(column, row.get(column), lang) for column in columns])
    out.write_bytes(buffer.getvalue().encode("utf-8-sig"))
