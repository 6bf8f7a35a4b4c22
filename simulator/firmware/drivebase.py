"""A drive base: two servos steered together by a distance and a heading controller.

A port of pbio's drivebase.c. The distance is the average of the two
wheels' angles, the heading half their difference (or the gyro's heading
with ``use_gyro``). Each controller follows its own trajectory; a maneuver
stretches the shorter one so both end together. The left wheel gets
distance + heading torque, the right one distance - heading: positive turns
are clockwise seen from above.
"""

from __future__ import annotations

from typing import Final, Protocol

from brickclass.simulator.firmware.control import (
    BRAKE,
    COAST,
    CONTINUE,
    HOLD,
    TYPE_MASK,
    TYPE_NONE,
    Control,
)
from brickclass.simulator.firmware.control_settings import ControlSettings, div_by_gain, ticks_to_ms
from brickclass.simulator.firmware.dcmotor import ACTUATION_BRAKE, ACTUATION_COAST, ACTUATION_TORQUE, COUNTERCLOCKWISE
from brickclass.simulator.firmware.errors import ErrorCode, PbioError
from brickclass.simulator.firmware.intmath import INT32_MAX, MDEG_PER_ROT, tdiv, to_low_res
from brickclass.simulator.firmware.servo import Servo
from brickclass.simulator.firmware.trajectory import (
    DURATION_FOREVER_MS,
    validate_acceleration_limit,
    validate_speed_limit,
)

# Motor millidegrees per millimetre of wheel travel, times the wheel diameter (µm): 360000 / π.
ROT_MDEG_OVER_PI: Final = 114592


class Gyro(Protocol):
    """The hub's heading (clockwise-positive degrees), as use_gyro(True) reads it."""

    def heading(self) -> float: ...

    def heading_rate(self) -> float: ...

    def set_heading(self, angle: float) -> None: ...


def adopt_settings(left: ControlSettings, right: ControlSettings) -> tuple[ControlSettings, ControlSettings]:
    """(distance, heading) settings from the two motors' settings (drivebase_adopt_settings).

    The weaker motor sets every limit, so the robot can do what is asked.
    """
    # The motors' reduced gain is used everywhere, not only near the target.
    kp = min(left.pid_kp, right.pid_kp) * min(left.pid_kp_low_pct, right.pid_kp_low_pct) // 100
    actuation_max = min(left.actuation_max, right.actuation_max)
    speed_max = min(left.speed_max, right.speed_max)
    distance = ControlSettings(
        ctl_steps_per_app_step=0,
        stall_speed_limit=min(left.stall_speed_limit, right.stall_speed_limit),
        stall_time=min(left.stall_time, right.stall_time),
        speed_max=speed_max,
        speed_default=speed_max * 10 // 25,
        speed_tolerance=min(left.speed_tolerance, right.speed_tolerance),
        # With the reduced gain, this is where proportional torque still reaches the limit.
        position_tolerance=div_by_gain(actuation_max, kp),
        # A little gentler than a lone motor, for smoother driving.
        acceleration=min(left.acceleration, right.acceleration) * 3 // 4,
        deceleration=min(left.deceleration, right.deceleration) * 3 // 4,
        actuation_max=actuation_max,
        pid_kp=kp,
        pid_kp_low_pct=0,
        pid_kp_low_error_threshold=0,
        pid_kp_low_speed_threshold=0,
        # No steady outside force to overcome, so no integral control.
        pid_ki=0,
        pid_kd=min(left.pid_kd, right.pid_kd),
        integral_deadzone=max(left.integral_deadzone, right.integral_deadzone),
        integral_change_max=min(left.integral_change_max, right.integral_change_max),
        smart_passive_hold_time=max(left.smart_passive_hold_time, right.smart_passive_hold_time),
    )
    heading = distance.copy()
    # Wheels sit close together, so turning defaults to a third of top speed.
    heading.speed_default = heading.speed_max // 3
    # When both saturate, heading wins: that is what people expect.
    heading.actuation_max = distance.actuation_max * 2
    return distance, heading


class DriveBase:
    __slots__ = ("left", "right", "clock", "gyro", "uses_gyro", "control_paused", "heading_offset",
                 "distance_offset", "control_heading", "control_distance")

    def __init__(self, left: Servo, right: Servo, wheel_diameter_um: int, axle_track_um: int,
                 gyro: Gyro | None = None) -> None:
        """Build a drive base (pbio_drivebase_get_drivebase); raises PbioError."""
        if left is right:
            raise PbioError(ErrorCode.INVALID_ARG)
        steps = left.control.settings.ctl_steps_per_app_step
        if steps != right.control.settings.ctl_steps_per_app_step:
            raise PbioError(ErrorCode.INVALID_ARG)
        # A motor already used by another drive base cannot join this one.
        if left.parent is not None or right.parent is not None:
            raise PbioError(ErrorCode.BUSY)
        self.left = left
        self.right = right
        self.clock = left.clock
        self.gyro = gyro
        self.uses_gyro = False
        left.parent = self
        right.parent = self
        distance, heading = adopt_settings(left.control.settings, right.control.settings)
        self.control_distance = Control(distance)
        self.control_heading = Control(heading)
        self.control_paused = False
        self.heading_offset = 0
        self.distance_offset = 0
        left.control.stop()
        right.control.stop()
        self.stop(COAST)
        if (wheel_diameter_um < 1000 or axle_track_um < 1000 or steps > INT32_MAX // ROT_MDEG_OVER_PI or
                steps > INT32_MAX // axle_track_um):
            raise PbioError(ErrorCode.INVALID_ARG)
        # Motor mdeg per degree of robot turn, and per millimetre driven.
        heading.ctl_steps_per_app_step = steps * axle_track_um // wheel_diameter_um
        distance.ctl_steps_per_app_step = steps * ROT_MDEG_OVER_PI // wheel_diameter_um
        if distance.ctl_steps_per_app_step < 1 or heading.ctl_steps_per_app_step < 1:
            raise PbioError(ErrorCode.INVALID_ARG)
        self.reset(0, 0)

    def now(self) -> int:
        return self.clock.now_us // 100

    # --- status -----------------------------------------------------------------------

    def update_loop_is_running(self) -> bool:
        return (self.left.parent is self and self.right.parent is self and
                self.left.update_loop_is_running() and self.right.update_loop_is_running())

    def _check_running(self) -> None:
        if not self.update_loop_is_running():
            raise PbioError(ErrorCode.NO_DEV)

    def control_is_active(self) -> bool:
        return self.control_distance.is_active() and self.control_heading.is_active()

    def is_done(self) -> bool:
        return self.control_distance.is_done() and self.control_heading.is_done()

    def any_uses_gyro(self) -> bool:
        """Whether this drive base is steering by the gyro right now."""
        return (self.uses_gyro and self.update_loop_is_running() and
                (self.control_distance.is_active() or self.control_heading.is_active()))

    def is_stalled(self) -> tuple[bool, int]:
        """(stalled, for how long in ms)."""
        self._check_running()
        if self.control_is_active():
            now = self.now()
            heading = self.control_heading.stall_duration(now)
            distance = self.control_distance.stall_duration(now)
            if heading is None and distance is None:
                return False, 0
            return True, ticks_to_ms(max(heading or 0, distance or 0))
        left_stalled, left_ms = self.left.is_stalled()
        right_stalled, right_ms = self.right.is_stalled()
        return left_stalled or right_stalled, max(left_ms, right_ms)

    # --- state ------------------------------------------------------------------------

    def _state_via_motors(self) -> tuple[int, int, int, int, int, int]:
        """(distance, its speed, its speed estimate, heading, its speed, its speed estimate).

        Runs every 5 ms: the two motors' angles are read here directly.
        """
        left, right = self.left, self.right
        lo, ro = left.observer, right.observer
        left_position = left.dcmotor.plant.encoder_deg() * 1000 - left.zero
        if left.direction == COUNTERCLOCKWISE:
            left_position = -left_position
        right_position = right.dcmotor.plant.encoder_deg() * 1000 - right.zero
        if right.direction == COUNTERCLOCKWISE:
            right_position = -right_position
        total = left_position + right_position
        distance = total // 2 if total >= 0 else -(-total // 2)
        total = lo.speed_numeric + ro.speed_numeric
        distance_speed = total // 2 if total >= 0 else -(-total // 2)
        total = lo.speed + ro.speed
        distance_estimate = total // 2 if total >= 0 else -(-total // 2)
        # Half the difference: (left - right) / 2 = average - right.
        return (distance, distance_speed, distance_estimate,
                distance - right_position, distance_speed - ro.speed_numeric, distance_estimate - ro.speed)

    def _state(self) -> tuple[int, int, int, int, int, int]:
        distance, distance_speed, distance_estimate, heading, heading_speed, heading_estimate = \
            self._state_via_motors()
        distance -= self.distance_offset
        if self.uses_gyro and self.gyro is not None:
            # The gyro replaces the measured heading; the damping still uses
            # the motors' estimate, which keeps the wheels stable.
            heading, heading_speed = self._gyro_state()
        else:
            heading -= self.heading_offset
        return distance, distance_speed, distance_estimate, heading, heading_speed, heading_estimate

    def _gyro_state(self) -> tuple[int, int]:
        assert self.gyro is not None
        steps = self.control_heading.settings.ctl_steps_per_app_step
        degrees = self.gyro.heading()
        # As the firmware splits it: whole wheel rotations, then the rest.
        per_rotation = MDEG_PER_ROT / steps
        rotations = int(degrees / per_rotation)
        rest = int((degrees - rotations * per_rotation) * steps)
        return rotations * MDEG_PER_ROT + rest, int(self.gyro.heading_rate() * steps)

    def state_user(self) -> tuple[int, int, int, int]:
        """(distance mm, speed mm/s, angle deg, turn rate deg/s)."""
        return self.state_and_angle_user()[0]

    def angle_user(self) -> float:
        """The heading in degrees, not rounded (DriveBase.angle())."""
        heading = self._state()[3]
        return heading / self.control_heading.settings.ctl_steps_per_app_step

    def state_and_angle_user(self) -> tuple[tuple[int, int, int, int], float]:
        """``state_user()`` and ``angle_user()`` from one look at the motors (and the gyro)."""
        distance, distance_speed, _, heading, heading_speed, _ = self._state()
        ds = self.control_distance.settings.ctl_steps_per_app_step
        hs = self.control_heading.settings.ctl_steps_per_app_step
        state = (to_low_res(distance, ds), tdiv(distance_speed, ds), to_low_res(heading, hs), tdiv(heading_speed, hs))
        return state, heading / hs

    # --- the 5 ms update --------------------------------------------------------------

    def update(self, now: int) -> None:
        """One control period at ``now`` (ticks)."""
        cd, ch = self.control_distance, self.control_heading
        if cd.type & TYPE_MASK == TYPE_NONE or ch.type & TYPE_MASK == TYPE_NONE:
            return
        distance, distance_speed, distance_estimate, heading, heading_speed, heading_estimate = self._state()
        paused = self.control_paused
        cd.update(now, distance, distance_speed, distance_estimate, paused)
        ch.update(now, heading, heading_speed, heading_estimate, paused)
        # If either controller is held back, both wait.
        self.control_paused = cd.out_pause or ch.out_pause
        if cd.out_actuation == ACTUATION_COAST or ch.out_actuation == ACTUATION_COAST:
            self.stop(COAST)
            return
        if cd.out_actuation == ACTUATION_BRAKE or ch.out_actuation == ACTUATION_BRAKE:
            self.stop(BRAKE)
            return
        if cd.out_actuation != ACTUATION_TORQUE or ch.out_actuation != ACTUATION_TORQUE:
            raise PbioError(ErrorCode.FAILED)
        left, right = self.left, self.right
        speed, turn = cd.ref_speed, ch.ref_speed
        acceleration, turn_acceleration = cd.ref_acceleration, ch.ref_acceleration
        left_model, right_model = left.observer.model, right.observer.model
        left.dcmotor.set_voltage(left_model.torque_to_voltage(
            cd.out_torque + ch.out_torque +
            left_model.feedforward_torque(speed + turn, acceleration + turn_acceleration)))
        right.dcmotor.set_voltage(right_model.torque_to_voltage(
            cd.out_torque - ch.out_torque +
            right_model.feedforward_torque(speed - turn, acceleration - turn_acceleration)))

    # --- stopping ---------------------------------------------------------------------

    def _stop_control(self) -> None:
        self.control_distance.stop()
        self.control_heading.stop()
        self.control_paused = False

    def _stop_servo_control(self) -> None:
        self.left.control.stop()
        self.right.control.stop()

    def stop_from_child(self, clear_parent: bool) -> None:
        """A motor of this drive base got its own command: stop driving, coast both."""
        if not self.control_is_active():
            return
        self._stop_control()
        self.left.dcmotor.coast()
        self.right.dcmotor.coast()

    def stop(self, on_completion: int) -> None:
        self._check_running()
        if on_completion == CONTINUE:
            raise PbioError(ErrorCode.INVALID_ARG)
        if on_completion == HOLD:
            # Holding is driving straight by nothing.
            self.straight(0, HOLD)
            return
        self._stop_control()
        self.left.stop(on_completion)
        self.right.stop(on_completion)

    # --- maneuvers --------------------------------------------------------------------

    def _begin(self) -> tuple[int, tuple[int, int, int, int, int, int]]:
        self._check_running()
        self._stop_servo_control()
        return self.now(), self._state()

    def _drive_relative(self, distance: int, drive_speed: int, angle: int, turn_speed: int,
                        on_completion: int) -> None:
        now, (d, d_speed, _, h, h_speed, _) = self._begin()
        cd, ch = self.control_distance, self.control_heading
        cd.start_relative(now, d, d_speed, distance, drive_speed, on_completion, False)
        ch.start_relative(now, h, h_speed, angle, turn_speed, on_completion, False)
        # Both controllers finish together: the quicker one is slowed down.
        if cd.trajectory.duration() > ch.trajectory.duration():
            ch.trajectory.stretch(cd.trajectory)
        else:
            cd.trajectory.stretch(ch.trajectory)

    def straight(self, distance: int, on_completion: int) -> None:
        self._drive_relative(distance, 0, 0, 0, on_completion)

    def curve(self, radius: int, angle: int, on_completion: int) -> None:
        """The older arc: a negative radius drives backwards along the circle."""
        arc_angle = -angle if radius < 0 else angle
        arc_length = tdiv(10 * abs(angle) * radius, 573)
        self._drive_relative(arc_length, 0, arc_angle, 0, on_completion)

    def turn(self, angle: int, absolute: bool, on_completion: int) -> None:
        now, (d, d_speed, _, h, h_speed, _) = self._begin()
        cd, ch = self.control_distance, self.control_heading
        cd.start_relative(now, d, d_speed, 0, 0, on_completion, False)
        if absolute:
            # The nearest whole-turn equivalent of the target, so a gyro target
            # is exactly the angle asked for.
            current = to_low_res(h, ch.settings.ctl_steps_per_app_step)
            while angle - current > 180:
                angle -= 360
            while angle - current < -180:
                angle += 360
            ch.start_position(now, h, h_speed, angle, 0, on_completion)
        else:
            ch.start_relative(now, h, h_speed, angle, 0, on_completion, False)
        cd.trajectory.stretch(ch.trajectory)

    def arc_angle(self, radius: int, angle: int, on_completion: int) -> None:
        """Along a circle (centre to the right for a positive radius) by ``angle`` degrees."""
        if abs(radius) < 10:
            raise PbioError(ErrorCode.INVALID_ARG)
        drive_distance = tdiv(10 * angle * abs(radius), 573)
        direction = 1 if (radius > 0) == (angle > 0) else -1
        self._drive_relative(drive_distance, 0, abs(angle) * direction, 0, on_completion)

    def arc_distance(self, radius: int, distance: int, on_completion: int) -> None:
        """Along a circle by ``distance`` millimetres of arc."""
        if abs(radius) < 10:
            raise PbioError(ErrorCode.INVALID_ARG)
        angle = abs(distance) * 573 // abs(radius) // 10
        if (radius < 0) != (distance < 0):
            angle = -angle
        self._drive_relative(distance, 0, angle, 0, on_completion)

    def drive_forever(self, speed: int, turn_rate: int) -> None:
        now, (d, d_speed, _, h, h_speed, _) = self._begin()
        self.control_distance.start_timed(now, d, d_speed, DURATION_FOREVER_MS, speed, CONTINUE)
        self.control_heading.start_timed(now, h, h_speed, DURATION_FOREVER_MS, turn_rate, CONTINUE)

    # --- settings and reset -----------------------------------------------------------

    def reset(self, distance: int, angle: int) -> None:
        """Stop, and make distance() and angle() read the given values."""
        self.stop(COAST)
        measured_distance, _, _, measured_heading, _, _ = self._state_via_motors()
        self.distance_offset = measured_distance - distance * self.control_distance.settings.ctl_steps_per_app_step
        self.heading_offset = measured_heading - angle * self.control_heading.settings.ctl_steps_per_app_step
        if self.uses_gyro and self.gyro is not None:
            self.gyro.set_heading(float(angle))

    def set_use_gyro(self, use: bool) -> None:
        if self.uses_gyro == use:
            return
        # Stop, so the next command starts from the newly chosen heading.
        self.stop(COAST)
        self.uses_gyro = use

    def drive_settings(self) -> tuple[int, int, int, int, int, int]:
        """(speed, acceleration, deceleration, turn rate, turn acceleration, turn deceleration)."""
        sd, sh = self.control_distance.settings, self.control_heading.settings
        return (sd.ctl_to_app(sd.speed_default), sd.ctl_to_app(sd.acceleration), sd.ctl_to_app(sd.deceleration),
                sh.ctl_to_app(sh.speed_default), sh.ctl_to_app(sh.acceleration), sh.ctl_to_app(sh.deceleration))

    def set_drive_settings(self, speed: int, acceleration: int, deceleration: int,
                           turn_rate: int, turn_acceleration: int, turn_deceleration: int) -> None:
        sd, sh = self.control_distance.settings, self.control_heading.settings
        validate_speed_limit(sd.ctl_steps_per_app_step, speed)
        validate_acceleration_limit(sd.ctl_steps_per_app_step, acceleration)
        validate_acceleration_limit(sd.ctl_steps_per_app_step, deceleration)
        validate_speed_limit(sh.ctl_steps_per_app_step, turn_rate)
        validate_acceleration_limit(sh.ctl_steps_per_app_step, turn_acceleration)
        validate_acceleration_limit(sh.ctl_steps_per_app_step, turn_deceleration)
        # Default speeds never exceed the top speed.
        sd.speed_default = min(sd.app_to_ctl(speed), sd.speed_max)
        sd.acceleration = sd.app_to_ctl(acceleration)
        sd.deceleration = sd.app_to_ctl(deceleration)
        sh.speed_default = min(sh.app_to_ctl(turn_rate), sh.speed_max)
        sh.acceleration = sh.app_to_ctl(turn_acceleration)
        sh.deceleration = sh.app_to_ctl(turn_deceleration)

