"""What the gradebook hands out: classes, pupils, assignments, handed-in files and runs, as plain records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ClassInfo:
    id: int
    name: str
    pupils: int


@dataclass(frozen=True)
class Pupil:
    id: int
    name: str
    team: str | None
    team_id: int | None


@dataclass(frozen=True)
class Assignment:
    id: int
    class_id: int
    class_name: str
    kind: str  # mission | lesson
    target: str
    level: int | None
    seed: int
    title: str  # the teacher's own title, or "" for the target's
    titles: dict[str, str]  # the mission's or lesson's own title by language
    due: str | None
    runs_allowed: int
    # A field file given to the class (my-moon.toml): runs load the copy kept in the gradebook.
    field_file: str | None = None

    @property
    def mission_id(self) -> str:
        """What to run in the simulator: the mission with its level, or the lesson's id (for a kept
        field file, its name with its level: the gradebook's copy is what runs)."""
        name = self.field_file or self.target
        if self.kind == "mission" and self.level is not None:
            return f"{name}:{self.level}"
        return name

    def title_in(self, lang: str) -> str:
        return self.title or self.titles.get(lang) or self.titles.get("en") or self.mission_id


@dataclass(frozen=True)
class Submission:
    id: int
    assignment_id: int
    pupil_id: int | None
    team_id: int | None
    owner: str  # the pupil's or the team's name
    filename: str
    content: str
    submitted: str
    modified: str

    @property
    def by_team(self) -> bool:
        return self.pupil_id is None


@dataclass(frozen=True)
class Run:
    id: int
    submission_id: int
    kind: str  # simulator | hub | table
    seed: int | None
    status: str
    score: int
    max_score: int
    stars: int
    time_s: float | None
    breakdown: list[dict[str, Any]]
    output: str
    error: dict[str, Any] | None
    hub_warnings: list[dict[str, Any]] | None
    pupil_id: int | None  # a run on a hub or the table: the pupil it is credited to
    has_trace: bool
    created: str
