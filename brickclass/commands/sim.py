"""``brickclass sim PROGRAM``: run a pupil's program in the simulator."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from brickclass.commands._common import DECIMAL_NUMBER, WHOLE_NUMBER
from brickclass.language import OsReason, current_language, number, t
from brickclass.language.score import line_text
from brickclass.robots.models import DEFAULT_ROBOT
from brickclass.simulator.missions import DEFAULT_MISSION, DESK_MISSION


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("sim", help=t("sim.help.command"))
    parser.add_argument("program", type=Path, metavar=t("cli.help.program_metavar"), help=t("sim.help.program"))
    parser.add_argument("--robot", default=DEFAULT_ROBOT, metavar=t("cli.help.robot_metavar"),
                        help=t("sim.help.robot", robot=DEFAULT_ROBOT))
    parser.add_argument("--mission", default=None, metavar=t("cli.help.mission_metavar"),
                        help=t("sim.help.mission", mission=DEFAULT_MISSION, desk=DESK_MISSION))
    parser.add_argument("--seed", type=WHOLE_NUMBER, default=0, metavar=t("cli.help.seed_metavar"),
                        help=t("sim.help.seed"))
    parser.add_argument("--headless", action="store_true", help=t("sim.help.headless"))
    parser.add_argument("--json", action="store_true", help=t("sim.help.json"))
    parser.add_argument("--time-limit", type=DECIMAL_NUMBER, default=None, metavar=t("cli.help.seconds_metavar"),
                        help=t("sim.help.time_limit"))
    parser.add_argument("--noise", action="store_true", help=t("sim.help.noise"))
    parser.add_argument("--trace", type=Path, default=None, metavar=t("cli.help.file_metavar"),
                        help=t("sim.help.trace"))
    parser.add_argument("--png", type=Path, default=None, metavar=t("cli.help.file_metavar"),
                        help=t("sim.help.png"))
    parser.add_argument("--speed", type=DECIMAL_NUMBER, default=1.0, metavar=t("cli.help.speed_metavar"),
                        help=t("sim.help.speed"))
    parser.add_argument("--watch", action="store_true", help=t("sim.help.watch"))
    add_lang_option(parser)
    parser.set_defaults(func=main)


def display_available() -> bool:
    if os.environ.get("SDL_VIDEODRIVER") in ("dummy", "offscreen"):
        return False
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def options_from(args: argparse.Namespace) -> Any:
    from brickclass.simulator.run import RunOptions

    return RunOptions(
        program=args.program,
        robot=args.robot,
        mission=args.mission,
        seed=args.seed,
        time_limit_s=args.time_limit,
        noise=args.noise,
        trace=args.trace is not None or args.png is not None,
    )


def main(args: argparse.Namespace) -> int:
    from brickclass.simulator.run import RunResult, SetupError, run_program

    headless = args.headless or args.json or not display_available()
    if args.watch:
        return watch(args, headless)
    options = options_from(args)
    stream = None if args.json else _print_live
    result: RunResult | None
    try:
        if headless:
            result = run_program(options, **({"print_hook": stream} if stream else {}))
        else:
            from brickclass.simulator.render.window import run_in_window

            result = run_in_window(options, speed=args.speed)
    except SetupError as exc:
        print(t("sim.setup_error", message=str(exc)), file=sys.stderr)
        return 2
    assert result is not None
    payload = finish(args, result, _read_source(args.program))
    if args.json:
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print_summary(payload)
    return 0 if result.status == "finished" else 1


def finish(args: argparse.Namespace, result: Any, source: str) -> dict[str, Any]:
    """The run's payload; the trace and the picture saved where asked (both carry the result)."""
    payload = result_payload(result, source)
    if result.trace is not None:
        result.trace.result = payload
    if args.trace is not None and result.trace is not None:
        try:
            result.trace.save(args.trace)
        except OSError as exc:
            _cannot_write(args.trace, exc)
    if args.png is not None and result.trace is not None:
        from brickclass.simulator.render.picture import save_png

        try:
            save_png(result.trace, args.png, mission=args.mission)
        except OSError as exc:
            _cannot_write(args.png, exc)
    return payload


def _cannot_write(path: Path, exc: OSError) -> None:
    """The run is done and shown; only the file asked for could not be written."""
    print(t("classroom.cannot_write", path=str(path), reason=OsReason.of(exc)), file=sys.stderr)


def watch(args: argparse.Namespace, headless: bool) -> int:
    """Run the program, and again each time it (or the mission file) is saved, until Ctrl+C or the window closes."""
    from brickclass.commands._watch import FileWatch
    from brickclass.simulator.missions import split_mission_id
    from brickclass.simulator.run import SetupError, run_program

    paths = [args.program]
    if args.mission and split_mission_id(args.mission)[0].endswith(".toml"):
        paths.append(Path(split_mission_id(args.mission)[0]))
    files = FileWatch(paths)
    options = options_from(args)

    def report(result: Any, source_or_problem: str) -> None:
        if result is None:
            print(t("sim.setup_error", message=source_or_problem), file=sys.stderr)
        else:
            print_summary(finish(args, result, source_or_problem))
        print(t("sim.watch.waiting"), flush=True)

    try:
        if not headless:
            from brickclass.simulator.render.window import run_in_window

            run_in_window(options, speed=args.speed, changed=files.changed, on_result=report)
            return 0
        while True:
            source = _read_source(args.program)
            try:
                report(run_program(options, print_hook=_print_live), source)
            except SetupError as exc:
                report(None, str(exc))
            files.wait()
            print("\n" + t("sim.watch.again"), flush=True)
    except KeyboardInterrupt:
        return 0
    except SetupError as exc:
        print(t("sim.setup_error", message=str(exc)), file=sys.stderr)
        return 2


def _read_source(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _print_live(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def result_payload(result: Any, source: str) -> dict[str, Any]:
    """The JSON result, with the error explained in the chosen language."""
    from brickclass.simulator.explain import explain

    payload = result.to_json()
    error = payload.get("error")
    if error:
        explanation = explain(error, source)
        payload["error"] = {
            "type": error.get("type"),
            "message": error.get("message"),
            "line": error.get("line"),
            "hint": explanation.text(current_language()) if explanation else None,
            "title": explanation.title(current_language()) if explanation else None,
            "explanation_id": explanation.id if explanation else None,
        }
        if error.get("never_awaited"):
            payload["error"]["never_awaited"] = error["never_awaited"]
        if error.get("source_line") is not None and error.get("column"):
            # The line Python could not read, with a caret under the spot.
            text = str(error["source_line"])
            payload["error"]["caret"] = text + "\n" + " " * (int(error["column"]) - 1) + "^"
    return payload


def print_summary(payload: dict[str, Any]) -> None:
    print()
    from brickclass.simulator.run import ending

    status = ending(payload["status"], payload.get("notes") or [])
    print(t(f"sim.status.{status}", seconds=number(payload['sim_time_s'], decimals=2)))
    error = payload.get("error")
    if error:
        where = t("sim.line", line=error["line"]) if error.get("line") else ""
        print(t("sim.error", title=error.get("title") or error.get("type"), where=where))
        if error.get("caret"):
            for line in error["caret"].splitlines():
                print("    " + line)
        if error.get("hint"):
            print("  " + error["hint"])
    if payload.get("output_cut"):
        print(t("sim.output_cut"))
    if payload["max_score"]:
        print(t("sim.score", score=payload["score"], max_score=payload["max_score"], stars="★" * payload["stars"]))
        for item in payload["breakdown"]:
            print("  " + line_text(item))
    if payload.get("drives", True):
        pose = payload["final_pose"]
        print(t("sim.pose", x=round(pose["x_mm"]), y=round(pose["y_mm"]), heading=round(pose["heading_deg"])))
    elif payload.get("motors"):
        # Motors on a desk: where each one ended is what the run did.
        angles = ", ".join(f"{port} {angle}°" for port, angle in sorted(payload["motors"].items()))
        print(t("sim.motors", motors=angles))
