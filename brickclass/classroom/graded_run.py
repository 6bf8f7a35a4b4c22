"""What a run leaves in the gradebook: one type for runs in the simulator, on a hub and on the table.

Everything in it is data, never words: a status (``finished``, ``error``,
``timeout``, ``stopped``), points, the breakdown lines (labels in both
languages, counts as numbers), the program's own output, the error as the
hub reported it, and what ``brickclass check`` found (in both languages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Errors that mean the program never ended by itself (it did not crash).
NEVER_ENDED_ERRORS = ("Stuck", "WallClock", "Timeout")


@dataclass(frozen=True)
class GradedRun:
    status: str
    score: int = 0
    max_score: int = 0
    stars: int = 0
    time_s: float | None = None
    breakdown: list[dict[str, Any]] = field(default_factory=list)
    output: str = ""
    error: dict[str, Any] | None = None
    trace: bytes | None = None
    # `brickclass check` findings: None when the program was not checked.
    hub_warnings: list[dict[str, Any]] | None = None

    @classmethod
    def failed(cls, error_type: str, message: str = "",
               hub_warnings: list[dict[str, Any]] | None = None, **details: Any) -> GradedRun:
        """A run that could not be made; the error's type (and ``details``, keys and values) say why,
        and the edge explains it in the reader's language."""
        return cls("error", error={"type": error_type, "message": message, "line": None, **details},
                   hub_warnings=hub_warnings)


def problem_of(status: str, error: dict[str, Any] | None) -> str | None:
    """``crashed`` or ``never_ended`` when a run went wrong that way, else None.

    A program that ran until the time limit, or never called the hub again,
    never ended; any other error is a crash.
    """
    if status == "timeout":
        return "never_ended"
    if status == "error":
        kind = (error or {}).get("type")
        return "never_ended" if kind in NEVER_ENDED_ERRORS else "crashed"
    return None


def stored_words(value: object, lang: str) -> str:
    """A text the gradebook keeps in every language (older gradebooks kept one) in the reader's."""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or "")
    return str(value or "")
