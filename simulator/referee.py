"""The referee: scores a run from the world's state and events, never from the program.

Each scoring item of the mission file has a kind; the referee watches the
world every tick for the events some kinds need (a wheel rolling onto a panel,
the robot touching the lander, reaching a zone) and reads the final state for
the others when the run ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from brickclass.simulator.field import shape_contains
from brickclass.simulator.missions.model import Mission, ScoreItem, Text

# The referee looks at the world this often (virtual time), not every 5 ms tick.
WATCH_EVERY_US = 50_000


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


@dataclass
class _Watch:
    """What happened during the run, as the referee saw it."""

    wheels_on: dict[int, str | None] = field(default_factory=dict)
    wheel_entries: int = 0
    touching: set[str] = field(default_factory=set)
    touches: dict[str, int] = field(default_factory=dict)
    reached: set[str] = field(default_factory=set)
    left_zone: set[str] = field(default_factory=set)


class Referee:
    def __init__(self, mission: Mission, world: Any) -> None:
        self.mission = mission
        self.world = world
        self.watch = _Watch()
        self.finished_at_s: float | None = None
        self._zone_tags = {str(item.params["zone"]) for item in mission.scoring.items if "zone" in item.params}
        # Pebbles scattered on bare ground (a pebble area off the panels) were never on a
        # panel: only those that started on one can be swept off.
        self._panel_pebbles = [body for body in world.scene.pebbles
                               if world.field.panel_at(body.position.x, body.position.y) is not None]

    # --- during the run -----------------------------------------------------------

    def observe(self, now_us: int) -> None:
        if now_us % WATCH_EVERY_US:
            return
        world = self.world
        robot = world.robot
        if robot is None:
            return
        watch = self.watch
        for index, (x, y) in enumerate(robot.wheel_contacts()):
            panel = world.field.panel_at(x, y)
            panel_id = panel.panel.id if panel is not None else None
            if panel_id is not None and watch.wheels_on.get(index) != panel_id:
                watch.wheel_entries += 1
            watch.wheels_on[index] = panel_id
        touched = set(world.scene.contacts.obstacles_touched)
        for name in touched - watch.touching:
            watch.touches[name] = watch.touches.get(name, 0) + 1
        watch.touching = touched
        world.scene.contacts.obstacles_touched.clear()
        x, y, _ = robot.pose()
        for tag in self._zone_tags:
            inside = any(shape_contains(r.shape, x, y) for r in self.mission.zone(tag))
            if inside:
                watch.reached.add(tag)
            else:
                watch.left_zone.add(tag)

    def program_finished(self, at_s: float) -> None:
        if self.finished_at_s is None:
            self.finished_at_s = at_s

    # --- the score ------------------------------------------------------------------

    def result(self) -> Score:
        lines = [self._score(item) for item in self.mission.scoring.items]
        max_points = sum(line.max_points for line in lines if line.max_points > 0)
        total = max(0, sum(line.points for line in lines))
        stars = 0
        if max_points > 0:
            share = total / max_points
            low, mid, high = self.mission.scoring.stars
            if total > 0 and share >= low:
                stars = 1
            if share >= mid:
                stars = 2
            if share >= high:
                stars = 3
        return Score(points=total, max_points=max_points, lines=lines, stars=stars)

    def _score(self, item: ScoreItem) -> ScoreLine:
        method = getattr(self, "_score_" + item.kind)
        points, max_points, detail = method(item)
        return ScoreLine(item.id, item.label, points, max_points, detail)

    def _score_dust_cleared(self, item: ScoreItem) -> tuple[int, int, dict[str, Any]]:
        field_map = self.world.field
        start = field_map.dust_start_total
        if start <= 0:
            return 0, item.points, {"percent": 0}
        share = 1.0 - field_map.dust_remaining / start
        return int(item.points * share + 1e-9), item.points, {"percent": round(share * 100)}

    def _score_pebbles_off(self, item: ScoreItem) -> tuple[int, int, dict[str, Any]]:
        world = self.world
        pebbles = self._panel_pebbles
        off = sum(1 for body in pebbles if world.field.panel_at(body.position.x, body.position.y) is None)
        return item.points * off, item.points * len(pebbles), {"done": off, "of": len(pebbles), "each": item.points}

    def _robot_in(self, tag: str) -> bool:
        robot = self.world.robot
        if robot is None:
            return False
        # The whole robot must be inside, as a referee checks on the table.
        return all(any(shape_contains(r.shape, x, y) for r in self.mission.zone(tag))
                   for x, y in robot.outline_world())

    def _back_in(self, item: ScoreItem, zone: str) -> bool:
        """In the zone at the end (and, if the item says so, only after having left it)."""
        if item.params.get("must_leave", False) and zone not in self.watch.left_zone:
            return False
        return self._robot_in(zone)

    def _score_robot_in_zone_at_end(self, item: ScoreItem) -> tuple[int, int, dict[str, Any]]:
        inside = self._back_in(item, str(item.params.get("zone", "")))
        return (item.points if inside else 0), item.points, {}

    def _score_arm_raised_at_end(self, item: ScoreItem) -> tuple[int, int, dict[str, Any]]:
        arm = self.world.arm_angle_deg()
        above = float(item.params.get("above_deg", 60))
        zone = item.params.get("zone")
        ok = arm is not None and arm >= above and (zone is None or self._back_in(item, str(zone)))
        return (item.points if ok else 0), item.points, {}

    def _score_wheels_on_panel(self, item: ScoreItem) -> tuple[int, int, dict[str, Any]]:
        times = self.watch.wheel_entries
        most = int(item.params.get("max_times", 5))
        counted = min(times, most)
        return item.points * counted, 0, {"times": times, "each": item.points}

    def _score_touched_obstacle(self, item: ScoreItem) -> tuple[int, int, dict[str, Any]]:
        obstacle = str(item.params.get("obstacle", ""))
        times = self.watch.touches.get(obstacle, 0)
        most = int(item.params.get("max_times", 3))
        return item.points * min(times, most), 0, {"times": times, "each": item.points}

    def _score_reached_zone(self, item: ScoreItem) -> tuple[int, int, dict[str, Any]]:
        reached = str(item.params.get("zone", "")) in self.watch.reached
        return (item.points if reached else 0), item.points, {}

    def _score_time_bonus(self, item: ScoreItem) -> tuple[int, int, dict[str, Any]]:
        # Only a run that scored something earns the bonus: an empty program finishing
        # at once must not collect points for being quick.
        others = [self._score(other) for other in self.mission.scoring.items
                  if other.kind not in ("time_bonus", "wheels_on_panel", "touched_obstacle")]
        earned = sum(line.points for line in others)
        limit = self.mission.time_limit_s
        finished = self.finished_at_s
        if finished is None or earned <= 0 or limit <= 0:
            return 0, item.points, {}
        share = max(0.0, (limit - finished) / limit)
        return int(item.points * share + 1e-9), item.points, {"seconds": round(finished, 1)}
