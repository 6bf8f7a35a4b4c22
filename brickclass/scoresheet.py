"""Scoring a run on the real table: the mission's own items, as a referee fills them in.

Each scoring item of the mission becomes one entry: a yes/no, a count, a share
in percent or a time in seconds. Entries that cannot have happened (more pebbles
off the panels than there are, a time past the limit, an arm raised in base by
a rover that is not in base) are refused with a reason, never scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from brickclass.simulator.missions.model import Mission, ScoreItem

ENTRY_KIND = {
    "dust_cleared": "percent",
    "pebbles_off": "count",
    "robot_in_zone_at_end": "yes_no",
    "arm_raised_at_end": "yes_no",
    "wheels_on_panel": "count",
    "touched_obstacle": "count",
    "time_bonus": "seconds",
    "reached_zone": "yes_no",
}


class ScoresheetError(ValueError):
    def __init__(self, item: str, reason: str) -> None:
        super().__init__(f"{item}: {reason}")
        self.item = item
        self.reason = reason


@dataclass(frozen=True)
class Entry:
    item: ScoreItem
    kind: str
    limit: float | None  # the largest value that can have happened


def entries(mission: Mission) -> list[Entry]:
    pebbles = mission.field.pebbles.count if mission.field.pebbles else 0
    result = []
    for item in mission.scoring.items:
        kind = ENTRY_KIND[item.kind]
        limit: float | None = None
        if item.kind == "pebbles_off":
            limit = pebbles
        elif kind == "percent":
            limit = 100
        elif kind == "seconds":
            limit = mission.time_limit_s
        elif item.kind in ("wheels_on_panel", "touched_obstacle"):
            limit = None
        result.append(Entry(item, kind, limit))
    return result


def _value(entry: Entry, raw: Any) -> float:
    item = entry.item.id
    if entry.kind == "yes_no":
        if raw is None:
            return 0.0
        if isinstance(raw, bool):
            return float(raw)
        text = str(raw).strip().casefold()
        if text in ("yes", "ja", "y", "j", "1", "true"):
            return 1.0
        if text in ("no", "nej", "n", "0", "false", ""):
            return 0.0
        raise ScoresheetError(item, "answer yes or no")
    try:
        number = float(str(raw).replace(",", ".")) if raw not in (None, "") else 0.0
    except ValueError:
        raise ScoresheetError(item, f"{raw!r} is not a number") from None
    if number < 0:
        raise ScoresheetError(item, "cannot be less than 0")
    if entry.kind == "count" and number != int(number):
        raise ScoresheetError(item, "is a count: a whole number")
    if entry.limit is not None and number > entry.limit:
        raise ScoresheetError(item, f"cannot be more than {entry.limit:g}")
    return number


def score_table_run(mission: Mission, answers: dict[str, Any]) -> dict[str, Any]:
    """Points, maximum, stars and breakdown for what the referee entered."""
    sheet = entries(mission)
    values = {entry.item.id: _value(entry, answers.get(entry.item.id)) for entry in sheet}
    for entry in sheet:
        zone = entry.item.params.get("zone")
        if entry.item.kind == "arm_raised_at_end" and zone and values[entry.item.id]:
            home = next((e.item.id for e in sheet if e.item.kind == "robot_in_zone_at_end"
                         and e.item.params.get("zone") == zone), None)
            if home is not None and not values[home]:
                raise ScoresheetError(entry.item.id, "the rover was not in the zone, so its arm cannot count as raised there")
    breakdown = []
    earned_before_bonus = 0
    for entry in sheet:
        item, value = entry.item, values[entry.item.id]
        if entry.kind == "yes_no":
            points, most = (item.points if value else 0), item.points
        elif entry.kind == "percent":
            points, most = int(item.points * value / 100 + 1e-9), item.points
        elif entry.kind == "count":
            cap = int(item.params.get("max_times", value)) if item.kind != "pebbles_off" else int(value)
            points = item.points * int(min(value, cap))
            most = item.points * int(entry.limit) if item.kind == "pebbles_off" else 0
        else:
            points, most = 0, item.points
        if entry.kind != "seconds":
            if item.kind not in ("wheels_on_panel", "touched_obstacle"):
                earned_before_bonus += points
        breakdown.append({"id": item.id, "label": {"en": item.label.en, "sv": item.label.sv}, "points": points,
                          "max_points": most, "entered": value})
    for line, entry in zip(breakdown, sheet):
        if entry.kind == "seconds":
            finished = values[entry.item.id]
            limit = mission.time_limit_s
            if earned_before_bonus > 0 and 0 < finished <= limit:
                line["points"] = int(entry.item.points * (limit - finished) / limit + 1e-9)
    max_points = sum(line["max_points"] for line in breakdown if line["max_points"] > 0)
    total = max(0, sum(line["points"] for line in breakdown))
    low, mid, high = mission.scoring.stars
    share = total / max_points if max_points else 0
    stars = 3 if share >= high else 2 if share >= mid else 1 if total > 0 and share >= low else 0
    return {"score": total, "max_score": max_points, "stars": stars, "breakdown": breakdown}
