"""A workbench for the simulated firmware: motors on a desk, stepped as the world does.

Every 5 ms the motor process reads the encoders and sets the drive, then the
motors' physics moves on by 5 ms, exactly the order of a world tick.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from brickclass.simulator.clock import TICK_US, VirtualClock
from brickclass.simulator.firmware.motor_process import MotorProcess
from brickclass.simulator.firmware.servo import Servo
from brickclass.simulator.physics.motor import MotorShaft

DT = TICK_US / 1_000_000


class Bench:
    """Motors standing free (or against end stops), with the firmware driving them."""

    def __init__(self, battery_mv: int = 8000) -> None:
        self.battery_mv = battery_mv
        self.process = MotorProcess()
        self.shafts: list[MotorShaft] = []
        self.time_us = 0

    def shaft(self, kind: str = "spike-medium", **options: Any) -> MotorShaft:
        shaft = MotorShaft(kind, battery_mv=self.battery_mv, **options)
        self.shafts.append(shaft)
        return shaft

    def servo(self, kind: str = "spike-medium", *, direction: int = 0, gear_ratio: int = 1000,
              reset_angle: bool = True, profile: int = 0, **options: Any) -> tuple[Servo, MotorShaft]:
        shaft = self.shaft(kind, **options)
        servo = self.process.servo(shaft)
        servo.setup(direction, gear_ratio, reset_angle, profile)
        return servo, shaft

    def tick(self) -> None:
        self.process.tick(self.time_us)
        for shaft in self.shafts:
            shaft.step(DT)
        self.time_us += TICK_US
        # Commands given now see the time after the step, as in the world.
        self.process.clock.now_us = self.time_us

    def run(self, ms: int) -> None:
        for _ in range(ms * 1000 // TICK_US):
            self.tick()

    def run_until(self, done: Callable[[], bool], limit_ms: int = 10_000) -> int:
        """Run until ``done()``; how long it took in ms."""
        start = self.time_us
        while not done():
            if self.time_us - start > limit_ms * 1000:
                raise AssertionError(f"not done after {limit_ms} ms")
            self.tick()
        return (self.time_us - start) // 1000


class FakeWorld:
    """Just what the world-side devices use of the world."""

    def __init__(self, battery_mv: int = 8000) -> None:
        self.clock = VirtualClock()
        self.motor_process = MotorProcess()
        self.battery_mv = battery_mv
        self.events: set[str] = set()
        self.heading = 0.0
        self.shafts: list[MotorShaft] = []

    def gyro_heading_deg(self) -> float:
        return self.heading

    def shaft(self, kind: str = "spike-medium", **options: Any) -> MotorShaft:
        shaft = MotorShaft(kind, battery_mv=self.battery_mv, **options)
        self.shafts.append(shaft)
        return shaft

    def tick(self) -> None:
        self.motor_process.tick(self.clock.now_us)
        for shaft in self.shafts:
            shaft.step(DT)
        self.clock.now_us += TICK_US

    def run(self, ms: int) -> None:
        for _ in range(ms * 1000 // TICK_US):
            self.tick()

    def run_until(self, done: Callable[[], bool], limit_ms: int = 10_000) -> int:
        start = self.clock.now_us
        while not done():
            if self.clock.now_us - start > limit_ms * 1000:
                raise AssertionError(f"not done after {limit_ms} ms")
            self.tick()
        return (self.clock.now_us - start) // 1000


class TwoWheelRobot:
    """Ideal wheels that never slip: the robot goes exactly where its wheels roll.

    Each wheel's motor also carries its share of the robot's mass and turning
    inertia. The left motor is mounted mirrored, as in the Pybricks examples.
    """

    def __init__(self, make_shaft: Callable[..., MotorShaft], wheel_diameter_mm: float = 56.0,
                 axle_track_mm: float = 112.0, mass_kg: float = 0.6) -> None:
        radius = wheel_diameter_mm / 2000
        load = mass_kg / 2 * radius * radius
        self.left = make_shaft("spike-medium", load_inertia=load)
        self.right = make_shaft("spike-medium", load_inertia=load)
        self.wheel_diameter_mm = wheel_diameter_mm
        self.axle_track_mm = axle_track_mm

    def wheel_travel_mm(self) -> tuple[float, float]:
        radius = self.wheel_diameter_mm / 2
        # The left motor turns counterclockwise to drive forward.
        return -self.left.angle * radius, self.right.angle * radius

    def distance_mm(self) -> float:
        left, right = self.wheel_travel_mm()
        return (left + right) / 2

    def heading_deg(self) -> float:
        """Clockwise, seen from above."""
        left, right = self.wheel_travel_mm()
        return math.degrees((left - right) / self.axle_track_mm)
