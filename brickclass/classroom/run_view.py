"""One run as a teacher looks at it: whose file, the score line by line, the error explained, the path driven.

Built from the gradebook's data in the reader's language, so the command
line and the teacher's app show the same thing the same way.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from brickclass.classroom.gradebook import Gradebook
from brickclass.classroom.graded_run import stored_words
from brickclass.classroom.kept_field import mission_to_run
from brickclass.classroom.records import Run, Submission
from brickclass.language import t
from brickclass.language.score import line_detail, line_label

RUN_STATUSES = ("finished", "error", "timeout", "stopped")
PICTURE_COLUMNS = 56


@dataclass(frozen=True)
class ScoreRow:
    label: str
    points: int
    detail: str


@dataclass(frozen=True)
class ErrorView:
    title: str
    line: int | None
    hint: str


@dataclass(frozen=True)
class HubWarning:
    line: int | None
    message: str


@dataclass(frozen=True)
class RunView:
    run: Run
    submission: Submission
    credited_to: str | None  # the pupil a run on the hub or table was credited to
    score_rows: list[ScoreRow]
    error: ErrorView | None
    hub_warnings: list[HubWarning]
    picture: list[str] | None  # the field in characters with the path marked '*', if a trace was kept

    @property
    def program(self) -> str:
        return self.submission.content


def _measured(text: str, lang: str) -> str:
    """A lesson criterion's measure ("12.5 s", "finished") in the reader's words and decimal sign."""
    if text in RUN_STATUSES:
        return t(f"teacher.status.{text}", lang)
    return re.sub(r"(\d)\.(\d)", r"\1,\2", text) if lang == "sv" else text


def score_rows(run: Run, lang: str) -> list[ScoreRow]:
    rows = []
    for line in run.breakdown:
        detail = line_detail(line, lang)
        measured = (line.get("detail") or {}).get("measured") if isinstance(line.get("detail"), dict) else None
        if not detail and measured:
            detail = _measured(str(measured), lang)
        rows.append(ScoreRow(line_label(line, lang), int(line.get("points", 0)), detail))
    return rows


def explain_error(run: Run, source: str, lang: str) -> ErrorView | None:
    from brickclass.simulator.explain import explain

    if not run.error:
        return None
    explanation = explain(run.error, source)
    line = run.error.get("line")
    title = explanation.title(lang) if explanation else str(run.error.get("type", ""))
    return ErrorView(title, int(line) if line else None, explanation.text(lang) if explanation else "")


def path_picture(trace_blob: bytes, columns: int = PICTURE_COLUMNS, *, mission_name: str | None = None) -> list[str]:
    """The field in characters, north up, with the path the robot drove marked '*'; ``mission_name``:
    where the field is when not among ours (a kept field file, written out)."""
    from brickclass.simulator.missions import load_mission
    from brickclass.simulator.missions.describe import text_map
    from brickclass.simulator.trace import Trace

    trace = Trace.from_bytes(trace_blob)
    mission = load_mission(mission_name or trace.mission)
    grid = [list(row) for row in text_map(mission, columns)]
    width, height = mission.field.size
    inner = len(grid) - 2
    for frame in trace.frames:
        x, y = frame.pose[:2]
        column = 1 + min(columns - 1, max(0, int(x / width * columns)))
        row = 1 + min(inner - 1, max(0, int((height - y) / height * inner)))
        grid[row][column] = "*"
    return ["".join(row) for row in grid]


def run_view(book: Gradebook, run_id: int, lang: str) -> RunView:
    run = book.run(run_id)
    submission = book.submission(run.submission_id)
    assignment = book.assignment(submission.assignment_id)
    credited = None
    if run.pupil_id is not None:
        credited = next((p.name for p in book.pupils(assignment.class_id) if p.id == run.pupil_id), None)
    warnings = [HubWarning(w.get("line"), stored_words(w.get("message"), lang)) for w in run.hub_warnings or []]
    blob = book.trace(run_id) if run.has_trace else None
    try:
        with mission_to_run(assignment, book.kept_field(assignment.id)) as mission:
            picture = path_picture(blob, mission_name=mission if assignment.field_file else None) if blob else None
    except ValueError:
        picture = None  # a trace this version cannot read, or its mission is gone
    return RunView(run, submission, credited, score_rows(run, lang), explain_error(run, submission.content, lang),
                   warnings, picture)


def replay(trace_blob: bytes, lang: str, *, mission_name: str | None = None) -> str:
    """Play the run back in the simulator's window (``brickclass replay``, a process of its own, so the
    window never shares a thread with the caller); returns what it said if it could not open, else "".
    ``mission_name``: where the field is when not among ours (a kept field file, written out)."""
    with tempfile.TemporaryDirectory(prefix="brickclass-replay-") as folder:
        trace = Path(folder) / "run.trace"
        trace.write_bytes(trace_blob)
        field = ["--mission", mission_name] if mission_name else []
        finished = subprocess.run([sys.executable, "-m", "brickclass", "--lang", lang, "replay", str(trace), *field],
                                  stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
    return finished.stderr.strip() if finished.returncode else ""
