"""``brickclass replay FILE``: play back a run saved with ``brickclass sim --trace FILE``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from brickclass.commands._common import DECIMAL_NUMBER
from brickclass.language import OsReason, t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("replay", help=t("sim.help.replay"))
    parser.add_argument("trace", type=Path, metavar=t("cli.help.file_metavar"), help=t("sim.help.replay_trace"))
    parser.add_argument("--speed", type=DECIMAL_NUMBER, default=1.0, metavar=t("cli.help.speed_metavar"),
                        help=t("sim.help.speed"))
    parser.add_argument("--png", type=Path, default=None, metavar=t("cli.help.file_metavar"),
                        help=t("sim.help.replay_png"))
    parser.add_argument("--mission", default=None, metavar=t("cli.help.file_metavar"),
                        help=t("sim.help.replay_mission"))
    add_lang_option(parser)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from brickclass.commands.sim import display_available
    from brickclass.simulator.missions import MissionFileError
    from brickclass.simulator.trace import Trace

    try:
        trace = Trace.load(args.trace)
    except ValueError as exc:
        print(t("sim.replay.broken", error=str(exc)), file=sys.stderr)
        return 2
    try:
        if args.png is not None:
            from brickclass.simulator.render.picture import save_png

            try:
                save_png(trace, args.png, mission=args.mission)
            except OSError as exc:
                print(t("classroom.cannot_write", path=str(args.png), reason=OsReason.of(exc)), file=sys.stderr)
                return 2
            return 0
        if not display_available():
            print(t("sim.replay.no_display"), file=sys.stderr)
            return 2
        from brickclass.simulator.render.replay import replay

        replay(trace, args.speed, mission=args.mission)
    except MissionFileError as exc:
        # A run on a pupil's own field: the trace names its id, the field is a file.
        print(t("sim.replay.which_field", error=str(exc)), file=sys.stderr)
        return 2
    return 0
