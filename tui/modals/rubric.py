"""Rubric marks for one pupil: a band from 1 to 4 for each criterion."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Label, Select

from brickclass.classroom import RUBRIC_CRITERIA
from brickclass.language import t
from brickclass.tui.modals.dialog import Dialog


class RubricModal(Dialog):
    title_key = "teacher.dialogs.rubric"

    def __init__(self, assignment_id: int, pupil_id: int, pupil: str) -> None:
        super().__init__()
        self.assignment_id = assignment_id
        self.pupil_id = pupil_id
        self.pupil = pupil

    def subtitle(self) -> str:
        return self.pupil

    def fields(self) -> ComposeResult:
        marks = self.classroom.marks(self.assignment_id, self.pupil_id)
        options = [(t(f"teacher.rubric.band{band}"), band) for band in (1, 2, 3, 4)]
        for criterion in RUBRIC_CRITERIA:
            yield Label(t(f"teacher.rubric.{criterion}"))
            yield Select(options, value=marks.get(criterion, Select.NULL), id=f"band-{criterion}",
                         prompt=t("teacher.rubric.none"), compact=True)

    def submit(self) -> None:
        chosen = {}
        for criterion in RUBRIC_CRITERIA:
            value = self.query_one(f"#band-{criterion}", Select).value
            if isinstance(value, int):
                chosen[criterion] = value
        self.classroom.set_marks(self.assignment_id, self.pupil_id, chosen)
        self.app.notify(t("teacher.marks_saved", pupil=self.pupil))
        self.dismiss(True)
