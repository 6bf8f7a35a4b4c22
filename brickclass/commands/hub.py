"""``brickclass hub PROGRAM``: check a program, then run it on a real hub over Bluetooth."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from brickclass.i18n import current_language, t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("hub", help="run a program on a real hub (Pybricks firmware, Bluetooth)")
    parser.add_argument("program", type=Path)
    parser.add_argument("--name", default=None, help="the hub's name (default: the first Pybricks hub found)")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="S", help="how long to search for the hub")
    add_lang_option(parser)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from brickclass.checker import check_file
    from robots.hub_link import HubProblem, run_on_hub

    if not args.program.is_file():
        print(t("hubrun.no_program", path=str(args.program)), file=sys.stderr)
        return 2
    findings = check_file(args.program, current_language())
    if findings:
        for finding in findings:
            where = t("sim.line", line=finding.line) if finding.line else ""
            print(t("check.finding", where=where, message=finding.message), file=sys.stderr)
            print("  " + finding.hint, file=sys.stderr)
        print(t("hubrun.fix_first"), file=sys.stderr)
        return 1
    print(t("hubrun.searching", name=args.name or t("hubrun.any_hub")), file=sys.stderr)
    try:
        outcome = run_on_hub(args.program, name=args.name, timeout=args.timeout,
                             on_output=lambda text: (sys.stdout.write(text), sys.stdout.flush()))
    except HubProblem as problem:
        print(t(f"hubrun.problem.{problem.reason}", name=args.name or ""), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(t("cli.interrupted"), file=sys.stderr)
        return 130
    print(t(f"hubrun.{outcome.stopped_by}"), file=sys.stderr)
    return 0
