"""``brickclass teacher``: the teacher's app over the classroom.

The app only wires screens together; each screen asks the classroom core
(``brickclass.classroom``) for what it shows and for every change.
``make_app`` builds it for the command line and the tests alike.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette

from brickclass.classroom import Classroom
from brickclass.language import set_language, t
from brickclass.tui.commands import TeacherCommands
from brickclass.tui.screens.class_screen import ClassScreen
from brickclass.tui.screens.help_screen import HelpScreen


class TeacherApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "brickclass"
    COMMANDS = {TeacherCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "teacher.keys.quit", show=False, priority=True),
        Binding("ctrl+p", "command_palette", "teacher.keys.palette", show=False, priority=True),
    ]

    def __init__(self, classroom: Classroom) -> None:
        super().__init__()
        self.classroom = classroom
        self.class_id: int | None = None

    def on_mount(self) -> None:
        self.title = t("teacher.title")
        self.push_screen(ClassScreen())

    def on_unmount(self) -> None:
        self.classroom.close()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_command_palette(self) -> None:
        if not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(placeholder=t("teacher.palette_placeholder"), id="--command-palette"))


def make_app(db_path: Path | str | None = None, *, lang: str | None = None) -> TeacherApp:
    """The teacher's app over the gradebook at ``db_path`` (the usual one if None), in ``lang``
    (the language already chosen if None). Raises GradebookError for a file it cannot use."""
    if lang is not None:
        set_language(lang)
    return TeacherApp(Classroom(db_path))
