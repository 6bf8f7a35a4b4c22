"""The kinds of scoring item, and the arithmetic that turns what happened into points.

One registry for everyone who scores: the mission loader accepts exactly the
kinds listed here, the referee measures each kind in the simulated world, and
the scoresheet lets a teacher enter the same measures for a run on the real
table. Both then call ``score`` with what was seen, so a run scores the same
in the simulator and on the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from brickclass.simulator.missions.model import Mission, ScoreItem, Text


@dataclass(frozen=True)
class ScoreKind:
    """How one kind of item is entered and counted."""

    # How a referee at the table enters it: yes_no, count, percent or seconds.
    entry: str
    # A counted event (a penalty or a bonus each time), not something earned once:
    # it has no maximum, and it does not make a run "score something" for the time bonus.
    counter: bool = False
    # The most times a counted event is scored unless the item says ``max_times``.
    default_max_times: int = 0
    # What an item of this kind may say besides its id, kind, label and points.
    params: tuple[str, ...] = ()


SCORE_KINDS: dict[str, ScoreKind] = {
    "dust_cleared": ScoreKind("percent"),
    "pebbles_off": ScoreKind("count"),
    "robot_in_zone_at_end": ScoreKind("yes_no", params=("zone", "must_leave")),
    "arm_raised_at_end": ScoreKind("yes_no", params=("zone", "must_leave", "above_deg")),
    "wheels_on_panel": ScoreKind("count", counter=True, default_max_times=5, params=("max_times",)),
    "touched_obstacle": ScoreKind("count", counter=True, default_max_times=3, params=("obstacle", "max_times")),
    "time_bonus": ScoreKind("seconds"),
    "reached_zone": ScoreKind("yes_no", params=("zone",)),
}


@dataclass(frozen=True)
class Seen:
    """What happened for one item: yes (1) or no (0), a count, a share (0..1) or seconds.

    ``of`` is how many there were to count (pebbles on the field). For the
    time bonus, ``value`` is when the program finished, or None if it never did.
    """

    value: float | None
    of: int | None = None


@dataclass
class ScoreLine:
    id: str
    label: Text
    points: int
    max_points: int
    # What was counted, as values (``percent``, ``done``/``of``, ``times``, ``seconds``,
    # ``each``): the reader's language turns them into words.
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Score:
    points: int
    max_points: int
    lines: list[ScoreLine]
    stars: int

    @property
    def breakdown(self) -> list[dict[str, Any]]:
        """The lines as stored data: the label in both languages, numbers as numbers."""
        return [{"id": line.id, "label": {"en": line.label.en, "sv": line.label.sv},
                 "points": line.points, "max_points": line.max_points, "detail": dict(line.detail)}
                for line in self.lines]


def kind_of(item: ScoreItem) -> ScoreKind:
    return SCORE_KINDS[item.kind]


def max_times(item: ScoreItem) -> int:
    return int(item.params.get("max_times", kind_of(item).default_max_times))


def _share_points(points: int, share: float) -> int:
    # The small nudge keeps 0.6 × 60 at 36, not 35.99… rounded down.
    return int(points * share + 1e-9)


def _line(item: ScoreItem, seen: Seen, earned: int, time_limit_s: float) -> ScoreLine:
    kind = kind_of(item)
    value = seen.value
    if item.kind == "time_bonus":
        # Only a run that scored something earns the bonus: an empty program
        # finishing at once must not collect points for being quick.
        if value is None or value <= 0 or earned <= 0 or time_limit_s <= 0:
            return ScoreLine(item.id, item.label, 0, item.points, {})
        share = max(0.0, (time_limit_s - value) / time_limit_s)
        return ScoreLine(item.id, item.label, _share_points(item.points, share), item.points,
                         {"seconds": round(value, 1)})
    amount = float(value or 0)
    if kind.entry == "percent":
        return ScoreLine(item.id, item.label, _share_points(item.points, amount), item.points,
                         {"percent": round(amount * 100)})
    if kind.entry == "yes_no":
        return ScoreLine(item.id, item.label, item.points if amount else 0, item.points, {})
    times = int(amount)
    if kind.counter:
        return ScoreLine(item.id, item.label, item.points * min(times, max_times(item)), 0,
                         {"times": times, "each": item.points})
    of = int(seen.of or 0)
    return ScoreLine(item.id, item.label, item.points * times, item.points * of,
                     {"done": times, "of": of, "each": item.points})


def stars_for(points: int, max_points: int, thresholds: tuple[float, float, float]) -> int:
    if max_points <= 0:
        return 0
    share = points / max_points
    low, mid, high = thresholds
    if share >= high:
        return 3
    if share >= mid:
        return 2
    return 1 if points > 0 and share >= low else 0


def score(mission: Mission, seen: Mapping[str, Seen], *, time_limit_s: float | None = None) -> Score:
    """Points, maximum, stars and breakdown of a run, from what was seen of each item;
    ``time_limit_s`` is the limit the run had, when not the mission's own."""
    items = mission.scoring.items
    limit = mission.time_limit_s if time_limit_s is None else time_limit_s
    nothing = Seen(None)
    earned = 0
    for item in items:
        if item.kind != "time_bonus" and not kind_of(item).counter:
            earned += _line(item, seen.get(item.id, nothing), 0, limit).points
    lines = [_line(item, seen.get(item.id, nothing), earned, limit) for item in items]
    max_points = sum(line.max_points for line in lines if line.max_points > 0)
    total = max(0, sum(line.points for line in lines))
    return Score(points=total, max_points=max_points, lines=lines,
                 stars=stars_for(total, max_points, mission.scoring.stars))
