"""Missions: fields, start poses, time limits and scoring, as data files.

Missions are found by id with the level in the id, like a Gymnasium registry:
``moon-sweeper:2`` is level 2 of ``moon-sweeper``; plain ``moon-sweeper`` is
its default level. A path to a ``.toml`` file works too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from brickclass.simulator.missions.errors import MissionFileError
from brickclass.simulator.missions.loader import check_mission_file, load_mission_file
from brickclass.simulator.missions.model import Mission

if TYPE_CHECKING:
    from brickclass.robots.models import RobotSpec

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_MISSION = "moon-sweeper"
# Where a robot that does not drive (motors on a desk) runs when no mission is named.
DESK_MISSION = "desk"


def default_mission_for(robot: RobotSpec) -> str:
    """The mission a run gets when none is named: the moon for a robot that drives,
    the desk for one that does not (its motors turn freely, nothing to score)."""
    return DEFAULT_MISSION if robot.drives else DESK_MISSION


def available_missions() -> list[str]:
    return sorted(path.stem for path in DATA_DIR.glob("*.toml"))


def split_mission_id(name: str) -> tuple[str, int | None]:
    """``moon-sweeper:2`` → ("moon-sweeper", 2); a file path may hold a drive's colon (``C:\\moon.toml``)."""
    if name.endswith(".toml"):
        return name, None
    base, colon, level = name.rpartition(":")
    if not colon:
        return name, None
    if not level.isdigit():
        raise MissionFileError(name, "", "level_not_number")
    return base, int(level)


def mission_path(name: str) -> tuple[Path, str]:
    """Where a mission's file is, and how errors name it: a registered mission by
    its id (never our folder's path), a pupil's or teacher's file by its path."""
    base, _level = split_mission_id(name)
    candidate = Path(base)
    if candidate.suffix == ".toml":
        return candidate, base
    path = DATA_DIR / f"{base}.toml"
    if not path.exists():
        raise MissionFileError(name, "", "no_such_mission", missions=", ".join(available_missions()))
    return path, base


def load_mission(name: str) -> Mission:
    """A mission by id (``practice``, ``moon-sweeper:1``) or by file path (``my-moon.toml:2``)."""
    _base, level = split_mission_id(name)
    path, shown_as = mission_path(name)
    return load_mission_file(path, level, name=shown_as)


__all__ = ["Mission", "MissionFileError", "available_missions", "load_mission", "default_mission_for",
           "mission_path", "check_mission_file", "DEFAULT_MISSION", "DESK_MISSION"]
