"""Physics faults: a body moving impossibly fast, or NaN, is put back where it last was sane.

Pymunk can be squeezed into this (a pebble wedged between the brush and a
wall at speed); the run must go on and say so rather than crash or hang.
"""

from __future__ import annotations

import math
from typing import Final

import pymunk

from brickclass.simulator.physics import chipmunk

# Nothing on the table moves faster than this; beyond it the physics has failed.
MAX_SPEED_SQ: Final = 5000.0 ** 2  # (mm/s)²
MAX_SPIN: Final = 60.0  # rad/s
# How often the last sane positions are remembered.
SANE_EVERY_US: Final = 100_000
NOTE = "physics_fault"


class PhysicsFaults:
    """Watches the moving bodies of one run after each physics step."""

    __slots__ = ("robot", "pebbles", "start", "notes", "_last_sane", "_cp_pebbles")

    def __init__(self, robot: pymunk.Body | None, pebbles: list[pymunk.Body], start: tuple[float, float],
                 notes: list[str]) -> None:
        self.robot = robot
        self.pebbles = pebbles
        self._cp_pebbles = [chipmunk.handle(body) for body in pebbles]
        self.start = start  # where a body with no sane past goes
        self.notes = notes
        self._last_sane: dict[int, tuple[float, float]] = {}

    def check(self, now_us: int, robot_velocity: tuple[float, float], robot_spin: float) -> bool:
        """Contain every fault of the last step; True when the robot's body was moved.

        ``now_us`` is the time the step started at. The robot's velocity comes
        from the step's one read of the chassis. A sleeping pebble is skipped:
        it fell asleep slow and does not move until something wakes it.
        """
        robot = self.robot
        robot_moved = False
        if robot is not None and not _sane(robot_velocity[0], robot_velocity[1], robot_spin):
            self._contain(robot)
            robot_moved = True
        for index, cp_body in enumerate(self._cp_pebbles):
            if chipmunk.is_sleeping(cp_body):
                continue
            vx, vy = chipmunk.velocity(cp_body)
            if not _sane(vx, vy, chipmunk.angular_velocity(cp_body)):
                self._contain(self.pebbles[index])
        if now_us % SANE_EVERY_US == 0:
            sane = {id(b): _xy(b) for b in self.pebbles}
            if robot is not None:
                sane[id(robot)] = _xy(robot)
            self._last_sane = sane
        return robot_moved

    def _contain(self, body: pymunk.Body) -> None:
        last = self._last_sane.get(id(body))
        if last is not None:
            body.position = last
        elif not (math.isfinite(body.position.x) and math.isfinite(body.position.y)):
            body.position = self.start
        body.velocity = (0.0, 0.0)
        body.angular_velocity = 0.0
        if NOTE not in self.notes:
            self.notes.append(NOTE)


def _sane(vx: float, vy: float, spin: float) -> bool:
    speed = vx * vx + vy * vy
    # NaN compares unequal to itself.
    return speed < MAX_SPEED_SQ and abs(spin) < MAX_SPIN and speed == speed


def _xy(body: pymunk.Body) -> tuple[float, float]:
    return chipmunk.position(chipmunk.handle(body))
