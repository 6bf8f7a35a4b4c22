"""``brickclass check PROGRAM``: will it run on a hub? (compiles it for the hub and looks for what a hub lacks)"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from brickclass.language import OsReason, current_language, t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("check", help=t("cli.help.check.command"))
    parser.add_argument("program", type=Path, metavar=t("cli.help.program_metavar"), help=t("cli.help.program"))
    parser.add_argument("--json", action="store_true", help=t("cli.help.json"))
    add_lang_option(parser)
    parser.set_defaults(func=main)


def print_findings(findings: Sequence[Any], out: TextIO) -> None:
    """Each finding with where it is, then its hint, indented."""
    for finding in findings:
        where = (t("check.in_file", file=finding.file) if finding.file else "") + \
            (t("sim.line", line=finding.line) if finding.line else "")
        print(t("check.finding", where=where, message=finding.message), file=out)
        print("  " + finding.hint, file=out)


def main(args: argparse.Namespace) -> int:
    from brickclass.classroom.checker import CompilerMissing, check_program

    try:
        report = check_program(args.program, current_language())
    except (OSError, UnicodeDecodeError) as exc:
        print(t("check.unreadable", path=str(args.program), error=OsReason.of(exc)),
              file=sys.stderr)
        return 2
    except CompilerMissing as exc:
        print(t("check.compiler_missing", error=str(exc)), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"program": str(args.program), "ok": report.ok, "compiled_bytes": report.compiled_bytes,
                          "modules": report.modules, "findings": [f.to_json() for f in report.findings]},
                         ensure_ascii=False))
        return 0 if report.ok else 1
    if report.ok:
        print(t("check.ok", path=str(args.program), size=report.compiled_bytes))
        if report.modules:
            print(t("check.modules", modules=", ".join(report.modules)))
        return 0
    print_findings(report.findings, sys.stdout)
    print(t("check.summary", count=len(report.findings)))
    return 1
