"""``brickclass collect ASSIGNMENT FOLDER``: bring in the pupils' programs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from brickclass.commands._common import add_db_option, open_book
from brickclass.language import t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("collect", help="import one .py per pupil or team for an assignment")
    parser.add_argument("assignment", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", action="store_true")
    add_db_option(parser)
    add_lang_option(parser)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from brickclass.gradebook import GradebookError
    from brickclass.roster import RosterError, collect

    book = open_book(args)
    if book is None:
        return 2
    try:
        result = collect(book, args.assignment, args.folder)
    except (RosterError, GradebookError) as exc:
        print(t("classroom.collect_failed", error=str(exc)), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"new": result.new, "unchanged": result.unchanged, "unmatched": result.unmatched,
                          "unreadable": result.unreadable}, ensure_ascii=False))
        return 0
    print(t("classroom.collected", new=len(result.new), unchanged=len(result.unchanged)))
    for line in result.new:
        print(f"  + {line}")
    for name in result.unmatched:
        print("  " + t("classroom.unmatched", file=name))
    for name in result.unreadable:
        print("  " + t("classroom.unreadable", file=name))
    return 0
