"""One assignment: every pupil's result and files, grading, runs on the table and on a hub, rubric marks.

Every dialog opened here acts on the pupil under the cursor when the key was
pressed, and says so; the cursor stays on that pupil afterwards.
"""

from __future__ import annotations

import threading
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Label, ProgressBar
from textual.worker import get_current_worker

from brickclass.classroom import Graded, Standing
from brickclass.classroom.hub import ending_text, hub_error_report, problem_text
from brickclass.language import current_language, t
from brickclass.tui.messages import BatchGraded, HubRunFinished, RunFinished
from brickclass.tui.screens.teacher_screen import TeacherScreen
from brickclass.tui.widgets.pupil_files import PupilFiles
from brickclass.tui.widgets.standings_table import StandingsTable


class AssignmentScreen(TeacherScreen):
    BINDINGS = [
        Binding("g", "grade", "teacher.keys.grade"),
        Binding("c", "collect", "teacher.keys.collect"),
        Binding("enter", "open_run", "teacher.keys.run"),
        Binding("m", "marks", "teacher.keys.marks"),
        Binding("s", "scoresheet", "teacher.keys.scoresheet"),
        Binding("h", "send_to_hub", "teacher.keys.hub"),
        Binding("escape", "app.pop_screen", "teacher.keys.back"),
        Binding("question_mark", "app.help", "teacher.keys.help"),
    ]

    def __init__(self, assignment_id: int, focus_pupil: str | None = None) -> None:
        super().__init__()
        self.assignment_id = assignment_id
        self.focus_pupil = focus_pupil
        self.standings: list[Standing] = []

    def compose(self) -> ComposeResult:
        assignment = self.classroom.assignment(self.assignment_id)
        yield Header()
        yield Label(t("teacher.assignment_title", id=assignment.id, title=assignment.title_in(current_language()),
                      target=assignment.mission_id, class_name=assignment.class_name), classes="pane-title")
        yield StandingsTable(id="standings", cursor_type="row", zebra_stripes=True)
        yield Label("", id="files-title", classes="pane-title")
        yield PupilFiles(id="files", cursor_type="row")
        yield ProgressBar(id="progress", show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.refresh_rows()
        if self.focus_pupil is not None:
            self.query_one(StandingsTable).move_to(self.focus_pupil)

    def on_screen_resume(self) -> None:
        # Back from a dialog or a run: what changed, with the cursor on the same pupil.
        self.refresh_rows()

    def refresh_rows(self) -> None:
        self.standings = self.classroom.standings(self.assignment_id)
        self.query_one(StandingsTable).show(self.standings)
        self.show_files()

    def pupil(self) -> Standing | None:
        """The pupil under the cursor."""
        pupil_id = self.query_one(StandingsTable).pupil_id
        return next((s for s in self.standings if s.pupil.id == pupil_id), None)

    def show_files(self) -> None:
        standing = self.pupil()
        title = t("teacher.files.title", pupil=standing.pupil.name) if standing is not None else ""
        self.query_one("#files-title", Label).update(title)
        self.query_one(PupilFiles).show(standing)

    @on(DataTable.RowHighlighted, "#standings")
    def pupil_highlighted(self) -> None:
        self.show_files()

    # --- looking at runs ------------------------------------------------------------------------------

    def action_open_run(self) -> None:
        standing = self.pupil()
        if standing is None:
            return
        files = self.query_one(PupilFiles)
        chosen = files.chosen if files.has_focus else standing.counts
        run = chosen.best if chosen is not None else None
        if run is None:
            self.notify(t("teacher.no_run", pupil=standing.pupil.name), severity="warning")
            return
        from brickclass.tui.screens.run_screen import RunScreen

        self.app.push_screen(RunScreen(run.id))

    @on(DataTable.RowSelected)
    def row_selected(self) -> None:
        self.action_open_run()

    # --- grading -----------------------------------------------------------------------------------------

    def action_grade(self) -> None:
        pending = self.classroom.pending(self.assignment_id)
        if not pending:
            self.notify(t("teacher.nothing_to_grade"))
            return
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=pending, progress=0)
        self.grade_all()

    @work(thread=True, exclusive=True, group="grading")
    def grade_all(self) -> None:
        worker = get_current_worker()
        assignment_id = self.assignment_id

        def progress(graded: Graded) -> None:
            self.post_message(RunFinished(assignment_id, graded))

        summary = self.classroom.grade(assignment_id, should_stop=lambda: worker.is_cancelled, progress=progress)
        self.post_message(BatchGraded(assignment_id, summary))

    @on(RunFinished)
    def run_finished(self, message: RunFinished) -> None:
        self.query_one(ProgressBar).update(progress=message.graded.done, total=message.graded.total)
        self.refresh_rows()

    @on(BatchGraded)
    def batch_graded(self, message: BatchGraded) -> None:
        self.query_one(ProgressBar).display = False
        self.refresh_rows()
        self.notify(t("teacher.graded", count=len(message.summary.done)), title=t("teacher.batch_done"))

    def action_collect(self) -> None:
        from brickclass.tui.modals.collect import CollectModal

        self.app.push_screen(CollectModal(self.assignment_id))

    # --- one pupil: rubric, the table, a hub ---------------------------------------------------------------

    def action_marks(self) -> None:
        from brickclass.tui.modals.rubric import RubricModal

        standing = self.pupil()
        if standing is not None:
            self.app.push_screen(RubricModal(self.assignment_id, standing.pupil.id, standing.pupil.name))

    def action_scoresheet(self) -> None:
        from brickclass.tui.modals.scoresheet import ScoresheetModal

        standing = self.pupil()
        if standing is None:
            return
        if standing.assignment.kind != "mission" or standing.counts is None:
            self.notify(t("teacher.no_scoresheet", pupil=standing.pupil.name), severity="warning")
            return
        self.app.push_screen(ScoresheetModal(self.assignment_id, standing.pupil.id, standing.pupil.name,
                                             standing.counts.filename))

    def action_send_to_hub(self) -> None:
        standing = self.pupil()
        if standing is None:
            return
        if standing.counts is None:
            self.notify(t("teacher.nothing_handed_in", pupil=standing.pupil.name), severity="warning")
            return
        self.notify(t("teacher.hub_searching", pupil=standing.pupil.name, file=standing.counts.filename))
        self.run_on_hub(standing.pupil.id, standing.pupil.name)

    @work(thread=True, exclusive=True, group="hub")
    def run_on_hub(self, pupil_id: int, pupil: str) -> None:
        def choose(hubs: list[Any]) -> Any:
            return self._ask_which_hub(hubs, pupil)

        hub_run, submission = self.classroom.send_to_hub(self.assignment_id, pupil_id, current_language(),
                                                         choose=choose, on_output=lambda text: None)
        self.post_message(HubRunFinished(pupil, submission, hub_run))

    def _ask_which_hub(self, hubs: list[Any], pupil: str) -> Any:
        """Ask the teacher which hub, from the worker thread; None when they press Escape."""
        from brickclass.tui.modals.hub_chooser import HubChooser

        answer: dict[str, Any] = {}
        answered = threading.Event()

        def chosen(hub: Any) -> None:
            answer["hub"] = hub
            answered.set()

        self.app.call_from_thread(self.app.push_screen, HubChooser(hubs, pupil), chosen)
        answered.wait()
        return answer.get("hub")

    @on(HubRunFinished)
    def hub_run_finished(self, message: HubRunFinished) -> None:
        hub_run = message.hub_run
        who = t("teacher.who_file", pupil=message.pupil, file=message.submission.filename)
        if hub_run.findings:
            first = hub_run.findings[0]
            self.notify(f"{who}\n{first.message}\n{first.hint}", severity="error", timeout=12)
        elif hub_run.problem is not None:
            self.notify(f"{who}\n{problem_text(hub_run.problem)}", severity="error", timeout=12)
        elif hub_run.outcome is not None:
            text = f"{who}\n{ending_text(hub_run.outcome)}"
            report = hub_error_report(hub_run.outcome, message.submission.content, current_language())
            if report is not None:
                where = f" ({t('sim.line', line=report['line'])})" if report.get("line") else ""
                text += f"\n{report['title']}{where}"
            self.notify(text, severity="error" if hub_run.outcome.status == "error" else "information")
        self.refresh_rows()

