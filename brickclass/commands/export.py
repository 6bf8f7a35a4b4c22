"""``brickclass export ASSIGNMENT|CLASS --csv OUT``: grades for a spreadsheet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from brickclass.commands._common import add_db_option, open_book
from brickclass.language import current_language, t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("export", help="export grades as CSV for Excel or the school platform")
    parser.add_argument("what", metavar="ASSIGNMENT|CLASS")
    parser.add_argument("--csv", type=Path, required=True, metavar="OUT")
    add_db_option(parser)
    add_lang_option(parser)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from brickclass.export import export_rows, write_csv
    from brickclass.gradebook import GradebookError

    book = open_book(args)
    if book is None:
        return 2
    try:
        if args.what.isdigit():
            ids = [book.assignment(int(args.what)).id]
        else:
            class_id = book.class_id(args.what)
            if class_id is None:
                raise GradebookError(f"there is no class or assignment called {args.what!r}")
            ids = [a.id for a in book.assignments(class_id)]
    except GradebookError as exc:
        print(t("classroom.export_failed", error=str(exc)), file=sys.stderr)
        return 2
    rows = export_rows(book, ids)
    write_csv(rows, args.csv, current_language())
    print(t("classroom.exported", rows=len(rows), path=str(args.csv)))
    return 0
