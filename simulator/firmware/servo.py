"""One motor with its encoder: the firmware's servo (pbio's servo.c, tacho.c, dcmotor.c).

The servo turns the pupil's units into the controller's: user degrees at the
end of the gear train, with the chosen positive direction, become motor-shaft
degrees counted clockwise. Each tick it estimates the shaft's speed from the
whole-degree encoder, runs the controller, and converts the torque it asks for
into a voltage with the motor's model plus a feedforward for the reference
speed, acceleration and friction — the way the hub drives its motors.
"""

from __future__ import annotations

import math
from collections import deque

from simulator.firmware.control import Controller, Passive, Then
from simulator.firmware.errors import ErrorCode, PbioError
from simulator.firmware.settings import MOTOR_TYPES, MotorType, servo_settings
from simulator.physics.motor import SPECS, MotorShaft

TICK_S = 0.005
HISTORY_TICKS = 201  # one second of encoder readings, for speed(window)


class Servo:
    __slots__ = ("plant", "motor", "direction", "gear_ratio", "offset", "control", "estimate", "rate",
                 "history", "max_voltage", "dc_duty", "owner", "_specs", "_friction_mv", "_back_emf",
                 "_inertia_mv", "last_voltage", "now_s")

    def __init__(self, plant: MotorShaft, *, counterclockwise: bool = False, gear_ratio: float = 1.0,
                 reset_angle: bool = True, profile: int | None = None) -> None:
        if gear_ratio <= 0:
            raise PbioError(ErrorCode.INVALID_ARG)
        if profile is not None and 0 < profile < 5:
            raise PbioError(ErrorCode.INVALID_ARG)
        self.plant = plant
        self.motor: MotorType = MOTOR_TYPES[plant.kind]
        self.direction = -1 if counterclockwise else 1
        self.gear_ratio = gear_ratio
        self.control = Controller(servo_settings(self.motor, gear_ratio, profile or None))
        self.max_voltage = self.motor.max_voltage
        specs = SPECS[plant.kind]
        self._specs = specs
        # Feedforward constants in mV per deg/s, mV, and mV per deg/s².
        self._back_emf = specs.back_emf_constant * math.pi / 180 * 1000
        self._friction_mv = self.motor.torque_to_voltage(specs.friction_nm * 1e6)
        self._inertia_mv = self.motor.torque_to_voltage(specs.inertia * math.pi / 180 * 1e6)
        self.dc_duty: int | None = None
        self.owner: object | None = None
        self.last_voltage = 0.0
        self.now_s = 0.0
        shaft = self._shaft_angle()
        self.estimate = float(shaft)
        self.rate = 0.0
        self.history: deque[int] = deque([shaft] * HISTORY_TICKS, maxlen=HISTORY_TICKS)
        # Zero, or the absolute marker of motors that have one (SPIKE, Technic angular).
        start = plant.absolute_deg() * self.direction if reset_angle and plant.kind.startswith("spike") else 0
        if reset_angle and plant.kind.startswith("spike") and gear_ratio != 1:
            start = 0
        self.offset = start - shaft / gear_ratio

    # --- units ----------------------------------------------------------------------------

    def _shaft_angle(self) -> int:
        """Motor-shaft degrees in the chosen positive direction."""
        return self.plant.encoder_deg() * self.direction

    def to_user(self, shaft_deg: float) -> float:
        return shaft_deg / self.gear_ratio + self.offset

    def to_shaft(self, user_deg: float) -> float:
        return (user_deg - self.offset) * self.gear_ratio

    # --- measurements -------------------------------------------------------------------------

    def angle(self) -> int:
        return int(self.to_user(self._shaft_angle()))

    def speed(self, window_ms: int = 100) -> int:
        ticks = max(1, min(HISTORY_TICKS - 1, window_ms // 5))
        change = self.history[-1] - self.history[-1 - ticks]
        return int(change / self.gear_ratio / (ticks * TICK_S))

    def load(self) -> int:
        """Torque the controller spends beyond what the model expects, in mNm at the output."""
        if not self.control.active:
            return 0
        return int(self.control.last_torque / 1000 * self.gear_ratio)

    def stalled(self) -> bool:
        return self.control.active and self.control.stalled

    def done(self) -> bool:
        return self.control.done

    # --- commands (user units) ------------------------------------------------------------------

    def _speed_arg(self, speed: float) -> float:
        return speed * self.gear_ratio

    def run(self, speed: float) -> None:
        self.dc_duty = None
        self.control.run_speed(self.now_s, self.estimate, self.rate, self._speed_arg(speed), Then.CONTINUE, None)
        self.control.done = True  # run() returns at once and never completes

    def run_time(self, speed: float, time_ms: int, then: Then) -> None:
        self.dc_duty = None
        self.control.run_speed(self.now_s, self.estimate, self.rate, self._speed_arg(speed), then, time_ms / 1000)

    def run_angle(self, speed: float, angle: float, then: Then) -> None:
        self.dc_duty = None
        # A negative speed reverses the direction of a relative move (as in pbio).
        start_angle, _ = self.control.reference_start(self.now_s, self.estimate, self.rate)
        if self.control.then == Then.COAST_SMART and not self.control.active:
            start_angle = self.control.target if abs(self.control.target - self.estimate) < 2 * self.control.settings.position_tolerance else self.estimate
        if speed < 0:
            angle = -angle
        target = start_angle + angle * self.gear_ratio
        self.control.run_to(self.now_s, self.estimate, self.rate, target, abs(self._speed_arg(speed)), then)

    def run_target(self, speed: float, target: float, then: Then) -> None:
        self.dc_duty = None
        self.control.run_to(self.now_s, self.estimate, self.rate, self.to_shaft(target), abs(self._speed_arg(speed)), then)

    def run_until_stalled(self, speed: float, then: Then, duty_limit: int | None) -> None:
        self.dc_duty = None
        limit = self.control.settings.actuation_max
        if duty_limit is not None:
            limit = self.motor.voltage_to_torque(self.plant.battery_mv * max(0, min(100, duty_limit)) / 100)
        self.control.run_until_stalled(self.now_s, self.estimate, self.rate, self._speed_arg(speed), then, limit)

    def track_target(self, target: float) -> None:
        self.dc_duty = None
        self.control.track(self.now_s, self.to_shaft(target))

    def hold(self) -> None:
        self.dc_duty = None
        self.control.hold(self.now_s, float(self._shaft_angle()))

    def stop(self) -> None:
        self.dc_duty = None
        self.control.stop(Passive.COAST)
        self.plant.coast()

    def brake(self) -> None:
        self.dc_duty = None
        self.control.stop(Passive.BRAKE)
        self.plant.brake()

    def dc(self, duty: int) -> None:
        """Fixed share of the battery voltage, -100..100 %, no control."""
        self.control.stop(Passive.COAST)
        self.dc_duty = max(-100, min(100, duty))
        self._apply_voltage(self.plant.battery_mv * self.dc_duty / 100)

    def reset_angle(self, angle: float | None) -> None:
        holding = self.control.active and self.control.then == Then.HOLD and self.control.done
        if angle is None:
            angle = self.plant.absolute_deg() * self.direction if self.plant.kind.startswith("spike") else 0
        shaft = self._shaft_angle()
        self.offset = angle - shaft / self.gear_ratio
        if self.control.active and not holding:
            # A running maneuver would jump: the firmware stops it.
            self.stop()
        elif holding:
            self.control.hold(self.now_s, float(shaft))

    # --- the 5 ms update -------------------------------------------------------------------------

    def observe(self, now_s: float) -> None:
        """Read the encoder and the observer's estimate of angle and speed."""
        self.now_s = now_s
        measured = self._shaft_angle()
        self.history.append(measured)
        # pbio's observer predicts the shaft with the motor model and the voltage it
        # applied, so its speed estimate has no lag and no encoder steps. The plant's
        # own speed is what such an observer converges to; the angle stays the encoder's.
        self.estimate = float(measured)
        self.rate = math.degrees(self.plant.speed) * self.direction

    def actuate(self, torque: float | None, feedforward: tuple[float, float] | None = None) -> None:
        """Drive the motor: a torque from a controller (plus feedforward), or passive."""
        if torque is None:
            if self.dc_duty is not None:
                self._apply_voltage(self.plant.battery_mv * self.dc_duty / 100)
            elif self.control.passive == Passive.BRAKE:
                self.plant.brake()
            else:
                self.plant.coast()
            return
        speed, accel = feedforward if feedforward is not None else (0.0, 0.0)
        volts = self.motor.torque_to_voltage(torque) + self._back_emf * speed + self._inertia_mv * accel
        if abs(speed) > 1:
            volts += math.copysign(self._friction_mv, speed)
        self._apply_voltage(volts)

    def _apply_voltage(self, mv: float) -> None:
        limit = min(self.max_voltage, self.plant.battery_mv)
        mv = max(-limit, min(limit, mv))
        self.last_voltage = mv
        # The plant counts clockwise; this servo's positive may be the other way.
        self.plant.set_voltage(int(mv * self.direction))

    def update(self, now_s: float) -> None:
        """One control tick for a motor used on its own."""
        self.observe(now_s)
        control = self.control
        torque = control.update(now_s, self.estimate, self.rate, TICK_S)
        if torque is None:
            self.actuate(None)
            return
        _, ref_speed, ref_accel = control.trajectory.get(now_s - control.start_s)
        self.actuate(torque, (ref_speed, ref_accel))
