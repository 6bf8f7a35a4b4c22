"""The base of every screen of the teacher app: the classroom, and its keys in the teacher's language."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from brickclass.tui.worded import TeacherKeys


class TeacherScreen(TeacherKeys, Screen[Any]):
    pass
