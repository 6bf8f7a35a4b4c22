"""``brickclass export ASSIGNMENT|CLASS --csv OUT``: grades for a spreadsheet."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from brickclass.commands._common import add_db_option, fail, open_classroom
from brickclass.language import OsReason, current_language, t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("export", help=t("cli.help.export.command"))
    parser.add_argument("what", metavar=t("cli.help.export.what_metavar"), help=t("cli.help.export.what"))
    parser.add_argument("--csv", type=Path, required=True, metavar=t("cli.help.out_metavar"),
                        help=t("cli.help.export.csv"))
    add_db_option(parser)
    add_lang_option(parser)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from brickclass.classroom import ClassroomError

    classroom = open_classroom(args)
    if classroom is None:
        return 2
    try:
        if args.what.isdigit():
            ids = [classroom.assignment(int(args.what)).id]
        else:
            found = classroom.class_named(args.what)
            if found is None:
                raise ClassroomError("nothing_called", name=args.what)
            ids = [a.id for a in classroom.assignments(found.id)]
        rows = classroom.export_csv(ids, args.csv, current_language())
    except ClassroomError as exc:
        return fail("classroom.export_failed", exc)
    except OSError as exc:
        return fail("classroom.export_failed", t("classroom.cannot_write", path=str(args.csv),
                                                 reason=OsReason.of(exc)))
    print(t("classroom.exported", count=rows, path=str(args.csv)))
    return 0
