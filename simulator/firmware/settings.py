"""Control settings per motor type, computed as pbio's servo.c and servo_settings.c do.

Units are those of the firmware's control layer: degrees of the motor shaft
(the firmware multiplies user degrees by the gear ratio), degrees per second,
milliseconds, and torque in micro-newton-metres (µNm).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from simulator.physics.motor import SPECS


@dataclass(frozen=True)
class MotorType:
    """What the firmware knows about a motor type (servo_settings.c, the observer model)."""

    kind: str
    rated_max_speed: int  # deg/s
    precision_profile: int  # deg
    kp_low_speed_threshold: int  # deg/s
    max_voltage: int  # mV
    feedback_gain_low: int

    @property
    def torque_per_mv(self) -> float:
        """µNm of stall torque per mV: Kt/R of the observer model."""
        specs = SPECS[self.kind]
        return specs.torque_constant / specs.resistance_ohm * 1000.0

    def voltage_to_torque(self, mv: float) -> float:
        return mv * self.torque_per_mv

    def torque_to_voltage(self, torque: float) -> float:
        return torque / self.torque_per_mv


MOTOR_TYPES: dict[str, MotorType] = {
    "spike-small": MotorType("spike-small", 620, 11, 150, 6000, 30),
    "spike-medium": MotorType("spike-medium", 1000, 11, 150, 9000, 45),
    "spike-large": MotorType("spike-large", 1000, 11, 150, 9000, 45),
    "technic-l": MotorType("technic-l", 1500, 20, 250, 9000, 45),
    "technic-xl": MotorType("technic-xl", 1500, 20, 250, 9000, 45),
    "boost": MotorType("boost", 800, 10, 100, 9000, 45),
}


@dataclass
class ControlSettings:
    """pbio_control_settings_t, in motor-shaft degrees."""

    speed_max: float
    speed_default: float
    speed_tolerance: float
    position_tolerance: float
    acceleration: float
    deceleration: float
    actuation_max: float  # µNm
    pid_kp: float  # µNm per degree
    pid_ki: float  # µNm per degree-second
    pid_kd: float  # µNm per degree/second
    pid_kp_low_pct: int
    pid_kp_low_error_threshold: float
    pid_kp_low_speed_threshold: float
    integral_deadzone: float
    integral_change_max: float  # deg/s
    stall_speed_limit: float
    stall_time_ms: int
    smart_passive_hold_time_ms: int

    def copy(self) -> ControlSettings:
        return replace(self)


def servo_settings(motor: MotorType, gear_ratio: float, precision_profile: int | None = None) -> ControlSettings:
    """The defaults a servo starts with (pbio_servo_initialize_settings), scaled to the shaft."""
    profile = precision_profile or motor.precision_profile
    nominal_torque = motor.voltage_to_torque(min(motor.max_voltage, 7500))
    kp = nominal_torque / profile
    return ControlSettings(
        speed_max=motor.rated_max_speed * gear_ratio,
        speed_default=motor.rated_max_speed * gear_ratio,
        speed_tolerance=50.0 * gear_ratio,
        position_tolerance=profile * gear_ratio,
        acceleration=2000.0 * gear_ratio,
        deceleration=2000.0 * gear_ratio,
        actuation_max=motor.voltage_to_torque(motor.max_voltage),
        pid_kp=kp,
        pid_ki=kp / 2,
        pid_kd=nominal_torque / motor.precision_profile / 8,
        pid_kp_low_pct=50,
        pid_kp_low_error_threshold=5.0 * gear_ratio,
        pid_kp_low_speed_threshold=motor.kp_low_speed_threshold * gear_ratio,
        integral_deadzone=8.0 * gear_ratio,
        integral_change_max=15.0 * gear_ratio,
        stall_speed_limit=20.0 * gear_ratio,
        stall_time_ms=200,
        smart_passive_hold_time_ms=100,
    )
