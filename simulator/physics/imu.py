"""The hub's motion sensor, following the robot's body.

A hub lying flat in the robot measures rotation about its vertical axis and
the body's acceleration. The heading is what the firmware integrates from
the gyro: 0 at program start, clockwise positive, and it keeps counting past
360 (a robot that turned twice reads 720).
"""

from __future__ import annotations

import math
import random
from typing import Any

STANDARD_GRAVITY_MM_S2 = 9806.65


class Imu:
    __slots__ = ("_start_angle", "_offset", "_spin_dps", "_accel", "_last_velocity",
                 "_rng", "_drift_dps", "_still_since_us", "_heading")

    def __init__(self, body_angle_rad: float, *, noise: bool = False, seed: int = 0) -> None:
        self._start_angle = body_angle_rad
        self._offset = 0.0
        self._heading = 0.0
        self._spin_dps = 0.0
        self._accel = (0.0, 0.0)
        self._last_velocity: tuple[float, float] | None = None
        self._rng = random.Random(seed ^ 0x1A2B)
        # A real gyro drifts a little; off unless the run asks for noise.
        self._drift_dps = self._rng.uniform(-0.02, 0.02) if noise else 0.0
        self._still_since_us = 0

    def follow(self, body: Any, now_us: int, dt: float) -> None:
        """Update from the body after a physics step (body angle is counterclockwise)."""
        angle = body.angle
        self._spin_dps = math.degrees(body.angular_velocity)
        self._heading = -math.degrees(angle - self._start_angle) + self._offset + self._drift_dps * now_us / 1e6
        vx, vy = body.velocity
        if self._last_velocity is not None and dt > 0:
            ax = (vx - self._last_velocity[0]) / dt
            ay = (vy - self._last_velocity[1]) / dt
            cos_a, sin_a = math.cos(angle), math.sin(angle)
            # Into the hub's frame: x forward, y left.
            self._accel = (ax * cos_a + ay * sin_a, -ax * sin_a + ay * cos_a)
        self._last_velocity = (vx, vy)
        if abs(self._spin_dps) > 2.0 or math.hypot(*self._accel) > 2500.0:
            self._still_since_us = now_us

    # --- what the hub reads -----------------------------------------------------

    def heading(self) -> float:
        return round(self._heading, 3)

    def reset_heading(self, angle: float) -> None:
        self._offset += angle - self._heading
        self._heading = angle

    def angular_velocity(self) -> list[float]:
        return [0.0, 0.0, round(self._spin_dps, 3)]

    def acceleration(self) -> list[float]:
        return [round(self._accel[0], 1), round(self._accel[1], 1), STANDARD_GRAVITY_MM_S2]

    def rotation(self) -> list[float]:
        return [0.0, 0.0, round(-self._heading, 3)]

    def orientation(self) -> list[list[float]]:
        yaw = math.radians(-self._heading)
        c, s = math.cos(yaw), math.sin(yaw)
        return [[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]]

    def stationary(self, settings: dict[str, Any]) -> bool:
        return abs(self._spin_dps) < float(settings.get("angular_velocity_threshold", 2.0))


class HubStill(Imu):
    """The IMU of a hub on a desk (a robot model without a chassis)."""

    def __init__(self) -> None:
        super().__init__(0.0)
