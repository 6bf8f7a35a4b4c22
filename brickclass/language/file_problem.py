"""A file a person wrote that cannot be used: where, and what is wrong, as a key and values.

Mission, robot and lesson files are written by teachers and pupils, so what is
wrong with one is read in the reader's language: the file, the field (the key
path in the file, e.g. ``ports.C.endstops``, or ``line N`` of a text) and the
problem. The error carries the problem's key, under the catalogue table its
kind of file names (``PROBLEMS``), and the values that go in it;
``describe(lang)`` puts them into words, ``str()`` in the process's language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from brickclass.language import current_language, t

# The field of a problem with the file as a whole (it cannot be read, it is not TOML): no key is named.
# An empty field is a file or id asked for that is not there.
WHOLE_FILE = "file"


def where(file: str, field: str, problem: str, lang: str | None = None) -> str:
    """``file: field: problem`` in the reader's words (a line of a text, or the whole file, said as such)."""
    if field in ("", WHOLE_FILE):
        return t("files.where_file", lang, file=file, problem=problem)
    if field.startswith("line "):
        return t("files.where_line", lang, file=file, line=field[5:], problem=problem)
    return t("files.where", lang, file=file, field=field, problem=problem)


class FileProblem(ValueError):
    """What is wrong with one file; each kind of file names the table its problems live in."""

    PROBLEMS: ClassVar[str] = "missions.problem"

    def __init__(self, path: Path | str, field_name: str, problem: str, /, **values: Any) -> None:
        super().__init__(path, field_name, problem, values)
        self.path = str(path)
        self.field = field_name
        self.problem = problem
        self.values = values

    def __reduce__(self) -> tuple[Any, ...]:
        # Crosses to grading workers and back as its key and values, never as words.
        return (_rebuild, (type(self), self.path, self.field, self.problem, self.values))

    def problem_text(self, lang: str | None = None) -> str:
        return t(f"{self.PROBLEMS}.{self.problem}", lang, **self.values)

    def describe(self, lang: str | None = None) -> str:
        return where(self.path, self.field, self.problem_text(lang), lang)

    def __str__(self) -> str:
        return self.describe(current_language())


def _rebuild(kind: type[FileProblem], path: str, field_name: str, problem: str,
             values: dict[str, Any]) -> FileProblem:
    return kind(path, field_name, problem, **values)
