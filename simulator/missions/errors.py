"""What is wrong with a mission file, as a key and values (words come from the catalogues).

A teacher or pupil who wrote a mission file reads: the file, the field (the
key path in the file, e.g. ``field.panels[2].size``) and the problem in their
own language. The error carries ``problem`` (a key under ``missions.problem``)
and its values; ``describe(lang)`` puts them into words, and ``str()`` uses
the language the process runs in.
"""

from __future__ import annotations

from typing import Any

from brickclass.language.file_problem import FileProblem

__all__ = ["MissionFileError", "shown"]


class MissionFileError(FileProblem):
    PROBLEMS = "missions.problem"


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
