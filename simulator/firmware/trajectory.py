"""Reference trajectories: where a motor should be, and how fast, at every moment.

As in pbio's trajectory.c, every maneuver is a speed profile of up to three
phases — change speed at the acceleration limit, cruise, slow down at the
deceleration limit — stitched to the current reference so a new command
continues smoothly from the old one. Short moves become triangles (they never
reach the cruise speed); timed moves cruise until it is time to slow down.

Times are seconds from the trajectory's start; angles and speeds are in the
controlled unit (motor degrees for a servo, millimetres or degrees for a
drive base).
"""

from __future__ import annotations

import math


class Trajectory:
    __slots__ = ("th0", "w0", "t1", "t2", "t3", "th1", "th2", "th3", "w1", "a0", "a2", "forever", "w3")

    def __init__(self) -> None:
        self.th0 = self.th1 = self.th2 = self.th3 = 0.0
        self.w0 = self.w1 = self.w3 = 0.0
        self.t1 = self.t2 = self.t3 = 0.0
        self.a0 = self.a2 = 0.0
        self.forever = False

    # --- building -------------------------------------------------------------------

    @classmethod
    def standstill(cls, angle: float) -> Trajectory:
        traj = cls()
        traj.th0 = traj.th1 = traj.th2 = traj.th3 = angle
        return traj

    @classmethod
    def to_angle(cls, th0: float, th3: float, w0: float, speed: float, accel: float, decel: float,
                 keep_going: bool = False) -> Trajectory:
        """From (th0, w0) to th3, cruising at |speed|; stop there (or keep going at speed)."""
        traj = cls()
        traj.th0, traj.w0 = th0, w0
        direction = 1.0 if th3 >= th0 else -1.0
        # Work in the direction of travel, so every quantity is positive.
        distance = abs(th3 - th0)
        v0 = w0 * direction
        vt = abs(speed)
        end_speed = vt if keep_going else 0.0
        if distance == 0 and v0 == 0:
            return cls.standstill(th0)
        # Phase 1: from v0 to the cruise speed (accelerating, or slowing if faster).
        a_change = accel if vt >= v0 else decel
        # Distance needed to change speed and to slow down at the end.
        d_change = (vt * vt - v0 * v0) / (2 * a_change) if a_change else 0.0
        d_stop = (vt * vt - end_speed * end_speed) / (2 * decel) if decel else 0.0
        if v0 < 0 or d_change + d_stop <= distance:
            if v0 < 0:
                # Moving the wrong way: this is still one change of speed through zero.
                a_change = accel
                d_change = (vt * vt - v0 * v0) / (2 * accel)
            cruise = max(0.0, distance - d_change - d_stop)
            v1 = vt
        else:
            # A triangle: the peak speed where speeding up meets slowing down.
            peak_sq = (2 * accel * decel * distance + decel * v0 * v0 + accel * end_speed * end_speed) / (accel + decel)
            v1 = math.sqrt(max(peak_sq, 0.0))
            if v1 < v0:
                # Already too fast to stop in time: slow down all the way.
                v1 = v0
                a_change = decel
                d_change = 0.0
                stop_decel = (v0 * v0 - end_speed * end_speed) / (2 * distance) if distance else decel
                decel = max(decel, stop_decel)
            else:
                a_change = accel
                d_change = (v1 * v1 - v0 * v0) / (2 * accel)
            cruise = 0.0
        t1 = abs(v1 - v0) / a_change if a_change else 0.0
        t2 = t1 + (cruise / v1 if v1 else 0.0)
        t3 = t2 + ((v1 - end_speed) / decel if decel else 0.0)
        traj.t1, traj.t2, traj.t3 = t1, t2, t3
        traj.w1 = v1 * direction
        traj.w3 = end_speed * direction
        traj.a0 = (a_change if v1 >= v0 else -a_change) * direction
        traj.a2 = -decel * direction
        traj.th1 = th0 + (v0 + v1) / 2 * t1 * direction
        traj.th2 = traj.th1 + v1 * (t2 - t1) * direction
        traj.th3 = th3
        traj.forever = keep_going
        return traj

    @classmethod
    def at_speed(cls, th0: float, w0: float, speed: float, accel: float, decel: float,
                 duration: float | None = None, stop_at_end: bool = True) -> Trajectory:
        """Run at ``speed`` forever, or for ``duration`` seconds (then slow to a stop)."""
        traj = cls()
        traj.th0, traj.w0 = th0, w0
        a_change = accel if abs(speed) >= abs(w0) or speed * w0 < 0 else decel
        t1 = abs(speed - w0) / a_change if a_change else 0.0
        traj.a0 = math.copysign(a_change, speed - w0) if speed != w0 else 0.0
        traj.w1 = speed
        traj.th1 = th0 + (w0 + speed) / 2 * t1
        if duration is None:
            traj.t1 = traj.t2 = traj.t3 = t1
            traj.th2 = traj.th3 = traj.th1
            traj.w3 = speed
            traj.forever = True
            return traj
        stop_time = abs(speed) / decel if (decel and stop_at_end) else 0.0
        if t1 + stop_time > duration + 1e-9:
            # Too short to reach the speed: a triangle that peaks lower, ending on time.
            if abs(w0) < 1e-6 and accel and decel and stop_at_end:
                peak = math.copysign(duration * accel * decel / (accel + decel), speed)
                return cls.at_speed(th0, 0.0, peak, accel, decel, duration, stop_at_end)
            return cls._short_timed(th0, w0, speed, accel, decel, duration)
        traj.t1 = t1
        traj.t2 = duration - stop_time
        traj.t3 = duration
        traj.th2 = traj.th1 + speed * (traj.t2 - t1)
        traj.a2 = -math.copysign(decel, speed) if stop_at_end else 0.0
        traj.w3 = 0.0 if stop_at_end else speed
        traj.th3 = traj.th2 + (speed + traj.w3) / 2 * (traj.t3 - traj.t2)
        return traj

    @classmethod
    def _short_timed(cls, th0: float, w0: float, speed: float, accel: float, decel: float,
                     duration: float) -> Trajectory:
        traj = cls.standstill(th0)
        traj.w0 = w0
        traj.t1 = traj.t2 = 0.0
        traj.t3 = duration
        traj.w1 = w0
        traj.a2 = -w0 / duration if duration else 0.0
        traj.th3 = th0 + w0 * duration / 2
        return traj

    # --- reading -----------------------------------------------------------------------

    def get(self, t: float) -> tuple[float, float, float]:
        """(angle, speed, acceleration) of the reference ``t`` seconds after the start."""
        if t <= 0:
            return self.th0, self.w0, self.a0
        if t < self.t1:
            return self.th0 + self.w0 * t + 0.5 * self.a0 * t * t, self.w0 + self.a0 * t, self.a0
        if t < self.t2:
            return self.th1 + self.w1 * (t - self.t1), self.w1, 0.0
        if t < self.t3:
            dt = t - self.t2
            return self.th2 + self.w1 * dt + 0.5 * self.a2 * dt * dt, self.w1 + self.a2 * dt, self.a2
        if self.forever:
            return self.th3 + self.w3 * (t - self.t3), self.w3, 0.0
        return self.th3, 0.0, 0.0

    def finished(self, t: float) -> bool:
        return not self.forever and t >= self.t3

    @property
    def duration(self) -> float:
        return self.t3
