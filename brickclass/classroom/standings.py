"""Each pupil's result for an assignment, and which of their files it comes from.

The rule (README, "For teachers"): a pupil may have handed in their own
file, and their team may have handed in one too. Every such file is graded.
The newest file of each (the pupil's own, the team's) is the one that is
graded; the best run of those counts, and the pupil's row names that file.
A run on the table or a hub counts only for the pupil it was credited to.
The row also marks every current file that crashed or never ended, so a
team's good run cannot hide a pupil's own broken program.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from brickclass.classroom.gradebook import SCORED_KINDS, Gradebook
from brickclass.classroom.graded_run import problem_of
from brickclass.classroom.records import Assignment, Pupil, Run, Submission


@dataclass(frozen=True)
class FileResult:
    """One file as seen from a pupil's row."""

    submission: Submission
    mine: bool  # the pupil's own file (else their team's)
    current: bool  # the newest of its owner's files: the one that is graded
    runs: tuple[Run, ...]  # the runs that count for this pupil, oldest first
    best: Run | None
    problems: tuple[str, ...]  # crashed / never_ended, from any of its simulator runs

    @property
    def filename(self) -> str:
        return self.submission.filename


@dataclass(frozen=True)
class Standing:
    pupil: Pupil
    assignment: Assignment
    files: tuple[FileResult, ...]  # current files first, then older ones
    counts: FileResult | None  # the file whose run counts
    marks: dict[str, int] = field(default_factory=dict)

    @property
    def best(self) -> Run | None:
        return self.counts.best if self.counts is not None else None

    @property
    def status(self) -> str:
        """How the run that counts ended, else ``submitted`` or ``missing``."""
        if self.best is not None:
            return self.best.status
        return "submitted" if self.files else "missing"

    @property
    def runs(self) -> int:
        return sum(len(f.runs) for f in self.files if f.current)

    @property
    def problems(self) -> list[tuple[str, str]]:
        """(file, problem) for every current file that crashed or never ended."""
        return [(f.filename, problem) for f in self.files if f.current for problem in f.problems]


def _rank(run: Run) -> tuple[int, float, int]:
    """Best first: most points, then the quickest, then the first."""
    return (-run.score, run.time_s if run.time_s is not None else 1e9, run.id)


def _file_result(submission: Submission, pupil: Pupil, current: bool, runs: list[Run]) -> FileResult:
    mine = [run for run in runs if run.pupil_id is None or run.pupil_id == pupil.id]
    scored = sorted((run for run in mine if run.kind in SCORED_KINDS), key=_rank)
    problems = []
    for run in mine:
        problem = problem_of(run.status, run.error) if run.kind == "simulator" else None
        if problem and problem not in problems:
            problems.append(problem)
    return FileResult(submission, submission.pupil_id == pupil.id, current, tuple(mine),
                      scored[0] if scored else None, tuple(problems))


def standings(book: Gradebook, assignment_id: int) -> list[Standing]:
    """One row per pupil of the assignment's class, in name order."""
    with book.snapshot():
        assignment = book.assignment(assignment_id)
        pupils = book.pupils(assignment.class_id)
        submissions = book.submissions(assignment_id)
        current_ids = {s.id for s in book.current_submissions(assignment_id)}
        runs: dict[int, list[Run]] = {}
        for run in book.assignment_runs(assignment_id):
            runs.setdefault(run.submission_id, []).append(run)
        marks = book.all_marks(assignment_id)
    rows = []
    for pupil in pupils:
        files = [_file_result(s, pupil, s.id in current_ids, runs.get(s.id, []))
                 for s in submissions
                 if s.pupil_id == pupil.id or (s.pupil_id is None and pupil.team_id is not None
                                               and s.team_id == pupil.team_id)]
        files.sort(key=lambda f: (not f.current, not f.mine))
        candidates = [f for f in files if f.current and f.best is not None]
        counts = min(candidates, key=lambda f: (_rank(f.best), not f.mine)) if candidates else None  # type: ignore[arg-type]
        if counts is None:
            counts = next((f for f in files if f.current), None)
        rows.append(Standing(pupil, assignment, tuple(files), counts, marks.get(pupil.id, {})))
    return rows
