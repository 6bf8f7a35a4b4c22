"""The motor's state estimate: a model of the motor run alongside the real one.

A port of pbio's observer.c. Every 5 ms the model advances with the voltage
the motor got, plus a correction voltage that pulls the model towards the
measured angle. A big correction against the drive means something the model
does not know about is holding the motor back: that is how a motor driven
with ``dc()`` knows it is stalled, and what ``load()`` reports when no
controller runs.
"""

from __future__ import annotations

from brickclass.simulator.firmware.dcmotor import ACTUATION_VOLTAGE
from brickclass.simulator.firmware.differentiator import DEFAULT_WINDOW, HISTORY, LOOP_TIME_MS, Differentiator
from brickclass.simulator.firmware.settings import (
    MAX_NUM_CURRENT,
    MAX_NUM_SPEED,
    MAX_NUM_VOLTAGE,
    PRESCALE_CURRENT,
    PRESCALE_SPEED,
    PRESCALE_TORQUE,
    PRESCALE_VOLTAGE,
    ObserverModel,
    ObserverSettings,
)


class Observer:
    __slots__ = ("model", "settings", "angle", "speed", "current", "differentiator",
                 "speed_numeric", "stalled", "stall_start", "_divisors")

    def __init__(self, model: ObserverModel, settings: ObserverSettings, angle: int) -> None:
        self.model = model
        self.settings = settings
        self.angle = angle  # mdeg
        self.speed = 0  # mdeg/s
        self.current = 0  # 0.1 mA
        self.differentiator = Differentiator(angle)
        self.speed_numeric = 0  # mdeg/s, from the encoder alone
        self.stalled = False
        self.stall_start = 0
        m = model
        # The model's 12 divisors, in the order the update uses them.
        self._divisors = (m.d_angle_d_speed, m.d_angle_d_current, m.d_angle_d_voltage, m.d_angle_d_torque,
                          m.d_speed_d_speed, m.d_speed_d_current, m.d_speed_d_voltage, m.d_speed_d_torque,
                          m.d_current_d_speed, m.d_current_d_current, m.d_current_d_voltage, m.d_current_d_torque)

    def reset(self, angle: int) -> None:
        self.angle = angle
        self.speed = 0
        self.current = 0
        self.stalled = False
        self.differentiator.reset(angle)

    def feedback_voltage(self, angle: int) -> int:
        """Correction (mV) that pulls the model towards the measured ``angle``."""
        error = angle - self.angle
        s = self.settings
        size = error if error >= 0 else -error
        if size <= s.feedback_gain_threshold:
            volts = size * s.feedback_gain_low // 1000
        else:
            # Beyond the threshold the model is pulled harder.
            volts = (s.feedback_gain_threshold * s.feedback_gain_low +
                     (size - s.feedback_gain_threshold) * s.feedback_gain_high) // 1000
        if volts > MAX_NUM_VOLTAGE:
            volts = MAX_NUM_VOLTAGE
        return volts if error >= 0 else -volts

    def update(self, time: int, angle: int, actuation: int, voltage: int) -> None:
        """Advance the model one period, given the measured angle and the applied drive."""
        # The encoder's speed over the last 100 ms (Differentiator.update, written out).
        history = self.differentiator
        angles = history.angles
        index = history.index + 1
        if index > HISTORY:
            index = 0
        history.index = index
        angles[index] = angle
        moved = (angle - angles[index - DEFAULT_WINDOW]) * (1000 // LOOP_TIME_MS)
        self.speed_numeric = moved // DEFAULT_WINDOW if moved >= 0 else -(-moved // DEFAULT_WINDOW)
        speed = self.speed
        error = angle - self.angle
        if speed == 0 and voltage == 0 and error == 0 and self.current == 0:
            # At rest and undriven: every term of the model is zero.
            self.stalled = False
            return
        # The correction voltage (feedback_voltage), written out: it runs every 5 ms.
        s = self.settings
        size = error if error >= 0 else -error
        if size <= s.feedback_gain_threshold:
            feedback = size * s.feedback_gain_low // 1000
        else:
            feedback = (s.feedback_gain_threshold * s.feedback_gain_low +
                        (size - s.feedback_gain_threshold) * s.feedback_gain_high) // 1000
        if feedback > MAX_NUM_VOLTAGE:
            feedback = MAX_NUM_VOLTAGE
        if error < 0:
            feedback = -feedback
        if actuation != ACTUATION_VOLTAGE:
            # Only a voltage drive is in the model; braking or coasting never "stalls".
            self.stalled = False
        else:
            # Stalled: slow, and the model runs ahead of the motor, pulled back by
            # a good share of the drive voltage, more than friction alone explains.
            if voltage >= 0:
                stuck = (speed < s.stall_speed_limit and feedback < 0 and
                         -feedback * 100 > voltage * s.feedback_voltage_stall_ratio and
                         voltage > s.feedback_voltage_negligible)
            else:
                stuck = (-speed < s.stall_speed_limit and feedback > 0 and
                         feedback * 100 > -voltage * s.feedback_voltage_stall_ratio and
                         -voltage > s.feedback_voltage_negligible)
            if stuck and not self.stalled:
                self.stall_start = time
            self.stalled = stuck

        model_voltage = voltage + feedback
        if model_voltage > MAX_NUM_VOLTAGE:
            model_voltage = MAX_NUM_VOLTAGE
        elif model_voltage < -MAX_NUM_VOLTAGE:
            model_voltage = -MAX_NUM_VOLTAGE

        # Coulomb friction, faded out linearly near zero speed to avoid chatter.
        torque_friction = self.model.torque_friction
        cutoff = s.coulomb_friction_speed_cutoff
        if speed > 0:
            friction = torque_friction if speed > cutoff else speed * torque_friction // cutoff
        elif speed < 0:
            friction = -torque_friction if -speed > cutoff else -(-speed * torque_friction // cutoff)
        else:
            friction = 0

        sp = PRESCALE_SPEED * speed
        c = PRESCALE_CURRENT * self.current
        v = PRESCALE_VOLTAGE * model_voltage
        t = PRESCALE_TORQUE * friction
        # x(k+1) = A x(k) + B u(k), each coefficient stored as a divisor. The
        # numerators stay far below 2**52, so a float quotient truncated by
        # int() is exactly C's integer division.
        a_s, a_c, a_v, a_t, s_s, s_c, s_v, s_t, c_s, c_c, c_v, c_t = self._divisors
        self.angle += int(sp / a_s) + int(c / a_c) + int(v / a_v) + int(t / a_t)
        speed_next = int(sp / s_s) + int(c / s_c) + int(v / s_v) + int(t / s_t)
        if speed_next > MAX_NUM_SPEED:
            speed_next = MAX_NUM_SPEED
        elif speed_next < -MAX_NUM_SPEED:
            speed_next = -MAX_NUM_SPEED
        current_next = int(sp / c_s) + int(c / c_c) + int(v / c_v) + int(t / c_t)
        if current_next > MAX_NUM_CURRENT:
            current_next = MAX_NUM_CURRENT
        elif current_next < -MAX_NUM_CURRENT:
            current_next = -MAX_NUM_CURRENT
        # Crossing zero speed: take the friction back out, or it would push
        # the model to and fro around zero.
        if (speed < 0) != (speed_next < 0):
            speed_next -= int(t / s_t)
        self.speed = speed_next
        self.current = current_next

    def is_stalled(self, time: int) -> tuple[bool, int]:
        """(stalled for longer than the stall time, for how long in ticks)."""
        if self.stalled and time - self.stall_start > self.settings.stall_time:
            return True, time - self.stall_start
        return False, 0

    def state(self) -> tuple[float, float, float, bool]:
        """motor.model.state(): angle (deg), speed (deg/s), current (mA), stalled."""
        return (self.angle / 1000.0, self.speed / 1000.0, self.current / 10.0, self.stalled)
