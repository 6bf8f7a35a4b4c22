"""The keys of the teacher's app, from the Markdown beside this file in the teacher's language."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Markdown

from brickclass.language import current_language
from brickclass.tui.screens.teacher_screen import TeacherScreen

HELP_FOLDER = Path(__file__).parent


def help_text(lang: str) -> str:
    """``help_screen.<lang>.md``, English when there is none in ``lang``."""
    path = HELP_FOLDER / f"help_screen.{lang}.md"
    if not path.exists():
        path = HELP_FOLDER / "help_screen.en.md"
    return path.read_text(encoding="utf-8")


class HelpScreen(TeacherScreen):
    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", "teacher.keys.back")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help"):
            yield Markdown(help_text(current_language()), id="help-text")
        yield Footer()
