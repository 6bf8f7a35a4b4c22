"""Import a class list (CSV) into the gradebook."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.widgets import Input, Label

from brickclass.classroom import RosterError
from brickclass.language import t
from brickclass.tui.modals.dialog import Dialog


class RosterImportModal(Dialog):
    title_key = "teacher.dialogs.roster"

    def fields(self) -> ComposeResult:
        yield Label(t("teacher.dialogs.csv_path"))
        yield Input(placeholder="klass6b.csv", id="path", compact=True)

    def submit(self) -> None:
        try:
            result = self.classroom.import_roster(Path(self.value("path")).expanduser())
        except RosterError as exc:
            self.problem(exc.message())
            return
        self.app.notify(result.summary())
        self.dismiss(True)
