"""The firmware's view of the battery: a slow average, used to turn volts into duty.

A port of pbio's battery.c. Motors are commanded in millivolts; the motor
driver wants a duty cycle (0..1000), so the firmware divides by the battery
voltage it has been measuring. A tired battery therefore still gives a
motor the voltage it asked for, up to what the battery can give.
"""

from __future__ import annotations

from typing import Final

from brickclass.simulator.firmware.intmath import clamp, tdiv

MAX_DUTY: Final = 1000
# The average is kept scaled up to keep the moving average's rounding small.
_SCALE: Final = 1024


class Battery:
    __slots__ = ("_average_scaled", "average_mv")

    def __init__(self, voltage_mv: int = 7500) -> None:
        self.start(voltage_mv)

    def start(self, voltage_mv: int) -> None:
        """What the hub measures when it boots."""
        self._average_scaled = voltage_mv * _SCALE
        self.average_mv = voltage_mv

    def update(self, voltage_mv: int) -> None:
        """One 5 ms sample of the battery voltage."""
        self._average_scaled = (self._average_scaled * 127 + voltage_mv * _SCALE) // 128
        self.average_mv = self._average_scaled // _SCALE

    def voltage_from_duty_pct(self, duty_pct: int) -> int:
        """What ``dc(duty)`` and ``run_until_stalled(duty_limit=...)`` turn percentages into."""
        return tdiv(clamp(duty_pct, 100) * self.average_mv, 100)
