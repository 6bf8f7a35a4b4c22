"""``brickclass missions``: list the missions, show one's map and rules, or check a mission file."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from brickclass.language import current_language, t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("missions", help=t("missions.help.command"))
    parser.add_argument("action", nargs="?", choices=("list", "show", "check"), default="list",
                        help=t("missions.help.action"))
    parser.add_argument("mission", nargs="?", metavar=t("cli.help.mission_metavar"), help=t("missions.help.mission"))
    add_lang_option(parser)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from brickclass.simulator.missions import MissionFileError, available_missions, load_mission

    lang = current_language()
    if args.action == "check":
        return check(args.mission, lang)
    if args.action == "list":
        for mission_id in available_missions():
            try:
                mission = load_mission(mission_id)
            except MissionFileError as exc:
                print(t("missions.broken", error=str(exc)), file=sys.stderr)
                continue
            levels = ", ".join(f"{mission.id}:{n}" for n in mission.levels)
            print(f"{mission.id:<16} {mission.title.get(lang)}" + (f"  ({levels})" if levels else ""))
        return 0
    if not args.mission:
        print(t("missions.which"), file=sys.stderr)
        return 2
    try:
        mission = load_mission(args.mission)
    except MissionFileError as exc:
        print(t("missions.broken", error=str(exc)), file=sys.stderr)
        return 2
    print(show(mission, lang))
    return 0


def check(name: str | None, lang: str) -> int:
    """Check every level of a mission file (or a registered mission); 0 when all load."""
    from brickclass.simulator.missions import MissionFileError, check_mission_file, mission_path

    if not name:
        print(t("missions.check_which"), file=sys.stderr)
        return 2
    try:
        path, shown_as = mission_path(name)
        levels = check_mission_file(path, name=shown_as)
    except MissionFileError as exc:
        print(exc.describe(lang), file=sys.stderr)
        return 1
    print(t("missions.check_ok", file=shown_as))
    for mission in levels:
        print(f"  {mission.full_id:<20} {mission.title.get(lang)}")
    return 0


def show(mission: Any, lang: str) -> str:
    from brickclass.simulator.missions.describe import text_map

    width, height = mission.field.size
    lines = [mission.title.get(lang), "=" * len(mission.title.get(lang)), "", mission.description.get(lang), ""]
    lines.append(t("missions.table", width=f"{width:g}", height=f"{height:g}",
                   limit=f"{mission.time_limit_s:g}"))
    x, y, heading = mission.start
    lines.append(t("missions.start", x=f"{x:g}", y=f"{y:g}", heading=f"{heading:g}"))
    lines.append("")
    lines.extend(text_map(mission))
    lines.append(t("missions.legend"))
    lines.append("")
    if mission.scoring.items:
        lines.append(t("missions.scoring"))
        for item in mission.scoring.items:
            lines.append(f"  {item.points:>+4}  {item.label.get(lang)}")
        low, mid, high = mission.scoring.stars
        lines.append(t("missions.stars", one=round(low * 100), two=round(mid * 100), three=round(high * 100)))
    else:
        lines.append(t("missions.no_scoring"))
    if mission.levels:
        lines.append("")
        lines.append(t("missions.levels", levels=", ".join(f"{mission.id}:{n}" for n in mission.levels)))
    return "\n".join(lines)
