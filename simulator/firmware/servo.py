"""One motor with its rotation sensor, controller and observer: what ``Motor`` calls.

A port of pbio's servo.c (with the tacho of tacho.c folded in). Angles
reach the program in degrees at the output of the user's gear train, positive
in the direction the program chose; inside, everything is millidegrees at the
motor, as the controller needs. Each firmware call reads the hub's clock in
100 µs ticks, like ``pbio_control_get_time_ticks()``.
"""

from __future__ import annotations

from typing import Protocol

from brickclass.simulator.firmware.control import (
    CONTINUE,
    FLAG_OBJECTIVE_IS_STALL,
    HOLD,
    TYPE_MASK,
    TYPE_NONE,
    Control,
    passive_actuation,
)
from brickclass.simulator.firmware.control_settings import ticks_to_ms
from brickclass.simulator.firmware.dcmotor import (
    ACTUATION_BRAKE,
    ACTUATION_COAST,
    ACTUATION_TORQUE,
    ACTUATION_VOLTAGE,
    COUNTERCLOCKWISE,
    DCMotor,
    Parent,
    stop_parent,
)
from brickclass.simulator.firmware.errors import ErrorCode, PbioError
from brickclass.simulator.firmware.intmath import tdiv, to_low_res
from brickclass.simulator.firmware.observer import Observer
from brickclass.simulator.firmware.settings import (
    MotorType,
    motor_type,
    servo_control_settings,
    servo_observer_settings,
)
from brickclass.simulator.firmware.trajectory import DURATION_FOREVER_MS


class Clock(Protocol):
    """The hub's clock, in microseconds since the program started."""

    now_us: int


class Servo:
    __slots__ = ("dcmotor", "clock", "info", "direction", "zero", "control", "observer", "parent",
                 "run_update_loop")

    def __init__(self, dcmotor: DCMotor, clock: Clock) -> None:
        self.dcmotor = dcmotor
        self.clock = clock
        self.info: MotorType = motor_type(dcmotor.plant.kind)
        self.direction = 0
        self.zero = 0  # raw encoder reading (mdeg) where the angle is 0
        settings = servo_control_settings(dcmotor.plant.kind, 1000, 0)
        self.control = Control(settings)
        self.observer = Observer(self.info.model, servo_observer_settings(dcmotor.plant.kind, settings), 0)
        self.parent: Parent | None = None
        self.run_update_loop = False

    def now(self) -> int:
        """Firmware time in 100 µs ticks."""
        return self.clock.now_us // 100

    # --- setting up ---------------------------------------------------------------------

    def setup(self, direction: int, gear_ratio: int, reset_angle: bool, precision_profile: int) -> None:
        """Get ready for a new Motor object (pbio_servo_setup)."""
        self.run_update_loop = False
        self.direction = direction
        if reset_angle:
            try:
                self._reset_tacho(0, to_absolute=True)
            except PbioError as error:
                if error.code is not ErrorCode.NOT_SUPPORTED:
                    raise
                self._reset_tacho(0, to_absolute=False)
        kind = self.dcmotor.plant.kind
        self.dcmotor.setup(kind, direction)
        self.dcmotor.parent = self
        self.control.reset()
        settings = servo_control_settings(kind, gear_ratio, precision_profile)
        self.control = Control(settings)
        self.observer = Observer(self.info.model, servo_observer_settings(kind, settings), self.tacho_angle())
        self.run_update_loop = True

    def update_loop_is_running(self) -> bool:
        # Someone else (a new object, close()) has taken the motor.
        if self.dcmotor.parent is not self:
            self.run_update_loop = False
        return self.run_update_loop

    def _check_running(self) -> None:
        if not self.update_loop_is_running():
            raise PbioError(ErrorCode.NO_DEV)

    # --- the rotation sensor ------------------------------------------------------------

    def tacho_angle(self) -> int:
        """Angle (mdeg at the motor) in the program's positive direction."""
        angle = self.dcmotor.plant.encoder_deg() * 1000 - self.zero
        return -angle if self.direction == COUNTERCLOCKWISE else angle

    def _reset_tacho(self, angle: int, to_absolute: bool) -> int:
        """Make the sensor read ``angle`` now (or the marked absolute angle); returns it."""
        plant = self.dcmotor.plant
        if to_absolute:
            if not self.info.absolute_encoder:
                raise PbioError(ErrorCode.NOT_SUPPORTED)
            angle = plant.absolute_deg() * 1000
            if self.direction == COUNTERCLOCKWISE:
                angle = -angle
        raw = plant.encoder_deg() * 1000
        self.zero = raw + angle if self.direction == COUNTERCLOCKWISE else raw - angle
        return angle

    # --- the 5 ms update ----------------------------------------------------------------

    def update(self, time_now: int) -> None:
        """One control period: control (if a command runs), then the observer."""
        dcmotor = self.dcmotor
        position = dcmotor.plant.encoder_deg() * 1000 - self.zero
        if self.direction == COUNTERCLOCKWISE:
            position = -position
        observer = self.observer
        control = self.control
        if control.type & TYPE_MASK != TYPE_NONE:
            control.update(time_now, position, observer.speed_numeric, observer.speed, False)
            model = observer.model
            torque = control.out_torque + model.feedforward_torque(control.ref_speed, control.ref_acceleration)
            # The feedforward counts against a temporary (duty_limit) torque limit too.
            limit = control.settings.actuation_max_temporary
            if torque > limit:
                torque = limit
            elif torque < -limit:
                torque = -limit
            if control.out_actuation == ACTUATION_TORQUE:
                dcmotor.set_voltage(model.torque_to_voltage(torque))
            else:
                self.actuate(control.out_actuation, torque)
        observer.update(time_now, position, dcmotor.actuation_now, dcmotor.voltage_now)

    def actuate(self, actuation: int, payload: int) -> None:
        if actuation == ACTUATION_TORQUE:
            self.dcmotor.set_voltage(self.observer.model.torque_to_voltage(payload))
        elif actuation == ACTUATION_VOLTAGE:
            self.dcmotor.set_voltage(payload)
        elif actuation == ACTUATION_BRAKE:
            self.dcmotor.set_voltage(0)
        elif actuation == ACTUATION_COAST:
            self.dcmotor.coast()
        else:
            raise PbioError(ErrorCode.INVALID_ARG)

    def stop_from_child(self, clear_parent: bool) -> None:
        """The motor got a direct command (dc, stop, brake): stop controlling it."""
        if self.control.is_active():
            self.control.reset()
            if not clear_parent:
                return
        stop_parent(self, clear_parent)

    # --- what the program reads ---------------------------------------------------------

    def state_user(self) -> tuple[int, int]:
        """(angle in degrees, speed in deg/s) at the output."""
        self._check_running()
        steps = self.control.settings.ctl_steps_per_app_step
        return to_low_res(self.tacho_angle(), steps), tdiv(self.observer.speed_numeric, steps)

    def speed_user(self, window_ms: int) -> int:
        speed = self.observer.differentiator.speed(window_ms)
        return tdiv(speed, self.control.settings.ctl_steps_per_app_step)

    def is_stalled(self) -> tuple[bool, int]:
        """(stalled, for how long in ms)."""
        self._check_running()
        control = self.control
        if control.is_active():
            duration = control.stall_duration(self.now())
            return (False, 0) if duration is None else (True, ticks_to_ms(duration))
        if self.dcmotor.actuation_now == ACTUATION_COAST:
            return False, 0
        # The program drives the motor itself (dc): ask the observer.
        stalled, duration = self.observer.is_stalled(self.now())
        return stalled, ticks_to_ms(duration)

    def load(self) -> int:
        """Estimated load torque in mNm."""
        self._check_running()
        if self.dcmotor.actuation_now == ACTUATION_COAST:
            return 0
        if self.control.is_active():
            # The load is what the controller pushes against.
            load = -self.control.pid_average
        else:
            feedback = self.observer.feedback_voltage(self.tacho_angle())
            load = self.observer.model.voltage_to_torque(feedback)
        return tdiv(load, 1000)

    # --- commands -----------------------------------------------------------------------

    def _take_over(self) -> tuple[int, int]:
        """Every command first stops a drive base using this motor; returns (now, angle)."""
        self._check_running()
        stop_parent(self, False)
        return self.now(), self.tacho_angle()

    def stop(self, on_completion: int) -> None:
        """stop(), brake() or hold()."""
        self._check_running()
        stop_parent(self, False)
        if on_completion in (HOLD, CONTINUE):
            # Hold where the motor should be now, or where it is if idle.
            position = self.tacho_angle()
            if self.control.is_active():
                position = self.control.reference(self.now(), position)[0]
            self.track_target(to_low_res(position, self.control.settings.ctl_steps_per_app_step))
            return
        self.control.stop()
        self.actuate(passive_actuation(on_completion), 0)

    def reset_angle(self, angle: int, to_absolute: bool) -> None:
        """Make the motor read ``angle`` (degrees), or its absolute marked angle."""
        control = self.control
        was_active = control.is_active()
        on_completion = control.on_completion
        actuation, voltage = self.dcmotor.actuation_now, self.dcmotor.voltage_now
        self.stop(0)
        control.reset()
        new_angle = self._reset_tacho(angle * control.settings.ctl_steps_per_app_step, to_absolute)
        self.observer.reset(new_angle)
        if was_active:
            # Whatever the maneuver would have done at its end, do it now.
            self.stop(on_completion)
        elif actuation == ACTUATION_VOLTAGE:
            self.dcmotor.set_voltage(voltage)

    def run_forever(self, speed: int) -> None:
        self.run_time(speed, DURATION_FOREVER_MS, CONTINUE)

    def run_time(self, speed: int, duration_ms: int, on_completion: int) -> None:
        now, position = self._take_over()
        self.control.start_timed(now, position, self.observer.speed_numeric, duration_ms, speed, on_completion)

    def run_until_stalled(self, speed: int, torque_limit: int, on_completion: int) -> None:
        if on_completion == CONTINUE:
            # It cannot keep going after stalling.
            raise PbioError(ErrorCode.INVALID_ARG)
        self.run_forever(speed)
        control = self.control
        control.on_completion = on_completion
        control.type |= FLAG_OBJECTIVE_IS_STALL
        control.settings.actuation_max_temporary = torque_limit

    def run_target(self, speed: int, target: int, on_completion: int) -> None:
        now, position = self._take_over()
        if speed == 0:
            # Nothing sensible to do, but done at once rather than an error.
            self.run_angle(speed, 0, on_completion)
            return
        self.control.start_position(now, position, self.observer.speed_numeric, target, speed, on_completion)

    def run_angle(self, speed: int, angle: int, on_completion: int) -> None:
        now, position = self._take_over()
        if speed == 0:
            angle = 0
        self.control.start_relative(now, position, self.observer.speed_numeric, angle, speed, on_completion, True)

    def track_target(self, target: int) -> None:
        self._check_running()
        stop_parent(self, False)
        self.control.start_hold(self.now(), target)
