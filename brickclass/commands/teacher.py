"""``brickclass teacher``: open the teacher's app."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from brickclass.commands._common import add_db_option
from brickclass.language import t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("teacher", help="the teacher's app: classes, assignments, grading")
    add_db_option(parser)
    add_lang_option(parser)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from brickclass.gradebook import GradebookError

    try:
        from brickclass.tui.app import TeacherApp

        app = TeacherApp(args.db)
    except GradebookError as exc:
        print(t("classroom.gradebook_broken", error=str(exc)), file=sys.stderr)
        return 2
    app.run()
    return 0
