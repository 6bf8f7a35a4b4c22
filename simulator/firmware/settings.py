"""What the firmware knows about each kind of LEGO motor, and the defaults it derives.

The observer models and the few per-type numbers come from pbio's
``motor/servo_settings.c`` (generated there from measurements of real
motors); the defaults are computed from them exactly as ``servo.c`` does, so
``motor.control.limits()`` and ``pid()`` print what a hub prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from brickclass.simulator.firmware.control_settings import ControlSettings, ms_to_ticks
from brickclass.simulator.firmware.errors import ErrorCode, PbioError

# Fixed-point scales of the observer model (pbio's observer.c).
PRESCALE_SPEED: Final = 858
PRESCALE_ACCELERATION: Final = 85
PRESCALE_CURRENT: Final = 71582
PRESCALE_VOLTAGE: Final = 178956
PRESCALE_TORQUE: Final = 2147
MAX_NUM_SPEED: Final = 2_500_000
MAX_NUM_ACCELERATION: Final = 25_000_000
MAX_NUM_CURRENT: Final = 30_000
MAX_NUM_VOLTAGE: Final = 12_000
MAX_NUM_TORQUE: Final = 1_000_000


@dataclass(frozen=True, slots=True)
class ObserverModel:
    """Discrete motor model: next (angle, speed, current) from now, voltage and torque.

    Each number divides a prescaled state or input; see observer.py.
    """

    d_angle_d_speed: int
    d_speed_d_speed: int
    d_current_d_speed: int
    d_angle_d_current: int
    d_speed_d_current: int
    d_current_d_current: int
    d_angle_d_voltage: int
    d_speed_d_voltage: int
    d_current_d_voltage: int
    d_angle_d_torque: int
    d_speed_d_torque: int
    d_current_d_torque: int
    d_voltage_d_torque: int
    d_torque_d_voltage: int
    d_torque_d_speed: int
    d_torque_d_acceleration: int
    torque_friction: int

    # The conversions below run for every motor every 5 ms. Their numerators
    # stay below 2**31 (the firmware's own limits), so int() of a float
    # quotient is exactly C's truncating integer division.

    def voltage_to_torque(self, voltage: int) -> int:
        """mV → µNm: the torque a stalled motor gives at this voltage."""
        if voltage > MAX_NUM_VOLTAGE:
            voltage = MAX_NUM_VOLTAGE
        elif voltage < -MAX_NUM_VOLTAGE:
            voltage = -MAX_NUM_VOLTAGE
        return int(PRESCALE_VOLTAGE * voltage / self.d_torque_d_voltage)

    def torque_to_voltage(self, torque: int) -> int:
        """µNm → mV."""
        if torque > MAX_NUM_TORQUE:
            torque = MAX_NUM_TORQUE
        elif torque < -MAX_NUM_TORQUE:
            torque = -MAX_NUM_TORQUE
        return int(PRESCALE_TORQUE * torque / self.d_voltage_d_torque)

    def feedforward_torque(self, speed: int, acceleration: int) -> int:
        """Torque (µNm) to follow a reference speed (mdeg/s) and acceleration (mdeg/s²)."""
        # Half the friction, back-EMF, and the rotor's inertia.
        if speed > 0:
            total = self.torque_friction // 2
            if speed > MAX_NUM_SPEED:
                speed = MAX_NUM_SPEED
        elif speed < 0:
            total = -(self.torque_friction // 2)
            if speed < -MAX_NUM_SPEED:
                speed = -MAX_NUM_SPEED
        else:
            total = 0
        if acceleration > MAX_NUM_ACCELERATION:
            acceleration = MAX_NUM_ACCELERATION
        elif acceleration < -MAX_NUM_ACCELERATION:
            acceleration = -MAX_NUM_ACCELERATION
        total += int(PRESCALE_SPEED * speed / self.d_torque_d_speed) + \
            int(PRESCALE_ACCELERATION * acceleration / self.d_torque_d_acceleration)
        if total > MAX_NUM_TORQUE:
            return MAX_NUM_TORQUE
        if total < -MAX_NUM_TORQUE:
            return -MAX_NUM_TORQUE
        return total


TECHNIC_S_ANGULAR = ObserverModel(179217, 956, -249247, 1950303, 7666, -9356019, 5654927, 11702, 349105,
                                  -425928, -1085, 383927, 22334, 17203, 12282, 35129, 9182)
TECHNIC_M_ANGULAR = ObserverModel(177194, 934, -165023, 2407354, 8311, 1058029, 7431528, 14444, 225610,
                                  -919183, -2332, 629020, 47606, 8071, 5903, 16163, 21413)
TECHNIC_L_ANGULAR = ObserverModel(174943, 904, -58045, 8368268, 26508, 396164, 13442903, 25105, 86900,
                                  -3690545, -9310, 975141, 133763, 2872, 1919, 3997, 23239)
INTERACTIVE = ObserverModel(179110, 941, -316164, 7311289, 35750, -12014584, 4603893, 10967, 355664,
                            -728461, -1850, 668004, 32225, 11923, 10599, 20588, 11227)
TECHNIC_L = ObserverModel(175977, 912, -159828, 5728019, 22787, -44152415, 6164994, 12888, 142828,
                          -1377701, -3482, 794862, 62889, 6110, 6837, 10751, 26430)
TECHNIC_XL = ObserverModel(176559, 916, -175173, 8098298, 35736, -7606150, 5471477, 12148, 156891,
                           -1282598, -3244, 729279, 55617, 6908, 7713, 11578, 12893)


@dataclass(frozen=True, slots=True)
class MotorType:
    """pbio_servo_settings_reduced_t, plus what the port knows about the motor."""

    model: ObserverModel
    rated_max_speed: int  # deg/s, about "100 %" in other apps
    feedback_gain_low: int  # mV/deg, observer correction for small errors
    precision_profile: int  # deg, default position tolerance
    pid_kp_low_speed_threshold: int  # deg/s, below it kp is reduced near the target
    max_voltage: int  # mV
    absolute_encoder: bool  # can reset_angle() find the marked zero


# The motor kinds a robot model can name, mapped to what the firmware sees.
MOTOR_TYPES: dict[str, MotorType] = {
    "spike-small": MotorType(TECHNIC_S_ANGULAR, 620, 30, 11, 150, 6000, True),
    "spike-medium": MotorType(TECHNIC_M_ANGULAR, 1000, 45, 11, 150, 9000, True),
    "spike-large": MotorType(TECHNIC_L_ANGULAR, 1000, 45, 11, 150, 9000, True),
    "technic-l": MotorType(TECHNIC_L, 1500, 45, 20, 250, 9000, False),
    "technic-xl": MotorType(TECHNIC_XL, 1500, 45, 20, 250, 9000, False),
    "boost": MotorType(INTERACTIVE, 1200, 45, 12, 0, 9000, False),
}


# The settings' names, in the order all() gives them (named once: a compiled class has no __slots__).
_OBSERVER_FIELDS: Final = ("stall_speed_limit", "stall_time", "feedback_voltage_negligible",
                    "feedback_voltage_stall_ratio", "feedback_gain_low", "feedback_gain_high",
                    "feedback_gain_threshold", "coulomb_friction_speed_cutoff")


class ObserverSettings:
    """pbio_observer_settings_t: stall detection and model correction of one motor."""

    __slots__ = _OBSERVER_FIELDS

    stall_speed_limit: int
    stall_time: int
    feedback_voltage_negligible: int
    feedback_voltage_stall_ratio: int
    feedback_gain_low: int
    feedback_gain_high: int
    feedback_gain_threshold: int
    coulomb_friction_speed_cutoff: int

    def __init__(self, values: list[int]) -> None:
        self.set_all(values)

    def all(self) -> list[int]:
        return [getattr(self, name) for name in _OBSERVER_FIELDS]

    def set_all(self, values: list[int]) -> None:
        for name, value in zip(_OBSERVER_FIELDS, values, strict=True):
            setattr(self, name, value)


def motor_type(kind: str) -> MotorType:
    try:
        return MOTOR_TYPES[kind]
    except KeyError:
        raise PbioError(ErrorCode.NOT_SUPPORTED) from None


def servo_control_settings(kind: str, gear_ratio: int, precision_profile: int) -> ControlSettings:
    """Default control settings of a motor (pbio_servo_initialize_settings).

    ``gear_ratio`` is millidegrees at the motor per degree at the output
    (1000 without gears); a ``precision_profile`` of 0 means the motor's own.
    """
    if gear_ratio < 1:
        raise PbioError(ErrorCode.INVALID_ARG)
    info = motor_type(kind)
    profile = precision_profile or info.precision_profile
    # Tighter tolerances mean higher gains; below this they would be unstable.
    if profile < 5:
        raise PbioError(ErrorCode.INVALID_ARG)
    model = info.model
    # Nominal torque: what the motor gives at a typical battery's 7.5 V.
    nominal_torque = model.voltage_to_torque(min(info.max_voltage, 7500))
    max_torque = model.voltage_to_torque(info.max_voltage)
    return ControlSettings(
        ctl_steps_per_app_step=gear_ratio,
        stall_speed_limit=20_000,
        stall_time=ms_to_ticks(200),
        speed_max=info.rated_max_speed * 1000,
        speed_default=info.rated_max_speed * 1000,
        speed_tolerance=50_000,
        position_tolerance=profile * 1000,
        acceleration=2_000_000,
        deceleration=2_000_000,
        actuation_max=max_torque,
        actuation_max_temporary=max_torque,
        # Proportional feedback just reaches the nominal torque at the edge
        # of the tolerance, so the motor can always get there.
        pid_kp=nominal_torque // profile,
        # Integral feedback saturates in about two seconds when stuck there.
        pid_ki=nominal_torque // profile // 2,
        # Damping does not follow the user's profile: same step response for all.
        pid_kd=nominal_torque // info.precision_profile // 8,
        pid_kp_low_pct=50,
        pid_kp_low_error_threshold=5_000,
        pid_kp_low_speed_threshold=info.pid_kp_low_speed_threshold * 1000,
        integral_deadzone=8_000,
        integral_change_max=15_000,
        smart_passive_hold_time=ms_to_ticks(100),
    )


def servo_observer_settings(kind: str, control: ControlSettings) -> ObserverSettings:
    info = motor_type(kind)
    model = info.model
    return ObserverSettings([
        control.stall_speed_limit,
        control.stall_time,
        # Below this much feedback voltage, friction alone could explain it.
        model.torque_to_voltage(model.torque_friction) * 5 // 2,
        75,
        info.feedback_gain_low,
        info.feedback_gain_low * 7,
        20_000,
        500,
    ])
