"""Pick what a class is given: a mission (with its level) or a lesson, by the name a teacher types."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from brickclass.classroom.errors import TargetError
from brickclass.classroom.kept_field import KeptField, keep_field
from brickclass.language import OsReason


@dataclass(frozen=True)
class Target:
    kind: str  # mission | lesson
    id: str  # the mission's id without its level, or the lesson's id
    level: int | None
    titles: dict[str, str]  # its own title in every language
    # A field file (a pupil's or teacher's own mission file), kept with the assignment as it is now.
    kept: KeptField | None = None

    @property
    def full_id(self) -> str:
        """What a run is given: ``moon-sweeper:1``, or the lesson's id."""
        return self.id if self.level is None else f"{self.id}:{self.level}"


def _lesson_ids() -> list[str]:
    from brickclass.lessons.library import lesson_folders

    return [folder.name for folder in lesson_folders()]


def _lesson(name: str) -> Target | None:
    from brickclass.lessons.library import LessonFileError, find_lesson

    if name not in _lesson_ids():
        return None
    try:
        lesson = find_lesson(name)
    except LessonFileError as exc:
        raise TargetError("lesson_broken", name=name, error=exc) from exc
    if lesson.own_field is not None:
        # Judged on each pupil's own field beside their program, which collect does not gather.
        raise TargetError("own_field_lesson", name=lesson.id, file=lesson.own_field)
    return Target("lesson", lesson.id, None, dict(lesson.titles))


def _mission(name: str, level: int | None) -> Target:
    from brickclass.simulator.missions import MissionFileError, available_missions, load_mission, split_mission_id

    try:
        base, given = split_mission_id(name)
    except MissionFileError as exc:
        raise TargetError("bad_level", name=name) from exc
    known = available_missions()
    if base not in known and not base.endswith(".toml"):
        raise TargetError("no_target", name=name, missions=", ".join(known), lessons=", ".join(_lesson_ids()))
    level = level if level is not None else given
    try:
        mission = load_mission(base)
        if level is not None and level != mission.level:
            if not mission.levels:
                raise TargetError("no_levels", mission=base, level=level)
            if level not in mission.levels:
                raise TargetError("no_level", mission=base, level=level,
                                  levels=", ".join(f"{base}:{n}" for n in mission.levels))
            mission = load_mission(f"{base}:{level}")
        kept = keep_field(Path(base)) if base.endswith(".toml") else None
    except MissionFileError as exc:
        # The loader's own words, in the reader's language when the message is shown.
        raise TargetError("mission_broken", name=name, error=exc) from exc
    except OSError as exc:
        raise TargetError("unreadable", path=base, reason=OsReason.of(exc)) from exc
    return Target("mission", mission.id, mission.level, {"en": mission.title.en, "sv": mission.title.sv}, kept)


def pick_target(name: str, level: int | None = None) -> Target:
    """The mission or lesson called ``name`` (``moon-sweeper:2``, ``03-square``); TargetError if none."""
    name = name.strip()
    if not name:
        raise TargetError("no_target_given")
    if level is None:
        lesson = _lesson(name)
        if lesson is not None:
            return lesson
    return _mission(name, level)


def target_titles(kind: str, target: str, level: int | None) -> dict[str, str] | None:
    """The titles of a mission or lesson given before, or None when it is no longer there."""
    try:
        if kind == "lesson":
            found = _lesson(target)
            return None if found is None else found.titles
        return _mission(target, level).titles
    except TargetError:
        return None
