"""A two-wheeled robot driven by the firmware's drive base.

The robot has ideal wheels that never slip (see ``TwoWheelRobot``), so where
it goes is exactly what the wheels did: any error is the firmware's.
"""

from __future__ import annotations

import pytest

from brickclass.simulator.firmware.control import COAST, CONTINUE, HOLD
from brickclass.simulator.firmware.drivebase import DriveBase
from brickclass.simulator.firmware.errors import ErrorCode, PbioError
from tests.firmware.workbench import Bench, TwoWheelRobot


class Rover:
    def __init__(self, bench: Bench, wheel_diameter_um: int = 56_000, axle_track_um: int = 112_000) -> None:
        self.bench = bench
        self.robot = TwoWheelRobot(bench.shaft)
        self.left = bench.process.servo(self.robot.left)
        self.left.setup(1, 1000, True, 0)  # mounted mirrored
        self.right = bench.process.servo(self.robot.right)
        self.right.setup(0, 1000, True, 0)
        self.base = DriveBase(self.left, self.right, wheel_diameter_um, axle_track_um)
        bench.process.add_drive_base(self.base)

    def finish(self, limit_ms: int = 10_000) -> int:
        return self.bench.run_until(self.base.is_done, limit_ms)


@pytest.fixture
def rover(bench) -> Rover:
    return Rover(bench)


class TestStraight:
    def test_straight_500_drives_half_a_metre(self, rover):
        rover.base.straight(500, HOLD)
        took = rover.finish()
        # 195 mm/s with 733 mm/s² ramps: about 2.83 s.
        assert 2800 <= took <= 3000
        rover.bench.run(500)
        assert rover.robot.distance_mm() == pytest.approx(500, abs=2)
        assert rover.robot.heading_deg() == pytest.approx(0, abs=0.5)
        assert rover.base.state_user() == (500, 0, 0, 0)

    def test_backwards(self, rover):
        rover.base.straight(-200, HOLD)
        rover.finish()
        rover.bench.run(500)
        assert rover.robot.distance_mm() == pytest.approx(-200, abs=2)

    def test_the_wrong_wheel_size_drives_the_wrong_distance(self, bench):
        rover = Rover(bench, wheel_diameter_um=62_000)
        rover.base.straight(500, HOLD)
        rover.finish()
        bench.run(500)
        # The wheels are really 56 mm.
        assert rover.robot.distance_mm() == pytest.approx(500 * 56 / 62, abs=3)
        assert rover.base.state_user()[0] == 500


class TestTurn:
    def test_turn_90_turns_a_quarter_clockwise(self, rover):
        rover.base.turn(90, False, HOLD)
        rover.bench.run(300)
        # Clockwise: the left wheel goes forward, the right one back.
        assert rover.left.state_user()[1] > 0
        assert rover.right.state_user()[1] < 0
        rover.finish()
        rover.bench.run(500)
        # The motors do not know the robot's inertia, so it runs on a little
        # past the target; with half the motors' gain and no integral control
        # a drive base then holds where it is (as on a hub).
        assert rover.robot.heading_deg() == pytest.approx(90, abs=2.5)
        assert rover.robot.distance_mm() == pytest.approx(0, abs=1)
        assert rover.base.state_user()[2] == pytest.approx(rover.robot.heading_deg(), abs=1)

    def test_negative_turns_go_counterclockwise(self, rover):
        rover.base.turn(-45, False, HOLD)
        rover.finish()
        rover.bench.run(500)
        assert rover.robot.heading_deg() == pytest.approx(-45, abs=2.5)

    def test_an_absolute_turn_takes_the_short_way(self, rover):
        rover.base.reset(0, 350)
        rover.base.turn(10, True, HOLD)
        # From 350 to 10 is 20 degrees clockwise, not 340 back.
        rover.finish()
        rover.bench.run(500)
        assert rover.robot.heading_deg() == pytest.approx(20, abs=2.5)
        assert rover.base.state_user()[2] == pytest.approx(370, abs=2.5)


class TestCurvesAndDriving:
    def test_arc_to_the_right_along_a_quarter_circle(self, rover):
        rover.base.arc_angle(200, 90, HOLD)
        rover.finish()
        rover.bench.run(500)
        # A quarter of a 200 mm circle: 314 mm of arc, facing right.
        assert rover.robot.distance_mm() == pytest.approx(314, abs=3)
        assert rover.robot.heading_deg() == pytest.approx(90, abs=2.5)

    def test_arc_by_distance_to_the_left(self, rover):
        rover.base.arc_distance(-200, 314, HOLD)
        rover.finish()
        rover.bench.run(500)
        assert rover.robot.heading_deg() == pytest.approx(-90, abs=2.5)

    def test_drive_reaches_the_speed_and_turn_rate_asked(self, rover):
        rover.base.drive_forever(200, 25)
        rover.bench.run(1000)
        _, speed, _, turn_rate = rover.base.state_user()
        assert speed == pytest.approx(200, abs=10)
        assert turn_rate == pytest.approx(25, abs=5)
        # Turning right while driving forward: the left wheel is the faster one.
        assert rover.left.state_user()[1] > rover.right.state_user()[1] > 0

    def test_stop_none_keeps_driving_into_the_next_move(self, rover):
        rover.base.straight(200, CONTINUE)
        rover.finish()
        assert rover.base.state_user()[1] == pytest.approx(195, abs=10)


class TestStoppingAndSharing:
    def test_reset_stops_the_robot_and_sets_the_readings(self, rover):
        rover.base.drive_forever(200, 0)
        rover.bench.run(500)
        rover.base.reset(1000, 360)
        assert not rover.base.control_is_active()
        # 999: scaling down, the hub truncates the whole wheel rotations
        # (pbio_angle_to_low_res), which 2046 mdeg per mm do not divide.
        assert rover.base.state_user()[0] == pytest.approx(1000, abs=1)
        assert rover.base.state_user()[2] == 360

    def test_a_motor_command_stops_the_drive_base(self, rover):
        rover.base.drive_forever(200, 0)
        rover.bench.run(300)
        rover.left.run_forever(100)
        assert not rover.base.control_is_active()
        # The other wheel is let go.
        assert rover.right.dcmotor.actuation_now == 0

    def test_the_drive_base_takes_its_motors_back(self, rover):
        rover.left.run_forever(100)
        rover.bench.run(100)
        rover.base.straight(100, HOLD)
        assert not rover.left.control.is_active()
        rover.finish()

    def test_a_second_drive_base_with_the_same_motors_is_refused(self, rover):
        with pytest.raises(PbioError) as error:
            DriveBase(rover.left, rover.right, 56_000, 112_000)
        assert error.value.code is ErrorCode.BUSY

    def test_one_motor_cannot_be_both_wheels(self, bench):
        servo, _ = bench.servo()
        with pytest.raises(PbioError) as error:
            DriveBase(servo, servo, 56_000, 112_000)
        assert error.value.code is ErrorCode.INVALID_ARG

    def test_a_blocked_robot_stalls(self, rover):
        rover.base.straight(500, COAST)
        rover.bench.run(300)
        # Hold both wheels still, as a wall would.
        for _ in range(200):
            rover.bench.process.tick(rover.bench.time_us)
            for shaft in (rover.robot.left, rover.robot.right):
                shaft.speed = 0.0
            rover.bench.time_us += 5000
            rover.bench.process.clock.now_us = rover.bench.time_us
        assert rover.base.is_stalled()[0]


class FakeGyro:
    def __init__(self) -> None:
        self.angle = 0.0

    def heading(self) -> float:
        return self.angle

    def heading_rate(self) -> float:
        return 0.0

    def set_heading(self, angle: float) -> None:
        self.angle = angle


def test_with_the_gyro_the_heading_comes_from_the_gyro(rover):
    gyro = FakeGyro()
    rover.base.gyro = gyro
    rover.base.set_use_gyro(True)
    rover.base.reset(0, 30)
    assert gyro.angle == 30
    assert rover.base.state_user()[2] == 30
    gyro.angle = 42.4
    assert rover.base.angle_user() == pytest.approx(42.4, abs=0.01)
    assert not rover.base.any_uses_gyro()
    rover.base.turn(0, True, HOLD)
    assert rover.base.any_uses_gyro()
