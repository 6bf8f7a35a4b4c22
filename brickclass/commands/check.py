"""``brickclass check PROGRAM``: will it run on a hub? (compiles it and looks for what a hub lacks)"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from brickclass.i18n import current_language, t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("check", help="check a program will run on a real hub")
    parser.add_argument("program", type=Path)
    parser.add_argument("--json", action="store_true")
    add_lang_option(parser)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from brickclass.checker import check_file

    try:
        findings = check_file(args.program, current_language())
    except (OSError, UnicodeDecodeError) as exc:
        print(t("check.unreadable", path=str(args.program), error=str(exc)), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"program": str(args.program), "ok": not findings,
                          "findings": [f.to_json() for f in findings]}, ensure_ascii=False))
        return 0 if not findings else 1
    if not findings:
        print(t("check.ok", path=str(args.program)))
        return 0
    for finding in findings:
        where = t("sim.line", line=finding.line) if finding.line else ""
        print(t("check.finding", where=where, message=finding.message))
        print("  " + finding.hint)
    return 1
