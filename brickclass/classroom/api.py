"""The classroom as the command line and the teacher's app use it: one object over one gradebook.

Every action a teacher takes goes through here: classes from a list, an
assignment for a mission or lesson, programs collected, graded on every
core, a run looked at, a run scored on the table or sent to a hub and
credited to one pupil, grades exported. Words are never chosen here: the
caller passes the reader's language where something is put into words.

A ``Classroom`` may be used from several threads (the app grades in a
worker): each thread gets its own connection to the gradebook file.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brickclass.classroom import collect as collecting
from brickclass.classroom import export, grading, roster, scoresheet
from brickclass.classroom.errors import ClassroomError
from brickclass.classroom.gradebook import Gradebook
from brickclass.classroom.graded_run import GradedRun
from brickclass.classroom.hub import Chooser, HubRun, send_source
from brickclass.classroom.kept_field import mission_to_run
from brickclass.classroom.records import Assignment, ClassInfo, Pupil, Submission
from brickclass.classroom.run_view import RunView, run_view
from brickclass.classroom.standings import FileResult, Standing, standings
from brickclass.classroom.targets import Target, pick_target

if TYPE_CHECKING:
    from brickclass.simulator.missions.model import Mission


class Classroom:
    def __init__(self, path: Path | str | None = None) -> None:
        self._local = threading.local()
        # Each thread's connection; one that ended takes its connection with it.
        self._books: weakref.WeakSet[Gradebook] = weakref.WeakSet()
        self._lock = threading.Lock()
        first = Gradebook(path)  # checks (or migrates) the file now, in the caller's thread
        self.path = first.path
        self._keep(first)

    def _keep(self, book: Gradebook) -> Gradebook:
        self._local.book = book
        with self._lock:
            self._books.add(book)
        return book

    @property
    def book(self) -> Gradebook:
        """This thread's connection to the gradebook."""
        book: Gradebook | None = getattr(self._local, "book", None)
        return book if book is not None else self._keep(Gradebook(self.path, checked=True))

    def close(self) -> None:
        with self._lock:
            for book in list(self._books):
                book.close()
            self._books.clear()
        self._local = threading.local()

    # --- classes and pupils ------------------------------------------------------------------------

    def classes(self) -> list[ClassInfo]:
        return self.book.classes()

    def class_named(self, name: str) -> ClassInfo | None:
        return next((c for c in self.classes() if c.name == name), None)

    def pupils(self, class_id: int) -> list[Pupil]:
        return self.book.pupils(class_id)

    def import_roster(self, path: Path) -> roster.RosterImport:
        return roster.import_roster(self.book, path)

    # --- assignments ---------------------------------------------------------------------------------

    def add_assignment(self, class_name: str, target_name: str, *, level: int | None = None, seed: int = 0,
                       runs: int = 1, title: str = "", due: str | None = None) -> tuple[Assignment, Target]:
        target = pick_target(target_name, level)
        assignment_id = self.book.add_assignment(class_name, target.kind, target.id, level=target.level, seed=seed,
                                                 titles=target.titles, title=title.strip(), runs_allowed=runs, due=due,
                                                 field=target.kept)
        return self.assignment(assignment_id), target

    def assignment(self, assignment_id: int) -> Assignment:
        return self.book.assignment(assignment_id)

    def assignments(self, class_id: int | None = None) -> list[Assignment]:
        return self.book.assignments(class_id)

    def collect(self, assignment_id: int, folder: Path) -> collecting.Collected:
        return collecting.collect(self.book, assignment_id, folder)

    def standings(self, assignment_id: int) -> list[Standing]:
        return standings(self.book, assignment_id)

    def standing(self, assignment_id: int, pupil_id: int) -> Standing:
        found = next((s for s in self.standings(assignment_id) if s.pupil.id == pupil_id), None)
        if found is None:
            raise ClassroomError("no_pupil", id=pupil_id)
        return found

    # --- grading -------------------------------------------------------------------------------------

    def pending(self, assignment_id: int) -> int:
        return len(grading.pending_jobs(self.book, self.assignment(assignment_id)))

    def grade(self, assignment_id: int, *, progress: grading.Progress | None = None, workers: int | None = None,
              should_stop: Callable[[], bool] | None = None) -> grading.GradeSummary:
        """Run every pending submission; each run is saved (and reported) as it finishes."""
        return grading.grade(self.book, assignment_id, progress=progress, workers=workers, should_stop=should_stop)

    # --- one run -------------------------------------------------------------------------------------

    def run_view(self, run_id: int, lang: str) -> RunView:
        return run_view(self.book, run_id, lang)

    def trace(self, run_id: int) -> bytes | None:
        return self.book.trace(run_id)

    def replay(self, run_id: int, lang: str) -> str:
        """Open the replay window for a run and wait until it is closed; what went wrong, or ""."""
        from brickclass.classroom.run_view import replay

        blob = self.book.trace(run_id)
        if not blob:
            raise ClassroomError("no_trace")
        assignment = self.assignment(self.book.submission(self.book.run(run_id).submission_id).assignment_id)
        with mission_to_run(assignment, self.book.kept_field(assignment.id)) as mission:
            return replay(blob, lang, mission_name=mission if assignment.field_file else None)

    def mission(self, assignment_id: int) -> Mission:
        """The mission an assignment runs on (a field file given to the class: as it was kept)."""
        from brickclass.simulator.missions import load_mission

        with mission_to_run(self.assignment(assignment_id), self.book.kept_field(assignment_id)) as mission:
            return load_mission(mission)

    def scoresheet(self, assignment_id: int) -> list[scoresheet.Entry]:
        return scoresheet.entries(self.mission(assignment_id))

    def file_that_counts(self, assignment_id: int, pupil_id: int) -> FileResult | None:
        """The file a run on the table or a hub is for: the one that counts for the pupil now."""
        return self.standing(assignment_id, pupil_id).counts

    def save_table_run(self, assignment_id: int, pupil_id: int, answers: dict[str, Any]) -> tuple[GradedRun, str]:
        """Score what the teacher entered and credit it to the pupil; (the run, the file it ran)."""
        assignment = self.assignment(assignment_id)
        chosen = self.file_that_counts(assignment_id, pupil_id)
        if assignment.kind != "mission" or chosen is None:
            raise ClassroomError("no_table_run")
        sheet = scoresheet.score_table_run(self.mission(assignment_id), answers)
        self.book.add_run(chosen.submission.id, "table", sheet, pupil_id=pupil_id)
        return sheet, chosen.filename

    def send_to_hub(self, assignment_id: int, pupil_id: int, lang: str, *, choose: Chooser | None,
                    on_output: Callable[[str], None], timeout: float = 10.0) -> tuple[HubRun, Submission]:
        """Run the pupil's file on a hub and save the run, credited to the pupil; (what happened, the file)."""
        chosen = self.file_that_counts(assignment_id, pupil_id)
        if chosen is None:
            raise ClassroomError("nothing_handed_in")
        submission = chosen.submission
        hub_run = send_source(submission.content, submission.filename, lang, timeout=timeout, on_output=on_output,
                              choose=choose)
        graded = hub_run.graded()
        if graded is not None:
            self.book.add_run(submission.id, "hub", graded, pupil_id=pupil_id)
        return hub_run, submission

    def set_marks(self, assignment_id: int, pupil_id: int, marks: dict[str, int]) -> None:
        for criterion, band in marks.items():
            self.book.set_mark(assignment_id, pupil_id, criterion, band)

    def marks(self, assignment_id: int, pupil_id: int) -> dict[str, int]:
        return self.book.marks(assignment_id, pupil_id)

    # --- export --------------------------------------------------------------------------------------

    def export_csv(self, assignment_ids: list[int], out: Path, lang: str) -> int:
        """Write the grades; returns how many rows."""
        rows = export.gradebook_rows(self.book, assignment_ids, lang)
        export.write_csv(rows, export.GRADEBOOK_COLUMNS, out, lang)
        return len(rows)
