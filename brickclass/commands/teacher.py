"""``brickclass teacher``: open the teacher's app."""

from __future__ import annotations

import argparse
from typing import Any

from brickclass.commands._common import add_db_option, fail
from brickclass.language import t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("teacher", help=t("cli.help.teacher.command"))
    add_db_option(parser)
    add_lang_option(parser)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from brickclass.classroom import GradebookError
    from brickclass.tui.app import make_app

    try:
        app = make_app(args.db)
    except GradebookError as exc:
        return fail("classroom.gradebook_broken", exc)
    app.run()
    return 0
