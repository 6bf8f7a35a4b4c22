"""``brickclass teacher``: the teacher's app over the gradebook."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from brickclass.gradebook import Gradebook
from brickclass.language import t
from brickclass.tui.screens import ClassScreen, HelpScreen


class TeacherApp(App[None]):
    CSS_PATH = "teacher.tcss"
    TITLE = "brickclass"
    SCREENS = {"help": HelpScreen}
    BINDINGS = [Binding("ctrl+q", "quit", t("teacher.keys.quit"), show=False)]

    def __init__(self, db: Path | None = None) -> None:
        super().__init__()
        self.book = Gradebook(db)
        self.class_id: int | None = None

    def on_mount(self) -> None:
        self.push_screen(ClassScreen())

    def on_unmount(self) -> None:
        self.book.close()
