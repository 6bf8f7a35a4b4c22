"""Scoring a run on the real table: the mission's own items, as a referee fills them in.

Each scoring item of the mission becomes one entry, of the kind its scoring
kind says (``missions.scoring``): a yes/no, a count, a share in percent or a
time in seconds. Entries that cannot have happened (more pebbles off the
panels than there are, a time past the limit, an arm raised in base by a
rover that is not in base) are refused with a reason, never scored. What was
entered is scored by the same arithmetic as a run in the simulator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from brickclass.classroom.errors import ClassroomError
from brickclass.classroom.graded_run import GradedRun
from brickclass.simulator.missions.model import Mission, ScoreItem, Text
from brickclass.simulator.missions.scoring import Seen, kind_of, score

YES = ("yes", "ja", "y", "j", "1", "true")
NO = ("no", "nej", "n", "0", "false", "")


class ScoresheetError(ClassroomError):
    """An entry that cannot have happened on the table; ``label`` names the item in every language."""

    def __init__(self, item: ScoreItem, reason: str, **values: Any) -> None:
        super().__init__(f"scoresheet.{reason}", **values)
        self.item = item.id
        self.label: Text = item.label


@dataclass(frozen=True)
class Entry:
    item: ScoreItem
    kind: str  # yes_no | count | percent | seconds
    limit: float | None  # the largest value that can have happened


def entries(mission: Mission) -> list[Entry]:
    pebbles = mission.field.pebbles.total if mission.field.pebbles else 0
    sheet = []
    for item in mission.scoring.items:
        kind = kind_of(item)
        limit: float | None = None
        if kind.entry == "percent":
            limit = 100
        elif kind.entry == "seconds":
            limit = mission.time_limit_s
        elif kind.entry == "count" and not kind.counter:
            limit = pebbles
        sheet.append(Entry(item, kind.entry, limit))
    return sheet


def _value(entry: Entry, raw: Any) -> float:
    item = entry.item
    if entry.kind == "yes_no":
        if raw is None or isinstance(raw, bool):
            return float(bool(raw))
        text = str(raw).strip().casefold()
        if text in YES:
            return 1.0
        if text in NO:
            return 0.0
        raise ScoresheetError(item, "yes_or_no")
    try:
        number = float(str(raw).strip().replace(",", ".")) if raw not in (None, "") else 0.0
    except ValueError:
        raise ScoresheetError(item, "not_a_number", value=str(raw)) from None
    if number < 0:
        raise ScoresheetError(item, "negative")
    if entry.kind == "count" and number != int(number):
        raise ScoresheetError(item, "whole_number")
    if entry.limit is not None and number > entry.limit:
        raise ScoresheetError(item, "too_much", limit=f"{entry.limit:g}")
    return number


def _seen(entry: Entry, value: float) -> Seen:
    if entry.kind == "percent":
        return Seen(value / 100)
    if entry.kind == "seconds":
        return Seen(value if value > 0 else None)  # 0: the run did not finish by itself
    return Seen(value, of=int(entry.limit) if entry.limit is not None else None)


def score_table_run(mission: Mission, answers: dict[str, Any]) -> GradedRun:
    """The run the referee entered, scored as the simulator scores one."""
    sheet = entries(mission)
    values = {entry.item.id: _value(entry, answers.get(entry.item.id)) for entry in sheet}
    for entry in sheet:
        zone = entry.item.params.get("zone")
        if entry.item.kind == "arm_raised_at_end" and zone and values[entry.item.id]:
            home = next((e.item.id for e in sheet if e.item.kind == "robot_in_zone_at_end"
                         and e.item.params.get("zone") == zone), None)
            if home is not None and not values[home]:
                raise ScoresheetError(entry.item, "arm_not_in_zone")
    result = score(mission, {entry.item.id: _seen(entry, values[entry.item.id]) for entry in sheet})
    finished = next((values[e.item.id] for e in sheet if e.kind == "seconds" and values[e.item.id] > 0), None)
    return GradedRun("finished", result.points, result.max_points, result.stars, finished, result.breakdown)
