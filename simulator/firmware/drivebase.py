"""Two driven wheels as one robot (pbio's drivebase.c).

A drive base controls two quantities instead of two motors: the distance
travelled (average of the wheels) and the heading (their difference). Each
has its own controller and trajectory; their torques are added for the left
wheel and subtracted for the right. Straight, turn, curve and arc are the same
maneuver with different shares of distance and heading, run so both parts
start and end together. With ``use_gyro(True)`` the heading comes from the
hub's IMU instead of the wheels.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from simulator.firmware.control import Controller, Passive, Then
from simulator.firmware.errors import ErrorCode, PbioError
from simulator.firmware.servo import TICK_S, Servo
from simulator.firmware.settings import ControlSettings
from simulator.firmware.trajectory import Trajectory


def _scaled(base: ControlSettings, units_per_wheel_degree: float) -> ControlSettings:
    """A servo's settings seen in drive-base units (mm or robot degrees)."""
    k = units_per_wheel_degree
    return ControlSettings(
        speed_max=base.speed_max * k,
        speed_default=base.speed_max * k,
        speed_tolerance=base.speed_tolerance * k,
        position_tolerance=base.position_tolerance * k,
        acceleration=base.acceleration * k,
        deceleration=base.deceleration * k,
        actuation_max=base.actuation_max,
        pid_kp=base.pid_kp / k,
        pid_ki=0.0,
        pid_kd=base.pid_kd / k,
        pid_kp_low_pct=base.pid_kp_low_pct,
        pid_kp_low_error_threshold=base.pid_kp_low_error_threshold * k,
        pid_kp_low_speed_threshold=base.pid_kp_low_speed_threshold * k,
        integral_deadzone=base.integral_deadzone * k,
        integral_change_max=base.integral_change_max * k,
        stall_speed_limit=base.stall_speed_limit * k,
        stall_time_ms=base.stall_time_ms,
        smart_passive_hold_time_ms=base.smart_passive_hold_time_ms,
    )


class DriveBase:
    def __init__(self, left: Servo, right: Servo, wheel_diameter_mm: float, axle_track_mm: float,
                 gyro_heading: Callable[[], float]) -> None:
        if wheel_diameter_mm <= 0 or axle_track_mm <= 0:
            raise PbioError(ErrorCode.INVALID_ARG)
        if left is right:
            raise PbioError(ErrorCode.INVALID_ARG)
        self.left, self.right = left, right
        self.wheel_diameter = wheel_diameter_mm
        self.axle_track = axle_track_mm
        # Wheel degrees (at the output) per millimetre driven and per degree turned.
        self.wheel_deg_per_mm = 360.0 / (math.pi * wheel_diameter_mm)
        self.wheel_deg_per_heading = axle_track_mm / wheel_diameter_mm
        base = left.control.settings
        gear = left.gear_ratio
        # Distance and heading controllers work in mm and degrees of the robot.
        distance = _scaled(base, 1.0 / (self.wheel_deg_per_mm * gear))
        heading = _scaled(base, 1.0 / (self.wheel_deg_per_heading * gear))
        # Defaults as drivebase.c derives them: a calmer drive than one motor's maximum.
        distance.speed_default = distance.speed_max * 10 / 25
        distance.acceleration = distance.acceleration * 3 / 4
        distance.deceleration = distance.deceleration * 3 / 4
        heading.speed_default = heading.speed_max / 3
        heading.acceleration = heading.acceleration * 3 / 4
        heading.deceleration = heading.deceleration * 3 / 4
        heading.actuation_max = base.actuation_max * 2
        self.distance = Controller(distance)
        self.heading = Controller(heading)
        self.gyro_heading = gyro_heading
        self.uses_gyro = False
        self.distance_offset = 0.0
        self.heading_offset = 0.0
        self.now_s = 0.0
        self._state = (0.0, 0.0, 0.0, 0.0)
        left.owner = right.owner = self
        self.measure()

    # --- measuring ---------------------------------------------------------------------------

    def _wheels(self) -> tuple[float, float, float, float]:
        """Left and right wheel angles and speeds at the output, degrees and deg/s."""
        left, right = self.left, self.right
        return (left.to_user(left.estimate), right.to_user(right.estimate),
                left.rate / left.gear_ratio, right.rate / right.gear_ratio)

    def measure(self) -> tuple[float, float, float, float]:
        la, ra, ls, rs = self._wheels()
        distance = (la + ra) / 2 / self.wheel_deg_per_mm - self.distance_offset
        speed = (ls + rs) / 2 / self.wheel_deg_per_mm
        if self.uses_gyro:
            heading = self.gyro_heading() - self.heading_offset
        else:
            heading = (la - ra) / 2 / self.wheel_deg_per_heading - self.heading_offset
        turn_rate = (ls - rs) / 2 / self.wheel_deg_per_heading
        self._state = (distance, speed, heading, turn_rate)
        return self._state

    def state(self) -> tuple[float, float, float, float]:
        return self._state

    def active(self) -> bool:
        return self.distance.active or self.heading.active

    def done(self) -> bool:
        return self.distance.done and self.heading.done

    def stalled(self) -> bool:
        return (self.distance.active and self.distance.stalled) or (self.heading.active and self.heading.stalled)

    # --- maneuvers --------------------------------------------------------------------------------

    def _claim(self) -> None:
        # Motor commands stop the drive base; drive base commands take the motors back.
        self.left.dc_duty = self.right.dc_duty = None
        self.left.control.stop(Passive.COAST)
        self.right.control.stop(Passive.COAST)

    def _start(self, now_s: float) -> tuple[float, float, float, float]:
        self.now_s = now_s
        self._claim()
        distance, speed, heading, rate = self._state
        d0, dv = self.distance.reference_start(now_s, distance, speed)
        h0, hv = self.heading.reference_start(now_s, heading, rate)
        return d0, dv, h0, hv

    def drive_along(self, now_s: float, distance_mm: float, heading_deg: float, then: Then) -> None:
        """Move by a distance and a heading change together (straight, turn, curve, arc)."""
        d0, dv, h0, hv = self._start(now_s)
        ds, hs = self.distance.settings, self.heading.settings
        keep = then == Then.CONTINUE
        if heading_deg == 0 or distance_mm == 0:
            self.distance.run_to(now_s, d0, dv, d0 + distance_mm, ds.speed_default, then)
            self.heading.run_to(now_s, h0, hv, h0 + heading_deg, hs.speed_default, then)
            return
        # Both parts follow one speed profile, scaled, so they end together.
        ratio = abs(heading_deg / distance_mm)
        speed = min(ds.speed_default, hs.speed_default / ratio)
        accel = min(ds.acceleration, hs.acceleration / ratio)
        decel = min(ds.deceleration, hs.deceleration / ratio)
        d_traj = Trajectory.to_angle(d0, d0 + distance_mm, dv, speed, accel, decel, keep)
        h_traj = Trajectory.to_angle(h0, h0 + heading_deg, hv, speed * ratio, accel * ratio, decel * ratio, keep)
        self.distance._begin(now_s, d_traj, then, timed=False)
        self.heading._begin(now_s, h_traj, then, timed=False)

    def straight(self, now_s: float, distance_mm: float, then: Then) -> None:
        self.drive_along(now_s, distance_mm, 0.0, then)

    def turn(self, now_s: float, angle: float, then: Then, absolute: bool = False) -> None:
        if absolute:
            _, _, h0, _ = self._start(now_s)
            # The absolute heading counts from the last reset.
            angle = angle - h0
        self.drive_along(now_s, 0.0, angle, then)

    def drive(self, now_s: float, speed_mm_s: float, turn_rate: float) -> None:
        d0, dv, h0, hv = self._start(now_s)
        self.distance.run_speed(now_s, d0, dv, speed_mm_s, Then.CONTINUE, None)
        self.heading.run_speed(now_s, h0, hv, turn_rate, Then.CONTINUE, None)
        # drive() returns at once and is never "done" waiting.
        self.distance.done = self.heading.done = True

    def stop(self) -> None:
        self.distance.stop(Passive.COAST)
        self.heading.stop(Passive.COAST)
        self.left.stop()
        self.right.stop()

    def brake(self) -> None:
        self.distance.stop(Passive.BRAKE)
        self.heading.stop(Passive.BRAKE)
        self.left.brake()
        self.right.brake()

    def hold(self, now_s: float) -> None:
        distance, _, heading, _ = self._state
        self._claim()
        self.distance.hold(now_s, distance)
        self.heading.hold(now_s, heading)

    def reset(self, distance: float = 0.0, angle: float = 0.0) -> None:
        self.stop()
        current = self.measure()
        self.distance_offset += current[0] - distance
        self.heading_offset += current[2] - angle
        self.measure()

    def use_gyro(self, use: bool) -> None:
        if use == self.uses_gyro:
            return
        heading_now = self._state[2]
        self.uses_gyro = use
        # Keep the heading continuous across the switch.
        self.heading_offset = 0.0
        raw = self.measure()[2]
        self.heading_offset = raw - heading_now
        self.measure()

    # --- the 5 ms update ------------------------------------------------------------------------

    def update(self, now_s: float) -> None:
        self.now_s = now_s
        self.left.observe(now_s)
        self.right.observe(now_s)
        distance, speed, heading, rate = self.measure()
        if not self.active():
            self.left.actuate(None)
            self.right.actuate(None)
            return
        d_torque = self.distance.update(now_s, distance, speed, TICK_S)
        h_torque = self.heading.update(now_s, heading, rate, TICK_S)
        if d_torque is None and h_torque is None:
            passive = Passive.BRAKE if Passive.BRAKE in (self.distance.passive, self.heading.passive) else Passive.COAST
            for servo in (self.left, self.right):
                servo.control.passive = passive
                servo.actuate(None)
            return
        d_torque = d_torque or 0.0
        h_torque = h_torque or 0.0
        _, d_speed, d_accel = self.distance.trajectory.get(now_s - self.distance.start_s) if self.distance.active else (0, 0.0, 0.0)
        _, h_speed, h_accel = self.heading.trajectory.get(now_s - self.heading.start_s) if self.heading.active else (0, 0.0, 0.0)
        gear = self.left.gear_ratio
        forward = self.wheel_deg_per_mm * gear
        turning = self.wheel_deg_per_heading * gear
        self.left.actuate(d_torque + h_torque, (d_speed * forward + h_speed * turning, d_accel * forward + h_accel * turning))
        self.right.actuate(d_torque - h_torque, (d_speed * forward - h_speed * turning, d_accel * forward - h_accel * turning))
