"""The chassis' state after a physics step, read from pymunk once per tick."""

from __future__ import annotations

import math

from brickclass.simulator.physics import chipmunk


class BodyState:
    """The chassis as pymunk left it after a step, read once for every reader of that tick.

    Reading a pymunk property builds a new vector each time; a tick reads the
    chassis a dozen times (the fault check, the wheels, the IMU, the brush,
    the sensors), so it reads it once. ``to_world`` is the arithmetic of
    chipmunk's cpBodyLocalToWorld, term for term, so points come out the same.
    """

    __slots__ = ("x", "y", "angle", "cos_a", "sin_a", "velocity", "angular_velocity")

    def __init__(self, cp_body: chipmunk.Handle) -> None:
        self.x, self.y = chipmunk.position(cp_body)
        angle = chipmunk.angle(cp_body)
        self.angle = angle
        self.cos_a = math.cos(angle)
        self.sin_a = math.sin(angle)
        self.velocity = chipmunk.velocity(cp_body)
        self.angular_velocity = chipmunk.angular_velocity(cp_body)

    def to_world(self, x: float, y: float) -> tuple[float, float]:
        cos_a, sin_a = self.cos_a, self.sin_a
        return (cos_a * x - sin_a * y + self.x, sin_a * x + cos_a * y + self.y)
