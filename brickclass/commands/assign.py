"""``brickclass assign CLASS MISSION_OR_LESSON``: give a class a mission or a lesson."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from brickclass.commands._common import add_db_option, open_book
from brickclass.language import t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("assign", help="give a class a mission or a lesson")
    parser.add_argument("class_name", metavar="CLASS")
    parser.add_argument("target", metavar="MISSION_OR_LESSON")
    parser.add_argument("--level", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=1, help="simulator runs per submission (seeds), best counts")
    parser.add_argument("--title", default=None)
    parser.add_argument("--due", default=None, help="due date, e.g. 2026-12-01")
    parser.add_argument("--json", action="store_true")
    add_db_option(parser)
    add_lang_option(parser)
    parser.set_defaults(func=main)


def resolve_target(target: str, level: int | None) -> tuple[str, str, int | None, str]:
    """(kind, target, level, default title) for a mission or lesson name; ValueError if neither."""
    from brickclass.lessons import LessonFileError, find_lesson
    from brickclass.simulator.missions import MissionFileError, load_mission, split_mission_id

    try:
        lesson = find_lesson(target)
        return "lesson", lesson.id, None, lesson.title("en")
    except LessonFileError:
        pass
    base, given_level = split_mission_id(target)
    level = level if level is not None else given_level
    try:
        mission = load_mission(base if level is None else f"{base}:{level}")
    except MissionFileError as exc:
        raise ValueError(str(exc)) from exc
    return "mission", mission.id, mission.level, mission.title.en


def main(args: argparse.Namespace) -> int:
    from brickclass.gradebook import GradebookError

    book = open_book(args)
    if book is None:
        return 2
    if args.runs < 1:
        print(t("classroom.runs_at_least_one"), file=sys.stderr)
        return 2
    try:
        kind, target, level, title = resolve_target(args.target, args.level)
        assignment_id = book.add_assignment(args.class_name, kind, target, level=level, seed=args.seed,
                                            title=args.title or title, runs_allowed=args.runs, due=args.due)
    except (ValueError, GradebookError) as exc:
        print(t("classroom.assign_failed", error=str(exc)), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"id": assignment_id, "kind": kind, "target": target, "level": level}))
    else:
        print(t("classroom.assigned", id=assignment_id, title=args.title or title, class_name=args.class_name))
    return 0
