"""Motors, drive bases and cars as the world keeps them: the firmware behind each proxy.

Each ``api_*`` method is one call of the hub-side proxy
(``simulator/hub/site/pybricks/pupdevices.py`` and ``robotics.py``) and does
what the firmware's Python layer (``pb_type_motor.c``, ``pb_type_control.c``,
``pb_type_drivebase.c``, ``pb_type_car.c``) does with it. Arguments arrive as
plain JSON values and are checked again here, because the hub process is not
trusted. Failures are the firmware's ``PbioError``s; readings travel back
with every reply.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Final

from brickclass.simulator.clock import TICK_US
from brickclass.simulator.firmware.control import BRAKE, COAST, HOLD, ON_COMPLETION, Control
from brickclass.simulator.firmware.dcmotor import CLOCKWISE, COUNTERCLOCKWISE, DCMotor
from brickclass.simulator.firmware.drivebase import DriveBase
from brickclass.simulator.firmware.errors import ErrorCode, PbioError
from brickclass.simulator.firmware.intmath import clamp, sign, tdiv
from brickclass.simulator.firmware.motor_process import MotorProcess
from brickclass.simulator.firmware.servo import Servo
from brickclass.simulator.physics.imu import Imu

# Values of pybricks.parameters.Stop the proxies send: all six, COAST ... BRAKE_SMART.
_STOP_VALUES = ON_COMPLETION
_INT16_MAX: Final = 32767


def _int(value: Any) -> int:
    """A number from the hub process, truncated as pb_obj_get_int does."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"can't convert {type(value).__name__} to int")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise OverflowError("can't convert float to int")
        return int(value)
    return value


def _abs_int(value: Any, default: int) -> int:
    """pb_obj_get_default_abs_int: the magnitude of a given number, else ``default``."""
    return default if value is None else abs(_int(value))


def _then(value: Any) -> int:
    number = _int(value)
    if number not in _STOP_VALUES:
        raise PbioError(ErrorCode.INVALID_ARG)
    return number


def _direction(value: Any) -> int:
    number = _int(value)
    if number not in (CLOCKWISE, COUNTERCLOCKWISE):
        raise PbioError(ErrorCode.INVALID_ARG)
    return number


def _gear_ratio(gears: Any) -> int:
    """Millidegrees at the motor per degree at the output (pb_type_motor.c get_gear_ratio)."""
    if gears is None:
        return 1000
    if not isinstance(gears, list) or not gears:
        raise TypeError("gears must be a list")
    first = last = 1
    for train in gears:
        if not isinstance(train, list) or not train:
            raise TypeError("each gear train must be a list of gears")
        first *= _int(train[0])
        last *= _int(train[-1])
    if first < 1 or last < 1:
        raise ZeroDivisionError("Gears must be positive integers.")
    return 1000 * last // first


def _acceleration(value: Any, current: tuple[int, int]) -> tuple[int, int]:
    """One number for both, or [acceleration, deceleration] (unpack_acceleration_value)."""
    if value is None:
        return current
    if isinstance(value, list):
        if len(value) != 2:
            raise PbioError(ErrorCode.INVALID_ARG)
        return _int(value[0]), _int(value[1])
    number = _int(value)
    return number, number


def _acceleration_result(acceleration: int, deceleration: int) -> int | list[int]:
    return acceleration if acceleration == deceleration else [acceleration, deceleration]


def _values(values: Any) -> dict[str, Any]:
    if not isinstance(values, dict):
        raise TypeError("expected keyword values")
    return values


class ControlApi:
    """``motor.control``, ``drive_base.heading_control`` and ``distance_control``.

    A device lists its controllers in ``parts``; the session sends the hub's
    ``<part>_<operation>`` calls straight to the operations named here.
    """

    OPERATIONS = frozenset({"scale", "limits", "pid", "target_tolerances", "stall_tolerances", "trajectory", "done",
                            "load", "stalled"})

    def __init__(self, control: Callable[[], Control]) -> None:
        self._control = control

    def scale(self) -> int:
        return self._control().settings.ctl_steps_per_app_step

    def limits(self, values: Any) -> list[Any] | None:
        s = self._control().settings
        speed, acceleration, deceleration = s.trajectory_limits()
        torque = s.actuation_limit()
        if values is None:
            return [speed, _acceleration_result(acceleration, deceleration), torque]
        values = _values(values)
        speed = _abs_int(values.get("speed"), speed)
        torque = _abs_int(values.get("torque"), torque)
        acceleration, deceleration = _acceleration(values.get("acceleration"), (acceleration, deceleration))
        s.set_trajectory_limits(speed, acceleration, deceleration)
        s.set_actuation_limit(torque)
        return None

    def pid(self, values: Any) -> list[int] | None:
        s = self._control().settings
        kp, ki, kd, deadzone, rate = s.pid()
        if values is None:
            return [kp, ki, kd, deadzone, rate]
        values = _values(values)
        s.set_pid(_abs_int(values.get("kp"), kp), _abs_int(values.get("ki"), ki), _abs_int(values.get("kd"), kd),
                  _abs_int(values.get("integral_deadzone"), deadzone), _abs_int(values.get("integral_rate"), rate))
        return None

    def target_tolerances(self, values: Any) -> list[int] | None:
        s = self._control().settings
        speed, position = s.target_tolerances()
        if values is None:
            return [speed, position]
        values = _values(values)
        s.set_target_tolerances(_abs_int(values.get("speed"), speed), _abs_int(values.get("position"), position))
        return None

    def stall_tolerances(self, values: Any) -> list[int] | None:
        s = self._control().settings
        speed, time_ms = s.stall_tolerances()
        if values is None:
            return [speed, time_ms]
        values = _values(values)
        s.set_stall_tolerances(_abs_int(values.get("speed"), speed), _abs_int(values.get("time"), time_ms))
        return None

    # The firmware keeps these for programs written for version 3.1 and older.
    def trajectory(self) -> list[int] | None:
        """The current maneuver's trajectory (times in ms, angles in degrees), None when idle."""
        control = self._control()
        if not control.is_active():
            return None
        t = control.trajectory
        return [0, tdiv(t.t1, 10), tdiv(t.t2, 10), tdiv(t.t3, 10), 0, tdiv(t.th1, 1000), tdiv(t.th2, 1000),
                tdiv(t.th3, 1000), tdiv(t.w0, 10), tdiv(t.w1, 10), tdiv(t.w3, 10), t.a0, t.a2]

    def done(self) -> bool:
        return self._control().is_done()

    def load(self) -> int:
        control = self._control()
        return tdiv(control.pid_average, 1000) if control.is_active() else 0

    def stalled(self) -> bool:
        control = self._control()
        return bool(control.is_active() and control.stalled)


class _Device:
    """What every motor-like device shares: the world, its firmware, its timing."""

    def __init__(self, world: Any) -> None:
        self.world = world
        self.process: MotorProcess = world.motor_process
        # Commands arrive between control ticks; the firmware reads the hub's clock.
        self.process.use_clock(world.clock)

    def valid_until(self) -> int:
        """Readings change only at the next control tick."""
        return (self.world.clock.now_us // TICK_US + 1) * TICK_US


class MotorDevice(_Device):
    """Motor (with rotation sensor) or DCMotor on a motor port."""

    def __init__(self, world: Any, plant: Any, kind: str, options: dict[str, Any]) -> None:
        super().__init__(world)
        self.kind = kind
        self.plant = plant
        direction = _direction(options.get("positive_direction", CLOCKWISE))
        self.servo: Servo | None
        if kind == "DCMotor":
            self.dcmotor: DCMotor = self.process.dcmotor(plant)
            self.dcmotor.setup(plant.kind, direction)
            self.servo = None
        else:
            gear_ratio = _gear_ratio(options.get("gears"))
            profile = _abs_int(options.get("profile"), 0)
            self.servo = self.process.servo(plant)
            self.dcmotor = self.servo.dcmotor
            self.servo.setup(direction, gear_ratio, bool(options.get("reset_angle", True)), profile)
        self.control = ControlApi(lambda: self._servo().control)
        self.parts = {"control": self.control}
        self._last: dict[str, Any] = {"angle": 0, "speed": 0, "load": 0, "stalled": False, "done": True,
                                      "running": True}

    def _servo(self) -> Servo:
        if self.servo is None:
            raise PbioError(ErrorCode.NOT_SUPPORTED)
        return self.servo

    # --- readings ----------------------------------------------------------------------

    def readings(self) -> dict[str, Any]:
        servo = self.servo
        if servo is None:
            return {}
        try:
            angle, _ = servo.state_user()
            stalled, _ = servo.is_stalled()
            # Motor.speed() is the rotation sensor's speed over the default
            # 100 ms window (pbio_servo_get_speed_user), not the observer's estimate.
            self._last = {"angle": angle, "speed": servo.speed_user(100), "load": servo.load(),
                          "stalled": stalled, "done": servo.control.is_done(), "running": True}
        except PbioError:
            # The motor was let go (close()): the hub raises ENODEV on the next
            # reading; "running" tells the proxy so.
            self._last = dict(self._last, running=False, done=servo.control.is_done())
        return self._last

    def condition(self, kind: str) -> bool:
        if kind == "done" and self.servo is not None:
            return self.servo.control.is_done()
        return True

    # --- DCMotor -----------------------------------------------------------------------

    def api_dc(self, duty: Any) -> None:
        # The firmware drives in volts; dc() is kept for programs written with duty.
        self.dcmotor.user_command(False, self.process.battery.voltage_from_duty_pct(_int(duty)))

    def api_stop(self) -> None:
        self.dcmotor.user_command(True, 0)

    def api_brake(self) -> None:
        self.dcmotor.user_command(False, 0)

    def api_settings(self, max_voltage: Any) -> list[int] | None:
        if max_voltage is None:
            return [self.dcmotor.settings()]
        self.dcmotor.set_settings(_int(max_voltage))
        return None

    def api_close(self) -> None:
        # What the motor read as it was let go is what it reads from now on.
        self.readings()
        self.dcmotor.close()

    # --- Motor -------------------------------------------------------------------------

    def api_speed(self, window: Any) -> int:
        return self._servo().speed_user(max(0, _int(window)))

    def api_reset_angle(self, angle: Any) -> None:
        if angle is None:
            self._servo().reset_angle(0, True)
        else:
            self._servo().reset_angle(_int(angle), False)

    def api_run(self, speed: Any) -> None:
        self._servo().run_forever(_int(speed))

    def api_hold(self) -> None:
        self._servo().stop(HOLD)

    def api_track_target(self, target: Any) -> None:
        self._servo().track_target(_int(target))

    def api_run_time(self, speed: Any, time: Any, then: Any) -> None:
        self._servo().run_time(_int(speed), max(0, _int(time)), _then(then))

    def api_run_angle(self, speed: Any, angle: Any, then: Any) -> None:
        self._servo().run_angle(_int(speed), _int(angle), _then(then))

    def api_run_target(self, speed: Any, target: Any, then: Any) -> None:
        self._servo().run_target(_int(speed), _int(target), _then(then))

    def api_run_until_stalled(self, speed: Any, then: Any, duty_limit: Any) -> None:
        servo = self._servo()
        if duty_limit is None:
            torque_limit = servo.control.settings.actuation_max
        else:
            # A duty limit becomes the torque the motor gives at that voltage.
            voltage = self.process.battery.voltage_from_duty_pct(max(0, min(100, _int(duty_limit))))
            torque_limit = servo.observer.model.voltage_to_torque(voltage)
        servo.run_until_stalled(_int(speed), torque_limit, _then(then))

    # --- motor.control and motor.model ---------------------------------------------------

    def api_model_state(self) -> list[Any]:
        return list(self._servo().observer.state())

    def api_model_settings(self, values: Any) -> list[int] | None:
        settings = self._servo().observer.settings
        if values is None:
            return settings.all()
        if not isinstance(values, list) or len(values) != 8:
            raise PbioError(ErrorCode.INVALID_ARG)
        settings.set_all([_int(v) for v in values])
        return None


class WorldGyro:
    """The hub's IMU heading, as a drive base with use_gyro(True) steers by it."""

    def __init__(self, world: Any) -> None:
        self.world = world
        # The world's IMU (a test's stand-in world may have none).
        self.imu: Imu | None = getattr(world, "imu", None)

    def heading(self) -> float:
        imu = self.imu
        return float(imu.heading() if imu is not None else self.world.gyro_heading_deg())

    def heading_rate(self) -> float:
        imu = self.imu
        if imu is None:
            return 0.0
        # The IMU's z rate is counterclockwise-positive; heading is clockwise.
        return -float(imu.z_rate())

    def set_heading(self, angle: float) -> None:
        imu = self.imu
        if imu is not None:
            imu.reset_heading(angle)


def _motor_servo(device: Any) -> Servo:
    if not isinstance(device, MotorDevice) or device.servo is None:
        raise TypeError("can't convert to Motor")
    return device.servo


class DriveBaseDevice(_Device):
    """pybricks.robotics.DriveBase."""

    def __init__(self, world: Any, options: dict[str, Any]) -> None:
        super().__init__(world)
        left = _motor_servo(options.get("left"))
        right = _motor_servo(options.get("right"))
        self.base = DriveBase(left, right, _int(options.get("wheel_diameter_um")),
                              _int(options.get("axle_track_um")), WorldGyro(world))
        self.process.add_drive_base(self.base)
        self.heading_control = ControlApi(lambda: self.base.control_heading)
        self.distance_control = ControlApi(lambda: self.base.control_distance)
        self.parts = {"heading": self.heading_control, "distance": self.distance_control}
        self._last: dict[str, Any] = {"distance": 0, "angle": 0.0, "state": [0, 0, 0, 0], "done": True,
                                      "stalled": False}

    @property
    def uses_gyro(self) -> bool:
        """Whether the gyro steers right now (then hub.imu.reset_heading() is refused)."""
        return self.base.any_uses_gyro()

    def readings(self) -> dict[str, Any]:
        base = self.base
        try:
            state, angle = base.state_and_angle_user()
            stalled, _ = base.is_stalled()
            self._last = {"distance": state[0], "angle": _as_hub_float(angle), "state": list(state),
                          "done": base.is_done(), "stalled": stalled}
        except PbioError:
            pass
        return self._last

    def condition(self, kind: str) -> bool:
        return self.base.is_done() if kind == "done" else True

    # --- maneuvers ---------------------------------------------------------------------

    def api_straight(self, distance: Any, then: Any) -> None:
        self.base.straight(_int(distance), _then(then))

    def api_turn(self, angle: Any, then: Any, absolute: Any = False) -> None:
        self.base.turn(_int(angle), bool(absolute), _then(then))

    def api_curve(self, radius: Any, angle: Any, then: Any) -> None:
        self.base.curve(_int(radius), _int(angle), _then(then))

    def api_arc(self, radius: Any, angle: Any, distance: Any, then: Any) -> None:
        radius = _int(radius)
        if (distance is None) == (angle is None):
            raise ValueError("Please specify distance or angle but not both.")
        if distance is not None:
            self.base.arc_distance(radius, _int(distance), _then(then))
        else:
            self.base.arc_angle(radius, _int(angle), _then(then))

    def api_move_by_turn(self, dx: Any, dy: Any) -> int:
        """Start move_by(): the absolute turn towards (dx, dy); returns the straight part (mm)."""
        dx, dy = _int(dx), _int(dy)
        direction = int(math.degrees(math.atan2(dy, dx)))
        if max(abs(dx), abs(dy)) > _INT16_MAX:
            raise PbioError(ErrorCode.INVALID_ARG)
        # x is forward and y is to the left, so the heading (clockwise) is minus the direction.
        self.base.turn(-direction, True, HOLD)
        return int(math.sqrt(dx * dx + dy * dy))

    def api_drive(self, speed: Any, turn_rate: Any) -> None:
        self.base.drive_forever(_int(speed), _int(turn_rate))

    def api_stop(self) -> None:
        self.base.stop(COAST)

    def api_brake(self) -> None:
        self.base.stop(BRAKE)

    def api_hold(self) -> None:
        self.base.stop(HOLD)

    # --- configuration -----------------------------------------------------------------

    def api_reset(self, distance: Any = 0, angle: Any = 0) -> None:
        self.base.reset(_int(distance), _int(angle))

    def api_use_gyro(self, use: Any) -> None:
        self.base.set_use_gyro(bool(use))
        events = getattr(self.world, "events", None)
        if use and events is not None:
            events.add("gyro")

    def api_settings(self, values: Any) -> list[Any] | None:
        speed, acceleration, deceleration, turn_rate, turn_acceleration, turn_deceleration = \
            self.base.drive_settings()
        if values is None:
            return [speed, [acceleration, deceleration], turn_rate, [turn_acceleration, turn_deceleration]]
        values = _values(values)
        speed = _abs_int(values.get("straight_speed"), speed)
        turn_rate = _abs_int(values.get("turn_rate"), turn_rate)
        acceleration, deceleration = _acceleration(values.get("straight_acceleration"),
                                                   (acceleration, deceleration))
        turn_acceleration, turn_deceleration = _acceleration(values.get("turn_acceleration"),
                                                             (turn_acceleration, turn_deceleration))
        self.base.set_drive_settings(speed, acceleration, deceleration, turn_rate, turn_acceleration,
                                     turn_deceleration)
        return None

    # --- heading_control and distance_control ------------------------------------------


def _as_hub_float(value: float) -> float:
    """A float as the hub's 32-bit floats print it (about 7 significant digits)."""
    if -10_000.0 < value < 10_000.0:
        # A drive base's angle is whole millidegrees: a number of thousandths below
        # 10,000 has at most 7 digits and prints as itself. Checked without printing
        # it (n / 1000 is the float nearest to the decimal n/1000, as Python divides).
        thousandths = round(value * 1000.0)
        if thousandths / 1000 == value:
            return value
    return float(f"{value:.7g}")


class CarDevice(_Device):
    """pybricks.robotics.Car: a steering motor between end stops and driving motors."""

    SEEK_SPEED = 300
    # Steering stays this far inside the end stops.
    END_MARGIN = 10

    def __init__(self, world: Any, options: dict[str, Any]) -> None:
        super().__init__(world)
        self.steer_servo = _motor_servo(options.get("steer"))
        drive = options.get("drive")
        if not isinstance(drive, list) or not drive:
            raise TypeError("can't convert to Motor")
        self.drive_servos = [_motor_servo(m) for m in drive]
        for index, servo in enumerate(self.drive_servos):
            if servo is self.steer_servo:
                raise ValueError("drive_motors and steer_motor must be different")
            if servo in self.drive_servos[index + 1:]:
                raise ValueError("drive_motors must be unique")
        limit = options.get("torque_limit")
        self.torque_pct = None if limit is None else max(0, min(100, _int(limit)))
        self.max_angle = 0

    def readings(self) -> dict[str, Any]:
        return {}

    def condition(self, kind: str) -> bool:
        return True

    def api_seek(self, direction: Any) -> None:
        """Start running the steering towards one end stop (the proxy waits for it)."""
        servo = self.steer_servo
        torque_limit = servo.control.settings.actuation_max
        if self.torque_pct is not None:
            torque_limit = torque_limit * self.torque_pct // 100
        speed = self.SEEK_SPEED if _int(direction) > 0 else -self.SEEK_SPEED
        servo.run_until_stalled(speed, torque_limit, COAST)

    def api_center(self, left: Any, right: Any) -> None:
        """Both end stops found: the motor is at the right one; make the middle 0."""
        self.max_angle = tdiv(_int(right) - _int(left), 2)
        self.steer_servo.reset_angle(self.max_angle, False)
        self.steer_servo.track_target(0)

    def api_steer(self, percentage: Any) -> None:
        percentage = clamp(_int(percentage), 100)
        self.steer_servo.track_target(tdiv((self.max_angle - self.END_MARGIN) * percentage, 100))

    def api_drive_power(self, power: Any) -> None:
        power = clamp(_int(power), 100)
        # Mostly duty, plus a push to overcome friction; coast near zero.
        coast = abs(power) < 10
        voltage = self.process.battery.voltage_from_duty_pct(tdiv(power * 8, 10) + 20 * sign(power))
        for servo in self.drive_servos:
            servo.dcmotor.user_command(coast, voltage)

    def api_drive_speed(self, speed: Any) -> None:
        for servo in self.drive_servos:
            servo.run_forever(_int(speed))
