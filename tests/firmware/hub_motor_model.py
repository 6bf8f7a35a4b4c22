"""The firmware's own simulated SPIKE motor, as a second plant to check ours against.

pbio's virtual hub (lib/pbio/drv/motor_driver/motor_driver_virtual_simulation.c)
steps a linear motor model every millisecond: the next angle, speed and
current are fixed multiples of the present ones, the voltage and a load
torque. Friction is Coulomb above 2 deg/s and fades linearly to nothing at
standstill. Its coefficients (for the SPIKE medium / Technic M angular motor)
are numbers the Pybricks authors fitted to a real motor; they are used here as
facts. Units as in the firmware: mdeg, mdeg/s, mA, mV, µNm.

The model knows only the motor itself. A load is a torque that the test adds
(gravity on an arm); a positive load torque holds the motor back from turning
clockwise.
"""

from __future__ import annotations

import math
from collections.abc import Callable

# (from angle, from speed, from current, from voltage, from torque) for each
# of the next angle, speed and current: one 1 ms step of the Technic M angular motor.
_ANGLE = (1.0, 0.0009981527613056019, 0.001957577848006867, 0.0002818172865566039, -9.498678309037282e-05)
_SPEED = (0.0, 0.994653578576391, 3.640640918794361, 0.815657436669528, -0.18980175337809)
_CURRENT = (0.0, -0.0021977502690683696, 0.6348769647439378, 0.335291816502189, 0.0002247101788128779)
FRICTION_UNM = 21413.268
# Below this speed (mdeg/s) friction grows linearly from zero.
FRICTION_FADE_MDEG_S = 2000.0


class HubMotorModel:
    """A ``Plant`` for the simulated firmware (see simulator/firmware/dcmotor.py)."""

    kind = "spike-medium"

    def __init__(self, *, battery_mv: int = 8000, start_deg: float = 0.0,
                 load_torque_unm: Callable[[float], float] | None = None) -> None:
        self.battery_mv = battery_mv
        self.angle_mdeg = start_deg * 1000.0
        self.speed_mdeg_s = 0.0
        self.current_ma = 0.0
        self.voltage_mv = 0.0
        self.load_torque_unm = load_torque_unm or (lambda angle_deg: 0.0)

    # --- what the firmware reads and sets -------------------------------------------

    def encoder_deg(self) -> int:
        return math.floor(self.angle_mdeg / 1000.0 + 1e-6)

    def absolute_deg(self) -> int:
        return (self.encoder_deg() + 180) % 360 - 180

    def coast(self) -> None:
        # The firmware's simulated driver drops the voltage; it does not model
        # the open windings.
        self.voltage_mv = 0.0

    def brake(self) -> None:
        self.voltage_mv = 0.0

    def set_voltage(self, mv: int) -> None:
        self.voltage_mv = float(max(-self.battery_mv, min(self.battery_mv, mv)))

    # --- physics ----------------------------------------------------------------------

    def step_ms(self) -> None:
        speed = self.speed_mdeg_s
        if abs(speed) > FRICTION_FADE_MDEG_S:
            friction = math.copysign(FRICTION_UNM, speed)
        else:
            friction = FRICTION_UNM * speed / FRICTION_FADE_MDEG_S
        torque = friction + self.load_torque_unm(self.angle_mdeg / 1000.0)
        state = (self.angle_mdeg, speed, self.current_ma, self.voltage_mv, torque)
        self.angle_mdeg = sum(k * x for k, x in zip(_ANGLE, state))
        self.speed_mdeg_s = sum(k * x for k, x in zip(_SPEED, state))
        self.current_ma = sum(k * x for k, x in zip(_CURRENT, state))

    @property
    def speed_deg_s(self) -> float:
        return self.speed_mdeg_s / 1000.0
