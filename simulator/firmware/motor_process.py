"""The firmware's motor process: every 5 ms, drive bases first, then lone motors."""

from __future__ import annotations

from simulator.firmware.drivebase import DriveBase
from simulator.firmware.servo import Servo


class MotorProcess:
    def __init__(self) -> None:
        self.servos: list[Servo] = []
        self.drive_bases: list[DriveBase] = []

    def add_servo(self, servo: Servo) -> None:
        self.servos.append(servo)

    def add_drive_base(self, base: DriveBase) -> None:
        # A motor belongs to the newest drive base built with it.
        for old in self.drive_bases:
            if old.left in (base.left, base.right) or old.right in (base.left, base.right):
                old.stop()
        self.drive_bases = [b for b in self.drive_bases if b.left.owner is b and b.right.owner is b] + [base]

    def tick(self, now_us: int) -> None:
        now_s = now_us / 1_000_000
        driven: set[int] = set()
        idle: list[DriveBase] = []
        for base in self.drive_bases:
            if base.active():
                base.update(now_s)
                driven.add(id(base.left))
                driven.add(id(base.right))
            else:
                idle.append(base)
        for servo in self.servos:
            if id(servo) not in driven:
                servo.update(now_s)
        # An idle drive base still keeps its distance and heading up to date.
        for base in idle:
            base.now_s = now_s
            base.measure()

    def stop_all(self) -> None:
        for base in self.drive_bases:
            base.stop()
        for servo in self.servos:
            servo.stop()
