"""One controller's settings, and the checks pbio makes when a program changes them.

A port of pbio's control_settings.c. Settings are kept in control units
(millidegrees at the motor, µNm, 100 µs ticks); ``ctl_steps_per_app_step``
converts to the program's units (degrees at the gear train's output for a
motor, millimetres or degrees for a drive base). The getters and setters
below work in the program's units, as ``motor.control.limits()`` and friends
see them, and refuse what the firmware refuses with INVALID_ARG.
"""

from __future__ import annotations

from typing import Final

from brickclass.simulator.firmware.errors import ErrorCode, PbioError
from brickclass.simulator.firmware.intmath import INT32_MAX, tdiv
from brickclass.simulator.firmware.trajectory import TICKS_PER_MS, validate_acceleration_limit, validate_speed_limit

# The largest torque any model accepts (µNm), pbio's MAX_NUM_TORQUE.
MAX_TORQUE: Final = 1_000_000


def ms_to_ticks(ms: int) -> int:
    return ms * TICKS_PER_MS


def ticks_to_ms(ticks: int) -> int:
    return ticks // TICKS_PER_MS


def div_by_gain(value: int, gain: int) -> int:
    """Torque divided by a gain, back in control units (0 for a gain below 1)."""
    if gain < 1:
        return 0
    return tdiv(value * 1000, gain)


# The settings' names (named once: a compiled class has no __slots__ to read back).
_SETTINGS_FIELDS: Final = ("ctl_steps_per_app_step", "stall_speed_limit", "stall_time", "speed_max",
                    "speed_default", "speed_tolerance", "position_tolerance", "acceleration",
                    "deceleration", "actuation_max", "actuation_max_temporary", "pid_kp",
                    "pid_kp_low_pct", "pid_kp_low_error_threshold", "pid_kp_low_speed_threshold",
                    "pid_ki", "pid_kd", "integral_deadzone", "integral_change_max", "smart_passive_hold_time")


class ControlSettings:
    """pbio_control_settings_t: limits, tolerances and gains of one controller."""

    __slots__ = _SETTINGS_FIELDS

    ctl_steps_per_app_step: int
    stall_speed_limit: int
    stall_time: int
    speed_max: int
    speed_default: int
    speed_tolerance: int
    position_tolerance: int
    acceleration: int
    deceleration: int
    actuation_max: int
    actuation_max_temporary: int
    pid_kp: int
    pid_kp_low_pct: int
    pid_kp_low_error_threshold: int
    pid_kp_low_speed_threshold: int
    pid_ki: int
    pid_kd: int
    integral_deadzone: int
    integral_change_max: int
    smart_passive_hold_time: int

    def __init__(self, **values: int) -> None:
        for name in _SETTINGS_FIELDS:
            setattr(self, name, values.pop(name, 0))
        if values:
            raise TypeError(f"unknown control settings: {sorted(values)}")

    def copy(self) -> ControlSettings:
        return ControlSettings(**{name: getattr(self, name) for name in _SETTINGS_FIELDS})

    # --- unit conversion ---------------------------------------------------------------

    def ctl_to_app(self, value: int) -> int:
        return tdiv(value, self.ctl_steps_per_app_step)

    def app_to_ctl(self, value: int) -> int:
        steps = self.ctl_steps_per_app_step
        # The firmware saturates instead of overflowing.
        if value > tdiv(INT32_MAX, steps):
            return INT32_MAX
        if value < -tdiv(INT32_MAX, steps):
            return -INT32_MAX
        return value * steps

    # --- what motor.control and drive_base.*_control show and change ----------------

    def trajectory_limits(self) -> tuple[int, int, int]:
        """(speed, acceleration, deceleration) in program units."""
        return (self.ctl_to_app(self.speed_max), self.ctl_to_app(self.acceleration),
                self.ctl_to_app(self.deceleration))

    def set_trajectory_limits(self, speed: int, acceleration: int, deceleration: int) -> None:
        steps = self.ctl_steps_per_app_step
        validate_speed_limit(steps, speed)
        validate_acceleration_limit(steps, acceleration)
        validate_acceleration_limit(steps, deceleration)
        self.speed_max = self.app_to_ctl(speed)
        self.acceleration = self.app_to_ctl(acceleration)
        self.deceleration = self.app_to_ctl(deceleration)

    def actuation_limit(self) -> int:
        """Maximum torque in mNm."""
        return tdiv(self.actuation_max, 1000)

    def set_actuation_limit(self, limit: int) -> None:
        if limit < 1 or limit > tdiv(MAX_TORQUE, 1000):
            raise PbioError(ErrorCode.INVALID_ARG)
        self.actuation_max = limit * 1000

    def pid(self) -> tuple[int, int, int, int, int]:
        """(kp, ki, kd, integral_deadzone, integral_rate); gains in control units."""
        return (self.pid_kp, self.pid_ki, self.pid_kd, self.ctl_to_app(self.integral_deadzone),
                self.ctl_to_app(self.integral_change_max))

    def set_pid(self, kp: int, ki: int, kd: int, integral_deadzone: int, integral_change_max: int) -> None:
        if kp < 0 or ki < 0 or kd < 0:
            raise PbioError(ErrorCode.INVALID_ARG)
        # The integral rate is a speed, so it must be a valid speed limit.
        validate_speed_limit(self.ctl_steps_per_app_step, integral_change_max)
        self._validate_position(integral_deadzone)
        self.pid_kp, self.pid_ki, self.pid_kd = kp, ki, kd
        self.integral_deadzone = self.app_to_ctl(integral_deadzone)
        self.integral_change_max = self.app_to_ctl(integral_change_max)

    def target_tolerances(self) -> tuple[int, int]:
        """(speed, position) in program units."""
        return (self.ctl_to_app(self.speed_tolerance), self.ctl_to_app(self.position_tolerance))

    def set_target_tolerances(self, speed: int, position: int) -> None:
        if position < 0:
            raise PbioError(ErrorCode.INVALID_ARG)
        validate_speed_limit(self.ctl_steps_per_app_step, speed)
        self._validate_position(position)
        self.position_tolerance = self.app_to_ctl(position)
        self.speed_tolerance = self.app_to_ctl(speed)

    def stall_tolerances(self) -> tuple[int, int]:
        """(speed in program units, time in ms)."""
        return (self.ctl_to_app(self.stall_speed_limit), ticks_to_ms(self.stall_time))

    def set_stall_tolerances(self, speed: int, time_ms: int) -> None:
        validate_speed_limit(self.ctl_steps_per_app_step, speed)
        self.stall_speed_limit = self.app_to_ctl(speed)
        self.stall_time = ms_to_ticks(time_ms)

    def _validate_position(self, value: int) -> None:
        if value < 0 or value > self.ctl_to_app(INT32_MAX):
            raise PbioError(ErrorCode.INVALID_ARG)
