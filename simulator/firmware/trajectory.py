"""Reference trajectories: where a motor should be, and how fast, at every moment.

A port of pbio's trajectory.c. Every maneuver is a speed profile of up to
four segments: change speed at the acceleration limit (until t1), cruise
(until t2), slow down at the deceleration limit (until t3), then keep the
final speed (zero, or the cruise speed for ``Stop.NONE`` and ``run``). A move
too short to reach the cruise speed becomes a triangle; a new command starts
from the current reference, so the motor continues smoothly.

Units follow the firmware exactly, because its rounding is part of how a
motor moves: outside this module time is in 100 µs ticks, angles in
millidegrees, speeds in mdeg/s and accelerations in mdeg/s². Inside, speeds
are decidegrees per second and accelerations degrees per second², which is
what keeps pbio's 32-bit arithmetic in range.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from brickclass.simulator.firmware.errors import ErrorCode, PbioError
from brickclass.simulator.firmware.intmath import INT32_MAX, bind, clamp, diff_is_small, tdiv
from brickclass.simulator.hub.hubfacts import isqrt

# Largest relative move (mdeg) one maneuver may have.
ANGLE_MAX = INT32_MAX // 2
# About twice the rated speed of a typical motor (ddeg/s).
SPEED_MAX: Final = 20_000
# Accelerations are bound to this range (deg/s²).
ACCELERATION_MAX: Final = 20_000
ACCELERATION_MIN: Final = 50
# Longest segment a maneuver may have (ticks): about 536 s.
TIME_MAX = ANGLE_MAX // (SPEED_MAX * 100) * 10_000
TICKS_PER_MS: Final = 10
# run() is a timed maneuver that is long enough never to end in practice.
DURATION_FOREVER_MS: Final = 5 * 60 * 1000
DURATION_FOREVER_TICKS = DURATION_FOREVER_MS * TICKS_PER_MS


def _mtd(a: int, b: int, c: int) -> int:
    """a * b / c truncated towards zero, for a positive c (the hot path)."""
    p = a * b
    return p // c if p >= 0 else -(-p // c)


def to_trajectory_speed(control_speed: int) -> int:
    return clamp(tdiv(control_speed, 100), SPEED_MAX)


def to_trajectory_accel(control_accel: int) -> int:
    return bind(tdiv(control_accel, 1000), ACCELERATION_MIN, ACCELERATION_MAX)


def validate_speed_limit(ctl_steps_per_app_step: int, speed: int) -> None:
    """A speed *limit* (user units) must be strictly positive and not absurdly high."""
    low = tdiv(100 * 100, ctl_steps_per_app_step)
    high = tdiv(SPEED_MAX * 100, ctl_steps_per_app_step)
    if speed < low or speed > high:
        raise PbioError(ErrorCode.INVALID_ARG)


def validate_acceleration_limit(ctl_steps_per_app_step: int, acceleration: int) -> None:
    low = tdiv(ACCELERATION_MIN * 1000, ctl_steps_per_app_step)
    high = tdiv(ACCELERATION_MAX * 1000, ctl_steps_per_app_step)
    if acceleration < low or acceleration > high:
        raise PbioError(ErrorCode.INVALID_ARG)


# --- the firmware's unit-aware products and quotients ---------------------------------

def _w2_over_a(w_end: int, w_start: int, a: int) -> int:
    """Angle (mdeg) to go from w_start to w_end at acceleration a."""
    return tdiv((w_end * w_end - w_start * w_start) * 5, a)


def _w_over_a(w: int, a: int) -> int:
    """Time (ticks) to change speed by w at acceleration a."""
    return tdiv(w * 1000, a)


def _th_over_t(th: int, t: int) -> int:
    # Two orders of evaluation, as the firmware chooses to stay in 32 bits.
    if abs(th) < INT32_MAX // 100:
        return tdiv(th * 100, t)
    return tdiv(th, t) * 100


def _w_over_t(w: int, t: int) -> int:
    return tdiv(w * 1000, t)


def _th_over_w(th: int, w: int) -> int:
    return tdiv(th * 100, w)


def _w_times_t(w: int, t: int) -> int:
    return _mtd(w, t, 100)


def _a_times_t(a: int, t: int) -> int:
    return _mtd(a, t, 1000)


def _a_times_t2(a: int, t: int) -> int:
    half = _w_times_t(_a_times_t(a, t), t)
    return half // 2 if half >= 0 else -(-half // 2)


def _start_speed_for(w_end: int, a: int, th: int) -> int:
    """Speed from which acceleration a reaches w_end within angle th."""
    return isqrt(w_end * w_end + tdiv(a * th, 5))


def _ramps_meet(th3: int, th0: int, a0: int, a2: int) -> int:
    """Angle where speeding up from th0 meets slowing down into th3."""
    if th3 == th0:
        return th0
    return th0 + tdiv((th3 - th0) * a2, a2 - a0)


# A command's fields (named once: a compiled class has no __slots__ to read back).
_COMMAND_FIELDS: Final = ("time_start", "position_start", "position_end", "duration", "speed_start",
                   "speed_target", "speed_max", "acceleration", "deceleration", "continue_running")


class TrajectoryCommand:
    """What a control command asks of a trajectory (control units, ticks)."""

    __slots__ = _COMMAND_FIELDS

    def __init__(self, *, time_start: int = 0, position_start: int = 0, position_end: int = 0,
                 duration: int = 0, speed_start: int = 0, speed_target: int = 0, speed_max: int = 0,
                 acceleration: int = 0, deceleration: int = 0, continue_running: bool = False) -> None:
        self.time_start = time_start
        self.position_start = position_start
        self.position_end = position_end
        self.duration = duration
        self.speed_start = speed_start
        self.speed_target = speed_target
        self.speed_max = speed_max
        self.acceleration = acceleration
        self.deceleration = deceleration
        self.continue_running = continue_running

    def copy(self) -> TrajectoryCommand:
        return TrajectoryCommand(**{name: getattr(self, name) for name in _COMMAND_FIELDS})


class Trajectory:
    """Vertices of one maneuver, relative to its start (trajectory units)."""

    __slots__ = ("start_time", "start_position", "t1", "t2", "t3", "th1", "th2", "th3",
                 "wu", "w0", "w1", "w3", "a0", "a2")

    def __init__(self) -> None:
        self.start_time = 0
        self.start_position = 0
        self.t1 = self.t2 = self.t3 = 0
        self.th1 = self.th2 = self.th3 = 0
        self.wu = self.w0 = self.w1 = self.w3 = 0
        self.a0 = self.a2 = 0

    # --- making ------------------------------------------------------------------------

    @classmethod
    def constant(cls, command: TrajectoryCommand) -> Trajectory:
        """Stand still at the start, or keep going at the target speed forever."""
        trj = cls()
        trj.start_time = command.time_start
        trj.start_position = command.position_start
        trj.w0 = trj.w1 = trj.wu = to_trajectory_speed(command.speed_target)
        trj.w3 = trj.w0 if command.continue_running else 0
        return trj

    @classmethod
    def for_time(cls, command: TrajectoryCommand) -> Trajectory:
        """A maneuver that lasts ``command.duration`` ticks at (up to) the target speed."""
        c = command.copy()
        if c.duration == 0:
            c.speed_target = 0
            c.continue_running = False
            return cls.constant(c)
        backward = c.speed_target < 0
        if backward:
            c.speed_target = -c.speed_target
            c.speed_start = -c.speed_start
        c.speed_target = min(c.speed_target, c.speed_max)
        trj = cls()
        _guarded(trj._forward_time, c)
        if backward:
            trj._reverse()
        return trj

    @classmethod
    def for_angle(cls, command: TrajectoryCommand) -> Trajectory:
        """A maneuver from ``position_start`` to ``position_end``."""
        c = command.copy()
        if not diff_is_small(c.position_end, c.position_start):
            raise PbioError(ErrorCode.INVALID_ARG)
        distance = c.position_end - c.position_start
        if c.speed_target == 0 or distance == 0:
            c.speed_target = 0
            c.continue_running = False
            return cls.constant(c)
        # Only the angle says which way to go; the speed's sign is ignored here.
        c.speed_target = min(abs(c.speed_target), c.speed_max)
        backward = distance < 0
        if backward:
            c.position_end = c.position_start - distance
            c.speed_start = -c.speed_start
        trj = cls()
        _guarded(trj._forward_angle, c)
        if backward:
            trj._reverse()
        return trj

    def _reverse(self) -> None:
        self.th1, self.th2, self.th3 = -self.th1, -self.th2, -self.th3
        self.wu, self.w0, self.w1, self.w3 = -self.wu, -self.w0, -self.w1, -self.w3
        self.a0, self.a2 = -self.a0, -self.a2

    def _forward_time(self, c: TrajectoryCommand) -> None:
        if c.duration > TIME_MAX:
            raise PbioError(ErrorCode.INVALID_ARG)
        self.start_time = c.time_start
        self.start_position = c.position_start
        self.t3 = c.duration
        self.w3 = to_trajectory_speed(c.speed_target) if c.continue_running else 0
        self.w0 = to_trajectory_speed(c.speed_start)
        wt = self.wu = to_trajectory_speed(c.speed_target)
        accel = to_trajectory_accel(c.acceleration)
        decel = to_trajectory_accel(c.deceleration)
        if _w_times_t(wt, self.t3) > ANGLE_MAX:
            raise PbioError(ErrorCode.INVALID_ARG)

        # Make a solution possible: the start speed can be undone in time, and
        # the final speed can be reached in time.
        if _w_over_a(self.w0, accel) < -self.t3:
            self.w0 = -_a_times_t(accel, self.t3)
        strongest = max(accel, decel)
        if _w_over_a(self.w0 - self.w3, strongest) > self.t3:
            self.w0 = self.w3 + _a_times_t(strongest, self.t3)
        if _w_over_a(wt - self.w3, decel) > self.t3:
            wt = self.w3 + _a_times_t(decel, self.t3)

        self.a0 = accel if self.w0 < wt else -accel
        self.a2 = -decel
        self.t1 = _w_over_a(wt - self.w0, self.a0)
        t3mt2 = _w_over_a(self.w3 - wt, self.a2)
        t2mt1 = self.t3 - self.t1 - t3mt2
        self.w1 = wt

        if t2mt1 < 0:
            # No time to cruise: the speed-up and slow-down phases overlap.
            if c.continue_running and self.a0 > 0:
                # Not even time to reach the final speed: speed up all the way.
                self.t1 = self.t3
                t2mt1 = 0
                self.w1 = self.w0 + _a_times_t(self.a0, self.t3)
                self.w3 = self.w1
            else:
                self.t1 = _w_over_a(self.w3 - self.w0 - _a_times_t(self.a2, self.t3), self.a0 - self.a2)
                t2mt1 = 0
                self.w1 = self.w0 + _a_times_t(self.a0, self.t1)

        if self.t1 == 0:
            self.w0 = self.w1
        self.t2 = self.t1 + t2mt1
        self.th1 = _w2_over_a(self.w1, self.w0, self.a0)
        self.th2 = self.th1 + _w_times_t(self.w1, t2mt1)
        self.th3 = self.th2 + _w2_over_a(self.w3, self.w1, self.a2)
        if self.t1 < 0 or self.t2 - self.t1 < 0 or self.t3 - self.t2 < 0:
            raise PbioError(ErrorCode.FAILED)

    def _forward_angle(self, c: TrajectoryCommand) -> None:
        self.start_time = c.time_start
        self.start_position = c.position_start
        self.th3 = c.position_end - c.position_start
        self.w3 = to_trajectory_speed(c.speed_target) if c.continue_running else 0
        self.w0 = to_trajectory_speed(c.speed_start)
        wt = self.wu = to_trajectory_speed(c.speed_target)
        accel = to_trajectory_accel(c.acceleration)
        decel = to_trajectory_accel(c.deceleration)

        # A motor already going too fast to stop in time starts (in the
        # reference) at the fastest speed from which it still can.
        strongest = max(accel, decel)
        if self.w0 > 0 and _w2_over_a(self.w0, self.w3, strongest) > self.th3:
            self.w0 = _start_speed_for(self.w3, strongest, self.th3)

        # Likewise the cruise speed, given the angle left to slow down in,
        # plus any angle first travelled backwards.
        forward_angle = self.th3 - (0 if self.w0 > 0 else _w2_over_a(0, self.w0, accel))
        if _w2_over_a(wt, self.w3, decel) > forward_angle:
            wt = _start_speed_for(self.w3, decel, forward_angle)

        t3_estimate = _th_over_w(forward_angle, wt)
        if self.w0 < 0:
            t3_estimate += _w_over_a(-self.w0, accel)
        if t3_estimate > TIME_MAX:
            raise PbioError(ErrorCode.INVALID_ARG)

        self.a0 = accel if self.w0 < wt else -accel
        self.a2 = -decel
        # Where the speed-up curve would cross zero speed if extended back.
        thf = _w2_over_a(0, self.w0, self.a0)
        self.th1 = thf + _w2_over_a(wt, 0, self.a0)
        self.th2 = self.th3 + _w2_over_a(wt, self.w3, self.a2)
        self.w1 = wt

        if self.th2 < self.th1:
            # Too short to reach the cruise speed.
            if c.continue_running and self.a0 > 0:
                self.w1 = _start_speed_for(0, self.a0, self.th3 - thf)
                self.th1 = self.th3
                self.th2 = self.th1
                self.w3 = self.w1
            elif c.continue_running and self.a0 < 0:
                self.w0 = _start_speed_for(self.w3, -self.a0, self.th3)
                self.w1 = self.w3
                self.th1 = self.th3
                self.th2 = self.th3
            else:
                # A triangle: speed up and slow down, meeting in between.
                self.th1 = _ramps_meet(self.th3, thf, self.a0, self.a2)
                self.th2 = self.th1
                self.w1 = _start_speed_for(0, self.a0, self.th1 - thf)
                # Rounding may have flipped which way the speed first changes.
                self.a0 = accel if self.w0 < self.w1 else -accel

        t2mt1 = 0 if self.th2 == self.th1 else _th_over_w(self.th2 - self.th1, self.w1)
        self.t1 = _w_over_a(self.w1 - self.w0, self.a0)
        if self.t1 == 0:
            self.w0 = self.w1
        self.t2 = self.t1 + t2mt1
        self.t3 = self.t2 + _w_over_a(self.w3 - self.w1, self.a2)
        if self.th2 < self.th1 or self.th3 < self.th2:
            raise PbioError(ErrorCode.FAILED)
        if self.t1 < 0 or self.t2 - self.t1 < 0 or self.t3 - self.t2 < 0:
            raise PbioError(ErrorCode.FAILED)

    def stretch(self, leader: Trajectory) -> None:
        """Travel the same angle, but end when ``leader`` ends (drive bases)."""
        self.t1, self.t2, self.t3 = leader.t1, leader.t2, leader.t3
        if self.t3 == 0:
            return
        t1, t2, t3 = self.t1, self.t2, self.t3
        # The speed profile's area must stay th3: solve for the new peak speed.
        self.w1 = _th_over_t(2 * self.th3 - _w_times_t(self.w0, t1) - _w_times_t(self.w3, t3 - t2), t3 + t2 - t1)
        self.a0 = 0 if t1 == 0 else _w_over_t(self.w1 - self.w0, t1)
        self.a2 = 0 if t3 - t2 == 0 else _w_over_t(self.w3 - self.w1, t3 - t2)
        self.w3 = self.w1 if t3 - t2 == 0 else 0
        self.th1 = _w_times_t(self.w0, t1) + _a_times_t2(self.a0, t1)
        self.th2 = self.th1 + _w_times_t(self.w1, t2 - t1)

    # --- reading ----------------------------------------------------------------------

    def duration(self) -> int:
        return self.t3

    def endpoint(self) -> tuple[int, int, int]:
        """(time, position, speed) where the maneuver ends."""
        return (self.start_time + self.t3, self.start_position + self.th3, self.w3 * 100)

    def last_vertex(self, time_ref: int) -> tuple[int, int, int]:
        """(time, position, speed) of the start of the segment ``time_ref`` falls in."""
        time = time_ref - self.start_time
        if time < self.t1 or (self.t1 == 0 and time == 0):
            return (self.start_time, self.start_position, self.w0 * 100)
        if time < self.t2:
            return (self.start_time + self.t1, self.start_position + self.th1, self.w1 * 100)
        if time < self.t3:
            return (self.start_time + self.t2, self.start_position + self.th2, self.w1 * 100)
        return (self.start_time + self.t3, self.start_position + self.th3, self.w3 * 100)

    def reference(self, time_ref: int) -> tuple[int, int, int]:
        """(position, speed, acceleration) on the trajectory at ``time_ref``."""
        time = time_ref - self.start_time
        t1 = self.t1
        if time < t1 or (t1 == 0 and time == 0):
            a = self.a0
            w0 = self.w0
            w = w0 + _mtd(a, time, 1000)
            half = _mtd(_mtd(a, time, 1000), time, 100)
            th = _mtd(w0, time, 100) + (half // 2 if half >= 0 else -(-half // 2))
        elif time < self.t2:
            a = 0
            w = self.w1
            th = self.th1 + _mtd(w, time - t1, 100)
        elif time < self.t3:
            a = self.a2
            dt = time - self.t2
            w1 = self.w1
            w = w1 + _mtd(a, dt, 1000)
            half = _mtd(_mtd(a, dt, 1000), dt, 100)
            th = self.th2 + _mtd(w1, dt, 100) + (half // 2 if half >= 0 else -(-half // 2))
        else:
            a = 0
            w = self.w3
            th = self.th3 + _mtd(w, time - self.t3, 100)
            if time > DURATION_FOREVER_TICKS:
                # Keep the numbers small on a motor that has run for minutes:
                # start a new constant-speed trajectory from here.
                self.start_position += th
                self.start_time = time_ref
                self.t1 = self.t2 = self.t3 = 0
                self.th1 = self.th2 = self.th3 = 0
                self.w0 = self.w1 = self.wu = w
                self.a0 = self.a2 = 0
                return (self.start_position, w * 100, 0)
        return (self.start_position + th, w * 100, a * 1000)


def _guarded(make: Callable[[TrajectoryCommand], None], command: TrajectoryCommand) -> None:
    """Run a forward solver; a division the firmware asserts never happens is a failure."""
    try:
        make(command)
    except ZeroDivisionError:
        raise PbioError(ErrorCode.FAILED) from None
