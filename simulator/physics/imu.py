"""The hub's motion sensor, following the robot's body.

A hub lying flat in the robot measures rotation about its vertical axis and
the body's acceleration. The heading is what the firmware integrates from
the gyro: 0 at program start, clockwise positive, and it keeps counting past
360 (a robot that turned twice reads 720).

The sensor itself is perfect: its uncalibrated readings are the body's true
motion (a run with noise adds a slow drift to the heading and rotation). The
calibrated readings are what the firmware makes of them with the hub's IMU
settings (lib/pbio/src/imu.c), which are the identity until a program
changes them:

- angular velocity x 360 / angular_velocity_scale (per axis); the heading,
  the single-axis rotations and the orientation integrate this;
- acceleration corrected by the six gravity values of acceleration_correction;
- heading() scaled by 360 / heading_correction once a program has set it.

Stationary detection follows the firmware's IMU driver
(lib/pbio/drv/imu/imu_lsm6ds3tr_c_stm32.c) sample by sample at its 833 Hz:
each raw sample is compared with a reference (a 125-sample average taken
when the last comparison failed); 833 samples in a row within the thresholds
make the hub stationary, and it stays so until a sample is out of bounds.
A rolling robot shakes its hub, so it never looks still to the driver; one
that has just come to rest is stationary 1.0-1.3 s later. The IMU is
"ready" once such a full second was seen while every motor coasted, for ten
minutes after the last one (pbio_imu_is_ready). The hub is taken to have
lain still before the program started: stationary and ready at once.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any, Final

from brickclass.simulator.hub.hubfacts import float_to_c_int
from brickclass.simulator.hub.hubfacts import to_float32 as _f32

# The hub's single-precision arithmetic, as its argument parsing has it.
from brickclass.simulator.physics import angles

STANDARD_GRAVITY_MM_S2: Final = 9806.65


# One step of the raw readings: 70 mdeg/s at ±2000 deg/s, 0.244 mg at ±8 g
# (the driver's gyro_scale and accel_scale, single precision).
GYRO_LSB_DPS: Final = _f32(_f32(70.0) / 1000.0)
ACCEL_LSB_MM_S2 = _f32(_f32(0.244) * _f32(9.81))
# The driver's sample rate, its slow average and the run of samples that counts as stationary.
SAMPLE_RATE_HZ: Final = 833
SLOW_AVERAGE_SAMPLES: Final = 125
STATIONARY_SAMPLES: Final = 833
# ready() stays true this long after the last stationary second (ms).
READY_FOR_MS: Final = 10 * 60 * 1000
_INT16_MAX: Final = 32767
# A rolling robot shakes its hub: wheels, caster and gears make the raw
# samples jump around what the body does on average. Only the stationary
# detection sees this (the readings a program gets are the smooth motion).
# Per mm/s of rolling (the body's speed plus its spin at 50 mm out):
SHAKE_MM_S2_PER_MM_S: Final = 100.0
SHAKE_DPS_PER_MM_S: Final = 0.5
_SPIN_REACH_MM: Final = 50.0


def raw_threshold(value: float, lsb: float) -> int:
    """A threshold in deg/s or mm/s² in raw units, as pbio_imu_apply_pbdrv_settings sets it."""
    steps = float_to_c_int(_f32(value / lsb))
    return max(1, min(_INT16_MAX, steps))


def _raw(value: float, lsb: float) -> int:
    steps = round(value / lsb)
    return max(-_INT16_MAX - 1, min(_INT16_MAX, steps))


def _wrap180(degrees: float) -> float:
    return (degrees + 180.0) % 360.0 - 180.0


def _always() -> bool:
    return True


class Imu:
    __slots__ = ("_start_angle", "_angle", "_spin_dps", "_accel", "_last_velocity", "_rng", "_drift_dps",
                 "_drift_deg", "_rotation_z", "_rotation_before", "_scale_angle", "_z_factor", "_scales",
                 "_accel_fix", "_heading_factor", "_heading_offset", "_rotations_removed", "_heading_follows",
                 "_raw_heading", "_gyro_limit", "_accel_limit", "_samples_done", "_slow_sum", "_slow_count",
                 "_slow", "_reference", "_still_count", "_stationary_now", "_ready_count", "_ready_ms", "_rolling",
                 "coasting", "_heading_memo", "_z_rate_memo")

    def __init__(self, body_angle_rad: float, *, noise: bool = False, seed: int = 0) -> None:
        self._start_angle = body_angle_rad
        self._angle = body_angle_rad
        self._spin_dps = 0.0
        self._accel = (0.0, 0.0)
        self._last_velocity: tuple[float, float] | None = None
        self._rolling = 0.0
        self._rng = random.Random(seed ^ 0x1A2B)
        # A real gyro drifts a little; off unless the run asks for noise.
        self._drift_dps = self._rng.uniform(-0.02, 0.02) if noise else 0.0
        self._drift_deg = 0.0
        # Counterclockwise rotation integrated from the calibrated rate (deg):
        # what it was when the z scale last changed, plus the turn since then.
        self._rotation_z = 0.0
        self._rotation_before = 0.0
        self._scale_angle = body_angle_rad
        self._z_factor = 1.0
        self._scales = (360.0, 360.0, 360.0)
        self._accel_fix: tuple[tuple[float, float], ...] | None = None
        # heading() = raw heading x factor + offset; the raw heading is the
        # firmware's full turns x 360 + projection, its turns counted from the
        # last reset (pbio_imu_set_heading).
        self._heading_factor = 1.0
        self._heading_offset = 0.0
        self._rotations_removed = 0
        self._heading_follows = True
        self._raw_heading = 0.0
        # heading() as last worked out (rounding it costs): None once anything it reads changed.
        self._heading_memo: float | None = None
        # z_rate() as last worked out (a drive base steering with the gyro asks several times a tick).
        self._z_rate_memo: float | None = None
        # Whether every motor coasts (pbio_dcmotor_all_coasting); the world sets this.
        self.coasting: Callable[[], bool] = _always
        # The driver's stationary detection, in raw units.
        self._gyro_limit = raw_threshold(2.0, GYRO_LSB_DPS)
        self._accel_limit = raw_threshold(2500.0, ACCEL_LSB_MM_S2)
        self._samples_done = 0
        rest = list(self._sample())
        self._slow_sum = [0, 0, 0]
        self._slow_count = 0
        self._slow = rest
        self._reference = rest
        self._still_count = 0
        # Lying still before the program: stationary, and calibrated just now.
        self._stationary_now = True
        self._ready_count = 1
        self._ready_ms = 0

    # --- the world's side ------------------------------------------------------------

    def follow(self, body: Any, now_us: int, dt: float) -> None:
        """Update from the chassis after a physics step (a ``BodyState``; its angle is counterclockwise)."""
        self._heading_memo = None
        angle = body.angle
        self._angle = angle
        spin = body.angular_velocity
        self._spin_dps = angles.degrees(spin)
        self._z_rate_memo = None
        self._rotation_z = self._rotation_before + angles.degrees(angle - self._scale_angle) * self._z_factor
        self._drift_deg = self._drift_dps * now_us / 1e6
        if self._heading_follows:
            self._raw_heading = -self._rotation_z + self._drift_deg
        vx, vy = body.velocity
        if self._last_velocity is not None and dt > 0:
            ax = (vx - self._last_velocity[0]) / dt
            ay = (vy - self._last_velocity[1]) / dt
            cos_a, sin_a = math.cos(angle), math.sin(angle)
            # Into the hub's frame: x forward, y left.
            self._accel = (ax * cos_a + ay * sin_a, -ax * sin_a + ay * cos_a)
        self._last_velocity = (vx, vy)
        self._rolling = math.hypot(vx, vy) + abs(spin) * _SPIN_REACH_MM
        self._take_samples(now_us)

    def rest(self, now_us: int) -> None:
        """A step of time for a hub that does not move (no robot body)."""
        self._take_samples(now_us)

    def configure(self, settings: dict[str, Any], heading_correction_set: bool, *, thresholds: bool = True) -> None:
        """Take the hub's IMU settings (a dict as brickclass.simulator.devices.hub keeps them).

        The calibration values are used as they are; the stationary
        thresholds reach the sensor's driver only with ``thresholds``.
        """
        self._heading_memo = None
        if thresholds:
            self._gyro_limit = raw_threshold(float(settings["angular_velocity_threshold"]), GYRO_LSB_DPS)
            self._accel_limit = raw_threshold(float(settings["acceleration_threshold"]), ACCEL_LSB_MM_S2)
        x_scale, y_scale, z_scale = (float(s) for s in settings["angular_velocity_scale"])
        scales = (x_scale, y_scale, z_scale)
        if scales[2] != self._scales[2]:
            # The rotation so far stays; from here on the rate is scaled anew.
            self._rotation_before = self._rotation_z
            self._scale_angle = self._angle
            self._z_factor = 360.0 / scales[2]
            self._z_rate_memo = None
        self._scales = scales
        gravity = [float(g) for g in settings["acceleration_correction"]]
        if gravity == [STANDARD_GRAVITY_MM_S2, -STANDARD_GRAVITY_MM_S2] * 3:
            self._accel_fix = None
        else:
            # Per axis: offset (pos + neg) / 2, scale (pos - neg) / 2.
            self._accel_fix = tuple(((gravity[2 * i] + gravity[2 * i + 1]) / 2,
                                     STANDARD_GRAVITY_MM_S2 / ((gravity[2 * i] - gravity[2 * i + 1]) / 2))
                                    for i in range(3))
        correction = float(settings["heading_correction"])
        self._heading_factor = _f32(360.0 / correction) if heading_correction_set else 1.0

    def set_base(self, x_in_hub: list[float]) -> None:
        """A hub object was made: the program's forward axis, in the hub's frame.

        The heading is where that axis points, projected on the table; an axis
        straight up or down has no such direction and the heading stands
        still. Making the hub object sets the heading to 0
        (pbio_imu_set_base_orientation).
        """
        self._heading_memo = None
        self._heading_follows = bool(x_in_hub[0] or x_in_hub[1])
        if self._heading_follows:
            self._raw_heading = -self._rotation_z + self._drift_deg
        self.reset_heading(0.0)

    # --- the stationary detection ----------------------------------------------------

    def _sample(self, now_us: int = 0) -> tuple[int, int, int]:
        """A raw sample of what can change: gyro z, acceleration x and y, in the sensor's steps.

        (A hub lying flat reads 0 on the gyro's x and y and gravity on z, so
        those never leave the reference.) The shake of a rolling robot goes
        one way in one 5 ms step, the other way in the next.
        """
        ax, ay = self._accel
        spin = self._spin_dps
        rolling = self._rolling
        if rolling:
            if now_us // 5000 % 2:
                ax += SHAKE_MM_S2_PER_MM_S * rolling
                spin += SHAKE_DPS_PER_MM_S * rolling
            else:
                ax -= SHAKE_MM_S2_PER_MM_S * rolling
                spin -= SHAKE_DPS_PER_MM_S * rolling
        return (_raw(spin, GYRO_LSB_DPS), _raw(ax, ACCEL_LSB_MM_S2), _raw(ay, ACCEL_LSB_MM_S2))

    def _take_samples(self, now_us: int) -> None:
        """The driver's work for every sample due by ``now_us`` (they all see this step's motion)."""
        due = now_us * SAMPLE_RATE_HZ // 1_000_000
        count = due - self._samples_done
        if count <= 0:
            return
        self._samples_done = due
        data = self._sample(now_us)
        g, x, y = data
        while count > 0:
            to_average = SLOW_AVERAGE_SAMPLES - self._slow_count
            sums = self._slow_sum
            if count < to_average:
                sums[0] += g * count
                sums[1] += x * count
                sums[2] += y * count
                self._slow_count += count
                self._compare(data, count, now_us)
                return
            sums[0] += g * to_average
            sums[1] += x * to_average
            sums[2] += y * to_average
            # The last of these samples completes the slow average (C division:
            # towards zero) and is compared after it; the others before it.
            self._compare(data, to_average - 1, now_us)
            self._slow = [int(total / SLOW_AVERAGE_SAMPLES) for total in sums]
            self._slow_sum = [0, 0, 0]
            self._slow_count = 0
            self._compare(data, 1, now_us)
            count -= to_average

    def _within(self, data: tuple[int, int, int]) -> bool:
        reference = self._reference
        accel = self._accel_limit
        return (abs(data[0] - reference[0]) < self._gyro_limit and abs(data[1] - reference[1]) < accel and
                abs(data[2] - reference[2]) < accel)

    def _compare(self, data: tuple[int, int, int], samples: int, now_us: int) -> None:
        """``samples`` samples of the same ``data`` compared with the reference."""
        if samples <= 0:
            return
        if not self._within(data):
            # Moving: start over, compared from now on with the slow average.
            self._stationary_now = False
            self._reference = self._slow
            self._still_count = 0
            samples -= 1
            if samples == 0 or not self._within(data):
                return
        total = self._still_count + samples
        if total >= STATIONARY_SAMPLES:
            self._stationary_now = True
            self._stationary_second(now_us // 1000)
            total -= STATIONARY_SAMPLES
        self._still_count = total

    def _stationary_second(self, now_ms: int) -> None:
        # pbio_imu_handle_stationary_data_func: counts only while every motor coasts.
        if not self.coasting():
            return
        if not self.ready(now_ms * 1000):
            self._ready_count = 0
        self._ready_ms = now_ms
        self._ready_count += 1

    # --- what the hub reads ----------------------------------------------------------

    def _heading_now(self) -> float:
        return (self._raw_heading - 360.0 * self._rotations_removed) * self._heading_factor + self._heading_offset

    def heading(self) -> float:
        memo = self._heading_memo
        if memo is None:
            memo = self._heading_memo = round(self._heading_now(), 3)
        return memo

    def reset_heading(self, angle: float) -> None:
        self._heading_memo = None
        # The firmware forgets its count of full turns, keeping the projection.
        raw = self._raw_heading
        self._rotations_removed = round((raw - _wrap180(raw)) / 360.0)
        self._heading_offset = 0.0
        self._heading_offset = angle - self._heading_now()

    def z_rate(self) -> float:
        """The calibrated rate about the vertical axis (deg/s, counterclockwise): angular_velocity()[2]."""
        memo = self._z_rate_memo
        if memo is None:
            memo = self._z_rate_memo = round(self._spin_dps * self._z_factor, 3)
        return memo

    def angular_velocity(self, calibrated: bool = True) -> list[float]:
        if calibrated:
            return [0.0, 0.0, self.z_rate()]
        return [0.0, 0.0, round(self._spin_dps, 3)]

    def acceleration(self, calibrated: bool = True) -> list[float]:
        raw = [self._accel[0], self._accel[1], STANDARD_GRAVITY_MM_S2]
        fix = self._accel_fix
        if not calibrated or fix is None:
            return [round(raw[0], 1), round(raw[1], 1), raw[2]]
        return [round((value - offset) * factor, 2) for value, (offset, factor) in zip(raw, fix)]

    def _rotation_ccw(self) -> float:
        return self._rotation_z - self._drift_deg

    def rotation(self, calibrated: bool = True) -> list[float]:
        z = self._rotation_ccw()
        if not calibrated:
            # Undone with today's scale (pbio_imu_get_single_axis_rotation).
            z *= self._scales[2] / 360.0
        return [0.0, 0.0, round(z, 3)]

    def orientation(self) -> list[list[float]]:
        # The hub's attitude from the calibrated gyro: not moved by
        # reset_heading() or the heading correction. (+ 0.0: no negative zeros.)
        yaw = angles.radians(self._rotation_ccw())
        c, s = math.cos(yaw) + 0.0, math.sin(yaw) + 0.0
        return [[c, -s + 0.0, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]]

    def stationary(self) -> bool:
        # pbio_imu_is_stationary: the driver's verdict, and every motor coasting.
        return self._stationary_now and self.coasting()

    def ready(self, now_us: int) -> bool:
        return self._ready_count > 0 and now_us // 1000 - self._ready_ms < READY_FOR_MS
