"""The hub's battery as the program reads it: voltage and current drawn."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from brickclass.simulator.physics.motor import Drive, MotorShaft

# A hub with its lights on draws about this much by itself.
IDLE_CURRENT_MA: Final = 90


class Battery:
    def __init__(self, voltage_mv: int, motors: Iterable[MotorShaft] = ()) -> None:
        self.nominal_mv = voltage_mv
        self.motors = list(motors)

    def voltage_mv(self) -> int:
        return self.nominal_mv

    def current_ma(self) -> int:
        total = 0.0
        for motor in self.motors:
            if motor.drive is Drive.VOLTAGE:
                specs = motor.specs
                volts = motor.voltage_mv / 1000.0
                amps = (volts - specs.back_emf_constant * motor.speed) / specs.resistance_ohm
                # Current drawn from the pack scales with the share of time the driver is on.
                total += abs(amps) * abs(motor.voltage_mv) / self.nominal_mv
        return IDLE_CURRENT_MA + int(total * 1000)
