"""Why a run could not start, as a key and values: the reader's language is chosen where it is shown.

A missing program, a program too big for a hub, or a robot or mission file
that cannot be used. The error is data (``to_json`` / ``from_json``), so a
graded run can keep it in the gradebook and the teacher reads it later in
their own language; ``describe(lang)`` puts it into words, ``str()`` in the
language the process runs in.
"""

from __future__ import annotations

from typing import Any

from brickclass.language import reason_from_json, t
from brickclass.language.file_problem import where

# The problem of a robot or mission file that cannot be used (its own key and values go along).
FILE_PROBLEM = "file"


class SetupError(ValueError):
    """The run could not start: a key under ``sim.setup`` (or a file's problem) and its values."""

    def __init__(self, problem: str, /, **values: Any) -> None:
        super().__init__(problem, values)
        self.problem = problem
        self.values = values

    @classmethod
    def of_file(cls, error: Any) -> SetupError:
        """A robot or mission file's error (path, field, problem key and values under ``missions.problem``)."""
        return cls(FILE_PROBLEM, file=str(error.path), field=str(error.field), problem=str(error.problem),
                   values=dict(error.values))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.problem, self.values))

    def describe(self, lang: str | None = None) -> str:
        if self.problem == FILE_PROBLEM:
            values = self.values
            problem = t(f"missions.problem.{values['problem']}", lang, **values.get("values", {}))
            return where(values["file"], values["field"], problem, lang)
        return t(f"sim.setup.{self.problem}", lang, **self.values)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON: a value that is data of its own (why the system refused a file) as its ``to_json``."""
        return {"problem": self.problem, "values": _plain(self.values)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SetupError:
        return cls(str(data["problem"]), **_rebuilt(dict(data.get("values") or {})))

    def __str__(self) -> str:
        return self.describe()


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {name: _plain(value) if isinstance(value, dict) else value.to_json() if hasattr(value, "to_json") else value
            for name, value in values.items()}


def _rebuilt(values: dict[str, Any]) -> dict[str, Any]:
    """The values as ``_plain`` left them, with a file's reason (the system's, the TOML reader's) made whole again."""
    return {name: _rebuilt(value) if isinstance(value, dict) and reason_from_json(value) is value
            else reason_from_json(value) for name, value in values.items()}


def _rebuild(problem: str, values: dict[str, Any]) -> SetupError:
    return SetupError(problem, **values)
