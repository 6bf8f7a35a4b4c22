"""``brickclass roster import FILE.csv``: put a class list into the gradebook."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from brickclass.commands._common import add_db_option, fail, open_classroom
from brickclass.language import t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("roster", help=t("cli.help.roster.command"))
    parser.add_argument("action", choices=("import", "list"), help=t("cli.help.roster.action"))
    parser.add_argument("file", nargs="?", type=Path, metavar=t("cli.help.roster.file_metavar"),
                        help=t("cli.help.roster.file"))
    parser.add_argument("--json", action="store_true", help=t("cli.help.json"))
    add_db_option(parser)
    add_lang_option(parser)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from brickclass.classroom import RosterError

    classroom = open_classroom(args)
    if classroom is None:
        return 2
    if args.action == "list":
        classes = [{"class": c.name, "pupils": [{"name": p.name, "team": p.team} for p in classroom.pupils(c.id)]}
                   for c in classroom.classes()]
        if args.json:
            print(json.dumps({"classes": classes}, ensure_ascii=False))
            return 0
        for entry in classes:
            print(f"{entry['class']} ({len(entry['pupils'])})")
            for pupil in entry["pupils"]:
                print(f"  {pupil['name']}" + (f"  [{pupil['team']}]" if pupil["team"] else ""))
        return 0
    if args.file is None:
        print(t("classroom.roster_which"), file=sys.stderr)
        return 2
    try:
        result = classroom.import_roster(args.file)
    except RosterError as exc:
        return fail("classroom.roster_broken", exc)
    classes = sorted(result.classes)
    if args.json:
        print(json.dumps({"added": result.added, "updated": result.updated, "classes": classes}))
    else:
        print(result.summary())
    return 0
