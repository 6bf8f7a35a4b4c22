"""Export a class's grades as CSV."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.widgets import Input, Label

from brickclass.language import OsReason, current_language, t
from brickclass.tui.modals.dialog import Dialog


class ExportModal(Dialog):
    title_key = "teacher.dialogs.export"

    def __init__(self, class_id: int) -> None:
        super().__init__()
        self.class_id = class_id

    def fields(self) -> ComposeResult:
        yield Label(t("teacher.dialogs.csv_out"))
        yield Input(t("teacher.dialogs.csv_default"), id="out", compact=True)

    def submit(self) -> None:
        out = Path(self.value("out")).expanduser()
        ids = [a.id for a in self.classroom.assignments(self.class_id)]
        try:
            rows = self.classroom.export_csv(ids, out, current_language())
        except OSError as exc:
            self.problem(t("classroom.cannot_write", path=str(out), reason=OsReason.of(exc)))
            return
        self.app.notify(t("classroom.exported", count=rows, path=str(out)))
        self.dismiss(True)
