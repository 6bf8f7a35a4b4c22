"""What every screen of the teacher app shares: the classroom, and its keys in the teacher's language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import ActiveBinding
from textual.screen import Screen

from brickclass.tui.worded import worded

if TYPE_CHECKING:
    from brickclass.classroom import Classroom


class TeacherScreen(Screen[Any]):
    @property
    def classroom(self) -> Classroom:
        return self.app.classroom  # type: ignore[attr-defined, no-any-return]

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return worded(super().active_bindings)
