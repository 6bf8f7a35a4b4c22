"""A motor as the firmware drives it: coast, or a voltage (0 V is braking).

A port of pbio's dcmotor.c, talking to the world's ``MotorShaft`` as pbio
talks to a motor driver. Every command a program gives a motor first stops
whatever used the motor before (its *parent*: the servo controller, a drive
base), which is how a ``Motor.dc()`` call stops a drive base that was driving
with that motor.
"""

from __future__ import annotations

from typing import Final, Protocol

from brickclass.simulator.firmware.battery import MAX_DUTY, Battery
from brickclass.simulator.firmware.errors import ErrorCode, PbioError
from brickclass.simulator.firmware.settings import motor_type

CLOCKWISE: Final = 0
COUNTERCLOCKWISE: Final = 1

# pbio_dcmotor_actuation_t: how a motor is driven right now. Controllers ask
# for a torque, which the servo turns into a voltage.
ACTUATION_COAST: Final = 0
ACTUATION_BRAKE: Final = 1
ACTUATION_VOLTAGE: Final = 2
ACTUATION_TORQUE: Final = 3


class Plant(Protocol):
    """The physical motor (brickclass.simulator.physics.motor.MotorShaft)."""

    kind: str
    battery_mv: int

    def encoder_deg(self) -> int: ...

    def absolute_deg(self) -> int: ...

    def coast(self) -> None: ...

    def brake(self) -> None: ...

    def set_voltage(self, mv: int) -> None: ...


class Parent(Protocol):
    """Something built on top of a motor that must stop when the motor gets a new command."""

    def stop_from_child(self, clear_parent: bool) -> None: ...


class Child(Protocol):
    """A motor or servo, which knows what (if anything) is built on it."""

    parent: Parent | None


def stop_parent(child: Child, clear_parent: bool) -> None:
    """pbio_parent_stop: stop what is built on ``child``; optionally forget it."""
    parent = child.parent
    if parent is None:
        return
    parent.stop_from_child(clear_parent)
    if clear_parent:
        child.parent = None


class DCMotor:
    __slots__ = ("plant", "battery", "direction", "actuation_now", "voltage_now", "max_voltage",
                 "max_voltage_hardware", "parent")

    def __init__(self, plant: Plant, battery: Battery) -> None:
        self.plant = plant
        self.battery = battery
        self.direction = CLOCKWISE
        self.actuation_now = ACTUATION_COAST
        self.voltage_now = 0
        self.max_voltage = self.max_voltage_hardware = 9000
        self.parent: Parent | None = None

    def setup(self, kind: str, direction: int) -> None:
        """Prepare the motor for a new Motor or DCMotor object."""
        # A motor already in use by an object of this program cannot get a second one.
        if self.parent is not None:
            raise PbioError(ErrorCode.BUSY)
        self.coast()
        self.max_voltage = self.max_voltage_hardware = motor_type(kind).max_voltage
        self.direction = direction

    def coast(self) -> None:
        self.actuation_now = ACTUATION_COAST
        self.voltage_now = 0
        self.plant.coast()

    def set_voltage(self, voltage: int) -> None:
        """Drive with ``voltage`` mV (clockwise-positive in the program's direction)."""
        limit = self.max_voltage
        if voltage > limit:
            voltage = limit
        elif voltage < -limit:
            voltage = -limit
        self.voltage_now = voltage
        self.actuation_now = ACTUATION_VOLTAGE
        # The driver wants a duty cycle: divide by the battery voltage as measured.
        duty = int(voltage * MAX_DUTY / self.battery.average_mv)
        if duty > MAX_DUTY:
            duty = MAX_DUTY
        elif duty < -MAX_DUTY:
            duty = -MAX_DUTY
        if self.direction == COUNTERCLOCKWISE:
            duty = -duty
        plant = self.plant
        if duty == 0:
            # An H-bridge at zero duty shorts the windings.
            plant.brake()
        else:
            plant.set_voltage(int(duty * plant.battery_mv / MAX_DUTY))

    def user_command(self, coast: bool, voltage: int) -> None:
        """dc(), stop() and brake() from a program: take the motor back first."""
        stop_parent(self, False)
        if coast:
            self.coast()
        else:
            self.set_voltage(voltage)

    def reset(self, clear_parent: bool) -> None:
        """Coast and stop everything built on this motor (the end of a program)."""
        self.coast()
        stop_parent(self, clear_parent)

    def close(self) -> None:
        self.coast()
        stop_parent(self, True)

    def settings(self) -> int:
        return self.max_voltage

    def set_settings(self, max_voltage: int) -> None:
        if max_voltage < 0 or max_voltage > self.max_voltage_hardware:
            raise PbioError(ErrorCode.INVALID_ARG)
        self.max_voltage = max_voltage
