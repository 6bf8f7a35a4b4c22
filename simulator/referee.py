"""The referee: scores a run from the world's state and events, never from the program.

Each scoring item of the mission file has a kind (``missions.scoring``); the
referee watches the world every tick for the events some kinds need (a wheel
rolling onto a panel, the robot touching the lander, reaching a zone) and
reads the final state for the others when the run ends. What it saw goes to
``missions.scoring.score``, the same arithmetic the table scoresheet uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from brickclass.simulator.field import shape_contains
from brickclass.simulator.missions.model import Mission, ScoreItem
from brickclass.simulator.missions.scoring import Score, Seen, score

# The referee looks at the world this often (virtual time), not every 5 ms tick.
WATCH_EVERY_US: Final = 50_000


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
        # The time bonus counts from the limit this run had (``--time-limit``, a lesson's own),
        # not the mission file's: a run stopped by a shortened limit has no time left over.
        return score(self.mission, {item.id: self.seen(item) for item in self.mission.scoring.items},
                     time_limit_s=self.world.time_limit_us / 1e6)

    def seen(self, item: ScoreItem) -> Seen:
        """What happened for one item, measured in the world as a referee at the table would."""
        measure = getattr(self, "_seen_" + item.kind)
        result: Seen = measure(item)
        return result

    def _seen_dust_cleared(self, item: ScoreItem) -> Seen:
        field_map = self.world.field
        start = field_map.dust_start_total
        return Seen(0.0 if start <= 0 else 1.0 - field_map.dust_remaining / start)

    def _seen_pebbles_off(self, item: ScoreItem) -> Seen:
        world = self.world
        pebbles = self._panel_pebbles
        off = sum(1 for body in pebbles if world.field.panel_at(body.position.x, body.position.y) is None)
        return Seen(off, of=len(pebbles))

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

    def _seen_robot_in_zone_at_end(self, item: ScoreItem) -> Seen:
        return Seen(self._back_in(item, str(item.params.get("zone", ""))))

    def _seen_arm_raised_at_end(self, item: ScoreItem) -> Seen:
        arm = self.world.arm_angle_deg()
        above = float(item.params.get("above_deg", 60))
        zone = item.params.get("zone")
        return Seen(arm is not None and arm >= above and (zone is None or self._back_in(item, str(zone))))

    def _seen_wheels_on_panel(self, item: ScoreItem) -> Seen:
        return Seen(self.watch.wheel_entries)

    def _seen_touched_obstacle(self, item: ScoreItem) -> Seen:
        return Seen(self.watch.touches.get(str(item.params.get("obstacle", "")), 0))

    def _seen_reached_zone(self, item: ScoreItem) -> Seen:
        return Seen(str(item.params.get("zone", "")) in self.watch.reached)

    def _seen_time_bonus(self, item: ScoreItem) -> Seen:
        return Seen(self.finished_at_s)

