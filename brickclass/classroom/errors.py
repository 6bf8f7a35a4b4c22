"""What went wrong in the classroom core, as a key and values: the edge puts it into words.

The core never chooses a language. An error names its text
(``classroom.errors.<key>``) and the values that go in it; the command line
and the teacher's app call ``message(lang)`` in the language their reader chose.
"""

from __future__ import annotations

from typing import Any

from brickclass.language import t


class ClassroomError(Exception):
    """Something the teacher must know; nothing was changed."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key, values)
        self.key = key
        self.values = values

    def message(self, lang: str | None = None) -> str:
        # A value that can describe itself (an error from the missions loader) does so in ``lang`` (t sees to it).
        return t(f"classroom.errors.{self.key}", lang, **self.values)

    def __str__(self) -> str:
        return self.message()


class GradebookError(ClassroomError):
    """The gradebook cannot be used as asked (and was left as it was)."""


class RosterError(ClassroomError):
    """A class list or a folder of programs that cannot be read."""


class TargetError(ClassroomError):
    """No mission or lesson by that name (or no such level)."""
