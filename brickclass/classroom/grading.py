"""Batch grading: run every new submission of an assignment in the simulator, on all cores.

Each run is isolated exactly as ``brickclass sim`` isolates it (a sandboxed
hub process per program). Workers are separate processes, so worlds really run
in parallel; the caller's thread is the only writer of the gradebook and saves
each result the moment it arrives, so a batch killed half way keeps what it
finished and the next ``grade`` does only the rest (a run per submission and
seed is stored at most once).

What a worker returns is a ``GradedRun``: data only, never words in one
language (labels in both languages, the check's findings in both).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brickclass.classroom.gradebook import Gradebook
from brickclass.classroom.graded_run import GradedRun
from brickclass.classroom.kept_field import mission_to_run
from brickclass.classroom.records import Assignment
from brickclass.simulator.cores import claim_core

# How often a waiting batch looks whether it was asked to stop (seconds).
STOP_CHECK_S = 0.2
LANGUAGES = ("en", "sv")


@dataclass(frozen=True)
class Job:
    submission_id: int
    who: str  # the pupil or team whose file it is
    filename: str
    content: str
    kind: str  # mission | lesson
    target: str  # mission id with level, or lesson id
    seed: int
    keep_trace: bool = True


@dataclass(frozen=True)
class Graded:
    """One finished job, as the progress callback sees it."""

    done: int
    total: int
    job: Job
    run: GradedRun
    run_id: int | None  # where it was saved (None in quick mode, or when it was there already)


@dataclass
class GradeSummary:
    done: list[Graded] = field(default_factory=list)
    skipped: int = 0  # already in the gradebook (another batch saved it first)
    stopped: bool = False  # asked to stop before every job was done


Progress = Callable[[Graded], None]


def safe_filename(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9_]", "_", Path(name).stem) or "program"
    return stem + ".py"


def hub_warnings(content: str, filename: str) -> list[dict[str, Any]] | None:
    """What `brickclass check` says about the program, in every language: a warning for the teacher,
    never a lower score. None when this machine cannot check (no cross-compiler)."""
    from brickclass.classroom.checker import CompilerMissing, check_source

    try:
        found = {lang: check_source(content, filename, lang=lang) for lang in LANGUAGES}
    except CompilerMissing:
        return None  # not checked, and the simulator run still counts
    warnings = []
    for position, finding in enumerate(found["en"]):
        worded = {lang: found[lang][position] for lang in LANGUAGES}
        warnings.append({**finding.to_json(), "message": {lang: f.message for lang, f in worded.items()},
                         "hint": {lang: f.hint for lang, f in worded.items()}})
    return warnings


def _lesson_run(target: str, program: Path, seed: int) -> tuple[Any, int, int, int, list[dict[str, Any]]]:
    """Judge a lesson on every field it has: (the run on its own field, points, most points, stars, breakdown)."""
    from brickclass.classroom.judging import check_program
    from brickclass.lessons import LessonFileError, find_lesson
    from brickclass.simulator.setup_error import SetupError

    try:
        lesson = find_lesson(target)
    except LessonFileError as exc:
        # Edited or removed since it was assigned; the teacher sees what is wrong with `lessons show`.
        raise SetupError("lesson_broken", lesson=target) from exc
    verdict = check_program(lesson, program, seed=seed)
    passed = sum(criterion.passed for criterion in verdict.criteria)
    total = len(verdict.criteria)
    stars = 3 if verdict.passed else (2 if passed * 3 >= total * 2 else 1 if passed else 0)
    return verdict.run, passed, total, stars, verdict.breakdown()


def run_job(job: Job) -> GradedRun:
    """Run one submission (in a worker process) and return what the gradebook keeps."""
    from brickclass.simulator.run import RunOptions, SetupError, run_program

    warnings = hub_warnings(job.content, job.filename)
    with tempfile.TemporaryDirectory(prefix="brickclass-grade-") as folder:
        program = Path(folder) / safe_filename(job.filename)
        program.write_text(job.content, encoding="utf-8")
        try:
            if job.kind == "lesson":
                result, score, max_score, stars, breakdown = _lesson_run(job.target, program, job.seed)
            else:
                result = run_program(RunOptions(program=program, mission=job.target, seed=job.seed,
                                                trace=job.keep_trace))
                score, max_score, stars, breakdown = result.score, result.max_score, result.stars, result.breakdown
        except SetupError as exc:
            # Kept as a key and values: the teacher reads it later in their own language.
            return GradedRun.failed("SetupError", "", warnings, setup=exc.to_json())
    trace = result.trace.to_bytes() if (job.keep_trace and result.trace is not None) else None
    return GradedRun(result.status, score, max_score, stars, result.sim_time_s, breakdown, result.stdout,
                     result.error, trace, warnings)


def pending_jobs(book: Gradebook, assignment: Assignment, mission: str | None = None) -> list[Job]:
    """Runs still to do: the newest file of each pupil and team, for each seed the assignment allows;
    ``mission`` is what they run on (the assignment's kept field written out), if not its mission id."""
    jobs = []
    for submission in book.current_submissions(assignment.id):
        for offset in range(assignment.runs_allowed):
            seed = assignment.seed + offset
            if not book.has_simulator_run(submission.id, seed):
                jobs.append(Job(submission.id, submission.owner, submission.filename, submission.content,
                                assignment.kind, mission or assignment.mission_id, seed))
    return jobs


def workers_wanted(jobs: int) -> int:
    return max(1, min(jobs, os.cpu_count() or 1))


def _start_resource_tracker() -> None:
    """Start multiprocessing's helper process with a real stderr.

    It hands ``sys.stderr``'s file to that process; inside the teacher's app
    sys.stderr is the app's own capture, which has no file, and the helper
    would not start.
    """
    if sys.platform == "win32":
        return  # no helper process there
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        return
    captured = sys.stderr
    sys.stderr = sys.__stderr__
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured


def run_jobs(jobs: list[Job], *, workers: int | None = None,
             should_stop: Callable[[], bool] | None = None) -> Iterator[tuple[Job, GradedRun]]:
    """Each job's run, in the order they finish, on every core. Stops early when ``should_stop()``."""
    if not jobs:
        return
    # "spawn": safe next to the teacher app's threads, and the same on every system.
    context = multiprocessing.get_context("spawn")
    _start_resource_tracker()
    # Each worker runs on a core of its own (a run's two processes share it).
    pool = ProcessPoolExecutor(max_workers=workers or workers_wanted(len(jobs)), mp_context=context,
                               initializer=claim_core, initargs=(context.Value("i", 0),))
    try:
        running: dict[Future[GradedRun], Job] = {pool.submit(run_job, job): job for job in jobs}
        while running:
            if should_stop is not None and should_stop():
                return
            finished, _ = wait(running, timeout=STOP_CHECK_S, return_when=FIRST_COMPLETED)
            for future in finished:
                job = running.pop(future)
                try:
                    outcome = future.result()
                except Exception as exc:
                    outcome = GradedRun.failed("HubCrash", f"{type(exc).__name__}: {exc}")
                yield job, outcome
    finally:
        # Jobs not started yet are dropped; those running end on their own (a run is short).
        pool.shutdown(wait=not (should_stop is not None and should_stop()), cancel_futures=True)


def grade(book: Gradebook, assignment_id: int, *, progress: Progress | None = None, workers: int | None = None,
          should_stop: Callable[[], bool] | None = None) -> GradeSummary:
    """Grade every pending run of an assignment, saving each as it comes in."""
    assignment = book.assignment(assignment_id)
    summary = GradeSummary()
    # A field file given to the class runs as it was kept, whatever became of the file since.
    with mission_to_run(assignment, book.kept_field(assignment_id)) as mission:
        jobs = pending_jobs(book, assignment, mission)
        for job, outcome in run_jobs(jobs, workers=workers, should_stop=should_stop):
            run_id = book.add_run(job.submission_id, "simulator", outcome, seed=job.seed)
            if run_id is None:
                summary.skipped += 1
            graded = Graded(len(summary.done) + 1, len(jobs), job, outcome, run_id)
            summary.done.append(graded)
            if progress is not None:
                progress(graded)
    summary.stopped = len(summary.done) < len(jobs)
    return summary


def folder_jobs(files: Iterable[Path], mission: str, seed: int) -> list[Job]:
    return [Job(0, path.stem, path.name, path.read_text(encoding="utf-8", errors="replace"), "mission", mission, seed,
                keep_trace=False) for path in files]


def grade_folder(files: list[Path], mission: str, *, seed: int = 0,
                 progress: Progress | None = None) -> list[tuple[Job, GradedRun]]:
    """Quick mode: grade programs on a mission without a gradebook; results in the files' order."""
    jobs = folder_jobs(files, mission, seed)
    results: dict[int, GradedRun] = {}
    for job, outcome in run_jobs(jobs):
        results[jobs.index(job)] = outcome
        if progress is not None:
            progress(Graded(len(results), len(jobs), job, outcome, None))
    return [(job, results[i]) for i, job in enumerate(jobs) if i in results]
