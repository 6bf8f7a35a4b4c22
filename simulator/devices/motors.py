"""Motors, drive bases and cars as the world keeps them: the firmware behind each proxy.

Each ``api_*`` method is one call of the hub-side proxy
(``simulator/hub/site/pybricks/pupdevices.py`` and ``robotics.py``); its
arguments arrive as plain JSON values and are checked again here, because the
hub process is not trusted. Readings travel back with every reply.
"""

from __future__ import annotations

import math
from typing import Any

from simulator.clock import TICK_US
from simulator.firmware.control import Then
from simulator.firmware.drivebase import DriveBase
from simulator.firmware.errors import ErrorCode, PbioError
from simulator.firmware.servo import Servo
from simulator.physics.motor import MotorShaft


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise TypeError("expected a number")
    return int(value)


def _then(value: Any) -> Then:
    try:
        return Then(_int(value))
    except ValueError:
        raise PbioError(ErrorCode.INVALID_ARG) from None


def _gear_ratio(gears: Any) -> float:
    """Gear trains as lists of teeth, first gear on the motor (pb_type_motor.c)."""
    if gears is None:
        return 1.0
    if not isinstance(gears, list) or not gears:
        raise PbioError(ErrorCode.INVALID_ARG)
    ratio = 1.0
    for train in gears:
        if not isinstance(train, list) or len(train) < 2:
            raise ValueError("Each gear train must have at least two gears")
        teeth = [_int(t) for t in train]
        if any(t <= 0 for t in teeth):
            raise PbioError(ErrorCode.INVALID_ARG)
        ratio *= teeth[-1] / teeth[0]
    return ratio


class _Timed:
    def __init__(self, world: Any) -> None:
        self.world = world

    def valid_until(self) -> int:
        now = self.world.clock.now_us
        return (now // TICK_US + 1) * TICK_US

    def now_s(self) -> float:
        return self.world.clock.now_us / 1_000_000


class MotorDevice(_Timed):
    """Motor (with rotation sensor) or DCMotor on a motor port."""

    def __init__(self, world: Any, plant: MotorShaft, kind: str, options: dict[str, Any]) -> None:
        super().__init__(world)
        self.kind = kind
        self.plant = plant
        counterclockwise = _int(options.get("positive_direction", 0)) == 1
        profile = options.get("profile")
        self.servo = Servo(plant, counterclockwise=counterclockwise, gear_ratio=_gear_ratio(options.get("gears")),
                           reset_angle=bool(options.get("reset_angle", True)),
                           profile=None if profile is None else _int(profile))
        self.servo.now_s = self.now_s()
        world.motor_process.add_servo(self.servo)

    # --- readings ---------------------------------------------------------------------------

    def readings(self) -> dict[str, Any]:
        servo = self.servo
        return {"angle": servo.angle(), "speed": servo.speed(), "load": servo.load(),
                "stalled": servo.stalled(), "done": servo.done()}

    def condition(self, kind: str) -> bool:
        return self.servo.done() if kind == "done" else True

    def _take_back(self) -> None:
        # A motor command on a drive base's motor stops the drive base (as on a hub).
        owner = self.servo.owner
        if isinstance(owner, DriveBase) and owner.active():
            owner.stop()
        self.servo.now_s = self.now_s()

    # --- DCMotor ------------------------------------------------------------------------------

    def api_dc(self, duty: Any) -> None:
        self._take_back()
        self.servo.dc(_int(duty))

    def api_stop(self) -> None:
        self._take_back()
        self.servo.stop()

    def api_brake(self) -> None:
        self._take_back()
        self.servo.brake()

    def api_close(self) -> None:
        self.api_stop()

    def api_settings(self, max_voltage: Any) -> list[int] | None:
        if max_voltage is None:
            return [int(self.servo.max_voltage)]
        self.servo.max_voltage = max(0, min(self.servo.motor.max_voltage, _int(max_voltage)))
        return None

    # --- Motor --------------------------------------------------------------------------------

    def api_speed(self, window: Any) -> int:
        return self.servo.speed(max(5, _int(window)))

    def api_reset_angle(self, angle: Any) -> None:
        self.servo.now_s = self.now_s()
        self.servo.reset_angle(None if angle is None else _int(angle))

    def api_run(self, speed: Any) -> None:
        self._take_back()
        self.servo.run(_int(speed))

    def api_hold(self) -> None:
        self._take_back()
        self.servo.hold()

    def api_track_target(self, target: Any) -> None:
        self._take_back()
        self.servo.track_target(_int(target))

    def api_run_time(self, speed: Any, time_ms: Any, then: Any) -> None:
        self._take_back()
        self.servo.run_time(_int(speed), max(0, _int(time_ms)), _then(then))

    def api_run_angle(self, speed: Any, angle: Any, then: Any) -> None:
        self._take_back()
        self.servo.run_angle(_int(speed), _int(angle), _then(then))

    def api_run_target(self, speed: Any, target: Any, then: Any) -> None:
        self._take_back()
        self.servo.run_target(_int(speed), _int(target), _then(then))

    def api_run_until_stalled(self, speed: Any, then: Any, duty_limit: Any) -> None:
        self._take_back()
        self.servo.run_until_stalled(_int(speed), _then(then), None if duty_limit is None else _int(duty_limit))

    # --- motor.control and motor.model ---------------------------------------------------------

    def _user(self, value: float) -> int:
        return int(round(value / self.servo.gear_ratio))

    def api_control_scale(self) -> int:
        return int(self.servo.gear_ratio * 1000)

    def api_control_limits(self, values: Any) -> list[Any] | None:
        s = self.servo.control.settings
        if values is None:
            torque = int(s.actuation_max / 1000)
            accel = (self._user(s.acceleration), self._user(s.deceleration))
            return [self._user(s.speed_max), accel[0] if accel[0] == accel[1] else list(accel), torque]
        if not isinstance(values, dict):
            raise TypeError("limits")
        g = self.servo.gear_ratio
        if "speed" in values:
            s.speed_max = min(abs(_int(values["speed"])), self.servo.motor.rated_max_speed * 2) * g
        if "acceleration" in values:
            accel = values["acceleration"]
            pair = accel if isinstance(accel, list) else [accel, accel]
            a, d = (abs(_int(v)) for v in pair)
            if a == 0 or d == 0:
                raise PbioError(ErrorCode.INVALID_ARG)
            s.acceleration, s.deceleration = a * g, d * g
        if "torque" in values:
            s.actuation_max = min(abs(_int(values["torque"])) * 1000, self.servo.motor.voltage_to_torque(self.servo.motor.max_voltage))
            self.servo.control.torque_limit = s.actuation_max
        return None

    def api_control_pid(self, values: Any) -> list[int] | None:
        s = self.servo.control.settings
        if values is None:
            return [int(s.pid_kp), int(s.pid_ki), int(s.pid_kd), self._user(s.integral_deadzone),
                    self._user(s.integral_change_max)]
        if not isinstance(values, dict):
            raise TypeError("pid")
        g = self.servo.gear_ratio
        for name, attribute, scale in (("kp", "pid_kp", 1), ("ki", "pid_ki", 1), ("kd", "pid_kd", 1),
                                       ("integral_deadzone", "integral_deadzone", g),
                                       ("integral_rate", "integral_change_max", g)):
            if name in values:
                number = _int(values[name])
                if number < 0:
                    raise PbioError(ErrorCode.INVALID_ARG)
                setattr(s, attribute, number * scale)
        return None

    def api_control_target_tolerances(self, values: Any) -> list[int] | None:
        s = self.servo.control.settings
        if values is None:
            return [self._user(s.speed_tolerance), self._user(s.position_tolerance)]
        g = self.servo.gear_ratio
        if "speed" in values:
            s.speed_tolerance = abs(_int(values["speed"])) * g
        if "position" in values:
            s.position_tolerance = abs(_int(values["position"])) * g
        return None

    def api_control_stall_tolerances(self, values: Any) -> list[int] | None:
        s = self.servo.control.settings
        if values is None:
            return [self._user(s.stall_speed_limit), s.stall_time_ms]
        if "speed" in values:
            s.stall_speed_limit = abs(_int(values["speed"])) * self.servo.gear_ratio
        if "time" in values:
            s.stall_time_ms = abs(_int(values["time"]))
        return None

    def api_model_state(self) -> list[Any]:
        servo = self.servo
        return [self._user(servo.estimate), self._user(servo.rate), servo.load(), servo.stalled()]

    def api_model_settings(self, values: Any) -> list[int] | None:
        if values is None:
            return [int(self.servo.motor.feedback_gain_low), int(self.servo.motor.feedback_gain_low * 7), 20, 75]
        raise PbioError(ErrorCode.NOT_SUPPORTED)


class DriveBaseDevice(_Timed):
    def __init__(self, world: Any, options: dict[str, Any]) -> None:
        super().__init__(world)
        left, right = options.get("left"), options.get("right")
        if not isinstance(left, MotorDevice) or not isinstance(right, MotorDevice):
            raise TypeError("can't convert to Motor")
        diameter = _int(options.get("wheel_diameter_um")) / 1000
        track = _int(options.get("axle_track_um")) / 1000
        self.base = DriveBase(left.servo, right.servo, diameter, track, world.gyro_heading_deg)
        world.motor_process.add_drive_base(self.base)

    @property
    def uses_gyro(self) -> bool:
        return self.base.uses_gyro

    def readings(self) -> dict[str, Any]:
        distance, speed, angle, rate = self.base.state()
        return {"distance": int(distance), "angle": round(angle, 3),
                "state": [int(distance), int(speed), int(angle), int(rate)],
                "done": self.base.done(), "stalled": self.base.stalled()}

    def condition(self, kind: str) -> bool:
        return self.base.done() if kind == "done" else True

    # --- maneuvers ------------------------------------------------------------------------------

    def api_straight(self, distance: Any, then: Any) -> None:
        self.base.straight(self.now_s(), _int(distance), _then(then))

    def api_turn(self, angle: Any, then: Any, absolute: Any = False) -> None:
        self.base.turn(self.now_s(), _int(angle), _then(then), bool(absolute))

    def api_curve(self, radius: Any, angle: Any, then: Any) -> None:
        radius, angle = _int(radius), _int(angle)
        # The older curve(): positive radius drives forward, angle turns (clockwise positive).
        length = radius * abs(angle) * math.pi / 180
        self.base.drive_along(self.now_s(), length, angle, _then(then))

    def api_arc(self, radius: Any, angle: Any, distance: Any, then: Any) -> None:
        radius = _int(radius)
        if radius == 0:
            raise PbioError(ErrorCode.INVALID_ARG)
        if angle is not None:
            angle = _int(angle)
            length = abs(radius) * angle * math.pi / 180
        else:
            length = _int(distance)
            angle = length / abs(radius) * 180 / math.pi
        # Centre on the right (positive radius) turns clockwise when driving forward.
        turn = angle if radius > 0 else -angle
        self.base.drive_along(self.now_s(), length, turn, _then(then))

    def api_move_by_turn(self, dx: Any, dy: Any) -> int:
        dx, dy = _int(dx), _int(dy)
        if dx or dy:
            heading = -math.degrees(math.atan2(dy, dx))
            self.base.turn(self.now_s(), heading, Then.HOLD, absolute=True)
        return int(round(math.hypot(dx, dy)))

    def api_drive(self, speed: Any, turn_rate: Any) -> None:
        self.base.drive(self.now_s(), _int(speed), _int(turn_rate))

    def api_stop(self) -> None:
        self.base.stop()

    def api_brake(self) -> None:
        self.base.brake()

    def api_hold(self) -> None:
        self.base.hold(self.now_s())

    def api_reset(self, distance: Any = 0, angle: Any = 0) -> None:
        if self.base.uses_gyro:
            # The gyro's heading is reset along with the drive base's.
            self.world.imu.reset_heading(float(_int(angle)))
        self.base.reset(_int(distance), _int(angle))

    def api_use_gyro(self, use: Any) -> None:
        self.base.use_gyro(bool(use))
        if use:
            self.world.events.add("gyro")

    def api_settings(self, values: Any) -> list[Any] | None:
        d, h = self.base.distance.settings, self.base.heading.settings
        if values is None:
            return [int(d.speed_default), [int(d.acceleration), int(d.deceleration)],
                    int(h.speed_default), [int(h.acceleration), int(h.deceleration)]]
        if not isinstance(values, dict):
            raise TypeError("settings")
        if values.get("straight_speed") is not None:
            d.speed_default = min(abs(_int(values["straight_speed"])), d.speed_max)
        if values.get("straight_acceleration") is not None:
            a, b = (abs(_int(v)) for v in values["straight_acceleration"])
            d.acceleration, d.deceleration = a, b
        if values.get("turn_rate") is not None:
            h.speed_default = min(abs(_int(values["turn_rate"])), h.speed_max)
        if values.get("turn_acceleration") is not None:
            a, b = (abs(_int(v)) for v in values["turn_acceleration"])
            h.acceleration, h.deceleration = a, b
        for value in (d.acceleration, d.deceleration, h.acceleration, h.deceleration):
            if value <= 0:
                raise PbioError(ErrorCode.INVALID_ARG)
        return None

    # --- heading_control and distance_control -------------------------------------------------------

    def _control(self, which: str) -> Any:
        return self.base.heading if which == "heading" else self.base.distance

    def __getattr__(self, name: str) -> Any:
        for which in ("heading", "distance"):
            prefix = f"api_{which}_"
            if name.startswith(prefix):
                return self._control_call(which, name[len(prefix):])
        raise AttributeError(name)

    def _control_call(self, which: str, method: str) -> Any:
        settings = self._control(which).settings
        if method == "limits":
            def limits(values: Any) -> Any:
                if values is None:
                    return [int(settings.speed_max), int(settings.acceleration), int(settings.actuation_max / 1000)]
                if "speed" in values:
                    settings.speed_max = abs(_int(values["speed"]))
                if "acceleration" in values:
                    accel = values["acceleration"]
                    pair = accel if isinstance(accel, list) else [accel, accel]
                    settings.acceleration, settings.deceleration = (abs(_int(v)) for v in pair)
                if "torque" in values:
                    settings.actuation_max = abs(_int(values["torque"])) * 1000
                return None
            return limits
        if method == "pid":
            def pid(values: Any) -> Any:
                if values is None:
                    return [int(settings.pid_kp), int(settings.pid_ki), int(settings.pid_kd),
                            int(settings.integral_deadzone), int(settings.integral_change_max)]
                for name, attribute in (("kp", "pid_kp"), ("ki", "pid_ki"), ("kd", "pid_kd"),
                                        ("integral_deadzone", "integral_deadzone"),
                                        ("integral_rate", "integral_change_max")):
                    if name in values:
                        setattr(settings, attribute, abs(_int(values[name])))
                return None
            return pid
        if method == "target_tolerances":
            def tolerances(values: Any) -> Any:
                if values is None:
                    return [int(settings.speed_tolerance), int(settings.position_tolerance)]
                if "speed" in values:
                    settings.speed_tolerance = abs(_int(values["speed"]))
                if "position" in values:
                    settings.position_tolerance = abs(_int(values["position"]))
                return None
            return tolerances
        if method == "stall_tolerances":
            def stall(values: Any) -> Any:
                if values is None:
                    return [int(settings.stall_speed_limit), settings.stall_time_ms]
                if "speed" in values:
                    settings.stall_speed_limit = abs(_int(values["speed"]))
                if "time" in values:
                    settings.stall_time_ms = abs(_int(values["time"]))
                return None
            return stall
        if method == "scale":
            return lambda: 1000
        raise AttributeError(method)


class CarDevice(_Timed):
    """pybricks.robotics.Car: a steering motor between end stops and driving motors."""

    def __init__(self, world: Any, options: dict[str, Any]) -> None:
        super().__init__(world)
        steer = options.get("steer")
        drive = options.get("drive")
        if not isinstance(steer, MotorDevice) or not isinstance(drive, list) or \
                not all(isinstance(m, MotorDevice) for m in drive):
            raise TypeError("can't convert to Motor")
        self.steer_motor = steer
        self.drive_motors = drive
        limit = options.get("torque_limit")
        self.duty_limit = 100 if limit is None else max(0, min(100, _int(limit)))
        self.max_angle = 0
        self.center_angle = 0

    def readings(self) -> dict[str, Any]:
        return {}

    def condition(self, kind: str) -> bool:
        return True

    def api_seek(self, direction: Any) -> None:
        # Find an end stop slowly, pushing gently, as the firmware does at start.
        self.steer_motor.api_run_until_stalled(300 * (1 if _int(direction) > 0 else -1), int(Then.COAST), self.duty_limit)

    def api_center(self, left: Any, right: Any) -> None:
        left, right = _int(left), _int(right)
        self.max_angle = (right - left) // 2
        self.center_angle = (right + left) // 2
        servo = self.steer_motor.servo
        servo.reset_angle(servo.angle() - self.center_angle)
        servo.now_s = self.now_s()
        servo.run_target(300, 0, Then.HOLD)

    def api_steer(self, percentage: Any) -> None:
        pct = max(-100, min(100, _int(percentage)))
        target = (self.max_angle - 10) * pct // 100
        self.steer_motor.servo.now_s = self.now_s()
        self.steer_motor.servo.track_target(target)

    def api_drive_power(self, power: Any) -> None:
        power = max(-100, min(100, _int(power)))
        for motor in self.drive_motors:
            if abs(power) < 10:
                motor.api_stop()
            else:
                # Duty as the firmware maps it: a little extra to get going.
                motor.api_dc(power * 8 // 10 + (20 if power > 0 else -20))

    def api_drive_speed(self, speed: Any) -> None:
        for motor in self.drive_motors:
            motor.api_run(_int(speed))
