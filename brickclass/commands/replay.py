"""``brickclass replay FILE``: play back a run saved with ``brickclass sim --trace FILE``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from brickclass.language import t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("replay", help="play back a saved run in the window")
    parser.add_argument("trace", type=Path, help="a file saved with `brickclass sim --trace FILE`")
    parser.add_argument("--speed", type=float, default=1.0, help="1 is real time")
    parser.add_argument("--png", type=Path, default=None, metavar="FILE",
                        help="save a picture of the end of the run instead of opening a window")
    add_lang_option(parser)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from brickclass.commands.sim import display_available
    from brickclass.simulator.trace import Trace

    try:
        trace = Trace.load(args.trace)
    except ValueError as exc:
        print(t("sim.replay.broken", error=str(exc)), file=sys.stderr)
        return 2
    if args.png is not None:
        from brickclass.simulator.render.picture import save_png

        save_png(trace, args.png)
        return 0
    if not display_available():
        print(t("sim.replay.no_display"), file=sys.stderr)
        return 2
    from brickclass.simulator.render.replay import replay

    replay(trace, args.speed)
    return 0
