"""Speed profiles: how the firmware plans every maneuver before the motor moves.

Units as in the firmware: time in 100 µs ticks, angles in millidegrees,
speeds in mdeg/s, accelerations in mdeg/s².
"""

from __future__ import annotations

import pytest

from brickclass.simulator.firmware.errors import ErrorCode, PbioError
from brickclass.simulator.firmware.trajectory import Trajectory, TrajectoryCommand

SPIKE = {"speed_max": 1_000_000, "acceleration": 2_000_000, "deceleration": 2_000_000}
MS = 10  # ticks per millisecond


def run_angle(angle_deg: float, speed_dps: float, **extra: int) -> Trajectory:
    return Trajectory.for_angle(TrajectoryCommand(
        position_end=int(angle_deg * 1000), speed_target=int(speed_dps * 1000), **{**SPIKE, **extra}))


class TestTrapezoid:
    """run_angle(500, 360): speed up, cruise at 500 deg/s, slow down, stop at 360."""

    def test_it_reaches_full_speed_after_a_quarter_second(self):
        trajectory = run_angle(360, 500)
        # 500 deg/s at 2000 deg/s² takes 0.25 s and 62.5 degrees.
        assert trajectory.reference(250 * MS) == (62_500, 500_000, 0)
        position, speed, acceleration = trajectory.reference(100 * MS)
        assert (position, speed, acceleration) == (10_000, 200_000, 2_000_000)

    def test_it_cruises_and_stops_exactly_on_target_when_time_is_up(self):
        trajectory = run_angle(360, 500)
        # 0.25 s up, (360 - 2 * 62.5) / 500 = 0.47 s cruising, 0.25 s down.
        assert trajectory.duration() == 970 * MS
        assert trajectory.reference(500 * MS) == (187_500, 500_000, 0)
        assert trajectory.reference(970 * MS) == (360_000, 0, 0)
        # And it stays there.
        assert trajectory.reference(5000 * MS) == (360_000, 0, 0)

    def test_speed_never_exceeds_what_was_asked(self):
        trajectory = run_angle(360, 500)
        speeds = [trajectory.reference(t)[1] for t in range(0, 10_000, 50)]
        assert max(speeds) == 500_000
        assert min(speeds) == 0

    def test_backwards_is_the_mirror_image(self):
        forward = run_angle(360, 500)
        backward = run_angle(-360, 500)
        for t in range(0, 10_000, 250):
            position, speed, acceleration = forward.reference(t)
            assert backward.reference(t) == (-position, -speed, -acceleration)

    def test_the_speed_is_capped_at_the_motors_maximum(self):
        trajectory = run_angle(3600, 5000)
        assert max(trajectory.reference(t)[1] for t in range(0, 50_000, 100)) == 1_000_000


class TestTriangle:
    """A move too short to reach cruising speed."""

    def test_it_turns_around_halfway_below_the_requested_speed(self):
        trajectory = run_angle(36, 500)
        # Half of 36 degrees at 2000 deg/s²: peak speed sqrt(2000 * 36) ≈ 268 deg/s.
        peak = max(trajectory.reference(t)[1] for t in range(0, 3000))
        assert 265_000 <= peak <= 270_000
        assert trajectory.duration() == pytest.approx(2 * 268.3 / 2000 * 10_000, abs=5)
        assert trajectory.reference(trajectory.duration()) == (36_000, 0, 0)


class TestTimed:
    def test_run_time_lasts_exactly_the_time_given(self):
        trajectory = Trajectory.for_time(TrajectoryCommand(duration=1000 * MS, speed_target=500_000, **SPIKE))
        assert trajectory.duration() == 1000 * MS
        assert trajectory.reference(500 * MS)[1] == 500_000
        end = trajectory.reference(1000 * MS)
        assert end[1] == 0
        # Area under the profile: 0.5 s at full speed plus two ramps of 62.5 degrees.
        assert end[0] == 375_000

    def test_a_short_run_time_never_reaches_full_speed(self):
        trajectory = Trajectory.for_time(TrajectoryCommand(duration=200 * MS, speed_target=500_000, **SPIKE))
        assert max(trajectory.reference(t)[1] for t in range(0, 2001, 10)) == 200_000
        assert trajectory.reference(200 * MS)[1] == 0

    def test_zero_time_is_a_standstill(self):
        trajectory = Trajectory.for_time(TrajectoryCommand(duration=0, speed_target=500_000, **SPIKE))
        assert trajectory.reference(0) == (0, 0, 0)

    def test_run_keeps_going_after_the_last_vertex(self):
        trajectory = Trajectory.for_time(TrajectoryCommand(
            duration=5 * 60 * 1000 * MS, speed_target=-300_000, continue_running=True, **SPIKE))
        # Ten minutes later, still -300 deg/s: 22.5 degrees speeding up (0.15 s),
        # then 599.85 s at full speed.
        position, speed, _ = trajectory.reference(600_000 * MS)
        assert speed == -300_000
        assert position == -(22_500 + 300 * 599_850)


class TestContinuation:
    """A new command while moving starts from where the reference is, at its speed."""

    def test_a_new_target_mid_way_continues_without_a_jump(self):
        first = run_angle(360, 500)
        position, speed, _ = first.reference(400 * MS)
        second = Trajectory.for_angle(TrajectoryCommand(
            time_start=400 * MS, position_start=position, position_end=720_000, speed_start=speed,
            speed_target=500_000, **SPIKE))
        assert second.reference(400 * MS)[:2] == (position, speed)
        # It cruises on at 500 deg/s instead of slowing down first.
        assert second.reference(600 * MS)[1] == 500_000
        assert second.reference(second.endpoint()[0]) == (720_000, 0, 0)

    def test_a_motor_too_fast_to_stop_in_time_gets_a_reference_that_can(self):
        trajectory = Trajectory.for_angle(TrajectoryCommand(
            position_end=10_000, speed_start=500_000, speed_target=500_000, **SPIKE))
        # From 200 deg/s, 2000 deg/s² stops in exactly 10 degrees.
        assert trajectory.reference(0)[1] == 200_000
        positions = [trajectory.reference(t)[0] for t in range(0, trajectory.duration() + 1, 10)]
        assert max(positions) == positions[-1] == 10_000

    def test_stop_none_ends_at_the_target_still_at_speed(self):
        trajectory = run_angle(360, 500, continue_running=True)
        end_time, end_position, end_speed = trajectory.endpoint()
        assert (end_position, end_speed) == (360_000, 500_000)
        assert trajectory.reference(end_time + 1000 * MS) == (860_000, 500_000, 0)


class TestStretch:
    def test_the_shorter_maneuver_is_slowed_to_end_with_the_longer_one(self):
        long = run_angle(720, 500)
        short = run_angle(90, 500)
        short.stretch(long)
        assert short.duration() == long.duration()
        assert short.reference(short.duration())[0] == pytest.approx(90_000, abs=50)
        assert max(short.reference(t)[1] for t in range(0, short.duration(), 10)) < 200_000


def test_a_maneuver_of_millions_of_degrees_is_refused():
    with pytest.raises(PbioError) as error:
        run_angle(2_000_000, 500)
    assert error.value.code is ErrorCode.INVALID_ARG
