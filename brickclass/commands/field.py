"""``brickclass field new|edit FILE``: pupils design their own moon in a window.

``new`` makes a field file to start from (a base with the rover, a solar
panel, the lander) and opens it; ``edit`` opens one. The file is a mission
file like those the kit ships: ``brickclass sim PROGRAM --mission FILE``
runs on it, and ``brickclass missions check FILE`` checks it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from brickclass.commands._common import DECIMAL_NUMBER
from brickclass.language import OsReason, t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("field", help=t("field.command.help"))
    parser.add_argument("action", choices=("new", "edit"), help=t("field.command.action"))
    parser.add_argument("file", type=Path, metavar=t("cli.help.file_metavar"), help=t("field.command.file"))
    parser.add_argument("--floor", type=Path, default=None, metavar=t("cli.help.picture_metavar"),
                        help=t("field.command.floor"))
    parser.add_argument("--size", type=DECIMAL_NUMBER, nargs=2, default=None,
                        metavar=(t("cli.help.width_metavar"), t("cli.help.height_metavar")),
                        help=t("field.command.size"))
    parser.add_argument("--robot", default="spike-rover", metavar=t("cli.help.robot_metavar"),
                        help=t("sim.help.robot", robot="spike-rover"))
    add_lang_option(parser)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from brickclass.commands.sim import display_available
    from brickclass.robots.models import RobotFileError, load_robot
    from brickclass.simulator.missions.design import FieldDesign, load_design, new_field
    from brickclass.simulator.missions.errors import MissionFileError
    from brickclass.simulator.missions.loader import STANDARD_FIELD

    path: Path = args.file if args.file.suffix == ".toml" else args.file.with_suffix(".toml")
    try:
        robot = load_robot(args.robot)
    except RobotFileError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.action == "new":
        if path.exists():
            print(t("field.command.exists", file=path), file=sys.stderr)
            return 2
        size = tuple(args.size) if args.size else STANDARD_FIELD
        design = FieldDesign(new_field(path.stem, size))
    else:
        if not path.exists():
            print(t("field.command.missing", file=path), file=sys.stderr)
            return 2
        try:
            design = load_design(path)
        except MissionFileError as exc:
            print(str(exc), file=sys.stderr)
            return 1
    if args.floor is not None and not _set_floor(design, args.floor, path):
        return 2
    if args.action == "new" or args.floor is not None:
        try:
            design.save(path)
        except MissionFileError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        except OSError as exc:
            print(t("classroom.cannot_write", path=str(path), reason=OsReason.of(exc)), file=sys.stderr)
            return 2
        if args.action == "new":
            print(t("field.command.created", file=path))
    if not display_available():
        print(t("field.command.no_display", file=path))
        return 0
    from brickclass.simulator.render.editor import Editor

    editor = Editor(design, path, robot)
    try:
        editor.run()
    finally:
        import pygame

        pygame.display.quit()
    return 0


def _set_floor(design: Any, picture: Path, path: Path) -> bool:
    """Make ``picture`` the field's mat and name it in the field."""
    from brickclass.simulator.missions.design import place_floor
    from brickclass.simulator.missions.floor import FloorError

    try:
        name, copied = place_floor(picture, path)
    except FloorError as exc:
        reason = t(f"missions.problem.{exc.problem}", name=picture.name, **exc.values)
        print(t("field.command.floor_broken", error=reason), file=sys.stderr)
        return False
    except OSError as exc:
        print(t("field.command.floor_broken", error=OsReason.of(exc)), file=sys.stderr)
        return False
    design.field["floor"] = name
    print(t("field.command.floor_copied" if copied else "field.command.floor_named", floor=name))
    return True
