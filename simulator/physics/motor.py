"""A LEGO motor as a DC motor with a gearbox: voltage in, torque and rotation out.

The electrical part is quasi-static (the windings' L/R is about 2 ms, shorter
than the 5 ms step), so the motor's torque is a straight line in its speed:

    torque = Kt/R * (V - Ke * speed)      (coast: no current at all)

minus dry friction in the gearbox. The constants are those the Pybricks
authors measured for the firmware's observer (``lib/pbio/doc/control``), so
the simulated motor and the simulated firmware agree on what a motor is.

Angles are clockwise-positive, seen facing the output shaft, which is how a
hub counts a motor's raw encoder.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from brickclass.simulator.physics import angles


@dataclass(frozen=True)
class MotorSpecs:
    """Physical constants of one motor type (SI units, at the output shaft)."""

    torque_constant: float  # Kt, Nm/A
    back_emf_constant: float  # Ke, V/(rad/s)
    resistance_ohm: float
    inertia: float  # kg·m², rotor and gears seen at the shaft
    friction_nm: float  # dry friction of the gearbox

    @property
    def damping(self) -> float:
        """Torque lost per rad/s when the windings are shorted (braking)."""
        return self.torque_constant * self.back_emf_constant / self.resistance_ohm


# Derived with the formulas of pbio's motor_model.py from the measured data
# in its motor_data.py (stall torque and current, no-load speed and current).
SPECS: dict[str, MotorSpecs] = {
    "spike-small": MotorSpecs(0.183643, 0.384760, 17.653716, 0.000139, 0.009182),
    "spike-medium": MotorSpecs(0.237925, 0.375559, 10.730253, 0.000301, 0.021413),
    "spike-large": MotorSpecs(0.232392, 0.411265, 3.730074, 0.001219, 0.023239),
    "technic-l": MotorSpecs(0.220250, 0.245483, 7.519280, 0.000453, 0.026430),
    "technic-xl": MotorSpecs(0.214878, 0.246033, 8.294931, 0.000421, 0.012893),
    "boost": MotorSpecs(0.273826, 0.309023, 18.243683, 0.000237, 0.011227),
}


class Drive(Enum):
    COAST = "coast"
    BRAKE = "brake"
    VOLTAGE = "voltage"


class MotorShaft:
    """One motor's output shaft: the firmware reads its encoder and sets its drive."""

    __slots__ = ("kind", "specs", "battery_mv", "angle", "speed", "drive", "voltage_mv",
                 "load_inertia", "endstops", "at_endstop")

    def __init__(self, kind: str, *, battery_mv: int, start_deg: float = 0.0,
                 endstops: tuple[float, float] | None = None, load_inertia: float = 0.0) -> None:
        if kind not in SPECS:
            raise ValueError(f"unknown motor type {kind!r}")
        self.kind = kind
        self.specs = SPECS[kind]
        self.battery_mv = battery_mv
        self.angle = angles.radians(start_deg)  # rad, clockwise-positive
        self.speed = 0.0  # rad/s
        self.drive = Drive.COAST
        self.voltage_mv = 0
        self.load_inertia = load_inertia
        self.endstops = None if endstops is None else (angles.radians(min(endstops)), angles.radians(max(endstops)))
        self.at_endstop = 0  # -1 or +1 while pressed against an end stop

    # --- what the firmware sees and does -----------------------------------------

    def encoder_deg(self) -> int:
        """Whole degrees, as the motor's encoder counts them."""
        return math.floor(angles.degrees(self.angle) + 1e-6)

    def absolute_deg(self) -> int:
        """The absolute position marker of SPIKE motors, -180..179."""
        return (self.encoder_deg() + 180) % 360 - 180

    def coast(self) -> None:
        self.drive = Drive.COAST
        self.voltage_mv = 0

    def brake(self) -> None:
        self.drive = Drive.BRAKE
        self.voltage_mv = 0

    def set_voltage(self, mv: int) -> None:
        self.drive = Drive.VOLTAGE
        self.voltage_mv = max(-self.battery_mv, min(self.battery_mv, int(mv)))

    # --- physics -------------------------------------------------------------------

    def torque_line(self) -> tuple[float, float]:
        """(a, b) such that the electrical torque is ``a - b * speed`` (Nm)."""
        if self.drive is Drive.COAST:
            return (0.0, 0.0)
        specs = self.specs
        if self.drive is Drive.BRAKE:
            return (0.0, specs.damping)
        volts = self.voltage_mv / 1000.0
        return (specs.torque_constant * volts / specs.resistance_ohm, specs.damping)

    def step(self, dt: float, external_torque: float = 0.0) -> None:
        """Advance a motor that turns freely (or against its end stops) by ``dt`` seconds."""
        a, b = self.torque_line()
        inertia = self.specs.inertia + self.load_inertia
        self.speed = settle_speed(inertia, self.speed, a + external_torque, b, self.specs.friction_nm, dt)
        self.angle += self.speed * dt
        self._respect_endstops()

    def follow(self, speed: float, dt: float) -> None:
        """Turn at ``speed`` for ``dt``: the wheel's speed, set by the drivetrain."""
        self.speed = speed
        self.angle += speed * dt

    def _respect_endstops(self) -> None:
        self.at_endstop = 0
        if self.endstops is None:
            return
        low, high = self.endstops
        # The mechanism stops dead: LEGO beams do not bounce back noticeably.
        if self.angle <= low:
            self.angle = low
            self.speed = max(self.speed, 0.0)
            self.at_endstop = -1
        elif self.angle >= high:
            self.angle = high
            self.speed = min(self.speed, 0.0)
            self.at_endstop = 1


def settle_speed(inertia: float, speed: float, drive_torque: float, damping: float,
                 friction: float, dt: float) -> float:
    """Speed after ``dt`` under ``drive_torque - damping*speed`` and dry friction.

    Implicit in the damping, so a braked or driven motor is stable at any step;
    friction holds a motor still when the other torques cannot overcome it.
    """
    mass = inertia + damping * dt
    momentum = inertia * speed + drive_torque * dt
    free = momentum / mass
    grip = friction * dt
    if abs(momentum) <= grip:
        return 0.0
    return (momentum - math.copysign(grip, free)) / mass
