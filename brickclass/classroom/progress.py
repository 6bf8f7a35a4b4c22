"""A pupil's progress through the lessons, kept in their own data folder.

One small JSON file: which lessons passed (and when), how many hints were
shown. It is written whole to a temporary file and renamed into place, so a
crash never leaves half a file. ``BRICKCLASS_HOME`` moves the folder (tests, a
shared classroom computer with one folder per pupil).
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def data_dir() -> Path:
    home = os.environ.get("BRICKCLASS_HOME")
    if home:
        return Path(home)
    from platformdirs import user_data_dir

    return Path(user_data_dir("brickclass", appauthor=False))


class Progress:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "progress.json"
        self.data: dict[str, Any] = {"passed": {}, "hints": {}}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self.data["passed"] = dict(loaded.get("passed", {}))
                self.data["hints"] = dict(loaded.get("hints", {}))
        except (OSError, ValueError):
            pass  # no progress yet, or a damaged file: start afresh rather than fail

    def passed(self, lesson_id: str) -> bool:
        return lesson_id in self.data["passed"]

    def mark_passed(self, lesson_id: str) -> None:
        self.data["passed"].setdefault(lesson_id, datetime.now(UTC).isoformat(timespec="seconds"))
        self.save()

    def next_hint(self, lesson_id: str) -> int:
        """Index of the hint to show now (and remember that it was shown)."""
        shown = int(self.data["hints"].get(lesson_id, 0))
        self.data["hints"][lesson_id] = shown + 1
        self.save()
        return shown

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".progress-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(self.data, out, indent=1)
        os.replace(temporary, self.path)
