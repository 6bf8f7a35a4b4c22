"""One controller following a trajectory: PID, anti-windup, done, stalled, then.

A port of pbio's control.c. Every 5 ms the controller compares the measured
state with its trajectory's reference and computes a feedback torque:

* proportional on the position error (for a timed maneuver: on the
  integrated speed error), with a lower gain close to the target when a slow
  motor is asked to move slowly, so it neither jerks nor gets stuck;
* integral of the position error near (not at) the target;
* derivative on the speed error, using the observer's speed estimate.

When the motor falls behind at full torque the trajectory pauses (see
integrator.py). A maneuver is done when its time is up and the motor is
within the position and speed tolerances; then it coasts, brakes, holds or
keeps going, as ``then`` asked.
"""

from __future__ import annotations

from typing import Final

from brickclass.simulator.firmware.control_settings import ControlSettings, ms_to_ticks
from brickclass.simulator.firmware.dcmotor import ACTUATION_BRAKE, ACTUATION_COAST, ACTUATION_TORQUE
from brickclass.simulator.firmware.integrator import PositionIntegrator, SpeedIntegrator
from brickclass.simulator.firmware.intmath import INT32_MAX, tdiv, to_low_res, wrap32
from brickclass.simulator.firmware.trajectory import DURATION_FOREVER_MS, Trajectory, TrajectoryCommand

# pbio_control_on_completion_t; pybricks' Stop values are the first five.
COAST: Final = 0
BRAKE: Final = 1
HOLD: Final = 2
CONTINUE: Final = 3  # Stop.NONE
COAST_SMART: Final = 4
BRAKE_SMART: Final = 5
ON_COMPLETION: Final = (COAST, BRAKE, HOLD, CONTINUE, COAST_SMART, BRAKE_SMART)

# pbio_control_type_t
TYPE_NONE: Final = 0
TYPE_TIMED: Final = 1
TYPE_POSITION: Final = 2
TYPE_MASK: Final = 3
FLAG_STOP_ON_STALL: Final = 1 << 2
FLAG_OBJECTIVE_IS_STALL: Final = 1 << 3

_FOREVER_TICKS = ms_to_ticks(DURATION_FOREVER_MS)


def is_passive_smart(on_completion: int) -> bool:
    return on_completion in (COAST_SMART, BRAKE_SMART)


def passive_actuation(on_completion: int) -> int:
    """The passive drive that ends a maneuver: coast or brake."""
    return ACTUATION_COAST if on_completion in (COAST, COAST_SMART) else ACTUATION_BRAKE


def _without_smart(on_completion: int) -> int:
    if on_completion == COAST_SMART:
        return COAST
    if on_completion == BRAKE_SMART:
        return BRAKE
    return on_completion


class Control:
    """pbio_control_t. ``update`` leaves its results in the ``out_*`` and ``ref_*`` fields."""

    __slots__ = ("type", "settings", "on_completion", "trajectory", "speed_integrator",
                 "position_integrator", "pid_average", "stalled", "complete",
                 "ref_position", "ref_speed", "ref_acceleration", "out_actuation", "out_torque",
                 "out_pause")

    def __init__(self, settings: ControlSettings) -> None:
        self.settings = settings
        self.type = TYPE_NONE
        self.on_completion = COAST
        self.trajectory = Trajectory()
        self.speed_integrator = SpeedIntegrator(settings)
        self.position_integrator = PositionIntegrator(settings)
        self.pid_average = 0
        self.stalled = False
        self.complete = True
        self.ref_position = 0
        self.ref_speed = 0
        self.ref_acceleration = 0
        self.out_actuation = ACTUATION_COAST
        self.out_torque = 0
        self.out_pause = False

    # --- status ----------------------------------------------------------------------

    def is_active(self) -> bool:
        return self.type & TYPE_MASK != TYPE_NONE

    def is_position(self) -> bool:
        return self.type & TYPE_MASK == TYPE_POSITION

    def is_timed(self) -> bool:
        return self.type & TYPE_MASK == TYPE_TIMED

    def is_done(self) -> bool:
        return self.type & TYPE_MASK == TYPE_NONE or self.complete

    def stall_duration(self, time_now: int) -> int | None:
        """Ticks since the controller stalled, or None if it is not stalled."""
        if not self.is_active() or not self.stalled:
            return None
        if self.is_position():
            return time_now - self.position_integrator.time_pause_begin
        return time_now - self.speed_integrator.time_pause_begin

    def ref_time(self, time_now: int) -> int:
        """Time on the trajectory: position maneuvers do not count time spent paused."""
        if self.type & TYPE_MASK == TYPE_POSITION:
            return self.position_integrator.ref_time(time_now)
        return time_now

    def reference(self, time_now: int, position: int) -> tuple[int, int, int]:
        """(position, speed, acceleration) to follow now, including a timed maneuver's lag."""
        ref_position, ref_speed, ref_acceleration = self.trajectory.reference(self.ref_time(time_now))
        if self.is_timed():
            error = ref_position - position
            ref_position += self.speed_integrator.error(error) - error
        return ref_position, ref_speed, ref_acceleration

    # --- the 5 ms update ----------------------------------------------------------------

    def update(self, time_now: int, position: int, speed: int, speed_estimate: int, external_pause: bool) -> None:
        """One control period. Results: out_actuation, out_torque, out_pause, ref_*.

        This runs for every controller every 5 ms, so the small helpers of
        the firmware (gains, signs, integrator flags) are written out here.
        """
        s = self.settings
        trajectory = self.trajectory
        integrator = self.position_integrator
        is_position = self.type & TYPE_MASK == TYPE_POSITION
        if is_position:
            ref_time = (time_now if integrator.trajectory_running else integrator.time_pause_begin) - \
                integrator.time_paused_total
        else:
            ref_time = time_now
        end_time = trajectory.start_time + trajectory.t3
        end_position = trajectory.start_position + trajectory.th3
        if ref_time >= end_time and trajectory.w3 == 0:
            # Standing at the end (holding, or done): the reference stays put.
            ref_position, ref_speed, ref_acceleration = end_position, 0, 0
        else:
            ref_position, ref_speed, ref_acceleration = trajectory.reference(ref_time)

        position_error = ref_position - position
        if is_position:
            target_error = end_position - position
            integral_error = integrator.update(position_error, target_error)
            position_error_used = position_error
        else:
            # A timed maneuver controls speed: its "position error" is the
            # integral of the speed error, which may be frozen (paused).
            speed_integrator = self.speed_integrator
            position_error_used = speed_integrator.integral_paused
            if speed_integrator.running:
                position_error_used += position_error - speed_integrator.position_error_resumed
            integral_error = 0
            target_error = INT32_MAX

        kp = s.pid_kp
        if position_error != 0 and abs(trajectory.wu) * 100 < s.pid_kp_low_speed_threshold:
            kp = self._kp(position_error, target_error)
        # Gains are µNm per degree (or deg/s, deg·s): products scaled by 1/1000.
        p = kp * position_error_used
        torque_p = p // 1000 if p >= 0 else -(-p // 1000)
        p = s.pid_kd * (ref_speed - speed_estimate)
        torque = torque_p + (p // 1000 if p >= 0 else -(-p // 1000))
        if integral_error:
            p = s.pid_ki * integral_error
            torque += p // 1000 if p >= 0 else -(-p // 1000)
        limit = s.actuation_max_temporary
        if torque > limit:
            torque = limit
        elif torque < -limit:
            torque = -limit

        # Anti-windup: at the torque limit (with a margin for one period of
        # motion), stop letting the error grow, unless going the other way
        # would get the motor unstuck.
        abs_speed = speed if speed >= 0 else -speed
        p = s.pid_kp * (abs_speed // 200 * 2)
        max_windup_torque = limit + p // 1000
        if (torque_p if torque_p >= 0 else -torque_p) >= max_windup_torque:
            wanted = ref_speed - (0 if abs_speed < s.stall_speed_limit else speed)
            if torque_p > 0:
                pause = wanted >= 0 and ref_acceleration >= 0
            elif torque_p < 0:
                pause = wanted <= 0 and ref_acceleration <= 0
            else:
                pause = wanted != 0 and ref_acceleration != 0
        else:
            pause = False
        if is_position:
            if pause or external_pause:
                if integrator.trajectory_running:
                    integrator.trajectory_running = False
                    integrator.time_pause_begin = time_now
            elif not integrator.trajectory_running:
                integrator.trajectory_running = True
                integrator.time_paused_total += time_now - integrator.time_pause_begin
            # Running and the integral not at its limit: certainly not stalled.
            integral = integrator.integral
            if integrator.trajectory_running and (s.pid_ki < 1 or (integral if integral >= 0 else -integral) <
                                                  s.actuation_max * 1000 // s.pid_ki):
                stalled = False
            else:
                stalled = integrator.stalled(time_now, speed, ref_speed)
        else:
            if pause or external_pause:
                speed_integrator.pause(time_now, position_error)
                stalled = speed_integrator.stalled(time_now, speed, ref_speed)
            else:
                if not speed_integrator.running:
                    speed_integrator.resume(position_error)
                # While integrating, it is not stalled.
                stalled = False
        self.stalled = stalled
        self.out_pause = pause

        # Done? (pbio_control_check_completion)
        control_type = self.type
        if control_type & FLAG_OBJECTIVE_IS_STALL:
            complete = stalled
        elif control_type & FLAG_STOP_ON_STALL and stalled:
            complete = True
        elif not is_position:
            # run() never blocks; run_time() is done when its time is up.
            complete = trajectory.t3 >= _FOREVER_TICKS or ref_time >= end_time
        elif ref_time < end_time:
            complete = False
        else:
            remaining = end_position - position
            end_speed = trajectory.w3
            if end_speed != 0:
                # Moving on (Stop.NONE): done once at or past the target.
                complete = (remaining > 0) != (end_speed > 0) or remaining == 0
            else:
                complete = (abs(speed) <= s.speed_tolerance and abs(remaining) <= s.position_tolerance)
        self.complete = complete

        # A slow average of the torque, for load().
        average = self.pid_average * 95 + torque * 5
        self.pid_average = average // 100 if average >= 0 else -(-average // 100)

        on_completion = self.on_completion
        if (not complete or on_completion in (HOLD, CONTINUE) or
                (on_completion >= COAST_SMART and ref_time < end_time + s.smart_passive_hold_time)):
            # Smart passive stops keep holding for a moment after completion,
            # so a next relative move can start from the exact target.
            self.out_actuation = ACTUATION_TORQUE
            self.out_torque = torque
        else:
            self.out_actuation = passive_actuation(on_completion)
            self.out_torque = 0
            self.stop()

        # A timed maneuver that ends in HOLD becomes a hold where it is.
        if complete and on_completion == HOLD and self.type & TYPE_MASK == TYPE_TIMED:
            self.start_hold(time_now, to_low_res(position, s.ctl_steps_per_app_step))

        self.ref_position = ref_position
        self.ref_speed = ref_speed
        self.ref_acceleration = ref_acceleration

    def _kp(self, position_error: int, target_error: int) -> int:
        """The proportional gain near the target of a slow command (pbio_control_get_pid_kp)."""
        s = self.settings
        kp = s.pid_kp
        position_error = abs(position_error)
        target_error = abs(target_error)
        kp_low = kp * s.pid_kp_low_pct // 100
        threshold = s.pid_kp_low_error_threshold
        # Feedback grows slowly for small errors, at the full rate above.
        if position_error <= threshold:
            kp_shaped = kp_low
        else:
            kp_shaped = kp - threshold * (kp - kp_low) // position_error
        # Close to the final target the full gain is used, so the motor always
        # gets there; far from it the low gain; blended in between.
        saturation_lower = tdiv(s.actuation_max * 1000, kp) if kp >= 1 else 0
        saturation_upper = saturation_lower * 100 // s.pid_kp_low_pct
        if target_error < saturation_lower or saturation_upper == saturation_lower:
            kp_target = kp
        elif target_error > saturation_upper:
            kp_target = kp_low
        else:
            # This product overflows 32 bits on the hub; it is reproduced as
            # the hub computes it, wrapped.
            blend = wrap32(wrap32(kp * (100 - s.pid_kp_low_pct)) * (saturation_upper - target_error))
            kp_target = kp_low + tdiv(tdiv(blend, saturation_upper - saturation_lower), 100)
        return max(kp_shaped, kp_target)

    # --- starting and stopping ---------------------------------------------------------

    def stop(self) -> None:
        """Stop updating (not reset): what coasting or braking does to the controller."""
        self.type = TYPE_NONE
        self.complete = True
        self.stalled = False
        self.pid_average = 0

    def reset(self) -> None:
        self.stop()
        self.on_completion = COAST

    def _set_type(self, time_now: int, control_type: int, on_completion: int) -> None:
        if control_type & TYPE_MASK == TYPE_NONE:
            self.stop()
            return
        self.on_completion = on_completion
        self.settings.actuation_max_temporary = self.settings.actuation_max
        self.complete = False
        if self.type == control_type:
            return
        self.stalled = False
        if control_type & TYPE_MASK == TYPE_POSITION:
            self.position_integrator.reset(self.settings, time_now)
        else:
            self.speed_integrator.reset(self.settings)
        self.type = control_type

    def _start_position(self, time_now: int, position: int, speed: int, target: int, target_speed: int,
                        on_completion: int, allow_shift: bool) -> None:
        s = self.settings
        command = TrajectoryCommand(
            position_end=target,
            speed_target=s.speed_default if target_speed == 0 else target_speed,
            speed_max=s.speed_max,
            acceleration=s.acceleration,
            deceleration=s.deceleration,
            continue_running=on_completion == CONTINUE,
        )
        if not self.is_active():
            command.time_start = time_now
            command.position_start = position
            command.speed_start = speed
            self.trajectory = Trajectory.for_angle(command)
        elif self.is_timed():
            # Branch off a timed maneuver's reference, lag included.
            command.time_start = self.ref_time(time_now)
            command.position_start, command.speed_start, _ = self.reference(time_now, position)
            self.trajectory = Trajectory.for_angle(command)
        else:
            # Branch off the running reference, so the motor does not slow down.
            ref_position, ref_speed, ref_acceleration = self.reference(time_now, position)
            command.time_start = self.ref_time(time_now)
            command.position_start = ref_position
            command.speed_start = ref_speed
            vertex = self.trajectory.last_vertex(command.time_start)
            trajectory = Trajectory.for_angle(command)
            # The firmware compares these as they are (deg/s² against mdeg/s²),
            # so in practice this only holds while neither one accelerates.
            if trajectory.a0 == ref_acceleration and allow_shift:
                # The new profile continues the current segment: start it where
                # that segment started, to avoid rounding drift in tight loops.
                command.time_start, command.position_start, command.speed_start = vertex
                trajectory = Trajectory.for_angle(command)
            self.trajectory = trajectory
        self._set_type(time_now, TYPE_POSITION, on_completion)

    def start_position(self, time_now: int, position: int, speed: int, target: int, target_speed: int,
                       on_completion: int) -> None:
        """Run to ``target`` (program units) at ``target_speed`` (program units, sign ignored)."""
        s = self.settings
        self._start_position(time_now, position, speed, target * s.ctl_steps_per_app_step,
                             s.app_to_ctl(target_speed), on_completion, True)

    def start_relative(self, time_now: int, position: int, speed: int, distance: int, target_speed: int,
                       on_completion: int, allow_shift: bool) -> None:
        """Run by ``distance`` (program units); a negative speed flips the direction."""
        s = self.settings
        increment = (-distance if target_speed < 0 else distance) * s.ctl_steps_per_app_step
        if self.is_active():
            start = self.reference(time_now, position)[0]
        else:
            _, previous_end, _ = self.trajectory.endpoint()
            # After a smart stop close to its target, count from that target, so
            # a sequence of run_angle() calls does not add up small errors.
            if (is_passive_smart(self.on_completion) and
                    abs(previous_end - position) < s.position_tolerance * 2):
                start = previous_end
            else:
                start = position
        self._start_position(time_now, position, speed, start + increment, s.app_to_ctl(target_speed),
                             on_completion, allow_shift)

    def start_hold(self, time_now: int, target: int) -> None:
        """Hold at ``target`` (program units) straight away, without a speed profile."""
        position = target * self.settings.ctl_steps_per_app_step
        self.trajectory = Trajectory.constant(TrajectoryCommand(
            time_start=self.ref_time(time_now), position_start=position, position_end=position))
        self._set_type(time_now, TYPE_POSITION, HOLD)

    def start_timed(self, time_now: int, position: int, speed: int, duration_ms: int, target_speed: int,
                    on_completion: int) -> None:
        """Run at ``target_speed`` (program units) for ``duration_ms``."""
        s = self.settings
        # Remembering the end point does nothing useful after a timed maneuver.
        on_completion = _without_smart(on_completion)
        command = TrajectoryCommand(
            time_start=time_now,
            duration=ms_to_ticks(duration_ms),
            speed_target=s.app_to_ctl(target_speed),
            speed_max=s.speed_max,
            acceleration=s.acceleration,
            deceleration=s.deceleration,
            continue_running=on_completion == CONTINUE,
        )
        if not self.is_active():
            command.position_start = position
            command.speed_start = speed
            self.trajectory = Trajectory.for_time(command)
        else:
            # Branch off the current reference (without a timed maneuver's lag:
            # the new timed maneuver keeps the same speed integrator).
            time_ref = self.ref_time(time_now)
            command.position_start, command.speed_start, ref_acceleration = self.trajectory.reference(time_ref)
            vertex = self.trajectory.last_vertex(command.time_start)
            trajectory = Trajectory.for_time(command)
            if self.is_timed() and trajectory.a0 == ref_acceleration:
                command.time_start, command.position_start, command.speed_start = vertex
                # Started in the past, so it lasts that much longer.
                command.duration += time_now - vertex[0]
                trajectory = Trajectory.for_time(command)
            self.trajectory = trajectory
        self._set_type(time_now, TYPE_TIMED, on_completion)
