"""Give a class a mission or a lesson: class, what, title, seed, and runs per submission."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Label

from brickclass.classroom import ClassroomError
from brickclass.language import current_language, t
from brickclass.tui.modals.dialog import Dialog


class NewAssignmentModal(Dialog):
    title_key = "teacher.dialogs.new"

    def __init__(self, class_name: str) -> None:
        super().__init__()
        self.class_name = class_name

    def fields(self) -> ComposeResult:
        yield Label(t("teacher.dialogs.class"))
        yield Input(self.class_name, id="class", compact=True)
        yield Label(t("teacher.dialogs.target"))
        yield Input(placeholder="moon-sweeper:1 / 03-square", id="target", compact=True)
        yield Label(t("teacher.dialogs.title"))
        yield Input(id="title", compact=True)
        yield Label(t("teacher.dialogs.seed"))
        yield Input("0", id="seed", type="integer", compact=True)
        yield Label(t("teacher.dialogs.runs"))
        yield Input("1", id="runs", type="integer", compact=True)

    def submit(self) -> None:
        try:
            seed, runs = int(self.value("seed") or 0), int(self.value("runs") or 1)
        except ValueError:
            self.problem(t("teacher.dialogs.whole_numbers"))
            return
        try:
            assignment, _ = self.classroom.add_assignment(self.value("class"), self.value("target"), seed=seed,
                                                          runs=runs, title=self.value("title"))
        except ClassroomError as exc:
            self.problem(exc.message())
            return
        self.app.notify(t("teacher.assignment_created", id=assignment.id,
                          title=assignment.title_in(current_language()), class_name=assignment.class_name))
        self.dismiss(True)
