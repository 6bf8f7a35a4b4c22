"""``brickclass missions``: list the missions, or show one's map and rules."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from brickclass.language import current_language, t


def register(subparsers: Any) -> None:
    from brickclass.cli import add_lang_option

    parser = subparsers.add_parser("missions", help="list missions or show one's map and rules")
    parser.add_argument("action", nargs="?", choices=("list", "show"), default="list")
    parser.add_argument("mission", nargs="?", help="mission id, e.g. moon-sweeper:1 (for show)")
    add_lang_option(parser)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from brickclass.simulator.missions import MissionFileError, available_missions, load_mission

    lang = current_language()
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
