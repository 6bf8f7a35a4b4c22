"""``brickclass hub PROGRAM``: check a program, then run it on a real hub over Bluetooth and show its output.

The program's output goes to stdout as it arrives; what brickclass itself
says (searching, connected, how the run ended, problems) goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from brickclass.language import OsReason, current_language, t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("hub", help=t("cli.help.hub.command"))
    parser.add_argument("program", type=Path, nargs="?", metavar=t("cli.help.program_metavar"),
                        help=t("cli.help.program"))
    parser.add_argument("--name", default=None, metavar=t("cli.help.hub.name_metavar"), help=t("cli.help.hub.name"))
    parser.add_argument("--timeout", type=_seconds, default=10.0, metavar=t("cli.help.seconds_metavar"),
                        help=t("cli.help.hub.timeout"))
    parser.add_argument("--list", action="store_true", help=t("cli.help.hub.list"))
    add_lang_option(parser)
    parser.set_defaults(func=main)


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 600:
        raise argparse.ArgumentTypeError(t("hubrun.bad_timeout", value=text))
    return seconds


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _show_output(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def ask_which_hub(hubs: list[Any]) -> Any:
    """Ask the pupil which hub to use (only when someone can answer)."""
    from brickclass.classroom.hub import signal_words

    if not sys.stdin.isatty():
        return None
    _say(t("hubrun.choose.heard"))
    for number, hub in enumerate(hubs, start=1):
        _say(t("hubrun.choose.row", number=number, name=hub.name, signal=signal_words(hub)))
    while True:
        try:
            answer = input(t("hubrun.choose.ask")).strip()
        except EOFError:
            return None
        if not answer:
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(hubs):
            return hubs[int(answer) - 1]
        _say(t("hubrun.choose.invalid", count=len(hubs)))


def list_hubs_seen(timeout: float) -> int:
    from brickclass.classroom.hub import hub_line, problem_text
    from brickclass.robots.hub_link import HubProblem, list_hubs

    _say(t("hubrun.searching", name=t("hubrun.any_hub")))
    try:
        hubs = list_hubs(timeout)
    except HubProblem as problem:
        _say(problem_text(problem))
        return 1
    if not hubs:
        _say(t("hubrun.problem.not_found"))
        return 1
    print(t("hubrun.list.heading"))
    for hub in hubs:
        print(hub_line(hub))
    return 0


def main(args: argparse.Namespace) -> int:
    if args.list:
        return list_hubs_seen(args.timeout)
    if args.program is None:
        _say(t("hubrun.no_program_given"))
        return 2
    if not args.program.is_file():
        _say(t("hubrun.no_program", path=str(args.program)))
        return 2
    return run_program(args.program, args.name, args.timeout)


def run_program(program: Path, name: str | None, timeout: float) -> int:
    from brickclass.classroom.checker import CompilerMissing
    from brickclass.classroom.hub import ending_text, hub_error_report, problem_text, send_program
    from brickclass.commands.check import print_findings
    from brickclass.robots.hub_link import HubInfo

    lang = current_language()

    def connected(info: HubInfo) -> None:
        _say(t("hubrun.connected", name=info.name, kind=t(f"hubrun.kind.{info.kind}"), firmware=info.firmware,
               program=program.name))

    try:
        checked_and_sent = send_program(program, lang, name=name, timeout=timeout, on_output=_show_output,
                                        choose=ask_which_hub, on_connected=connected,
                                        on_searching=lambda: _say(t("hubrun.searching",
                                                                    name=name or t("hubrun.any_hub"))))
    except (OSError, UnicodeDecodeError) as exc:
        _say(t("check.unreadable", path=str(program), error=OsReason.of(exc)))
        return 2
    except CompilerMissing as exc:
        _say(t("check.compiler_missing", error=str(exc)))
        return 2
    if checked_and_sent.findings:
        print_findings(checked_and_sent.findings, sys.stderr)
        _say(t("hubrun.fix_first"))
        return 1
    if checked_and_sent.problem is not None:
        _say(problem_text(checked_and_sent.problem))
        return 1
    outcome = checked_and_sent.outcome
    assert outcome is not None
    if outcome.output and not outcome.output.endswith("\n"):
        _show_output("\n")
    _say(ending_text(outcome))
    error = hub_error_report(outcome, program.read_text(encoding="utf-8", errors="replace"), lang)
    if error is not None:
        where = t("sim.line", line=error["line"]) if error.get("line") else ""
        _say(t("sim.error", title=error["title"], where=where))
        if error.get("hint"):
            _say("  " + error["hint"])
    if outcome.status == "error":
        return 1
    if outcome.stopped_on == "computer":
        return 130
    return 0
