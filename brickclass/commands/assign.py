"""``brickclass assign CLASS MISSION_OR_LESSON``: give a class a mission, a lesson or a field file (kept as it is)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from brickclass.commands._common import WHOLE_NUMBER, add_db_option, fail, open_classroom
from brickclass.language import current_language, t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("assign", help=t("cli.help.assign.command"))
    parser.add_argument("class_name", metavar=t("cli.help.assign.class_metavar"), help=t("cli.help.assign.class"))
    parser.add_argument("target", metavar=t("cli.help.assign.target_metavar"), help=t("cli.help.assign.target"))
    parser.add_argument("--level", type=WHOLE_NUMBER, default=None, metavar=t("cli.help.assign.level_metavar"),
                        help=t("cli.help.assign.level"))
    parser.add_argument("--seed", type=WHOLE_NUMBER, default=0, metavar=t("cli.help.assign.seed_metavar"),
                        help=t("cli.help.assign.seed"))
    parser.add_argument("--runs", type=WHOLE_NUMBER, default=1, metavar=t("cli.help.assign.runs_metavar"),
                        help=t("cli.help.assign.runs"))
    parser.add_argument("--title", default="", metavar=t("cli.help.assign.title_metavar"),
                        help=t("cli.help.assign.title"))
    parser.add_argument("--due", default=None, metavar=t("cli.help.assign.due_metavar"),
                        help=t("cli.help.assign.due"))
    parser.add_argument("--json", action="store_true", help=t("cli.help.json"))
    add_db_option(parser)
    add_lang_option(parser)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from brickclass.classroom import ClassroomError

    classroom = open_classroom(args)
    if classroom is None:
        return 2
    try:
        assignment, target = classroom.add_assignment(args.class_name, args.target, level=args.level, seed=args.seed,
                                                      runs=args.runs, title=args.title, due=args.due)
    except ClassroomError as exc:
        return fail("classroom.assign_failed", exc)
    if args.json:
        print(json.dumps({"id": assignment.id, "kind": target.kind, "target": target.id, "level": target.level,
                          "field_file": assignment.field_file}))
        return 0
    print(t("classroom.assigned", id=assignment.id, title=assignment.title_in(current_language()),
            class_name=assignment.class_name))
    if target.kept is not None:
        pictures = len(target.kept.files) - 1
        print(t("classroom.field_kept_with_pictures", file=target.kept.name, count=pictures) if pictures else
              t("classroom.field_kept", file=target.kept.name))
    return 0
