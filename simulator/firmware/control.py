"""One PID controller following a trajectory (pbio's control.c, in floats).

Each 5 ms the controller compares the measured angle and speed with the
reference of its trajectory and returns a feedback torque:

* proportional on the position error, with a lower gain (``pid_kp_low_pct``)
  close to the target at low speed, so a motor holds gently but arrives firmly;
* integral of the position error outside a dead zone, growing no faster than
  ``integral_change_max``, and paused while the motor pushes at its limit
  (anti-windup) — that pause is also how a stall is found;
* derivative on the speed error.

A maneuver is done when the trajectory has ended and the motor is within the
position and speed tolerances (or, for ``run_until_stalled``, when it stalls).
Then the controller does what ``then`` said: coast, brake, hold, or keep going.
"""

from __future__ import annotations

from enum import IntEnum

from simulator.firmware.settings import ControlSettings
from simulator.firmware.trajectory import Trajectory


class Then(IntEnum):
    """pbio_control_on_completion_t, the values pybricks.parameters.Stop carries."""

    COAST = 0
    BRAKE = 1
    HOLD = 2
    CONTINUE = 3  # Stop.NONE
    COAST_SMART = 4


class Passive(IntEnum):
    """What the motor does when nothing is controlling it."""

    COAST = 0
    BRAKE = 1


class Controller:
    __slots__ = ("settings", "trajectory", "start_s", "active", "timed", "then", "done", "stalled",
                 "integral", "stall_since", "torque_limit", "until_stalled", "last_torque",
                 "passive", "smart_hold_until", "target")

    def __init__(self, settings: ControlSettings) -> None:
        self.settings = settings
        self.trajectory = Trajectory.standstill(0.0)
        self.start_s = 0.0
        self.active = False
        self.timed = False
        self.then = Then.COAST
        self.done = True
        self.stalled = False
        self.integral = 0.0
        self.stall_since: float | None = None
        self.torque_limit = settings.actuation_max
        self.until_stalled = False
        self.last_torque = 0.0
        self.passive = Passive.COAST
        self.smart_hold_until = -1.0
        self.target = 0.0

    # --- starting maneuvers ------------------------------------------------------------

    def reference_start(self, now_s: float, angle: float, speed: float) -> tuple[float, float]:
        """Where a new maneuver starts: the running reference if active, else the measured state."""
        if self.active and self.stall_since is None:
            ref_angle, ref_speed, _ = self.trajectory.get(now_s - self.start_s)
            return ref_angle, ref_speed
        # Nothing to continue from, or held back by a stall: start where the motor is.
        return angle, speed

    def _begin(self, now_s: float, trajectory: Trajectory, then: Then, timed: bool) -> None:
        self.trajectory = trajectory
        self.start_s = now_s
        self.active = True
        self.timed = timed
        self.then = then
        self.done = False
        self.stalled = False
        self.stall_since = None
        self.until_stalled = False
        self.torque_limit = self.settings.actuation_max
        self.target = trajectory.th3

    def run_to(self, now_s: float, angle: float, speed: float, target: float, top_speed: float, then: Then) -> None:
        s = self.settings
        th0, w0 = self.reference_start(now_s, angle, speed)
        if not self.active and then != Then.CONTINUE and abs(target - th0) < 1e-9:
            th0 = angle
        cruise = min(abs(top_speed), s.speed_max)
        traj = Trajectory.to_angle(th0, target, w0, cruise, s.acceleration, s.deceleration,
                                   keep_going=then == Then.CONTINUE)
        self._begin(now_s, traj, then, timed=False)

    def run_speed(self, now_s: float, angle: float, speed: float, top_speed: float, then: Then,
                  duration_s: float | None) -> None:
        s = self.settings
        th0, w0 = self.reference_start(now_s, angle, speed)
        cruise = max(-s.speed_max, min(s.speed_max, top_speed))
        traj = Trajectory.at_speed(th0, w0, cruise, s.acceleration, s.deceleration, duration_s,
                                   stop_at_end=then != Then.CONTINUE)
        self._begin(now_s, traj, then, timed=duration_s is not None)

    def run_until_stalled(self, now_s: float, angle: float, speed: float, top_speed: float, then: Then,
                          torque_limit: float) -> None:
        self.run_speed(now_s, angle, speed, top_speed, then, None)
        self.until_stalled = True
        self.torque_limit = min(torque_limit, self.settings.actuation_max)

    def hold(self, now_s: float, angle: float) -> None:
        self._begin(now_s, Trajectory.standstill(angle), Then.HOLD, timed=False)
        self.done = True

    def track(self, now_s: float, target: float) -> None:
        """Follow a target that jumps (track_target): no trajectory, just the new point."""
        self._begin(now_s, Trajectory.standstill(target), Then.HOLD, timed=False)
        self.done = True

    def stop(self, passive: Passive) -> None:
        self.active = False
        self.done = True
        self.stalled = False
        self.until_stalled = False
        self.integral = 0.0
        self.passive = passive

    # --- the 5 ms update ------------------------------------------------------------------

    def update(self, now_s: float, angle: float, speed: float, dt: float) -> float | None:
        """Feedback torque (µNm) for this tick, or None when the motor should be passive."""
        if not self.active:
            return None
        s = self.settings
        t = now_s - self.start_s
        ref_angle, ref_speed, _ = self.trajectory.get(t)
        error = ref_angle - angle
        speed_error = ref_speed - speed
        finished = self.trajectory.finished(t)

        kp = s.pid_kp
        if abs(ref_speed) < s.pid_kp_low_speed_threshold and abs(error) < s.pid_kp_low_error_threshold:
            kp = s.pid_kp * s.pid_kp_low_pct / 100

        torque = kp * error + s.pid_ki * self.integral + s.pid_kd * speed_error
        limit = self.torque_limit
        saturated = abs(torque) >= limit
        if saturated:
            torque = limit if torque > 0 else -limit

        # Anti-windup: a motor held back at its torque limit does not let the reference
        # run away from it; the trajectory's clock waits until it catches up.
        if saturated and not finished and not self.timed and error * ref_speed > 0 \
                and abs(error) > s.position_tolerance:
            self.start_s += dt

        # While settling at the end: integrate the error outside the dead zone, no
        # faster than integral_change_max, and not while already pushing at the
        # limit towards the target (anti-windup). During the move the position
        # error itself keeps the motor on its trajectory.
        if finished:
            if not (saturated and torque * error > 0) and abs(error) > s.integral_deadzone:
                change = max(-s.integral_change_max, min(s.integral_change_max, error))
                self.integral += change * dt
        else:
            self.integral = 0.0

        # A stall: barely moving although the controller pushes as hard as it may.
        slow = abs(speed) < s.stall_speed_limit
        pushing = saturated or (finished and abs(error) > s.position_tolerance and abs(torque) > 0.5 * limit)
        if slow and pushing and (not finished or abs(error) > s.position_tolerance):
            if self.stall_since is None:
                self.stall_since = now_s
            self.stalled = (now_s - self.stall_since) * 1000 >= s.stall_time_ms
        else:
            self.stall_since = None
            self.stalled = False

        if not self.done:
            if self.until_stalled:
                self.done = self.stalled
            elif self.timed:
                self.done = finished
            elif finished:
                self.done = abs(error) <= s.position_tolerance and abs(speed) <= s.speed_tolerance \
                    or self.then == Then.CONTINUE or self.stalled
            if self.done:
                return self._complete(now_s, angle, torque)
        self.last_torque = torque
        return torque

    def _complete(self, now_s: float, angle: float, torque: float) -> float | None:
        then = self.then
        if then == Then.HOLD:
            # Hold where the maneuver was meant to end (or where it stalled).
            hold_at = angle if self.until_stalled else self.trajectory.th3
            self._begin(now_s, Trajectory.standstill(hold_at), Then.HOLD, timed=False)
            self.done = True
            self.last_torque = torque
            return torque
        if then == Then.CONTINUE:
            # Keep going: the trajectory already continues at speed.
            self.done = True
            self.last_torque = torque
            return torque
        self.stop(Passive.BRAKE if then == Then.BRAKE else Passive.COAST)
        self.last_torque = 0.0
        return None
