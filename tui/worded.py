"""What every screen and dialog of the teacher app shares: the classroom, and keys in the teacher's language.

Bindings are declared once, at import, with a text key as their description
(``teacher.keys.grade``); they are put into words when they are shown, in the
language the app was started with, so one process can show either language.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol, cast

from textual.app import App
from textual.binding import ActiveBinding

from brickclass.language import t

if TYPE_CHECKING:
    from brickclass.classroom import Classroom
    from brickclass.tui.app import TeacherApp

KEY_PREFIX = "teacher.keys."


class _OnScreen(Protocol):
    """What the mixin needs of the screen it is mixed into."""

    @property
    def app(self) -> App[Any]: ...


def worded(active: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """The same bindings, each of ours with its description in the chosen language."""
    shown = {}
    for key, entry in active.items():
        binding = entry.binding
        if binding.description.startswith(KEY_PREFIX):
            entry = entry._replace(binding=replace(binding, description=t(binding.description)))
        shown[key] = entry
    return shown


class TeacherKeys:
    """Mixed into the app's screens and dialogs (before Textual's Screen)."""

    @property
    def teacher_app(self: _OnScreen) -> TeacherApp:
        return cast("TeacherApp", self.app)

    @property
    def classroom(self: _OnScreen) -> Classroom:
        return cast("TeacherApp", self.app).classroom

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return worded(super().active_bindings)  # type: ignore[misc]
