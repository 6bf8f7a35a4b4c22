"""``brickclass roster import FILE.csv``: put a class list into the gradebook."""

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

    parser = subparsers.add_parser("roster", help="import a class list (CSV: name, class, team)")
    parser.add_argument("action", choices=("import", "list"))
    parser.add_argument("file", nargs="?", type=Path, help="CSV file with columns name, class and team")
    parser.add_argument("--json", action="store_true")
    add_db_option(parser)
    add_lang_option(parser)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from brickclass.roster import RosterError, import_roster

    book = open_book(args)
    if book is None:
        return 2
    if args.action == "list":
        classes = [{"class": c["name"], "pupils": [dict(p) for p in book.pupils(c["id"])]} for c in book.classes()]
        if args.json:
            print(json.dumps({"classes": classes}, ensure_ascii=False))
        else:
            for entry in classes:
                print(f"{entry['class']} ({len(entry['pupils'])})")
                for pupil in entry["pupils"]:
                    print(f"  {pupil['name']}" + (f"  [{pupil['team']}]" if pupil["team"] else ""))
        return 0
    if args.file is None:
        print(t("classroom.roster_which"), file=sys.stderr)
        return 2
    try:
        result = import_roster(book, args.file)
    except RosterError as exc:
        print(t("classroom.roster_broken", error=str(exc)), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"added": result.added, "updated": result.updated, "classes": sorted(result.classes)}))
    else:
        print(t("classroom.roster_done", added=result.added, updated=result.updated,
                classes=", ".join(sorted(result.classes))))
    return 0
