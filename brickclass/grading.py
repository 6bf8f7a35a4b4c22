"""Batch grading: run every new submission of an assignment in the simulator, on all cores.

Each run is isolated exactly as ``brickclass sim`` isolates it (a sandboxed
hub process per program). Workers are separate processes, so worlds really run
in parallel; the parent is the only writer of the gradebook and saves each
result the moment it arrives, so a batch killed half way keeps what it finished
and the next ``grade`` does only the rest (a run per submission and seed is
stored at most once).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import tempfile
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brickclass.gradebook import Assignment, Gradebook


@dataclass(frozen=True)
class Job:
    submission_id: int
    who: str
    filename: str
    content: str
    kind: str  # mission | lesson
    target: str  # mission id with level, or lesson id
    seed: int
    keep_trace: bool = True
    lang: str = "en"  # the language the hub check's warnings are written in


@dataclass
class GradeSummary:
    done: list[tuple[Job, dict[str, Any]]] = field(default_factory=list)
    skipped: int = 0


def safe_filename(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9_]", "_", Path(name).stem) or "program"
    return stem + ".py"


def hub_warnings(job: Job) -> list[dict[str, Any]] | None:
    """What `brickclass check` says about the program: a warning for the teacher, never a lower score."""
    from brickclass.checker import CompilerMissing, check_source

    try:
        return [finding.to_json() for finding in check_source(job.content, job.filename, lang=job.lang)]
    except CompilerMissing:
        return None  # no cross-compiler on this machine: not checked, and the simulator run still counts


def run_job(job: Job) -> dict[str, Any]:
    """Run one submission (in a worker process) and return what the gradebook keeps."""
    from brickclass.simulator.run import RunOptions, SetupError, run_program

    warnings = hub_warnings(job)
    with tempfile.TemporaryDirectory(prefix="brickclass-grade-") as folder:
        program = Path(folder) / safe_filename(job.filename)
        program.write_text(job.content, encoding="utf-8")
        try:
            if job.kind == "lesson":
                from brickclass.classroom.judging import check_program
                from brickclass.lessons import find_lesson

                checked = check_program(find_lesson(job.target), program, seed=job.seed)
                result = checked.run
                passed = sum(c.passed for c in checked.criteria)
                total = len(checked.criteria)
                score, max_score = passed, total
                stars = 3 if checked.passed else (2 if passed * 3 >= total * 2 else 1 if passed else 0)
                breakdown = checked.breakdown()
            else:
                result = run_program(RunOptions(program=program, mission=job.target, seed=job.seed, trace=job.keep_trace))
                score, max_score, stars, breakdown = result.score, result.max_score, result.stars, result.breakdown
        except SetupError as exc:
            return {"status": "error", "score": 0, "max_score": 0, "stars": 0, "time_s": None, "breakdown": [],
                    "output": "", "error": {"type": "SetupError", "message": str(exc), "line": None}, "trace": None,
                    "hub_warnings": warnings}
        trace = result.trace.to_bytes() if (job.keep_trace and result.trace is not None) else None
        return {"status": result.status, "score": score, "max_score": max_score, "stars": stars,
                "time_s": result.sim_time_s, "breakdown": breakdown, "output": result.stdout,
                "error": result.error, "trace": trace, "hub_warnings": warnings}


def pending_jobs(book: Gradebook, assignment: Assignment, lang: str = "en") -> list[Job]:
    """Runs still to do: each pupil's newest file, for each seed the assignment allows."""
    jobs = []
    for submission in book.latest_submissions(assignment.id):
        for offset in range(assignment.runs_allowed):
            seed = assignment.seed + offset
            if not book.has_simulator_run(submission["id"], seed):
                jobs.append(Job(submission["id"], submission["pupil"] or submission["team"], submission["filename"],
                                submission["content"], assignment.kind, assignment.mission_id, seed, lang=lang))
    return jobs


def workers_wanted(jobs: int) -> int:
    return max(1, min(jobs, os.cpu_count() or 1))


def grade(book: Gradebook, assignment_id: int, *,
          progress: Callable[[int, int, Job, dict[str, Any]], None] | None = None,
          workers: int | None = None, lang: str = "en") -> GradeSummary:
    assignment = book.assignment(assignment_id)
    jobs = pending_jobs(book, assignment, lang)
    summary = GradeSummary()
    if not jobs:
        return summary
    # "spawn": safe next to the teacher app's threads, and the same on every system.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers or workers_wanted(len(jobs)), mp_context=context) as pool:
        running: dict[Future[dict[str, Any]], Job] = {pool.submit(run_job, job): job for job in jobs}
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                job = running.pop(future)
                try:
                    outcome = future.result()
                except Exception as exc:  # noqa: BLE001 - a worker that died is a failed run, not a failed batch
                    outcome = {"status": "error", "score": 0, "max_score": 0, "stars": 0, "time_s": None,
                               "breakdown": [], "output": "", "trace": None, "hub_warnings": None,
                               "error": {"type": "HubCrash", "message": f"the grading worker failed: {exc}", "line": None}}
                saved = book.add_run(job.submission_id, "simulator", seed=job.seed, status=outcome["status"],
                                     score=outcome["score"], max_score=outcome["max_score"], stars=outcome["stars"],
                                     time_s=outcome["time_s"], breakdown=outcome["breakdown"], output=outcome["output"],
                                     error=outcome["error"], trace=outcome["trace"],
                                     hub_warnings=outcome["hub_warnings"])
                if saved is None:
                    summary.skipped += 1
                summary.done.append((job, outcome))
                if progress is not None:
                    progress(len(summary.done), len(jobs), job, outcome)
    return summary


def grade_folder(folder: Path, mission: str, *, seed: int = 0,
                 progress: Callable[[int, int, Job, dict[str, Any]], None] | None = None,
                 lang: str = "en") -> list[tuple[Job, dict[str, Any]]]:
    """Quick mode: grade every .py in a folder on a mission, no gradebook."""
    jobs = [Job(0, path.stem, path.name, path.read_text(encoding="utf-8", errors="replace"), "mission", mission, seed,
                keep_trace=False, lang=lang) for path in sorted(folder.glob("*.py"))]
    results: list[tuple[Job, dict[str, Any]]] = []
    if not jobs:
        return results
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers_wanted(len(jobs)), mp_context=context) as pool:
        futures = {pool.submit(run_job, job): job for job in jobs}
        for future in list(futures):
            job = futures[future]
            results.append((job, future.result()))
            if progress is not None:
                progress(len(results), len(jobs), job, results[-1][1])
    return results
