"""The integral parts of the controllers, with their anti-windup pauses.

A port of pbio's integrator.c. When a motor pushes with all it has and still
falls behind, the firmware stops letting the error grow: a position
maneuver *pauses its trajectory's clock* (the reference waits for the motor),
a timed maneuver freezes its speed integral. A pause that lasts longer than
the stall time, at low speed, is what the firmware calls stalled.
"""

from __future__ import annotations

from brickclass.simulator.firmware.control_settings import ControlSettings, div_by_gain


class SpeedIntegrator:
    """Integral of the speed error of a timed maneuver, which is a position error."""

    __slots__ = ("running", "time_pause_begin", "position_error_resumed", "integral_paused", "settings")

    def __init__(self, settings: ControlSettings) -> None:
        self.settings = settings
        self.running = False
        self.time_pause_begin = 0
        self.position_error_resumed = 0
        self.integral_paused = 0

    def reset(self, settings: ControlSettings) -> None:
        self.settings = settings
        self.integral_paused = 0
        self.running = False
        self.resume(0)

    def pause(self, time_now: int, position_error: int) -> None:
        if not self.running:
            return
        self.running = False
        self.integral_paused += position_error - self.position_error_resumed
        self.time_pause_begin = time_now

    def resume(self, position_error: int) -> None:
        if self.running:
            return
        self.running = True
        self.position_error_resumed = position_error

    def error(self, position_error: int) -> int:
        """The speed error integral so far (mdeg)."""
        if self.running:
            return self.integral_paused + position_error - self.position_error_resumed
        return self.integral_paused

    def stalled(self, time_now: int, speed_now: int, speed_ref: int) -> bool:
        if self.running:
            return False
        if speed_ref < 0:
            speed_ref, speed_now = -speed_ref, -speed_now
        if speed_ref != 0 and speed_now > self.settings.stall_speed_limit:
            return False
        return time_now >= self.time_pause_begin + self.settings.stall_time


class PositionIntegrator:
    """Integral of the position error, and the paused clock of the trajectory."""

    __slots__ = ("trajectory_running", "time_pause_begin", "time_paused_total", "integral", "settings")

    def __init__(self, settings: ControlSettings) -> None:
        self.settings = settings
        self.trajectory_running = False
        self.time_pause_begin = 0
        self.time_paused_total = 0
        self.integral = 0

    def reset(self, settings: ControlSettings, time_now: int) -> None:
        self.settings = settings
        self.integral = 0
        self.time_paused_total = 0
        self.time_pause_begin = time_now
        self.trajectory_running = False
        self.resume(time_now)

    def ref_time(self, time_now: int) -> int:
        """The trajectory's time: wall time minus all the time spent paused."""
        real_time = time_now if self.trajectory_running else self.time_pause_begin
        return real_time - self.time_paused_total

    def pause(self, time_now: int) -> None:
        if not self.trajectory_running:
            return
        self.trajectory_running = False
        self.time_pause_begin = time_now

    def resume(self, time_now: int) -> None:
        if self.trajectory_running:
            return
        self.trajectory_running = True
        self.time_paused_total += time_now - self.time_pause_begin

    def update(self, position_error: int, target_error: int) -> int:
        """Integrate this period's error; the integral (mdeg·s) to use now."""
        integral = self.integral
        error_now = position_error
        # Error times the 5 ms period (truncated like C).
        step = error_now // 200 if error_now >= 0 else -(-error_now // 200)
        size = integral if integral >= 0 else -integral
        shrinks = abs(integral + step) < size
        if not (self.trajectory_running or shrinks):
            return integral
        s = self.settings
        if not shrinks:
            # Growing: no faster than the integral rate allows.
            limit = s.integral_change_max
            if error_now > limit:
                error_now = limit
            elif error_now < -limit:
                error_now = -limit
            step = error_now // 200 if error_now >= 0 else -(-error_now // 200)
            shrinks = abs(integral + step) < size
        # Integrate only near the target (where proportional control alone
        # could stall) but not too near, or whenever it shrinks the integral.
        distance = target_error if target_error >= 0 else -target_error
        if shrinks or s.integral_deadzone <= distance <= div_by_gain(s.actuation_max, s.pid_kp) * 2:
            integral += step
        # Never more than what gives full torque.
        most = div_by_gain(s.actuation_max, s.pid_ki)
        if integral > most:
            integral = most
        elif integral < -most:
            integral = -most
        self.integral = integral
        return integral

    def stalled(self, time_now: int, speed_now: int, speed_ref: int) -> bool:
        s = self.settings
        most = div_by_gain(s.actuation_max, s.pid_ki)
        saturated = most != 0 and abs(self.integral) >= most
        if self.trajectory_running and not saturated:
            return False
        if speed_ref < 0:
            speed_ref, speed_now = -speed_ref, -speed_now
        if speed_ref != 0 and speed_now > s.stall_speed_limit:
            return False
        return time_now >= self.time_pause_begin + s.stall_time
