"""The sweeper arm in a tick: gravity pulls it down, its end stops hold it, its brush wipes dust."""

from __future__ import annotations

import math
from typing import Final

from brickclass.robots.models import PortSpec
from brickclass.simulator.field import FieldMap
from brickclass.simulator.physics import angles
from brickclass.simulator.physics.motor import Drive, MotorShaft
from brickclass.simulator.physics.robot import RobotBody
from brickclass.simulator.physics.scene import GRAVITY_MM_S2

# Dust is gone from a cell once the brush has swept about this far across it.
SWEEP_CLEANS_MM: Final = 25.0
# A brush point that moved less than this in a step wipes nothing.
STILL_MM: Final = 0.05


class Arm:
    """The arm motor's shaft with the arm's weight on it, and the brush it lowers."""

    __slots__ = ("shaft", "robot", "field", "_gravity_nm", "_brush_last")

    def __init__(self, shaft: MotorShaft, port: PortSpec, robot: RobotBody | None, field: FieldMap) -> None:
        self.shaft = shaft
        self.robot = robot
        self.field = field
        reach = float(port.extra.get("reach_mm", 150)) / 1000.0
        mass = float(port.extra.get("mass_kg", 0.05))
        # The arm's weight about its pivot when level (times cos of its angle).
        self._gravity_nm = -mass * GRAVITY_MM_S2 / 1000.0 * reach / 2
        self._brush_last: list[tuple[float, float]] | None = None

    def move(self, dt: float) -> None:
        """Before the physics step: the arm turns under its motor and its weight."""
        shaft = self.shaft
        gravity = self._gravity_nm * math.cos(shaft.angle)
        if shaft.speed == 0.0 and shaft.drive is Drive.COAST and abs(gravity) <= shaft.specs.friction_nm:
            return  # resting: friction in the gears holds it, nothing changes
        shaft.step(dt, gravity)
        robot = self.robot
        if robot is not None and robot.arm is not None:
            robot.set_brush_down(angles.degrees(shaft.angle) < robot.arm.brush_down_below)

    def sweep(self) -> None:
        """After the physics step: a lowered brush wipes the dust it moved across."""
        robot = self.robot
        if robot is None or robot.arm is None:
            return
        if not robot.brush_down:
            self._brush_last = None
            return
        points = robot.brush_points()
        last = self._brush_last
        self._brush_last = points
        if last is None:
            return
        field = self.field
        for (x, y), (lx, ly) in zip(points, last):
            moved = math.hypot(x - lx, y - ly)
            if moved <= STILL_MM:
                continue
            panel = field.panel_at(x, y)
            if panel is not None:
                panel.wipe(x, y, min(1.0, moved / SWEEP_CLEANS_MM))
