"""The mission's scoresheet for one pupil's run on the real table."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Label

from brickclass.classroom import ClassroomError, ScoresheetError
from brickclass.language import current_language, t
from brickclass.tui.modals.dialog import Dialog


class ScoresheetModal(Dialog):
    title_key = "teacher.dialogs.scoresheet"

    def __init__(self, assignment_id: int, pupil_id: int, pupil: str, filename: str) -> None:
        super().__init__()
        self.assignment_id = assignment_id
        self.pupil_id = pupil_id
        self.pupil = pupil
        self.filename = filename

    def subtitle(self) -> str:
        return t("teacher.who_file", pupil=self.pupil, file=self.filename)

    def fields(self) -> ComposeResult:
        lang = current_language()
        for entry in self.classroom.scoresheet(self.assignment_id):
            yield Label(Content(f"{entry.item.label.get(lang)} — {t(f'teacher.entry.{entry.kind}')}"))
            yield Input("0" if entry.kind != "yes_no" else t("teacher.no"), id=f"item-{entry.item.id}", compact=True)

    def submit(self) -> None:
        answers = {entry.item.id: self.value(f"item-{entry.item.id}")
                   for entry in self.classroom.scoresheet(self.assignment_id)}
        try:
            run, filename = self.classroom.save_table_run(self.assignment_id, self.pupil_id, answers)
        except ScoresheetError as exc:
            self.problem(t("teacher.scoresheet_refused", item=exc.label.get(current_language()),
                           reason=exc.message()))
            return
        except ClassroomError as exc:
            self.problem(exc.message())
            return
        self.app.notify(t("teacher.table_saved", pupil=self.pupil, file=filename, score=run.score,
                          max_score=run.max_score))
        self.dismiss(True)
