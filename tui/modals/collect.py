"""Collect the programs of an assignment from a folder."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.widgets import Input, Label

from brickclass.classroom import ClassroomError
from brickclass.language import t
from brickclass.tui.modals.dialog import Dialog


class CollectModal(Dialog):
    title_key = "teacher.dialogs.collect"

    def __init__(self, assignment_id: int) -> None:
        super().__init__()
        self.assignment_id = assignment_id

    def fields(self) -> ComposeResult:
        yield Label(t("teacher.dialogs.folder"))
        yield Input(id="folder", compact=True)

    def submit(self) -> None:
        try:
            result = self.classroom.collect(self.assignment_id, Path(self.value("folder")).expanduser())
        except ClassroomError as exc:
            self.problem(exc.message())
            return
        self.app.notify("\n".join(result.report()), severity="warning" if result.needs_a_look else "information",
                        timeout=15)
        self.dismiss(True)
