"""``brickclass collect ASSIGNMENT FOLDER``: bring in the pupils' programs."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from brickclass.commands._common import WHOLE_NUMBER, add_db_option, fail, open_classroom
from brickclass.language import t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("collect", help=t("cli.help.collect.command"))
    parser.add_argument("assignment", type=WHOLE_NUMBER, metavar=t("cli.help.assignment_metavar"))
    parser.add_argument("folder", type=Path, metavar=t("cli.help.folder_metavar"), help=t("cli.help.collect.folder"))
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
        result = classroom.collect(args.assignment, args.folder)
    except ClassroomError as exc:
        return fail("classroom.collect_failed", exc)
    if args.json:
        print(json.dumps({"new": [vars(h) for h in result.new], "unchanged": [vars(h) for h in result.unchanged],
                          "several": [{"who": who, "files": files} for who, files in result.several],
                          "ambiguous": result.ambiguous, "unmatched": result.unmatched,
                          "unreadable": result.unreadable}, ensure_ascii=False))
        return 0
    print("\n".join(result.report()))
    return 0
