"""What is wrong with a mission file, as a key and values (words come from the catalogues).

A teacher or pupil who wrote a mission file reads: the file, the field (the
key path in the file, e.g. ``field.panels[2].size``) and the problem in their
own language. The error carries ``problem`` (a key under ``missions.problem``)
and its values; ``describe(lang)`` puts them into words, and ``str()`` uses
the language the process runs in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from brickclass.language import current_language, t

# The "field" of a problem with the file as a whole (it cannot be read, it is not TOML): no key is named;
# an empty field is a problem with the mission id asked for (no such mission, no such level).
WHOLE_FILE = "file"


class MissionFileError(ValueError):
    def __init__(self, path: Path | str, field_name: str, problem: str, /, **values: Any) -> None:
        super().__init__(path, field_name, problem, values)
        self.path = str(path)
        self.field = field_name
        self.problem = problem
        self.values = values

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.path, self.field, self.problem, self.values))

    def problem_text(self, lang: str | None = None) -> str:
        return t(f"missions.problem.{self.problem}", lang, **self.values)

    def describe(self, lang: str | None = None) -> str:
        if self.field in ("", WHOLE_FILE):
            return t("missions.where_file", lang, file=self.path, problem=self.problem_text(lang))
        return t("missions.where", lang, file=self.path, field=self.field, problem=self.problem_text(lang))

    def __str__(self) -> str:
        return self.describe(current_language())


def _rebuild(path: str, field_name: str, problem: str, values: dict[str, Any]) -> MissionFileError:
    return MissionFileError(path, field_name, problem, **values)


def shown(value: Any) -> str:
    """A value from the file as the file wrote it: ``'abc'``, ``true``, ``[1, 2]``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {shown(v)}" for k, v in value.items()) + "}"
    return str(value)
